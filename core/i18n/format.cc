#include "core/i18n/format.h"

#include <cmath>
#include <cstdio>

#include "core/base/local_time.h"
#include "core/i18n/messages.h"

namespace kring::i18n {
namespace {

bool Dutch(Language language) { return language == Language::kDutch; }

std::string Grouped(uint64_t magnitude, char separator) {
  std::string digits = std::to_string(magnitude);
  if (digits.size() < 5) return digits;
  std::string out;
  const size_t first = digits.size() % 3 == 0 ? 3 : digits.size() % 3;
  out.append(digits, 0, first);
  for (size_t i = first; i < digits.size(); i += 3) {
    out.push_back(separator);
    out.append(digits, i, 3);
  }
  return out;
}

std::string MonthName(Language language, int month, bool short_form) {
  if (month < 1 || month > 12) return "?";
  return Tr(language, (short_form ? "month.short." : "month.") + std::to_string(month));
}

}  // namespace

std::string FormatInteger(Language language, int64_t value) {
  const uint64_t magnitude =
      value < 0 ? static_cast<uint64_t>(-(value + 1)) + 1 : static_cast<uint64_t>(value);
  return (value < 0 ? "-" : "") + Grouped(magnitude, Dutch(language) ? '.' : ',');
}

std::string FormatDecimal(Language language, double value, int decimals) {
  if (!std::isfinite(value)) return "-";
  if (decimals < 0) decimals = 0;
  if (decimals > 6) decimals = 6;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  std::string s = buf;
  if (s == "-0" || s.find_first_not_of("-0.") == std::string::npos) {
    if (!s.empty() && s.front() == '-') s.erase(0, 1);  // no "-0,0"
  }
  const size_t point = s.find('.');
  const std::string fraction = point == std::string::npos ? "" : s.substr(point + 1);
  std::string whole = point == std::string::npos ? s : s.substr(0, point);
  const bool negative = !whole.empty() && whole.front() == '-';
  if (negative) whole.erase(0, 1);
  std::string out =
      (negative ? "-" : "") + Grouped(std::stoull(whole), Dutch(language) ? '.' : ',');
  if (!fraction.empty()) out += (Dutch(language) ? "," : ".") + fraction;
  return out;
}

std::string FormatPercent(Language language, double share) {
  if (!std::isfinite(share)) return "-";
  return FormatInteger(language, std::llround(share * 100.0)) + "%";
}

std::string FormatCivilDate(Language language, int year, int month, int day) {
  return Tr(language, "date.long",
            {{"day", std::to_string(day)},
             {"month", MonthName(language, month, false)},
             {"year", std::to_string(year)}});
}

std::string FormatMonth(Language language, int year, int month) {
  return Tr(language, "date.month",
            {{"month", MonthName(language, month, false)}, {"year", std::to_string(year)}});
}

std::string FormatDate(Language language, int64_t unix_ms) {
  const auto parts = ToLocalParts(unix_ms);
  if (!parts) return Tr(language, "date.unknown");
  return FormatCivilDate(language, parts->year, parts->month, parts->day);
}

std::string FormatShortDate(Language language, int64_t unix_ms) {
  const auto parts = ToLocalParts(unix_ms);
  if (!parts) return Tr(language, "date.unknown");
  return Tr(language, "date.short",
            {{"day", std::to_string(parts->day)},
             {"month", MonthName(language, parts->month, true)},
             {"year", std::to_string(parts->year)}});
}

std::string FormatDateTime(Language language, int64_t unix_ms) {
  const auto parts = ToLocalParts(unix_ms);
  if (!parts) return Tr(language, "date.unknown");
  char time[8];
  std::snprintf(time, sizeof time, "%02d:%02d", parts->hour, parts->minute);
  return Tr(language, "date.time",
            {{"date", FormatCivilDate(language, parts->year, parts->month, parts->day)},
             {"time", std::string(time)}});
}

std::string FormatDuration(Language language, int64_t ms) {
  if (ms < 60'000) return Tr(language, "duration.under_a_minute");
  // The two largest units, and only neighbouring ones: "2 days and 5 hours", never "2 days and
  // 7 minutes".
  const int64_t minutes = ms / 60'000;
  const int64_t days = minutes / (24 * 60);
  const int64_t hours = minutes / 60 % 24;
  const int64_t rest = minutes % 60;
  std::vector<std::string> parts;
  if (days > 0) {
    parts.push_back(Tr(language, "count.days", {{"n", days}}));
    if (hours > 0) parts.push_back(Tr(language, "count.hours", {{"n", hours}}));
  } else if (hours > 0) {
    parts.push_back(Tr(language, "count.hours", {{"n", hours}}));
    if (rest > 0) parts.push_back(Tr(language, "count.minutes", {{"n", rest}}));
  } else {
    parts.push_back(Tr(language, "count.minutes", {{"n", rest}}));
  }
  return FormatList(language, parts);
}

std::string FormatList(Language language, const std::vector<std::string>& items) {
  if (items.empty()) return "";
  if (items.size() == 1) return items.front();
  std::string head;
  for (size_t i = 0; i + 1 < items.size(); ++i) head += (i == 0 ? "" : ", ") + items[i];
  return Tr(language, "list.and", {{"first", head}, {"last", items.back()}});
}

}  // namespace kring::i18n
