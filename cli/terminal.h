// Talking to the coach at the terminal: passphrase prompts without echo, confirmations, the
// editor, and files read with limits.
#pragma once

#include <string>
#include <string_view>

#include "core/base/status.h"
#include "core/crypto/crypto.h"

namespace kring::cli {

// The passphrase from KRING_PASSPHRASE, else from a prompt on the terminal without echo.
// With confirm=true the prompt asks twice (for a new passphrase).
Result<SecretBytes> ReadPassphrase(std::string_view prompt, bool confirm);

// Asks for one line on the terminal (with echo); kUsage when there is none or nothing was typed.
Result<std::string> AskLine(std::string_view prompt);

// OK when `yes` (the command's --yes) or the coach answers yes to `question` on the terminal;
// otherwise kUser with `no_terminal` (there is none to ask on) or `declined`.
Status ConfirmUnlessYes(bool yes, std::string_view question, std::string no_terminal,
                        std::string declined);

// Asks a yes/no question on the terminal; false when there is no terminal.
bool Confirm(std::string_view question);

// The editor for a coach's text: $VISUAL, $EDITOR, Debian's sensible-editor or editor, nano, vi.
std::string ChooseEditor();

// Opens `path` in ChooseEditor() and waits for it to close; says which editor and how to leave.
Status RunEditor(const std::string& path);

// How many characters `text` shows (UTF-8 code points), for table columns; and `text` padded
// with spaces to `width` of them (accented names line up as plain ones do).
size_t TextWidth(std::string_view text);
std::string PadToWidth(std::string text, size_t width);

// What went wrong with a file, in the coach's words (instead of strerror's English).
std::string ErrnoText(int error);

// Reads a whole file (or stdin for "-"), refusing files larger than max_bytes.
Result<std::string> ReadFileLimited(const std::string& path, size_t max_bytes);
// Writes a file atomically (temp file + fsync + rename) with the given mode.
Status WriteFileAtomic(const std::string& path, std::string_view data, unsigned mode = 0600);

// A private scratch file for editing plaintext: in $XDG_RUNTIME_DIR (memory-backed) when
// available, else in the node home; mode 0600; removed (after overwriting) on destruction.
class ScratchFile {
 public:
  static Result<ScratchFile> Create(const std::string& home, std::string_view contents);
  ScratchFile(ScratchFile&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  ScratchFile(const ScratchFile&) = delete;
  ~ScratchFile();
  const std::string& path() const { return path_; }
  void Keep() { path_.clear(); }  // leaves the file in place (e.g. to rescue unsaved work)

 private:
  explicit ScratchFile(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

bool StdoutIsTerminal();

// Whether a prompt could be shown at all (a script has no controlling terminal).
bool HaveTerminal();

}  // namespace kring::cli
