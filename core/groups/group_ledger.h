// The one place that decides whether an entry belongs in a group: the import of a bundle, a sync
// session and a blind relay all call GroupLedger::Validate / Admit. The ledger holds the group's
// membership chain (membership and key_epoch entries, forks included), resolves forks
// deterministically and answers "may this author write this kind at this epoch?".
// Pure: no keys, no storage, no clock (the caller passes now_ms). See docs/groups.md.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/groups/entry.h"
#include "core/groups/group_state.h"

namespace kring {

// What the store knows of an earlier content entry that a new entry refers to.
struct KnownEntry {
  pb::EntryHeader header;
  bool retracted = false;  // a valid retraction of it is stored
};
// Finds a stored content entry of this group by id; the store provides it. Returning nothing
// means "not known (yet)".
using EntryLookup = std::function<std::optional<KnownEntry>(std::string_view id)>;
// A lookup that knows nothing; enough for membership entries and cases.
std::optional<KnownEntry> NoEntries(std::string_view id);

// CheckEnvelope of every entry, in input order, spread over up to 8 threads for large batches
// (the checks are independent and mostly Ed25519 verification).
std::vector<Verdict> CheckEnvelopes(const std::vector<pb::Entry>& entries,
                                    const ValidationLimits& limits);

class GroupLedger {
 public:
  explicit GroupLedger(std::string group_id, ValidationLimits limits = {});

  // The single validation rule set (docs/groups.md, "Validation rules"). Chain entries are
  // checked against the state at their parent, content entries against the resolved chain.
  // Does not change the ledger. A chain entry the ledger already holds is accepted again (same
  // id), so replays are harmless and callers deduplicate by id.
  Verdict Validate(const pb::Entry& entry, const EntryLookup& lookup, uint64_t now_ms) const;

  // Validate, and add a valid membership or key_epoch entry to the chain (re-resolving forks).
  // Content entries are only validated: storing them is the caller's business.
  Verdict Admit(const pb::Entry& entry, const EntryLookup& lookup, uint64_t now_ms);

  // Admits a batch in any order: chain entries first (retrying those whose parent comes later
  // in the batch), then content entries (which may refer to cases in the same batch).
  // Returns one verdict per input entry, in input order.
  std::vector<Verdict> AdmitBatch(const std::vector<pb::Entry>& entries, const EntryLookup& lookup,
                                  uint64_t now_ms);

  // Admit for an entry whose envelope was already checked (CheckEnvelopes).
  Verdict AdmitEnvelope(Verdict envelope, const EntryLookup& lookup, uint64_t now_ms);

  const std::string& group_id() const { return group_id_; }
  const ValidationLimits& limits() const { return limits_; }
  bool has_genesis() const { return !roots_.empty(); }
  // The state at the head of the resolved chain.
  const GroupState& state() const { return resolved_state_; }
  bool HoldsChainEntry(std::string_view id) const { return nodes_.contains(id); }
  const CheckedEntry* FindChainEntry(std::string_view id) const;

  // Ids from the genesis to the head, following the smallest child id at every fork.
  const std::vector<std::string>& resolved_chain() const { return resolved_path_; }
  // Valid chain entries that lost a fork: their changes do not count. The author's node should
  // tell its coach and redo the change on top of the resolved head.
  std::vector<std::string> OverruledEntries() const;
  // Every chain entry held, parents before children (what a bundle or a sync must carry).
  std::vector<pb::Entry> ChainEntries() const;

  // Names the group in messages once the caller has revealed its name (group_keys.h).
  void set_group_name(std::string name) { group_name_ = std::move(name); }
  // "group 'Kring Utrecht'" or "group 3fa2c1d0".
  std::string Label() const;

 private:
  struct Node {
    CheckedEntry entry;
    GroupState state_after;
    std::string parent;  // empty for a genesis
    std::set<std::string> children;
  };

  Verdict ValidateChecked(CheckedEntry checked, const EntryLookup& lookup, uint64_t now_ms,
                          GroupState* chain_state_after) const;
  Verdict ValidateChain(CheckedEntry checked, GroupState* state_after) const;
  Verdict ValidateContent(CheckedEntry checked, const EntryLookup& lookup) const;
  Verdict Reject(const std::string& id, const RuleBreach& breach) const;
  void Resolve();

  std::string group_id_;
  ValidationLimits limits_;
  std::string group_name_;
  std::map<std::string, Node, std::less<>> nodes_;
  std::set<std::string> roots_;  // genesis ids (more than one only if the creator forked it)
  std::vector<std::string> resolved_path_;
  GroupState resolved_state_;
};

// The free-function form of GroupLedger::Validate, for readers who look for it by that name.
Verdict ValidateEntry(const pb::Entry& entry, const GroupLedger& ledger, const EntryLookup& lookup,
                      uint64_t now_ms);

}  // namespace kring
