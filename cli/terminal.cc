#include "cli/terminal.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>

namespace kring::cli {
namespace {

// Reads one line from the terminal with echo switched off.
Result<SecretBytes> PromptNoEcho(std::string_view prompt) {
  int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    return Status::User(
        "no passphrase: there is no terminal to ask on; set KRING_PASSPHRASE for scripts");
  }
  (void)!::write(fd, prompt.data(), prompt.size());
  termios old_mode{};
  bool have_mode = ::tcgetattr(fd, &old_mode) == 0;
  if (have_mode) {
    termios quiet = old_mode;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(fd, TCSAFLUSH, &quiet);
  }
  SecretBytes buffer(1025);
  size_t len = 0;
  char c = 0;
  while (len < buffer.size() && ::read(fd, &c, 1) == 1 && c != '\n') {
    buffer.data()[len++] = static_cast<unsigned char>(c);
  }
  if (have_mode) ::tcsetattr(fd, TCSAFLUSH, &old_mode);
  (void)!::write(fd, "\n", 1);
  ::close(fd);
  if (len >= buffer.size()) return Status::User("the passphrase is too long");
  return SecretBytes(std::string_view(reinterpret_cast<const char*>(buffer.data()), len));
}

}  // namespace

Result<SecretBytes> ReadPassphrase(std::string_view prompt, bool confirm) {
  if (const char* env = std::getenv("KRING_PASSPHRASE"); env != nullptr) {
    return SecretBytes(std::string_view(env));
  }
  KRING_ASSIGN_OR_RETURN(SecretBytes first, PromptNoEcho(prompt));
  if (!confirm) return first;
  KRING_ASSIGN_OR_RETURN(SecretBytes second, PromptNoEcho("Repeat the passphrase: "));
  if (!(first == second)) return Status::User("the two passphrases differ; nothing was created");
  return first;
}

Result<std::string> AskLine(std::string_view prompt) {
  FILE* tty = std::fopen("/dev/tty", "r+");
  if (tty == nullptr) return Status::Usage("there is no terminal to ask on");
  std::fprintf(tty, "%.*s", static_cast<int>(prompt.size()), prompt.data());
  std::fflush(tty);
  char line[512] = {0};
  const bool read = std::fgets(line, sizeof line, tty) != nullptr;
  std::fclose(tty);
  std::string answer = read ? line : "";
  while (!answer.empty() && (answer.back() == '\n' || answer.back() == '\r')) answer.pop_back();
  if (answer.find_first_not_of(" \t") == std::string::npos) {
    return Status::Usage("nothing was typed");
  }
  return answer;
}

bool Confirm(std::string_view question) {
  FILE* tty = std::fopen("/dev/tty", "r+");
  if (tty == nullptr) return false;
  std::fprintf(tty, "%.*s [y/N] ", static_cast<int>(question.size()), question.data());
  std::fflush(tty);
  char answer[16] = {0};
  bool yes = std::fgets(answer, sizeof answer, tty) != nullptr &&
             (answer[0] == 'y' || answer[0] == 'Y' || answer[0] == 'j' || answer[0] == 'J');
  std::fclose(tty);
  return yes;
}

namespace {

// Whether `program` is an executable on $PATH.
bool OnPath(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "/usr/bin:/bin";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t colon = dirs.find(':', start);
    if (colon == std::string::npos) colon = dirs.size();
    const std::string dir = dirs.substr(start, colon - start);
    if (!dir.empty() && ::access((dir + "/" + program).c_str(), X_OK) == 0) return true;
    start = colon + 1;
  }
  return false;
}

// How to save and leave the editors a coach is likely to meet first.
std::string LeavingHint(const std::string& editor) {
  const std::string name = editor.substr(editor.rfind('/') + 1);
  if (name.find("nano") != std::string::npos) {
    return "save with Ctrl+O and Enter, close with Ctrl+X";
  }
  if (name == "vi" || name.find("vim") != std::string::npos) {
    return "to save and close, press Esc, type :wq and press Enter";
  }
  if (name == "sensible-editor" || name == "editor") {
    return "save the file and close the editor to continue (in nano: Ctrl+O, Enter, Ctrl+X; in "
           "vi: Esc, :wq, Enter)";
  }
  return "save the file and close the editor to continue";
}

}  // namespace

std::string ChooseEditor() {
  for (const char* variable : {"VISUAL", "EDITOR"}) {
    const char* value = std::getenv(variable);
    if (value != nullptr && *value != '\0') return value;
  }
  // Debian's choice for the user (select-editor / update-alternatives), then the system's.
  for (const char* program : {"sensible-editor", "editor", "nano"}) {
    if (OnPath(program)) return program;
  }
  return "vi";
}

Status RunEditor(const std::string& path) {
  const std::string chosen = ChooseEditor();
  const char* editor = chosen.c_str();
  std::cerr << "Opening the text in " << chosen << "; " << LeavingHint(chosen) << ".\n";
  pid_t pid = ::fork();
  if (pid < 0) return Status::User("cannot start the editor");
  if (pid == 0) {
    // Through the shell so EDITOR may carry arguments ("code --wait"); the path is "$1".
    std::string command = std::string(editor) + " \"$1\"";
    ::execl("/bin/sh", "sh", "-c", command.c_str(), "sh", path.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return Status::User("lost track of the editor");
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return Status::User(std::string("the editor (") + editor +
                        ") did not finish cleanly; nothing was saved");
  }
  return Status::Ok();
}

Result<std::string> ReadFileLimited(const std::string& path, size_t max_bytes) {
  int fd = path == "-" ? ::dup(STDIN_FILENO) : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Status::User("cannot read " + path + ": " + std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Status::User(path + " is a folder, not a file");
  }
  std::string data;
  char buffer[65536];
  while (true) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return Status::User("cannot read " + path + ": " + std::strerror(errno));
    }
    if (n == 0) break;
    data.append(buffer, static_cast<size_t>(n));
    if (data.size() > max_bytes) {
      ::close(fd);
      return Status::Usage(path + " is too large (more than " + std::to_string(max_bytes >> 10) +
                           " KiB)");
    }
  }
  ::close(fd);
  return data;
}

Status WriteFileAtomic(const std::string& path, std::string_view data, unsigned mode) {
  std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return Status::User("cannot write " + path + ": " + std::strerror(errno));
  size_t written = 0;
  while (written < data.size()) {
    ssize_t n = ::write(fd, data.data() + written, data.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int err = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      return Status::User("cannot write " + path + ": " + std::strerror(err));
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0 || ::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return Status::User("cannot write " + path + ": " + std::strerror(err));
  }
  return Status::Ok();
}

Result<ScratchFile> ScratchFile::Create(const std::string& home, std::string_view contents) {
  std::string dir = home;
  if (const char* runtime = std::getenv("XDG_RUNTIME_DIR"); runtime != nullptr && *runtime) {
    dir = runtime;
  }
  std::string pattern = dir + "/kring-case-XXXXXX.md";
  int fd = ::mkstemps(pattern.data(), 3);
  if (fd < 0) return Status::User("cannot create a scratch file in " + dir);
  ::fchmod(fd, 0600);
  ScratchFile file(pattern);
  size_t written = 0;
  while (written < contents.size()) {
    ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
    if (n <= 0) {
      ::close(fd);
      return Status::User("cannot write the scratch file " + pattern);
    }
    written += static_cast<size_t>(n);
  }
  ::close(fd);
  return file;
}

ScratchFile::~ScratchFile() {
  if (path_.empty()) return;
  // Overwrite before unlinking so the plaintext does not linger in the file's blocks.
  int fd = ::open(path_.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd >= 0) {
    struct stat st {};
    if (::fstat(fd, &st) == 0 && st.st_size > 0) {
      std::string zeros(static_cast<size_t>(st.st_size), '\0');
      (void)!::write(fd, zeros.data(), zeros.size());
      ::fsync(fd);
    }
    ::close(fd);
  }
  ::unlink(path_.c_str());
}

bool StdoutIsTerminal() { return ::isatty(STDOUT_FILENO) == 1; }

Status ConfirmUnlessYes(bool yes, std::string_view question, std::string no_terminal,
                        std::string declined) {
  if (yes) return Status::Ok();
  if (!HaveTerminal()) return Status::User(std::move(no_terminal));
  if (!Confirm(question)) return Status::User(std::move(declined));
  return Status::Ok();
}

bool HaveTerminal() {
  int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (fd < 0) return false;
  ::close(fd);
  return true;
}

}  // namespace kring::cli
