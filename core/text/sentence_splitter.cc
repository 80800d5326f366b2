#include "core/text/sentence_splitter.h"

#include <string>

#include "core/text/data_files.h"

namespace kring {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f'; }
bool IsAsciiLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsAsciiUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsAsciiLetter(char c) { return IsAsciiLower(c) || IsAsciiUpper(c); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
char AsciiLower(char c) { return IsAsciiUpper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

bool StartsWith(std::string_view s, size_t pos, std::string_view prefix) {
  return s.size() - pos >= prefix.size() && s.substr(pos, prefix.size()) == prefix;
}

// Bytes of a bullet marker at `pos` ("-", "*", "•", "–", "—", "·"), or 0.
size_t BulletLength(std::string_view s, size_t pos) {
  if (pos >= s.size()) return 0;
  if (s[pos] == '-' || s[pos] == '*' || s[pos] == '+') return 1;
  for (std::string_view bullet : {"\xE2\x80\xA2", "\xE2\x80\x93", "\xE2\x80\x94", "\xC2\xB7"}) {
    if (StartsWith(s, pos, bullet)) return bullet.size();
  }
  return 0;
}

// Length of a list marker at the start of a line ("- ", "1. ", "2) ", "a) ") including the
// white space after it, or 0 when the line does not start with one.
size_t ListMarkerLength(std::string_view line) {
  size_t n = BulletLength(line, 0);
  if (n == 0) {
    size_t i = 0;
    while (i < line.size() && i < 3 && IsDigit(line[i])) ++i;
    if (i == 0 && !line.empty() && IsAsciiLower(line[0])) i = 1;  // "a) "
    if (i == 0 || i >= line.size()) return 0;
    bool letter = !IsDigit(line[0]);
    if (line[i] == ')' || (!letter && line[i] == '.')) {
      n = i + 1;
    } else {
      return 0;
    }
  }
  if (n >= line.size()) return line.size();  // a marker with nothing after it
  if (!IsSpace(line[n])) return 0;
  while (n < line.size() && IsSpace(line[n])) ++n;
  return n;
}

// Bytes of a sentence terminator at `pos`: '.', '!', '?' or the ellipsis character.
size_t TerminatorLength(std::string_view s, size_t pos) {
  char c = s[pos];
  if (c == '.' || c == '!' || c == '?') return 1;
  if (StartsWith(s, pos, "\xE2\x80\xA6")) return 3;
  return 0;
}

// Bytes of a closing quote or bracket at `pos` that belongs to the sentence before it.
size_t CloserLength(std::string_view s, size_t pos) {
  char c = s[pos];
  if (c == '"' || c == '\'' || c == ')' || c == ']') return 1;
  for (std::string_view closer : {"\xE2\x80\x99", "\xE2\x80\x9D", "\xC2\xBB"}) {
    if (StartsWith(s, pos, closer)) return closer.size();
  }
  return 0;
}

// Characters (not bytes) of UTF-8 text; invalid bytes count one each.
size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += IsContinuationByte(c) ? 0 : 1;
  return n;
}

// A line shorter than this (in characters) was not hard-wrapped: wrapping editors fill lines to
// 60-80 columns and a word is rarely longer than 20.
constexpr size_t kMinWrappedLineChars = 40;

// Starts with a capital letter: ASCII or Latin-1 (U+00C0..U+00DE without U+00D7, e.g. "É").
bool StartsWithCapital(std::string_view s) {
  if (s.empty()) return false;
  if (IsAsciiUpper(s[0])) return true;
  if (s.size() < 2 || s[0] != '\xC3') return false;
  unsigned char next = static_cast<unsigned char>(s[1]);
  return next >= 0x80 && next <= 0x9E && next != 0x97;
}

void TrimInto(std::string_view text, size_t begin, size_t end, std::vector<SentenceSpan>& out) {
  while (begin < end && IsSpace(text[begin])) ++begin;
  while (end > begin && IsSpace(text[end - 1])) --end;
  // Sentences that are nothing but punctuation (a lone "-" or "...") carry no content.
  bool has_content = false;
  for (size_t i = begin; i < end && !has_content; ++i) {
    has_content =
        IsAsciiLetter(text[i]) || IsDigit(text[i]) || static_cast<unsigned char>(text[i]) >= 0x80;
  }
  if (!has_content) return;
  // Cut very long runs at a word boundary (or at least at a UTF-8 character boundary).
  while (end - begin > kMaxSentenceBytes) {
    size_t cut = begin + kMaxSentenceBytes;
    size_t space = cut;
    while (space > begin + kMaxSentenceBytes / 2 && !IsSpace(text[space])) --space;
    if (IsSpace(text[space])) {
      cut = space;
    } else {
      // A UTF-8 character has at most three continuation bytes; further ones are invalid
      // input and may be cut anywhere.
      for (int k = 0; k < 3 && IsContinuationByte(text[cut]); ++k) --cut;
    }
    out.push_back({begin, cut});
    begin = cut;
    while (begin < end && IsSpace(text[begin])) ++begin;
  }
  if (end > begin) out.push_back({begin, end});
}

// Whether `line` goes on with the sentence or block of `previous` after a single line break.
// Editors and mail programs hard-wrap running text at 60-80 columns, wherever a word ends: the
// next line may start with anything, including a capital ("I", a name, "[PERSOON-1]"), so a
// line break inside a block is white space. The exception is a short line that ends without a
// comma and is followed by a capitalised line: a heading ("Situatie", "Acties:") or one item
// per line written without bullets. No wrapped line is that short unless it ends a paragraph.
bool ContinuesAfterLineBreak(std::string_view previous, std::string_view line) {
  if (previous.empty() || line.empty()) return false;
  if (!StartsWithCapital(line)) return true;
  if (previous.back() == ',') return true;
  return Utf8Length(previous) >= kMinWrappedLineChars;
}

}  // namespace

SentenceSplitter::SentenceSplitter(std::string_view abbreviations) {
  while (!abbreviations.empty()) {
    size_t nl = abbreviations.find('\n');
    std::string_view line = abbreviations.substr(0, nl);
    abbreviations =
        nl == std::string_view::npos ? std::string_view() : abbreviations.substr(nl + 1);
    while (!line.empty() && IsSpace(line.back())) line.remove_suffix(1);
    while (!line.empty() && IsSpace(line.front())) line.remove_prefix(1);
    if (line.empty() || line.front() == '#') continue;
    std::string word;
    for (char c : line) word.push_back(AsciiLower(c));
    abbreviations_.insert(std::move(word));
  }
}

const SentenceSplitter& SentenceSplitter::Default() {
  // Immutable after first use; function-local statics are initialised once and thread-safely.
  static const SentenceSplitter kSplitter(
      text_data::DataFile("abbreviations.txt").value_or(std::string_view()));
  return kSplitter;
}

// Whether the single period at `dot` (with the next non-closer byte at `after`) ends a sentence.
bool SentenceSplitter::EndsSentenceAt(std::string_view segment, size_t dot, size_t after) const {
  // The word before the period, including inner periods ("e.g", "d.w.z").
  size_t start = dot;
  while (start > 0 && (IsAsciiLetter(segment[start - 1]) || segment[start - 1] == '.')) --start;
  std::string word;
  for (size_t i = start; i < dot; ++i) word.push_back(AsciiLower(segment[i]));
  if (!word.empty() && abbreviations_.count(word)) return false;
  // An initial: "J. de Vries".
  if (dot - start == 1 && IsAsciiUpper(segment[start]) &&
      (start == 0 || IsSpace(segment[start - 1])))
    return false;
  // The next word starts in lower case: an abbreviation we do not know, or a number ("3.5" never
  // gets here because a boundary needs white space after the period).
  size_t next = after;
  while (next < segment.size() && IsSpace(segment[next])) ++next;
  if (next < segment.size() && IsAsciiLower(segment[next])) return false;
  return true;
}

std::vector<SentenceSpan> SentenceSplitter::Split(std::string_view text) const {
  // Pass 1: lines into blocks (paragraphs and list items); pass 2 finds the sentence ends in
  // each block, where a line break is white space like any other.
  std::vector<SentenceSpan> blocks;
  size_t block_begin = std::string_view::npos;
  size_t block_end = 0;
  std::string_view previous_line;  // the last non-blank line of the open block
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    size_t line_end = nl == std::string_view::npos ? text.size() : nl;
    size_t content = pos;
    while (content < line_end && IsSpace(text[content])) ++content;
    size_t content_end = line_end;
    while (content_end > content && IsSpace(text[content_end - 1])) --content_end;
    std::string_view line = text.substr(content, content_end - content);
    bool blank = line.empty();
    size_t marker = blank ? 0 : ListMarkerLength(line);
    bool continues = !blank && marker == 0 && block_begin != std::string_view::npos &&
                     ContinuesAfterLineBreak(previous_line, line);
    if (blank || !continues) {
      if (block_begin != std::string_view::npos) blocks.push_back({block_begin, block_end});
      block_begin = blank ? std::string_view::npos : content + marker;
    }
    if (!blank) {
      block_end = content_end;
      previous_line = line;
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  if (block_begin != std::string_view::npos) blocks.push_back({block_begin, block_end});

  // Pass 2: sentence ends inside each block.
  std::vector<SentenceSpan> sentences;
  for (const SentenceSpan& block : blocks) {
    std::string_view segment = text.substr(block.begin, block.end - block.begin);
    size_t start = 0;
    size_t i = 0;
    while (i < segment.size()) {
      size_t term = TerminatorLength(segment, i);
      if (term == 0) {
        ++i;
        continue;
      }
      size_t run_end = i + term;
      bool single_dot = term == 1 && segment[i] == '.';
      while (run_end < segment.size() && TerminatorLength(segment, run_end) > 0) {
        single_dot = false;
        run_end += TerminatorLength(segment, run_end);
      }
      while (run_end < segment.size() && CloserLength(segment, run_end) > 0) {
        run_end += CloserLength(segment, run_end);
      }
      bool at_boundary = run_end == segment.size() || IsSpace(segment[run_end]);
      if (at_boundary && (!single_dot || EndsSentenceAt(segment, i, run_end))) {
        TrimInto(text, block.begin + start, block.begin + run_end, sentences);
        start = run_end;
      }
      i = run_end;
    }
    TrimInto(text, block.begin + start, block.end, sentences);
  }
  return sentences;
}

}  // namespace kring
