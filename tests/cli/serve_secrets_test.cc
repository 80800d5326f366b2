// Secrets hygiene of a real scenario: `kring serve`, `kring sync`, and a case written, anonymised
// and shared with `kring case new/anonymise/share`. Neither the serve log nor any command's
// diagnostics (stderr, and the summaries of sync/peer/group) may contain the passphrase, a
// sentence of the case (original or anonymised), or any secret key in hex or base64. And
// `kring serve` runs with core dumps disabled.
#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "core/groups/group_book.h"
#include "core/store/node.h"
#include "tests/support/test_util.h"

namespace kring {
namespace {

using testing::KringNode;
using testing::ProcessResult;
using testing::ServeProcess;
using testing::TempDir;

constexpr char kPass[] = "correct horse battery";

constexpr char kCase[] =
    "## Title\nTeamleider onder druk\n\n"
    "## Session date\n2026-11-20\n\n"
    "## Work situation\n"
    "Mijn coachee Sanne Wolfswinkel werkt als teamleider bij de gemeente Utrecht.\n"
    "Haar leidinggevende Henk de Boer wil dat ze de Feedforward methode gebruikt.\n"
    "Bel 06-12345678 of mail sanne@voorbeeld.nl.\n\n"
    "## Next actions\nGesprek met Henk plannen op 12 maart 2027.\n";

std::string Base64(std::string_view bytes, int variant) {
  std::string out(sodium_base64_encoded_len(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), variant);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
  return s;
}

// Every text form a secret could take in a log: hex (both cases), base64 (standard and
// URL-safe, with and without padding), for the whole key and for its first half (the Ed25519
// seed, or a prefix an accidental truncation would print).
void AddSecretForms(std::string_view secret, std::vector<std::string>* out) {
  for (std::string_view part : {secret, secret.substr(0, secret.size() / 2)}) {
    const std::string hex = ToHex(part);
    out->push_back(hex);
    out->push_back(Upper(hex));
    for (int variant : {sodium_base64_VARIANT_ORIGINAL, sodium_base64_VARIANT_ORIGINAL_NO_PADDING,
                        sodium_base64_VARIANT_URLSAFE, sodium_base64_VARIANT_URLSAFE_NO_PADDING}) {
      out->push_back(Base64(part, variant));
    }
  }
}

std::vector<std::string> BodyLines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    // Sentences of the body, not headings or short template words.
    if (line.size() > 20 && line[0] != '#') lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

class ServeSecretsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitCrypto()); }

  ProcessResult Run(const KringNode& node, const std::vector<std::string>& args,
                    const std::string& input = "", bool keep_stdout = true) {
    ProcessResult r = node.Run(args, {}, input);
    EXPECT_EQ(r.exit_code, 0) << "kring " << args[0] << ": " << r.out << r.err;
    diagnostics_ += r.err;
    if (keep_stdout) diagnostics_ += r.out;
    return r;
  }

  TempDir dir_;
  std::string diagnostics_;
};

TEST_F(ServeSecretsTest, NoPassphraseCaseTextOrKeyReachesLogsAndServeDisablesCoreDumps) {
  KringNode anna(dir_.File("anna")), bram(dir_.File("bram"));
  Run(anna, {"init", "--alias", "anna"});
  Run(bram, {"init", "--alias", "bram"});
  const std::string bram_id = dir_.File("bram.id");
  testing::WriteFile(bram_id, Run(bram, {"whoami", "--export"}).out);
  Run(anna, {"group", "create", "Utrecht"});
  Run(anna, {"group", "add", "Utrecht", bram_id, "--role", "coach"});

  ServeProcess serve(anna);
  ASSERT_TRUE(serve.Start());
  Run(bram, {"peer", "add", serve.address()});
  Run(bram, {"sync", "--verbose"});

  // Bram writes, anonymises and shares a case; it travels to Anna's serving node.
  ProcessResult made = Run(bram, {"case", "new", "--from", "-"}, kCase, /*keep_stdout=*/false);
  const size_t saved_at = made.out.find("Saved case ");
  ASSERT_NE(saved_at, std::string::npos) << made.out;
  const std::string local = made.out.substr(saved_at + 11, 8);
  Run(bram, {"case", "anonymise", local, "--yes"}, "", /*keep_stdout=*/false);
  const std::string anonymised =
      Run(bram, {"case", "show", local, "--anonymised"}, "", /*keep_stdout=*/false).out;
  Run(bram, {"case", "share", local, "--group", "Utrecht"}, "", /*keep_stdout=*/false);
  ProcessResult pushed = Run(bram, {"sync", "--verbose"});
  EXPECT_NE(pushed.out.find("Utrecht: received nothing; sent 1 case"), std::string::npos)
      << pushed.out;
  // A second round (nothing moves) adds the reconciliation-only path to the logs.
  Run(bram, {"sync"});

  // What must never appear.
  std::vector<std::string> secrets = {kPass};
  for (const std::string& line : BodyLines(kCase)) secrets.push_back(line);
  const std::vector<std::string> anonymised_lines = BodyLines(anonymised);
  ASSERT_FALSE(anonymised_lines.empty()) << anonymised;
  for (const std::string& line : anonymised_lines) secrets.push_back(line);
  for (const char* name :
       {"Sanne Wolfswinkel", "Henk de Boer", "06-12345678", "sanne@voorbeeld.nl"}) {
    secrets.push_back(name);
  }
  for (const KringNode* who : {&anna, &bram}) {
    auto node = Node::Open(who->home(), kPass);
    ASSERT_TRUE(node.ok()) << node.status().message();
    AddSecretForms((*node)->signing_secret_key().view(), &secrets);
    AddSecretForms((*node)->sealing_secret_key().view(), &secrets);
    GroupBook book(**node);
    auto group_id = book.Resolve("Utrecht");
    ASSERT_TRUE(group_id.ok());
    auto group = book.Load(*group_id);
    ASSERT_TRUE(group.ok());
    const SecretBytes* group_key = group->keys.Find(group->keys.latest());
    ASSERT_NE(group_key, nullptr);
    AddSecretForms(group_key->view(), &secrets);
  }

  // Core dumps: the serving process has a zero core size limit (soft and hard).
  const std::string limits = testing::ReadFile("/proc/" + std::to_string(serve.pid()) + "/limits");
  const size_t core_at = limits.find("Max core file size");
  ASSERT_NE(core_at, std::string::npos) << limits;
  const std::string core_line = limits.substr(core_at, limits.find('\n', core_at) - core_at);
  EXPECT_NE(core_line.find(" 0 "), std::string::npos) << core_line;
  EXPECT_EQ(core_line.find("unlimited"), std::string::npos) << core_line;

  ASSERT_EQ(serve.Stop(), 0);
  const std::string log = serve.Log();
  ASSERT_NE(log.find("connected as"), std::string::npos) << log;  // the log is really there
  for (const std::string& secret : secrets) {
    EXPECT_EQ(log.find(secret), std::string::npos) << "serve log leaks: " << secret;
    EXPECT_EQ(diagnostics_.find(secret), std::string::npos) << "a command leaks: " << secret;
  }
}

}  // namespace
}  // namespace kring
