#include "core/crypto/crypto.h"

#include <gtest/gtest.h>

namespace kring {
namespace {

class CryptoTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitCrypto()); }
};

TEST_F(CryptoTest, AeadRoundTrip) {
  SecretBytes key = RandomSecret(kAeadKeyBytes);
  std::string sealed = AeadSeal(key, "vertrouwelijk", "ad");
  auto opened = AeadOpen(key, sealed, "ad");
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, "vertrouwelijk");
  EXPECT_EQ(sealed.find("vertrouwelijk"), std::string::npos);
}

TEST_F(CryptoTest, AeadUsesFreshNonces) {
  SecretBytes key = RandomSecret(kAeadKeyBytes);
  EXPECT_NE(AeadSeal(key, "same"), AeadSeal(key, "same"));
}

TEST_F(CryptoTest, AeadDetectsEveryBitFlip) {
  SecretBytes key = RandomSecret(kAeadKeyBytes);
  std::string sealed = AeadSeal(key, "case text", "header");
  for (size_t i = 0; i < sealed.size(); ++i) {
    std::string tampered = sealed;
    tampered[i] ^= 0x01;
    auto opened = AeadOpen(key, tampered, "header");
    ASSERT_FALSE(opened.ok()) << "flip at byte " << i;
    EXPECT_EQ(opened.status().code(), Code::kIntegrity);
  }
}

TEST_F(CryptoTest, AeadRejectsWrongKeyWrongAdAndTruncation) {
  SecretBytes key = RandomSecret(kAeadKeyBytes);
  std::string sealed = AeadSeal(key, "text", "ad");
  EXPECT_FALSE(AeadOpen(RandomSecret(kAeadKeyBytes), sealed, "ad").ok());
  EXPECT_FALSE(AeadOpen(key, sealed, "other").ok());
  EXPECT_FALSE(AeadOpen(key, sealed.substr(0, 10), "ad").ok());
  EXPECT_FALSE(AeadOpen(key, "", "ad").ok());
  EXPECT_FALSE(AeadOpen(SecretBytes(std::string_view("short")), sealed, "ad").ok());
}

TEST_F(CryptoTest, SignAndVerify) {
  SigningKeyPair kp = GenerateSigningKeyPair();
  std::string sig = Sign(kp.secret_key, "message");
  EXPECT_TRUE(VerifySignature(kp.public_key, "message", sig));
  EXPECT_FALSE(VerifySignature(kp.public_key, "messagf", sig));
  std::string bad = sig;
  bad[5] ^= 0x40;
  EXPECT_FALSE(VerifySignature(kp.public_key, "message", bad));
  EXPECT_FALSE(VerifySignature(GenerateSigningKeyPair().public_key, "message", sig));
  EXPECT_FALSE(VerifySignature("short", "message", sig));
  EXPECT_FALSE(VerifySignature(kp.public_key, "message", sig.substr(1)));
}

TEST_F(CryptoTest, SealedBoxOnlyOpensForRecipient) {
  BoxKeyPair alice = GenerateBoxKeyPair();
  BoxKeyPair bob = GenerateBoxKeyPair();
  std::string sealed = SealToPublicKey(alice.public_key, "group key");
  auto opened = OpenSealed(alice.public_key, alice.secret_key, sealed);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->view(), "group key");
  EXPECT_FALSE(OpenSealed(bob.public_key, bob.secret_key, sealed).ok());
  EXPECT_FALSE(OpenSealed(alice.public_key, alice.secret_key, "x").ok());
}

TEST_F(CryptoTest, PassphraseDerivationIsDeterministicPerSalt) {
  PwhashParams params = NewPwhashParams();
  auto a = DeriveKeyFromPassphrase("correct horse", params);
  auto b = DeriveKeyFromPassphrase("correct horse", params);
  auto c = DeriveKeyFromPassphrase("wrong horse", params);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_TRUE(*a == *b);
  EXPECT_FALSE(*a == *c);
  PwhashParams other = NewPwhashParams();
  EXPECT_FALSE(*DeriveKeyFromPassphrase("correct horse", other) == *a);
  PwhashParams broken = params;
  broken.salt = "short";
  EXPECT_FALSE(DeriveKeyFromPassphrase("x", broken).ok());
}

TEST_F(CryptoTest, EncodingsAndHashes) {
  EXPECT_EQ(ToHex("\x01\xab"), "01ab");
  EXPECT_EQ(*FromHex("01AB"), std::string("\x01\xab"));
  EXPECT_FALSE(FromHex("0g").ok());
  EXPECT_FALSE(FromHex("abc").ok());
  EXPECT_EQ(Base32("foobar"), "MZXW6YTBOI");  // RFC 4648 test vector, unpadded
  EXPECT_EQ(ToHex(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Blake2b256("x").size(), 32u);
  std::string fp = Fingerprint(GenerateSigningKeyPair().public_key);
  EXPECT_EQ(fp.size(), 24u);
  EXPECT_EQ(fp[4], '-');
  EXPECT_TRUE(ConstantTimeEqual("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEqual("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEqual("abc", "ab"));
}

}  // namespace
}  // namespace kring
