#include "core/anonymise/gazetteer.h"

#include <algorithm>
#include <array>

#include "core/anonymise/data_files.h"
#include "core/anonymise/number_words.h"
#include "core/base/utf8.h"
#include "core/i18n/messages.h"

namespace kring {
namespace {

struct ListFile {
  std::string_view name;
  uint32_t flags;
};

constexpr std::array<ListFile, 29> kLists = {{
    {"first_names_nl.txt", Gazetteer::kFirstName | Gazetteer::kListed},
    {"first_names_en.txt", Gazetteer::kFirstName | Gazetteer::kListed},
    {"surnames_nl.txt", Gazetteer::kSurname | Gazetteer::kListed},
    {"surnames_en.txt", Gazetteer::kSurname | Gazetteer::kListed},
    {"places_nl.txt", Gazetteer::kPlace | Gazetteer::kListed},
    {"places_en.txt", Gazetteer::kPlace | Gazetteer::kListed},
    // Generated from maintained, licensed lists (scripts/update-name-lists, SOURCES.md).
    {"gen_first_names_nl.txt", Gazetteer::kFirstName},
    {"gen_first_names_en.txt", Gazetteer::kFirstName},
    {"gen_first_names_intl.txt", Gazetteer::kFirstName},
    {"gen_surnames_nl.txt", Gazetteer::kSurname},
    {"gen_surnames_en.txt", Gazetteer::kSurname},
    {"gen_surnames_intl.txt", Gazetteer::kSurname},
    {"gen_places_nl.txt", Gazetteer::kPlace},
    {"gen_places_en.txt", Gazetteer::kPlace},
    {"gen_place_words_nl.txt", Gazetteer::kPlaceWord},
    {"gen_place_words_en.txt", Gazetteer::kPlaceWord},
    {"org_heads.txt", Gazetteer::kOrgHead},
    {"org_suffixes.txt", Gazetteer::kOrgSuffix},
    {"organisations.txt", Gazetteer::kOrgKnown},
    {"organisation_words.txt", Gazetteer::kOrgWord},
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
  // Most entries (the common-word lists) are lower-case ASCII already: no case mapping then.
  const bool plain = std::all_of(entry.begin(), entry.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || c == '-' || c == '\'';
  });
  auto add_word = [this](std::string_view word, uint32_t word_flags) {
    if (word.size() <= WordTable::kInlineBytes) {
      table_.Insert(word, word_flags);
    } else {
      long_words_[std::string(word)] |= word_flags;
    }
  };
  if (plain) {  // one lower-case word (a space is not plain): no copy at all
    add_word(entry, flags);
    return;
  }
  // One ASCII word in any case ("Kloosterboer"): lowered on the stack.
  if (entry.size() <= WordTable::kInlineBytes &&
      std::all_of(entry.begin(), entry.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '\'';
      })) {
    char buffer[WordTable::kInlineBytes];
    for (size_t k = 0; k < entry.size(); ++k) {
      const char c = entry[k];
      buffer[k] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    }
    table_.Insert(std::string_view(buffer, entry.size()), flags);
    return;
  }
  std::string lower = ToLower(entry);
  // A space or a sign the tokeniser splits words at makes a phrase of several tokens: "Den
  // Haag", "Kuehne+Nagel", "B&Q", "E.ON".
  const size_t split = lower.find_first_of(" +&.");
  if (split == std::string::npos || split == 0) {
    add_word(lower, flags);
    return;
  }
  add_word(std::string_view(lower).substr(0, split), kPhraseStart);
  phrases_[std::move(lower)] |= flags;
}

void Gazetteer::AddList(std::string_view contents, uint32_t flags) { AddEntries(contents, flags); }

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
    if (lower.size() > suffix.size() + 2 && lower.ends_with(suffix)) {
      // "vergadering", "regering": nouns in -ering are no "-ring" streets.
      if (suffix == "ring" && lower.ends_with("ering")) continue;
      return true;
    }
  }
  return false;
}

bool Gazetteer::IsDutchStreetWord(std::string_view lower) const {
  if (lower.size() < 3) return false;
  for (const std::string& suffix : street_suffixes_nl_) {
    // Abbreviations have no vowel ("str", "ln", "sngl"); "kd" and "dk" are too short anyway.
    if (suffix == lower && suffix.find_first_of("aeiouy") != std::string::npos) return true;
  }
  return false;
}

Result<Gazetteer> Gazetteer::LoadEmbedded() {
  Gazetteer g;
  size_t bytes = 0;
  for (const ListFile& list : kLists) {
    if (auto contents = anonymise_data::DataFile(std::string(list.name))) bytes += contents->size();
  }
  g.table_.Reserve(bytes / 8);  // about one word per eight bytes of list
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
  anonymiser_internal::ForEachNumberWord([&g](std::string_view word) { g.Add(word, kNumberWord); });
  return g;
}

}  // namespace kring
