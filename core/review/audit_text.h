// Text helpers shared by the audit renderers: making user text safe for each output format, and
// writing numbers, shares and durations the same way everywhere (locale-independent, so the same
// report always gives the same bytes).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

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

std::string Fixed(double value, int decimals);            // "3.50"
std::string Score(const std::optional<double>& mean);     // "3.50" or "-"
std::string Percent(const std::optional<double>& share);  // "75%" or "-"
std::string Duration(int64_t ms);                         // "1 day 3 hours"
std::string IsoTime(int64_t ms);                          // 2026-01-31T14:05:09Z
std::string MonthLabel(int year, int month);              // 2026-01
std::string MonthName(int year, int month);               // Jan 2026

}  // namespace kring::audit_text
