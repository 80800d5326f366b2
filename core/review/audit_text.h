// Text helpers shared by the audit renderers: making user text safe for each output format, and
// writing numbers, shares, durations and dates the same way everywhere. The machine formats use
// the plain forms (Fixed, IsoTime, MonthLabel); the human ones write in the report's language
// (core/i18n/format.h), independent of the process locale, so the same report in the same
// language always gives the same bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/text/language.h"

namespace kring::audit_text {

// Valid UTF-8 with every control character (C0, DEL, C1; also newlines and tabs) turned into a
// space and invalid bytes into U+FFFD. Titles and aliases are user text: in a terminal an escape
// sequence could rewrite the screen, and in every format a newline would break the layout.
std::string CleanText(std::string_view text);

// Display width in a terminal, counting code points (wide East Asian signs count as one: a
// known limitation, titles are mostly Latin).
size_t DisplayWidth(std::string_view utf8);
// At most `width` code points, ending in "…" when shortened.
std::string Truncate(std::string_view utf8, size_t width);

std::string EscapeHtml(std::string_view text);      // & < > " '
std::string EscapeJson(std::string_view text);      // inside "…", without the quotes
std::string EscapeMarkdown(std::string_view text);  // safe inside a table cell
// One RFC 4180 field: quoted when it holds a comma, quote, CR or LF. Text that a spreadsheet
// would run as a formula (starting with = + - @) gets a leading apostrophe.
std::string CsvText(std::string_view text);

// Machine formats (JSON, CSV): plain, the same in every language.
std::string Fixed(double value, int decimals);  // "3.50"
std::string IsoTime(int64_t ms);                // 2026-01-31T14:05:09Z
std::string MonthLabel(int year, int month);    // 2026-01

// Human formats, in `language` ("3,50" in Dutch, "3.50" in English). Dates are UTC calendar
// dates: the audit's periods and months are UTC days.
std::string Score(const std::optional<double>& mean,
                  Language language = Language::kEnglish);  // "3.50" or "-"
std::string Percent(const std::optional<double>& share,
                    Language language = Language::kEnglish);                // "75%" or "-"
std::string Integer(int64_t n, Language language = Language::kEnglish);     // "12,500"
std::string Duration(int64_t ms, Language language = Language::kEnglish);   // "1 day and 3 hours"
std::string Date(int64_t ms, Language language = Language::kEnglish);       // 31 January 2026
std::string ShortDate(int64_t ms, Language language = Language::kEnglish);  // 31 Jan 2026
// 31 January 2026, 14:05 UTC
std::string DateTimeUtc(int64_t ms, Language language = Language::kEnglish);
std::string MonthName(int year, int month, Language language = Language::kEnglish);  // January 2026
std::string ShortMonthName(int year, int month,
                           Language language = Language::kEnglish);  // Jan 2026

}  // namespace kring::audit_text
