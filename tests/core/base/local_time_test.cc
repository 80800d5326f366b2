// Dates and times shown to coaches are in their local time zone; the zone is set by each test,
// never taken from the machine.
#include "core/base/local_time.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <limits>

#include "tests/support/scoped_time_zone.h"

namespace kring {
namespace {

using testing::kCentralEuropeanTime;
using testing::ScopedTimeZone;

// Fixed instants (unix milliseconds, UTC).
constexpr int64_t kWinter = 1769868300000;         // 2026-01-31T14:05:00Z
constexpr int64_t kSummer = 1782907200000;         // 2026-07-01T12:00:00Z
constexpr int64_t kNewYearsEve = 1798759800000;    // 2026-12-31T23:30:00Z
constexpr int64_t kSpringForward = 1774746000000;  // 2026-03-29T01:00:00Z, CET -> CEST
constexpr int64_t kFallBack = 1792890000000;       // 2026-10-25T01:00:00Z, CEST -> CET
constexpr int64_t kMinute = 60'000;

void ExpectAmsterdamTimes() {
  EXPECT_EQ(FormatLocalDateTime(kWinter), "2026-01-31 15:05");  // UTC+1
  EXPECT_EQ(FormatLocalDateTime(kSummer), "2026-07-01 14:00");  // UTC+2
  EXPECT_EQ(FormatLocalDateTime(kNewYearsEve), "2027-01-01 00:30");
  EXPECT_EQ(FormatLocalDate(kNewYearsEve), "2027-01-01");  // the local day, not the UTC one
  EXPECT_EQ(FormatLocalDateTime(kSpringForward - kMinute), "2026-03-29 01:59");
  EXPECT_EQ(FormatLocalDateTime(kSpringForward), "2026-03-29 03:00");
  EXPECT_EQ(FormatLocalDateTime(kFallBack - kMinute), "2026-10-25 02:59");
  EXPECT_EQ(FormatLocalDateTime(kFallBack), "2026-10-25 02:00");
}

TEST(LocalTimeTest, PosixRuleForCentralEurope) {
  ScopedTimeZone tz(kCentralEuropeanTime);
  ExpectAmsterdamTimes();
}

TEST(LocalTimeTest, AmsterdamFromTzdata) {
  if (!std::filesystem::exists("/usr/share/zoneinfo/Europe/Amsterdam")) {
    GTEST_SKIP() << "no tzdata on this machine; the POSIX rule test covers the same instants";
  }
  ScopedTimeZone tz("Europe/Amsterdam");
  ExpectAmsterdamTimes();
}

TEST(LocalTimeTest, UtcAndOtherZones) {
  {
    ScopedTimeZone tz("UTC0");
    EXPECT_EQ(FormatLocalDateTime(kWinter), "2026-01-31 14:05");
    EXPECT_EQ(FormatLocalDateTime(kNewYearsEve), "2026-12-31 23:30");
    EXPECT_EQ(FormatLocalDate(0), "1970-01-01");
    EXPECT_EQ(FormatLocalDateTime(-1), "1969-12-31 23:59");  // rounds down, not towards zero
  }
  ScopedTimeZone tz("EST5EDT,M3.2.0,M11.1.0");  // New York
  EXPECT_EQ(FormatLocalDateTime(kWinter), "2026-01-31 09:05");
  EXPECT_EQ(FormatLocalDateTime(kSummer), "2026-07-01 08:00");
}

TEST(LocalTimeTest, TimestampsFromPeersNeverCrash) {
  ScopedTimeZone tz(kCentralEuropeanTime);
  for (int64_t ms : {std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::min(),
                     int64_t{-1}, int64_t{253402300799000}}) {
    EXPECT_FALSE(FormatLocalDateTime(ms).empty()) << ms;
    EXPECT_FALSE(FormatLocalDate(ms).empty()) << ms;
  }
}

}  // namespace
}  // namespace kring
