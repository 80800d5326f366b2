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

#include "core/i18n/messages.h"

namespace kring::cli {

using i18n::Tr;

size_t TextWidth(std::string_view text) {
  size_t chars = 0;
  for (unsigned char c : text) chars += (c & 0xC0) != 0x80 ? 1 : 0;
  return chars;
}

std::string PadToWidth(std::string text, size_t width) {
  const size_t chars = TextWidth(text);
  if (chars < width) text.append(width - chars, ' ');
  return text;
}

std::string ErrnoText(int error) {
  switch (error) {
    case ENOENT:
      return Tr("terminal.errno.enoent");
    case EACCES:
    case EPERM:
      return Tr("terminal.errno.eacces");
    case ENOSPC:
    case EDQUOT:
      return Tr("terminal.errno.enospc");
    case EFBIG:
      return Tr("terminal.errno.efbig");
    case EROFS:
      return Tr("terminal.errno.erofs");
    case EISDIR:
      return Tr("terminal.errno.eisdir");
    case ENOTDIR:
      return Tr("terminal.errno.enotdir");
    case EIO:
      return Tr("terminal.errno.eio");
    default:
      return Tr("terminal.errno.other", {{"code", std::to_string(error)}});
  }
}

namespace {

// Reads one line from the terminal with echo switched off.
Result<SecretBytes> PromptNoEcho(std::string_view prompt) {
  int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    return Status::User(Tr("terminal.no_passphrase_terminal"));
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
  if (len >= buffer.size()) return Status::User(Tr("terminal.passphrase_too_long"));
  return SecretBytes(std::string_view(reinterpret_cast<const char*>(buffer.data()), len));
}

}  // namespace

Result<SecretBytes> ReadPassphrase(std::string_view prompt, bool confirm) {
  if (const char* env = std::getenv("KRING_PASSPHRASE"); env != nullptr) {
    return SecretBytes(std::string_view(env));
  }
  KRING_ASSIGN_OR_RETURN(SecretBytes first, PromptNoEcho(prompt));
  if (!confirm) return first;
  KRING_ASSIGN_OR_RETURN(SecretBytes second, PromptNoEcho(Tr("terminal.repeat_passphrase")));
  if (!(first == second)) return Status::User(Tr("terminal.passphrases_differ"));
  return first;
}

Result<std::string> AskLine(std::string_view prompt) {
  FILE* tty = std::fopen("/dev/tty", "r+");
  if (tty == nullptr) return Status::Usage(Tr("terminal.no_terminal"));
  std::fprintf(tty, "%.*s", static_cast<int>(prompt.size()), prompt.data());
  std::fflush(tty);
  char line[512] = {0};
  const bool read = std::fgets(line, sizeof line, tty) != nullptr;
  std::fclose(tty);
  std::string answer = read ? line : "";
  while (!answer.empty() && (answer.back() == '\n' || answer.back() == '\r')) answer.pop_back();
  if (answer.find_first_not_of(" \t") == std::string::npos) {
    return Status::Usage(Tr("terminal.nothing_typed"));
  }
  return answer;
}

bool Confirm(std::string_view question) {
  FILE* tty = std::fopen("/dev/tty", "r+");
  if (tty == nullptr) return false;
  const std::string choices = Tr("terminal.yes_no");
  std::fprintf(tty, "%.*s %s ", static_cast<int>(question.size()), question.data(),
               choices.c_str());
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
    return Tr("terminal.leave_nano");
  }
  if (name == "vi" || name.find("vim") != std::string::npos) {
    return Tr("terminal.leave_vi");
  }
  if (name == "sensible-editor" || name == "editor") {
    return Tr("terminal.leave_sensible");
  }
  return Tr("terminal.leave_other");
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
  std::cerr << Tr("terminal.opening_editor", {{"editor", chosen}, {"how", LeavingHint(chosen)}})
            << "\n";
  pid_t pid = ::fork();
  if (pid < 0) return Status::User(Tr("terminal.editor_no_start"));
  if (pid == 0) {
    // Through the shell so EDITOR may carry arguments ("code --wait"); the path is "$1".
    std::string command = std::string(editor) + " \"$1\"";
    ::execl("/bin/sh", "sh", "-c", command.c_str(), "sh", path.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return Status::User(Tr("terminal.editor_lost"));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return Status::User(Tr("terminal.editor_failed", {{"editor", chosen}}));
  }
  return Status::Ok();
}

Result<std::string> ReadFileLimited(const std::string& path, size_t max_bytes) {
  int fd = path == "-" ? ::dup(STDIN_FILENO) : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Status::User(Tr("terminal.cannot_read", {{"path", path}, {"why", ErrnoText(errno)}}));
  }
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Status::User(Tr("terminal.is_folder", {{"path", path}}));
  }
  std::string data;
  char buffer[65536];
  while (true) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return Status::User(Tr("terminal.cannot_read", {{"path", path}, {"why", ErrnoText(errno)}}));
    }
    if (n == 0) break;
    data.append(buffer, static_cast<size_t>(n));
    if (data.size() > max_bytes) {
      ::close(fd);
      return Status::Usage(Tr("terminal.too_large",
                              {{"path", path}, {"kib", static_cast<int64_t>(max_bytes >> 10)}}));
    }
  }
  ::close(fd);
  return data;
}

Status WriteFileAtomic(const std::string& path, std::string_view data, unsigned mode) {
  std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) {
    return Status::User(Tr("terminal.cannot_write", {{"path", path}, {"why", ErrnoText(errno)}}));
  }
  size_t written = 0;
  while (written < data.size()) {
    ssize_t n = ::write(fd, data.data() + written, data.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int err = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      return Status::User(Tr("terminal.cannot_write", {{"path", path}, {"why", ErrnoText(err)}}));
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0 || ::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return Status::User(Tr("terminal.cannot_write", {{"path", path}, {"why", ErrnoText(err)}}));
  }
  return Status::Ok();
}

Result<ScratchFile> ScratchFile::Create(const std::string& home, std::string_view contents) {
  std::string dir = home;
  if (const char* runtime = std::getenv("XDG_RUNTIME_DIR"); runtime != nullptr && *runtime) {
    dir = runtime;
  }
  std::string pattern = dir + "/kring-case-XXXXXX.md";  // i18n-ok: a file name
  int fd = ::mkstemps(pattern.data(), 3);
  if (fd < 0) return Status::User(Tr("terminal.no_scratch", {{"folder", dir}}));
  ::fchmod(fd, 0600);
  ScratchFile file(pattern);
  size_t written = 0;
  while (written < contents.size()) {
    ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
    if (n <= 0) {
      ::close(fd);
      return Status::User(Tr("terminal.scratch_write", {{"path", pattern}}));
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
