#include "cli/case_ids.h"

#include "core/base/ascii.h"
#include "core/base/utf8.h"
#include "core/crypto/crypto.h"
#include "core/i18n/messages.h"

namespace kring::cli {
namespace {

using i18n::Tr;

bool IsHex(std::string_view s) {
  return s.find_first_not_of("0123456789abcdefABCDEF") == std::string_view::npos;
}

// A shared case by a prefix of its entry id; nullptr when none matches.
Result<const SharedCaseView*> FindByEntryPrefix(const LoadedGroup& group, const GroupView& view,
                                                const std::string& prefix) {
  if (prefix.size() < 4 || !IsHex(prefix)) return static_cast<const SharedCaseView*>(nullptr);
  const std::string wanted = ToLower(prefix);
  const SharedCaseView* found = nullptr;
  for (const SharedCaseView& c : view.cases) {
    if (ToHex(c.id).rfind(wanted, 0) != 0) continue;
    if (found != nullptr) {
      return Status::User(
          Tr("case.id.several_in_group", {{"id", prefix}, {"group", group.Name()}}));
    }
    found = &c;
  }
  return found;
}

}  // namespace

Result<const SharedCaseView*> FindCaseInGroup(Node& node, const LoadedGroup& group,
                                              const GroupView& view, const std::string& arg) {
  KRING_ASSIGN_OR_RETURN(const SharedCaseView* by_entry, FindByEntryPrefix(group, view, arg));
  if (by_entry != nullptr) return by_entry;
  auto local_id = node.ResolveCaseId(arg);
  if (!local_id.ok()) {
    return Status::User(
        Tr("case.id.not_in_group",
           {{"id", arg}, {"group", group.Name()}, {"quoted", ShellQuote(group.Name())}}));
  }
  KRING_ASSIGN_OR_RETURN(CaseRecord record, node.LoadCase(*local_id));
  const std::string short_id = local_id->substr(0, 8);
  for (const auto& copy : record.stored.shared()) {
    if (copy.group_id() != group.group_id) continue;
    for (const SharedCaseView& c : view.cases) {
      if (c.id == copy.entry_id() && !c.retracted) return &c;
    }
  }
  return Status::User(
      Tr("case.id.not_shared_with",
         {{"id", short_id}, {"group", group.Name()}, {"quoted", ShellQuote(group.Name())}}));
}

Result<std::string> ResolveOwnCaseId(Node& node, const std::string& arg) {
  auto local = node.ResolveCaseId(arg);
  if (local.ok() || arg.size() < 4 || !IsHex(arg)) return local;
  KRING_ASSIGN_OR_RETURN(std::vector<CaseRecord> cases, node.ListCases());
  const std::string wanted = ToLower(arg);
  std::string found;
  for (const CaseRecord& record : cases) {
    for (const pb::SharedCopy& copy : record.stored.shared()) {
      if (ToHex(copy.entry_id()).rfind(wanted, 0) != 0) continue;
      if (!found.empty() && found != record.id) {
        return Status::User(Tr("case.id.several_own", {{"id", arg}}));
      }
      found = record.id;
    }
  }
  if (found.empty()) return local.status();
  return found;
}

Result<std::optional<CaseRecord>> LocalCaseOfEntry(Node& node, std::string_view entry_id) {
  KRING_ASSIGN_OR_RETURN(std::vector<CaseRecord> cases, node.ListCases());
  for (CaseRecord& record : cases) {
    for (const pb::SharedCopy& copy : record.stored.shared()) {
      if (copy.entry_id() == entry_id) return std::optional<CaseRecord>(std::move(record));
    }
  }
  return std::optional<CaseRecord>();
}

Result<std::map<std::string, std::string>> LocalIdsByEntry(Node& node) {
  KRING_ASSIGN_OR_RETURN(std::vector<CaseRecord> cases, node.ListCases());
  std::map<std::string, std::string> out;
  for (const CaseRecord& record : cases) {
    for (const pb::SharedCopy& copy : record.stored.shared()) out[copy.entry_id()] = record.id;
  }
  return out;
}

std::string SharedAs(GroupBook& book, const pb::StoredCase& stored) {
  std::string out;
  for (const pb::SharedCopy& copy : stored.shared()) {
    if (copy.retracted()) continue;
    auto group = book.Load(copy.group_id());
    const std::string name = group.ok()
                                 ? group->Name()
                                 : Tr("case.id.unknown_group", {{"id", ShortId(copy.group_id())}});
    out += (out.empty() ? "" : ", ") + name + " " + ShortId(copy.entry_id());
  }
  return out;
}

}  // namespace kring::cli
