#include "core/groups/group_ledger.h"

#include <algorithm>
#include <optional>
#include <system_error>
#include <thread>
#include <utility>

#include "core/i18n/messages.h"

namespace kring {
namespace {

// Below this many entries per thread, starting a thread costs more than it saves.
constexpr size_t kEntriesPerThread = 32;
constexpr unsigned kMaxCheckThreads = 8;

}  // namespace

std::vector<Verdict> CheckEnvelopes(const std::vector<pb::Entry>& entries,
                                    const ValidationLimits& limits) {
  std::vector<std::optional<Verdict>> checked(entries.size());
  const unsigned cores =
      std::max(1u, std::min(std::thread::hardware_concurrency(), kMaxCheckThreads));
  const size_t workers =
      std::max<size_t>(1, std::min<size_t>(cores, entries.size() / kEntriesPerThread));
  auto check = [&](size_t first) {
    for (size_t i = first; i < entries.size(); i += workers) {
      checked[i] = CheckEnvelope(entries[i], limits);
    }
  };
  std::vector<std::thread> threads;
  size_t started = 1;
  for (; started < workers; ++started) {
    try {
      threads.emplace_back(check, started);
    } catch (const std::system_error&) {
      break;  // no thread to be had (e.g. a process limit): this thread does the rest
    }
  }
  check(0);
  for (std::thread& t : threads) t.join();
  for (size_t w = started; w < workers; ++w) check(w);
  std::vector<Verdict> out;
  out.reserve(entries.size());
  for (auto& verdict : checked) out.push_back(std::move(*verdict));
  return out;
}

std::optional<KnownEntry> NoEntries(std::string_view) { return std::nullopt; }

GroupLedger::GroupLedger(std::string group_id, ValidationLimits limits)
    : group_id_(std::move(group_id)), limits_(limits), resolved_state_(group_id_) {
  resolved_state_.set_max_members(limits_.max_members);
}

std::string GroupLedger::Label() const {
  if (!group_name_.empty()) return i18n::Tr("groups.label.named", {{"name", group_name_}});
  return i18n::Tr("groups.label.id", {{"id", ShortId(group_id_)}});
}

const CheckedEntry* GroupLedger::FindChainEntry(std::string_view id) const {
  auto it = nodes_.find(id);
  return it == nodes_.end() ? nullptr : &it->second.entry;
}

Verdict GroupLedger::Reject(const std::string& id, const RuleBreach& breach) const {
  return Verdict::Reject(breach.reason, i18n::Tr("groups.entry_rejected",
                                                 {{"id", ShortId(id)}, {"reason", breach.why}}));
}

Verdict GroupLedger::Validate(const pb::Entry& entry, const EntryLookup& lookup,
                              uint64_t now_ms) const {
  Verdict envelope = CheckEnvelope(entry, limits_);
  if (!envelope.ok()) return envelope;
  GroupState unused(group_id_);
  return ValidateChecked(std::move(envelope).entry(), lookup, now_ms, &unused);
}

Verdict GroupLedger::ValidateChecked(CheckedEntry checked, const EntryLookup& lookup,
                                     uint64_t now_ms, GroupState* chain_state_after) const {
  const pb::EntryHeader& h = checked.header;
  if (h.group_id() != group_id_) {
    return Reject(checked.id, {RejectReason::kWrongGroup,
                               i18n::Tr("groups.reject.wrong_group",
                                        {{"id", ShortId(h.group_id())}, {"group", Label()}})});
  }
  if (h.created_at() > now_ms + limits_.max_future_skew_ms) {
    return Reject(checked.id, {RejectReason::kFromTheFuture, i18n::Tr("groups.reject.future")});
  }
  if (IsChainKind(h.kind())) return ValidateChain(std::move(checked), chain_state_after);
  return ValidateContent(std::move(checked), lookup);
}

Verdict GroupLedger::ValidateChain(CheckedEntry checked, GroupState* state_after) const {
  const pb::EntryHeader& h = checked.header;
  if (nodes_.contains(checked.id)) {
    *state_after = nodes_.find(checked.id)->second.state_after;
    return Verdict::Accept(std::move(checked));  // a replay: same bytes, same id
  }
  GroupState state(group_id_);
  state.set_max_members(limits_.max_members);
  if (h.parents_size() > 1) {
    return Reject(checked.id,
                  {RejectReason::kTooManyParents,
                   i18n::Tr("groups.reject.one_parent_not", {{"n", h.parents_size()}})});
  }
  if (h.parents_size() == 1) {
    auto parent = nodes_.find(h.parents(0));
    if (parent == nodes_.end()) {
      return Reject(checked.id,
                    {RejectReason::kMissingParent,
                     i18n::Tr("groups.reject.missing_change", {{"id", ShortId(h.parents(0))}})});
    }
    state = parent->second.state_after;
  }
  RuleBreach breach = state.Apply(checked);
  if (!breach.ok()) {
    breach.why = i18n::Tr("groups.reason_in_group", {{"reason", breach.why}, {"group", Label()}});
    return Reject(checked.id, breach);
  }
  *state_after = std::move(state);
  return Verdict::Accept(std::move(checked));
}

Verdict GroupLedger::ValidateContent(CheckedEntry checked, const EntryLookup& lookup) const {
  const pb::EntryHeader& h = checked.header;
  const GroupState& state = resolved_state_;
  if (!state.has_genesis()) {
    return Reject(checked.id, {RejectReason::kUnknownGroup,
                               i18n::Tr("groups.reject.not_in_group", {{"group", Label()}})});
  }
  if (h.created_at() + limits_.max_future_skew_ms < state.genesis_created_ms()) {
    return Reject(checked.id, {RejectReason::kFromTheFuture,
                               i18n::Tr("groups.reject.before_group", {{"group", Label()}})});
  }
  const bool is_case = h.kind() == pb::ENTRY_KIND_CASE;
  const int wanted_parents = is_case ? 0 : 1;
  if (h.parents_size() != wanted_parents) {
    return Reject(
        checked.id,
        {RejectReason::kTooManyParents,
         i18n::Tr(is_case ? "groups.reject.case_parents" : "groups.reject.content_parents",
                  {{"kind", KindPhrase(h.kind())},
                   {"entries", i18n::Tr("groups.count.entries", {{"n", h.parents_size()}})}})});
  }
  if (!is_case) {
    const std::string& case_id = h.parents(0);
    std::optional<KnownEntry> known = lookup ? lookup(case_id) : std::nullopt;
    // A retraction may arrive at a node that never saw the case (it was withdrawn before this
    // node joined, and peers no longer pass its body on). It is accepted on its author's
    // membership alone; the store then refuses the case unless it comes from another author.
    if (!known.has_value() && h.kind() == pb::ENTRY_KIND_RETRACTION) {
      known = KnownEntry{};
      known->header.set_group_id(group_id_);
      known->header.set_kind(pb::ENTRY_KIND_CASE);
      known->header.set_author_key(h.author_key());
    }
    if (!known.has_value()) {
      return Reject(checked.id,
                    {RejectReason::kMissingParent,
                     i18n::Tr("groups.reject.missing_case", {{"id", ShortId(case_id)}})});
    }
    if (known->header.group_id() != group_id_ || known->header.kind() != pb::ENTRY_KIND_CASE) {
      return Reject(checked.id, {RejectReason::kMalformed,
                                 i18n::Tr("groups.reject.parent_not_case",
                                          {{"id", ShortId(case_id)}, {"group", Label()}})});
    }
    if (known->retracted && h.kind() != pb::ENTRY_KIND_RETRACTION) {
      return Reject(checked.id,
                    {RejectReason::kCaseRetracted,
                     i18n::Tr("groups.reject.case_withdrawn", {{"id", ShortId(case_id)}})});
    }
    const bool author_only =
        h.kind() == pb::ENTRY_KIND_RETRACTION || h.kind() == pb::ENTRY_KIND_CASE_REVISION;
    if (author_only && known->header.author_key() != h.author_key()) {
      return Reject(checked.id, {RejectReason::kNotCaseAuthor,
                                 i18n::Tr(h.kind() == pb::ENTRY_KIND_RETRACTION
                                              ? "groups.reject.author_only_withdraw"
                                              : "groups.reject.author_only_revise",
                                          {{"id", ShortId(case_id)}})});
    }
  }
  if (h.kind() == pb::ENTRY_KIND_RETRACTION) {
    // A coach who left the group can still withdraw their own case (a client may withdraw
    // consent at any time), so a retraction needs authorship and a known epoch, not tenure.
    if (!state.epochs().contains(h.key_epoch())) {
      return Reject(checked.id, {RejectReason::kUnknownEpoch,
                                 i18n::Tr("groups.reject.unknown_epoch",
                                          {{"epoch", h.key_epoch()}, {"group", Label()}})});
    }
    if (!state.WasMemberDuring(h.author_key(), h.key_epoch())) {
      return Reject(checked.id,
                    {RejectReason::kNotMember, i18n::Tr("groups.reject.not_a_member_at",
                                                        {{"author", Fingerprint(h.author_key())},
                                                         {"group", Label()},
                                                         {"epoch", h.key_epoch()}})});
    }
    return Verdict::Accept(std::move(checked));
  }
  RuleBreach breach =
      state.CheckContentAuthor(h.author_key(), h.kind(), h.key_epoch(), h.created_at(), Label());
  if (!breach.ok()) return Reject(checked.id, breach);
  return Verdict::Accept(std::move(checked));
}

Verdict GroupLedger::Admit(const pb::Entry& entry, const EntryLookup& lookup, uint64_t now_ms) {
  return AdmitEnvelope(CheckEnvelope(entry, limits_), lookup, now_ms);
}

Verdict GroupLedger::AdmitEnvelope(Verdict envelope, const EntryLookup& lookup, uint64_t now_ms) {
  if (!envelope.ok()) return envelope;
  GroupState state_after(group_id_);
  Verdict verdict = ValidateChecked(std::move(envelope).entry(), lookup, now_ms, &state_after);
  if (!verdict.ok() || !IsChainKind(verdict.entry().header.kind()) ||
      nodes_.contains(verdict.entry().id)) {
    return verdict;
  }
  const CheckedEntry& checked = verdict.entry();
  Node node{checked, std::move(state_after), {}, {}};
  if (checked.header.parents_size() == 1) {
    node.parent = checked.header.parents(0);
    nodes_.find(node.parent)->second.children.insert(checked.id);
  } else {
    roots_.insert(checked.id);
  }
  nodes_.emplace(checked.id, std::move(node));
  Resolve();
  return verdict;
}

void GroupLedger::Resolve() {
  // At every fork follow the child with the smallest id: every node that holds the same set of
  // valid chain entries reaches the same head, whatever order they arrived in.
  resolved_path_.clear();
  if (roots_.empty()) return;
  std::string current = *roots_.begin();
  while (true) {
    resolved_path_.push_back(current);
    const Node& node = nodes_.find(current)->second;
    if (node.children.empty()) break;
    current = *node.children.begin();
  }
  resolved_state_ = nodes_.find(current)->second.state_after;
}

std::vector<std::string> GroupLedger::OverruledEntries() const {
  std::set<std::string> on_path(resolved_path_.begin(), resolved_path_.end());
  std::vector<std::string> out;
  for (const auto& [id, node] : nodes_) {
    if (!on_path.contains(id)) out.push_back(id);
  }
  return out;
}

std::vector<pb::Entry> GroupLedger::ChainEntries() const {
  std::vector<pb::Entry> out;
  std::vector<std::string> frontier(roots_.begin(), roots_.end());
  while (!frontier.empty()) {
    std::string id = std::move(frontier.back());
    frontier.pop_back();
    const Node& node = nodes_.find(id)->second;
    out.push_back(node.entry.envelope);
    frontier.insert(frontier.end(), node.children.begin(), node.children.end());
  }
  return out;
}

std::vector<Verdict> GroupLedger::AdmitBatch(const std::vector<pb::Entry>& entries,
                                             const EntryLookup& lookup, uint64_t now_ms) {
  std::vector<std::optional<Verdict>> verdicts(entries.size());
  // Content entries may refer to cases earlier or later in the same batch.
  std::map<std::string, KnownEntry, std::less<>> batch_cases;
  EntryLookup batch_lookup = [&](std::string_view id) -> std::optional<KnownEntry> {
    auto it = batch_cases.find(id);
    if (it != batch_cases.end()) return it->second;
    return lookup ? lookup(id) : std::nullopt;
  };
  // The envelope checks (parsing, sizes, the Ed25519 signature: most of the work) depend on
  // nothing but the entry itself, so they run up front, spread over the cores.
  const std::vector<Verdict> envelopes = CheckEnvelopes(entries, limits_);
  auto is_chain = [&](size_t i) {
    return envelopes[i].ok() && IsChainKind(envelopes[i].entry().header.kind());
  };
  for (bool chain_phase : {true, false}) {
    // Retry until a pass accepts nothing new: an entry may depend on one later in the batch.
    // Each pass accepts at least one more entry or ends the loop, so it ends.
    bool progress = true;
    while (progress) {
      progress = false;
      for (size_t i = 0; i < entries.size(); ++i) {
        if (is_chain(i) != chain_phase) continue;
        if (verdicts[i].has_value() && verdicts[i]->ok()) continue;
        Verdict verdict = AdmitEnvelope(envelopes[i], batch_lookup, now_ms);
        if (verdict.ok()) {
          progress = true;
          if (verdict.entry().header.kind() == pb::ENTRY_KIND_CASE) {
            batch_cases[verdict.entry().id] = KnownEntry{verdict.entry().header, false};
          }
        }
        verdicts[i] = std::move(verdict);
      }
    }
  }
  std::vector<Verdict> out;
  out.reserve(entries.size());
  for (auto& verdict : verdicts) out.push_back(std::move(*verdict));
  return out;
}

Verdict ValidateEntry(const pb::Entry& entry, const GroupLedger& ledger, const EntryLookup& lookup,
                      uint64_t now_ms) {
  return ledger.Validate(entry, lookup, now_ms);
}

}  // namespace kring
