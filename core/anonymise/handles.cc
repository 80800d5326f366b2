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
bool NameByte(char c) {
  return AsciiLetter(c) || Digit(c) || static_cast<unsigned char>(c) >= 0x80;
}

// The end of a user name at i: letters and digits joined by '.', '_' or '-', starting with a
// letter; i when none starts there. *joined tells whether a '.' or '_' joins two parts, *letters
// whether one part has two letters or more and the last part is no number.
size_t HandleEnd(std::string_view t, size_t i, bool* joined, bool* letters) {
  *joined = false;
  *letters = false;
  if (i >= t.size() || !(AsciiLetter(t[i]) || static_cast<unsigned char>(t[i]) >= 0x80)) return i;
  size_t e = i, part_start = i;
  bool last_is_number = false;
  while (e < t.size()) {
    if (NameByte(t[e])) {
      ++e;
      continue;
    }
    const char c = t[e];
    if ((c == '.' || c == '_' || c == '-') && e + 1 < t.size() && NameByte(t[e + 1]) &&
        e > part_start) {
      size_t part_letters = 0;
      bool digits = true;
      for (size_t k = part_start; k < e; ++k) {
        part_letters += !Digit(t[k]);
        digits = digits && Digit(t[k]);
      }
      if (part_letters >= 2) *letters = true;
      last_is_number = digits;
      if (c != '-') *joined = true;
      part_start = ++e;
      continue;
    }
    break;
  }
  size_t part_letters = 0;
  bool digits = true;
  for (size_t k = part_start; k < e; ++k) {
    part_letters += !Digit(t[k]);
    digits = digits && Digit(t[k]);
  }
  if (part_letters >= 2) *letters = true;
  last_is_number = digits;
  if (last_is_number) *letters = false;  // "Art.3", "versie.2": a numbered thing
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
  if (e - k < 4 || t.substr(k, e - k).find(':') == std::string_view::npos) return k;
  if (e + 3 <= t.size() && t[e] == ' ' && (t[e + 1] == 'A' || t[e + 1] == 'P') && t[e + 2] == 'M') {
    e += 3;
  }
  return e;
}

void Add(std::string_view t, size_t begin, size_t end, const char* rule,
         std::vector<Finding>* out) {
  Finding f;
  f.type = EntityType::kPerson;
  f.begin = begin;
  f.end = end;
  f.text = std::string(t.substr(begin, end - begin));
  f.rule = rule;
  f.confidence = 0.8;
  out->push_back(std::move(f));
}

}  // namespace

void FindUserNames(std::string_view t, std::vector<Finding>* out) {
  bool joined = false, letters = false;
  for (size_t i = 0; i < t.size(); ++i) {
    // "@marleen_vd_brink", "@ruben.m": a mention (not the '@' of an e-mail address).
    if (t[i] == '@' && (i == 0 || !(NameByte(t[i - 1]) || t[i - 1] == '.' || t[i - 1] == '_'))) {
      const size_t e = HandleEnd(t, i + 1, &joined, &letters);
      if (e > i + 1 && joined && letters) Add(t, i + 1, e, "user-name", out);
      continue;
    }
    if (i != 0 && t[i - 1] != '\n') continue;
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
    if (c < t.size() && t[c] == ':' && (c + 1 == t.size() || t[c + 1] == ' ' || t[c + 1] == '\n')) {
      Add(t, k, e, "user-name", out);
    }
  }
}

}  // namespace kring
