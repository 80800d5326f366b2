#include "app/web_guard.h"

#include "core/crypto/crypto.h"

namespace kring::app {
namespace {

std::string RandomToken() { return Base64Url(RandomBytes(32)); }

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

int HttpStatusOf(Refusal refusal) {
  switch (refusal) {
    case Refusal::kNone:
      return 200;
    case Refusal::kBadHost:
      return 421;
    case Refusal::kNoSession:
      return 401;
    case Refusal::kBadOrigin:
    case Refusal::kNoCsrf:
    case Refusal::kTokenInvalid:
      return 403;
  }
  return 403;
}

std::string_view RefusalName(Refusal refusal) {
  switch (refusal) {
    case Refusal::kNone:
      return "none";
    case Refusal::kBadHost:
      return "bad-host";
    case Refusal::kNoSession:
      return "no-session";
    case Refusal::kBadOrigin:
      return "bad-origin";
    case Refusal::kNoCsrf:
      return "no-csrf";
    case Refusal::kTokenInvalid:
      return "token-invalid";
  }
  return "?";
}

WebGuard::WebGuard(GuardOptions options, Clock::time_point now)
    : options_(std::move(options)), launch_token_(RandomToken()), token_made_(now) {}

std::string WebGuard::RenewLaunchToken(Clock::time_point now) {
  std::lock_guard lock(mu_);
  launch_token_ = RandomToken();
  token_made_ = now;
  token_used_ = false;
  return launch_token_;
}

bool WebGuard::HostAllowed(std::string_view host_header) const {
  const std::string port = ":" + std::to_string(options_.port);
  return host_header == options_.host + port ||
         (options_.host == "127.0.0.1" && host_header == "localhost" + port);
}

bool WebGuard::OriginAllowed(std::string_view origin_header) const {
  if (origin_header.empty()) return true;  // not a browser's cross-site request
  const std::string port = ":" + std::to_string(options_.port);
  return origin_header == "http://" + options_.host + port ||
         (options_.host == "127.0.0.1" && origin_header == "http://localhost" + port);
}

std::optional<WebSession> WebGuard::Exchange(std::string_view token, Clock::time_point now) {
  std::lock_guard lock(mu_);
  if (token_used_ || now - token_made_ > options_.token_lifetime ||
      !ConstantTimeEqual(token, launch_token_)) {
    return std::nullopt;
  }
  token_used_ = true;  // one exchange: a token seen in a history or a log is worth nothing
  // Bounded: the oldest session goes first.
  while (sessions_.size() >= options_.max_sessions) {
    auto oldest = sessions_.begin();
    for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
      if (it->second.last_seen < oldest->second.last_seen) oldest = it;
    }
    sessions_.erase(oldest);
  }
  WebSession session{RandomToken(), RandomToken(), now, now};
  sessions_.emplace(session.id, session);
  return session;
}

std::optional<WebSession> WebGuard::Authenticate(std::string_view cookie_header,
                                                 Clock::time_point now) {
  const std::string id = CookieValue(cookie_header, kCookieName);
  if (id.empty()) return std::nullopt;
  std::lock_guard lock(mu_);
  // Looked up by value; the map's compare is not constant-time, but the id is 256 random bits
  // and a wrong guess learns nothing usable.
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return std::nullopt;
  WebSession& s = it->second;
  if (now - s.last_seen > options_.session_idle || now - s.created > options_.session_max) {
    sessions_.erase(it);
    return std::nullopt;
  }
  s.last_seen = now;
  return s;
}

Refusal WebGuard::Check(std::string_view host, std::string_view cookie, std::string_view origin,
                        std::string_view csrf, bool safe_method, Clock::time_point now,
                        WebSession* session) {
  if (!HostAllowed(host)) return Refusal::kBadHost;
  if (!safe_method && !OriginAllowed(origin)) return Refusal::kBadOrigin;
  std::optional<WebSession> found = Authenticate(cookie, now);
  if (!found) return Refusal::kNoSession;
  if (!safe_method && !ConstantTimeEqual(csrf, found->csrf)) return Refusal::kNoCsrf;
  if (session != nullptr) *session = *found;
  return Refusal::kNone;
}

void WebGuard::EndSession(std::string_view id) {
  std::lock_guard lock(mu_);
  if (id.empty()) {
    sessions_.clear();
    return;
  }
  auto it = sessions_.find(id);
  if (it != sessions_.end()) sessions_.erase(it);
}

std::string WebGuard::SessionCookie(const WebSession& session) {
  // i18n-ok: HTTP protocol text (header names, policies, markup)
  return std::string(kCookieName) + "=" + session.id + "; Path=/; HttpOnly; SameSite=Strict";
}

std::string CookieValue(std::string_view cookie_header, std::string_view name) {
  while (!cookie_header.empty()) {
    const size_t semi = cookie_header.find(';');
    const std::string_view part = cookie_header.substr(0, semi);
    const size_t eq = part.find('=');
    if (eq != std::string_view::npos && Trim(part.substr(0, eq)) == name) {
      return Trim(part.substr(eq + 1));
    }
    if (semi == std::string_view::npos) break;
    cookie_header.remove_prefix(semi + 1);
  }
  return "";
}

}  // namespace kring::app
