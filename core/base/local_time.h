// Dates and times for people. Coaches read times in their own time zone (TZ, else the system's
// /etc/localtime), as YYYY-MM-DD and HH:MM. Machine formats (JSON, CSV) stay in UTC: see
// audit_text::IsoTime.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace kring {

// "2026-01-31 15:05" for 2026-01-31T14:05Z in Amsterdam; from unix milliseconds.
std::string FormatLocalDateTime(int64_t unix_ms);
// "2026-01-31".
std::string FormatLocalDate(int64_t unix_ms);

// A moment as a calendar date and clock time in the local time zone, for the formats of each
// language (core/i18n/format.h); nullopt for a year struct tm cannot hold.
struct LocalParts {
  int year = 0;
  int month = 0;  // 1-12
  int day = 0;    // 1-31
  int hour = 0;
  int minute = 0;
};
std::optional<LocalParts> ToLocalParts(int64_t unix_ms);

}  // namespace kring
