// The one way tests and benchmarks start a child process: fork, a session of its own (no
// controlling terminal, so prompts fail as in a script), stdin/stdout/stderr from given file
// descriptors (or /dev/null), extra environment variables, exec. Header-only so that the
// benchmarks (bench/, built without GoogleTest) share it with the tests.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace kring::testing {

struct ChildIo {
  int in = -1;  // -1: /dev/null
  int out = -1;
  int err = -1;
  // RLIMIT_FSIZE for the child, in bytes. SIGXFSZ is ignored in the child, so a write past the
  // limit fails with EFBIG as on a full disk instead of killing the process.
  std::optional<uint64_t> file_size_limit;
};

// The environment a child gets: this process's, with KRING_LANG=en, KRING_KDF_LIMITS=interactive
// and `env` on top (an empty value unsets the variable).
inline std::vector<std::string> ChildEnvironment(const std::map<std::string, std::string>& env) {
  // Tests read English unless they ask for a language: the machine's locale must not decide.
  // Argon2id at INTERACTIVE limits: the suite unlocks nodes thousands of times (the MODERATE
  // default has its own tests, which clear this with {"KRING_KDF_LIMITS", ""}).
  std::map<std::string, std::string> merged = {{"KRING_LANG", "en"},
                                               {"KRING_KDF_LIMITS", "interactive"}};
  for (const auto& [k, v] : env) merged[k] = v;
  std::vector<std::string> out;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string_view entry(*e);
    const std::string name(entry.substr(0, entry.find('=')));
    if (!merged.contains(name)) out.emplace_back(entry);
  }
  for (const auto& [k, v] : merged) {
    if (!v.empty()) out.push_back(k + "=" + v);
  }
  return out;
}

// Starts `program args...` with ChildEnvironment(env); the parent keeps (and closes) its own
// copies of the descriptors. Everything the child needs is built before fork: between fork and
// exec the child makes only async-signal-safe calls, so a lock another thread of this process
// held at the fork (tests run watcher threads while they spawn) cannot hang it.
// Throws when fork fails; a failed exec ends the child with exit code 127.
inline pid_t SpawnChild(const std::string& program, const std::vector<std::string>& args,
                        const std::map<std::string, std::string>& env, const ChildIo& io) {
  std::vector<std::string> argv_strings = {program};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_strings) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_strings = ChildEnvironment(env);
  std::vector<char*> envp;
  for (std::string& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid > 0) return pid;
  ::setsid();
  const int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  ::dup2(io.in >= 0 ? io.in : null_fd, 0);
  ::dup2(io.out >= 0 ? io.out : null_fd, 1);
  ::dup2(io.err >= 0 ? io.err : null_fd, 2);
  if (io.file_size_limit) {
    ::signal(SIGXFSZ, SIG_IGN);  // stays ignored across exec
    rlimit limit{*io.file_size_limit, *io.file_size_limit};
    ::setrlimit(RLIMIT_FSIZE, &limit);
  }
  ::execve(program.c_str(), argv.data(), envp.data());
  ::_exit(127);
}

// Reads from `fd` until a line break, end of file or `timeout_ms`; returns what it read
// (the first line and perhaps more). For a child's "Open http://..." line.
inline std::string ReadFirstLine(int fd, int timeout_ms) {
  std::string text;
  for (int waited = 0; waited < timeout_ms && text.find('\n') == std::string::npos;) {
    pollfd pfd{fd, POLLIN, 0};
    const int ready = ::poll(&pfd, 1, 100);
    if (ready == 0) {
      waited += 100;
      continue;
    }
    if (ready < 0) break;
    char buf[512];
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  return text;
}

}  // namespace kring::testing
