// Shared test helpers: temporary directories and running the real kring binary.
#pragma once

#include <cstdint>
#include <map>
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

// Runs `program args...` with extra environment variables, feeding `input` on stdin. The child
// has no controlling terminal, so interactive prompts fail as they would in a script.
ProcessResult RunProcess(const std::string& program, const std::vector<std::string>& args,
                         const std::map<std::string, std::string>& env = {},
                         const std::string& input = "");

// Runs the kring binary under test with --home `home` and KRING_PASSPHRASE set.
class KringNode {
 public:
  explicit KringNode(std::string home, std::string passphrase = "correct horse battery")
      : home_(std::move(home)), passphrase_(std::move(passphrase)) {}
  ProcessResult Run(const std::vector<std::string>& args,
                    const std::map<std::string, std::string>& env = {},
                    const std::string& input = "") const;
  const std::string& home() const { return home_; }

 private:
  std::string home_;
  std::string passphrase_;
};

// A `kring serve` running in the background for a test. Start() waits (bounded) for its
// "listening on HOST:PORT" line; Stop() sends SIGTERM and returns its exit code (-1 on a
// signal or a hang). Its stderr (the serve log) goes to a file, read with Log().
class ServeProcess {
 public:
  ServeProcess(const KringNode& node, std::vector<std::string> extra_args = {});
  ~ServeProcess();
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  bool Start();  // false if the port line did not appear within 20 s
  int Stop();
  void Kill();   // SIGKILL: a crash in the middle of whatever it was doing
  uint16_t port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  std::string Log() const;
  bool running() const { return pid_ > 0; }
  int pid() const { return pid_; }

 private:
  KringNode node_;
  std::vector<std::string> args_;
  std::string log_path_;
  int pid_ = -1;
  uint16_t port_ = 0;
};

std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& data);

}  // namespace kring::testing
