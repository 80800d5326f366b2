#include "core/anonymise/name_lists.h"

#include "core/base/utf8.h"
#include "core/i18n/messages.h"

namespace kring {
namespace {

int IndexOf(const StringList& list, std::string_view entry) {
  const std::string lower = ToLower(entry);
  for (int i = 0; i < list.size(); ++i) {
    if (ToLower(list.Get(i)) == lower) return i;
  }
  return -1;
}

}  // namespace

Result<std::string> NormaliseListEntry(std::string_view text) {
  if (FindInvalidUtf8(text)) return Status::Usage(i18n::Tr("anonymiser.error.name_not_utf8"));
  std::string out;
  bool pending_space = false;
  for (char c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      pending_space = !out.empty();
      continue;
    }
    if (u < 0x20 || u == 0x7f) {
      return Status::Usage(i18n::Tr("anonymiser.error.name_control"));
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  if (out.empty()) return Status::Usage(i18n::Tr("anonymiser.error.name_empty"));
  if (out.size() > kMaxListEntryBytes) {
    return Status::Usage(i18n::Tr("anonymiser.error.name_too_long",
                                  {{"start", out.substr(0, 40)}, {"max", kMaxListEntryBytes}}));
  }
  return out;
}

bool ListContains(const StringList& list, std::string_view entry) {
  return IndexOf(list, entry) >= 0;
}

Result<ListChange> AddToList(StringList& to, StringList& other,
                             const std::vector<std::string>& names) {
  std::vector<std::string> clean;
  for (const std::string& name : names) {
    KRING_ASSIGN_OR_RETURN(std::string normalised, NormaliseListEntry(name));
    clean.push_back(std::move(normalised));
  }
  if (static_cast<size_t>(to.size()) + clean.size() > kMaxListEntries) {
    return Status::User(i18n::Tr("anonymiser.error.list_full", {{"max", kMaxListEntries}}));
  }
  ListChange change;
  for (std::string& name : clean) {
    if (ListContains(to, name)) {
      change.already.push_back(std::move(name));
      continue;
    }
    if (int i = IndexOf(other, name); i >= 0) {
      other.DeleteSubrange(i, 1);
      change.moved.push_back(name);
    } else {
      change.added.push_back(name);
    }
    *to.Add() = std::move(name);
  }
  return change;
}

Status RemoveFromLists(StringList& first, StringList& second,
                       const std::vector<std::string>& names) {
  std::vector<std::string> missing;
  for (const std::string& name : names) {
    Result<std::string> clean = NormaliseListEntry(name);
    if (!clean.ok() || (!ListContains(first, *clean) && !ListContains(second, *clean))) {
      missing.push_back(name);
    }
  }
  if (!missing.empty()) {
    std::string list;
    for (const std::string& m : missing) list += (list.empty() ? "'" : ", '") + m + "'";
    return Status::User(i18n::Tr("anonymiser.error.not_on_lists", {{"names", list}}));
  }
  for (const std::string& name : names) {
    std::string clean = *NormaliseListEntry(name);
    for (StringList* list : {&first, &second}) {
      if (int i = IndexOf(*list, clean); i >= 0) list->DeleteSubrange(i, 1);
    }
  }
  return Status::Ok();
}

}  // namespace kring
