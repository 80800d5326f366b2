#include "tests/support/test_util.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "tests/support/spawn.h"

namespace kring::testing {

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern =
      std::string(base != nullptr && *base ? base : "/tmp") + "/kring-test-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

namespace {

int ExitCodeOf(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

ProcessResult RunProcess(const std::string& program, const std::vector<std::string>& args,
                         const std::map<std::string, std::string>& env, const std::string& input,
                         const ProcessOptions& options) {
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (::pipe2(in_pipe, O_CLOEXEC) || ::pipe2(out_pipe, O_CLOEXEC) || ::pipe2(err_pipe, O_CLOEXEC)) {
    throw std::runtime_error("pipe failed");
  }
  const pid_t pid = SpawnChild(
      program, args, env, ChildIo{in_pipe[0], out_pipe[1], err_pipe[1], options.file_size_limit});
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  ProcessResult result;
  size_t in_written = 0;
  if (input.empty()) {
    ::close(in_pipe[1]);
    in_pipe[1] = -1;
  } else {
    ::fcntl(in_pipe[1], F_SETFL, O_NONBLOCK);
  }
  bool out_open = true, err_open = true;
  while (out_open || err_open) {
    std::vector<pollfd> fds;
    if (out_open) fds.push_back({out_pipe[0], POLLIN, 0});
    if (err_open) fds.push_back({err_pipe[0], POLLIN, 0});
    if (in_pipe[1] >= 0) fds.push_back({in_pipe[1], POLLOUT, 0});
    if (::poll(fds.data(), fds.size(), -1) < 0) continue;
    for (const auto& p : fds) {
      if (p.revents == 0) continue;
      if (p.fd == in_pipe[1]) {
        ssize_t n = ::write(in_pipe[1], input.data() + in_written, input.size() - in_written);
        if (n > 0) in_written += static_cast<size_t>(n);
        if (n < 0 || in_written == input.size()) {
          ::close(in_pipe[1]);
          in_pipe[1] = -1;
        }
        continue;
      }
      char buf[65536];
      ssize_t n = ::read(p.fd, buf, sizeof buf);
      if (n <= 0) {
        if (p.fd == out_pipe[0]) out_open = false;
        if (p.fd == err_pipe[0]) err_open = false;
        continue;
      }
      (p.fd == out_pipe[0] ? result.out : result.err).append(buf, static_cast<size_t>(n));
    }
  }
  if (in_pipe[1] >= 0) ::close(in_pipe[1]);
  ::close(out_pipe[0]);
  ::close(err_pipe[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  result.exit_code = ExitCodeOf(status);
  return result;
}

pid_t SpawnProcess(const std::string& program, const std::vector<std::string>& args,
                   const std::map<std::string, std::string>& env) {
  return SpawnChild(program, args, env, ChildIo{});
}

KillOutcome KillAfter(pid_t pid, std::chrono::microseconds delay) {
  const auto deadline = std::chrono::steady_clock::now() + delay;
  return KillWhen(pid, [deadline] { return std::chrono::steady_clock::now() >= deadline; });
}

KillOutcome KillWhen(pid_t pid, const std::function<bool()>& condition) {
  int status = 0;
  while (!condition()) {
    pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) return KillOutcome{false, ExitCodeOf(status)};
    std::this_thread::sleep_for(std::chrono::microseconds(100));
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, &status, 0);
  // It may have finished between the last look and the signal.
  if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) return KillOutcome{true, -1};
  return KillOutcome{false, ExitCodeOf(status)};
}

ProcessResult KringNode::Run(const std::vector<std::string>& args,
                             const std::map<std::string, std::string>& env,
                             const std::string& input, const ProcessOptions& options) const {
  std::vector<std::string> full = {"--home", home_};
  full.insert(full.end(), args.begin(), args.end());
  std::map<std::string, std::string> full_env = {{"KRING_PASSPHRASE", passphrase_}};
  for (const auto& [k, v] : env) full_env[k] = v;
  return RunProcess(KRING_BINARY, full, full_env, input, options);
}

pid_t KringNode::Spawn(const std::vector<std::string>& args) const {
  std::vector<std::string> full = {"--home", home_};
  full.insert(full.end(), args.begin(), args.end());
  return SpawnProcess(KRING_BINARY, full, {{"KRING_PASSPHRASE", passphrase_}});
}

ServeProcess::ServeProcess(const KringNode& node, std::vector<std::string> extra_args,
                           std::vector<std::string> command)
    : node_(node),
      args_(std::move(extra_args)),
      command_(std::move(command)),
      log_path_(node.home() + ".serve.log") {}

ServeProcess::~ServeProcess() {
  if (pid_ > 0) Kill();
}

bool ServeProcess::Start() {
  int out_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC)) return false;
  int log_fd = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (log_fd < 0) return false;
  std::vector<std::string> full = {"--home", node_.home()};
  full.insert(full.end(), command_.begin(), command_.end());
  full.insert(full.end(), {"--listen", "127.0.0.1:0"});
  full.insert(full.end(), args_.begin(), args_.end());
  const pid_t pid = SpawnChild(KRING_BINARY, full, {{"KRING_PASSPHRASE", node_.passphrase()}},
                               ChildIo{-1, out_pipe[1], log_fd, std::nullopt});
  ::close(out_pipe[1]);
  ::close(log_fd);
  pid_ = pid;
  std::string out;
  const std::string marker = "listening on 127.0.0.1:";
  for (int waited = 0; waited < 200; ++waited) {
    pollfd pfd{out_pipe[0], POLLIN, 0};
    if (::poll(&pfd, 1, 100) > 0) {
      char buf[256];
      ssize_t n = ::read(out_pipe[0], buf, sizeof buf);
      if (n <= 0) break;
      out.append(buf, static_cast<size_t>(n));
      size_t at = out.find(marker);
      if (at != std::string::npos && out.find('\n', at) != std::string::npos) {
        port_ = static_cast<uint16_t>(std::stoi(out.substr(at + marker.size())));
        break;
      }
    }
  }
  ::close(out_pipe[0]);  // later output (none expected) goes nowhere
  return port_ != 0;
}

int ServeProcess::Stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  for (int waited = 0; waited < 200; ++waited) {
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    ::usleep(50'000);
  }
  Kill();
  return -1;
}

void ServeProcess::Kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string ServeProcess::Log() const { return ReadFile(log_path_); }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary);
  out << data;
}

}  // namespace kring::testing
