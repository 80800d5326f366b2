// Numbers, dates and durations the way a Dutch or an English reader writes them, for every human
// format (terminal, Markdown, HTML). Machine formats (JSON, CSV) keep ISO dates and plain numbers.
//
//                 Dutch                    English
//   integer       12.500 (from 5 digits)   12,500 (from 5 digits)
//   decimal       3,50                     3.50
//   date          2 december 2026          2 December 2026
//   short date    2 dec 2026               2 Dec 2026
//   date, time    2 december 2026 14:05    2 December 2026, 14:05
//   duration      1 dag en 3 uur           1 day and 3 hours
//
// Four-digit numbers are not grouped (1250), as both languages' style guides allow and as years
// and ports read best. Dates are in the local time zone (core/base/local_time.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/text/language.h"

namespace kring::i18n {

std::string FormatInteger(Language language, int64_t value);
// `decimals` digits after the decimal sign; not a number gives "-".
std::string FormatDecimal(Language language, double value, int decimals);
// A share from 0 to 1 as a whole percentage: "75%".
std::string FormatPercent(Language language, double share);

std::string FormatDate(Language language, int64_t unix_ms);
std::string FormatShortDate(Language language, int64_t unix_ms);
std::string FormatDateTime(Language language, int64_t unix_ms);
// A calendar date given as numbers (session dates, audit periods): "31 januari 2026".
std::string FormatCivilDate(Language language, int year, int month, int day);
// "januari 2026" / "January 2026".
std::string FormatMonth(Language language, int year, int month);
// The two largest units of a duration: "3 dagen en 4 uur", "5 minuten", "less than a minute".
std::string FormatDuration(Language language, int64_t ms);
// "a, b en c" / "a, b and c".
std::string FormatList(Language language, const std::vector<std::string>& items);

}  // namespace kring::i18n
