// Moving entries in bounded batches, both ways, each batch imported in one transaction.
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
    Log(PeerLabel() + ": " + group.report.name + ": refused " + std::to_string(entries.size()) +
        " entries: " + imported.status().message());
    co_return Status::Ok();
  }
  group.report.entries_in += imported->stored;
  for (const auto& [kind, n] : imported->stored_by_kind) group.report.in_by_kind[kind] += n;
  group.report.already_had += imported->already_had;
  if (group.waiting.size() + imported->waiting.size() <= kMaxPendingJoinEntries) {
    group.waiting.insert(group.waiting.end(), std::make_move_iterator(imported->waiting.begin()),
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
void Session::DropPendingJoin(GroupContext& group) {
  if (group.pending_join.empty()) return;
  auto attempt =
      book_.Import(group.id, group.pending_join, group.mode, config_.limits.max_batch_entries);
  if (attempt.ok()) return;  // cannot happen: the last batch would have joined already
  const std::string why = attempt.status().message();
  for (size_t i = 0; i < group.pending_join.size(); ++i) group.report.refused.push_back(why);
  Log(PeerLabel() + ": " + group.report.name + ": refused " +
      std::to_string(group.pending_join.size()) + " entries: " + why);
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

}  // namespace kring::sync_internal
