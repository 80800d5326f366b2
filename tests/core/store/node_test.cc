#include "core/store/node.h"

#include <gtest/gtest.h>

#include "core/crypto/crypto.h"
#include "core/i18n/messages.h"
#include "tests/support/test_util.h"

namespace kring {
namespace {

using testing::ReadFile;
using testing::TempDir;

class NodeTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitCrypto()); }
  TempDir dir_;
  std::string home() const { return dir_.File("node"); }
};

TEST_F(NodeTest, InitThenOpenRecoversIdentity) {
  auto created = Node::Init(home(), "correct horse battery", "Anna");
  ASSERT_TRUE(created.ok()) << created.status().message();
  std::string pk = (*created)->signing_public_key();
  std::string fp = (*created)->fingerprint();
  created->reset();
  auto opened = Node::Open(home(), "correct horse battery");
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  EXPECT_EQ((*opened)->signing_public_key(), pk);
  EXPECT_EQ((*opened)->fingerprint(), fp);
  EXPECT_EQ((*opened)->alias(), "Anna");
  // The unwrapped signing key signs for the stored public key.
  std::string sig = Sign((*opened)->signing_secret_key(), "m");
  EXPECT_TRUE(VerifySignature(pk, "m", sig));
}

TEST_F(NodeTest, WrongPassphraseIsAnIntegrityErrorAndChangesNothing) {
  ASSERT_TRUE(Node::Init(home(), "correct horse battery", "Anna").ok());
  std::string before = ReadFile(DatabasePath(home()));
  auto opened = Node::Open(home(), "wrong horse battery");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), Code::kIntegrity);
  EXPECT_NE(opened.status().message().find("wrong passphrase"), std::string::npos);
  EXPECT_EQ(ReadFile(DatabasePath(home())), before);
}

TEST_F(NodeTest, InitRefusesExistingNodeAndShortPassphrase) {
  ASSERT_TRUE(Node::Init(home(), "correct horse battery", "Anna").ok());
  auto again = Node::Init(home(), "correct horse battery", "Anna");
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.status().message().find("already exists"), std::string::npos);
  auto weak = Node::Init(dir_.File("other"), "short", "Anna");
  ASSERT_FALSE(weak.ok());
  EXPECT_EQ(weak.status().code(), Code::kUser);
}

TEST_F(NodeTest, OpenWithoutNodeSuggestsInit) {
  auto opened = Node::Open(home(), "whatever passphrase");
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.status().message().find("kring init"), std::string::npos);
}

// Errors are written in the process language (the CLI sets it before anything is printed).
TEST_F(NodeTest, ErrorsSpeakTheCoachsLanguage) {
  i18n::SetLanguage(Language::kDutch);
  auto opened = Node::Open(home(), "correct horse battery");
  i18n::SetLanguage(Language::kEnglish);
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.status().message().find("er is nog geen Kring-node in"), std::string::npos)
      << opened.status().message();
  EXPECT_NE(opened.status().message().find("`kring init`"), std::string::npos);
}

TEST_F(NodeTest, CaseCrudAndPrefixResolution) {
  auto node = std::move(Node::Init(home(), "correct horse battery", "Anna").value());
  pb::CaseReflection r;
  r.set_title("Teamleider in verandering");
  auto a = node->CreateCase(r);
  ASSERT_TRUE(a.ok());
  auto b = node->CreateCase(r);
  ASSERT_TRUE(b.ok());
  auto list = node->ListCases();
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 2u);
  auto resolved = node->ResolveCaseId(a->id.substr(0, 12));
  ASSERT_TRUE(resolved.ok());
  EXPECT_EQ(*resolved, a->id);
  EXPECT_EQ(*node->ResolveCaseId(a->id), a->id);
  EXPECT_FALSE(node->ResolveCaseId("zzzz").ok());
  EXPECT_FALSE(node->ResolveCaseId("ab").ok());                  // too short
  EXPECT_FALSE(node->ResolveCaseId(std::string(33, 'a')).ok());  // too long
  auto loaded = node->LoadCase(a->id);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->stored.reflection().title(), "Teamleider in verandering");
  ASSERT_TRUE(node->DeleteCase(a->id).ok());
  EXPECT_FALSE(node->LoadCase(a->id).ok());
  EXPECT_FALSE(node->DeleteCase(a->id).ok());
}

TEST_F(NodeTest, AmbiguousPrefixIsReported) {
  auto node = std::move(Node::Init(home(), "correct horse battery", "Anna").value());
  const std::string a = "abcd1111" + std::string(24, '0');
  const std::string b = "abcd2222" + std::string(24, '0');
  ASSERT_TRUE(node->store().PutCase(CaseRow{a, 1, 1, "x"}).ok());
  ASSERT_TRUE(node->store().PutCase(CaseRow{b, 2, 2, "x"}).ok());
  auto ambiguous = node->ResolveCaseId("ABCD");
  ASSERT_FALSE(ambiguous.ok());
  EXPECT_NE(ambiguous.status().message().find("ambiguous"), std::string::npos);
  EXPECT_NE(ambiguous.status().message().find("abcd1111"), std::string::npos);
  EXPECT_EQ(*node->ResolveCaseId("abcd2"), b);
}

TEST_F(NodeTest, KnownPlaintextNeverReachesTheDatabaseOrItsWal) {
  const std::string secret = "Jolanda-Vermeulen-Zeldzaam-Geheim";
  {
    auto node = std::move(Node::Init(home(), "correct horse battery", "Anna").value());
    pb::CaseReflection r;
    r.set_title("Casus " + secret);
    r.set_situation("De cliënt " + secret + " werkt bij een zorginstelling.");
    r.add_tags(secret);
    auto record = node->CreateCase(r);
    ASSERT_TRUE(record.ok());
    // Read the files while the connection is open, so the WAL still holds the pages.
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::string bytes = ReadFile(DatabasePath(home()) + suffix);
      EXPECT_EQ(bytes.find(secret), std::string::npos) << "plaintext in kring.db" << suffix;
      EXPECT_EQ(bytes.find("zorginstelling"), std::string::npos);
    }
    EXPECT_FALSE(ReadFile(DatabasePath(home()) + "-wal").empty());
  }
  for (const char* suffix : {"", "-wal"}) {
    EXPECT_EQ(ReadFile(DatabasePath(home()) + suffix).find(secret), std::string::npos);
  }
}

TEST_F(NodeTest, TamperedCaseRowIsDetected) {
  auto node = std::move(Node::Init(home(), "correct horse battery", "Anna").value());
  pb::CaseReflection r;
  r.set_title("t");
  auto record = node->CreateCase(r);
  ASSERT_TRUE(record.ok());
  auto row = node->store().GetCase(record->id);
  ASSERT_TRUE(row.ok() && row->has_value());
  CaseRow tampered = **row;
  tampered.sealed[tampered.sealed.size() / 2] ^= 1;
  ASSERT_TRUE(node->store().PutCase(tampered).ok());
  auto loaded = node->LoadCase(record->id);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), Code::kIntegrity);
  // A sealed row moved to another id does not open either (the id is associated data).
  CaseRow moved = **row;
  moved.id = std::string(32, 'a');
  ASSERT_TRUE(node->store().PutCase(moved).ok());
  EXPECT_FALSE(node->LoadCase(moved.id).ok());
}

}  // namespace
}  // namespace kring
