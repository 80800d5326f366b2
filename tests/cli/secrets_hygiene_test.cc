// Secrets hygiene over a full local scenario with the real kring binary: two coaches, a case with
// a client's name, a group, a shared case carried by an offline bundle. Everything the commands
// print to stderr (Kring's log and error stream), every file they leave besides the encrypted
// database, and the database and its write-ahead log themselves are searched for the
// passphrases, the nodes' secret keys (raw, hex, base64) and the case's plaintext.
#include <gtest/gtest.h>
#include <sodium.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/crypto/crypto.h"
#include "core/store/node.h"
#include "core/store/sqlite.h"
#include "tests/support/test_util.h"

namespace kring {
namespace {

using testing::KringNode;
using testing::ProcessResult;
using testing::ReadFile;
using testing::TempDir;
using testing::WriteFile;

constexpr char kAnnaPassphrase[] = "Zonnebloem-Passage-4711";
constexpr char kBenPassphrase[] = "Kabeljauw-Regenboog-2929";
constexpr char kClient[] = "Wilhelmina Vandersteen";
constexpr char kPlainPhrase[] = "scheiding van haar partner";  // only in the private text

std::vector<std::string> Encodings(std::string_view secret) {
  std::vector<std::string> out = {std::string(secret), ToHex(secret)};
  std::string upper = ToHex(secret);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  out.push_back(upper);
  for (int variant : {sodium_base64_VARIANT_ORIGINAL, sodium_base64_VARIANT_ORIGINAL_NO_PADDING,
                      sodium_base64_VARIANT_URLSAFE, sodium_base64_VARIANT_URLSAFE_NO_PADDING}) {
    std::string b64(sodium_base64_encoded_len(secret.size(), variant), '\0');
    sodium_bin2base64(b64.data(), b64.size(), reinterpret_cast<const unsigned char*>(secret.data()),
                      secret.size(), variant);
    b64.resize(std::strlen(b64.c_str()));
    out.push_back(b64);
  }
  return out;
}

struct Secret {
  std::string what;
  std::string bytes;
};

class SecretsHygieneTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitCrypto()); }

  // Runs a command and keeps what it printed for the checks.
  ProcessResult Run(const KringNode& node, const std::vector<std::string>& args,
                    bool stdout_may_show_case = false) {
    ProcessResult r = node.Run(args);
    std::string label = node.home().substr(node.home().rfind('/') + 1) + ": kring";
    for (const auto& a : args) label += " " + a;
    streams_.push_back({label + " (stderr)", r.err, false});
    streams_.push_back({label + " (stdout)", r.out, stdout_may_show_case});
    return r;
  }
  void AddKeysOf(const std::string& home, const std::string& passphrase, const std::string& who) {
    auto node = Node::Open(home, passphrase);
    ASSERT_TRUE(node.ok()) << node.status().message();
    const std::string signing((*node)->signing_secret_key().view());
    secrets_.push_back({who + "'s signing secret key", signing});
    secrets_.push_back({who + "'s signing seed", signing.substr(0, 32)});
    secrets_.push_back(
        {who + "'s sealing secret key", std::string((*node)->sealing_secret_key().view())});
    secrets_.push_back({who + "'s passphrase", passphrase});
  }
  void ExpectNoSecrets(const std::string& where, const std::string& text) {
    for (const Secret& secret : secrets_) {
      for (const std::string& encoded : Encodings(secret.bytes)) {
        EXPECT_EQ(text.find(encoded), std::string::npos) << secret.what << " appears in " << where;
      }
    }
  }
  void ExpectNoPlaintext(const std::string& where, const std::string& text) {
    EXPECT_EQ(text.find(kClient), std::string::npos) << "the client's name appears in " << where;
    EXPECT_EQ(text.find("Vandersteen"), std::string::npos) << "the client's name in " << where;
    EXPECT_EQ(text.find(kPlainPhrase), std::string::npos) << "case text appears in " << where;
  }

  struct Stream {
    std::string label;
    std::string text;
    bool may_show_case;
  };
  TempDir dir_;
  std::vector<Secret> secrets_;
  std::vector<Stream> streams_;
};

TEST_F(SecretsHygieneTest, NoPassphraseKeyOrCaseTextLeaksFromAFullScenario) {
  KringNode anna(dir_.File("anna"), kAnnaPassphrase);
  KringNode ben(dir_.File("ben"), kBenPassphrase);
  ASSERT_EQ(Run(anna, {"init", "--alias", "Anna"}).exit_code, 0);
  ASSERT_EQ(Run(ben, {"init", "--alias", "Ben"}).exit_code, 0);
  AddKeysOf(anna.home(), kAnnaPassphrase, "Anna");
  AddKeysOf(ben.home(), kBenPassphrase, "Ben");
  // A reader keeps each database open, so the write-ahead logs stay on disk to be searched.
  auto anna_reader = Database::Open(DatabasePath(anna.home()), false);
  auto ben_reader = Database::Open(DatabasePath(ben.home()), false);
  ASSERT_TRUE(anna_reader.ok() && ben_reader.ok());
  for (auto* reader : {&anna_reader, &ben_reader}) {
    auto query = (**reader)->Prepare("SELECT count(*) FROM sqlite_master");
    ASSERT_TRUE(query.ok());
    ASSERT_TRUE(query->Step().ok());  // the connection now holds the log open
  }

  const std::string situation = std::string(kClient) + " is teamleider en zit midden in een " +
                                kPlainPhrase + "; zij vraagt zich af of zij moet stoppen.";
  ASSERT_EQ(Run(anna, {"case", "new", "--title", "Teamleider twijfelt", "--situation", situation,
                       "--learned", "Eerst de vraag achter de vraag verkennen."})
                .exit_code,
            0);
  ProcessResult list = Run(anna, {"case", "list", "--json"}, /*stdout_may_show_case=*/true);
  ASSERT_EQ(list.exit_code, 0);
  const size_t id_at = list.out.find("\"id\": \"");
  ASSERT_NE(id_at, std::string::npos);
  const std::string case_id = list.out.substr(id_at + 7, 32);
  ProcessResult show = Run(anna, {"case", "show", case_id}, /*stdout_may_show_case=*/true);
  EXPECT_NE(show.out.find(kClient), std::string::npos);  // the coach sees their own case

  ProcessResult identity = Run(ben, {"whoami", "--export"});
  ASSERT_EQ(identity.exit_code, 0);
  WriteFile(dir_.File("ben.id"), identity.out);
  ASSERT_EQ(Run(anna, {"group", "create", "Intervisie Zeist"}).exit_code, 0);
  ASSERT_EQ(Run(anna, {"group", "add", "Intervisie Zeist", dir_.File("ben.id")}).exit_code, 0);
  // Before the anonymiser gate, the private text cannot be shared.
  ProcessResult early =
      Run(anna, {"case", "share", case_id.substr(0, 8), "--group", "Intervisie Zeist"});
  EXPECT_EQ(early.exit_code, 1);
  EXPECT_NE(early.err.find("anonymise"), std::string::npos) << early.err;
  // The anonymiser gate has no command yet: record what it would, in-process (the redacted text
  // and the private pseudonym mapping), so `kring case share` can run.
  {
    auto node = Node::Open(anna.home(), kAnnaPassphrase);
    ASSERT_TRUE(node.ok());
    auto record = (*node)->LoadCase(case_id);
    ASSERT_TRUE(record.ok());
    pb::CaseReflection redacted = record->stored.reflection();
    redacted.set_situation("[PERSOON-1] is teamleider en twijfelt of zij moet stoppen.");
    *record->stored.mutable_anonymised() = redacted;
    record->stored.set_pseudonym_mapping(std::string(kClient) + " = [PERSOON-1]");
    record->stored.set_anonymised_from_hash(
        Blake2b256(record->stored.reflection().SerializeAsString()));
    record->stored.set_anonymised_at(NowMillis());
    record->stored.set_shareable(true);
    ASSERT_TRUE((*node)->SaveCase(*record).ok());
  }

  ProcessResult shared =
      Run(anna, {"case", "share", case_id.substr(0, 8), "--group", "Intervisie Zeist"});
  ASSERT_EQ(shared.exit_code, 0) << shared.err;
  const std::string bundle = dir_.File("zeist.kringbundle");
  ASSERT_EQ(Run(anna, {"export", "--group", "Intervisie Zeist", "--out", bundle}).exit_code, 0);
  ProcessResult imported = Run(ben, {"import", bundle});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  ASSERT_EQ(Run(ben, {"group", "feed", "Intervisie Zeist"}).exit_code, 0);
  ProcessResult read = Run(ben, {"group", "read", "Intervisie Zeist",
                                 shared.out.substr(shared.out.find("as entry ") + 9, 8)});
  ASSERT_EQ(read.exit_code, 0) << read.err << shared.out;
  EXPECT_NE(read.out.find("[PERSOON-1]"), std::string::npos);
  // Errors print messages, never what was typed as a passphrase or a key.
  KringNode wrong(anna.home(), kBenPassphrase);
  EXPECT_EQ(Run(wrong, {"case", "list"}).exit_code, 4);
  EXPECT_EQ(Run(anna, {"group", "add", "Intervisie Zeist", "kring-id1:garbage"}).exit_code, 1);

  for (const Stream& stream : streams_) {
    ExpectNoSecrets(stream.label, stream.text);
    if (!stream.may_show_case) ExpectNoPlaintext(stream.label, stream.text);
  }
  // Every file the scenario left: the bundle, both homes (databases, logs, scratch files).
  size_t files = 0, logs = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_.path())) {
    if (!entry.is_regular_file()) continue;
    const std::string path = entry.path().string();
    if (path == dir_.File("ben.id")) continue;  // the test's own copy of a public identity
    const std::string bytes = ReadFile(path);
    ++files;
    if (path.size() > 4 && path.substr(path.size() - 4) == "-wal") ++logs;
    ExpectNoSecrets(path, bytes);
    ExpectNoPlaintext(path, bytes);
  }
  EXPECT_GE(files, 5u);  // two databases, their write-ahead logs, the bundle
  EXPECT_EQ(logs, 2u);
}

}  // namespace
}  // namespace kring
