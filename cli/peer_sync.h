// What `kring sync` and `kring serve` share: the peers the coach added, grouped by address,
// and one sync round with one of them, printed for the coach.
#pragma once

#include <asio/awaitable.hpp>
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "cli/context.h"
#include "core/base/status.h"
#include "core/groups/group_book.h"
#include "core/store/node.h"
#include "core/sync/discovery.h"
#include "net/secure_channel.h"
#include "net/sync_session.h"

namespace kring::cli {

// One address the coach added, with every group bound to it and the keys it may present.
struct KnownPeer {
  std::vector<int64_t> row_ids;
  std::string address;  // host:port
  std::string host;
  uint16_t port = 0;
  std::set<std::string> bound_groups;
  std::set<std::string> expected_keys;  // raw keys or compact fingerprints; empty = any key
  // A group's mailbox (core/groups/mailbox.h) rather than a peer the coach added: no row; its
  // other addresses are tried in turn, and the outcome goes to the reach book.
  bool mailbox = false;
  std::vector<std::string> other_addresses;
};

// "host:port" or "[v6]:port".
Result<std::pair<std::string, uint16_t>> ParseHostPort(std::string_view text);
// A --key argument: a fingerprint (stored compact, upper case) or a 64-character hex key.
Result<std::string> ParsePeerKey(std::string_view text);
// Whether `key` (raw, 32 bytes) is what was stored with a peer (raw key or fingerprint).
bool PeerKeyMatches(std::string_view stored, std::string_view key);

Result<std::vector<KnownPeer>> LoadKnownPeers(Node& node);
// The mailboxes of this node's groups (where it can read their addresses), one per mailbox key
// with every group it keeps for us bound to it.
std::vector<KnownPeer> MailboxPeers(GroupBook& book);
// Adds the mailboxes to `peers`: a peer the coach (or `kring join`) added with a mailbox's key
// becomes that mailbox, instead of a second session with the same node.
void AddMailboxPeers(std::vector<KnownPeer>& peers, GroupBook& book);
// Groups bound to peers whose stored key is `key` (for the server side of a session).
std::set<std::string> GroupsBoundToKey(const std::vector<KnownPeer>& peers, std::string_view key);

// Where colleagues reach this node, for an invitation or mailbox code: `given` (--address) as
// typed, else where `kring serve` listens (`listened`, "host:port"; a wildcard address becomes
// this machine's IPv4 addresses). A loopback address gets a note on stderr. kUser with message
// `none_id` when nothing is known.
Result<std::vector<std::string>> CodeAddresses(const std::optional<std::string>& listened,
                                               const std::vector<std::string>& given,
                                               const std::string& none_id);

ChannelOptions NodeChannelOptions(Node& node, PeerPolicy policy);

// Dials `addresses` in turn and returns the first channel whose other end proved it holds `key`
// (an inviter's or a mailbox's key from a code); *reached is that address. Fails with the last
// dialling error, or `if_none` when no address could be tried.
asio::awaitable<Result<std::shared_ptr<SecureChannel>>> DialPinned(
    Node& node, const google::protobuf::RepeatedPtrField<std::string>& addresses,
    const std::string& key, Status if_none, std::string* reached);

// A newcomer whose request to join, left at a mailbox, this node accepted during a sync.
struct JoinedNewcomer {
  std::string alias;
  std::string fingerprint;
  std::string group;  // the group's name
  pb::Role role = pb::ROLE_COACH;
};

struct PeerSyncOutcome {
  Status status;
  SyncReport report;
  std::vector<JoinedNewcomer> joined;
  bool connected = false;  // the channel was established (a failure came later)
};

// Dials one known peer and runs a client session; records the outcome in the peers table. From a
// mailbox, requests to join that wait for this node are answered, and then pushed in a second
// session (PeerSyncOutcome::joined).
asio::awaitable<PeerSyncOutcome> SyncWithPeer(Node& node, const KnownPeer& peer, bool serve_relayed,
                                              std::function<void(const std::string&)> log,
                                              bool show_progress, bool use_riblt = true);
// One session, without answering requests to join.
asio::awaitable<PeerSyncOutcome> SyncOnce(Node& node, const KnownPeer& peer, bool serve_relayed,
                                          std::function<void(const std::string&)> log,
                                          bool show_progress, bool use_riblt = true);

// A compact fingerprint (20 characters) in blocks of four, as people compare it.
std::string FormatFingerprint(std::string_view compact);
// A stored peer key for people: a raw key's fingerprint, a compact fingerprint in its blocks.
std::string FormatStoredKey(std::string_view stored);
// "Bram in Utrecht, Amersfoort" for a member's key (raw, or a compact fingerprint); empty when
// the key belongs to no member of this node's groups.
std::string MemberName(GroupBook& book, std::string_view key);
// MemberName, or "the mailbox of Intervisie Utrecht" when `key` is no member's but the mailbox
// of one or more of this node's groups; "" when it is neither.
std::string MemberOrMailboxName(GroupBook& book, std::string_view key);

// "Intervisie Utrecht: received 1 case and 2 reviews; sent nothing" lines for a report.
std::vector<std::string> DescribeReport(const SyncReport& report);

// Runs one coroutine to completion on a fresh io_context (one thread); `if_lost` when it never
// finished.
template <typename T>
T RunAsync(asio::awaitable<T> task, T if_lost) {
  asio::io_context io;
  std::optional<T> result;
  asio::co_spawn(
      io, [&]() -> asio::awaitable<void> { result.emplace(co_await std::move(task)); },
      asio::detached);
  io.run();
  return result ? std::move(*result) : std::move(if_lost);
}

// Adds the peer, or updates it when this address (with this group) is there already; true when
// it was there. `key`: as ParsePeerKey gives it, or a raw key; empty for any key.
Result<bool> AddPeerRow(Node& node, const std::string& group_id, const std::string& address,
                        const std::string& key);

// What `kring peer add` and the app's peers page say of a peer added or updated (`which`: its
// address, perhaps with its group; `key` as AddPeerRow takes it).
std::string PeerAddedText(const std::string& which, const std::string& key, bool existed);
// Whose node a stored peer is, by name ("" when not known yet).
std::string PeerOwner(GroupBook& book, const PeerRow& row);
// "last synced <date>" or "never synced".
std::string PeerLastSyncText(const PeerRow& row);

// Colleagues' nodes that announce a group of this node on the local network (kring serve
// --announce), heard for `listen`; with `add`, the ones not known yet are added as peers.
// kUser when this node is in no group (nothing to look for). Blocks for `listen`.
struct FoundPeer {
  std::string address;  // host:port
  std::string groups;   // the groups it announces, by name
  bool added = false;
};
Result<std::vector<FoundPeer>> DiscoverPeers(Node& node, std::chrono::seconds listen, bool add);

// Registers `kring serve` (cli/serve_command.cc).
void RegisterServeCommand(CLI::App& app, Context& ctx);
// Registers `kring relay setup` and `kring relay code` (cli/serve_command.cc), after `relay`.
void RegisterMailboxCommands(CLI::App& app, Context& ctx);

// The discovery keys (from each group's latest epoch key) of the groups this node can announce
// or recognise on the LAN.
std::vector<DiscoveryGroup> DiscoveryGroups(GroupBook& book);

}  // namespace kring::cli
