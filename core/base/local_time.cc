#include "core/base/local_time.h"

#include <ctime>

namespace kring {
namespace {

bool LocalTm(int64_t unix_ms, std::tm* tm) {
  // Floor, so that a moment just before 1970 falls in the second (and day) it belongs to.
  int64_t seconds = unix_ms / 1000;
  if (unix_ms % 1000 < 0) --seconds;
  const std::time_t t = static_cast<std::time_t>(seconds);
  // Timestamps come from peers' entries too: a year too large for struct tm is not a crash.
  return localtime_r(&t, tm) != nullptr;
}

std::string FormatLocal(int64_t unix_ms, const char* format) {
  std::tm tm{};
  if (!LocalTm(unix_ms, &tm)) return "(unknown time)";
  char buf[64];
  if (std::strftime(buf, sizeof buf, format, &tm) == 0) return "(unknown time)";
  return buf;
}

}  // namespace

std::string FormatLocalDateTime(int64_t unix_ms) { return FormatLocal(unix_ms, "%Y-%m-%d %H:%M"); }

std::string FormatLocalDate(int64_t unix_ms) { return FormatLocal(unix_ms, "%Y-%m-%d"); }

std::optional<LocalParts> ToLocalParts(int64_t unix_ms) {
  std::tm tm{};
  if (!LocalTm(unix_ms, &tm)) return std::nullopt;
  return LocalParts{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min};
}

}  // namespace kring
