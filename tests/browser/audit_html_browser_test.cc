// Opens a realistic HTML audit report in Debian's headless Chromium: it must render to a real
// screenshot, load without console errors (a Content Security Policy violation counts), and the
// rendered DOM must hold the four SVG charts. scripts/test installs chromium; a missing browser
// is a failure, not a skip, so a green run always means the page was really rendered.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "core/review/audit.h"
#include "core/review/audit_render.h"
#include "tests/support/test_util.h"

namespace kring {
namespace {

using testing::ReadFile;
using testing::TempDir;
using testing::WriteFile;

constexpr const char* kChromium = "/usr/bin/chromium";
constexpr int kTimeoutSeconds = 60;

struct ChildRun {
  int exit_code = -1;
  bool timed_out = false;
  std::string out;
  std::string err;
};

// fork/exec with a deadline. Chromium starts helper processes that can outlive the main one and
// keep the pipes open, so the child gets its own process group and the whole group is killed
// when the main process has exited (after a short grace) or when the deadline passes.
ChildRun RunWithTimeout(const std::string& program, const std::vector<std::string>& args,
                        const std::string& home) {
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0) {
    ADD_FAILURE() << "pipe: " << std::strerror(errno);
    return {};
  }
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setpgid(0, 0);
    ::dup2(out_pipe[1], 1);
    ::dup2(err_pipe[1], 2);
    int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, 0);
    // Keep the browser's caches and config out of the real home directory.
    ::setenv("HOME", home.c_str(), 1);
    ::setenv("XDG_CONFIG_HOME", (home + "/config").c_str(), 1);
    ::setenv("XDG_CACHE_HOME", (home + "/cache").c_str(), 1);
    std::vector<char*> argv = {const_cast<char*>(program.c_str())};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(program.c_str(), argv.data());
    ::_exit(127);
  }
  ::setpgid(pid, pid);  // also from the parent, so the kill below cannot race the child's call
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  ChildRun run;
  const auto start = std::chrono::steady_clock::now();
  std::optional<std::chrono::steady_clock::time_point> exited_at;
  int status = 0;
  bool out_open = true, err_open = true;
  while (out_open || err_open) {
    const auto now = std::chrono::steady_clock::now();
    if (now - start > std::chrono::seconds(kTimeoutSeconds)) {
      run.timed_out = true;
      break;
    }
    if (exited_at && now - *exited_at > std::chrono::seconds(3)) break;  // helpers lingering
    if (!exited_at && ::waitpid(pid, &status, WNOHANG) == pid) exited_at = now;
    std::vector<pollfd> fds;
    if (out_open) fds.push_back({out_pipe[0], POLLIN, 0});
    if (err_open) fds.push_back({err_pipe[0], POLLIN, 0});
    if (::poll(fds.data(), fds.size(), 100) <= 0) continue;
    for (const pollfd& p : fds) {
      if (p.revents == 0) continue;
      char buf[65536];
      const ssize_t n = ::read(p.fd, buf, sizeof buf);
      if (n <= 0) {
        (p.fd == out_pipe[0] ? out_open : err_open) = false;
        continue;
      }
      (p.fd == out_pipe[0] ? run.out : run.err).append(buf, static_cast<size_t>(n));
    }
  }
  ::kill(-pid, SIGKILL);
  if (!exited_at) ::waitpid(pid, &status, 0);
  ::close(out_pipe[0]);
  ::close(err_pipe[0]);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return run;
}

std::vector<std::string> ChromiumArgs(const std::string& profile_dir) {
  return {"--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--user-data-dir=" + profile_dir};
}

// Lines of Chromium's log that report something the page did wrong: console messages (a page
// without scripts has none, unless the browser blocked something), uncaught errors and refusals.
std::vector<std::string> ConsoleProblems(const std::string& log) {
  std::vector<std::string> problems;
  size_t start = 0;
  while (start < log.size()) {
    size_t end = log.find('\n', start);
    if (end == std::string::npos) end = log.size();
    const std::string line = log.substr(start, end - start);
    start = end + 1;
    if (line.find(":CONSOLE") != std::string::npos || line.find("Uncaught") != std::string::npos ||
        line.find("Refused to") != std::string::npos ||
        line.find("Failed to load resource") != std::string::npos) {
      problems.push_back(line);
    }
  }
  return problems;
}

size_t Count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

// A group of five coaches over half a year, made with a fixed pseudo-random sequence.
AuditInput RealisticInput() {
  constexpr int64_t kDay = 86'400'000;
  const int64_t jan1 = 1'767'225'600'000;  // 2026-01-01T00:00:00Z
  const char* names[] = {"anne", "bart", "chantal", "dirk", "esther"};
  const char* fps[] = {"K3QA-7MZD-PL2X-VN4R-8TYB", "H6WE-2RJC-Q9ZT-5BXN-L3MD",
                       "R8NX-4VKD-T2QP-6ZLM-W9JC", "B5TY-9LQE-X3MW-7RDN-K2VZ",
                       "M2ZP-8XWT-N6CK-4QJR-D7LB"};
  const char* titles[] = {"A team lead caught between two departments",
                          "Returning to work after a reorganisation",
                          "Giving feedback to a senior colleague",
                          "Choosing between a specialist and a manager role",
                          "When the new policy clashes with own values",
                          "Workload and saying no to the director",
                          "Title with <script>alert('x')</script> & \"quotes\""};
  uint64_t seed = 42;
  auto next = [&seed](int n) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<int>((seed >> 33) % static_cast<uint64_t>(n));
  };
  AuditInput in;
  in.group_name = "Intervision group Noord";
  in.since_ms = jan1;
  in.until_ms = jan1 + 181 * kDay;  // through June
  in.generated_at_ms = jan1 + 185 * kDay;
  for (int i = 0; i < 42; ++i) {
    AuditCase c;
    const int who = next(5);
    c.case_id_short = "c" + std::to_string(1000 + i * 37);
    c.title = titles[next(7)];
    c.author_alias = names[who];
    c.author_fingerprint = fps[who];
    c.shared_at_ms = jan1 + next(178) * kDay + next(24) * 3'600'000;
    c.focus_introspection_share = next(100) / 100.0;
    c.focus_drifting = c.focus_introspection_share > 0.6;
    c.focus_work_focused = c.focus_introspection_share < 0.4;
    c.retracted = i == 7;
    in.cases.push_back(c);
  }
  for (const AuditCase& c : in.cases) {
    const int reviews = next(4);
    for (int k = 0; k < reviews; ++k) {
      AuditReview r;
      r.case_id_short = c.case_id_short;
      r.reviewer_alias = names[next(5)];
      r.created_at_ms = c.shared_at_ms + (1 + next(10)) * kDay;
      for (int& s : r.scores) s = 1 + next(5);
      r.focused = static_cast<AuditReview::Focused>(next(3));
      in.reviews.push_back(r);
    }
    AuditRequest q;
    q.case_id_short = c.case_id_short;
    q.requester_alias = c.author_alias;
    q.recipients = {names[next(5)]};
    q.asked_at_ms = c.shared_at_ms + 3'600'000;
    if (next(4) != 0) q.first_answer_at_ms = q.asked_at_ms + next(96) * 3'600'000;
    if (next(2) == 0) q.due_ms = q.asked_at_ms + 3 * kDay;
    in.requests.push_back(q);
  }
  return in;
}

class AuditHtmlBrowserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    struct stat st;
    ASSERT_EQ(::stat(kChromium, &st), 0)
        << kChromium << " is missing: the HTML report cannot be checked in a real browser. "
        << "Install it with `KRING_WITH_BROWSER=1 scripts/setup` (Debian package chromium), "
        << "or run scripts/test, which does so.";
    auto report = BuildAudit(RealisticInput());
    ASSERT_TRUE(report.ok()) << report.status().message();
    html_path_ = dir_.File("audit.html");
    WriteFile(html_path_, RenderAuditHtml(*report));
  }

  ChildRun Chromium(const std::vector<std::string>& extra, const std::string& page) {
    const std::string profile = dir_.File("profile-" + std::to_string(runs_++));
    EXPECT_EQ(::mkdir(profile.c_str(), 0700), 0);
    std::vector<std::string> args = ChromiumArgs(profile);
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back("file://" + page);
    ChildRun run = RunWithTimeout(kChromium, args, profile);
    EXPECT_FALSE(run.timed_out) << "chromium did not finish within " << kTimeoutSeconds << " s";
    return run;
  }

  TempDir dir_;
  std::string html_path_;
  int runs_ = 0;
};

TEST_F(AuditHtmlBrowserTest, RendersToAScreenshot) {
  const std::string png = dir_.File("audit.png");
  ChildRun run =
      Chromium({"--screenshot=" + png, "--window-size=1280,2000", "--hide-scrollbars"}, html_path_);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string data = ReadFile(png);
  ASSERT_GE(data.size(), 24u) << "no screenshot written; chromium said:\n" << run.err;
  EXPECT_EQ(data.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(data.substr(12, 4), "IHDR");
  auto be32 = [&](size_t at) {
    return (static_cast<uint32_t>(static_cast<unsigned char>(data[at])) << 24) |
           (static_cast<uint32_t>(static_cast<unsigned char>(data[at + 1])) << 16) |
           (static_cast<uint32_t>(static_cast<unsigned char>(data[at + 2])) << 8) |
           static_cast<uint32_t>(static_cast<unsigned char>(data[at + 3]));
  };
  EXPECT_EQ(be32(16), 1280u);
  EXPECT_EQ(be32(20), 2000u);
  // A blank 1280x2000 page compresses to a few kilobytes; text, tables and charts do not.
  EXPECT_GT(data.size(), 40'000u) << "the screenshot looks empty";
  std::printf("screenshot: %zu bytes\n", data.size());
  // To look at the page yourself: KRING_AUDIT_KEEP=/some/dir keeps the HTML and the PNG there.
  if (const char* keep = std::getenv("KRING_AUDIT_KEEP"); keep != nullptr && *keep != '\0') {
    WriteFile(std::string(keep) + "/audit.html", ReadFile(html_path_));
    WriteFile(std::string(keep) + "/audit.png", data);
  }
}

TEST_F(AuditHtmlBrowserTest, LoadsWithoutConsoleErrorsAndHasTheCharts) {
  ChildRun run = Chromium({"--enable-logging=stderr", "--v=0", "--dump-dom"}, html_path_);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::vector<std::string> problems = ConsoleProblems(run.err);
  EXPECT_TRUE(problems.empty()) << "console: " << problems.front();
  const std::string& dom = run.out;
  ASSERT_NE(dom.find("</html>"), std::string::npos) << "no DOM dumped:\n" << run.err;
  for (const char* chart : {"scores", "focus-comparison", "activity", "focus-trend"}) {
    EXPECT_NE(
        dom.find(std::string("<svg class=\"chart-svg\" data-chart=\"") + chart + "\" role=\"img\""),
        std::string::npos)
        << chart;
  }
  EXPECT_EQ(Count(dom, "<svg"), 4u);
  EXPECT_GT(Count(dom, "<rect class=\"bar\""), 30u);
  EXPECT_GT(Count(dom, "<polyline"), 0u);
  // The hostile title stayed text: the browser built no script element from it.
  EXPECT_EQ(dom.find("<script"), std::string::npos);
  EXPECT_NE(dom.find("&lt;script&gt;alert('x')&lt;/script&gt;"), std::string::npos);
}

// The console check itself must be able to fail: a page with a script that logs an error (and
// is blocked by the same policy) is caught.
TEST_F(AuditHtmlBrowserTest, ConsoleCheckCatchesAScriptError) {
  const std::string bad = dir_.File("bad.html");
  std::string html = ReadFile(html_path_);
  html.insert(html.find("</body>"), "<script>console.error('boom')</script>");
  WriteFile(bad, html);
  ChildRun run = Chromium({"--enable-logging=stderr", "--v=0", "--dump-dom"}, bad);
  EXPECT_FALSE(ConsoleProblems(run.err).empty()) << run.err;
}

}  // namespace
}  // namespace kring
