// Argon2id limits: a new node gets libsodium's MODERATE limits; a node made with the older
// INTERACTIVE ones is re-wrapped at its next unlock, with a fresh salt, and opens as before.
#include <gtest/gtest.h>
#include <sodium.h>

#include <cstdlib>

#include "core/crypto/crypto.h"
#include "core/store/node.h"
#include "tests/support/test_util.h"

namespace kring {
namespace {

// Sets KRING_KDF_LIMITS for the test's own process, and puts the suite's value back after.
class KdfLimits {
 public:
  explicit KdfLimits(const char* value) {
    if (const char* old = std::getenv("KRING_KDF_LIMITS")) old_ = old;
    if (value) {
      ::setenv("KRING_KDF_LIMITS", value, 1);
    } else {
      ::unsetenv("KRING_KDF_LIMITS");
    }
  }
  ~KdfLimits() {
    if (old_.empty()) {
      ::unsetenv("KRING_KDF_LIMITS");
    } else {
      ::setenv("KRING_KDF_LIMITS", old_.c_str(), 1);
    }
  }

 private:
  std::string old_;
};

TEST(NodeKdf, NewNodesGetModerateLimits) {
  ASSERT_TRUE(InitCrypto());
  testing::TempDir dir;
  KdfLimits moderate(nullptr);
  auto node = Node::Init(dir.path() + "/n", "a long test passphrase", "Anna");
  ASSERT_TRUE(node.ok()) << node.status().message();
  EXPECT_EQ((*node)->pwhash_memlimit(), crypto_pwhash_MEMLIMIT_MODERATE);
}

TEST(NodeKdf, AnOlderNodeIsRewrappedAtItsNextUnlock) {
  ASSERT_TRUE(InitCrypto());
  testing::TempDir dir;
  const std::string home = dir.path() + "/n";
  std::string fingerprint;
  {
    KdfLimits interactive("interactive");
    auto node = Node::Init(home, "a long test passphrase", "Anna");
    ASSERT_TRUE(node.ok());
    EXPECT_EQ((*node)->pwhash_memlimit(), crypto_pwhash_MEMLIMIT_INTERACTIVE);
    fingerprint = (*node)->fingerprint();
  }
  KdfLimits moderate(nullptr);
  {
    auto node = Node::Open(home, "a long test passphrase");
    ASSERT_TRUE(node.ok()) << node.status().message();
    EXPECT_EQ((*node)->pwhash_memlimit(), crypto_pwhash_MEMLIMIT_MODERATE) << "re-wrapped";
  }
  auto again = Node::Open(home, "a long test passphrase");
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ((*again)->pwhash_memlimit(), crypto_pwhash_MEMLIMIT_MODERATE);
  EXPECT_EQ((*again)->fingerprint(), fingerprint);
  EXPECT_FALSE(Node::Open(home, "not the passphrase at all").ok());
}

TEST(NodeKdf, TheStoreKeyOpensTheNodeAndNothingElseDoes) {
  ASSERT_TRUE(InitCrypto());
  testing::TempDir dir;
  const std::string home = dir.path() + "/n";
  auto node = Node::Init(home, "a long test passphrase", "Anna");
  ASSERT_TRUE(node.ok());
  auto opened = Node::OpenWithStoreKey(home, (*node)->store_key_for_agent());
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  EXPECT_EQ((*opened)->fingerprint(), (*node)->fingerprint());
  SecretBytes wrong(std::string(32, 'x'));
  EXPECT_FALSE(Node::OpenWithStoreKey(home, wrong).ok());
}

}  // namespace
}  // namespace kring
