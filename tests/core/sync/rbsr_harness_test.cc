// Runs the real rbsr_harness program: two processes (client and server) wired together by this
// test through their stdin/stdout, the way the reference project's fuzz.pl drives harnesses.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/crypto/crypto.h"

extern char** environ;

namespace kring {
namespace {

std::string HarnessPath() {
  return (std::filesystem::path(KRING_BINARY).parent_path() / "rbsr_harness").string();
}

// A child process with pipes on stdin, stdout and stderr.
class Child {
 public:
  explicit Child(const std::string& frame_size_limit) {
    int in[2];
    int out[2];
    int err[2];
    // Close-on-exec, so that a second child does not inherit this child's stdin and keep it
    // from ever seeing end of file.
    if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) {
      return;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err[1], 2);
    std::vector<std::string> env_strings;
    for (char** e = environ; *e != nullptr; ++e) {
      if (std::string(*e).rfind("FRAMESIZELIMIT=", 0) != 0) env_strings.emplace_back(*e);
    }
    if (!frame_size_limit.empty()) env_strings.push_back("FRAMESIZELIMIT=" + frame_size_limit);
    std::vector<char*> envp;
    for (std::string& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::string path = HarnessPath();
    char* argv[] = {path.data(), nullptr};
    if (posix_spawn(&pid_, path.c_str(), &actions, nullptr, argv, envp.data()) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    close(in[0]);
    close(out[1]);
    close(err[1]);
    to_child_ = in[1];
    from_child_ = fdopen(out[0], "r");
    errors_ = fdopen(err[0], "r");
  }
  ~Child() {
    CloseInput();
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (from_child_ != nullptr) fclose(from_child_);
    if (errors_ != nullptr) fclose(errors_);
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  bool started() const { return pid_ > 0; }

  void Send(const std::string& line) {
    std::string data = line + "\n";
    size_t written = 0;
    while (written < data.size()) {
      ssize_t n = write(to_child_, data.data() + written, data.size() - written);
      if (n <= 0) return;  // the child died; the next read reports it
      written += static_cast<size_t>(n);
    }
  }

  // One line of output without its newline, or "" at end of file.
  std::string ReadLine() {
    char* buffer = nullptr;
    size_t capacity = 0;
    ssize_t n = getline(&buffer, &capacity, from_child_);
    std::string line = n > 0 ? std::string(buffer, static_cast<size_t>(n)) : std::string();
    free(buffer);
    if (!line.empty() && line.back() == '\n') line.pop_back();
    return line;
  }

  void CloseInput() {
    if (to_child_ >= 0) close(to_child_);
    to_child_ = -1;
  }

  // Closes stdin and waits; returns the exit code and fills *stderr_text.
  int Wait(std::string* stderr_text) {
    CloseInput();
    char chunk[512];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), errors_)) > 0) stderr_text->append(chunk, n);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  pid_t pid_ = -1;
  int to_child_ = -1;
  FILE* from_child_ = nullptr;
  FILE* errors_ = nullptr;
};

struct Sets {
  std::vector<std::string> client_lines;
  std::vector<std::string> server_lines;
  std::set<std::string> only_client;
  std::set<std::string> only_server;
};

Sets MakeSets(size_t common, size_t client_only, size_t server_only, uint64_t seed) {
  std::mt19937_64 rng(seed);
  Sets sets;
  const size_t total = common + client_only + server_only;
  for (size_t i = 0; i < total; ++i) {
    std::string id(32, '\0');
    for (char& c : id) c = static_cast<char>(rng() & 0xff);
    std::string hex = ToHex(id);
    // Few distinct timestamps, so that bounds need id prefixes.
    const uint64_t timestamp = 1'700'000'000 + rng() % (total / 8 + 1);
    std::string line = "item," + std::to_string(timestamp) + "," + hex;
    if (i < common || i >= common + client_only) sets.server_lines.push_back(line);
    if (i < common + client_only) sets.client_lines.push_back(line);
    if (i >= common && i < common + client_only) sets.only_client.insert(hex);
    if (i >= common + client_only) sets.only_server.insert(hex);
  }
  return sets;
}

class RbsrHarnessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto());
    // A harness that exits early must fail the test, not kill it with SIGPIPE.
    signal(SIGPIPE, SIG_IGN);
    ASSERT_TRUE(std::filesystem::exists(HarnessPath()))
        << HarnessPath() << " is missing: build the rbsr_harness target";
  }

  // Drives a client and a server harness to completion and checks have/need.
  void Reconcile(const Sets& sets, const std::string& client_limit,
                 const std::string& server_limit) {
    Child client(client_limit);
    Child server(server_limit);
    ASSERT_TRUE(client.started() && server.started());
    for (const std::string& line : sets.client_lines) client.Send(line);
    for (const std::string& line : sets.server_lines) server.Send(line);
    client.Send("seal");
    server.Send("seal");
    client.Send("initiate");

    std::set<std::string> have;
    std::set<std::string> need;
    bool done = false;
    for (int round = 0; round < 1000 && !done; ++round) {
      std::string line = client.ReadLine();
      while (line.rfind("have,", 0) == 0 || line.rfind("need,", 0) == 0) {
        auto& target = line[0] == 'h' ? have : need;
        EXPECT_TRUE(target.insert(line.substr(5)).second) << "reported twice: " << line;
        line = client.ReadLine();
      }
      if (line == "done") {
        done = true;
        break;
      }
      ASSERT_EQ(line.rfind("msg,", 0), 0u) << "unexpected client line: '" << line << "'";
      server.Send(line);
      std::string reply = server.ReadLine();
      ASSERT_EQ(reply.rfind("msg,", 0), 0u) << "unexpected server line: '" << reply << "'";
      client.Send(reply);
    }
    EXPECT_TRUE(done);
    EXPECT_EQ(have, sets.only_client);
    EXPECT_EQ(need, sets.only_server);
    std::string client_errors;
    std::string server_errors;
    EXPECT_EQ(client.Wait(&client_errors), 0) << client_errors;
    EXPECT_EQ(server.Wait(&server_errors), 0) << server_errors;
  }
};

TEST_F(RbsrHarnessTest, TwoHarnessesReconcile) { Reconcile(MakeSets(3000, 40, 60, 1), "", ""); }

TEST_F(RbsrHarnessTest, TwoHarnessesReconcileWithFrameSizeLimits) {
  Reconcile(MakeSets(20000, 1500, 1500, 2), "4096", "4096");
  Reconcile(MakeSets(20000, 1500, 1500, 3), "60000", "5000");
}

TEST_F(RbsrHarnessTest, EmptyAndDisjointSets) {
  Reconcile(MakeSets(0, 0, 0, 4), "", "");
  Reconcile(MakeSets(0, 500, 700, 5), "", "");
}

TEST_F(RbsrHarnessTest, ServerAnswersUnknownVersionWithItsOwn) {
  Child server("");
  ASSERT_TRUE(server.started());
  server.Send("item,12345,eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee");
  server.Send("seal");
  server.Send("msg,62aabbccddeeff");
  EXPECT_EQ(server.ReadLine(), "msg,61");
  // A full-range empty id list: the server answers with its one id.
  server.Send("msg,6100000200");
  EXPECT_EQ(server.ReadLine(),
            "msg,61000002"
            "01eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee");
  std::string errors;
  EXPECT_EQ(server.Wait(&errors), 0) << errors;
}

TEST_F(RbsrHarnessTest, MalformedMessageStopsWithAClearError) {
  Child server("");
  ASSERT_TRUE(server.started());
  server.Send("seal");
  server.Send("msg,6100000205");  // claims five ids, carries none
  std::string errors;
  EXPECT_EQ(server.Wait(&errors), 3);
  EXPECT_NE(errors.find("malformed sync message"), std::string::npos) << errors;
}

TEST_F(RbsrHarnessTest, BadInputLinesAreUsageErrors) {
  for (const char* line : {"item,12,zz", "item,notanumber,00", "frobnicate", "initiate"}) {
    Child child("");
    ASSERT_TRUE(child.started());
    child.Send(line);
    std::string errors;
    EXPECT_EQ(child.Wait(&errors), 2) << line << ": " << errors;
    EXPECT_FALSE(errors.empty());
  }
  Child tiny_limit("100");
  ASSERT_TRUE(tiny_limit.started());
  tiny_limit.Send("seal");
  std::string errors;
  EXPECT_EQ(tiny_limit.Wait(&errors), 2);
  EXPECT_NE(errors.find("frame-size limit"), std::string::npos) << errors;
}

}  // namespace
}  // namespace kring
