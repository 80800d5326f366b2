// A node's groups: loads a group's ledger and keys from the store, writes the coach's own
// entries, and imports entries from bundles and peers — validated by the one validation function
// (GroupLedger) and stored in one transaction per batch. Used by the CLI, sync and the relay.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"
#include "core/groups/group_keys.h"
#include "core/groups/group_ledger.h"
#include "core/groups/group_writer.h"
#include "core/store/node.h"
#include "entry.pb.h"
#include "store.pb.h"

namespace kring {

// A group as this node sees it now.
struct LoadedGroup {
  explicit LoadedGroup(std::string id) : group_id(id), ledger(id) {}
  std::string group_id;
  GroupLedger ledger;
  EpochKeys keys;  // empty on a relay, or for a member whose key has not arrived yet
  GroupNames names;
  pb::LocalGroup local;

  std::string Name() const;                       // the group's name, or its short id
  std::string Alias(std::string_view key) const;  // a member's alias, or its fingerprint
  const GroupState& state() const { return ledger.state(); }
};

struct ImportReport {
  size_t received = 0;
  size_t stored = 0;
  size_t already_had = 0;
  std::vector<std::string> rejected;  // "entry 3fa2c1d0: signed by a key that ..."
  // Valid-looking entries that refer to a case this node does not have yet (it may come later
  // in the same sync, e.g. when clocks differ); not stored, the caller may retry them.
  std::vector<pb::Entry> waiting;
  size_t bodies_removed = 0;                       // case bodies deleted because of retractions
  std::map<pb::EntryKind, size_t> stored_by_kind;  // what `stored` was made of
  bool joined = false;                             // this import made the node learn the group
};

enum class ImportMode {
  kKnownGroupOnly,  // a peer or bundle for a group this node is not in is refused
  kMayJoin,         // accept an unknown group if its chain makes this node a member
  kRelay,           // store for others without keys (blind relay)
};

// One entry of a group with what this node can read of it.
struct GroupEntry {
  std::string id;
  pb::Entry envelope;
  pb::EntryHeader header;
  bool retracted = false;  // a retracted case: header only
};

class GroupBook {
 public:
  explicit GroupBook(Node& node) : node_(node) {}

  Result<std::vector<std::string>> GroupIds();
  Result<LoadedGroup> Load(std::string_view group_id);
  // A group by name (case-insensitive) or by a prefix of its hex id (at least 4 characters).
  Result<std::string> Resolve(std::string_view name_or_id);

  // The coach's own changes. Each validates every entry first and stores all or nothing.
  Result<std::string> Create(const std::string& name);
  Status Append(LoadedGroup& group, const std::vector<pb::Entry>& entries);
  // Writes what the chain is waiting for and this node may write: after a member left, any
  // remaining member rotates the key. Returns true when it wrote something.
  Result<bool> Maintain(LoadedGroup& group);

  // Entries from outside (bundle, peer). Duplicates are skipped; invalid entries are reported
  // and never stored; valid ones are stored in one transaction per batch.
  Result<ImportReport> Import(std::string_view group_id, const std::vector<pb::Entry>& entries,
                              ImportMode mode, size_t batch_size = 256);

  // Every entry that can be passed on, chain entries first, then by (created_at, id).
  Result<std::vector<pb::Entry>> ExportEntries(std::string_view group_id);
  Result<std::vector<EntryKey>> ReconciliationKeys(std::string_view group_id);
  // The entries with these ids that this node holds and can pass on (missing ones are skipped).
  Result<std::vector<pb::Entry>> GetEntries(const std::vector<std::string>& ids);
  // All entries of a group, including stubs of retracted cases, oldest first.
  Result<std::vector<GroupEntry>> ListEntries(std::string_view group_id);

  WriterIdentity Me() const;
  BoxKeyPair MySealingKeys() const;

 private:
  using LookupCache = std::map<std::string, std::optional<KnownEntry>, std::less<>>;
  Result<std::optional<KnownEntry>> Lookup(std::string_view id);
  // The lookup a batch is validated with: each referenced entry is read from the store (and
  // opened) once per batch, since reviews and requests mostly refer to the same few cases. The
  // store does not change while a batch is checked; `cache` lives as long as the batch.
  EntryLookup BatchLookup(LookupCache& cache);
  Result<std::vector<EntryRow>> RowsFor(const std::vector<CheckedEntry>& entries,
                                        std::vector<std::string>* retracted_cases);
  Status ApplyRetractions(std::string_view group_id, const std::vector<std::string>& case_ids,
                          const std::vector<CheckedEntry>& tombstones, size_t* bodies_removed);
  Result<std::string> OpenEnvelope(const EntryRow& row);
  Status SaveLocalGroup(const pb::LocalGroup& local);

  Node& node_;
};

// Finds a member of a loaded group by alias (case-insensitive), fingerprint prefix or hex key.
Result<std::string> ResolveMember(const LoadedGroup& group, std::string_view who,
                                  bool include_former = false);

}  // namespace kring
