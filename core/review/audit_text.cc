#include "core/review/audit_text.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "core/base/json.h"
#include "core/i18n/format.h"
#include "core/i18n/messages.h"
#include "core/review/audit.h"

namespace kring::audit_text {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Decodes one UTF-8 sequence at `i`; returns its length, or 0 when it is malformed (overlong,
// surrogate, beyond U+10FFFF or cut short).
size_t DecodeUtf8(std::string_view s, size_t i, uint32_t* cp) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  size_t len;
  uint32_t v;
  if (c < 0x80) {
    *cp = c;
    return 1;
  } else if ((c & 0xE0) == 0xC0) {
    len = 2;
    v = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3;
    v = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4;
    v = c & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    v = (v << 6) | (b(i + k) & 0x3F);
  }
  static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (v < kMin[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  *cp = v;
  return len;
}

bool IsControl(uint32_t cp) { return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F); }

}  // namespace

std::string CleanText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    const size_t len = DecodeUtf8(text, i, &cp);
    if (len == 0) {
      out.append(kReplacement);
      ++i;
      continue;
    }
    if (IsControl(cp)) {
      out.push_back(' ');
    } else {
      out.append(text.substr(i, len));
    }
    i += len;
  }
  return out;
}

size_t DisplayWidth(std::string_view utf8) {
  size_t n = 0;
  for (unsigned char c : utf8) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

std::string Truncate(std::string_view utf8, size_t width) {
  if (DisplayWidth(utf8) <= width || width == 0) return std::string(width == 0 ? "" : utf8);
  std::string out;
  size_t seen = 0;
  for (size_t i = 0; i < utf8.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(utf8[i]);
    if ((c & 0xC0) != 0x80) {
      if (seen == width - 1) break;
      ++seen;
    }
    out.push_back(utf8[i]);
  }
  return out + "\xE2\x80\xA6";  // …
}

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string EscapeJson(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  AppendJsonEscaped(out, text);
  return out;
}

std::string EscapeMarkdown(std::string_view text) {
  // CommonMark lets a backslash escape any ASCII punctuation. Escaping what could start emphasis,
  // code, a link, raw HTML or an entity, or break a table cell keeps user text literal; the rest
  // stays unescaped so the source remains readable. User text never starts a line, so list and
  // heading markers need no escaping.
  static constexpr std::string_view kSpecial = "\\`*_[]<>|~&";
  std::string out;
  for (char c : text) {
    if (kSpecial.find(c) != std::string_view::npos) out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

std::string CsvText(std::string_view text) {
  std::string field(text);
  if (!field.empty() && (field[0] == '=' || field[0] == '+' || field[0] == '-' || field[0] == '@' ||
                         field[0] == '\t' || field[0] == '\r')) {
    field.insert(field.begin(), '\'');
  }
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  return out + "\"";
}

std::string Fixed(double value, int decimals) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, decimals);
  std::string out(buf, res.ptr);
  if (out.rfind("-0", 0) == 0 && out.find_first_not_of("-0.") == std::string::npos) out.erase(0, 1);
  return out;
}

std::string Score(const std::optional<double>& mean, Language language) {
  return mean ? i18n::FormatDecimal(language, *mean, 2) : "-";
}

std::string Percent(const std::optional<double>& share, Language language) {
  return share ? i18n::FormatPercent(language, *share) : "-";
}

std::string Integer(int64_t n, Language language) { return i18n::FormatInteger(language, n); }

std::string Duration(int64_t ms, Language language) { return i18n::FormatDuration(language, ms); }

std::string Date(int64_t ms, Language language) {
  const CivilDate d = UtcCivilDate(ms);
  return i18n::FormatCivilDate(language, d.year, d.month, d.day);
}

std::string ShortDate(int64_t ms, Language language) {
  const CivilDate d = UtcCivilDate(ms);
  return i18n::Tr(language, "date.short",
                  {{"day", std::to_string(d.day)},
                   {"month", i18n::Tr(language, "month.short." + std::to_string(d.month))},
                   {"year", std::to_string(d.year)}});
}

std::string DateTimeUtc(int64_t ms, Language language) {
  const int64_t day_ms = 86'400'000;
  int64_t in_day = ms % day_ms;
  if (in_day < 0) in_day += day_ms;
  const int minutes = static_cast<int>(in_day / 60'000);
  char time[16];
  std::snprintf(time, sizeof time, "%02d:%02d", minutes / 60, minutes % 60);
  return i18n::Tr(language, "audit.date.time_utc",
                  {{"date", Date(ms, language)}, {"time", std::string(time)}});
}

std::string IsoTime(int64_t ms) {
  const int64_t day_ms = 86'400'000;
  int64_t in_day = ms % day_ms;
  if (in_day < 0) in_day += day_ms;
  const int64_t s = in_day / 1000;
  char buf[32];
  std::snprintf(buf, sizeof buf, "T%02d:%02d:%02dZ", static_cast<int>(s / 3600),
                static_cast<int>(s / 60 % 60), static_cast<int>(s % 60));
  return FormatUtcDate(ms) + buf;
}

std::string MonthLabel(int year, int month) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  return buf;
}

std::string MonthName(int year, int month, Language language) {
  return i18n::FormatMonth(language, year, month);
}

std::string ShortMonthName(int year, int month, Language language) {
  const int m = (month - 1) % 12 + 1;
  return i18n::Tr(language, "date.month",
                  {{"month", i18n::Tr(language, "month.short." + std::to_string(m))},
                   {"year", std::to_string(year)}});
}

}  // namespace kring::audit_text
