// Sets the process's time zone (TZ) for one test and puts the old one back, so tests of local
// time never depend on the machine they run on.
#pragma once

#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>

namespace kring::testing {

// A POSIX TZ rule for Central European Time with the EU's summer time; needs no tzdata, so it
// works on machines without the tzdata package.
inline constexpr char kCentralEuropeanTime[] = "CET-1CEST,M3.5.0,M10.5.0/3";

class ScopedTimeZone {
 public:
  explicit ScopedTimeZone(const std::string& tz) {
    if (const char* old = std::getenv("TZ")) old_ = old;
    ::setenv("TZ", tz.c_str(), 1);
    ::tzset();
  }
  ~ScopedTimeZone() {
    if (old_) {
      ::setenv("TZ", old_->c_str(), 1);
    } else {
      ::unsetenv("TZ");
    }
    ::tzset();
  }
  ScopedTimeZone(const ScopedTimeZone&) = delete;
  ScopedTimeZone& operator=(const ScopedTimeZone&) = delete;

 private:
  std::optional<std::string> old_;
};

}  // namespace kring::testing
