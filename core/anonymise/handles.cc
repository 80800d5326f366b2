// User names in chats: "priya.s:", "[09:15] kevin.vd.berg:", "**jess.morrow** 10:02 AM:",
// "lieke_b:", "@marleen_vd_brink", "@ruben.m". A hand-written scanner over bytes, like the
// structured identifiers: a user name is one run without spaces, so the word rules, which see
// "kevin", ".", "vd", ".", "berg", would keep its parts.
#include <cstdint>

#include "core/anonymise/identifiers.h"

namespace kring {
namespace {

bool AsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool Digit(char c) { return c >= '0' && c <= '9'; }

// The bytes of a name character at i (an ASCII letter or digit, or a non-ASCII character that is
// no space or punctuation: not U+00A0, U+2019, U+2026, U+2013, U+2014), or 0.
size_t NameCharAt(std::string_view t, size_t i) {
  if (i >= t.size()) return 0;
  const auto b = static_cast<unsigned char>(t[i]);
  if (b < 0x80) return AsciiLetter(t[i]) || Digit(t[i]) ? 1 : 0;
  if (b < 0xC0) return 0;  // a continuation byte: never the start of a character
  const size_t n = b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
  if (i + n > t.size()) return 0;
  const std::string_view c = t.substr(i, n);
  for (std::string_view stop :
       {"\xC2\xA0", "\xE2\x80\x99", "\xE2\x80\xA6", "\xE2\x80\x93", "\xE2\x80\x94"}) {
    if (c == stop) return 0;
  }
  return n;
}
bool NameByte(std::string_view t, size_t i) { return NameCharAt(t, i) != 0; }

// A part that makes a run no user name: a label's abbreviation ("geb.datum:", "tel.nr:"), a
// web address's "www", or a file's or domain's ending ("verslag_v2.docx:", "site.nl:").
bool IsNoNamePart(std::string_view part) {
  std::string lower;
  for (char c : part) lower.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c | 0x20) : c);
  static constexpr std::string_view kParts[] = {
      "nr",  "no",  "tel", "geb",  "datum", "mob",  "ref", "reg",  "adm",  "fax",  "id",
      "kvk", "bsn", "www", "pdf",  "doc",   "docx", "xls", "xlsx", "ppt",  "pptx", "txt",
      "csv", "md",  "jpg", "jpeg", "png",   "zip",  "msg", "eml",  "html", "htm",  "odt",
      "nl",  "com", "org", "net",  "be",    "eu",   "de",  "uk",   "io",   "yaml", "json"};
  for (std::string_view w : kParts) {
    if (lower == w) return true;
  }
  return false;
}

// The end of a user name at i: letters and digits joined by '.', '_' or '-', starting with a
// letter; i when none starts there. *joined tells whether a '.' or '_' joins two parts, *letters
// whether it can be a person's: a part of two letters or more, no part that is a label's
// abbreviation or a file's ending, no part a number ("Art.3.a", "nr.3a", "versie_2").
size_t HandleEnd(std::string_view t, size_t i, bool* joined, bool* letters) {
  *joined = false;
  *letters = false;
  if (i >= t.size() || Digit(t[i]) || !NameByte(t, i)) return i;
  size_t e = i, part_start = i;
  bool long_part = false, bad = false;
  auto close_part = [&](size_t end) {
    size_t part_letters = 0, digits = 0;  // per character, not per byte
    for (size_t k = part_start; k < end;) {
      const size_t n = NameCharAt(t, k);
      if (Digit(t[k])) {
        ++digits;
      } else {
        ++part_letters;
      }
      k += n == 0 ? 1 : n;
    }
    if (part_letters >= 2) long_part = true;
    if (digits > 0 && part_letters <= 1) bad = true;  // "3", "3a", "v2": a number
    if (IsNoNamePart(t.substr(part_start, end - part_start))) bad = true;
  };
  while (e < t.size()) {
    if (const size_t n = NameCharAt(t, e); n != 0) {
      e += n;
      continue;
    }
    const char c = t[e];
    if ((c == '.' || c == '_' || c == '-') && NameByte(t, e + 1) && e > part_start) {
      if (c != '-') {
        close_part(e);
        *joined = true;
        part_start = e + 1;
      }
      ++e;
      continue;
    }
    break;
  }
  close_part(e);
  *letters = long_part && !bad;
  return e;
}

// After a chat's time stamp at the start of a line: "[10:02] ", "[3-12-2026 09:12:33] ",
// "09:12 ", "14:02 - ", "12/3/26, 14:05 - "; returns where the author starts (i if none).
size_t AfterStamp(std::string_view t, size_t i) {
  size_t k = i;
  const bool bracket = k < t.size() && t[k] == '[';
  if (bracket) ++k;
  const size_t digits_from = k;
  bool colon = false;
  while (k < t.size() && (Digit(t[k]) || t[k] == ':' || t[k] == '-' || t[k] == '/' || t[k] == '.' ||
                          t[k] == ',' || t[k] == ' ')) {
    colon = colon || t[k] == ':';
    ++k;
    if (k - digits_from > 24) return i;
  }
  if (!colon || k == digits_from || !Digit(t[digits_from])) return i;
  if (bracket) {
    if (k >= t.size() || t[k] != ']') return i;
    ++k;
    while (k < t.size() && t[k] == ' ') ++k;
  } else if (k == i || t[k - 1] != ' ') {
    return i;
  }
  return k;
}

// "10:02 AM", "09:58": a time after an author's name, before its colon.
size_t TimeEnd(std::string_view t, size_t k) {
  size_t e = k;
  while (e < t.size() && (Digit(t[e]) || t[e] == ':')) ++e;
  if (e > k && t[e - 1] == ':') --e;  // the colon after the time ends the author
  if (e - k < 4 || t.substr(k, e - k).find(':') == std::string_view::npos) return k;
  if (e + 3 <= t.size() && t[e] == ' ' && (t[e + 1] == 'A' || t[e + 1] == 'P') && t[e + 2] == 'M') {
    e += 3;
  }
  return e;
}

void Add(std::string_view t, size_t begin, size_t end, const char* rule,
         std::vector<Finding>* out) {
  AddFinding(t, begin, end, EntityType::kPerson, rule, 0.8, out);
}

}  // namespace

void FindUserNames(std::string_view t, bool starts_line, std::vector<Finding>* out) {
  bool joined = false, letters = false;
  auto glued = [&](size_t k) {  // a character an e-mail address's local part may end in
    const auto b = static_cast<unsigned char>(t[k]);
    return b >= 0x80 || AsciiLetter(t[k]) || Digit(t[k]) || t[k] == '.' || t[k] == '_' ||
           t[k] == '-' || t[k] == '+';
  };
  for (size_t i = 0; i < t.size(); ++i) {
    // "@marleen_vd_brink", "@ruben.m": a mention (not the '@' of an e-mail address).
    if (t[i] == '@' && (i == 0 || !glued(i - 1))) {
      const size_t e = HandleEnd(t, i + 1, &joined, &letters);
      if (e > i + 1 && joined && letters) Add(t, i + 1, e, "user-name", out);
      continue;
    }
    if (i == 0 ? !starts_line : t[i - 1] != '\n') continue;
    // An author's user name at the start of a line, alone before its colon (and the time).
    size_t k = i;
    while (k < t.size() && (t[k] == ' ' || t[k] == '\t')) ++k;
    k = AfterStamp(t, k);
    bool bold = false;
    if (k + 1 < t.size() && t[k] == '*' && t[k + 1] == '*') {
      bold = true;
      k += 2;
    }
    if (k < t.size() && t[k] == '@') ++k;
    const size_t e = HandleEnd(t, k, &joined, &letters);
    if (e == k || !joined || !letters) continue;
    size_t c = e;
    if (bold && c + 1 < t.size() && t[c] == '*' && t[c + 1] == '*') c += 2;
    if (c < t.size() && t[c] == ' ' && c + 1 < t.size() && Digit(t[c + 1])) {
      const size_t time_end = TimeEnd(t, c + 1);
      if (time_end != c + 1) c = time_end;
    }
    if (c < t.size() && t[c] == ':' &&
        (c + 1 == t.size() || t[c + 1] == ' ' || t[c + 1] == '\n' || t[c + 1] == '\r' ||
         t[c + 1] == '\t' || (bold && t[c + 1] == '*'))) {
      Add(t, k, e, "user-name", out);
    }
  }
}

}  // namespace kring
