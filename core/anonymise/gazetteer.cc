#include "core/anonymise/gazetteer.h"

#include <array>

#include "core/anonymise/data_files.h"
#include "core/base/utf8.h"
#include "core/i18n/messages.h"

namespace kring {
namespace {

struct ListFile {
  std::string_view name;
  uint32_t flags;
};

constexpr std::array<ListFile, 18> kLists = {{
    {"first_names_nl.txt", Gazetteer::kFirstName},
    {"first_names_en.txt", Gazetteer::kFirstName},
    {"surnames_nl.txt", Gazetteer::kSurname},
    {"surnames_en.txt", Gazetteer::kSurname},
    {"places_nl.txt", Gazetteer::kPlace},
    {"places_en.txt", Gazetteer::kPlace},
    {"org_heads.txt", Gazetteer::kOrgHead},
    {"org_suffixes.txt", Gazetteer::kOrgSuffix},
    {"organisations.txt", Gazetteer::kOrgKnown},
    {"titles.txt", Gazetteer::kTitle},
    {"role_cues.txt", Gazetteer::kRoleCue},
    {"name_prefixes.txt", Gazetteer::kPrefix},
    {"stopwords_nl.txt", Gazetteer::kStopword | Gazetteer::kStopwordNl},
    {"stopwords_en.txt", Gazetteer::kStopword | Gazetteer::kStopwordEn},
    {"common_nl.txt", Gazetteer::kCommon},
    {"common_en.txt", Gazetteer::kCommon},
    {"common_proper.txt", Gazetteer::kCommon},
    {"street_words.txt", 0},  // read by the address rule; listed so a missing file is noticed
}};

}  // namespace

void Gazetteer::Add(std::string_view entry, uint32_t flags) {
  std::string lower = ToLower(entry);
  size_t space = lower.find(' ');
  if (space == std::string::npos) {
    words_[lower] |= flags;
    return;
  }
  phrases_[lower] |= flags;
  words_[lower.substr(0, space)] |= kPhraseStart;
}

void Gazetteer::AddList(std::string_view contents, uint32_t flags) {
  AddEntries(contents, flags);
  table_.Build(words_);
}

void Gazetteer::AddEntries(std::string_view contents, uint32_t flags) {
  while (!contents.empty()) {
    size_t nl = contents.find('\n');
    std::string_view line = contents.substr(0, nl);
    contents = nl == std::string_view::npos ? std::string_view() : contents.substr(nl + 1);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (line.empty() || line.front() == '#') continue;
    Add(line, flags);
  }
}

void Gazetteer::AddStreetWords(std::string_view contents) {
  bool english = false;
  while (!contents.empty()) {
    size_t nl = contents.find('\n');
    std::string_view line = contents.substr(0, nl);
    contents = nl == std::string_view::npos ? std::string_view() : contents.substr(nl + 1);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    if (line == "[nl]" || line == "[en]") {
      english = line == "[en]";
      continue;
    }
    if (english) {
      street_types_en_[ToLower(line)] = true;
    } else {
      street_suffixes_nl_.push_back(ToLower(line));
    }
  }
}

bool Gazetteer::IsDutchStreetName(std::string_view lower) const {
  for (const std::string& suffix : street_suffixes_nl_) {
    if (lower.size() > suffix.size() + 2 && lower.ends_with(suffix)) return true;
  }
  return false;
}

Result<Gazetteer> Gazetteer::LoadEmbedded() {
  Gazetteer g;
  g.words_.reserve(140000);
  for (const ListFile& list : kLists) {
    std::string name(list.name);
    std::optional<std::string_view> contents = anonymise_data::DataFile(name);
    if (!contents) {
      return Status::Integrity(i18n::Tr("anonymiser.error.word_list_missing", {{"name", name}}));
    }
    if (list.flags != 0) {
      g.AddEntries(*contents, list.flags);
    } else {
      g.AddStreetWords(*contents);
    }
  }
  g.table_.Build(g.words_);
  return g;
}

}  // namespace kring
