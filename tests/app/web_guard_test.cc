// The app's guard, with the clock in the test's hands: the launch token, sessions, Host, Origin
// and CSRF rules (app/web_guard.h).
#include "app/web_guard.h"

#include <gtest/gtest.h>

namespace kring::app {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

class WebGuardTest : public ::testing::Test {
 protected:
  WebGuardTest() : guard_(Options(), t0_) {}
  static GuardOptions Options() {
    GuardOptions o;
    o.host = "127.0.0.1";
    o.port = 7421;
    return o;
  }
  std::string Cookie(const WebSession& s) { return "other=1; kring_session=" + s.id; }

  Clock::time_point t0_ = Clock::time_point() + hours(100);
  WebGuard guard_;
};

TEST_F(WebGuardTest, TheLaunchTokenIsTradedOnceForASession) {
  EXPECT_FALSE(guard_.Exchange("not the token", t0_));
  auto session = guard_.Exchange(guard_.launch_token(), t0_);
  ASSERT_TRUE(session);
  EXPECT_EQ(session->id.size(), 43u);  // 32 random bytes, base64url
  EXPECT_NE(session->csrf, session->id);
  EXPECT_FALSE(guard_.Exchange(guard_.launch_token(), t0_)) << "a second use";
  const std::string renewed = guard_.RenewLaunchToken(t0_);
  EXPECT_TRUE(guard_.Exchange(renewed, t0_));
}

TEST_F(WebGuardTest, AnOldLaunchTokenIsWorthNothing) {
  EXPECT_FALSE(guard_.Exchange(guard_.launch_token(), t0_ + minutes(11)));
}

TEST_F(WebGuardTest, SessionsEndWhenIdleAndAtTheirHardLimit) {
  auto session = guard_.Exchange(guard_.launch_token(), t0_);
  ASSERT_TRUE(session);
  EXPECT_TRUE(guard_.Authenticate(Cookie(*session), t0_ + hours(11)));
  EXPECT_TRUE(guard_.Authenticate(Cookie(*session), t0_ + hours(22)));  // used: refreshed
  EXPECT_FALSE(guard_.Authenticate(Cookie(*session), t0_ + hours(25))) << "past 24 h";
  const std::string token = guard_.RenewLaunchToken(t0_);
  auto idle = guard_.Exchange(token, t0_);
  ASSERT_TRUE(idle);
  EXPECT_FALSE(guard_.Authenticate(Cookie(*idle), t0_ + hours(13))) << "12 h without use";
  EXPECT_FALSE(guard_.Authenticate(Cookie(*idle), t0_)) << "gone for good";
}

TEST_F(WebGuardTest, OnlyTheAppsOwnHostAndOrigin) {
  EXPECT_TRUE(guard_.HostAllowed("127.0.0.1:7421"));
  EXPECT_TRUE(guard_.HostAllowed("localhost:7421"));
  EXPECT_FALSE(guard_.HostAllowed("127.0.0.1:7422"));
  EXPECT_FALSE(guard_.HostAllowed("attacker.example:7421"));  // DNS rebinding
  EXPECT_FALSE(guard_.HostAllowed(""));
  EXPECT_TRUE(guard_.OriginAllowed(""));
  EXPECT_TRUE(guard_.OriginAllowed("http://127.0.0.1:7421"));
  EXPECT_FALSE(guard_.OriginAllowed("http://127.0.0.1:7421.attacker.example"));
  EXPECT_FALSE(guard_.OriginAllowed("null"));
  EXPECT_FALSE(guard_.OriginAllowed("https://attacker.example"));
}

TEST_F(WebGuardTest, EveryRequestIsChecked) {
  auto session = guard_.Exchange(guard_.launch_token(), t0_);
  ASSERT_TRUE(session);
  const std::string host = "127.0.0.1:7421", cookie = Cookie(*session);
  EXPECT_EQ(guard_.Check(host, cookie, "", "", /*safe=*/true, t0_), Refusal::kNone);
  EXPECT_EQ(guard_.Check("evil:7421", cookie, "", "", true, t0_), Refusal::kBadHost);
  EXPECT_EQ(guard_.Check(host, "", "", "", true, t0_), Refusal::kNoSession);
  EXPECT_EQ(guard_.Check(host, "kring_session=forged", "", "", true, t0_), Refusal::kNoSession);
  // A state change: the CSRF token, and no other origin.
  EXPECT_EQ(guard_.Check(host, cookie, "", "", false, t0_), Refusal::kNoCsrf);
  EXPECT_EQ(guard_.Check(host, cookie, "", "wrong", false, t0_), Refusal::kNoCsrf);
  EXPECT_EQ(guard_.Check(host, cookie, "http://evil.example", session->csrf, false, t0_),
            Refusal::kBadOrigin);
  EXPECT_EQ(guard_.Check(host, cookie, "http://127.0.0.1:7421", session->csrf, false, t0_),
            Refusal::kNone);
  EXPECT_EQ(HttpStatusOf(Refusal::kBadHost), 421);
  EXPECT_EQ(HttpStatusOf(Refusal::kNoSession), 401);
  EXPECT_EQ(HttpStatusOf(Refusal::kNoCsrf), 403);
}

TEST_F(WebGuardTest, TheSessionCookieIsHttpOnlyAndStrict) {
  auto session = guard_.Exchange(guard_.launch_token(), t0_);
  ASSERT_TRUE(session);
  const std::string cookie = WebGuard::SessionCookie(*session);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(CookieValue("a=1; kring_session=xyz ; b=2", "kring_session"), "xyz");
  EXPECT_EQ(CookieValue("xkring_session=1", "kring_session"), "");
  EXPECT_EQ(CookieValue("", "kring_session"), "");
}

TEST_F(WebGuardTest, SessionsAreBounded) {
  std::vector<WebSession> sessions;
  for (int i = 0; i < 20; ++i) {
    auto s = guard_.Exchange(guard_.RenewLaunchToken(t0_ + seconds(i)), t0_ + seconds(i));
    ASSERT_TRUE(s);
    sessions.push_back(*s);
  }
  EXPECT_FALSE(guard_.Authenticate(Cookie(sessions.front()), t0_ + seconds(30))) << "oldest gone";
  EXPECT_TRUE(guard_.Authenticate(Cookie(sessions.back()), t0_ + seconds(30)));
}

}  // namespace
}  // namespace kring::app
