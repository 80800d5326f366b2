#include "core/base/utf8.h"

namespace kring {

std::optional<size_t> FindInvalidUtf8(std::string_view text) {
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t min;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4, min = 0x10000;
    } else {
      return i;
    }
    if (i + len > n) return i;
    uint32_t cp = c & (0x3F >> (len - 1));
    for (size_t k = 1; k < len; ++k) {
      unsigned char d = static_cast<unsigned char>(text[i + k]);
      if ((d & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (d & 0x3F);
    }
    // Overlong forms, UTF-16 surrogates and code points beyond Unicode are not valid UTF-8.
    if (cp < min || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return i;
    i += len;
  }
  return std::nullopt;
}

bool IsLetterCodePoint(uint32_t cp) {
  if (cp < 0x80) return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
  if (cp < 0xC0) return cp == 0xAA || cp == 0xB5 || cp == 0xBA;
  if (cp == 0xD7 || cp == 0xF7) return false;
  if (cp >= 0x2000 && cp <= 0x2BFF) return false;  // punctuation, symbols, arrows
  if (cp >= 0x3000 && cp <= 0x303F) return false;  // CJK punctuation
  if (cp >= 0xFE00 && cp <= 0xFFFF) return false;  // variation selectors, specials
  if (cp >= 0x1F000) return false;                 // emoji and pictographs
  return true;
}

bool IsUpperCodePoint(uint32_t cp) {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
  if (cp >= 0xC0 && cp <= 0xDE) return cp != 0xD7;
  if (cp >= 0x100 && cp <= 0x17F) return cp % 2 == 0;
  if (cp >= 0x391 && cp <= 0x3A9) return true;
  if (cp >= 0x410 && cp <= 0x42F) return true;
  return false;
}

bool IsSpaceCodePoint(uint32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' ||
         cp == 0xA0 || cp == 0x202F || (cp >= 0x2000 && cp <= 0x200B);
}

void AppendLower(std::string_view text, std::string* out) {
  const size_t n = text.size();
  for (size_t i = 0; i < n;) {
    // A run of ASCII is appended at once and lowered in place (the common case).
    size_t run = i;
    while (run < n && static_cast<unsigned char>(text[run]) < 0x80) ++run;
    if (run > i) {
      const size_t at = out->size();
      out->append(text.data() + i, run - i);
      for (char* p = out->data() + at; p != out->data() + out->size(); ++p) {
        if (*p >= 'A' && *p <= 'Z') *p = static_cast<char>(*p + 32);
      }
      i = run;
      continue;
    }
    size_t len;
    uint32_t cp = DecodeUtf8(text, i, &len);
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) {
      out->push_back(static_cast<char>(0xC3));
      out->push_back(static_cast<char>(0x80 + (cp + 0x20 - 0xC0)));
    } else if (cp >= 0x100 && cp <= 0x17F && cp % 2 == 0) {
      uint32_t lower = cp + 1;
      out->push_back(static_cast<char>(0xC0 | (lower >> 6)));
      out->push_back(static_cast<char>(0x80 | (lower & 0x3F)));
    } else {
      out->append(text.substr(i, len));
    }
    i += len;
  }
}

std::string ToLower(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  AppendLower(text, &out);
  return out;
}

}  // namespace kring
