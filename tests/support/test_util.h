// Shared test helpers: temporary directories and running the real kring binary.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kring::testing {

// A fresh directory under $TMPDIR, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

struct ProcessOptions {
  std::optional<uint64_t> file_size_limit;  // as ChildIo::file_size_limit (tests/support/spawn.h)
};

// Runs `program args...` with extra environment variables, feeding `input` on stdin. The child
// has no controlling terminal, so interactive prompts fail as they would in a script.
ProcessResult RunProcess(const std::string& program, const std::vector<std::string>& args,
                         const std::map<std::string, std::string>& env = {},
                         const std::string& input = "", const ProcessOptions& options = {});

// Starts `program args...` in the background (stdin empty, stdout and stderr discarded).
pid_t SpawnProcess(const std::string& program, const std::vector<std::string>& args,
                   const std::map<std::string, std::string>& env = {});

struct KillOutcome {
  bool killed = false;  // SIGKILL arrived before the process finished
  int exit_code = -1;   // when it finished on its own
};
// Waits up to `delay` for `pid` to finish; if it has not, kills it with SIGKILL. Reaps it.
KillOutcome KillAfter(pid_t pid, std::chrono::microseconds delay);
// Watches `pid`, checking `condition` about every 100 µs; kills it with SIGKILL as soon as the
// condition holds (e.g. "the write-ahead log has grown past N bytes"). Reaps it.
KillOutcome KillWhen(pid_t pid, const std::function<bool()>& condition);

// Runs the kring binary under test with --home `home` and KRING_PASSPHRASE set.
class KringNode {
 public:
  explicit KringNode(std::string home, std::string passphrase = "correct horse battery")
      : home_(std::move(home)), passphrase_(std::move(passphrase)) {}
  ProcessResult Run(const std::vector<std::string>& args,
                    const std::map<std::string, std::string>& env = {},
                    const std::string& input = "", const ProcessOptions& options = {}) const;
  // Starts a command in the background, for tests that kill it (see KillAfter).
  pid_t Spawn(const std::vector<std::string>& args) const;
  const std::string& home() const { return home_; }
  const std::string& passphrase() const { return passphrase_; }

 private:
  std::string home_;
  std::string passphrase_;
};

// A `kring serve` running in the background for a test. Start() waits (bounded) for its
// "listening on HOST:PORT" line; Stop() sends SIGTERM and returns its exit code (-1 on a
// signal or a hang). Its stderr (the serve log) goes to a file, read with Log().
class ServeProcess {
 public:
  // `command`: the words that run the node ({"relay", "setup"} for a mailbox).
  ServeProcess(const KringNode& node, std::vector<std::string> extra_args = {},
               std::vector<std::string> command = {"serve"});
  ~ServeProcess();
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  bool Start();  // false if the port line did not appear within 20 s
  int Stop();
  void Kill();  // SIGKILL: a crash in the middle of whatever it was doing
  uint16_t port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  std::string Log() const;
  bool running() const { return pid_ > 0; }
  int pid() const { return pid_; }

 private:
  KringNode node_;
  std::vector<std::string> args_;
  std::vector<std::string> command_;
  std::string log_path_;
  int pid_ = -1;
  uint16_t port_ = 0;
};

std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& data);

}  // namespace kring::testing
