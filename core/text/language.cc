#include "core/text/language.h"

#include <string>
#include <unordered_set>

#include "core/text/data_files.h"

namespace kring {
namespace {

using WordSet = std::unordered_set<std::string_view>;

// One word per line; '#' starts a comment line.
WordSet LoadWords(std::string_view file) {
  WordSet words;
  std::optional<std::string_view> data = text_data::DataFile(file);
  if (!data) return words;
  std::string_view rest = *data;
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    words.insert(line);
  }
  return words;
}

// The word lists are immutable after first use; a function-local static is initialised once and
// thread-safely.
const WordSet& StopWords(Language language) {
  static const WordSet kDutch = LoadWords("stopwords_nl.txt");
  static const WordSet kEnglish = LoadWords("stopwords_en.txt");
  return language == Language::kDutch ? kDutch : kEnglish;
}

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

}  // namespace

Language DetectLanguage(std::string_view text) {
  const WordSet& dutch = StopWords(Language::kDutch);
  const WordSet& english = StopWords(Language::kEnglish);
  long score = 0;  // > 0: English
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    if (dutch.count(word)) --score;
    if (english.count(word)) ++score;
    word.clear();
  };
  for (char c : text) {
    if (IsAsciiLetter(c) || c == '\'') {
      if (word.size() < 32) word.push_back(AsciiLower(c));
    } else {
      flush();
    }
  }
  flush();
  return score > 0 ? Language::kEnglish : Language::kDutch;
}

std::string_view LanguageCode(Language language) {
  return language == Language::kDutch ? "nl" : "en";
}

std::optional<Language> ParseLanguageCode(std::string_view code) {
  std::string lower;
  for (char c : code) lower.push_back(AsciiLower(c));
  if (lower == "nl" || lower == "dutch" || lower == "nederlands") return Language::kDutch;
  if (lower == "en" || lower == "english" || lower == "engels") return Language::kEnglish;
  return std::nullopt;
}

}  // namespace kring
