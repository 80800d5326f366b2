// Moving entries in bounded batches, both ways, each batch imported in one transaction.
#include "core/i18n/messages.h"
#include "net/sync_session_state.h"

namespace kring::sync_internal {

// Chain entries first (a batch never depends on a later one), then by (created_at, id).
void Session::SortForSending(const GroupContext& group, std::vector<std::string>* ids) const {
  auto rank = [&](const std::string& id) {
    bool chain = group.loaded && group.loaded->ledger.HoldsChainEntry(id);
    auto it = group.created_at.find(id);
    return std::make_tuple(!chain, it == group.created_at.end() ? 0 : it->second, id);
  };
  std::sort(ids->begin(), ids->end(),
            [&](const std::string& a, const std::string& b) { return rank(a) < rank(b); });
}

asio::awaitable<Status> Session::Flush(GroupContext& group, pb::SyncMessage* batch, size_t* bytes,
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
asio::awaitable<Status> Session::SendEntries(GroupContext& group, std::vector<std::string> ids,
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
      pb::EntryHeader header;
      if (header.ParseFromString(entry.header())) ++group.report.out_by_kind[header.kind()];
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
asio::awaitable<Status> Session::ImportBatch(GroupContext& group, const pb::SyncEntries& batch) {
  if (static_cast<size_t>(batch.entries_size()) > config_.limits.max_batch_entries) {
    co_return Refuse(
        i18n::Tr("net.sync.batch_too_large",
                 {{"n", batch.entries_size()}, {"max", config_.limits.max_batch_entries}}));
  }
  std::vector<pb::Entry> entries;
  for (const std::string& raw : batch.entries()) {
    pb::Entry entry;
    if (!entry.ParseFromString(raw)) {
      group.report.refused.push_back(i18n::Tr("net.sync.unreadable_entry"));
      Log(i18n::Tr("net.sync.refused_unreadable",
                   {{"peer", PeerLabel()}, {"group", group.report.name}}));
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
  if (!imported.ok() && joining && !batch.last() && entries.size() <= kMaxPendingJoinEntries) {
    // The entries that add this node may come in a later batch of the same group.
    group.pending_join = std::move(entries);
    co_return Status::Ok();
  }
  if (!imported.ok()) {
    // E.g. an unknown group whose chain does not make this node a member.
    for (size_t i = 0; i < entries.size(); ++i) {
      group.report.refused.push_back(imported.status().message());
    }
    Log(i18n::Tr("net.sync.refused_entries", {{"peer", PeerLabel()},
                                              {"group", group.report.name},
                                              {"n", entries.size()},
                                              {"reason", imported.status().message()}}));
    co_return Status::Ok();
  }
  group.report.entries_in += imported->stored;
  for (const auto& [kind, n] : imported->stored_by_kind) group.report.in_by_kind[kind] += n;
  group.report.already_had += imported->already_had;
  if (group.waiting.size() + imported->waiting.size() <= kMaxPendingJoinEntries) {
    group.waiting.insert(group.waiting.end(), std::make_move_iterator(imported->waiting.begin()),
                         std::make_move_iterator(imported->waiting.end()));
  } else {
    const std::string why = i18n::Tr("net.sync.missing_case");
    for (size_t i = 0; i < imported->waiting.size(); ++i) group.report.refused.push_back(why);
  }
  received_ += imported->received;
  for (const std::string& reason : imported->rejected) {
    group.report.refused.push_back(reason);
    Log(i18n::Tr("net.sync.refused",
                 {{"peer", PeerLabel()}, {"group", group.report.name}, {"reason", reason}}));
  }
  if (imported->joined) {
    group.report.joined = true;
    auto loaded = book_.Load(group.id);
    if (!loaded.ok()) co_return loaded.status();
    group.loaded.emplace(std::move(loaded).value());
    group.report.name = group.loaded->Name();
    group.mode = group.loaded->local.relay() ? ImportMode::kRelay : ImportMode::kKnownGroupOnly;
    Log(i18n::Tr("net.sync.joined", {{"peer", PeerLabel()}, {"group", group.report.name}}));
  } else if (imported->stored > 0) {
    group.reload = true;  // the chain may have changed; reloaded once, at the end
  }
  if (config_.progress) config_.progress(group.id, received_, receive_total_, true);
  co_return Status::Ok();
}

// Entries held for a join that never completed: nothing of them is stored.
void Session::DropPendingJoin(GroupContext& group) {
  if (group.pending_join.empty()) return;
  auto attempt =
      book_.Import(group.id, group.pending_join, group.mode, config_.limits.max_batch_entries);
  if (attempt.ok()) return;  // cannot happen: the last batch would have joined already
  const std::string why = attempt.status().message();
  for (size_t i = 0; i < group.pending_join.size(); ++i) group.report.refused.push_back(why);
  Log(i18n::Tr("net.sync.refused_entries", {{"peer", PeerLabel()},
                                            {"group", group.report.name},
                                            {"n", group.pending_join.size()},
                                            {"reason", why}}));
  group.pending_join.clear();
}

// After a group: write a key rotation that became due, and say what moved.
void Session::Finish(GroupContext& group) {
  if (!group.waiting.empty()) {
    auto retried =
        book_.Import(group.id, group.waiting, group.mode, config_.limits.max_batch_entries);
    if (retried.ok()) {
      group.report.entries_in += retried->stored;
      for (const auto& [kind, n] : retried->stored_by_kind) group.report.in_by_kind[kind] += n;
      group.reload = group.reload || retried->stored > 0;
      for (const std::string& reason : retried->rejected) group.report.refused.push_back(reason);
      if (!retried->waiting.empty()) {
        Log(i18n::Tr(
            "net.sync.orphans",
            {{"peer", PeerLabel()}, {"group", group.report.name}, {"n", retried->waiting.size()}}));
        const std::string why = i18n::Tr("net.sync.missing_case");
        for (size_t i = 0; i < retried->waiting.size(); ++i) group.report.refused.push_back(why);
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
      Log(i18n::Tr("net.sync.rotated", {{"group", group.report.name}}));
    }
  }
  const GroupSyncReport& r = group.report;
  // The method as the coach reads it. i18n-ok: "rateless IBLT" and "Negentropy" are data.
  const std::string method = r.reconciled_by == "Negentropy"
                                 ? i18n::Tr("net.sync.method.negentropy")
                                 : i18n::Tr("net.sync.method.riblt");
  const char* id = r.refused.empty()
                       ? (r.reconciled_by.empty() ? "net.sync.summary" : "net.sync.summary_method")
                       : (r.reconciled_by.empty() ? "net.sync.summary_refused"
                                                  : "net.sync.summary_refused_method");
  Log(i18n::Tr(id, {{"peer", PeerLabel()},
                    {"group", r.name},
                    {"in", r.entries_in},
                    {"out", r.entries_out},
                    {"refused", r.refused.size()},
                    {"method", method}}));
}

}  // namespace kring::sync_internal
