#include "net/sync_session.h"

#include <algorithm>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>

#include "core/entry.h"
#include "core/rbsr.h"
#include "core/riblt.h"
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

namespace kring {
namespace {

constexpr char kRibltName[] = "riblt-v1";

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
constexpr size_t kMaxPendingJoinEntries = 20000;

// The server's state for the group being synced.
struct ServedGroup {
  std::unique_ptr<rbsr::VectorStorage> storage;
  std::optional<rbsr::Reconciler> reconciler;
  std::string sketch_key;                   // the hash key of the sketch exchange...
  std::optional<riblt::Encoder> sketch;     // ...and the group's set, hashed with it
  size_t rounds = 0;
  std::vector<std::string> wanted;
};

// The group's reconciliation set as ids alone (rateless IBLT).
std::vector<std::string> SetIds(const GroupContext& group) {
  std::vector<std::string> ids;
  ids.reserve(group.created_at.size());
  for (const auto& [id, created_at] : group.created_at) ids.push_back(id);
  return ids;
}

// The group's reconciliation set as (created_at, id) items, sealed (Negentropy).
Status FillStorage(const GroupContext& group, rbsr::VectorStorage* storage) {
  for (const auto& [id, created_at] : group.created_at) {
    KRING_RETURN_IF_ERROR(storage->Insert(static_cast<uint64_t>(created_at), id));
  }
  return storage->Seal();
}

class Session {
 public:
  Session(std::shared_ptr<SecureChannel> channel, SyncConfig config)
      : channel_(std::move(channel)), config_(std::move(config)), book_(*config_.node) {
    report_.peer = channel_->peer_address();
    report_.peer_key = channel_->peer_signing_key();
  }

  asio::awaitable<Result<SyncReport>> Run(HandshakeRole role) {
    asio::steady_timer deadline(co_await asio::this_coro::executor, config_.limits.session_timeout);
    deadline.async_wait(
        [channel = channel_, limit = config_.limits.session_timeout](std::error_code ec) {
          if (!ec) channel->Abort("the sync took longer than " + DescribeDuration(limit));
        });
    Status status = co_await Negotiate();
    if (status.ok() && role == HandshakeRole::kInitiator) {
      status = co_await RunClient();
    } else if (status.ok()) {
      status = co_await RunServer();
    }
    if (!refusal_.empty()) {
      pb::SyncMessage message;
      message.mutable_error()->set_reason(refusal_);
      std::string bytes = message.SerializeAsString();
      (void)co_await channel_->Send(bytes);
      channel_->Abort(refusal_);
    }
    deadline.cancel();
    for (auto& [id, group] : groups_) DropPendingJoin(group);
    if (!status.ok()) {
      Log(status.message());
      co_return status;
    }
    for (auto& [id, group] : groups_) report_.groups.push_back(group.report);
    co_return report_;
  }

 private:
  void Log(const std::string& line) const {
    if (config_.log) config_.log(line);
  }
  std::string PeerLabel() const {
    return "peer " + channel_->peer_address() + " (" + Fingerprint(channel_->peer_signing_key()) +
           ")";
  }

  // Remembers why we stop; Run() tells the peer (best effort) and closes the channel. Not a
  // coroutine, so that no temporary lives across a suspension (g++ 12 mishandles those).
  Status Refuse(std::string reason) {
    if (refusal_.empty()) refusal_ = reason;
    return Status::Network(PeerLabel() + ": " + reason);
  }

  asio::awaitable<Status> Send(const pb::SyncMessage& message) {
    const std::string bytes = message.SerializeAsString();
    Status status = co_await channel_->Send(bytes);
    co_return status;
  }

  // The next message; a clean close gives nullopt. Garbage is a protocol violation.
  asio::awaitable<Result<std::optional<pb::SyncMessage>>> Receive() {
    auto raw = co_await channel_->Receive();
    if (!raw.ok()) co_return raw.status();
    if (!raw->has_value()) co_return std::optional<pb::SyncMessage>();
    pb::SyncMessage message;
    if (!message.ParseFromString(**raw) || message.kind_case() == pb::SyncMessage::KIND_NOT_SET) {
      co_return Refuse("sent a message that is not part of the sync protocol");
    }
    if (message.has_error()) {
      std::string reason = message.error().reason().substr(0, 200);
      channel_->Abort("gave up: " + reason);
      co_return Status::Network(PeerLabel() + " gave up: " + reason);
    }
    co_return std::optional<pb::SyncMessage>(std::move(message));
  }

  // A message that must arrive now (a close is an error here).
  asio::awaitable<Result<pb::SyncMessage>> Expect(pb::SyncMessage::KindCase kind,
                                                  std::string_view what) {
    KRING_CO_ASSIGN(auto message, co_await Receive());
    if (!message) co_return Status::Network(PeerLabel() + " ended the sync early");
    if (message->kind_case() != kind) {
      co_return Refuse("sent something else where " + std::string(what) + " was expected");
    }
    co_return std::move(*message);
  }

  // ------------------------------------------------------------------ negotiation

  asio::awaitable<Status> Negotiate() {
    auto described = DescribeGroups(book_);
    if (!described.ok()) co_return described.status();
    SyncPlanInput input{std::move(described).value(), config_.bound_groups, config_.serve_relayed,
                        channel_->peer_signing_key()};
    const std::vector<std::string> offer = GroupsToOffer(input);
    pb::SyncMessage hello;
    hello.mutable_hello()->set_version(kSyncProtocolVersion);
    for (const auto& id : offer) hello.mutable_hello()->add_groups(id);
    if (config_.use_riblt) hello.mutable_hello()->add_reconcilers(kRibltName);
    KRING_CO_RETURN_IF_ERROR(co_await Send(hello));
    KRING_CO_ASSIGN(auto peer_hello, co_await Expect(pb::SyncMessage::kHello, "a greeting"));
    if (peer_hello.hello().version() != kSyncProtocolVersion) {
      co_return Refuse("speaks sync protocol version " +
                       std::to_string(peer_hello.hello().version()) + ", this node " +
                       std::to_string(kSyncProtocolVersion));
    }
    if (static_cast<size_t>(peer_hello.hello().groups_size()) > config_.limits.max_groups) {
      co_return Refuse("proposed more groups than a session allows");
    }
    const auto& theirs = peer_hello.hello().reconcilers();
    riblt_ = config_.use_riblt &&
             std::find(theirs.begin(), theirs.end(), kRibltName) != theirs.end();
    std::vector<std::string> peer_offer(peer_hello.hello().groups().begin(),
                                        peer_hello.hello().groups().end());
    const std::vector<std::string> accept =
        GroupsToAccept(input, peer_offer, config_.limits.max_groups);
    pb::SyncMessage accept_message;
    accept_message.mutable_accept();  // an empty answer is still an answer
    for (const auto& id : accept) accept_message.mutable_accept()->add_groups(id);
    KRING_CO_RETURN_IF_ERROR(co_await Send(accept_message));
    KRING_CO_ASSIGN(auto peer_accept, co_await Expect(pb::SyncMessage::kAccept, "an answer"));
    std::vector<std::string> peer_accepted(peer_accept.accept().groups().begin(),
                                           peer_accept.accept().groups().end());
    for (const std::string& id : AgreedGroups(offer, accept, peer_accepted)) {
      KRING_CO_RETURN_IF_ERROR(Prepare(id, input));
    }
    if (groups_.empty()) Log(PeerLabel() + ": no group to sync with this peer");
    co_return Status::Ok();
  }

  Status Prepare(const std::string& id, const SyncPlanInput& input) {
    GroupContext group;
    group.id = id;
    group.report.group_id = id;
    group.report.name = "group " + ShortId(id);
    bool relayed = false;
    for (const PlanGroup& known : input.groups) {
      if (known.group_id == id) {
        relayed = known.relayed;
        auto loaded = book_.Load(id);
        if (!loaded.ok()) return loaded.status();
        group.loaded.emplace(std::move(loaded).value());
        group.report.name = group.loaded->Name();
      }
    }
    group.mode = !group.loaded ? ImportMode::kMayJoin
                 : relayed     ? ImportMode::kRelay
                               : ImportMode::kKnownGroupOnly;
    KRING_RETURN_IF_ERROR(LoadKeys(group));
    groups_.emplace(id, std::move(group));
    return Status::Ok();
  }

  Status LoadKeys(GroupContext& group) {
    group.created_at.clear();
    if (!group.loaded) return Status::Ok();
    KRING_ASSIGN_OR_RETURN(auto keys, book_.ReconciliationKeys(group.id));
    for (const EntryKey& key : keys) group.created_at.emplace(key.id, key.created_at);
    return Status::Ok();
  }

  GroupContext* Agreed(const std::string& id) {
    auto it = groups_.find(id);
    return it == groups_.end() ? nullptr : &it->second;
  }

  // ------------------------------------------------------------------ moving entries

  // Chain entries first (a batch never depends on a later one), then by (created_at, id).
  void SortForSending(const GroupContext& group, std::vector<std::string>* ids) const {
    auto rank = [&](const std::string& id) {
      bool chain = group.loaded && group.loaded->ledger.HoldsChainEntry(id);
      auto it = group.created_at.find(id);
      return std::make_tuple(!chain, it == group.created_at.end() ? 0 : it->second, id);
    };
    std::sort(ids->begin(), ids->end(),
              [&](const std::string& a, const std::string& b) { return rank(a) < rank(b); });
  }

  asio::awaitable<Status> Flush(GroupContext& group, pb::SyncMessage* batch, size_t* bytes,
                                bool last) {
    batch->mutable_entries()->set_group_id(group.id);
    batch->mutable_entries()->set_last(last);
    const size_t count = static_cast<size_t>(batch->entries().entries_size());
    KRING_CO_RETURN_IF_ERROR(co_await Send(*batch));
    group.report.entries_out += count;
    sent_ += count;
    if (config_.progress) config_.progress(group.id, sent_, send_total_, false);
    batch->Clear();
    *bytes = 0;
    co_return Status::Ok();
  }

  // Sends the entries with these ids (only ids of this group's set) in bounded batches.
  asio::awaitable<Status> SendEntries(GroupContext& group, std::vector<std::string> ids,
                                      bool mark_last) {
    std::erase_if(ids, [&](const std::string& id) { return !group.created_at.contains(id); });
    SortForSending(group, &ids);
    sent_ = 0;
    send_total_ = ids.size();
    pb::SyncMessage batch;
    size_t bytes = 0;
    const size_t kFetch = config_.limits.max_batch_entries;
    for (size_t start = 0; start < ids.size(); start += kFetch) {
      std::vector<std::string> chunk(
          ids.begin() + static_cast<std::ptrdiff_t>(start),
          ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), start + kFetch)));
      auto entries = book_.GetEntries(chunk);
      if (!entries.ok()) co_return entries.status();
      for (const pb::Entry& entry : *entries) {
        std::string raw = entry.SerializeAsString();
        const int count = batch.entries().entries_size();
        if (count > 0 && (static_cast<size_t>(count) >= config_.limits.max_batch_entries ||
                          bytes + raw.size() > config_.limits.max_batch_bytes)) {
          KRING_CO_RETURN_IF_ERROR(co_await Flush(group, &batch, &bytes, false));
        }
        bytes += raw.size();
        batch.mutable_entries()->add_entries(std::move(raw));
      }
    }
    if (batch.entries().entries_size() > 0 || mark_last) {
      KRING_CO_RETURN_IF_ERROR(co_await Flush(group, &batch, &bytes, mark_last));
    }
    co_return Status::Ok();
  }

  // Validates and stores one batch from the peer, in one transaction (GroupBook::Import).
  asio::awaitable<Status> ImportBatch(GroupContext& group, const pb::SyncEntries& batch) {
    if (static_cast<size_t>(batch.entries_size()) > config_.limits.max_batch_entries) {
      co_return Refuse("sent " + std::to_string(batch.entries_size()) +
                       " entries in one batch; at most " +
                       std::to_string(config_.limits.max_batch_entries) + " are allowed");
    }
    std::vector<pb::Entry> entries;
    for (const std::string& raw : batch.entries()) {
      pb::Entry entry;
      if (!entry.ParseFromString(raw)) {
        group.report.refused.push_back("an entry that could not be read");
        Log(PeerLabel() + ": " + group.report.name + ": refused an entry that could not be read");
        continue;
      }
      entries.push_back(std::move(entry));
    }
    if (entries.empty()) co_return Status::Ok();
    const bool joining = !group.loaded.has_value();
    if (joining && !group.pending_join.empty()) {
      entries.insert(entries.begin(), std::make_move_iterator(group.pending_join.begin()),
                     std::make_move_iterator(group.pending_join.end()));
      group.pending_join.clear();
    }
    auto imported = book_.Import(group.id, entries, group.mode, config_.limits.max_batch_entries);
    if (!imported.ok() && joining && !batch.last() &&
        entries.size() <= kMaxPendingJoinEntries) {
      // The entries that add this node may come in a later batch of the same group.
      group.pending_join = std::move(entries);
      co_return Status::Ok();
    }
    if (!imported.ok()) {
      // E.g. an unknown group whose chain does not make this node a member.
      for (size_t i = 0; i < entries.size(); ++i) {
        group.report.refused.push_back(imported.status().message());
      }
      Log(PeerLabel() + ": " + group.report.name + ": refused " + std::to_string(entries.size()) +
          " entries: " + imported.status().message());
      co_return Status::Ok();
    }
    group.report.entries_in += imported->stored;
    group.report.already_had += imported->already_had;
    if (group.waiting.size() + imported->waiting.size() <= kMaxPendingJoinEntries) {
      group.waiting.insert(group.waiting.end(),
                           std::make_move_iterator(imported->waiting.begin()),
                           std::make_move_iterator(imported->waiting.end()));
    } else {
      for (size_t i = 0; i < imported->waiting.size(); ++i) {
        group.report.refused.push_back("an entry referring to a case this node does not have");
      }
    }
    received_ += imported->received;
    for (const std::string& reason : imported->rejected) {
      group.report.refused.push_back(reason);
      Log(PeerLabel() + ": " + group.report.name + ": refused " + reason);
    }
    if (imported->joined) {
      group.report.joined = true;
      auto loaded = book_.Load(group.id);
      if (!loaded.ok()) co_return loaded.status();
      group.loaded.emplace(std::move(loaded).value());
      group.report.name = group.loaded->Name();
      group.mode = group.loaded->local.relay() ? ImportMode::kRelay : ImportMode::kKnownGroupOnly;
      Log(PeerLabel() + ": joined " + group.report.name);
    } else if (imported->stored > 0) {
      group.reload = true;  // the chain may have changed; reloaded once, at the end
    }
    if (config_.progress) config_.progress(group.id, received_, receive_total_, true);
    co_return Status::Ok();
  }

  // Entries held for a join that never completed: nothing of them is stored.
  void DropPendingJoin(GroupContext& group) {
    if (group.pending_join.empty()) return;
    auto attempt = book_.Import(group.id, group.pending_join, group.mode,
                                config_.limits.max_batch_entries);
    if (attempt.ok()) return;  // cannot happen: the last batch would have joined already
    const std::string why = attempt.status().message();
    for (size_t i = 0; i < group.pending_join.size(); ++i) group.report.refused.push_back(why);
    Log(PeerLabel() + ": " + group.report.name + ": refused " +
        std::to_string(group.pending_join.size()) + " entries: " + why);
    group.pending_join.clear();
  }

  // After a group: write a key rotation that became due, and say what moved.
  void Finish(GroupContext& group) {
    if (!group.waiting.empty()) {
      auto retried = book_.Import(group.id, group.waiting, group.mode,
                                  config_.limits.max_batch_entries);
      if (retried.ok()) {
        group.report.entries_in += retried->stored;
        group.reload = group.reload || retried->stored > 0;
        for (const std::string& reason : retried->rejected) group.report.refused.push_back(reason);
        if (!retried->waiting.empty()) {
          Log(PeerLabel() + ": " + group.report.name + ": " +
              std::to_string(retried->waiting.size()) +
              " entries refer to cases neither side holds; they were not stored");
          for (size_t i = 0; i < retried->waiting.size(); ++i) {
            group.report.refused.push_back("an entry referring to a case this node does not have");
          }
        }
      }
      group.waiting.clear();
    }
    if (group.reload) {
      auto loaded = book_.Load(group.id);
      if (loaded.ok()) group.loaded.emplace(std::move(loaded).value());
    }
    if (group.loaded && !group.loaded->local.relay()) {
      auto rotated = book_.Maintain(*group.loaded);
      if (rotated.ok() && *rotated) {
        Log(group.report.name + ": a member left; wrote a fresh group key");
      }
    }
    const GroupSyncReport& r = group.report;
    Log(PeerLabel() + ": " + r.name + ": " + std::to_string(r.entries_in) + " in, " +
        std::to_string(r.entries_out) + " out" +
        (r.refused.empty() ? "" : ", " + std::to_string(r.refused.size()) + " refused") +
        (r.reconciled_by.empty() ? "" : " (reconciled with " + r.reconciled_by + ")"));
  }

  // ------------------------------------------------------------------ client

  asio::awaitable<Status> RunClient() {
    for (auto& [id, group] : groups_) {
      KRING_CO_RETURN_IF_ERROR(co_await ClientGroup(group));
    }
    KRING_CO_RETURN_IF_ERROR(co_await channel_->Close());
    // The server says goodbye once it has finished with everything we sent.
    KRING_CO_ASSIGN(auto rest, co_await Receive());
    if (rest) co_return Refuse("sent more after the sync was complete");
    co_return Status::Ok();
  }

  asio::awaitable<Status> ClientGroup(GroupContext& group) {
    std::vector<std::string> have, need;
    bool reconciled = false;
    if (riblt_) {
      KRING_CO_ASSIGN(reconciled, co_await ClientSketch(group, &have, &need));
    }
    if (!reconciled) {
      KRING_CO_RETURN_IF_ERROR(co_await ClientNegentropy(group, &have, &need));
    }
    KRING_CO_RETURN_IF_ERROR(co_await SendEntries(group, std::move(have), false));
    if (!need.empty()) KRING_CO_RETURN_IF_ERROR(co_await Pull(group, need));
    pb::SyncMessage done;
    done.mutable_group_done()->set_group_id(group.id);
    KRING_CO_RETURN_IF_ERROR(co_await Send(done));
    KRING_CO_ASSIGN(auto ack, co_await Expect(pb::SyncMessage::kGroupDone, "the end of a group"));
    if (ack.group_done().group_id() != group.id) {
      co_return Refuse("ended another group");
    }
    Finish(group);
    co_return Status::Ok();
  }

  // Rateless IBLT (core/riblt.h): ask for coded symbols until the difference peels out. Symbols
  // that do not decode (a faulty peer, or a set that changed under us) are not an error: the
  // group is then reconciled with Negentropy, and false says so.
  asio::awaitable<Result<bool>> ClientSketch(GroupContext& group, std::vector<std::string>* have,
                                             std::vector<std::string>* need) {
    const std::string key = RandomBytes(riblt::kKeyBytes);
    riblt::DecoderOptions options;
    options.max_request = MaxSymbolsPerMessage();
    options.max_set_size = config_.limits.max_sketch_set;
    KRING_CO_ASSIGN(auto decoder, riblt::Decoder::Create(key, SetIds(group), options));
    for (size_t round = 0; !decoder.done(); ++round) {
      if (round >= config_.limits.max_reconcile_rounds) {
        co_return Refuse("reconciliation of " + group.report.name + " took more than " +
                         std::to_string(config_.limits.max_reconcile_rounds) + " rounds");
      }
      auto request = decoder.NextRequest();
      if (!request.ok()) {
        Log(PeerLabel() + ": " + group.report.name + ": " + request.status().message() +
            "; reconciling with Negentropy instead");
        co_return false;
      }
      pb::SyncMessage message;
      auto* ask = message.mutable_sketch_request();
      ask->set_group_id(group.id);
      ask->set_key(key);
      ask->set_begin(request->begin);
      ask->set_count(request->count);
      KRING_CO_RETURN_IF_ERROR(co_await Send(message));
      KRING_CO_ASSIGN(auto reply,
                      co_await Expect(pb::SyncMessage::kSketch, "reconciliation symbols"));
      if (reply.sketch().group_id() != group.id) co_return Refuse("answered for another group");
      auto symbols = riblt::DecodeSymbols(reply.sketch().symbols(), request->count);
      if (!symbols.ok()) co_return Refuse(symbols.status().message());
      Status added = decoder.Add(reply.sketch().set_size(), *symbols);
      if (!added.ok()) {
        Log(PeerLabel() + ": " + group.report.name + ": " + added.message() +
            "; reconciling with Negentropy instead");
        co_return false;
      }
    }
    *have = decoder.have();
    *need = decoder.need();
    group.report.reconciled_by = "rateless IBLT";
    co_return true;
  }

  // As many symbols as fit in one message, with room for the message's other fields.
  uint64_t MaxSymbolsPerMessage() const {
    const size_t room = channel_->max_message_bytes();
    return room > 1024 ? (room - 1024) / riblt::kMaxSymbolBytes : 1;
  }

  asio::awaitable<Status> ClientNegentropy(GroupContext& group, std::vector<std::string>* have,
                                           std::vector<std::string>* need) {
    rbsr::VectorStorage storage;
    KRING_CO_RETURN_IF_ERROR(FillStorage(group, &storage));
    KRING_CO_ASSIGN(auto reconciler,
                    rbsr::Reconciler::Create(
                        &storage, rbsr::SyncTunedOptions(config_.limits.reconcile_frame_limit)));
    KRING_CO_ASSIGN(std::string next, reconciler.Initiate());
    for (size_t round = 0;; ++round) {
      if (round >= config_.limits.max_reconcile_rounds) {
        co_return Refuse("reconciliation of " + group.report.name + " took more than " +
                         std::to_string(config_.limits.max_reconcile_rounds) + " rounds");
      }
      pb::SyncMessage message;
      message.mutable_reconcile()->set_group_id(group.id);
      message.mutable_reconcile()->set_message(std::move(next));
      KRING_CO_RETURN_IF_ERROR(co_await Send(message));
      KRING_CO_ASSIGN(auto reply,
                      co_await Expect(pb::SyncMessage::kReconcile, "a reconciliation reply"));
      if (reply.reconcile().group_id() != group.id) {
        co_return Refuse("answered for another group");
      }
      auto more = reconciler.Reconcile(reply.reconcile().message(), have, need);
      if (!more.ok()) co_return Refuse(more.status().message());
      if (!more->has_value()) break;
      next = std::move(**more);
    }
    group.report.reconciled_by = "Negentropy";
    co_return Status::Ok();
  }

  asio::awaitable<Status> Pull(GroupContext& group, const std::vector<std::string>& need) {
    for (size_t start = 0; start < need.size(); start += config_.limits.max_want_ids) {
      const size_t end = std::min(need.size(), start + config_.limits.max_want_ids);
      pb::SyncMessage want;
      want.mutable_want()->set_group_id(group.id);
      for (size_t i = start; i < end; ++i) want.mutable_want()->add_ids(need[i]);
      want.mutable_want()->set_last(end == need.size());
      KRING_CO_RETURN_IF_ERROR(co_await Send(want));
    }
    received_ = 0;
    receive_total_ = need.size();
    size_t batches = 0;
    // A peer may answer with fewer entries, never with more batches than the ids allow.
    const size_t max_batches = need.size() + 1;
    for (;;) {
      KRING_CO_ASSIGN(auto message, co_await Expect(pb::SyncMessage::kEntries, "entries"));
      if (message.entries().group_id() != group.id) {
        co_return Refuse("sent entries for a group other than the one being synced");
      }
      if (++batches > max_batches) co_return Refuse("sent more entries than asked");
      KRING_CO_RETURN_IF_ERROR(co_await ImportBatch(group, message.entries()));
      if (message.entries().last()) break;
    }
    co_return Status::Ok();
  }

  // ------------------------------------------------------------------ server

  asio::awaitable<Status> RunServer() {
    std::map<std::string, ServedGroup> served;
    for (;;) {
      KRING_CO_ASSIGN(auto message, co_await Receive());
      if (!message) break;
      const std::string* group_id = nullptr;
      switch (message->kind_case()) {
        case pb::SyncMessage::kReconcile:
          group_id = &message->reconcile().group_id();
          break;
        case pb::SyncMessage::kSketchRequest:
          if (!riblt_) co_return Refuse("asked for reconciliation symbols without agreeing to");
          group_id = &message->sketch_request().group_id();
          break;
        case pb::SyncMessage::kEntries:
          group_id = &message->entries().group_id();
          break;
        case pb::SyncMessage::kWant:
          group_id = &message->want().group_id();
          break;
        case pb::SyncMessage::kGroupDone:
          group_id = &message->group_done().group_id();
          break;
        default:
          co_return Refuse("sent a greeting in the middle of a sync");
      }
      GroupContext* group = Agreed(*group_id);
      if (group == nullptr) {
        co_return Refuse("sent a message for group " + ShortId(*group_id) +
                         ", which was not agreed for this sync");
      }
      ServedGroup& state = served[group->id];
      switch (message->kind_case()) {
        case pb::SyncMessage::kReconcile:
          KRING_CO_RETURN_IF_ERROR(co_await ServeReconcile(*group, state, message->reconcile()));
          break;
        case pb::SyncMessage::kSketchRequest:
          KRING_CO_RETURN_IF_ERROR(
              co_await ServeSketch(*group, state, message->sketch_request()));
          break;
        case pb::SyncMessage::kEntries:
          KRING_CO_RETURN_IF_ERROR(co_await ImportBatch(*group, message->entries()));
          break;
        case pb::SyncMessage::kWant:
          KRING_CO_RETURN_IF_ERROR(co_await ServeWant(*group, state, message->want()));
          break;
        default: {
          served.erase(group->id);
          Finish(*group);
          pb::SyncMessage done;
          done.mutable_group_done()->set_group_id(group->id);
          KRING_CO_RETURN_IF_ERROR(co_await Send(done));
        }
      }
    }
    co_return co_await channel_->Close();
  }

  // One more reconciliation message served for the group, Negentropy and sketch alike.
  Status CountServedRound(const GroupContext& group, ServedGroup& state) {
    if (++state.rounds <= config_.limits.max_reconcile_rounds) return Status::Ok();
    return Refuse("kept reconciling " + group.report.name + " beyond " +
                  std::to_string(config_.limits.max_reconcile_rounds) + " rounds");
  }

  asio::awaitable<Status> ServeReconcile(GroupContext& group, ServedGroup& state,
                                         const pb::SyncReconcile& message) {
    KRING_CO_RETURN_IF_ERROR(CountServedRound(group, state));
    if (!state.reconciler) {
      state.storage = std::make_unique<rbsr::VectorStorage>();
      KRING_CO_RETURN_IF_ERROR(FillStorage(group, state.storage.get()));
      KRING_CO_ASSIGN(
          auto reconciler,
          rbsr::Reconciler::Create(state.storage.get(),
                                   rbsr::SyncTunedOptions(config_.limits.reconcile_frame_limit)));
      state.reconciler.emplace(std::move(reconciler));
    }
    group.report.reconciled_by = "Negentropy";
    auto reply = state.reconciler->Reconcile(message.message());
    if (!reply.ok()) co_return Refuse(reply.status().message());
    pb::SyncMessage out;
    out.mutable_reconcile()->set_group_id(group.id);
    out.mutable_reconcile()->set_message(std::move(reply).value());
    co_return co_await Send(out);
  }

  asio::awaitable<Status> ServeSketch(GroupContext& group, ServedGroup& state,
                                      const pb::SyncSketchRequest& request) {
    KRING_CO_RETURN_IF_ERROR(CountServedRound(group, state));
    group.report.reconciled_by = "rateless IBLT";
    if (request.key().size() != riblt::kKeyBytes) {
      co_return Refuse("asked for reconciliation symbols with a malformed key");
    }
    // The client's decoder never asks beyond about two symbols per id of both sets; a bound on
    // begin keeps a hostile client from making this side walk far for nothing.
    const uint64_t max_begin = 4 * (group.created_at.size() + config_.limits.max_sketch_set) + 1024;
    if (request.count() == 0 || request.count() > MaxSymbolsPerMessage() ||
        request.begin() > max_begin) {
      co_return Refuse("asked for reconciliation symbols out of bounds");
    }
    if (!state.sketch || state.sketch_key != request.key()) {
      KRING_CO_ASSIGN(auto hashed, riblt::HashIds(request.key(), SetIds(group)));
      state.sketch.emplace(std::move(hashed));
      state.sketch_key = request.key();
    }
    pb::SyncMessage out;
    auto* sketch = out.mutable_sketch();
    sketch->set_group_id(group.id);
    sketch->set_set_size(state.sketch->size());
    sketch->set_symbols(
        riblt::EncodeSymbols(state.sketch->Symbols(request.begin(), request.count())));
    co_return co_await Send(out);
  }

  asio::awaitable<Status> ServeWant(GroupContext& group, ServedGroup& state,
                                    const pb::SyncWant& want) {
    if (static_cast<size_t>(want.ids_size()) > config_.limits.max_want_ids) {
      co_return Refuse("asked for " + std::to_string(want.ids_size()) +
                       " entries in one message; at most " +
                       std::to_string(config_.limits.max_want_ids) + " are allowed");
    }
    for (const std::string& id : want.ids()) {
      // Only ids of this group's set: a peer never gets entries of another group by asking.
      if (group.created_at.contains(id)) state.wanted.push_back(id);
    }
    if (state.wanted.size() > group.created_at.size()) {
      co_return Refuse("asked for the same entries more than once");
    }
    if (!want.last()) co_return Status::Ok();
    std::vector<std::string> ids = std::move(state.wanted);
    state.wanted.clear();
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    co_return co_await SendEntries(group, std::move(ids), true);
  }

  std::shared_ptr<SecureChannel> channel_;
  SyncConfig config_;
  GroupBook book_;
  std::map<std::string, GroupContext> groups_;
  SyncReport report_;
  std::string refusal_;
  bool riblt_ = false;  // both sides speak rateless IBLT reconciliation
  size_t sent_ = 0, send_total_ = 0, received_ = 0, receive_total_ = 0;
};

}  // namespace

Result<std::vector<PlanGroup>> DescribeGroups(GroupBook& book) {
  KRING_ASSIGN_OR_RETURN(auto ids, book.GroupIds());
  std::vector<PlanGroup> out;
  for (const std::string& id : ids) {
    KRING_ASSIGN_OR_RETURN(LoadedGroup group, book.Load(id));
    PlanGroup plan;
    plan.group_id = id;
    plan.relayed = group.local.relay();
    for (const auto& [key, member] : group.state().members()) plan.member_keys.insert(key);
    out.push_back(std::move(plan));
  }
  return out;
}

PeerPolicy MemberPeerPolicy(Node& node, bool serve_relayed,
                            std::function<bool(std::string_view)> extra) {
  return [&node, serve_relayed, extra = std::move(extra)](std::string_view key) {
    if (extra && extra(key)) return true;
    GroupBook book(node);
    auto groups = DescribeGroups(book);
    return groups.ok() && IsMemberOfAnyGroup(*groups, key, serve_relayed);
  };
}

asio::awaitable<Result<SyncReport>> RunSyncSession(std::shared_ptr<SecureChannel> channel,
                                                   HandshakeRole role, SyncConfig config) {
  Session session(std::move(channel), std::move(config));
  co_return co_await session.Run(role);
}

}  // namespace kring
