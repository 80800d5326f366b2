// The rules that keep the local web app to the coach who started it (docs/security.md "The
// app"): pure logic, no sockets, so every rule is tested directly (tests/app/web_guard_test.cc).
//
//  - The launch token (in the address `kring app` prints) is good for one exchange, for a short
//    while, for a session cookie (HttpOnly; SameSite=Strict); it is never accepted again.
//  - Every request's Host must be the loopback address and port the app listens on (a page of
//    another site, reached through DNS rebinding, names its own host).
//  - Every state change (anything but GET/HEAD) needs the session's CSRF token in a header and,
//    when the browser sends one, an Origin that is the app's own.
//  - Sessions end after an idle time and at a hard limit.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace kring::app {

using Clock = std::chrono::steady_clock;

struct GuardOptions {
  std::string host;  // "127.0.0.1"
  uint16_t port = 0;
  std::chrono::seconds token_lifetime{std::chrono::minutes(10)};
  std::chrono::seconds session_idle{std::chrono::hours(12)};
  std::chrono::seconds session_max{std::chrono::hours(24)};
  size_t max_sessions = 16;
};

struct WebSession {
  std::string id;    // the cookie's value (random, 32 bytes, base64url)
  std::string csrf;  // sent back in X-Kring-CSRF on every state change
  Clock::time_point created;
  Clock::time_point last_seen;
};

// Why a request is refused; kNone lets it through.
enum class Refusal {
  kNone,
  kBadHost,       // 421: not our Host
  kNoSession,     // 401: no (valid) session cookie
  kBadOrigin,     // 403: a state change from another origin
  kNoCsrf,        // 403: a state change without the session's CSRF token
  kTokenInvalid,  // 403: a launch token that is wrong, used or expired
};
int HttpStatusOf(Refusal refusal);
std::string_view RefusalName(Refusal refusal);  // for tests and the log: "bad-host", ...

class WebGuard {
 public:
  // A fresh launch token (32 random bytes, base64url).
  WebGuard(GuardOptions options, Clock::time_point now);

  const std::string& launch_token() const { return launch_token_; }
  // A new launch token (the old one stops working), e.g. for `kring app` printing the address
  // again.
  std::string RenewLaunchToken(Clock::time_point now);

  // The Host header of every request: "127.0.0.1:PORT" (or "localhost:PORT").
  bool HostAllowed(std::string_view host_header) const;
  // The Origin header of a state change: absent, or the app's own origin.
  bool OriginAllowed(std::string_view origin_header) const;

  // Trades the launch token for a session; nullopt (kTokenInvalid) when it is wrong, used or old.
  std::optional<WebSession> Exchange(std::string_view token, Clock::time_point now);
  // The session named by the Cookie header, refreshed; nullopt when none or expired.
  std::optional<WebSession> Authenticate(std::string_view cookie_header, Clock::time_point now);
  // The full check of one request. `safe_method`: GET or HEAD.
  Refusal Check(std::string_view host, std::string_view cookie, std::string_view origin,
                std::string_view csrf, bool safe_method, Clock::time_point now,
                WebSession* session = nullptr);
  // Ends every session (kring app stopping) or one.
  void EndSession(std::string_view id);

  static constexpr std::string_view kCookieName = "kring_session";
  // The Set-Cookie value for a session.
  static std::string SessionCookie(const WebSession& session);

 private:
  GuardOptions options_;
  std::mutex mu_;
  std::string launch_token_;
  Clock::time_point token_made_;
  bool token_used_ = false;
  std::map<std::string, WebSession, std::less<>> sessions_;
};

// The value of cookie `name` in a Cookie header ("a=1; kring_session=xyz"), or "".
std::string CookieValue(std::string_view cookie_header, std::string_view name);

}  // namespace kring::app
