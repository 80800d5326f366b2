// Splits free reflection text into sentences for the focus analysis. Handles the way coaches
// write: abbreviations ("dhr.", "bijv.", "e.g.", "Dr."), bullet and numbered lists, hard-wrapped
// lines and pseudonym labels such as [PERSOON-1]. Works on raw bytes: invalid UTF-8 is carried
// through, never a reason to fail.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace kring {

// A sentence as byte offsets into the text that was split; end is exclusive. Leading list
// markers and surrounding white space are not part of it.
struct SentenceSpan {
  size_t begin = 0;
  size_t end = 0;
};

// Sentences longer than this are cut at a word boundary, so one endless line cannot make a single
// sentence that dominates a profile or a screen.
inline constexpr size_t kMaxSentenceBytes = 1000;

class SentenceSplitter {
 public:
  // `abbreviations`: one per line, lower case, without the final period ("bijv", "e.g", "dr");
  // '#' starts a comment line.
  explicit SentenceSplitter(std::string_view abbreviations);

  // The splitter with the abbreviations compiled into the binary (core/focus/data/).
  static const SentenceSplitter& Default();

  std::vector<SentenceSpan> Split(std::string_view text) const;

 private:
  bool EndsSentenceAt(std::string_view segment, size_t dot, size_t after) const;

  std::unordered_set<std::string> abbreviations_;
};

}  // namespace kring
