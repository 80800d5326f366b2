// The app's web security against a real `kring app` process, over HTTP (cpp-httplib's client):
// no token, a wrong Host, a state change without the CSRF token or from another Origin, a
// locked node, the idle lock, bounded requests; and unlock once for the same user's commands.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>
#include <regex>
#include <string>
#include <thread>

#include "tests/support/multicast.h"
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
    const std::string text = ReadFirstLine(out[0], 20'000);
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
    // The app refuses an oversized body before reading it and closes the connection: the
    // client's write then fails with EPIPE instead of killing the test.
    ::signal(SIGPIPE, SIG_IGN);
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
  // A command of Anna's that must succeed; its output.
  std::string Ok(const std::vector<std::string>& args) {
    ProcessResult r = node_.Run(args);
    EXPECT_EQ(r.exit_code, 0) << args.front() << ": " << r.err;
    return r.out;
  }
  // A case Anna writes, anonymises and shares with `group` from the terminal; its local id.
  std::string ShareNewCase(const std::string& group, const std::string& title,
                           const std::string& situation) {
    const std::string made = Ok({"case", "new", "--title", title, "--language", "nl", "--situation",
                                 situation, "--next-actions", "Gesprek plannen met de manager."});
    const std::string local = made.substr(made.find("Saved case ") + 11, 8);
    Ok({"case", "anonymise", local, "--yes"});
    Ok({"case", "share", local, "--group", group});
    return local;
  }
  // The id (hex) of the first group the app lists.
  std::string FirstGroupId(const AppProcess& app, const Session& s) {
    httplib::Client c("127.0.0.1", app.port());
    auto groups = c.Get("/api/groups", {{"Cookie", s.cookie}});
    std::smatch m;
    const std::string body = groups ? groups->body : "";
    return std::regex_search(body, m, std::regex("\"id\":\"([0-9a-f]+)\"")) ? m.str(1) : "";
  }
  // The fingerprint `kring whoami` shows for `node`, as colleagues compare it.
  static std::string FingerprintOf(const KringNode& node) {
    std::smatch f;
    const std::string who = node.Run({"whoami"}).out;
    return std::regex_search(who, f, std::regex("[A-Z2-7]{4}(-[A-Z2-7]{4}){4}")) ? f.str() : "";
  }

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

// The focus page gets, per sentence, its label and only the words that decided it; a mixed
// sentence also names the word that pointed elsewhere (issue 16).
TEST_F(AppHttpTest, TheFocusPageShowsEachSentencesReasons) {
  AppProcess app(node_);
  Session s = Open(app);
  ASSERT_EQ(Post(app, s, "/api/unlock", Unlock())->status, 200);
  auto saved =
      Post(app, s, "/api/case/save",
           "{\"fields\": [{\"key\": \"title\", \"text\": \"Complaint\"}, "
           "{\"key\": \"coach-actions\", \"text\": \"She felt ambushed by the "
           "complaint, and together we worked out how to call the complainant back. I asked her "
           "where that fear of failing comes from.\"}]}");
  ASSERT_TRUE(saved);
  ASSERT_EQ(saved->status, 200) << saved->body;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(saved->body, m, std::regex("\"id\":\"([0-9a-f]+)\"")));
  httplib::Client c("127.0.0.1", app.port());
  auto focus = c.Get("/api/case/focus?id=" + m[1].str(), {{"Cookie", s.cookie}});
  ASSERT_TRUE(focus);
  ASSERT_EQ(focus->status, 200) << focus->body;
  const std::string& body = focus->body;
  // The mixed sentence: action, decided by its work words, with «felt» pointing elsewhere.
  EXPECT_TRUE(
      std::regex_search(body, std::regex("\"text\":\"She felt ambushed[^}]*\"label\":\"action\"")))
      << body;
  EXPECT_TRUE(std::regex_search(
      body, std::regex("\\{\"text\":\"«felt»\",\"label\":\"introspection\",[^}]*\"against\":true")))
      << body;
  EXPECT_TRUE(std::regex_search(
      body, std::regex("\"text\":\"I asked her where[^}]*\"label\":\"introspection\"")))
      << body;
  EXPECT_EQ(body.find("{\"text\":\"«the»\""), std::string::npos) << "a function word as reason";
  EXPECT_EQ(GetStatus(app, s, "/api/case/focus?id=zz"), 400);
}

// A coach who never opened a terminal: no node yet, the page makes it.
TEST_F(AppHttpTest, TheFirstRunMakesTheNodeOnThePage) {
  KringNode fresh(dir_.path() + "/fresh");
  AppProcess app(fresh);
  ASSERT_GT(app.port(), 0) << "kring app must start without a node";
  Session s = Open(app);
  httplib::Client c("127.0.0.1", app.port());
  auto state = c.Get("/api/state", {{"Cookie", s.cookie}});
  ASSERT_TRUE(state);
  EXPECT_NE(state->body.find("\"hasNode\":false"), std::string::npos) << state->body;
  EXPECT_EQ(GetStatus(app, s, "/api/cases"), 423);
  const std::string pass = fresh.passphrase();
  for (const std::string& bad :
       {std::string("{\"alias\":\"Cleo\",\"passphrase\":\"") + pass + "\",\"language\":\"fr\"}",
        std::string("{\"alias\":\"Cleo\",\"passphrase\":\"short\",\"language\":\"nl\"}"),
        std::string("{\"alias\":\"\",\"passphrase\":\"") + pass + "\",\"language\":\"nl\"}",
        std::string("{\"alias\": 7}"), std::string("not json")}) {
    auto refused = Post(app, s, "/api/init", bad);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 400) << bad << " -> " << refused->body;
    EXPECT_EQ(refused->body.find(pass), std::string::npos) << "the passphrase came back";
  }
  EXPECT_NE(::access((fresh.home() + "/kring.db").c_str(), F_OK), 0) << "refused, yet made";
  auto made = Post(app, s, "/api/init",
                   "{\"alias\":\"Cleo\",\"passphrase\":\"" + pass + "\",\"language\":\"nl\"}");
  ASSERT_TRUE(made);
  EXPECT_EQ(made->status, 200) << made->body;
  EXPECT_NE(made->body.find("\"unlocked\":true"), std::string::npos) << made->body;
  EXPECT_EQ(made->body.find(pass), std::string::npos);
  EXPECT_EQ(GetStatus(app, s, "/api/cases"), 200);
  auto again = Post(app, s, "/api/init",
                    "{\"alias\":\"Dirk\",\"passphrase\":\"" + pass + "\",\"language\":\"en\"}");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 409) << "a second first run must not replace the node";
  // Unlocked once, also for the terminal: the app opened its agent when the home was made.
  auto listed = fresh.Run({"case", "list"}, {{"KRING_PASSPHRASE", ""}});
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  // The node is a real one: the CLI opens it with the passphrase chosen on the page, in Dutch.
  ProcessResult who = fresh.Run({"whoami"});
  EXPECT_EQ(who.exit_code, 0) << who.err;
  EXPECT_NE(who.out.find("Cleo"), std::string::npos) << who.out;
  EXPECT_EQ(ReadFile(fresh.home() + ".app.log").find(pass), std::string::npos);
}

// Joining with a code, adding by ID line, removing and cancelling, all through the pages' API,
// between two real app processes; and what bad codes and lines get.
TEST_F(AppHttpTest, MembersJoinAreAddedAndRemovedOnThePage) {
  KringNode bram(dir_.path() + "/bram");
  KringNode cleo(dir_.path() + "/cleo");
  ASSERT_EQ(bram.Run({"init", "--alias", "Bram", "--language", "en"}).exit_code, 0);
  ASSERT_EQ(cleo.Run({"init", "--alias", "Cleo", "--language", "en"}).exit_code, 0);
  AppProcess anna_app(node_);
  AppProcess bram_app(bram);
  Session a = Open(anna_app);
  Session b = Open(bram_app);
  ASSERT_EQ(Post(anna_app, a, "/api/unlock", Unlock())->status, 200);
  ASSERT_EQ(
      Post(bram_app, b, "/api/unlock", "{\"passphrase\":\"" + bram.passphrase() + "\"}")->status,
      200);
  auto created = Post(anna_app, a, "/api/group/create", "{\"name\":\"Intervisie\"}");
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 200) << created->body;
  std::smatch m;
  const std::string created_body = created->body;
  ASSERT_TRUE(std::regex_search(created_body, m, std::regex("\"id\":\"([0-9a-f]+)\"")));
  const std::string group = m[1];
  const std::string gid = "{\"groupId\":\"" + group + "\"";

  // Bad codes: refused with a 4xx, and nothing joined.
  for (const std::string& bad : {std::string("kring-join1:AAAA"), std::string("hello"),
                                 std::string(""), std::string(5000, 'x')}) {
    auto refused = Post(bram_app, b, "/api/join", "{\"code\":\"" + bad + "\"}");
    ASSERT_TRUE(refused);
    EXPECT_GE(refused->status, 400) << bad;
    EXPECT_LT(refused->status, 500) << bad << " -> " << refused->body;
  }
  auto invite = Post(anna_app, a, "/api/group/invite", gid + ",\"role\":\"coach\"}");
  ASSERT_TRUE(invite);
  ASSERT_EQ(invite->status, 200) << invite->body;
  const std::string invite_body = invite->body;
  ASSERT_TRUE(std::regex_search(invite_body, m, std::regex("\"code\":\"([^\"]+)\"")));
  const std::string code = m[1];
  httplib::Client ac("127.0.0.1", anna_app.port());
  auto open_group = [&]() {
    auto res = ac.Get("/api/group?id=" + group, {{"Cookie", a.cookie}});
    return res ? res->body : std::string();
  };
  EXPECT_NE(open_group().find("\"openInvitations\":1"), std::string::npos) << open_group();

  auto joined = Post(bram_app, b, "/api/join", "{\"code\":\" " + code + "\\n\"}");
  ASSERT_TRUE(joined);
  ASSERT_EQ(joined->status, 200) << joined->body;
  EXPECT_NE(joined->body.find("Intervisie"), std::string::npos) << joined->body;
  EXPECT_NE(joined->body.find("\"groupId\":\"" + group + "\""), std::string::npos);
  httplib::Client bc("127.0.0.1", bram_app.port());
  auto bram_groups = bc.Get("/api/groups", {{"Cookie", b.cookie}});
  ASSERT_TRUE(bram_groups);
  EXPECT_NE(bram_groups->body.find("Intervisie"), std::string::npos)
      << "the first sync right after the join brings the group: " << bram_groups->body;
  auto reused = Post(bram_app, b, "/api/join", "{\"code\":\"" + code + "\"}");
  ASSERT_TRUE(reused);
  EXPECT_EQ(reused->status, 422) << "already a member: " << reused->body;
  // The admin sees who used the code, with the fingerprint to compare.
  std::smatch used;
  const std::string after_join = open_group();
  ASSERT_TRUE(std::regex_search(after_join, used,
                                std::regex("\"invitations\":\\[\"([^\"]*used on[^\"]*)\"")))
      << after_join;
  EXPECT_NE(used[1].str().find("Bram"), std::string::npos) << used[1];
  EXPECT_NE(used[1].str().find(FingerprintOf(bram)), std::string::npos) << used[1];

  // An open code is cancelled; the admin only.
  ASSERT_EQ(Post(anna_app, a, "/api/group/invite", gid + "}")->status, 200);
  EXPECT_NE(open_group().find("\"openInvitations\":1"), std::string::npos);
  auto cancelled = Post(anna_app, a, "/api/group/invitations/cancel", gid + "}");
  ASSERT_TRUE(cancelled);
  EXPECT_EQ(cancelled->status, 200) << cancelled->body;
  EXPECT_NE(open_group().find("\"openInvitations\":0"), std::string::npos) << open_group();
  auto not_admin = Post(bram_app, b, "/api/group/invitations/cancel", gid + "}");
  ASSERT_TRUE(not_admin);
  EXPECT_EQ(not_admin->status, 422);

  // Added by ID line; a bad line or role is refused; removed by fingerprint.
  ProcessResult line = cleo.Run({"whoami", "--export"});
  ASSERT_EQ(line.exit_code, 0);
  const std::string id_line = line.out.substr(0, line.out.find('\n'));
  auto bad_line = Post(anna_app, a, "/api/group/add",
                       gid + ",\"idLine\":\"" + id_line.substr(0, id_line.size() - 5) + "\"}");
  ASSERT_TRUE(bad_line);
  EXPECT_EQ(bad_line->status, 400) << bad_line->body;
  auto bad_role = Post(anna_app, a, "/api/group/add",
                       gid + ",\"idLine\":\"" + id_line + "\",\"role\":\"owner\"}");
  ASSERT_TRUE(bad_role);
  EXPECT_EQ(bad_role->status, 400) << bad_role->body;
  auto added = Post(anna_app, a, "/api/group/add",
                    gid + ",\"idLine\":\"" + id_line + "\",\"role\":\"supervisor\"}");
  ASSERT_TRUE(added);
  ASSERT_EQ(added->status, 200) << added->body;
  EXPECT_NE(added->body.find("Cleo"), std::string::npos) << added->body;
  const std::string with_cleo = open_group();
  EXPECT_NE(with_cleo.find("\"alias\":\"Cleo\""), std::string::npos) << with_cleo;
  ASSERT_TRUE(std::regex_search(with_cleo, m,
                                std::regex("\"alias\":\"Cleo\",\"fingerprint\":\"([^\"]+)\"")));
  const std::string cleo_fp = m[1];
  auto no_one = Post(anna_app, a, "/api/group/remove", gid + ",\"fingerprint\":\"\"}");
  ASSERT_TRUE(no_one);
  EXPECT_EQ(no_one->status, 400);
  auto removed =
      Post(anna_app, a, "/api/group/remove", gid + ",\"fingerprint\":\"" + cleo_fp + "\"}");
  ASSERT_TRUE(removed);
  EXPECT_EQ(removed->status, 200) << removed->body;
  EXPECT_EQ(open_group().find("\"alias\":\"Cleo\""), std::string::npos) << open_group();
  // A command of the same user changes the group while the page has it loaded: the next read
  // shows the change (the app's group cache follows every commit, also another process's).
  ProcessResult cli_add = node_.Run({"group", "add", "Intervisie", id_line});
  ASSERT_EQ(cli_add.exit_code, 0) << cli_add.err;
  EXPECT_NE(open_group().find("\"alias\":\"Cleo\""), std::string::npos) << open_group();
  auto bad_group =
      Post(anna_app, a, "/api/group/remove", "{\"groupId\":\"zz\",\"fingerprint\":\"x\"}");
  ASSERT_TRUE(bad_group);
  EXPECT_EQ(bad_group->status, 400);
}

// The audit page: a check of the choice, the report inline with its own policy, every download,
// and bad choices answered with a 4xx and words.
TEST_F(AppHttpTest, TheAuditIsCheckedShownAndDownloaded) {
  Ok({"group", "create", "Noord"});
  ShareNewCase("Noord", "Teamleider na de fusie",
               "Oostveen is teamleider en wil meer grip op de planning.");

  AppProcess app(node_);
  Session s = Open(app);
  ASSERT_EQ(Post(app, s, "/api/unlock", Unlock())->status, 200);
  httplib::Client c("127.0.0.1", app.port());
  const httplib::Headers cookie = {{"Cookie", s.cookie}};
  const std::string base = "/api/audit?groupId=" + FirstGroupId(app, s);

  auto checked = c.Get(base + "&check=1", cookie);
  ASSERT_TRUE(checked);
  EXPECT_EQ(checked->status, 200) << checked->body;
  EXPECT_EQ(checked->body.find("Teamleider"), std::string::npos) << "a check builds no report";

  auto html = c.Get(base, cookie);
  ASSERT_TRUE(html);
  ASSERT_EQ(html->status, 200) << html->body;
  EXPECT_NE(html->get_header_value("Content-Type").find("text/html"), std::string::npos);
  // The report's own policy (inline styles, no script) in place of the app's: one policy only.
  EXPECT_EQ(html->headers.count("Content-Security-Policy"), 1u);
  EXPECT_NE(html->get_header_value("Content-Security-Policy").find("default-src 'none'"),
            std::string::npos);
  EXPECT_NE(html->body.find("Noord"), std::string::npos);
  EXPECT_EQ(html->body.find("Oostveen"), std::string::npos) << "only the anonymised text is used";
  const std::map<std::string, std::string> types = {{"csv", "text/csv"},
                                                    {"markdown", "text/markdown"},
                                                    {"json", "application/json"},
                                                    {"table", "text/plain"}};
  for (const auto& [format, type] : types) {
    auto res = c.Get(base + "&format=" + format + "&download=1", cookie);
    ASSERT_TRUE(res) << format;
    EXPECT_EQ(res->status, 200) << format;
    EXPECT_NE(res->get_header_value("Content-Type").find(type), std::string::npos) << format;
    EXPECT_NE(res->get_header_value("Content-Disposition").find("kring-audit."), std::string::npos)
        << format;
  }
  // A case shared from the terminal meanwhile is in the next report (nothing kept is stale).
  EXPECT_NE(html->body.find("Teamleider na de fusie"), std::string::npos);
  ShareNewCase("Noord", "Schoolleider en de inspectie",
               "De school krijgt een nieuw inspectiekader.");
  auto later = c.Get(base, cookie);
  ASSERT_TRUE(later);
  EXPECT_NE(later->body.find("Schoolleider en de inspectie"), std::string::npos);
  // The same report twice (the second from the remembered analyses) is the same report.
  auto again = c.Get(base + "&format=json", cookie);
  auto once = c.Get(base + "&format=json", cookie);
  ASSERT_TRUE(again && once);
  EXPECT_EQ(again->body, once->body);

  for (const std::string& bad :
       {base + "&format=pdf", base + "&from=gisteren", base + "&to=2026-13-40",
        base + "&coach=Niemand", std::string("/api/audit?groupId=zz"),
        std::string("/api/audit?groupId=") + std::string(64, 'a'), base + "&check=1&from=1-1-1"}) {
    auto res = c.Get(bad, cookie);
    ASSERT_TRUE(res) << bad;
    EXPECT_GE(res->status, 400) << bad;
    EXPECT_LT(res->status, 500) << bad << " -> " << res->body;
    EXPECT_NE(res->body.find("\"message\""), std::string::npos) << bad;
  }
  // A period without activity: words, not an empty report, also for the check.
  for (const char* check : {"", "&check=1"}) {
    auto empty = c.Get(base + "&from=2001-01-01&to=2001-01-31" + check, cookie);
    ASSERT_TRUE(empty);
    EXPECT_EQ(empty->status, 422) << empty->body;
  }
}

// Long lists show the newest first and say how many there are; the page asks for more.
TEST_F(AppHttpTest, LongListsShowTheNewestFirstAndCountTheRest) {
  Ok({"group", "create", "Noord"});
  ShareNewCase("Noord", "Eerste casus", "Het team krijgt een nieuwe planning.");
  ShareNewCase("Noord", "Tweede casus", "Het team krijgt een nieuwe planning.");
  Ok({"case", "new", "--title", "Derde casus", "--language", "nl", "--situation",
      "Het team krijgt een nieuwe planning."});  // kept at home
  AppProcess app(node_);
  Session s = Open(app);
  ASSERT_EQ(Post(app, s, "/api/unlock", Unlock())->status, 200);
  httplib::Client c("127.0.0.1", app.port());
  const httplib::Headers cookie = {{"Cookie", s.cookie}};
  auto titles = [](const std::string& body) {
    std::vector<std::string> found;
    const std::regex title("\"title\":\"([^\"]+)\"");
    for (auto it = std::sregex_iterator(body.begin(), body.end(), title);
         it != std::sregex_iterator(); ++it) {
      found.push_back((*it)[1]);
    }
    return found;
  };
  auto two = c.Get("/api/cases?limit=2", cookie);
  ASSERT_TRUE(two);
  ASSERT_EQ(two->status, 200) << two->body;
  EXPECT_EQ(titles(two->body), (std::vector<std::string>{"Derde casus", "Tweede casus"}));
  EXPECT_NE(two->body.find("\"total\":3"), std::string::npos) << two->body;
  auto all = c.Get("/api/cases", cookie);
  ASSERT_TRUE(all);
  EXPECT_EQ(titles(all->body).size(), 3u);

  const std::string group = "/api/group?id=" + FirstGroupId(app, s);
  auto one = c.Get(group + "&casesLimit=1", cookie);
  ASSERT_TRUE(one);
  ASSERT_EQ(one->status, 200) << one->body;
  EXPECT_NE(one->body.find("\"casesTotal\":2"), std::string::npos) << one->body;
  const std::string one_body = one->body;
  const size_t cases_at = one_body.find("\"cases\":[");
  ASSERT_NE(cases_at, std::string::npos);
  const std::string shown = one_body.substr(cases_at, one_body.find(']', cases_at) - cases_at);
  EXPECT_EQ(titles(shown), (std::vector<std::string>{"Tweede casus"})) << "the newest first";

  for (const std::string& bad :
       {std::string("/api/cases?limit=-1"), std::string("/api/cases?limit=veel"),
        group + "&casesLimit=-5", std::string("/api/inbox?askedLimit=-1"),
        std::string("/api/inbox?reviewsLimit=x")}) {
    auto res = c.Get(bad, cookie);
    ASSERT_TRUE(res) << bad;
    EXPECT_EQ(res->status, 400) << bad << " -> " << res->body;
  }
  auto inbox = c.Get("/api/inbox?askedLimit=1&reviewsLimit=1", cookie);
  ASSERT_TRUE(inbox);
  EXPECT_EQ(inbox->status, 200) << inbox->body;
}

// The group's mailbox on the page: a real mailbox (`kring relay setup`) that only answers.
TEST_F(AppHttpTest, AnAdminSetsAndStopsTheGroupsMailboxOnThePage) {
  KringNode post(dir_.path() + "/post");
  ASSERT_EQ(post.Run({"init", "--alias", "Post"}).exit_code, 0);
  ASSERT_EQ(node_.Run({"group", "create", "Noord"}).exit_code, 0);
  ServeProcess mailbox(post, {}, {"relay", "setup"});
  ASSERT_TRUE(mailbox.Start()) << mailbox.Log();
  std::smatch m;
  const std::string code_out = post.Run({"relay", "code"}).out;
  ASSERT_TRUE(std::regex_search(code_out, m, std::regex("kring-mailbox1:[A-Za-z0-9_-]+")));
  const std::string code = m.str();

  AppProcess app(node_);
  Session s = Open(app);
  ASSERT_EQ(Post(app, s, "/api/unlock", Unlock())->status, 200);
  httplib::Client c("127.0.0.1", app.port());
  const httplib::Headers cookie = {{"Cookie", s.cookie}};
  const std::string group = FirstGroupId(app, s);
  ASSERT_FALSE(group.empty());
  auto shown = [&]() { return c.Get("/api/group?id=" + group, cookie)->body; };
  EXPECT_NE(shown().find("\"mailbox\":\"\""), std::string::npos) << "none yet";

  for (const std::string& bad :
       {std::string("{\"groupId\":\"") + group + "\",\"code\":\"kring-mailbox1:AAAA\"}",
        std::string("{\"groupId\":\"") + group + "\",\"code\":\"\"}",
        std::string("{\"groupId\":\"") + group + "\",\"code\":\"" + code + "\",\"stop\":true}",
        std::string("{\"groupId\":\"zz\",\"code\":\"") + code + "\"}"}) {
    auto refused = Post(app, s, "/api/group/mailbox", bad);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 400) << bad << " -> " << refused->body;
  }
  auto set = Post(app, s, "/api/group/mailbox",
                  "{\"groupId\":\"" + group + "\",\"code\":\"" + code + "\"}");
  ASSERT_TRUE(set);
  ASSERT_EQ(set->status, 200) << set->body;
  const std::string post_fingerprint = FingerprintOf(post);
  ASSERT_FALSE(post_fingerprint.empty());
  EXPECT_NE(set->body.find(post_fingerprint), std::string::npos) << set->body;
  EXPECT_NE(shown().find(post_fingerprint), std::string::npos) << "the group page names it";

  auto stopped =
      Post(app, s, "/api/group/mailbox", "{\"groupId\":\"" + group + "\",\"stop\":true}");
  ASSERT_TRUE(stopped);
  EXPECT_EQ(stopped->status, 200) << stopped->body;
  EXPECT_NE(shown().find("\"mailbox\":\"\""), std::string::npos) << "none any more";
  EXPECT_EQ(mailbox.Stop(), 0);
}

// Peers by hand, and a group carried on a file to a colleague whose computer cannot be reached.
TEST_F(AppHttpTest, PeersAreAddedByHandAndAGroupTravelsOnAFile) {
  KringNode bram(dir_.path() + "/bram");
  ASSERT_EQ(bram.Run({"init", "--alias", "Bram", "--language", "en"}).exit_code, 0);
  ASSERT_EQ(node_.Run({"group", "create", "Noord"}).exit_code, 0);
  std::string line = bram.Run({"whoami", "--export"}).out;
  while (!line.empty() && line.back() == '\n') line.pop_back();
  ProcessResult added = node_.Run({"group", "add", "Noord", line, "--role", "coach"});
  ASSERT_EQ(added.exit_code, 0) << added.err;

  AppProcess app(node_);
  Session s = Open(app);
  ASSERT_EQ(Post(app, s, "/api/unlock", Unlock())->status, 200);
  httplib::Client c("127.0.0.1", app.port());
  const httplib::Headers cookie = {{"Cookie", s.cookie}};

  // Peers: bad ones refused with words, a good one listed, then removed.
  for (const std::string& bad :
       {std::string("{\"address\":\"no port\"}"), std::string("{\"address\":\"127.0.0.1:99999\"}"),
        std::string("{\"address\":\"127.0.0.1:9\",\"key\":\"NOT-A-KEY\"}")}) {
    auto refused = Post(app, s, "/api/peer/add", bad);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 400) << bad << " -> " << refused->body;
  }
  const std::string bram_fingerprint = FingerprintOf(bram);
  auto peer = Post(app, s, "/api/peer/add",
                   "{\"address\":\" 127.0.0.1:9 \",\"key\":\"" + bram_fingerprint + "\"}");
  ASSERT_TRUE(peer);
  ASSERT_EQ(peer->status, 200) << peer->body;
  EXPECT_NE(peer->body.find("\"address\":\"127.0.0.1:9\""), std::string::npos) << peer->body;
  EXPECT_NE(peer->body.find(bram_fingerprint), std::string::npos);
  EXPECT_NE(node_.Run({"peer", "list"}).out.find("127.0.0.1:9"), std::string::npos);
  std::smatch m;
  const std::string peer_body = peer->body;
  ASSERT_TRUE(std::regex_search(peer_body, m, std::regex("\"known\":\\[\\{\"id\":\"?([0-9]+)")));
  const std::string id = m[1];
  auto removed = Post(app, s, "/api/peer/remove", "{\"id\":" + id + "}");
  ASSERT_TRUE(removed);
  EXPECT_EQ(removed->status, 200) << removed->body;
  EXPECT_EQ(removed->body.find("127.0.0.1:9"), std::string::npos);
  auto again = Post(app, s, "/api/peer/remove", "{\"id\":" + id + "}");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 422) << again->body;

  // The group on a file: Anna saves it on the page, Bram's Kring brings it in and joins.
  const std::string group = FirstGroupId(app, s);
  ASSERT_FALSE(group.empty());
  auto file = c.Get("/api/export?groupId=" + group, cookie);
  ASSERT_TRUE(file);
  ASSERT_EQ(file->status, 200) << file->body;
  EXPECT_EQ(file->get_header_value("Content-Type"), "application/octet-stream");
  EXPECT_NE(file->get_header_value("Content-Disposition").find(".bundle"), std::string::npos);
  EXPECT_EQ(file->body.find("Noord"), std::string::npos) << "the group's name is sealed";
  const std::string path = dir_.path() + "/noord.bundle";
  WriteFile(path, file->body);
  ProcessResult imported = bram.Run({"import", path});
  EXPECT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.out.find("Noord"), std::string::npos) << imported.out;
  EXPECT_NE(bram.Run({"group", "list"}).out.find("Noord"), std::string::npos);

  // Brought in on the page: what the file holds is here already; bad files get words.
  auto upload = [&](const std::string& body) {
    return c.Post("/api/import", {{"Cookie", s.cookie}, {"X-Kring-CSRF", s.csrf}}, body,
                  "application/octet-stream");
  };
  auto back = upload(file->body);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->status, 200) << back->body;
  EXPECT_NE(back->body.find("already here"), std::string::npos) << back->body;
  for (const std::string& bad : {std::string(), std::string("not a group file"),
                                 std::string(3 << 20, 'x'), file->body.substr(0, 100)}) {
    auto refused = upload(bad);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 400) << bad.size() << " -> " << refused->body;
  }
  auto huge = upload(std::string((size_t{64} << 20) + 1, 'x'));
  if (huge) {  // or the connection is closed: both refuse it
    EXPECT_EQ(huge->status, 413);
    EXPECT_NE(huge->body.find("more than Kring accepts"), std::string::npos) << huge->body;
  }
  auto no_csrf =
      c.Post("/api/import", {{"Cookie", s.cookie}}, file->body, "application/octet-stream");
  ASSERT_TRUE(no_csrf);
  EXPECT_EQ(no_csrf->status, 403);
  EXPECT_EQ(c.Get("/api/export?groupId=zz", cookie)->status, 400);
}

// "Find colleagues on this network": a colleague of the group whose Kring announces itself.
TEST_F(AppHttpTest, ColleaguesOnThisNetworkAreFoundAndAdded) {
  AppProcess app(node_);
  Session s = Open(app);
  ASSERT_EQ(Post(app, s, "/api/unlock", Unlock())->status, 200);
  auto alone = Post(app, s, "/api/peer/discover", "{}");
  ASSERT_TRUE(alone);
  EXPECT_EQ(alone->status, 422) << "in no group there is nothing to look for: " << alone->body;

  const std::string problem = MulticastLoopbackProblem();
  if (!problem.empty()) GTEST_SKIP() << "multicast is unavailable on this machine: " << problem;
  KringNode bram(dir_.path() + "/bram");
  ASSERT_EQ(bram.Run({"init", "--alias", "Bram", "--language", "en"}).exit_code, 0);
  ASSERT_EQ(node_.Run({"group", "create", "Noord"}).exit_code, 0);
  std::string line = bram.Run({"whoami", "--export"}).out;
  while (!line.empty() && line.back() == '\n') line.pop_back();
  ASSERT_EQ(node_.Run({"group", "add", "Noord", line, "--role", "coach"}).exit_code, 0);
  const std::string file = dir_.path() + "/noord.bundle";
  ASSERT_EQ(node_.Run({"export", "--group", "Noord", "--out", file}).exit_code, 0);
  ASSERT_EQ(bram.Run({"import", file}).exit_code, 0);
  ServeProcess announcing(bram, {"--announce"});
  ASSERT_TRUE(announcing.Start()) << announcing.Log();
  // Listening takes 6 s: longer than the client's default read timeout.
  httplib::Client slow("127.0.0.1", app.port());
  slow.set_read_timeout(30, 0);
  auto found = slow.Post("/api/peer/discover", {{"Cookie", s.cookie}, {"X-Kring-CSRF", s.csrf}},
                         "{}", "application/json");
  ASSERT_TRUE(found);
  ASSERT_EQ(found->status, 200) << found->body;
  EXPECT_NE(found->body.find("\"address\":\"" + announcing.address() + "\""), std::string::npos)
      << found->body;
  EXPECT_NE(found->body.find("Noord"), std::string::npos) << found->body;
  EXPECT_NE(node_.Run({"peer", "list"}).out.find(announcing.address()), std::string::npos);
  EXPECT_EQ(announcing.Stop(), 0);
}

// Any text anonymised on the page, with the node's name lists; nothing of it in the log.
TEST_F(AppHttpTest, AnyTextIsAnonymisedWithTheNodesNameLists) {
  AppProcess app(node_);
  Session s = Open(app);
  ASSERT_EQ(Post(app, s, "/api/unlock", Unlock())->status, 200);
  ASSERT_EQ(Post(app, s, "/api/names", "{\"addRemove\":[\"Oostveenhorst\"]}")->status, 200);
  auto done = Post(app, s, "/api/anonymise-text",
                   "{\"text\":\"Jan de Vries van Oostveenhorst belde op 06-12345678 over het "
                   "overleg.\"}");
  ASSERT_TRUE(done);
  ASSERT_EQ(done->status, 200) << done->body;
  for (const char* gone : {"Jan de Vries", "Oostveenhorst", "06-12345678"}) {
    EXPECT_EQ(done->body.find(gone), std::string::npos) << gone << " in " << done->body;
  }
  EXPECT_NE(done->body.find("overleg"), std::string::npos) << done->body;
  EXPECT_NE(done->body.find("[PERSOON-1]"), std::string::npos) << done->body;
  for (const std::string& bad : {std::string("{\"text\":\"  \"}"), std::string("{\"text\":7}")}) {
    auto refused = Post(app, s, "/api/anonymise-text", bad);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 400) << bad << " -> " << refused->body;
  }
  const std::string log = ReadFile(node_.home() + ".app.log");
  EXPECT_EQ(log.find("Jan de Vries"), std::string::npos);
}

}  // namespace
}  // namespace kring::testing
