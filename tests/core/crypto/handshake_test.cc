#include "core/crypto/handshake.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/crypto/channel_cipher.h"
#include "core/crypto/crypto.h"
#include "net.pb.h"

namespace kring {
namespace {

class HandshakeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto());
    alice_ = std::make_shared<SigningKeyPair>(GenerateSigningKeyPair());
    bob_ = std::make_shared<SigningKeyPair>(GenerateSigningKeyPair());
  }

  static PeerPolicy Only(const std::shared_ptr<SigningKeyPair>& who) {
    return [key = who->public_key](std::string_view peer) { return peer == key; };
  }
  Handshake Initiator(uint32_t version = kHandshakeVersion) {
    return Handshake(HandshakeRole::kInitiator, {alice_, Only(bob_), version});
  }
  Handshake Responder(uint32_t version = kHandshakeVersion) {
    return Handshake(HandshakeRole::kResponder, {bob_, Only(alice_), version});
  }

  // The four messages of one successful run between fresh state machines.
  struct Transcript {
    std::string m1, m2, m3, m4;
  };
  Transcript RunOnce(Handshake& i, Handshake& r) {
    Transcript t;
    t.m1 = i.Start().value();
    t.m2 = r.Receive(t.m1).value().send;
    t.m3 = i.Receive(t.m2).value().send;
    auto last = r.Receive(t.m3).value();
    EXPECT_TRUE(last.complete);
    t.m4 = last.send;
    auto done = i.Receive(t.m4).value();
    EXPECT_TRUE(done.complete);
    EXPECT_TRUE(done.send.empty());
    return t;
  }

  std::shared_ptr<SigningKeyPair> alice_, bob_;
};

TEST_F(HandshakeTest, CompletesAndBothSidesAgree) {
  Handshake i = Initiator();
  Handshake r = Responder();
  RunOnce(i, r);
  ASSERT_TRUE(i.complete());
  ASSERT_TRUE(r.complete());
  EXPECT_EQ(i.peer_signing_key(), bob_->public_key);
  EXPECT_EQ(r.peer_signing_key(), alice_->public_key);
  EXPECT_EQ(i.transcript_hash(), r.transcript_hash());

  ChannelCipher ci = i.TakeCipher().value();
  ChannelCipher cr = r.TakeCipher().value();
  // Keys agree in both directions, and each direction has its own key: a message sealed by a
  // side does not open with that side's own receiving half.
  for (int n = 0; n < 5; ++n) {
    const std::string a = "alice " + std::to_string(n), b = "bob " + std::to_string(n);
    auto from_alice = ci.Seal(a).value();
    auto from_bob = cr.Seal(b).value();
    EXPECT_EQ(cr.Open(from_alice).value().value(), a);
    EXPECT_EQ(ci.Open(from_bob).value().value(), b);
  }
  auto reflected = ci.Seal("reflect me").value();
  EXPECT_EQ(ci.Open(reflected).status().code(), Code::kIntegrity);
  EXPECT_FALSE(i.TakeCipher().ok()) << "the cipher is handed out once";
}

TEST_F(HandshakeTest, FreshKeysEveryRun) {
  Handshake i1 = Initiator(), r1 = Responder(), i2 = Initiator(), r2 = Responder();
  Transcript t1 = RunOnce(i1, r1);
  Transcript t2 = RunOnce(i2, r2);
  EXPECT_NE(t1.m1, t2.m1);
  EXPECT_NE(i1.transcript_hash(), i2.transcript_hash());
}

// Flipping any single byte of any message, in transit, must stop the handshake: neither side
// may end up with a channel the other did not agree to.
TEST_F(HandshakeTest, TamperingAnyByteOfAnyMessageFails) {
  for (int which = 0; which < 4; ++which) {
    Handshake pi = Initiator(), pr = Responder();
    const Transcript probe = RunOnce(pi, pr);
    const std::string* msgs[] = {&probe.m1, &probe.m2, &probe.m3, &probe.m4};
    for (size_t pos = 0; pos < msgs[which]->size(); ++pos) {
      for (unsigned char flip : {0x01, 0x80}) {
        Handshake i = Initiator(), r = Responder();
        bool failed = false;
        std::string in_flight = i.Start().value();
        // Relay the conversation, tampering with message number `which`.
        for (int step = 0; step < 4 && !failed; ++step) {
          if (step == which) {
            ASSERT_LT(pos, in_flight.size());  // same sizes in every run
            in_flight[pos] = static_cast<char>(in_flight[pos] ^ flip);
          }
          Handshake& receiver = (step % 2 == 0) ? r : i;
          auto out = receiver.Receive(in_flight);
          if (!out.ok()) {
            failed = true;
            break;
          }
          in_flight = out->send;
        }
        EXPECT_TRUE(failed) << "message " << which + 1 << " byte " << pos << " flip " << int(flip);
        EXPECT_FALSE(i.complete() && r.complete());
      }
    }
  }
}

TEST_F(HandshakeTest, WrongSignatureFails) {
  // A responder that holds Bob's public key but not his secret key (an impersonator) signs
  // with another secret key while claiming Bob's identity.
  auto mallory = std::make_shared<SigningKeyPair>(GenerateSigningKeyPair());
  auto impersonator = std::make_shared<SigningKeyPair>(
      SigningKeyPair{bob_->public_key, mallory->secret_key.Clone()});
  Handshake i = Initiator();
  Handshake r(HandshakeRole::kResponder, {impersonator, Only(alice_)});
  auto m2 = r.Receive(i.Start().value()).value().send;
  auto result = i.Receive(m2);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), Code::kIntegrity);
  EXPECT_NE(result.status().message().find("signature"), std::string::npos)
      << result.status().message();
  EXPECT_TRUE(i.peer_signing_key().empty());
}

TEST_F(HandshakeTest, WrongSignatureFromInitiatorFails) {
  auto mallory = std::make_shared<SigningKeyPair>(GenerateSigningKeyPair());
  auto impersonator = std::make_shared<SigningKeyPair>(
      SigningKeyPair{alice_->public_key, mallory->secret_key.Clone()});
  Handshake i(HandshakeRole::kInitiator, {impersonator, Only(bob_)});
  Handshake r = Responder();
  auto m2 = r.Receive(i.Start().value()).value().send;
  auto m3 = i.Receive(m2).value().send;
  auto result = r.Receive(m3);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), Code::kIntegrity);
  EXPECT_FALSE(r.complete());
}

TEST_F(HandshakeTest, ResponderPolicyRefusesUnknownInitiator) {
  auto stranger = std::make_shared<SigningKeyPair>(GenerateSigningKeyPair());
  Handshake i(HandshakeRole::kInitiator, {stranger, Only(bob_)});
  Handshake r = Responder();
  auto m2 = r.Receive(i.Start().value()).value().send;
  auto m3 = i.Receive(m2).value().send;
  auto refused = r.Receive(m3);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), Code::kNetwork);
  EXPECT_NE(refused.status().message().find("not a member of any of your groups"),
            std::string::npos)
      << refused.status().message();
  EXPECT_NE(refused.status().message().find(Fingerprint(stranger->public_key)), std::string::npos);
  EXPECT_FALSE(r.complete());
  EXPECT_FALSE(r.TakeCipher().ok());
  // The refusal tells the initiator why, so its coach sees a useful message too.
  ASSERT_FALSE(r.refusal().empty());
  auto told = i.Receive(r.refusal());
  ASSERT_FALSE(told.ok());
  EXPECT_NE(told.status().message().find("refused us"), std::string::npos)
      << told.status().message();
}

TEST_F(HandshakeTest, InitiatorPolicyRefusesUnknownResponderBeforeRevealingItself) {
  auto stranger = std::make_shared<SigningKeyPair>(GenerateSigningKeyPair());
  Handshake i = Initiator();
  Handshake r(HandshakeRole::kResponder, {stranger, Only(alice_)});
  auto m2 = r.Receive(i.Start().value()).value().send;
  auto refused = i.Receive(m2);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("not a member"), std::string::npos);
  // Only a refusal goes back: Alice's identity never leaves her machine.
  pb::HandshakeMessage msg;
  ASSERT_TRUE(msg.ParseFromString(i.refusal()));
  EXPECT_TRUE(msg.has_refusal());
  EXPECT_EQ(i.refusal().find(alice_->public_key), std::string::npos);
}

TEST_F(HandshakeTest, PeerPresentingOurOwnKeyIsRefused) {
  Handshake i(HandshakeRole::kInitiator, {alice_, [](std::string_view) { return true; }});
  Handshake r(HandshakeRole::kResponder, {alice_, [](std::string_view) { return true; }});
  auto m2 = r.Receive(i.Start().value()).value().send;
  auto result = i.Receive(m2);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("our own key"), std::string::npos);
}

TEST_F(HandshakeTest, ReplayedMessage1CannotCompleteAHandshake) {
  Handshake i_old = Initiator(), r_old = Responder();
  const Transcript old = RunOnce(i_old, r_old);
  // An attacker replays message 1 and then message 3 of the old run to a fresh responder.
  Handshake r = Responder();
  auto m2 = r.Receive(old.m1);
  ASSERT_TRUE(m2.ok());  // the responder cannot tell yet: it answers with fresh keys
  EXPECT_NE(m2->send, old.m2);
  auto m3 = r.Receive(old.m3);
  ASSERT_FALSE(m3.ok());
  EXPECT_EQ(m3.status().code(), Code::kIntegrity);
  EXPECT_FALSE(r.complete());
}

TEST_F(HandshakeTest, ReplayedMessage2IsRejected) {
  Handshake i_old = Initiator(), r_old = Responder();
  const Transcript old = RunOnce(i_old, r_old);
  Handshake i = Initiator();
  ASSERT_TRUE(i.Start().ok());
  auto result = i.Receive(old.m2);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), Code::kIntegrity);
}

TEST_F(HandshakeTest, ReplayedMessage3IsRejected) {
  Handshake i_old = Initiator(), r_old = Responder();
  const Transcript old = RunOnce(i_old, r_old);
  Handshake i = Initiator(), r = Responder();
  ASSERT_TRUE(r.Receive(i.Start().value()).ok());
  auto result = r.Receive(old.m3);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), Code::kIntegrity);
}

TEST_F(HandshakeTest, ReplayedMessage4IsRejected) {
  Handshake i_old = Initiator(), r_old = Responder();
  const Transcript old = RunOnce(i_old, r_old);
  Handshake i = Initiator(), r = Responder();
  auto m2 = r.Receive(i.Start().value()).value().send;
  ASSERT_TRUE(i.Receive(m2).ok());
  auto result = i.Receive(old.m4);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), Code::kIntegrity);
  EXPECT_FALSE(i.complete());
}

TEST_F(HandshakeTest, VersionMismatchIsRefusedWithAClearReason) {
  Handshake i = Initiator(/*version=*/2);
  Handshake r = Responder();
  auto refused = r.Receive(i.Start().value());
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("version 2"), std::string::npos)
      << refused.status().message();
  auto told = i.Receive(r.refusal());
  ASSERT_FALSE(told.ok());
  EXPECT_NE(told.status().message().find("version 1, this Kring speaks 2"), std::string::npos)
      << told.status().message();
}

TEST_F(HandshakeTest, DowngradedVersionInTransitIsDetected) {
  // Both sides speak "version 2"; a man in the middle rewrites the hello to say 1 and the
  // responder is (for this test) a version-1 node that accepts it. The initiator signed
  // nothing yet, but the responder's signature covers version 1, which the initiator never
  // offered, so the initiator rejects it.
  Handshake i = Initiator(/*version=*/2);
  Handshake r = Responder(/*version=*/1);
  pb::HandshakeMessage hello;
  ASSERT_TRUE(hello.ParseFromString(i.Start().value()));
  hello.mutable_hello()->set_version(1);
  auto m2 = r.Receive(hello.SerializeAsString());
  ASSERT_TRUE(m2.ok());
  auto result = i.Receive(m2->send);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), Code::kIntegrity);
}

TEST_F(HandshakeTest, GarbageAndOutOfOrderMessagesFail) {
  Handshake r = Responder();
  auto garbage = r.Receive("GET / HTTP/1.1\r\n\r\n");
  ASSERT_FALSE(garbage.ok());
  EXPECT_NE(garbage.status().message().find("not a Kring"), std::string::npos)
      << garbage.status().message();
  EXPECT_FALSE(r.Receive("anything").ok()) << "a failed handshake stays failed";

  Handshake i = Initiator(), r2 = Responder();
  const std::string m1 = i.Start().value();
  EXPECT_FALSE(i.Receive(m1).ok()) << "the initiator does not accept a hello";
  pb::HandshakeMessage other;
  other.mutable_hello()->set_protocol("ssh");
  other.mutable_hello()->set_version(1);
  other.mutable_hello()->set_ephemeral_key(std::string(32, 'x'));
  EXPECT_FALSE(r2.Receive(other.SerializeAsString()).ok());
  Handshake r3 = Responder();
  EXPECT_FALSE(r3.Receive("").ok());
}

TEST_F(HandshakeTest, LowOrderEphemeralKeyIsRejected) {
  Handshake r = Responder();
  pb::HandshakeMessage hello;
  hello.mutable_hello()->set_protocol("kring");
  hello.mutable_hello()->set_version(kHandshakeVersion);
  hello.mutable_hello()->set_ephemeral_key(std::string(32, '\0'));  // the identity point
  auto result = r.Receive(hello.SerializeAsString());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), Code::kIntegrity);
}

// --- The record layer after the handshake.

class ChannelCipherTest : public HandshakeTest {
 protected:
  void SetUp() override {
    HandshakeTest::SetUp();
    Handshake i = Initiator(), r = Responder();
    RunOnce(i, r);
    alice_side_.emplace(i.TakeCipher().value());
    bob_side_.emplace(r.TakeCipher().value());
  }
  std::optional<ChannelCipher> alice_side_, bob_side_;
};

TEST_F(ChannelCipherTest, TamperedMessageFailsAndPoisonsTheStream) {
  std::string sealed = alice_side_->Seal("case summary").value();
  sealed[sealed.size() / 2] ^= 0x04;
  EXPECT_EQ(bob_side_->Open(sealed).status().code(), Code::kIntegrity);
  // Even a genuine message after a forgery is refused: the stream cannot be trusted any more.
  EXPECT_FALSE(bob_side_->Open(alice_side_->Seal("next").value()).ok());
}

TEST_F(ChannelCipherTest, ReorderedMessagesFail) {
  std::string first = alice_side_->Seal("first").value();
  std::string second = alice_side_->Seal("second").value();
  EXPECT_EQ(bob_side_->Open(second).status().code(), Code::kIntegrity);
}

TEST_F(ChannelCipherTest, DroppedOrReplayedMessagesFail) {
  std::string first = alice_side_->Seal("first").value();
  ASSERT_TRUE(bob_side_->Open(first).ok());
  EXPECT_FALSE(bob_side_->Open(first).ok()) << "a replay fails";
}

TEST_F(ChannelCipherTest, DroppedMessageFails) {
  (void)alice_side_->Seal("lost in transit").value();
  EXPECT_FALSE(bob_side_->Open(alice_side_->Seal("after the gap").value()).ok());
}

TEST_F(ChannelCipherTest, CleanCloseIsDistinguishedFromTruncation) {
  ASSERT_EQ(bob_side_->Open(alice_side_->Seal("one").value()).value().value(), "one");
  EXPECT_FALSE(bob_side_->closed_by_peer()) << "no goodbye yet: a cut here is a truncation";
  auto goodbye = alice_side_->SealClose().value();
  auto opened = bob_side_->Open(goodbye);
  ASSERT_TRUE(opened.ok());
  EXPECT_FALSE(opened->has_value());
  EXPECT_TRUE(bob_side_->closed_by_peer());
  EXPECT_FALSE(alice_side_->Seal("after goodbye").ok());
  EXPECT_FALSE(bob_side_->Open(goodbye).ok());
}

TEST_F(ChannelCipherTest, ShortOrEmptyInputFails) {
  EXPECT_FALSE(bob_side_->Open("").ok());
  EXPECT_FALSE(StreamOpener::Create(SecretBytes(32), "short").ok());
}

TEST_F(ChannelCipherTest, LargeMessagesRoundTrip) {
  const std::string big(1 << 20, 'k');
  EXPECT_EQ(bob_side_->Open(alice_side_->Seal(big).value()).value().value(), big);
  EXPECT_EQ(alice_side_->Open(bob_side_->Seal("").value()).value().value(), "");
}

}  // namespace
}  // namespace kring
