// The load scenario shared by tests/cli/load_test.cc and bench/load_bench.cc: one node runs
// `kring serve`; N peers (each its own home, a member of the group, with entries of its own)
// run `kring sync` all at once, twice, while a flood of silent TCP connections is held open
// against the same port. It measures what the serving node costs and checks convergence.
//
// Header-only on purpose: the bench links only kring_net + kring_core, not the test support
// library, so this file brings its own small process helpers.
#pragma once

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/groups/group_book.h"
#include "core/groups/group_writer.h"
#include "core/store/node.h"
#include "tests/support/spawn.h"

namespace kring::load {

using testing::ChildIo;
using testing::SpawnChild;

inline constexpr char kLoadPassphrase[] = "correct horse battery";

struct LoadConfig {
  std::string kring_binary;
  std::string dir;  // an empty directory for the homes and logs
  int peers = 20;
  int half_open = 500;                  // silent connections held open during the syncs
  int entries_per_peer = 20;            // cases each node shares before the syncs
  int max_attempts = 10;                // per peer and round, the first included
  std::vector<std::string> serve_args;  // extra `kring serve` flags
};

struct MemorySample {
  int64_t rss_kib = 0;
  int64_t hwm_kib = 0;
};

struct LoadFigures {
  int peers = 0;
  int half_open_target = 0;
  int half_open_opened = 0;           // connections the flood managed to open, in total
  int half_open_reopened = 0;         // of these, reopened after the server dropped one
  int syncs = 0;                      // successful `kring sync` runs (peers × rounds)
  int retries = 0;                    // extra attempts needed
  int failed_peers = 0;               // peers that never got a successful sync in some round
  std::vector<std::string> failures;  // first line of each failed attempt's error
  double seconds_to_converge = 0;     // from the first round's start to the end of the second
  MemorySample before, during_peak, after;
  int serve_exit_code = -1;
  bool converged = false;
  size_t entries_expected = 0;
  std::vector<size_t> entries_per_node;  // admin first
  std::string serve_log_tail;
  std::vector<std::string> hangs;  // processes that never ended: where each was stuck
  std::string error;               // set when the scenario could not be set up
};

// ------------------------------------------------------------------ small process helpers

inline void RaiseFileLimit() {
  struct rlimit limit {};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
}

inline std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Starts `binary --home HOME args...` with stdout to `out_fd` (or a file) and stderr to a file.
inline pid_t SpawnKring(const std::string& binary, const std::string& home,
                        const std::vector<std::string>& args, const std::string& out_path,
                        const std::string& err_path, int out_fd = -1) {
  std::vector<std::string> full = {"--home", home};
  full.insert(full.end(), args.begin(), args.end());
  const int out = out_fd >= 0
                      ? out_fd
                      : ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  const pid_t pid = SpawnChild(binary, full, {{"KRING_PASSPHRASE", kLoadPassphrase}},
                               ChildIo{-1, out, err, std::nullopt});
  if (out_fd < 0 && out >= 0) ::close(out);
  if (err >= 0) ::close(err);
  return pid;
}

inline int ExitCode(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

inline int WaitExit(pid_t pid) {
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid) return -1;
  return ExitCode(status);
}

// A child still running after the scenario's generous limits is hung, not slow: the scenario
// says where it hangs and ends instead of waiting for ctest's timeout, which shows nothing.
// Each `kring sync` ends by its own deadlines (connect 10 s, handshake 10 s, 120 s per idle
// read) well within kSyncHangAfter.
inline constexpr std::chrono::seconds kSyncHangAfter{150};
inline constexpr std::chrono::seconds kServeStopHangAfter{30};
// Both rounds, retries included, end within this (normally they take a few seconds); past it
// the scenario gives up and says so, whatever the per-attempt deadlines would still allow.
inline constexpr std::chrono::seconds kSyncRoundsBudget{300};
inline constexpr int kHungExitCode = -2;

// Where a running process is: its threads' kernel wait channels, and their stacks when gdb is
// on the machine (bounded; as root it may attach even to the non-dumpable serve).
inline std::string DescribeStuckProcess(pid_t pid, const std::string& scratch_path) {
  std::ostringstream out;
  out << "process " << pid << ":\n";
  const std::string proc = "/proc/" + std::to_string(pid);
  if (const std::string gdb = "/usr/bin/gdb"; ::access(gdb.c_str(), X_OK) == 0) {
    const int file = ::open(scratch_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    const pid_t child = SpawnChild(
        gdb, {"-batch", "-nx", "-p", std::to_string(pid), "-ex", "thread apply all bt 25"}, {},
        ChildIo{-1, file, file, std::nullopt});
    if (file >= 0) ::close(file);
    int status = 0;
    for (int waited = 0; waited < 300 && ::waitpid(child, &status, WNOHANG) == 0; ++waited) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (::waitpid(child, &status, WNOHANG) == 0) {
      ::kill(child, SIGKILL);
      ::waitpid(child, &status, 0);
      ::kill(pid, SIGCONT);  // a gdb killed while attached may leave its target stopped
    }
    std::istringstream lines(Slurp(scratch_path));
    std::string line;
    while (std::getline(lines, line)) {
      if (line.rfind("Thread ", 0) == 0 || line.rfind("#", 0) == 0) out << "  " << line << "\n";
    }
  }
  if (DIR* tasks = ::opendir((proc + "/task").c_str())) {
    while (const dirent* task = ::readdir(tasks)) {
      if (task->d_name[0] == '.') continue;
      const std::string at = proc + "/task/" + task->d_name;
      std::string stat = Slurp(at + "/stat");
      const size_t state = stat.rfind(") ");
      out << "  thread " << task->d_name << " state "
          << (state == std::string::npos ? "?" : stat.substr(state + 2, 1)) << ", waits in "
          << Slurp(at + "/wchan") << "\n";
    }
    ::closedir(tasks);
  }
  return out.str();
}

// Waits for `pid` until `until`. A child still running then is described into `hang`, killed
// and reaped; the result is kHungExitCode.
inline int WaitExitBy(pid_t pid, std::chrono::steady_clock::time_point until,
                      const std::string& scratch_path, std::string* hang) {
  int status = 0;
  for (;;) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) return ExitCode(status);
    if (done < 0) return -1;
    if (std::chrono::steady_clock::now() >= until) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (hang != nullptr) *hang += DescribeStuckProcess(pid, scratch_path);
  ::kill(pid, SIGKILL);
  ::waitpid(pid, &status, 0);
  return kHungExitCode;
}

inline MemorySample ReadMemory(pid_t pid) {
  MemorySample sample;
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) sample.rss_kib = std::atoll(line.c_str() + 6);
    if (line.rfind("VmHWM:", 0) == 0) sample.hwm_kib = std::atoll(line.c_str() + 6);
  }
  return sample;
}

// `kring serve` in the background; the port comes from its "listening on" line.
struct ServeChild {
  pid_t pid = -1;
  uint16_t port = 0;
};

inline ServeChild StartServe(const LoadConfig& config, const std::string& home) {
  ServeChild child;
  int out_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) return child;
  std::vector<std::string> args = {"serve", "--listen", "127.0.0.1:0", "--interval", "3600"};
  args.insert(args.end(), config.serve_args.begin(), config.serve_args.end());
  child.pid =
      SpawnKring(config.kring_binary, home, args, "", config.dir + "/serve.log", out_pipe[1]);
  ::close(out_pipe[1]);
  std::string out;
  const std::string marker = "listening on 127.0.0.1:";
  for (int waited = 0; waited < 300 && child.port == 0; ++waited) {
    pollfd pfd{out_pipe[0], POLLIN, 0};
    if (::poll(&pfd, 1, 100) <= 0) continue;
    char buf[256];
    ssize_t n = ::read(out_pipe[0], buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
    size_t at = out.find(marker);
    if (at != std::string::npos && out.find('\n', at) != std::string::npos) {
      child.port = static_cast<uint16_t>(std::atoi(out.c_str() + at + marker.size()));
    }
  }
  ::close(out_pipe[0]);
  return child;
}

// Silent TCP connections: connect, never send a byte. Those the server drops are reopened
// every sweep, so the pressure lasts for as long as the flood runs.
class HalfOpenFlood {
 public:
  HalfOpenFlood(uint16_t port, int count) : port_(port), count_(count) {}
  ~HalfOpenFlood() { Stop(); }

  void Start() {
    fds_.assign(static_cast<size_t>(count_), -1);
    for (int& fd : fds_) fd = Open();
    thread_ = std::thread([this] {
      while (!stop_) {
        for (int& fd : fds_) {
          if (stop_) break;
          if (fd < 0) {
            fd = Open();
            continue;
          }
          pollfd pfd{fd, POLLIN | POLLRDHUP, 0};
          if (::poll(&pfd, 1, 0) > 0 && pfd.revents != 0) {
            ::close(fd);
            fd = Open();
            ++reopened_;
          }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
      }
    });
  }
  void Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    for (int& fd : fds_) {
      if (fd >= 0) ::close(fd);
      fd = -1;
    }
  }
  int opened() const { return opened_; }
  int reopened() const { return reopened_; }

 private:
  // Connects without blocking for longer than a second: with the server's backlog full, a
  // blocking connect would wait through the kernel's SYN retries (about two minutes) and keep
  // Stop() waiting with it.
  int Open() {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) return -1;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port_);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      pollfd pfd{fd, POLLOUT, 0};
      int error = 0;
      socklen_t length = sizeof error;
      if (errno != EINPROGRESS || ::poll(&pfd, 1, 1000) != 1 ||
          ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0 || error != 0) {
        ::close(fd);
        return -1;
      }
    }
    ++opened_;
    return fd;
  }

  uint16_t port_;
  int count_;
  std::vector<int> fds_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<int> opened_{0};
  std::atomic<int> reopened_{0};
};

// Samples the serving process's memory until stopped; keeps the highest RSS seen.
class MemoryWatch {
 public:
  explicit MemoryWatch(pid_t pid) : pid_(pid) {
    thread_ = std::thread([this] {
      while (!stop_) {
        MemorySample s = ReadMemory(pid_);
        {
          std::lock_guard lock(mu_);
          peak_.rss_kib = std::max(peak_.rss_kib, s.rss_kib);
          peak_.hwm_kib = std::max(peak_.hwm_kib, s.hwm_kib);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    });
  }
  ~MemoryWatch() { Stop(); }
  MemorySample Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    std::lock_guard lock(mu_);
    return peak_;
  }

 private:
  pid_t pid_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  MemorySample peak_;
};

// ------------------------------------------------------------------ the scenario

namespace detail {

inline std::string FirstLine(const std::string& text) {
  size_t start = text.find_first_not_of("\n");
  if (start == std::string::npos) return "";
  return text.substr(start, text.find('\n', start) - start);
}

inline Status ShareCases(Node& node, const std::string& group_id, int count,
                         const std::string& who) {
  GroupBook book(node);
  KRING_ASSIGN_OR_RETURN(auto group, book.Load(group_id));
  std::vector<pb::Entry> entries;
  for (int i = 0; i < count; ++i) {
    pb::CaseReflection reflection;
    reflection.set_title("Casus " + std::to_string(i) + " van " + who);
    reflection.set_situation("[PERSOON-1] wil het teamoverleg anders inrichten.");
    reflection.set_learned("Eerst de context van het team verkennen.");
    KRING_ASSIGN_OR_RETURN(auto entry,
                           ShareCase(group.ledger, group.keys, book.Me(), node.signing_secret_key(),
                                     reflection, static_cast<uint64_t>(NowMillis())));
    entries.push_back(std::move(entry));
  }
  return book.Append(group, entries);
}

inline Result<std::vector<std::string>> KeysOf(Node& node, const std::string& group_id) {
  GroupBook book(node);
  KRING_ASSIGN_OR_RETURN(auto keys, book.ReconciliationKeys(group_id));
  std::vector<std::string> ids;
  for (const EntryKey& key : keys) ids.push_back(key.id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace detail

// Runs one round: every peer syncs at once; failed peers retry (after a short pause) up to
// max_attempts. Returns the peers that never succeeded.
inline int SyncRound(const LoadConfig& config, const std::vector<std::string>& homes, int round,
                     pid_t serve_pid, std::chrono::steady_clock::time_point give_up_at,
                     LoadFigures& figures) {
  std::vector<int> todo(homes.size());
  for (size_t i = 0; i < homes.size(); ++i) todo[i] = static_cast<int>(i);
  for (int attempt = 1; attempt <= config.max_attempts && !todo.empty(); ++attempt) {
    if (std::chrono::steady_clock::now() >= give_up_at) {
      figures.hangs.push_back("the syncs had not all succeeded " +
                              std::to_string(kSyncRoundsBudget.count()) +
                              " s after they began (round " + std::to_string(round) + ", attempt " +
                              std::to_string(attempt) + ")");
      break;
    }
    if (attempt > 1) {
      figures.retries += static_cast<int>(todo.size());
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
    }
    std::vector<std::pair<int, pid_t>> running;
    for (int i : todo) {
      const std::string base =
          homes[i] + ".r" + std::to_string(round) + "a" + std::to_string(attempt);
      running.emplace_back(
          i, SpawnKring(config.kring_binary, homes[i], {"sync"}, base + ".out", base + ".err"));
    }
    std::vector<int> failed;
    const auto hung_at = std::min(std::chrono::steady_clock::now() + kSyncHangAfter, give_up_at);
    for (auto [i, pid] : running) {
      const std::string base =
          homes[i] + ".r" + std::to_string(round) + "a" + std::to_string(attempt);
      // Only the first hung process is described (gdb takes up to 30 s each); the rest are
      // killed at the same deadline and named.
      std::string hang;
      const int code =
          WaitExitBy(pid, hung_at, base + ".gdb", figures.hangs.empty() ? &hang : nullptr);
      if (code == 0) {
        ++figures.syncs;
        continue;
      }
      failed.push_back(i);
      if (code == kHungExitCode) {
        // A hang ends the scenario's syncs; the serve's state is taken once, with the first.
        std::string serve_state;
        if (figures.hangs.empty()) {
          serve_state =
              "\nkring serve then: " + DescribeStuckProcess(serve_pid, base + ".serve.gdb");
        }
        figures.hangs.push_back("kring sync of peer " + std::to_string(i) + " (round " +
                                std::to_string(round) + ", attempt " + std::to_string(attempt) +
                                ") was still running at its deadline; " + hang +
                                "its log: " + Slurp(base + ".err") + serve_state);
        attempt = config.max_attempts;
        continue;
      }
      figures.failures.push_back("exit " + std::to_string(code) + ": " +
                                 detail::FirstLine(Slurp(base + ".err")));
    }
    todo = std::move(failed);
  }
  return static_cast<int>(todo.size());
}

inline LoadFigures RunLoadScenario(const LoadConfig& config) {
  LoadFigures figures;
  figures.peers = config.peers;
  figures.half_open_target = config.half_open;
  RaiseFileLimit();
  ::signal(SIGPIPE, SIG_IGN);
  auto fail = [&](const std::string& what, const Status& status) {
    figures.error = what + ": " + status.message();
    return figures;
  };

  // Setup in-process: the admin creates the group and adds every peer; each peer learns the
  // group from the admin's entries (as a first sync would) and shares cases of its own.
  auto admin = Node::Init(config.dir + "/admin", kLoadPassphrase, "admin");
  if (!admin.ok()) return fail("admin init", admin.status());
  GroupBook admin_book(**admin);
  auto group_id = admin_book.Create("Belasting");
  if (!group_id.ok()) return fail("group create", group_id.status());
  std::vector<std::unique_ptr<Node>> peers;
  std::vector<std::string> homes;
  for (int i = 0; i < config.peers; ++i) {
    const std::string alias = "peer" + std::to_string(i);
    homes.push_back(config.dir + "/" + alias);
    auto peer = Node::Init(homes.back(), kLoadPassphrase, alias);
    if (!peer.ok()) return fail(alias + " init", peer.status());
    pb::PublicIdentity identity;
    identity.set_signing_public_key((*peer)->signing_public_key());
    identity.set_sealing_public_key((*peer)->sealing_public_key());
    identity.set_alias(alias);
    auto group = admin_book.Load(*group_id);
    if (!group.ok()) return fail("load", group.status());
    auto added =
        AddMember(group->ledger, group->keys, admin_book.Me(), (*admin)->signing_secret_key(),
                  identity, pb::ROLE_COACH, static_cast<uint64_t>(NowMillis()));
    if (!added.ok()) return fail("add " + alias, added.status());
    Status appended = admin_book.Append(*group, *added);
    if (!appended.ok()) return fail("add " + alias, appended);
    peers.push_back(std::move(peer).value());
  }
  auto chain = admin_book.ExportEntries(*group_id);
  if (!chain.ok()) return fail("export", chain.status());
  for (int i = 0; i < config.peers; ++i) {
    GroupBook book(*peers[i]);
    auto imported = book.Import(*group_id, *chain, ImportMode::kMayJoin);
    if (!imported.ok()) return fail("join", imported.status());
    Status shared = detail::ShareCases(*peers[i], *group_id, config.entries_per_peer,
                                       "peer" + std::to_string(i));
    if (!shared.ok()) return fail("share", shared);
  }
  Status shared = detail::ShareCases(**admin, *group_id, config.entries_per_peer, "admin");
  if (!shared.ok()) return fail("share", shared);
  figures.entries_expected = chain->size() + static_cast<size_t>(config.peers + 1) *
                                                 static_cast<size_t>(config.entries_per_peer);

  ServeChild serve = StartServe(config, config.dir + "/admin");
  if (serve.port == 0) {
    if (serve.pid > 0) {
      ::kill(serve.pid, SIGKILL);
      WaitExit(serve.pid);
    }
    figures.error = "kring serve did not start: " + Slurp(config.dir + "/serve.log");
    return figures;
  }
  const std::string address = "127.0.0.1:" + std::to_string(serve.port);
  for (auto& peer : peers) {
    PeerRow row;
    row.address = address;
    row.added_at = NowMillis();
    auto added = peer->store().AddPeer(row);
    if (!added.ok()) return fail("peer add", added.status());
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  figures.before = ReadMemory(serve.pid);

  // The flood first, then two rounds of concurrent syncs while it lasts.
  MemoryWatch watch(serve.pid);
  HalfOpenFlood flood(serve.port, config.half_open);
  flood.Start();
  const auto start = std::chrono::steady_clock::now();
  const auto give_up_at = start + kSyncRoundsBudget;
  figures.failed_peers += SyncRound(config, homes, 1, serve.pid, give_up_at, figures);
  if (figures.hangs.empty()) {
    figures.failed_peers += SyncRound(config, homes, 2, serve.pid, give_up_at, figures);
  }
  figures.seconds_to_converge =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  flood.Stop();
  figures.during_peak = watch.Stop();
  figures.half_open_opened = flood.opened();
  figures.half_open_reopened = flood.reopened();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  figures.after = ReadMemory(serve.pid);

  ::kill(serve.pid, SIGTERM);
  std::string hang;
  figures.serve_exit_code =
      WaitExitBy(serve.pid, std::chrono::steady_clock::now() + kServeStopHangAfter,
                 config.dir + "/serve.gdb", &hang);
  if (figures.serve_exit_code == kHungExitCode) {
    figures.hangs.push_back("kring serve was still running " +
                            std::to_string(kServeStopHangAfter.count()) + " s after SIGTERM; " +
                            hang);
  }
  const std::string log = Slurp(config.dir + "/serve.log");
  figures.serve_log_tail = log.substr(log.size() > 2000 ? log.size() - 2000 : 0);

  // Convergence: every node holds the same set of entry ids.
  auto reference = detail::KeysOf(**admin, *group_id);
  if (!reference.ok()) return fail("admin keys", reference.status());
  figures.converged = reference->size() == figures.entries_expected;
  figures.entries_per_node.push_back(reference->size());
  for (auto& peer : peers) {
    auto keys = detail::KeysOf(*peer, *group_id);
    figures.entries_per_node.push_back(keys.ok() ? keys->size() : 0);
    if (!keys.ok() || *keys != *reference) figures.converged = false;
  }
  return figures;
}

inline std::string DescribeFigures(const LoadFigures& f) {
  std::ostringstream out;
  out << "peers syncing concurrently:   " << f.peers << " (2 rounds)\n"
      << "half-open connections held:   " << f.half_open_target << " (opened " << f.half_open_opened
      << " in total, " << f.half_open_reopened << " reopened after the server dropped them)\n"
      << "successful syncs:             " << f.syncs << ", retries " << f.retries
      << ", peers that never succeeded " << f.failed_peers << "\n"
      << "time to convergence:          " << f.seconds_to_converge << " s\n"
      << "serve memory before (RSS/HWM): " << f.before.rss_kib << " / " << f.before.hwm_kib
      << " KiB (the HWM includes the 64 MiB Argon2id unlock at start)\n"
      << "serve memory peak (RSS/HWM):  " << f.during_peak.rss_kib << " / " << f.during_peak.hwm_kib
      << " KiB\n"
      << "serve memory after (RSS):     " << f.after.rss_kib << " KiB\n"
      << "entries per node:             " << f.entries_expected << " expected, "
      << (f.converged ? "all nodes equal" : "NOT converged") << "\n"
      << "serve exit code on SIGTERM:   " << f.serve_exit_code << "\n";
  for (size_t i = 0; i < f.failures.size() && i < 10; ++i) {
    out << "  failed attempt: " << f.failures[i] << "\n";
  }
  for (const std::string& hang : f.hangs) out << "  HUNG: " << hang << "\n";
  return out.str();
}

}  // namespace kring::load
