// A long-lived node: accepts peers, syncs with known peers periodically and soon after a local
// change, answers newcomers and (as a mailbox) registrations, and announces itself on the LAN
// when asked. `kring serve`, `kring relay setup` and `kring app` run one. Everything runs on
// the io_context it is given, by one thread: SQLite calls block it briefly, which is fine at a
// coach's scale.
#pragma once

#include <asio/awaitable.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/address.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/context.h"
#include "core/base/status.h"
#include "core/store/node.h"
#include "net/listener.h"
#include "net/sync_session.h"
#include "proto/mailbox.pb.h"
#include "proto/sync.pb.h"

namespace kring::cli {

struct ServeOptions {
  std::string listen = "0.0.0.0:7420";
  bool relay = false;
  bool announce = false;
  bool accept_only = false;  // answer colleagues who connect; never sync out by itself
  // kring relay setup: a group mailbox; prints its code instead of the `peer add` line.
  bool mailbox = false;
  // kring app: nothing on stdout (the app's first line is its own address).
  bool quiet_stdout = false;
  std::vector<std::string> addresses;  // --address, for the mailbox code
  int interval_seconds = 300;
  // Limits on what strangers can cost this node (see net/listener.h for how each is enforced).
  size_t max_connections = 128;  // established sync sessions at once; beyond it: "busy"
  size_t max_handshakes = 32;    // connections still in the handshake; the oldest is dropped
  int handshake_timeout_seconds = 10;
  int idle_timeout_seconds = 120;
};

// How one peer (or mailbox) fared in the last sync round, for the app's "Peers and sync" page.
struct PeerRoundOutcome {
  std::string address;
  std::string who;  // the member's name, "" when the key belongs to no member
  bool mailbox = false;
  bool ok = false;
  std::string error;               // in the coach's words, when !ok
  std::vector<std::string> moved;  // DescribeReport lines
  int64_t at_ms = 0;
};

class NodeServer {
 public:
  NodeServer(Node& node, ServeOptions options, asio::io_context& io);
  NodeServer(const NodeServer&) = delete;
  NodeServer& operator=(const NodeServer&) = delete;

  // Opens the listener and starts the loops; prints where the node listens and how colleagues
  // reach it (unless quiet_stdout).
  Status Start();
  // Stops accepting and ends every connection; the sync loop ends at its next step.
  void Stop();
  // Runs a sync round soon (the app's "sync now").
  void SyncSoon() { sync_soon_ = true; }
  bool round_running() const { return round_running_; }
  const std::vector<PeerRoundOutcome>& last_round() const { return last_round_; }
  int64_t last_round_at_ms() const { return last_round_at_ms_; }
  // What a colleague needs to reach this node (the lines `kring serve` prints).
  std::string HowToReachText() const;
  const std::string& listen_address() const { return listen_address_; }

 private:
  asio::awaitable<void> ServeSession(std::shared_ptr<SecureChannel> channel);
  pb::JoinResult AnswerJoin(const pb::JoinRequest& request, const std::string& key);
  pb::MailboxResult AnswerMailboxRegister(const pb::MailboxRegister& request,
                                          const std::string& key);
  MailboxNews News(const std::string& group_id, const std::string& key);
  pb::JoinDropResult AnswerJoinDrop(const pb::JoinDrop& drop, const std::string& key);
  asio::awaitable<void> SyncRound();
  asio::awaitable<void> SyncLoop();

  Node& node_;
  ServeOptions options_;
  asio::io_context& io_;
  std::shared_ptr<Listener> listener_;
  std::string token_;
  bool sync_soon_ = false;
  bool stopped_ = false;
  bool round_running_ = false;
  std::vector<PeerRoundOutcome> last_round_;
  int64_t last_round_at_ms_ = 0;
  std::string listen_address_;
};

// Case material never reaches a core file or a debugger attached by another user.
void DisableCoreDumps();
// Every connection costs a file descriptor: use all the kernel lets this process have.
void RaiseFileLimit();
// One line on stderr, for the log of a running node.
void LogLine(const std::string& line);

// The mailbox's code for admins, with what to do with it (kring relay setup / code).
Result<std::string> MailboxCodeText(Node& node, const std::vector<std::string>& given,
                                    const std::optional<std::string>& listened, bool serving,
                                    bool renew = false);

}  // namespace kring::cli
