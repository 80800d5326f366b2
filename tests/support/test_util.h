// Shared test helpers: temporary directories and running the real kring binary.
#pragma once

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

std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& data);

}  // namespace kring::testing
