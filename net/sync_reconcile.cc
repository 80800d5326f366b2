// Per-group reconciliation of entry ids: the client's and the server's side, with rateless
// IBLT sketches when both speak them, Negentropy V1 otherwise (docs/sync.md).
#include "core/i18n/messages.h"
#include "net/sync_session_state.h"

namespace kring::sync_internal {
namespace {

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

}  // namespace

asio::awaitable<Status> Session::RunClient() {
  for (auto& [id, group] : groups_) {
    KRING_CO_RETURN_IF_ERROR(co_await ClientGroup(group));
  }
  KRING_CO_RETURN_IF_ERROR(co_await channel_->Close());
  // The server says goodbye once it has finished with everything we sent.
  KRING_CO_ASSIGN(auto rest, co_await Receive());
  if (rest) co_return Refuse(i18n::Tr("net.sync.more_after_done"));
  co_return Status::Ok();
}

asio::awaitable<Status> Session::ClientGroup(GroupContext& group) {
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
  const std::string end_of_group = i18n::Tr("net.sync.what.group_done");
  KRING_CO_ASSIGN(auto ack, co_await Expect(pb::SyncMessage::kGroupDone, end_of_group));
  if (ack.group_done().group_id() != group.id) {
    co_return Refuse(i18n::Tr("net.sync.ended_other_group"));
  }
  Finish(group);
  co_return Status::Ok();
}

// Rateless IBLT (core/sync/riblt.h): ask for coded symbols until the difference peels out. Symbols
// that do not decode (a faulty peer, or a set that changed under us) are not an error: the
// group is then reconciled with Negentropy, and false says so.
asio::awaitable<Result<bool>> Session::ClientSketch(GroupContext& group,
                                                    std::vector<std::string>* have,
                                                    std::vector<std::string>* need) {
  const std::string key = RandomBytes(riblt::kKeyBytes);
  riblt::DecoderOptions options;
  options.max_request = MaxSymbolsPerMessage();
  options.max_set_size = config_.limits.max_sketch_set;
  KRING_CO_ASSIGN(auto decoder, riblt::Decoder::Create(key, SetIds(group), options));
  const std::string symbols_wanted = i18n::Tr("net.sync.what.symbols");
  for (size_t round = 0; !decoder.done(); ++round) {
    if (round >= config_.limits.max_reconcile_rounds) {
      co_return Refuse(
          i18n::Tr("net.sync.too_many_rounds",
                   {{"group", group.report.name}, {"n", config_.limits.max_reconcile_rounds}}));
    }
    auto request = decoder.NextRequest();
    if (!request.ok()) {
      Log(i18n::Tr("net.sync.fallback", {{"peer", PeerLabel()},
                                         {"group", group.report.name},
                                         {"reason", request.status().message()}}));
      co_return false;
    }
    pb::SyncMessage message;
    auto* ask = message.mutable_sketch_request();
    ask->set_group_id(group.id);
    ask->set_key(key);
    ask->set_begin(request->begin);
    ask->set_count(request->count);
    KRING_CO_RETURN_IF_ERROR(co_await Send(message));
    KRING_CO_ASSIGN(auto reply, co_await Expect(pb::SyncMessage::kSketch, symbols_wanted));
    if (reply.sketch().group_id() != group.id) {
      co_return Refuse(i18n::Tr("net.sync.other_group_answer"));
    }
    auto symbols = riblt::DecodeSymbols(reply.sketch().symbols(), request->count);
    if (!symbols.ok()) co_return Refuse(symbols.status().message());
    Status added = decoder.Add(reply.sketch().set_size(), *symbols);
    if (!added.ok()) {
      Log(i18n::Tr(
          "net.sync.fallback",
          {{"peer", PeerLabel()}, {"group", group.report.name}, {"reason", added.message()}}));
      co_return false;
    }
  }
  *have = decoder.have();
  *need = decoder.need();
  group.report.reconciled_by = "rateless IBLT";  // i18n-ok: the method's name, data
  co_return true;
}

// As many symbols as fit in one message, with room for the message's other fields.
uint64_t Session::MaxSymbolsPerMessage() const {
  const size_t room = channel_->max_message_bytes();
  return room > 1024 ? (room - 1024) / riblt::kMaxSymbolBytes : 1;
}

asio::awaitable<Status> Session::ClientNegentropy(GroupContext& group,
                                                  std::vector<std::string>* have,
                                                  std::vector<std::string>* need) {
  rbsr::VectorStorage storage;
  KRING_CO_RETURN_IF_ERROR(FillStorage(group, &storage));
  KRING_CO_ASSIGN(auto reconciler,
                  rbsr::Reconciler::Create(
                      &storage, rbsr::SyncTunedOptions(config_.limits.reconcile_frame_limit)));
  KRING_CO_ASSIGN(std::string next, reconciler.Initiate());
  const std::string reply_wanted = i18n::Tr("net.sync.what.reconcile_reply");
  for (size_t round = 0;; ++round) {
    if (round >= config_.limits.max_reconcile_rounds) {
      co_return Refuse(
          i18n::Tr("net.sync.too_many_rounds",
                   {{"group", group.report.name}, {"n", config_.limits.max_reconcile_rounds}}));
    }
    pb::SyncMessage message;
    message.mutable_reconcile()->set_group_id(group.id);
    message.mutable_reconcile()->set_message(std::move(next));
    KRING_CO_RETURN_IF_ERROR(co_await Send(message));
    KRING_CO_ASSIGN(auto reply, co_await Expect(pb::SyncMessage::kReconcile, reply_wanted));
    if (reply.reconcile().group_id() != group.id) {
      co_return Refuse(i18n::Tr("net.sync.other_group_answer"));
    }
    auto more = reconciler.Reconcile(reply.reconcile().message(), have, need);
    if (!more.ok()) co_return Refuse(more.status().message());
    if (!more->has_value()) break;
    next = std::move(**more);
  }
  group.report.reconciled_by = "Negentropy";  // i18n-ok: the method's name, data
  co_return Status::Ok();
}

asio::awaitable<Status> Session::Pull(GroupContext& group, const std::vector<std::string>& need) {
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
  const std::string entries_wanted = i18n::Tr("net.sync.what.entries");
  // A peer may answer with fewer entries, never with more batches than the ids allow.
  const size_t max_batches = need.size() + 1;
  for (;;) {
    KRING_CO_ASSIGN(auto message, co_await Expect(pb::SyncMessage::kEntries, entries_wanted));
    if (message.entries().group_id() != group.id) {
      co_return Refuse(i18n::Tr("net.sync.entries_other_group"));
    }
    if (++batches > max_batches) co_return Refuse(i18n::Tr("net.sync.too_many_entries"));
    KRING_CO_RETURN_IF_ERROR(co_await ImportBatch(group, message.entries()));
    if (message.entries().last()) break;
  }
  co_return Status::Ok();
}

asio::awaitable<Status> Session::RunServer() {
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
        if (!riblt_) co_return Refuse(i18n::Tr("net.sync.sketch_not_agreed"));
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
        co_return Refuse(i18n::Tr("net.sync.greeting_mid_sync"));
    }
    GroupContext* group = Agreed(*group_id);
    if (group == nullptr) {
      co_return Refuse(i18n::Tr("net.sync.group_not_agreed", {{"id", ShortId(*group_id)}}));
    }
    ServedGroup& state = served[group->id];
    switch (message->kind_case()) {
      case pb::SyncMessage::kReconcile:
        KRING_CO_RETURN_IF_ERROR(co_await ServeReconcile(*group, state, message->reconcile()));
        break;
      case pb::SyncMessage::kSketchRequest:
        KRING_CO_RETURN_IF_ERROR(co_await ServeSketch(*group, state, message->sketch_request()));
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
Status Session::CountServedRound(const GroupContext& group, ServedGroup& state) {
  if (++state.rounds <= config_.limits.max_reconcile_rounds) return Status::Ok();
  return Refuse(
      i18n::Tr("net.sync.kept_reconciling",
               {{"group", group.report.name}, {"n", config_.limits.max_reconcile_rounds}}));
}

asio::awaitable<Status> Session::ServeReconcile(GroupContext& group, ServedGroup& state,
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
  group.report.reconciled_by = "Negentropy";  // i18n-ok: the method's name, data
  auto reply = state.reconciler->Reconcile(message.message());
  if (!reply.ok()) co_return Refuse(reply.status().message());
  pb::SyncMessage out;
  out.mutable_reconcile()->set_group_id(group.id);
  out.mutable_reconcile()->set_message(std::move(reply).value());
  co_return co_await Send(out);
}

asio::awaitable<Status> Session::ServeSketch(GroupContext& group, ServedGroup& state,
                                             const pb::SyncSketchRequest& request) {
  KRING_CO_RETURN_IF_ERROR(CountServedRound(group, state));
  group.report.reconciled_by = "rateless IBLT";  // i18n-ok: the method's name, data
  if (request.key().size() != riblt::kKeyBytes) {
    co_return Refuse(i18n::Tr("net.sync.sketch_bad_key"));
  }
  // The client's decoder never asks beyond about two symbols per id of both sets; a bound on
  // begin keeps a hostile client from making this side walk far for nothing.
  const uint64_t max_begin = 4 * (group.created_at.size() + config_.limits.max_sketch_set) + 1024;
  if (request.count() == 0 || request.count() > MaxSymbolsPerMessage() ||
      request.begin() > max_begin) {
    co_return Refuse(i18n::Tr("net.sync.sketch_out_of_bounds"));
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

asio::awaitable<Status> Session::ServeWant(GroupContext& group, ServedGroup& state,
                                           const pb::SyncWant& want) {
  if (static_cast<size_t>(want.ids_size()) > config_.limits.max_want_ids) {
    co_return Refuse(i18n::Tr("net.sync.want_too_many",
                              {{"n", want.ids_size()}, {"max", config_.limits.max_want_ids}}));
  }
  for (const std::string& id : want.ids()) {
    // Only ids of this group's set: a peer never gets entries of another group by asking.
    if (group.created_at.contains(id)) state.wanted.push_back(id);
  }
  if (state.wanted.size() > group.created_at.size()) {
    co_return Refuse(i18n::Tr("net.sync.want_repeated"));
  }
  if (!want.last()) co_return Status::Ok();
  std::vector<std::string> ids = std::move(state.wanted);
  state.wanted.clear();
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  co_return co_await SendEntries(group, std::move(ids), true);
}

}  // namespace kring::sync_internal
