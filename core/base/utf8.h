// Small UTF-8 helpers for scanning case text: validation with a position a coach can find,
// code point classes the tokeniser needs, and lower-casing for dictionary look-ups.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kring {

// Byte offset of the first invalid UTF-8 sequence, or nullopt when the text is valid.
std::optional<size_t> FindInvalidUtf8(std::string_view text);

// Decodes the (valid) code point at text[i]; *length receives its byte length.
inline uint32_t DecodeUtf8(std::string_view text, size_t i, size_t* length) {
  unsigned char c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) {
    *length = 1;
    return c;
  }
  size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
  if (i + n > text.size()) {
    *length = 1;
    return 0xFFFD;
  }
  uint32_t cp = c & (0x3F >> (n - 1));
  for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
  *length = n;
  return cp;
}

bool IsLetterCodePoint(uint32_t cp);
bool IsUpperCodePoint(uint32_t cp);
bool IsSpaceCodePoint(uint32_t cp);

// Appends the lower-case form of text to *out (ASCII, Latin-1 and Latin Extended-A letters).
void AppendLower(std::string_view text, std::string* out);
std::string ToLower(std::string_view text);

}  // namespace kring
