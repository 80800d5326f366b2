#include "core/crypto/identity.h"

#include <gtest/gtest.h>

namespace kring {
namespace {

class IdentityTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitCrypto()); }
};

TEST_F(IdentityTest, ExportImportRoundTrip) {
  SigningKeyPair signing = GenerateSigningKeyPair();
  BoxKeyPair box = GenerateBoxKeyPair();
  auto id = MakePublicIdentity(signing.public_key, box.public_key, signing.secret_key, "Bram");
  std::string text = EncodePublicIdentity(id);
  EXPECT_EQ(text.rfind("kring-id1:", 0), 0u);
  // Pasted with line breaks and spaces around it.
  auto decoded = DecodePublicIdentity("  " + text.substr(0, 20) + "\n" + text.substr(20) + "\n");
  ASSERT_TRUE(decoded.ok()) << decoded.status().message();
  EXPECT_EQ(decoded->alias(), "Bram");
  EXPECT_EQ(decoded->signing_public_key(), signing.public_key);
}

TEST_F(IdentityTest, RejectsDamagedOrForgedIdentities) {
  SigningKeyPair signing = GenerateSigningKeyPair();
  BoxKeyPair box = GenerateBoxKeyPair();
  auto id = MakePublicIdentity(signing.public_key, box.public_key, signing.secret_key, "Bram");
  EXPECT_FALSE(DecodePublicIdentity("hello").ok());
  EXPECT_FALSE(DecodePublicIdentity("kring-id1:!!!").ok());
  std::string text = EncodePublicIdentity(id);
  EXPECT_FALSE(DecodePublicIdentity(text.substr(0, text.size() - 5)).ok());
  pb::PublicIdentity renamed = id;
  renamed.set_alias("Mallory");  // alias changed after signing
  auto forged = DecodePublicIdentity(EncodePublicIdentity(renamed));
  ASSERT_FALSE(forged.ok());
  EXPECT_EQ(forged.status().code(), Code::kIntegrity);
}

TEST_F(IdentityTest, AliasAndUtf8Rules) {
  EXPECT_TRUE(CheckAlias("Anneke van Dam").ok());
  EXPECT_TRUE(CheckAlias("Zoë").ok());
  EXPECT_FALSE(CheckAlias("").ok());
  EXPECT_FALSE(CheckAlias(std::string(65, 'a')).ok());
  EXPECT_FALSE(CheckAlias("a\nb").ok());
  EXPECT_TRUE(IsValidUtf8("caf\xc3\xa9"));
  EXPECT_FALSE(IsValidUtf8("\xc3"));
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // above U+10FFFF
}

}  // namespace
}  // namespace kring
