// Dates and times for people. Coaches read times in their own time zone (TZ, else the system's
// /etc/localtime), as YYYY-MM-DD and HH:MM. Machine formats (JSON, CSV) stay in UTC: see
// audit_text::IsoTime.
#pragma once

#include <cstdint>
#include <string>

namespace kring {

// "2026-01-31 15:05" for 2026-01-31T14:05Z in Amsterdam; from unix milliseconds.
std::string FormatLocalDateTime(int64_t unix_ms);
// "2026-01-31".
std::string FormatLocalDate(int64_t unix_ms);

}  // namespace kring
