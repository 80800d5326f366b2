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

// Starts `program args...` with KRING_LANG=en and `env` on top (an empty value unsets the
// variable); the parent keeps (and closes) its own copies of the descriptors.
// Throws when fork fails; a failed exec ends the child with exit code 127.
inline pid_t SpawnChild(const std::string& program, const std::vector<std::string>& args,
                        const std::map<std::string, std::string>& env, const ChildIo& io) {
  std::vector<std::string> argv_strings = {program};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_strings) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid > 0) return pid;
  ::setsid();
  const int null_fd = ::open("/dev/null", O_RDWR);
  ::dup2(io.in >= 0 ? io.in : null_fd, 0);
  ::dup2(io.out >= 0 ? io.out : null_fd, 1);
  ::dup2(io.err >= 0 ? io.err : null_fd, 2);
  if (io.file_size_limit) {
    ::signal(SIGXFSZ, SIG_IGN);  // stays ignored across exec
    rlimit limit{*io.file_size_limit, *io.file_size_limit};
    ::setrlimit(RLIMIT_FSIZE, &limit);
  }
  // Tests read English unless they ask for a language: the machine's locale must not decide.
  ::setenv("KRING_LANG", "en", 1);
  // Argon2id at INTERACTIVE limits: the suite unlocks nodes thousands of times (the MODERATE
  // default has its own tests, which clear this with {"KRING_KDF_LIMITS", ""}).
  ::setenv("KRING_KDF_LIMITS", "interactive", 1);
  for (const auto& [k, v] : env) {
    if (v.empty()) {
      ::unsetenv(k.c_str());  // {"KRING_LANG", ""}: no override, the node's setting decides
    } else {
      ::setenv(k.c_str(), v.c_str(), 1);
    }
  }
  ::execv(program.c_str(), argv.data());
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
