// One case, one id for its author (issue 11): the coach's local case id and the entry id it was
// shared as both name it, wherever a command takes a case (group read, ask, review, retract).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/status.h"
#include "core/groups/group_book.h"
#include "core/groups/group_view.h"
#include "core/store/node.h"

namespace kring::cli {

// The shared case in `group` named by `arg`: a prefix (4 or more hex characters) of its entry id,
// or the local id (or prefix) of this coach's own case shared there. Errors say which ids work.
Result<const SharedCaseView*> FindCaseInGroup(Node& node, const LoadedGroup& group,
                                              const GroupView& view, const std::string& arg);

// The coach's own local case named by `arg`: its local id (or prefix), or a prefix of an entry
// id it was shared as in any group.
Result<std::string> ResolveOwnCaseId(Node& node, const std::string& arg);

// The coach's own local case that was shared as `entry_id` (in any group), if this node still
// holds it.
Result<std::optional<CaseRecord>> LocalCaseOfEntry(Node& node, std::string_view entry_id);

// Every entry id the coach's own cases were shared as, with the local case id: for listings that
// name many entries (one pass over the cases instead of one per entry).
Result<std::map<std::string, std::string>> LocalIdsByEntry(Node& node);

// "Utrecht 1a2b3c4d, Noord 5e6f7a8b": where a local case was shared, as which entry.
std::string SharedAs(GroupBook& book, const pb::StoredCase& stored);

}  // namespace kring::cli
