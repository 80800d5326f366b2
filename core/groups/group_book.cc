#include "core/groups/group_book.h"

#include <algorithm>
#include <cctype>

#include "core/base/ascii.h"
#include "core/base/suggest.h"
#include "core/i18n/messages.h"

namespace kring {
namespace {

constexpr char kEntryAdPrefix[] = "kring/entry/v1/";
constexpr char kStubAdPrefix[] = "kring/entry-stub/v1/";
constexpr char kGroupAdPrefix[] = "kring/group/v1/";
// Stored entries were valid when they arrived; re-admitting them at load must not trip the
// clock-skew rule if this machine's clock went back.
constexpr uint64_t kLoadClockSlackMs = 10ull * 365 * 24 * 3600 * 1000;

std::string CompactFingerprint(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != '-' && c != ' ')
      out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return out;
}

}  // namespace

std::string LoadedGroup::Name() const {
  if (!names.group_name.empty()) return names.group_name;
  return i18n::Tr("groups.label.id", {{"id", ShortId(group_id)}});
}

std::string LoadedGroup::Alias(std::string_view key) const {
  auto it = names.alias_by_key.find(key);
  if (it != names.alias_by_key.end() && !it->second.empty()) return it->second;
  return Fingerprint(key);
}

WriterIdentity GroupBook::Me() const {
  return WriterIdentity{node_.signing_public_key(), node_.sealing_public_key(), node_.alias()};
}

BoxKeyPair GroupBook::MySealingKeys() const {
  return BoxKeyPair{node_.sealing_public_key(), node_.sealing_secret_key().Clone()};
}

Result<std::vector<std::string>> GroupBook::GroupIds() {
  KRING_ASSIGN_OR_RETURN(auto rows, node_.store().ListGroups());
  std::vector<std::string> ids;
  for (const auto& row : rows) ids.push_back(row.group_id);
  return ids;
}

Result<std::string> GroupBook::OpenEnvelope(const EntryRow& row) {
  if (!row.sealed) {
    return Status::Integrity(i18n::Tr("groups.book.no_body", {{"id", ShortId(row.id)}}));
  }
  return node_.OpenRecord(*row.sealed, kEntryAdPrefix + row.id);
}

Status GroupBook::SaveLocalGroup(const pb::LocalGroup& local) {
  return node_.store().PutGroup(
      GroupRow{local.group_id(),
               node_.SealRecord(local.SerializeAsString(), kGroupAdPrefix + local.group_id())});
}

Result<LoadedGroup> GroupBook::Load(std::string_view group_id) {
  KRING_ASSIGN_OR_RETURN(auto row, node_.store().GetGroup(std::string(group_id)));
  if (!row) {
    return Status::User(i18n::Tr("groups.book.not_in_group", {{"id", ShortId(group_id)}}));
  }
  LoadedGroup group{std::string(group_id)};
  KRING_ASSIGN_OR_RETURN(std::string local_bytes,
                         node_.OpenRecord(row->sealed, kGroupAdPrefix + std::string(group_id)));
  if (!group.local.ParseFromString(local_bytes)) {
    return Status::Integrity(i18n::Tr("groups.book.record_damaged", {{"id", ShortId(group_id)}}));
  }
  KRING_ASSIGN_OR_RETURN(
      auto rows, node_.store().ListEntriesOfKinds(std::string(group_id), pb::ENTRY_KIND_MEMBERSHIP,
                                                  pb::ENTRY_KIND_KEY_EPOCH));
  std::vector<pb::Entry> chain;
  for (const EntryRow& entry_row : rows) {
    if (entry_row.retracted || !IsChainKind(static_cast<pb::EntryKind>(entry_row.kind))) {
      continue;
    }
    KRING_ASSIGN_OR_RETURN(std::string bytes, OpenEnvelope(entry_row));
    pb::Entry entry;
    if (!entry.ParseFromString(bytes)) {
      return Status::Integrity(
          i18n::Tr("groups.book.entry_damaged", {{"id", ShortId(entry_row.id)}}));
    }
    chain.push_back(std::move(entry));
  }
  auto verdicts = group.ledger.AdmitBatch(chain, NoEntries, NowMillis() + kLoadClockSlackMs);
  for (const Verdict& verdict : verdicts) {
    if (!verdict.ok()) {
      return Status::Integrity(
          i18n::Tr("groups.book.chain_invalid", {{"reason", verdict.message()}}));
    }
  }
  if (!group.local.relay()) {
    auto keys = UnlockEpochKeys(group.ledger, node_.signing_public_key(), MySealingKeys());
    if (keys.ok()) group.keys = std::move(keys).value();
  }
  group.names = RevealNames(group.ledger.state(), group.keys);
  if (!group.names.group_name.empty()) group.ledger.set_group_name(group.names.group_name);
  return group;
}

Result<std::string> GroupBook::Resolve(std::string_view name_or_id) {
  KRING_ASSIGN_OR_RETURN(auto ids, GroupIds());
  std::vector<std::string> matches;
  const std::string wanted = LowerAscii(name_or_id);
  for (const auto& id : ids) {
    if (wanted.size() >= 4 && ToHex(id).rfind(wanted, 0) == 0) {
      matches.push_back(id);
      continue;
    }
    auto group = Load(id);
    if (group.ok() && LowerAscii(group->names.group_name) == wanted) matches.push_back(id);
  }
  if (matches.empty()) {
    std::vector<std::string> names;
    for (const auto& id : ids) {
      auto group = Load(id);
      if (group.ok() && !group->names.group_name.empty()) names.push_back(group->names.group_name);
    }
    const std::optional<std::string> meant = ClosestMatch(name_or_id, names);
    if (meant) {
      return Status::User(
          i18n::Tr("groups.book.no_such_group_meant", {{"name", name_or_id}, {"meant", *meant}}));
    }
    return Status::User(i18n::Tr("groups.book.no_such_group", {{"name", name_or_id}}));
  }
  if (matches.size() > 1) {
    // A group this node left or was removed from no longer claims its name.
    std::vector<std::string> current;
    for (const auto& id : matches) {
      auto group = Load(id);
      if (group.ok() && (group->local.relay() ||
                         group->state().FindMember(node_.signing_public_key()) != nullptr)) {
        current.push_back(id);
      }
    }
    if (current.size() == 1) return current.front();
  }
  if (matches.size() > 1) {
    // Two groups may carry one name (someone else's group that this node joined): each is shown
    // and named by its id, which always works.
    std::string list;
    for (const auto& id : matches) {
      auto group = Load(id);
      std::string admin;
      if (group.ok()) {
        for (const auto& [key, member] : group->state().members()) {
          if (member.role == pb::ROLE_ADMIN) admin = group->Alias(key);
        }
      }
      list += (list.empty() ? "" : ", ") +
              (admin.empty() ? ShortId(id)
                             : i18n::Tr("groups.book.match_with_admin",
                                        {{"id", ShortId(id)}, {"admin", admin}}));
    }
    return Status::User(i18n::Tr("groups.book.name_ambiguous", {{"n", matches.size()},
                                                                {"name", name_or_id},
                                                                {"matches", list},
                                                                {"id", ShortId(matches.front())}}));
  }
  return matches.front();
}

Result<std::optional<KnownEntry>> GroupBook::Lookup(std::string_view id) {
  KRING_ASSIGN_OR_RETURN(auto row, node_.store().GetEntry(std::string(id)));
  if (!row) return std::optional<KnownEntry>();
  KnownEntry known;
  if (row->retracted) {
    known.retracted = true;
    pb::RetractedStub stub;
    if (row->sealed) {
      KRING_ASSIGN_OR_RETURN(std::string bytes,
                             node_.OpenRecord(*row->sealed, kStubAdPrefix + row->id));
      stub.ParseFromString(bytes);
    }
    if (stub.header().empty() || !known.header.ParseFromString(stub.header())) {
      known.header.set_group_id(row->group_id);
      known.header.set_kind(pb::ENTRY_KIND_CASE);
      known.header.set_author_key(stub.tombstone_author());
    }
    return std::optional<KnownEntry>(std::move(known));
  }
  KRING_ASSIGN_OR_RETURN(std::string bytes, OpenEnvelope(*row));
  pb::Entry entry;
  if (!entry.ParseFromString(bytes) || !known.header.ParseFromString(entry.header())) {
    return Status::Integrity(i18n::Tr("groups.book.entry_damaged", {{"id", ShortId(id)}}));
  }
  return std::optional<KnownEntry>(std::move(known));
}

Result<std::vector<EntryRow>> GroupBook::RowsFor(const std::vector<CheckedEntry>& entries,
                                                 std::vector<std::string>* retracted_cases) {
  std::vector<EntryRow> rows;
  const int64_t now = NowMillis();
  for (const CheckedEntry& entry : entries) {
    EntryRow row;
    row.id = entry.id;
    row.group_id = entry.header.group_id();
    row.created_at = static_cast<int64_t>(entry.header.created_at());
    row.kind = entry.header.kind();
    row.sealed = node_.SealRecord(entry.envelope.SerializeAsString(), kEntryAdPrefix + entry.id);
    row.received_at = now;
    rows.push_back(std::move(row));
    if (entry.header.kind() == pb::ENTRY_KIND_RETRACTION) {
      retracted_cases->push_back(ReferencedCase(entry.header));
    }
  }
  return rows;
}

Status GroupBook::ApplyRetractions(std::string_view group_id,
                                   const std::vector<std::string>& case_ids,
                                   const std::vector<CheckedEntry>& tombstones,
                                   size_t* bodies_removed) {
  if (case_ids.empty()) return Status::Ok();
  Store& store = node_.store();
  KRING_ASSIGN_OR_RETURN(auto rows, store.ListEntries(std::string(group_id)));
  for (const std::string& case_id : case_ids) {
    KRING_ASSIGN_OR_RETURN(auto case_row, store.GetEntry(case_id));
    if (case_row && case_row->retracted) continue;
    if (!case_row) {
      // A case this node never saw: remember who withdrew it, so it is refused if it comes.
      pb::RetractedStub stub;
      for (const CheckedEntry& t : tombstones) {
        if (ReferencedCase(t.header) == case_id) stub.set_tombstone_author(t.header.author_key());
      }
      EntryRow placeholder{case_id,
                           std::string(group_id),
                           0,
                           pb::ENTRY_KIND_CASE,
                           node_.SealRecord(stub.SerializeAsString(), kStubAdPrefix + case_id),
                           NowMillis(),
                           true};
      KRING_RETURN_IF_ERROR(store.InsertEntries({placeholder}).status());
      continue;
    }
    // The case and its revisions lose their bodies; their signed headers stay.
    for (const EntryRow& row : rows) {
      if (row.retracted || !row.sealed) continue;
      const bool is_case = row.id == case_id;
      if (!is_case && row.kind != pb::ENTRY_KIND_CASE_REVISION) continue;
      KRING_ASSIGN_OR_RETURN(std::string bytes, OpenEnvelope(row));
      pb::Entry entry;
      pb::EntryHeader header;
      if (!entry.ParseFromString(bytes) || !header.ParseFromString(entry.header())) continue;
      if (!is_case && ReferencedCase(header) != case_id) continue;
      pb::RetractedStub stub;
      stub.set_header(entry.header());
      WipeString(bytes);
      KRING_RETURN_IF_ERROR(store.MarkRetracted(
          row.id, node_.SealRecord(stub.SerializeAsString(), kStubAdPrefix + row.id)));
      ++*bodies_removed;
    }
  }
  return Status::Ok();
}

Result<std::string> GroupBook::Create(const std::string& name) {
  // Names are how coaches address groups: one node never holds two of its own making with the
  // same name (a joined group may still clash; Resolve then asks for the id).
  KRING_ASSIGN_OR_RETURN(auto ids, GroupIds());
  for (const std::string& id : ids) {
    auto group = Load(id);
    if (group.ok() && LowerAscii(group->names.group_name) == LowerAscii(TrimAscii(name)) &&
        group->state().FindMember(node_.signing_public_key()) != nullptr) {
      return Status::User(i18n::Tr("groups.book.name_taken",
                                   {{"name", group->names.group_name}, {"id", ShortId(id)}}));
    }
  }
  KRING_ASSIGN_OR_RETURN(CreatedGroup created, CreateGroup(name, Me(), node_.signing_secret_key(),
                                                           static_cast<uint64_t>(NowMillis())));
  LoadedGroup group{created.group_id};
  group.local.set_group_id(created.group_id);
  group.local.set_joined_at(NowMillis());
  KRING_RETURN_IF_ERROR(Append(group, created.entries));
  return created.group_id;
}

EntryLookup GroupBook::BatchLookup(LookupCache& cache) {
  return [this, &cache](std::string_view id) -> std::optional<KnownEntry> {
    auto it = cache.find(id);
    if (it != cache.end()) return it->second;
    auto known = Lookup(id);
    if (!known.ok()) return std::nullopt;  // not remembered: a later call may read it
    cache.emplace(std::string(id), *known);
    return *known;
  };
}

Status GroupBook::Append(LoadedGroup& group, const std::vector<pb::Entry>& entries) {
  LookupCache cache;
  auto verdicts =
      group.ledger.AdmitBatch(entries, BatchLookup(cache), static_cast<uint64_t>(NowMillis()));
  std::vector<CheckedEntry> checked;
  for (Verdict& verdict : verdicts) {
    if (!verdict.ok()) return verdict.status();
    checked.push_back(std::move(verdict).entry());
  }
  std::vector<std::string> retracted;
  KRING_ASSIGN_OR_RETURN(auto rows, RowsFor(checked, &retracted));
  KRING_ASSIGN_OR_RETURN(auto tx, node_.store().Begin());
  KRING_RETURN_IF_ERROR(SaveLocalGroup(group.local));
  KRING_RETURN_IF_ERROR(node_.store().InsertEntries(rows).status());
  size_t removed = 0;
  KRING_RETURN_IF_ERROR(ApplyRetractions(group.group_id, retracted, checked, &removed));
  return tx->Commit();
}

Result<bool> GroupBook::Maintain(LoadedGroup& group) {
  const GroupState& state = group.state();
  if (group.local.relay() || state.pending() != KeysPending::kRotation ||
      state.FindMember(node_.signing_public_key()) == nullptr) {
    return false;
  }
  KRING_ASSIGN_OR_RETURN(pb::Entry rotation,
                         RotateGroupKey(group.ledger, group.keys, Me(), node_.signing_secret_key(),
                                        static_cast<uint64_t>(NowMillis())));
  KRING_RETURN_IF_ERROR(Append(group, {rotation}));
  KRING_ASSIGN_OR_RETURN(group, Load(group.group_id));
  return true;
}

Result<ImportReport> GroupBook::Import(std::string_view group_id,
                                       const std::vector<pb::Entry>& entries, ImportMode mode,
                                       size_t batch_size) {
  ImportReport report;
  report.received = entries.size();
  KRING_ASSIGN_OR_RETURN(auto existing, node_.store().GetGroup(std::string(group_id)));
  std::optional<LoadedGroup> group;
  if (existing) {
    KRING_ASSIGN_OR_RETURN(LoadedGroup loaded, Load(group_id));
    group.emplace(std::move(loaded));
  } else if (mode == ImportMode::kKnownGroupOnly) {
    return Status::User(i18n::Tr("groups.book.import_unknown_group", {{"id", ShortId(group_id)}}));
  } else {
    group.emplace(std::string(group_id));
    group->local.set_group_id(std::string(group_id));
    group->local.set_relay(mode == ImportMode::kRelay);
    group->local.set_joined_at(NowMillis());
  }

  // Skip what is already here (replays are no-ops).
  std::vector<pb::Entry> fresh;
  for (const pb::Entry& entry : entries) {
    KRING_ASSIGN_OR_RETURN(bool have, node_.store().HasEntry(EntryId(entry)));
    if (have) {
      ++report.already_had;
    } else {
      fresh.push_back(entry);
    }
  }
  LookupCache cache;
  auto verdicts =
      group->ledger.AdmitBatch(fresh, BatchLookup(cache), static_cast<uint64_t>(NowMillis()));
  std::vector<CheckedEntry> valid;
  for (size_t i = 0; i < verdicts.size(); ++i) {
    if (verdicts[i].ok()) {
      valid.push_back(std::move(verdicts[i]).entry());
    } else if (verdicts[i].reason() == RejectReason::kMissingParent) {
      report.waiting.push_back(fresh[i]);
    } else {
      report.rejected.push_back(verdicts[i].message());
    }
  }
  if (!existing) {
    const GroupState& state = group->ledger.state();
    const bool member = state.FindMember(node_.signing_public_key()) != nullptr;
    if (!state.has_genesis() || (mode == ImportMode::kMayJoin && !member)) {
      return Status::User(i18n::Tr("groups.book.import_not_member", {{"id", ShortId(group_id)}}));
    }
    report.joined = true;
  }
  // Chain entries first, then content in time order, so a batch never depends on a later one.
  std::stable_sort(valid.begin(), valid.end(), [](const CheckedEntry& a, const CheckedEntry& b) {
    bool ca = IsChainKind(a.header.kind()), cb = IsChainKind(b.header.kind());
    if (ca != cb) return ca;
    return a.header.created_at() < b.header.created_at();
  });
  for (size_t start = 0; start < valid.size() || (start == 0 && report.joined);
       start += batch_size) {
    size_t end = std::min(valid.size(), start + batch_size);
    std::vector<CheckedEntry> batch(valid.begin() + static_cast<std::ptrdiff_t>(start),
                                    valid.begin() + static_cast<std::ptrdiff_t>(end));
    std::vector<std::string> retracted;
    KRING_ASSIGN_OR_RETURN(auto rows, RowsFor(batch, &retracted));
    KRING_ASSIGN_OR_RETURN(auto tx, node_.store().Begin());
    if (start == 0 && report.joined) KRING_RETURN_IF_ERROR(SaveLocalGroup(group->local));
    KRING_ASSIGN_OR_RETURN(int inserted, node_.store().InsertEntries(rows));
    KRING_RETURN_IF_ERROR(ApplyRetractions(group_id, retracted, batch, &report.bodies_removed));
    KRING_RETURN_IF_ERROR(tx->Commit());
    report.stored += static_cast<size_t>(inserted);
    for (const CheckedEntry& e : batch) ++report.stored_by_kind[e.header.kind()];
    if (valid.empty()) break;
  }
  return report;
}

Result<std::vector<GroupEntry>> GroupBook::ListEntries(std::string_view group_id) {
  KRING_ASSIGN_OR_RETURN(auto rows, node_.store().ListEntries(std::string(group_id)));
  std::vector<GroupEntry> out;
  for (const EntryRow& row : rows) {
    GroupEntry entry;
    entry.id = row.id;
    entry.retracted = row.retracted;
    if (row.retracted) {
      KRING_ASSIGN_OR_RETURN(auto known, Lookup(row.id));
      if (known) entry.header = known->header;
      if (entry.header.created_at() == 0 && row.created_at == 0) continue;  // unseen case
    } else {
      KRING_ASSIGN_OR_RETURN(std::string bytes, OpenEnvelope(row));
      if (!entry.envelope.ParseFromString(bytes) ||
          !entry.header.ParseFromString(entry.envelope.header())) {
        return Status::Integrity(i18n::Tr("groups.book.entry_damaged", {{"id", ShortId(row.id)}}));
      }
    }
    out.push_back(std::move(entry));
  }
  return out;
}

Result<std::vector<pb::Entry>> GroupBook::ExportEntries(std::string_view group_id) {
  KRING_ASSIGN_OR_RETURN(auto entries, ListEntries(group_id));
  std::vector<pb::Entry> chain, content;
  for (auto& entry : entries) {
    if (entry.retracted) continue;
    (IsChainKind(entry.header.kind()) ? chain : content).push_back(std::move(entry.envelope));
  }
  chain.insert(chain.end(), std::make_move_iterator(content.begin()),
               std::make_move_iterator(content.end()));
  return chain;
}

Result<std::vector<EntryKey>> GroupBook::ReconciliationKeys(std::string_view group_id) {
  return node_.store().ListEntryKeys(std::string(group_id));
}

Result<std::vector<pb::Entry>> GroupBook::GetEntries(const std::vector<std::string>& ids) {
  std::vector<pb::Entry> out;
  for (const std::string& id : ids) {
    KRING_ASSIGN_OR_RETURN(auto row, node_.store().GetEntry(id));
    if (!row || row->retracted || !row->sealed) continue;
    KRING_ASSIGN_OR_RETURN(std::string bytes, OpenEnvelope(*row));
    pb::Entry entry;
    if (!entry.ParseFromString(bytes)) {
      return Status::Integrity(i18n::Tr("groups.book.entry_damaged", {{"id", ShortId(id)}}));
    }
    out.push_back(std::move(entry));
  }
  return out;
}

Result<std::string> ResolveMember(const LoadedGroup& group, std::string_view who,
                                  bool include_former) {
  const std::string wanted = LowerAscii(who);
  const std::string wanted_fp = CompactFingerprint(who);
  std::vector<std::string> matches;
  auto consider = [&](const std::string& key) {
    auto alias = group.names.alias_by_key.find(key);
    bool by_alias = alias != group.names.alias_by_key.end() && LowerAscii(alias->second) == wanted;
    bool by_fp =
        wanted_fp.size() >= 4 && CompactFingerprint(Fingerprint(key)).rfind(wanted_fp, 0) == 0;
    bool by_hex = wanted.size() >= 8 && ToHex(key).rfind(wanted, 0) == 0;
    if ((by_alias || by_fp || by_hex) &&
        std::find(matches.begin(), matches.end(), key) == matches.end()) {
      matches.push_back(key);
    }
  };
  for (const auto& [key, member] : group.state().members()) consider(key);
  if (include_former) {
    for (const auto& [key, member] : group.state().former_members()) consider(key);
  }
  if (matches.empty()) {
    return Status::User(i18n::Tr("groups.book.no_member", {{"who", who}, {"group", group.Name()}}));
  }
  if (matches.size() > 1) {
    return Status::User(
        i18n::Tr("groups.book.member_ambiguous", {{"who", who}, {"group", group.Name()}}));
  }
  return matches.front();
}

}  // namespace kring
