#include "core/text/tokeniser.h"

#include <array>

#include "core/base/utf8.h"

namespace kring {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Classes of ASCII bytes, so the common case needs no code point decoding or calls.
enum AsciiClass : uint8_t { kOther = 0, kSpace, kNewline, kDigit, kLower, kUpper };
constexpr std::array<uint8_t, 128> MakeAsciiClasses() {
  std::array<uint8_t, 128> t{};
  for (int c = 0; c < 128; ++c) {
    if (c == '\n')
      t[c] = kNewline;
    else if (c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f')
      t[c] = kSpace;
    else if (c >= '0' && c <= '9')
      t[c] = kDigit;
    else if (c >= 'a' && c <= 'z')
      t[c] = kLower;
    else if (c >= 'A' && c <= 'Z')
      t[c] = kUpper;
  }
  return t;
}
constexpr std::array<uint8_t, 128> kAscii = MakeAsciiClasses();

bool IsAsciiLetter(unsigned char c) { return c < 0x80 && kAscii[c] >= kLower; }

bool LetterAt(std::string_view text, size_t i) {
  if (i >= text.size()) return false;
  const unsigned char c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) return IsAsciiLetter(c);
  size_t len;
  return IsLetterCodePoint(DecodeUtf8(text, i, &len));
}

// Length of an apostrophe at i ("'" or U+2019), or 0.
size_t ApostropheAt(std::string_view text, size_t i) {
  if (i < text.size() && text[i] == '\'') return 1;
  if (i + 2 < text.size() && text[i] == '\xE2' && text[i + 1] == '\x80' && text[i + 2] == '\x99') {
    return 3;
  }
  return 0;
}

// Scans a word from i; returns its end and fills the capitalisation flags.
size_t ScanWord(std::string_view text, size_t i, Token* token) {
  bool first = true, all_upper = true, any_letter = false;
  size_t j = i;
  while (j < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[j]);
    if (c < 0x80 && kAscii[c] >= kLower) {  // the common case: an ASCII letter
      const bool upper = kAscii[c] == kUpper;
      if (first) token->capitalised = upper;
      all_upper = all_upper && upper;
      any_letter = true;
      first = false;
      ++j;
      continue;
    }
    size_t len;
    uint32_t cp = DecodeUtf8(text, j, &len);
    if (IsLetterCodePoint(cp)) {
      bool upper = IsUpperCodePoint(cp);
      if (first) token->capitalised = upper;
      all_upper = all_upper && upper;
      any_letter = true;
      first = false;
      j += len;
    } else if (cp < 0x80 && IsDigit(static_cast<char>(cp)) && !first) {
      j += 1;
    } else if (cp == '-' && !first && LetterAt(text, j + 1)) {
      j += 1;
    } else if (size_t a = ApostropheAt(text, j); a > 0 && !first && LetterAt(text, j + a)) {
      j += a;
    } else {
      break;
    }
  }
  token->all_upper = any_letter && all_upper && (j - i) >= 2;
  return j;
}

}  // namespace

void Tokenise(std::string_view text, std::vector<Token>* out) {
  const size_t n = text.size();
  bool space = false, newline = true;
  size_t i = 0;
  while (i < n) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80 && (kAscii[c] == kSpace || kAscii[c] == kNewline)) {
      if (c == '\n') newline = true;
      space = true;
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp = DecodeUtf8(text, i, &len);
    if (cp >= 0x80 && IsSpaceCodePoint(cp)) {
      if (cp == '\n') newline = true;
      space = true;
      i += len;
      continue;
    }
    Token token;
    token.begin = i;
    token.space_before = space && !newline;
    token.newline_before = newline;
    if (size_t a = ApostropheAt(text, i);
        a > 0 && i + a < n && (text[i + a] == 't' || text[i + a] == 's') &&
        !LetterAt(text, i + a + 1) && (i == 0 || !LetterAt(text, i - 1))) {
      token.kind = TokenKind::kWord;  // Dutch "'t" and "'s" as in "van 't Hof", "'s-Hertogenbosch"
      token.end = i + a + 1;
    } else if (IsDigit(text[i])) {  // the byte itself: an overlong form of a digit is no digit
      token.kind = TokenKind::kNumber;
      size_t j = i;
      while (j < n && IsDigit(text[j])) ++j;
      token.end = j;
    } else if (cp < 0x80 ? IsAsciiLetter(static_cast<unsigned char>(cp)) : IsLetterCodePoint(cp)) {
      token.kind = TokenKind::kWord;
      token.end = ScanWord(text, i, &token);
    } else {
      token.kind = TokenKind::kPunct;
      token.end = i + len;
    }
    // Always move on, also on invalid UTF-8 (which callers should have refused).
    if (token.end <= i) token.end = i + len;
    out->push_back(token);
    i = token.end;
    space = false;
    newline = false;
  }
}

}  // namespace kring
