// The app's pages with a big node behind them: 10 000 cases, and a group of 12 whose ledger holds
// 50 000 entries (per 25: 5 cases shared, 19 reviews, 1 request to the whole group). Builds that
// node in-process through the core (the same builders the CLI and app use), then runs a real
// `kring app` on it and times every request each page makes, over loopback, with a session like
// a browser's (launch token exchanged for the cookie). Prints p50/p95/max per page after two
// warm-up rounds, and the slowest page against the target of p95 < 100 ms.
//
// Usage: app_bench [CASES] [ENTRIES] [ROUNDS] [PATH_TO_KRING]   (default 10000 50000 40)
#include <fcntl.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "bench/bench_util.h"
#include "core/crypto/crypto.h"
#include "core/crypto/identity.h"
#include "core/groups/entry.h"
#include "core/groups/group_book.h"
#include "core/groups/group_writer.h"
#include "core/review/review_form.h"
#include "core/store/node.h"
#include "tests/support/spawn.h"

namespace kring {
namespace {

using Clock = std::chrono::steady_clock;
constexpr char kPassphrase[] = "a long benchmark passphrase";

std::string DefaultKring() {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return (self.parent_path().parent_path() / "cli" / "kring").string();
}

pb::CaseReflection Reflection(int i) {
  pb::CaseReflection r;
  r.set_title("Casus " + std::to_string(i) + ": teamleider na de reorganisatie");
  r.set_session_date("2026-11-20");
  r.set_language("nl");
  r.set_situation(
      "[PERSOON-1] is teamleider bij [ORGANISATIE-1]. Na de reorganisatie zijn twee teams "
      "samengevoegd en het overleg loopt vast op de vraag wie de planning maakt.");
  r.set_context_organisation("Het nieuwe beleid legt de planning bij de teams zelf.");
  r.set_coach_actions(
      "Ik vroeg wat er in het laatste overleg gebeurde en wat hij de volgende keer anders wil "
      "doen. We zochten uit wat binnen zijn invloed ligt en wat bij de directie hoort.");
  r.set_learned("Hij ziet dat hij de planning niet alleen hoeft op te lossen.");
  r.set_next_actions("Volgende week legt hij twee voorstellen voor aan het team.");
  return r;
}

struct Colleague {
  WriterIdentity writer;
  SecretBytes secret;
};

// The node: cases in the store, the group with 11 generated colleagues and its entries.
Result<std::string> Prepare(const std::string& home, int cases, int entries) {
  KRING_ASSIGN_OR_RETURN(auto node, Node::Init(home, kPassphrase, "Anna"));
  for (int i = 0; i < cases; ++i) {
    KRING_RETURN_IF_ERROR(node->CreateCase(Reflection(i)).status());
  }
  GroupBook book(*node);
  KRING_ASSIGN_OR_RETURN(std::string id, book.Create("Intervisie Utrecht"));
  KRING_ASSIGN_OR_RETURN(LoadedGroup g, book.Load(id));
  std::vector<Colleague> members;
  members.push_back({book.Me(), node->signing_secret_key().Clone()});
  const uint64_t now = static_cast<uint64_t>(NowMillis());
  for (int i = 1; i < 12; ++i) {
    SigningKeyPair sign = GenerateSigningKeyPair();
    BoxKeyPair box = GenerateBoxKeyPair();
    const std::string alias = "Collega " + std::to_string(i);
    pb::PublicIdentity identity =
        MakePublicIdentity(sign.public_key, box.public_key, sign.secret_key, alias);
    KRING_ASSIGN_OR_RETURN(
        auto added,
        AddMember(g.ledger, g.keys, book.Me(), node->signing_secret_key(), identity,
                  i == 11 ? pb::ROLE_SUPERVISOR : pb::ROLE_COACH, now + static_cast<uint64_t>(i)));
    KRING_RETURN_IF_ERROR(book.Append(g, added));
    members.push_back(
        {WriterIdentity{sign.public_key, box.public_key, alias}, std::move(sign.secret_key)});
  }
  KRING_ASSIGN_OR_RETURN(g, book.Load(id));
  // One millisecond apart from now on (the ledger takes nothing from before the group existed,
  // nor more than ten minutes ahead of the clock).
  uint64_t at = now + 100;
  const uint64_t step = 1;
  int written = 0;
  for (int block = 0; written < entries; ++block) {
    std::vector<pb::Entry> shares;
    std::vector<std::pair<std::string, size_t>> shared;  // case id, author
    for (int k = 0; k < 5 && written < entries; ++k, ++written) {
      // The supervisor (the last member) reviews but writes no cases.
      const size_t author = static_cast<size_t>(block * 5 + k) % (members.size() - 1);
      KRING_ASSIGN_OR_RETURN(
          pb::Entry e, ShareCase(g.ledger, g.keys, members[author].writer, members[author].secret,
                                 Reflection(block * 5 + k), at += step));
      shared.emplace_back(EntryId(e), author);
      shares.push_back(std::move(e));
    }
    KRING_RETURN_IF_ERROR(book.Append(g, shares));
    std::vector<pb::Entry> rest;
    for (int r = 0; r < 19 && written < entries; ++r, ++written) {
      const auto& [case_id, author] = shared[static_cast<size_t>(r) % shared.size()];
      const size_t reviewer =
          (author + 1 + static_cast<size_t>(r) / shared.size()) % members.size();
      pb::ReviewBody body;
      SetReviewScores(body, {4, 3, 4, 5});
      body.set_focused(pb::FOCUSED_YES);
      body.set_strengths("Je bleef bij wat er in het overleg gebeurde.");
      body.set_suggestion("Vraag ook naar wat buiten zijn invloed ligt.");
      KRING_ASSIGN_OR_RETURN(pb::Entry e,
                             WriteReview(g.ledger, g.keys, members[reviewer].writer,
                                         members[reviewer].secret, case_id, body, at += step));
      rest.push_back(std::move(e));
    }
    if (written < entries) {
      const auto& [case_id, author] = shared.front();
      pb::FeedbackRequestBody ask;
      ask.set_whole_group(true);
      ask.set_question("Bleef ik bij het werk?");
      KRING_ASSIGN_OR_RETURN(pb::Entry e,
                             RequestFeedback(g.ledger, g.keys, members[author].writer,
                                             members[author].secret, case_id, ask, at += step));
      rest.push_back(std::move(e));
      ++written;
    }
    KRING_RETURN_IF_ERROR(book.Append(g, rest));
  }
  return ToHex(id);
}

// A running `kring app` with the node unlocked at start (KRING_PASSPHRASE).
struct AppRun {
  pid_t pid = -1;
  int port = 0;
  std::string token;
  ~AppRun() {
    if (pid <= 0) return;
    ::kill(pid, SIGTERM);
    int status = 0;
    ::waitpid(pid, &status, 0);
  }
};

bool StartApp(const std::string& kring, const std::string& home, AppRun& run) {
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return false;
  const int log = ::open((home + ".app.log").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  run.pid = testing::SpawnChild(kring,
                                {"--home", home, "app", "--no-browser", "--listen", "127.0.0.1:0",
                                 "--peer-listen", "127.0.0.1:0", "--interval", "86400"},
                                {{"KRING_PASSPHRASE", kPassphrase}, {"KRING_LANG", "en"}},
                                testing::ChildIo{-1, out[1], log, {}});
  ::close(out[1]);
  ::close(log);
  const std::string text = testing::ReadFirstLine(out[0], 60'000);
  ::close(out[0]);
  std::smatch m;
  if (!std::regex_search(text, m, std::regex(R"(http://127\.0\.0\.1:(\d+)/\?token=([\w-]+))"))) {
    return false;
  }
  run.port = std::stoi(m[1]);
  run.token = m[2];
  return true;
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1,
                    static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5))];
}

}  // namespace
}  // namespace kring

int main(int argc, char** argv) {
  using namespace kring;
  if (!InitCrypto()) return 1;
  const int cases = argc > 1 ? std::atoi(argv[1]) : 10000;
  const int entries = argc > 2 ? std::atoi(argv[2]) : 50000;
  const int rounds = argc > 3 ? std::max(1, std::atoi(argv[3])) : 40;
  const std::string kring = argc > 4 ? argv[4] : DefaultKring();
  ::setenv("KRING_KDF_LIMITS", "interactive", 1);  // unlock time is not what is measured here
  char pattern[] = "/tmp/kring-app-bench-XXXXXX";
  if (::mkdtemp(pattern) == nullptr) return 1;
  const std::string home = std::string(pattern) + "/anna";
  bench::PrintMachine();

  const auto t0 = Clock::now();
  auto group = Prepare(home, cases, entries);
  if (!group.ok()) {
    std::fprintf(stderr, "setup failed: %s\n", group.status().message().c_str());
    return 1;
  }
  std::printf("prepared %d cases and a group of 12 with %d entries in %.1f s\n", cases, entries,
              std::chrono::duration<double>(Clock::now() - t0).count());

  AppRun app;
  if (!StartApp(kring, home, app)) {
    std::fprintf(stderr, "kring app did not start (log: %s.app.log)\n", home.c_str());
    return 1;
  }
  httplib::Client client("127.0.0.1", app.port);
  client.set_read_timeout(60, 0);
  auto launch = client.Get("/?token=" + app.token);
  if (!launch || launch->status != 303) {
    std::fprintf(stderr, "no session from the launch token\n");
    return 1;
  }
  const std::string set_cookie = launch->get_header_value("Set-Cookie");
  const httplib::Headers headers = {{"Cookie", set_cookie.substr(0, set_cookie.find(';'))}};
  auto get = [&](const std::string& path) -> std::string {
    auto res = client.Get(path, headers);
    if (!res || res->status != 200) {
      std::fprintf(stderr, "%s: %d\n", path.c_str(), res ? res->status : -1);
      std::exit(1);
    }
    return res->body;
  };
  std::smatch m;
  const std::string list = get("/api/cases");
  if (!std::regex_search(list, m, std::regex("\"id\":\"([0-9a-f]+)\""))) return 1;
  const std::string case_id = m[1];
  const std::string view = get("/api/group?id=" + *group);
  if (!std::regex_search(view, m, std::regex("\"cases\":\\[\\{\"id\":\"([0-9a-f]+)\""))) return 1;
  const std::string shared = m[1];

  // Each page and the requests its script makes when it opens (app/web/app.js).
  const std::vector<std::pair<std::string, std::vector<std::string>>> pages = {
      {"start (state, texts)", {"/api/state", "/api/messages"}},
      {"cases", {"/api/cases"}},
      {"case", {"/api/case?id=" + case_id}},
      {"case focus", {"/api/case/focus?id=" + case_id}},
      {"case share", {"/api/case?id=" + case_id, "/api/groups"}},
      {"groups", {"/api/groups"}},
      {"group", {"/api/group?id=" + *group}},
      {"shared case", {"/api/group/case?groupId=" + *group + "&id=" + shared}},
      {"review", {"/api/group/case?groupId=" + *group + "&id=" + shared, "/api/review/form"}},
      {"inbox", {"/api/inbox"}},
      // A new choice every round (the period starts on another day before the data), so that
      // each round builds its report; the frame's request finds the one its check built.
      {"audit (html report)",
       {"/api/groups", "/api/audit?groupId=" + *group + "&from={day}&check=1",
        "/api/audit?groupId=" + *group + "&from={day}"}},
      {"peers", {"/api/peers"}},
      {"settings", {"/api/names"}},
  };
  std::printf(
      "\n%-22s %9s %9s %9s %9s   (ms per page, %d rounds after 2 warm-ups; first: the "
      "first warm-up)\n",
      "page", "first", "p50", "p95", "max", rounds);
  double worst_p95 = 0;
  std::string worst;
  for (const auto& [name, paths] : pages) {
    std::vector<double> times;
    double first = 0;
    for (int round = -2; round < rounds; ++round) {
      const int k = round + 2;
      char day[16];
      std::snprintf(day, sizeof day, "%04d-%02d-%02d", 2001 + k / 336, 1 + (k / 28) % 12,
                    1 + k % 28);
      const auto start = Clock::now();
      for (std::string path : paths) {
        if (size_t at = path.find("{day}"); at != std::string::npos) path.replace(at, 5, day);
        get(path);
      }
      const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
      if (round == -2) first = ms;
      if (round >= 0) times.push_back(ms);
    }
    const double p95 = Percentile(times, 0.95);
    std::printf("%-22s %9.1f %9.1f %9.1f %9.1f\n", name.c_str(), first, Percentile(times, 0.5), p95,
                *std::max_element(times.begin(), times.end()));
    if (p95 > worst_p95) {
      worst_p95 = p95;
      worst = name;
    }
  }
  std::printf("\nslowest page: %s, p95 %.1f ms (target < 100 ms): %s\n", worst.c_str(), worst_p95,
              worst_p95 < 100 ? "met" : "NOT met");
  std::ifstream status("/proc/" + std::to_string(app.pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmHWM:", 0) == 0) std::printf("kring app peak memory: %s\n", line.c_str() + 6);
  }
  std::error_code ec;
  std::filesystem::remove_all(pattern, ec);
  return 0;
}
