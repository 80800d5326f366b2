// The app's web security against a real `kring app` process, over HTTP (cpp-httplib's client):
// no token, a wrong Host, a state change without the CSRF token or from another Origin, a
// locked node, the idle lock, bounded requests; and unlock once for the same user's commands.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <regex>
#include <string>
#include <thread>

#include "tests/support/spawn.h"
#include "tests/support/test_util.h"

namespace kring::testing {
namespace {

// A `kring app` without a passphrase in its environment: the page unlocks it.
class AppProcess {
 public:
  AppProcess(const KringNode& node, std::vector<std::string> extra = {}) {
    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0) return;
    const int log =
        ::open((node.home() + ".app.log").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    std::vector<std::string> args = {"--home",     node.home(),   "app",           "--no-browser",
                                     "--listen",   "127.0.0.1:0", "--peer-listen", "127.0.0.1:0",
                                     "--interval", "3600"};
    args.insert(args.end(), extra.begin(), extra.end());
    pid_ = SpawnChild(KRING_BINARY, args, {{"KRING_PASSPHRASE", ""}}, ChildIo{-1, out[1], log, {}});
    ::close(out[1]);
    ::close(log);
    std::string text;
    for (int i = 0; i < 200 && text.find('\n') == std::string::npos; ++i) {
      pollfd pfd{out[0], POLLIN, 0};
      if (::poll(&pfd, 1, 100) > 0) {
        char buf[512];
        const ssize_t n = ::read(out[0], buf, sizeof buf);
        if (n <= 0) break;
        text.append(buf, static_cast<size_t>(n));
      }
    }
    ::close(out[0]);
    std::smatch m;
    const std::regex line(R"(Open http://127\.0\.0\.1:(\d+)/\?token=([A-Za-z0-9_-]+))");
    if (std::regex_search(text, m, line)) {
      port_ = std::stoi(m[1]);
      token_ = m[2];
    }
  }
  ~AppProcess() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 200 && ::waitpid(pid_, &status, WNOHANG) != pid_; ++i) ::usleep(50'000);
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status, 0);
  }
  int port() const { return port_; }
  const std::string& token() const { return token_; }
  std::string host() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string token_;
};

class AppHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(node_.Run({"init", "--alias", "Anna", "--language", "en"}).exit_code, 0);
  }
  // The session cookie and CSRF token a browser gets with the launch token.
  struct Session {
    std::string cookie;
    std::string csrf;
  };
  Session Open(const AppProcess& app) {
    httplib::Client c("127.0.0.1", app.port());
    auto res = c.Get("/?token=" + app.token());
    EXPECT_TRUE(res);
    if (!res) return {};
    EXPECT_EQ(res->status, 303);
    Session s;
    const std::string set = res->get_header_value("Set-Cookie");
    s.cookie = set.substr(0, set.find(';'));
    auto state = c.Get("/api/state", {{"Cookie", s.cookie}});
    EXPECT_TRUE(state);
    std::smatch m;
    const std::regex csrf("\"csrf\":\"([^\"]+)\"");
    if (state && std::regex_search(state->body, m, csrf)) s.csrf = m[1];
    return s;
  }
  httplib::Result Post(const AppProcess& app, const Session& s, const std::string& path,
                       const std::string& body, httplib::Headers extra = {}) {
    httplib::Client c("127.0.0.1", app.port());
    httplib::Headers headers = {{"Cookie", s.cookie}, {"X-Kring-CSRF", s.csrf}};
    for (auto& h : extra) headers.insert(h);
    return c.Post(path, headers, body, "application/json");
  }
  int GetStatus(const AppProcess& app, const Session& s, const std::string& path) {
    httplib::Client c("127.0.0.1", app.port());
    auto res = c.Get(path, {{"Cookie", s.cookie}});
    return res ? res->status : -1;
  }
  std::string Unlock() { return "{\"passphrase\":\"" + node_.passphrase() + "\"}"; }

  TempDir dir_;
  KringNode node_{dir_.path() + "/anna"};
};

TEST_F(AppHttpTest, WithoutTheLaunchTokenThereIsNoData) {
  AppProcess app(node_);
  ASSERT_GT(app.port(), 0);
  httplib::Client c("127.0.0.1", app.port());
  auto root = c.Get("/");
  ASSERT_TRUE(root);
  EXPECT_EQ(root->status, 401);
  EXPECT_EQ(root->body.find("Anna"), std::string::npos);
  for (const char* path : {"/api/state", "/api/cases", "/app.js", "/api/messages"}) {
    auto res = c.Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 401) << path;
  }
  auto forged = c.Get("/api/cases", {{"Cookie", "kring_session=forged"}});
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->status, 401);
  auto wrong = c.Get("/?token=wrong");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 403);
  Session s = Open(app);
  EXPECT_FALSE(s.csrf.empty());
  auto again = c.Get("/?token=" + app.token());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 403) << "the launch token works once";
  // Every answer carries the policy: nothing from elsewhere, no framing by others.
  auto page = c.Get("/", {{"Cookie", s.cookie}});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->get_header_value("Content-Security-Policy").find("default-src 'self'"),
            std::string::npos);
  EXPECT_EQ(page->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(page->get_header_value("Cache-Control"), "no-store");
}

TEST_F(AppHttpTest, AnotherHostIsRefusedEvenWithTheSession) {
  AppProcess app(node_);
  Session s = Open(app);
  httplib::Client c("127.0.0.1", app.port());
  auto res = c.Get("/api/state", {{"Cookie", s.cookie},
                                  {"Host", "attacker.example:" + std::to_string(app.port())}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 421);
  EXPECT_EQ(res->body.find("csrf"), std::string::npos);
}

TEST_F(AppHttpTest, AStateChangeNeedsTheCsrfTokenAndTheAppsOrigin) {
  AppProcess app(node_);
  Session s = Open(app);
  Session no_csrf{s.cookie, ""};
  auto refused = Post(app, no_csrf, "/api/unlock", Unlock());
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  auto other_site = Post(app, s, "/api/unlock", Unlock(), {{"Origin", "http://attacker.example"}});
  ASSERT_TRUE(other_site);
  EXPECT_EQ(other_site->status, 403);
  EXPECT_EQ(GetStatus(app, s, "/api/cases"), 423) << "still locked";
  auto wrong = Post(app, s, "/api/unlock", "{\"passphrase\":\"not the passphrase\"}");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  auto ok = Post(app, s, "/api/unlock", Unlock(),
                 {{"Origin", "http://127.0.0.1:" + std::to_string(app.port())}});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200) << ok->body;
  EXPECT_EQ(GetStatus(app, s, "/api/cases"), 200);
}

TEST_F(AppHttpTest, LockedThereIsNoDataAndCommandsNeedNoPassphraseWhileUnlocked) {
  AppProcess app(node_);
  Session s = Open(app);
  EXPECT_EQ(GetStatus(app, s, "/api/cases"), 423);
  // Locked: a command of this user still has to give the passphrase.
  auto before = node_.Run({"case", "list"}, {{"KRING_PASSPHRASE", ""}});
  EXPECT_NE(before.exit_code, 0);
  ASSERT_EQ(Post(app, s, "/api/unlock", Unlock())->status, 200);
  auto listed = node_.Run({"case", "list"}, {{"KRING_PASSPHRASE", ""}});
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  auto locked = node_.Run({"lock"}, {{"KRING_PASSPHRASE", ""}});
  EXPECT_EQ(locked.exit_code, 0);
  EXPECT_NE(locked.out.find("Locked"), std::string::npos) << locked.out;
  EXPECT_EQ(GetStatus(app, s, "/api/cases"), 423) << "kring lock locked the app too";
  EXPECT_NE(node_.Run({"case", "list"}, {{"KRING_PASSPHRASE", ""}}).exit_code, 0);
  ASSERT_EQ(Post(app, s, "/api/unlock", Unlock())->status, 200);
  ASSERT_EQ(Post(app, s, "/api/lock", "{}")->status, 200);
  EXPECT_EQ(GetStatus(app, s, "/api/cases"), 423);
}

TEST_F(AppHttpTest, ItLocksAfterTheIdleTime) {
  AppProcess app(node_, {"--lock-after-seconds", "1"});
  Session s = Open(app);
  ASSERT_EQ(Post(app, s, "/api/unlock", Unlock())->status, 200);
  // Checked when the next request comes (and by a timer): more than the idle time later, the
  // node is locked whatever the timer did meanwhile.
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  EXPECT_EQ(GetStatus(app, s, "/api/cases"), 423);
}

TEST_F(AppHttpTest, BadAndOversizedRequestsAreRefusedWithoutEcho) {
  AppProcess app(node_);
  Session s = Open(app);
  ASSERT_EQ(Post(app, s, "/api/unlock", Unlock())->status, 200);
  auto bad = Post(app, s, "/api/case/save",
                  "{\"fields\": [{\"key\": \"title\", \"nosuch\": \"Jan de Vries\"}]}");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(bad->body.find("Jan de Vries"), std::string::npos) << bad->body;
  auto not_json = Post(app, s, "/api/case/save", "{{{");
  ASSERT_TRUE(not_json);
  EXPECT_EQ(not_json->status, 400);
  auto big = Post(app, s, "/api/case/draft", std::string(3 << 20, 'x'));
  if (big) {
    EXPECT_EQ(big->status, 413);  // or the connection is closed: both refuse it
  }
  httplib::Headers many = {{"Cookie", s.cookie}};
  for (int i = 0; i < 80; ++i) many.emplace("X-Filler-" + std::to_string(i), "1");
  httplib::Client c("127.0.0.1", app.port());
  auto crowded = c.Get("/api/cases", many);
  ASSERT_TRUE(crowded);
  EXPECT_EQ(crowded->status, 431);
  EXPECT_EQ(GetStatus(app, s, "/api/case?id=0123"), 400) << "an id that is not a case's";
  EXPECT_EQ(GetStatus(app, s, "/api/nosuch"), 404);
  // Still serving.
  EXPECT_EQ(GetStatus(app, s, "/api/cases"), 200);
}

TEST_F(AppHttpTest, ACaseWrittenOnThePageIsSealedInTheStore) {
  AppProcess app(node_);
  Session s = Open(app);
  ASSERT_EQ(Post(app, s, "/api/unlock", Unlock())->status, 200);
  auto draft =
      Post(app, s, "/api/case/draft",
           "{\"fields\": [{\"key\": \"situation\", \"text\": \"Zeldzaamnaam Oostveen\"}]}");
  ASSERT_TRUE(draft);
  EXPECT_EQ(draft->status, 200);
  auto saved =
      Post(app, s, "/api/case/save",
           "{\"fields\": [{\"key\": \"title\", \"text\": \"Overleg\"}, {\"key\": \"date\", "
           "\"text\": \"2026-11-20\"}, {\"key\": \"situation\", \"text\": \"Zeldzaamnaam "
           "Oostveen leidt het team.\"}]}");
  ASSERT_TRUE(saved);
  EXPECT_EQ(saved->status, 200) << saved->body;
  const std::string db = ReadFile(node_.home() + "/kring.db");
  EXPECT_EQ(db.find("Zeldzaamnaam"), std::string::npos) << "case text in the clear";
}

}  // namespace
}  // namespace kring::testing
