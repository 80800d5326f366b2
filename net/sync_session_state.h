// The state of one sync session (net/sync_session.h) and the coroutine class that runs it,
// shared by the three files that hold its parts: sync_session.cc (session control and the
// negotiation of groups), sync_reconcile.cc (per-group reconciliation, client and server) and
// sync_transfer.cc (moving entries in batches). Only those files include this header.
#pragma once

#include <asio/awaitable.hpp>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/groups/entry.h"
#include "core/sync/rbsr.h"
#include "core/sync/riblt.h"
#include "net/sync_session.h"
#include "sync.pb.h"

// Status plumbing inside coroutines (co_return instead of return).
#define KRING_CO_RETURN_IF_ERROR(expr)                      \
  do {                                                      \
    ::kring::Status kring_co_status_ = (expr);              \
    if (!kring_co_status_.ok()) co_return kring_co_status_; \
  } while (0)
#define KRING_CO_ASSIGN(lhs, expr) \
  KRING_CO_ASSIGN_IMPL(KRING_CONCAT(kring_co_result_, __LINE__), lhs, expr)
#define KRING_CO_ASSIGN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                         \
  if (!tmp.ok()) co_return tmp.status();     \
  lhs = std::move(tmp).value()

namespace kring::sync_internal {

inline constexpr char kRibltName[] = "riblt-v1";

// What one side knows of one agreed group during a session.
struct GroupContext {
  std::string id;
  std::optional<LoadedGroup> loaded;  // empty while the group is unknown here
  ImportMode mode = ImportMode::kMayJoin;
  std::map<std::string, int64_t> created_at;  // reconciliation set: id -> created_at
  GroupSyncReport report;
  bool reload = false;
  // Joining a group whose membership chain spans several batches: entries are held here until
  // the chain that adds this node has arrived, then imported together.
  std::vector<pb::Entry> pending_join;
  // Entries that referred to a case not yet here; retried once the group's transfer is done.
  std::vector<pb::Entry> waiting;
};

// Bounds what a node holds in memory while it waits to learn it was added to a group.
inline constexpr size_t kMaxPendingJoinEntries = 20000;

// The server's state for the group being synced.
struct ServedGroup {
  std::unique_ptr<rbsr::VectorStorage> storage;
  std::optional<rbsr::Reconciler> reconciler;
  std::string sketch_key;                // the hash key of the sketch exchange...
  std::optional<riblt::Encoder> sketch;  // ...and the group's set, hashed with it
  size_t rounds = 0;
  std::vector<std::string> wanted;
};

class Session {
 public:
  Session(std::shared_ptr<SecureChannel> channel, SyncConfig config)
      : channel_(std::move(channel)), config_(std::move(config)), book_(*config_.node) {
    report_.peer = channel_->peer_address();
    report_.peer_key = channel_->peer_signing_key();
  }

  asio::awaitable<Result<SyncReport>> Run(HandshakeRole role);

 private:
  void Log(const std::string& line) const {
    if (config_.log) config_.log(line);
  }
  std::string PeerLabel() const;

  // Remembers why we stop; Run() tells the peer (best effort) and closes the channel. Not a
  // coroutine, so that no temporary lives across a suspension (g++ 12 mishandles those).
  Status Refuse(std::string reason);

  asio::awaitable<Status> Send(const pb::SyncMessage& message);

  // The next message; a clean close gives nullopt. Garbage is a protocol violation.
  asio::awaitable<Result<std::optional<pb::SyncMessage>>> Receive();

  // A message that must arrive now (a close is an error here).
  asio::awaitable<Result<pb::SyncMessage>> Expect(pb::SyncMessage::KindCase kind,
                                                  std::string_view what);

  // ------------------------------------------------------------------ negotiation

  asio::awaitable<Status> Negotiate();

  Status Prepare(const std::string& id, const SyncPlanInput& input);

  Status LoadKeys(GroupContext& group);

  GroupContext* Agreed(const std::string& id);
  static bool IsRelayed(const std::vector<PlanGroup>& groups, const std::string& id);

  // ------------------------------------------------------------------ moving entries

  // Chain entries first (a batch never depends on a later one), then by (created_at, id).
  void SortForSending(const GroupContext& group, std::vector<std::string>* ids) const;

  asio::awaitable<Status> Flush(GroupContext& group, pb::SyncMessage* batch, size_t* bytes,
                                bool last);

  // Sends the entries with these ids (only ids of this group's set) in bounded batches.
  asio::awaitable<Status> SendEntries(GroupContext& group, std::vector<std::string> ids,
                                      bool mark_last);

  // Validates and stores one batch from the peer, in one transaction (GroupBook::Import).
  asio::awaitable<Status> ImportBatch(GroupContext& group, const pb::SyncEntries& batch);

  // Entries held for a join that never completed: nothing of them is stored.
  void DropPendingJoin(GroupContext& group);

  // After a group: write a key rotation that became due, and say what moved.
  void Finish(GroupContext& group);

  // ------------------------------------------------------------------ client

  asio::awaitable<Status> RunClient();

  asio::awaitable<Status> ClientGroup(GroupContext& group);

  // Rateless IBLT (core/sync/riblt.h): ask for coded symbols until the difference peels out.
  // Symbols that do not decode (a faulty peer, or a set that changed under us) are not an error:
  // the group is then reconciled with Negentropy, and false says so.
  asio::awaitable<Result<bool>> ClientSketch(GroupContext& group, std::vector<std::string>* have,
                                             std::vector<std::string>* need);

  // As many symbols as fit in one message, with room for the message's other fields.
  uint64_t MaxSymbolsPerMessage() const;

  asio::awaitable<Status> ClientNegentropy(GroupContext& group, std::vector<std::string>* have,
                                           std::vector<std::string>* need);

  asio::awaitable<Status> Pull(GroupContext& group, const std::vector<std::string>& need);

  // ------------------------------------------------------------------ server

  asio::awaitable<Status> RunServer();

  // One more reconciliation message served for the group, Negentropy and sketch alike.
  Status CountServedRound(const GroupContext& group, ServedGroup& state);

  asio::awaitable<Status> ServeReconcile(GroupContext& group, ServedGroup& state,
                                         const pb::SyncReconcile& message);

  asio::awaitable<Status> ServeSketch(GroupContext& group, ServedGroup& state,
                                      const pb::SyncSketchRequest& request);

  asio::awaitable<Status> ServeWant(GroupContext& group, ServedGroup& state,
                                    const pb::SyncWant& want);

  std::shared_ptr<SecureChannel> channel_;
  SyncConfig config_;
  GroupBook book_;
  std::map<std::string, GroupContext> groups_;
  SyncReport report_;
  std::string refusal_;
  bool riblt_ = false;  // both sides speak rateless IBLT reconciliation
  bool request_answered_ =
      false;  // a newcomer's join or an admin's mailbox registration was answered
  size_t sent_ = 0, send_total_ = 0, received_ = 0, receive_total_ = 0;
};

}  // namespace kring::sync_internal
