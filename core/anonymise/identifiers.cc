#include "core/anonymise/identifiers.h"

#include <array>
#include <cstring>
#include <string>
#include <unordered_set>

#include "core/base/ascii.h"

namespace kring {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiAlpha(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
bool IsAsciiAlnum(char c) { return IsDigit(c) || IsAsciiAlpha(c); }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsWordByte(char c) { return IsAsciiAlnum(c) || static_cast<unsigned char>(c) >= 0x80; }
char Upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; }

// True when position i starts a token: the previous byte is not part of a word or number.
bool AtTokenStart(std::string_view t, size_t i) { return i == 0 || !IsWordByte(t[i - 1]); }

void Add(std::string_view text, size_t begin, size_t end, EntityType type, const char* rule,
         double confidence, std::vector<Finding>* out) {
  AddFinding(text, begin, end, type, rule, confidence, out);
}

// ---- e-mail ---------------------------------------------------------------------------------

bool IsLocalChar(char c) {
  return IsAsciiAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}
bool IsDomainChar(char c) { return IsAsciiAlnum(c) || c == '.' || c == '-'; }

// at is the index of an '@'. Returns the end of the e-mail address, or 0.
size_t ScanEmail(std::string_view t, size_t at, size_t* begin) {
  size_t b = at;
  while (b > 0 && at - b < 64 && IsLocalChar(t[b - 1])) --b;
  while (b < at && t[b] == '.') ++b;
  if (b == at) return 0;
  size_t e = at + 1, last_dot = 0;
  while (e < t.size() && e - at < 254 && IsDomainChar(t[e])) {
    if (t[e] == '.') last_dot = e;
    ++e;
  }
  while (e > at + 1 && (t[e - 1] == '.' || t[e - 1] == '-')) {
    if (t[e - 1] == '.' && last_dot == e - 1) {
      // Recompute the last dot once the trailing one is trimmed.
      last_dot = 0;
      for (size_t k = at + 1; k + 1 < e - 1; ++k)
        if (t[k] == '.') last_dot = k;
    }
    --e;
  }
  if (last_dot == 0 || last_dot <= at + 1 || e - last_dot < 3) return 0;
  for (size_t k = last_dot + 1; k < e; ++k)
    if (!IsAsciiAlpha(t[k])) return 0;
  *begin = b;
  return e;
}

// ---- URL ------------------------------------------------------------------------------------

bool StartsWithNoCase(std::string_view t, size_t i, std::string_view prefix) {
  if (i + prefix.size() > t.size()) return false;
  for (size_t k = 0; k < prefix.size(); ++k) {
    if ((t[i + k] | 0x20) != prefix[k]) return false;
  }
  return true;
}

bool IsUrlChar(char c) {
  return c > ' ' && c != '<' && c != '>' && c != '"' && c != '`' && c != '{' && c != '}' &&
         c != '|' && c != '\\' && c != '^';
}

size_t TrimUrlEnd(std::string_view t, size_t b, size_t e) {
  while (e > b) {
    char c = t[e - 1];
    if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\'' ||
        c == ']') {
      --e;
    } else if (c == ')' && t.substr(b, e - b).find('(') == std::string_view::npos) {
      --e;
    } else {
      break;
    }
  }
  return e;
}

constexpr std::array<std::string_view, 22> kTlds = {
    "nl",  "com", "org", "net", "eu", "be", "de",  "uk",     "io",  "info",      "nu",
    "biz", "edu", "gov", "fr",  "ie", "co", "app", "online", "nl/", "amsterdam", "frl"};

bool IsKnownTld(std::string_view tld) {
  for (std::string_view k : kTlds) {
    if (tld.size() == k.size()) {
      bool same = true;
      for (size_t i = 0; i < k.size(); ++i) same = same && (tld[i] | 0x20) == k[i];
      if (same) return true;
    }
  }
  return false;
}

// A bare domain such as "praktijkdebrug.nl" or "example.co.uk/contact", scanned from a word
// start. Returns the end or 0.
size_t ScanBareDomain(std::string_view t, size_t b) {
  size_t e = b, labels = 0, label_start = b, first_label_len = 0;
  std::string_view last_label;
  while (e < t.size()) {
    if (IsAsciiAlnum(t[e]) || t[e] == '-') {
      ++e;
      continue;
    }
    if (t[e] == '.' && e + 1 < t.size() && IsAsciiAlnum(t[e + 1]) && e > label_start) {
      if (labels == 0) first_label_len = e - label_start;
      ++labels;
      ++e;
      label_start = e;
      continue;
    }
    break;
  }
  if (labels == 0 || e - b > 253) return 0;
  last_label = t.substr(label_start, e - label_start);
  if (first_label_len < 2 || !IsKnownTld(last_label)) return 0;
  for (char c : last_label)
    if (!IsAsciiAlpha(c) || IsUpper(c)) return 0;
  if (e < t.size() && static_cast<unsigned char>(t[e]) >= 0x80) return 0;
  if (e < t.size() && t[e] == '/') {
    while (e < t.size() && IsUrlChar(t[e])) ++e;
    e = TrimUrlEnd(t, b, e);
  }
  return e;
}

// ---- numbers ----------------------------------------------------------------------------------

// Values saturate at 10^9: the callers read days, months and years, and a long run of digits
// from outside must not overflow (found by fuzzing under UBSan).
int ParseInt(std::string_view t, size_t b, size_t e) {
  constexpr int kCap = 1'000'000'000;
  int v = 0;
  for (size_t k = b; k < e; ++k) v = v >= kCap / 10 ? kCap : v * 10 + (t[k] - '0');
  return v;
}

size_t DigitRunEnd(std::string_view t, size_t i) {
  while (i < t.size() && IsDigit(t[i])) ++i;
  return i;
}

bool NumberContinues(std::string_view t, size_t e) {
  if (e >= t.size()) return false;
  if (IsAsciiAlnum(t[e])) return true;
  // "1.234.567" or "12,50": a separator followed by more digits continues the number.
  return (t[e] == '.' || t[e] == ',' || t[e] == '-' || t[e] == '/') && e + 1 < t.size() &&
         IsDigit(t[e + 1]);
}

// IPv4: four octets 0-255.
size_t ScanIpv4(std::string_view t, size_t i) {
  size_t p = i;
  for (int part = 0; part < 4; ++part) {
    size_t e = DigitRunEnd(t, p);
    if (e == p || e - p > 3 || ParseInt(t, p, e) > 255) return 0;
    p = e;
    if (part < 3) {
      if (p >= t.size() || t[p] != '.') return 0;
      ++p;
    }
  }
  if (p < t.size() &&
      (IsAsciiAlnum(t[p]) || (t[p] == '.' && p + 1 < t.size() && IsDigit(t[p + 1]))))
    return 0;
  return p;
}

bool IsHex(char c) { return IsDigit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'); }

// IPv6: hex groups and colons with "::" or eight groups; not a clock time like 10:30:15.
size_t ScanIpv6(std::string_view t, size_t i) {
  size_t p = i, groups = 0, colons = 0;
  bool double_colon = false, any_letter = false;
  while (p < t.size() && p - i < 45) {
    if (IsHex(t[p])) {
      size_t g = p;
      while (p < t.size() && IsHex(t[p])) {
        any_letter = any_letter || IsAsciiAlpha(t[p]);
        ++p;
      }
      if (p - g > 4) return 0;
      ++groups;
    } else if (t[p] == ':') {
      if (p + 1 < t.size() && t[p + 1] == ':') {
        if (double_colon) return 0;
        double_colon = true;
        colons += 2;
        p += 2;
      } else {
        ++colons;
        ++p;
      }
      if (p >= t.size() || !IsHex(t[p])) break;
    } else {
      break;
    }
  }
  while (p > i && t[p - 1] == ':' && !(p >= i + 2 && t[p - 2] == ':')) --p;
  if (p < t.size() && (IsAsciiAlnum(t[p]) || (t[p] == '.' && p + 1 < t.size() && IsHex(t[p + 1]))))
    return 0;
  if (groups > 8 || colons < 2) return 0;
  if (!(groups == 8 || (double_colon && groups >= 2))) return 0;
  if (!any_letter && !double_colon) return 0;
  return p;
}

bool ValidDayMonth(int day, int month) {
  return day >= 1 && day <= 31 && month >= 1 && month <= 12;
}

// 12-03-2021, 12/3/21, 12.03.2021, 2021-03-12.
// The word before i is one that introduces a date ("on 5.3.24", "op 5.3.24"): only then are
// dots with a two-digit year a date rather than a version or a score.
bool AfterDateWord(std::string_view t, size_t i) {
  size_t e = i;
  while (e > 0 && t[e - 1] == ' ') --e;
  if (e == i) return false;
  if (e > 0 && t[e - 1] == ':') --e;  // "Datum: 18/11"
  size_t b = e;
  while (b > 0 && e - b < 12 && IsAsciiAlpha(t[b - 1])) --b;
  const std::string w = LowerAscii(t.substr(b, e - b));
  static const std::unordered_set<std::string_view> kWords = {
      "on", "op", "dated", "date", "datum", "sinds", "since", "vanaf", "tot", "until", "per", "dd",
      "geboren", "born", "dob", "d",
      // "volgende keer 17/12", "due 5/1", "till 9/6", "cancelled 1/12", "returning 9.3.26";
      // not "session", "review", "visit", "from": "Sessie 2/8", "self review 6/10", "from 4/10
      // to 7/10" are counts and scores.
      "keer", "controle", "due", "till", "tm", "cancelled", "geannuleerd", "returning", "deadline"};
  return kWords.count(w) > 0;
}

// A day and month written with a leading zero ("16/01", "03-02", "09/11"): no fraction, score or
// range is written so.
bool ZeroPadded(std::string_view t, size_t i, size_t a, size_t b0, size_t b) {
  return (a - i == 2 && t[i] == '0') || (b - b0 == 2 && t[b0] == '0');
}

// Hours after a range at b: "09-12 uur", "08-17u", "9-5 hrs".
bool HoursAfter(std::string_view t, size_t b) {
  size_t k = b;
  while (k < t.size() && t[k] == ' ') ++k;
  size_t e = k;
  while (e < t.size() && IsAsciiAlpha(t[e])) ++e;
  const std::string w = LowerAscii(t.substr(k, e - k));
  return w == "uur" || w == "u" || w == "h" || w == "hrs" || w == "hr" || w == "uhr";
}

// A time right after a day and month at the start of a line: "3/11 08:45 Mrs Kaur", "03/12
// 09:02 to …", "14/10 – Incident": a log's entry.
bool LogEntryAt(std::string_view t, size_t i, size_t b) {
  if (i != 0 && t[i - 1] != '\n') return false;
  if (b + 1 >= t.size() || t[b] != ' ') return false;
  if (t.substr(b + 1, 3) == "\xE2\x80\x93" || t[b + 1] == '-') return true;
  size_t k = b + 1, digits = 0;
  while (k < t.size() && IsDigit(t[k])) ++k, ++digits;
  return digits >= 1 && digits <= 2 && k + 2 < t.size() && (t[k] == ':' || t[k] == '.') &&
         IsDigit(t[k + 1]) && IsDigit(t[k + 2]);
}

size_t ScanNumericDate(std::string_view t, size_t i) {
  size_t a = DigitRunEnd(t, i);
  if (a >= t.size()) return 0;
  char sep = t[a];
  if (sep == ' ') {
    // "12 03 2024": only a full day, month and year, so that "3 12 5" is no date.
    size_t b0 = a + 1, b = DigitRunEnd(t, b0);
    if (a - i > 2 || b - b0 > 2 || b == b0 || b >= t.size() || t[b] != ' ') return 0;
    size_t c0 = b + 1, c = DigitRunEnd(t, c0);
    if (c - c0 != 4 || NumberContinues(t, c) || (c < t.size() && IsWordByte(t[c]))) return 0;
    int day = ParseInt(t, i, a), month = ParseInt(t, b0, b), year = ParseInt(t, c0, c);
    if (!ValidDayMonth(day, month) || year < 1900 || year > 2100) return 0;
    return c;
  }
  if (sep != '-' && sep != '/' && sep != '.') return 0;
  size_t b0 = a + 1, b = DigitRunEnd(t, b0);
  if (b == b0 || b - b0 > 2) return 0;
  if (b >= t.size() || t[b] != sep || (b + 1 < t.size() && !IsDigit(t[b + 1]))) {
    // A year and a month: "2017-06 – 2019-12" (a CV's periods), "2024/03"; not inside a code
    // ("CT-2026-11"). A school year such as "2011-12" goes too, which costs little.
    if (a - i == 4 && b - b0 == 2 && sep != '.' &&
        (i == 0 || (t[i - 1] != '-' && t[i - 1] != '/')) && !NumberContinues(t, b) &&
        !(b < t.size() && (IsWordByte(t[b]) || t[b] == sep))) {
      const int year = ParseInt(t, i, a), month = ParseInt(t, b0, b);
      if (year >= 1900 && year <= 2100 && month >= 1 && month <= 12) return b;
    }
    // A day and a month without a year: "Ma 30/11", "op 18/11", "vr 4-12"; only after a day
    // of the week, or (with '/') a word that introduces a date, so that "3/4 of the team" and
    // "8-12 jaar" stay.
    // With a leading zero ("16/01", "28-01"), or first in a log's line before its time, it is
    // a date by itself; a month first ("Tue 11/25", "on 10/17") is the American order, written
    // with '/'. After a word for a date, "x/10" is a score ("on 4/10 for mood").
    const bool day_before = WeekdayStart(t, i) != i;
    const int x = ParseInt(t, i, a), y = ParseInt(t, b0, b);
    const bool either = ValidDayMonth(x, y) || ValidDayMonth(y, x);
    // "06-12 34 56 78" is a phone number, "09-12 uur" and "08-17u" are hours.
    const bool more_digits = b + 1 < t.size() && t[b] == ' ' && IsDigit(t[b + 1]);
    const bool padded = ZeroPadded(t, i, a, b0, b) && !more_digits && !HoursAfter(t, b) &&
                        (ValidDayMonth(x, y) || (sep == '/' && ValidDayMonth(y, x)));
    const bool cued = sep == '/' && AfterDateWord(t, i) &&
                      ((ValidDayMonth(x, y) && y != 10) || (y > 12 && ValidDayMonth(y, x)));
    const bool dated = (day_before && either) || (LogEntryAt(t, i, b) && either) || padded || cued;
    if (a - i > 2 || sep == '.' || !dated || NumberContinues(t, b) ||
        (b < t.size() && IsWordByte(t[b]))) {
      return 0;
    }
    return b;
  }
  size_t c0 = b + 1, c = DigitRunEnd(t, c0);
  if (c == c0) return 0;
  size_t alen = a - i, clen = c - c0;
  int x = ParseInt(t, i, a), y = ParseInt(t, b0, b);
  if (alen == 4 && clen <= 2) {
    int z = ParseInt(t, c0, c);
    if (x < 1900 || x > 2100 || !ValidDayMonth(z, y)) return 0;
  } else if (alen <= 2 && (clen == 4 || (clen == 2 && (sep != '.' || AfterDateWord(t, i))))) {
    if (!ValidDayMonth(x, y) && !ValidDayMonth(y, x)) return 0;
    if (clen == 4) {
      int year = ParseInt(t, c0, c);
      if (year < 1900 || year > 2100) return 0;
    }
  } else {
    return 0;
  }
  if (NumberContinues(t, c)) return 0;
  return c;
}

// A month name or abbreviation (Dutch or English) at p, glued between separators; its end or 0.
size_t MonthWordEnd(std::string_view t, size_t p) {
  size_t e = p;
  std::string w;
  while (e < t.size() && IsAsciiAlpha(t[e]) && e - p < 10)
    w.push_back(static_cast<char>(t[e++] | 0x20));
  if (e < t.size() && IsWordByte(t[e])) return 0;
  return IsMonthName(w) ? e : 0;
}

// "12-mrt-2024", "12.mrt.2024", "12-maart-2024", "2024-mrt-12", "12 mrt. '24" is the written
// rule's; here the month is glued in with '-' or '.'.
size_t ScanMonthDate(std::string_view t, size_t i) {
  size_t a = DigitRunEnd(t, i);
  if (a >= t.size() || (t[a] != '-' && t[a] != '.')) return 0;
  const char sep = t[a];
  size_t m = MonthWordEnd(t, a + 1);
  if (m == 0) return 0;
  size_t b = m;
  if (b < t.size() && t[b] == '.' && sep != '.') ++b;  // "12-mrt.-2024"
  if (b >= t.size() || t[b] != sep) return 0;
  size_t c0 = b + 1, c = DigitRunEnd(t, c0);
  if (c == c0 || NumberContinues(t, c) || (c < t.size() && IsWordByte(t[c]))) return 0;
  const size_t alen = a - i, clen = c - c0;
  const int x = ParseInt(t, i, a), z = ParseInt(t, c0, c);
  if (alen <= 2 && (clen == 4 || clen == 2) && x >= 1 && x <= 31) return c;
  if (alen == 4 && clen <= 2 && x >= 1900 && x <= 2100 && z >= 1 && z <= 31) return c;
  return 0;
}

// Collects digits from i, allowing one separator (space, '-', '.', '/') or brackets between
// groups, until want digits are read. Returns the end or 0.
size_t CollectDigits(std::string_view t, size_t i, size_t want, std::string* digits) {
  size_t p = i;
  while (p < t.size() && digits->size() < want) {
    char c = t[p];
    if (IsDigit(c)) {
      digits->push_back(c);
      ++p;
    } else if (c == ' ' && p + 3 < t.size() && t[p + 1] == '-' && t[p + 2] == ' ' &&
               IsDigit(t[p + 3]) && p > i && IsDigit(t[p - 1])) {
      p += 3;  // "06 - 1234 5678"
    } else if (c == ' ' && p + 5 < t.size() && t.compare(p + 1, 3, "\xE2\x80\x93") == 0 &&
               t[p + 4] == ' ' && IsDigit(t[p + 5]) && p > i && IsDigit(t[p - 1])) {
      p += 5;  // "06 – 1357 2468", with an en dash
    } else if ((c == ' ' || c == '-' || c == '.' || c == '/') && p + 1 < t.size() &&
               (IsDigit(t[p + 1]) || t[p + 1] == '(') && p > i && t[p - 1] != ' ' &&
               t[p - 1] != '-' && t[p - 1] != '.' && t[p - 1] != '/') {
      ++p;
    } else if ((c == '(' || c == ')') && digits->size() <= 6) {  // "(01482) 496023"
      ++p;
      if (c == ')' && p < t.size() && t[p] == ' ') ++p;
    } else {
      break;
    }
  }
  return digits->size() == want ? p : 0;
}

// Dutch and international phone numbers. Returns the end or 0.
size_t ScanPhone(std::string_view t, size_t i) {
  size_t p = i;
  if (t[p] == '+' || (t[p] == '0' && p + 1 < t.size() && t[p + 1] == '0')) {
    p += t[p] == '+' ? 1 : 2;
    if (p >= t.size() || !IsDigit(t[p]) || t[p] == '0') return 0;
    bool nl = t.compare(p, 2, "31") == 0, uk = t.compare(p, 2, "44") == 0;
    if (nl || uk) {
      p += 2;  // the country code
      // "+31 (0)6 ..." : the trunk zero in brackets is not part of the number.
      size_t q = p;
      while (q < t.size() && t[q] == ' ') ++q;
      if (t.compare(q, 3, "(0)") == 0) p = q + 3;
      while (p < t.size() && (t[p] == ' ' || t[p] == '-')) ++p;
      std::string digits;
      size_t e = CollectDigits(t, p, nl ? 9 : 10, &digits);
      if (e == 0 || NumberContinues(t, e)) return 0;
      return e;
    }
    // Other countries: 8 to 15 digits in groups; take as many groups as fit.
    size_t best = 0;
    for (size_t want = 15; want >= 8; --want) {
      std::string d;
      size_t e = CollectDigits(t, p, want, &d);
      if (e != 0 && !NumberContinues(t, e)) {
        best = e;
        break;
      }
    }
    return best;
  }
  if (t[p] == '(') ++p;
  if (p >= t.size() || t[p] != '0' || p + 1 >= t.size() || !IsDigit(t[p + 1]) || t[p + 1] == '0')
    return 0;
  // Dutch numbers have ten digits; British national numbers ("07700 900123") eleven; Dutch
  // service numbers (0800, 0900, 0906, 0909) eight or eleven.
  const bool service = t.compare(p, 4, "0800") == 0 || t.compare(p, 4, "0900") == 0 ||
                       t.compare(p, 4, "0906") == 0 || t.compare(p, 4, "0909") == 0;
  for (size_t want : {10, 11, 8, 9}) {
    if (want == 8 && !service) continue;
    std::string national;
    size_t e = CollectDigits(t, p, want, &national);
    if (e == 0 || NumberContinues(t, e)) continue;
    // Nine digits: an Irish number ("01 840 1122", "(01) 453 0355") or a Dutch one a digit
    // short; only in groups, so that a BSN starting with 0 stays a BSN.
    if (want == 9) {
      const std::string_view span = t.substr(i, e - i);
      if (span.find_first_of(" -)") == std::string_view::npos) continue;
      // Not an American ZIP+4 ("02124-1234"), which the postcode rule reads with its state.
      if (span.size() == 10 && span[5] == '-') continue;
    }
    return e;
  }
  return 0;
}

// Toll-free numbers: North American "1-800-555-0199" / "1 800 555 0199", Irish "1800 247 247"
// (1800, 1850, 1890 and ten digits).
size_t ScanTollFree(std::string_view t, size_t i);

// North American numbers: "(555) 201-3344", "555-201-3344", "555.201.3344". The area code and
// exchange do not start with 0 or 1.
size_t ScanUsPhone(std::string_view t, size_t i) {
  size_t p = i;
  const bool bracket = t[p] == '(';
  if (bracket) ++p;
  auto group = [&](size_t n) {
    for (size_t k = 0; k < n; ++k) {
      if (p + k >= t.size() || !IsDigit(t[p + k])) return false;
    }
    p += n;
    return true;
  };
  if (p >= t.size() || t[p] == '0' || t[p] == '1' || !group(3)) return 0;
  char sep = 0;
  if (bracket) {
    if (p >= t.size() || t[p] != ')') return 0;
    ++p;
    if (p < t.size() && (t[p] == ' ' || t[p] == '-')) ++p;
  } else {
    if (p >= t.size() || (t[p] != '-' && t[p] != '.')) return 0;
    sep = t[p++];
  }
  if (p >= t.size() || t[p] == '0' || t[p] == '1' || !group(3)) return 0;
  if (p >= t.size() || (t[p] != '-' && t[p] != '.') || (sep != 0 && t[p] != sep)) return 0;
  ++p;
  if (!group(4) || NumberContinues(t, p) || (p < t.size() && IsWordByte(t[p]))) return 0;
  return p;
}

bool IbanLengthFor(std::string_view cc, size_t* length) {
  struct Entry {
    const char* cc;
    size_t len;
  };
  static constexpr Entry kLengths[] = {
      {"NL", 18}, {"BE", 16}, {"DE", 22}, {"GB", 22}, {"FR", 27}, {"ES", 24}, {"IT", 27},
      {"LU", 20}, {"AT", 20}, {"CH", 21}, {"IE", 22}, {"PT", 25}, {"PL", 28}, {"DK", 18},
      {"SE", 24}, {"NO", 15}, {"FI", 18}, {"GR", 27}, {"TR", 26}, {"CZ", 24}, {"HU", 28},
      {"RO", 24}, {"BG", 22}, {"HR", 21}, {"SI", 19}, {"SK", 24}, {"LT", 20}, {"LV", 21},
      {"EE", 20}, {"MT", 31}, {"CY", 28}, {"IS", 26}};
  for (const Entry& e : kLengths) {
    if (Upper(cc[0]) == e.cc[0] && Upper(cc[1]) == e.cc[1]) {
      *length = e.len;
      return true;
    }
  }
  return false;
}

// IBAN with or without spaces in groups of four: "NL91 ABNA 0417 1643 00", "NL91ABNA0417164300".
size_t ScanIban(std::string_view t, size_t i) {
  if (i + 4 > t.size() || !IsAsciiAlpha(t[i]) || !IsAsciiAlpha(t[i + 1]) || !IsDigit(t[i + 2]) ||
      !IsDigit(t[i + 3])) {
    return 0;
  }
  size_t length;
  if (!IbanLengthFor(t.substr(i, 2), &length)) return 0;
  std::string compact;
  size_t p = i;
  while (p < t.size() && compact.size() < length) {
    if (IsAsciiAlnum(t[p])) {
      compact.push_back(Upper(t[p]));
      ++p;
    } else if (t[p] == ' ' && p + 1 < t.size() && IsAsciiAlnum(t[p + 1]) && t[p - 1] != ' ') {
      ++p;
    } else {
      break;
    }
  }
  if (compact.size() != length || (p < t.size() && IsAsciiAlnum(t[p]))) return 0;
  return IbanChecksumValid(compact) ? p : 0;
}

// Nine digits, optionally grouped with dots, spaces or hyphens ("123.456.782").
size_t ScanBsn(std::string_view t, size_t i) {
  std::string digits;
  size_t p = i;
  while (p < t.size() && digits.size() < 9) {
    if (IsDigit(t[p])) {
      digits.push_back(t[p]);
      ++p;
    } else if ((t[p] == '.' || t[p] == ' ' || t[p] == '-') && p + 1 < t.size() &&
               IsDigit(t[p + 1]) && IsDigit(t[p - 1])) {
      ++p;
    } else {
      break;
    }
  }
  if (digits.size() != 9 || NumberContinues(t, p)) return 0;
  return BsnElevenTestValid(digits) ? p : 0;
}

// "1234 AB" / "1234AB" / "1234 ab": four digits (not starting with 0) and two letters (not SA,
// SD, SS); in lower case not a two-letter word ("1234 en", "in 1234 op").
size_t ScanPostcode(std::string_view t, size_t i) {
  if (i + 6 > t.size() || t[i] == '0') return 0;
  for (size_t k = 0; k < 4; ++k)
    if (!IsDigit(t[i + k])) return 0;
  size_t p = i + 4;
  if (t[p] == ' ') ++p;
  if (p + 2 > t.size() || !IsAsciiAlpha(t[p]) || !IsAsciiAlpha(t[p + 1])) return 0;
  const bool upper = IsUpper(t[p]) && IsUpper(t[p + 1]);
  const bool lower = !IsUpper(t[p]) && !IsUpper(t[p + 1]);
  if (!upper && !lower) return 0;
  std::string letters{Upper(t[p]), Upper(t[p + 1])};
  if (letters == "SA" || letters == "SD" || letters == "SS") return 0;
  if (lower) {
    static constexpr std::array<std::string_view, 40> kWords = {
        "AL", "AN", "AS", "AT", "BE", "BY", "DE", "DO", "EN", "ER", "GO", "HE", "IF", "IK",
        "IN", "IS", "IT", "JE", "ME", "MY", "NA", "NO", "OF", "OM", "ON", "OP", "OR", "SO",
        "TE", "TO", "UP", "US", "WE", "ZE", "AM", "EM", "ET", "OK", "UW", "EU"};
    for (std::string_view w : kWords) {
      if (letters == w) return 0;
    }
  }
  p += 2;
  if (p < t.size() && IsWordByte(t[p])) return 0;
  return p;
}

// UK postcodes: "LS6 2AB", "SW1A 1AA", "M1 1AE", "EH10 4BF" (outward code: one or two letters,
// a digit, an optional letter or digit; a space; inward code: a digit, two letters), in
// capitals or, written hastily, all in lower case ("m14 5tq"); never mixed.
size_t ScanUkPostcode(std::string_view t, size_t i) {
  const bool lower = t[i] >= 'a' && t[i] <= 'z';
  auto letter = [lower](char c) { return lower ? (c >= 'a' && c <= 'z') : IsUpper(c); };
  size_t p = i;
  size_t letters = 0;
  while (p < t.size() && letter(t[p]) && letters < 2) {
    ++p;
    ++letters;
  }
  if (letters == 0 || p >= t.size() || !IsDigit(t[p])) return 0;
  ++p;
  if (p < t.size() && (IsDigit(t[p]) || letter(t[p]))) ++p;
  if (p >= t.size() || t[p] != ' ') return 0;
  ++p;
  if (p + 3 > t.size() || !IsDigit(t[p]) || !letter(t[p + 1]) || !letter(t[p + 2])) return 0;
  p += 3;
  if (p < t.size() && IsWordByte(t[p])) return 0;
  return p;
}

// The start of the town before a state and its comma ("Mesquite, TX", "Fair Oak, VIC"): one
// to three capitalised words on the same line; `state` when there is none.
size_t TownBeforeState(std::string_view t, size_t state) {
  size_t p = state;
  while (p > 0 && t[p - 1] == ' ') --p;
  if (p == 0 || t[p - 1] != ',') return state;
  --p;
  size_t town = state;
  for (int words = 0; words < 3; ++words) {
    size_t e = p;
    for (int spaces = 0; spaces < 2 && e > 0 && t[e - 1] == ' '; ++spaces) --e;  // at most two
    if (words > 0 && e == p) break;
    size_t b = e;
    while (b > 0 && (IsAsciiAlpha(t[b - 1]) || t[b - 1] == '\'' || t[b - 1] == '.')) --b;
    if (b == e || !IsUpper(t[b]) || (b > 0 && IsWordByte(t[b - 1]))) break;
    town = b;
    p = b;
    if (b == 0 || t[b - 1] != ' ') break;
  }
  return town;
}

// A US ZIP code, "97205" or "62704-1234", after the name or postal code of a state ("Portland,
// Oregon 97205", "Springfield, IL 62704"): five digits alone are no postcode. The state's span
// goes to *state_begin, *state_end.
size_t ScanUsZip(std::string_view t, size_t i, size_t* state_begin, size_t* state_end) {
  size_t p = i;
  while (p < t.size() && IsDigit(t[p]) && p - i < 6) ++p;
  // Four digits: an Australian postcode after its state ("Fitzroy VIC 3065", "NSW 2000").
  const bool australian = p - i == 4;
  if (p - i != 5 && !australian) return 0;
  if (!australian && p + 5 <= t.size() && t[p] == '-' && IsDigit(t[p + 1]) && IsDigit(t[p + 2]) &&
      IsDigit(t[p + 3]) && IsDigit(t[p + 4])) {
    p += 5;
  }
  if (p < t.size() && (IsWordByte(t[p]) || (t[p] == '-' && p + 1 < t.size() && IsDigit(t[p + 1]))))
    return 0;
  size_t e = i;
  while (e > 0 && (t[e - 1] == ' ' || t[e - 1] == ',')) --e;
  if (e == i) return 0;
  size_t b = e;
  while (b > 0 && IsAsciiAlpha(t[b - 1])) --b;
  if (b == e || (b > 0 && IsWordByte(t[b - 1]))) return 0;
  const std::string_view word = t.substr(b, e - b);
  static const std::unordered_set<std::string_view> kStates = {
      "AL",       "AK",         "AZ",          "AR",          "CA",           "CO",
      "CT",       "DE",         "FL",          "GA",          "HI",           "ID",
      "IL",       "IN",         "IA",          "KS",          "KY",           "LA",
      "ME",       "MD",         "MA",          "MI",          "MN",           "MS",
      "MO",       "MT",         "NE",          "NV",          "NH",           "NJ",
      "NM",       "NY",         "NC",          "ND",          "OH",           "OK",
      "OR",       "PA",         "RI",          "SC",          "SD",           "TN",
      "TX",       "UT",         "VT",          "VA",          "WA",           "WV",
      "WI",       "WY",         "DC",          "Alabama",     "Alaska",       "Arizona",
      "Arkansas", "California", "Colorado",    "Connecticut", "Delaware",     "Florida",
      "Georgia",  "Hawaii",     "Idaho",       "Illinois",    "Indiana",      "Iowa",
      "Kansas",   "Kentucky",   "Louisiana",   "Maine",       "Maryland",     "Massachusetts",
      "Michigan", "Minnesota",  "Mississippi", "Missouri",    "Montana",      "Nebraska",
      "Nevada",   "Ohio",       "Oklahoma",    "Oregon",      "Pennsylvania", "Tennessee",
      "Texas",    "Utah",       "Vermont",     "Virginia",    "Washington",   "Wisconsin",
      "Wyoming",  "Hampshire",  "Jersey",      "Mexico",      "York",         "Carolina",
      "Dakota",   "Island",     "Columbia"};
  static const std::unordered_set<std::string_view> kAustralianStates = {
      "NSW", "VIC", "QLD", "SA", "WA", "TAS", "NT", "ACT"};
  if (australian ? !kAustralianStates.count(word) : !kStates.count(word)) return 0;
  // "ID", "IN", "OR", "OK", "ME", "HI" are also words: only after a town and a comma
  // ("Boise, ID 83702"), not in "Employee ID 12345".
  if (word.size() == 2 && (word == "ID" || word == "IN" || word == "OR" || word == "OK" ||
                           word == "ME" || word == "HI")) {
    size_t c = b;
    while (c > 0 && t[c - 1] == ' ') --c;
    if (c == 0 || t[c - 1] != ',') return 0;
  }
  *state_begin = b;
  *state_end = e;
  return p;
}

// Whether the word before i introduces a phone number: "via 14 038", "bel 14 020", "Tel: ".
bool PhoneIntroBefore(std::string_view t, size_t i) {
  size_t e = i;
  while (e > 0 && t[e - 1] == ' ') --e;
  // After a label's colon or dash ("Wmo-loket — 14 0572"), or first on a line.
  if (e == 0 || t[e - 1] == ':' || t[e - 1] == '\n' || t[e - 1] == '|' ||
      t.substr(0, e).ends_with("\xE2\x80\x94") || t.substr(0, e).ends_with("\xE2\x80\x93")) {
    return true;
  }
  size_t b = e;
  while (b > 0 && IsAsciiAlpha(t[b - 1])) --b;
  std::string w;
  for (size_t k = b; k < e; ++k) w.push_back(static_cast<char>(t[k] | 0x20));
  return w == "via" || w == "bel" || w == "bellen" || w == "tel" || w == "telefoon" ||
         w == "nummer" || w == "op" || w == "call" || w == "phone" || w == "dial";
}

size_t ScanTollFree(std::string_view t, size_t i) {
  if (t[i] != '1' || i + 1 >= t.size()) return 0;
  if ((t[i + 1] == '-' || t[i + 1] == ' ') && i + 2 < t.size() && t.compare(i + 2, 1, "8") == 0) {
    const size_t e = ScanUsPhone(t, i + 2);
    if (e != 0) return e;
  }
  // "14 038", "14 0570": a Dutch municipality's number (14 and an area code), only after a word,
  // colon or dash that introduces it; never "14 000" or "14 050 inwoners" (thousands).
  if (t.compare(i, 4, "14 0") == 0 && i + 4 < t.size() && t[i + 4] != '0' &&
      PhoneIntroBefore(t, i)) {
    size_t e = i + 4;
    while (e < t.size() && IsDigit(t[e]) && e - (i + 4) < 4) ++e;
    if (e - (i + 4) >= 2 && !NumberContinues(t, e) && (e >= t.size() || !IsWordByte(t[e]))) {
      return e;
    }
  }
  for (std::string_view prefix : {"1800", "1850", "1890", "1300"}) {
    if (t.compare(i, 4, prefix) != 0) continue;
    std::string digits;
    const size_t e = CollectDigits(t, i, 10, &digits);
    if (e != 0 && !NumberContinues(t, e) && (e >= t.size() || !IsWordByte(t[e]))) return e;
  }
  return 0;
}

}  // namespace

bool IsWeekdayName(std::string_view lower) {
  static constexpr std::array<std::string_view, 39> kDays = {
      "maandag",   "dinsdag",  "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag", "ma",
      "di",        "wo",       "do",       "vr",        "za",      "zo",       "monday", "tuesday",
      "wednesday", "thursday", "friday",   "saturday",  "sunday",  "mon",      "tue",    "tues",
      "wed",       "thu",      "thur",     "thurs",     "fri",     "sat",      "sun",    "din",
      "woe",       "don",      "vrij",     "zat",       "zon",     "weds",     "woens"};
  for (std::string_view d : kDays) {
    if (lower == d) return true;
  }
  return false;
}

size_t WeekdayStart(std::string_view t, size_t i) {
  size_t e = i;
  while (e > 0 && t[e - 1] == ' ') --e;
  if (e == i) return i;
  if (e > 0 && t[e - 1] == ',') {
    --e;
    while (e > 0 && t[e - 1] == ' ') --e;
  }
  if (e > 0 && t[e - 1] == '.') --e;
  size_t b = e;
  while (b > 0 && e - b < 10 && IsAsciiAlpha(t[b - 1])) --b;
  if (b == e || (b > 0 && IsWordByte(t[b - 1]))) return i;
  std::string w;
  for (size_t k = b; k < e; ++k) w.push_back(static_cast<char>(t[k] | 0x20));
  return IsWeekdayName(w) ? b : i;
}

bool IsMonthName(std::string_view lower) {
  static constexpr std::array<std::string_view, 34> kMonths = {
      "januari", "january",   "februari", "february", "maart",    "march",    "april",
      "mei",     "may",       "juni",     "june",     "juli",     "july",     "augustus",
      "august",  "september", "oktober",  "october",  "november", "december", "jan",
      "feb",     "mrt",       "mar",      "apr",      "jun",      "jul",      "aug",
      "sep",     "sept",      "okt",      "oct",      "nov",      "dec"};
  for (std::string_view m : kMonths) {
    if (lower == m) return true;
  }
  return false;
}

size_t DutchPostcodeEnd(std::string_view t, size_t i) { return ScanPostcode(t, i); }

size_t PhoneExtensionEnd(std::string_view t, size_t e) {
  size_t p = e;
  if (p < t.size() && t[p] == ',') ++p;
  while (p < t.size() && t[p] == ' ') ++p;
  size_t w = p;
  while (w < t.size() && IsAsciiAlpha(t[w]) && w - p < 10) ++w;
  std::string word;
  for (size_t k = p; k < w; ++k) word.push_back(static_cast<char>(t[k] | 0x20));
  static const std::unordered_set<std::string_view> kWords = {
      "toestel", "tst", "ext", "extension", "x", "doorkies", "toets"};
  if (w == p || !kWords.count(word)) return e;
  if (w < t.size() && t[w] == '.') ++w;
  const bool glued = word == "x" && w < t.size() && IsDigit(t[w]);
  if (!glued) {
    if (w == p + 1 && word == "x") return e;  // "x" needs its digits right after it: "x2201"
    while (w < t.size() && t[w] == ' ') ++w;
  }
  size_t d = w;
  while (d < t.size() && IsDigit(t[d]) && d - w < 6) ++d;
  if (d == w || (d < t.size() && IsWordByte(t[d]))) return e;
  return d;
}

bool IbanChecksumValid(std::string_view compact) {
  if (compact.size() < 15 || compact.size() > 34) return false;
  // Move the first four characters to the end, letters become 10..35, then mod 97 must be 1.
  int remainder = 0;
  auto feed = [&remainder](char c) {
    if (IsDigit(c)) {
      remainder = (remainder * 10 + (c - '0')) % 97;
    } else if (IsAsciiAlpha(c)) {
      int v = Upper(c) - 'A' + 10;
      remainder = (remainder * 100 + v) % 97;
    } else {
      remainder = -1000000;
    }
  };
  for (size_t k = 4; k < compact.size(); ++k) feed(compact[k]);
  for (size_t k = 0; k < 4; ++k) feed(compact[k]);
  return remainder == 1;
}

bool BsnElevenTestValid(std::string_view d) {
  if (d.size() != 9) return false;
  int sum = 0;
  bool all_zero = true;
  for (size_t k = 0; k < 9; ++k) {
    if (!IsDigit(d[k])) return false;
    int v = d[k] - '0';
    all_zero = all_zero && v == 0;
    sum += (k < 8 ? static_cast<int>(9 - k) : -1) * v;
  }
  return !all_zero && sum % 11 == 0;
}

void FindStructuredIdentifiers(std::string_view t, std::vector<Finding>* out) {
  // E-mail addresses first: every '@' is a candidate, found with memchr.
  for (const char* at = static_cast<const char*>(std::memchr(t.data(), '@', t.size()));
       at != nullptr;) {
    size_t i = static_cast<size_t>(at - t.data()), begin = 0;
    size_t end = ScanEmail(t, i, &begin);
    size_t next = i + 1;
    if (end != 0) {
      Add(t, begin, end, EntityType::kEmail, "email", 0.99, out);
      next = end;
    }
    if (next >= t.size()) break;
    at = static_cast<const char*>(std::memchr(t.data() + next, '@', t.size() - next));
  }

  const size_t n = t.size();
  size_t i = 0;
  while (i < n) {
    char c = t[i];
    if (!AtTokenStart(t, i) || (!IsAsciiAlnum(c) && c != '+' && c != '(' && c != ':')) {
      ++i;
      continue;
    }
    size_t end = 0;
    if (IsDigit(c)) {
      if ((end = ScanIpv4(t, i)) != 0) {
        Add(t, i, end, EntityType::kIp, "ipv4", 0.95, out);
      } else if ((end = ScanNumericDate(t, i)) != 0) {
        Add(t, WeekdayStart(t, i), end, EntityType::kDate, "date-numeric", 0.9, out);
      } else if ((end = ScanMonthDate(t, i)) != 0) {
        Add(t, WeekdayStart(t, i), end, EntityType::kDate, "date-month-glued", 0.9, out);
      } else if ((end = ScanTollFree(t, i)) != 0) {
        end = PhoneExtensionEnd(t, end);
        Add(t, i, end, EntityType::kPhone, "phone-toll-free", 0.9, out);
      } else if ((end = ScanUsPhone(t, i)) != 0) {
        end = PhoneExtensionEnd(t, end);
        Add(t, i, end, EntityType::kPhone, "phone-us", 0.9, out);
      } else if ((end = ScanPhone(t, i)) != 0) {
        end = PhoneExtensionEnd(t, end);
        Add(t, i, end, EntityType::kPhone, "phone", 0.95, out);
      } else if ((end = ScanBsn(t, i)) != 0) {
        Add(t, i, end, EntityType::kBsn, "bsn-11-test", 0.9, out);
      } else if ((end = ScanPostcode(t, i)) != 0) {
        Add(t, i, end, EntityType::kPostcode, "postcode-nl", 0.95, out);
      } else if (size_t sb = 0, se = 0; (end = ScanUsZip(t, i, &sb, &se)) != 0) {
        Add(t, i, end, EntityType::kPostcode, "postcode-us", 0.9, out);
        // The state before it is a place too: "Dorchester, MA 02124"; and the town before the
        // state's comma ("Mesquite, TX 75149").
        Add(t, sb, se, EntityType::kPlace, "us-state", 0.85, out);
        if (const size_t tb = TownBeforeState(t, sb); tb != sb) {
          size_t te = sb;
          while (te > tb && (t[te - 1] == ' ' || t[te - 1] == ',')) --te;
          Add(t, tb, te, EntityType::kPlace, "town-before-state", 0.8, out);
        }
      } else if ((end = ScanIpv6(t, i)) != 0) {
        Add(t, i, end, EntityType::kIp, "ipv6", 0.9, out);
      }
    } else if (c == '+' || c == '(') {
      if ((end = ScanPhone(t, i)) != 0) {
        end = PhoneExtensionEnd(t, end);
        Add(t, i, end, EntityType::kPhone, "phone", 0.95, out);
      } else if (c == '(' && (end = ScanUsPhone(t, i)) != 0) {
        end = PhoneExtensionEnd(t, end);
        Add(t, i, end, EntityType::kPhone, "phone-us", 0.9, out);
      }
    } else if (c == ':') {
      if (i + 1 < n && t[i + 1] == ':' && (end = ScanIpv6(t, i)) != 0)
        Add(t, i, end, EntityType::kIp, "ipv6", 0.9, out);
    } else {  // a letter
      if (StartsWithNoCase(t, i, "http://") || StartsWithNoCase(t, i, "https://") ||
          StartsWithNoCase(t, i, "www.")) {
        size_t e = i;
        while (e < n && IsUrlChar(t[e])) ++e;
        end = TrimUrlEnd(t, i, e);
        Add(t, i, end, EntityType::kUrl, "url", 0.99, out);
      } else if ((end = ScanIban(t, i)) != 0) {
        Add(t, i, end, EntityType::kIban, "iban-mod97", 0.99, out);
      } else if ((end = ScanUkPostcode(t, i)) != 0) {
        Add(t, i, end, EntityType::kPostcode, "postcode-uk", 0.9, out);
      } else if ((end = ScanBareDomain(t, i)) != 0) {
        Add(t, i, end, EntityType::kUrl, "domain", 0.85, out);
      } else if (IsHex(c) && (end = ScanIpv6(t, i)) != 0) {
        Add(t, i, end, EntityType::kIp, "ipv6", 0.9, out);
      }
    }
    if (end > i) {
      i = end;
    } else if (!IsAsciiAlnum(c)) {
      // A '(', '+' or ':' that starts nothing: the word after it may ("(www.…)", "(LS6 2AB)").
      ++i;
    } else {
      // Skip the rest of this word or number: candidates start only at token starts.
      ++i;
      while (i < n && IsAsciiAlnum(t[i])) ++i;
    }
  }
}

}  // namespace kring
