#include "core/groups/entry.h"

#include <gtest/gtest.h>

#include <random>

#include "tests/support/group_fixture.h"

namespace kring {
namespace {

using testing::Coach;
using testing::kT0;

class EntryTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitCrypto()); }

  HeaderFields CaseHeader() const {
    return HeaderFields{group_id_, author_.key(), pb::ENTRY_KIND_CASE, kT0, {}, 1};
  }
  pb::Entry SampleEntry() const {
    pb::CaseBody body;
    *body.mutable_reflection() = testing::SampleCase("Teamoverleg");
    return MakeEncryptedEntry(CaseHeader(), body, key_, author_.secret());
  }
  // Re-signs an entry whose header was changed, as its author could.
  pb::Entry Resign(pb::Entry entry) const {
    entry.set_signature(Sign(author_.secret(), SignedBytes(entry.header(), entry.body())));
    return entry;
  }

  testing::CryptoInit init_;
  std::string group_id_ = RandomBytes(kGroupIdBytes);
  Coach author_{"Anna"};
  SecretBytes key_ = RandomSecret(kAeadKeyBytes);
};

TEST_F(EntryTest, EncryptsSignsAndOpens) {
  pb::Entry entry = SampleEntry();
  Verdict verdict = CheckEnvelope(entry);
  ASSERT_TRUE(verdict.ok()) << verdict.message();
  EXPECT_EQ(verdict.entry().header.author_key(), author_.key());
  EXPECT_EQ(entry.body().find("Teamoverleg"), std::string::npos);
  pb::CaseBody body;
  ASSERT_TRUE(OpenBody(entry, key_, &body).ok());
  EXPECT_EQ(body.reflection().title(), "Teamoverleg");
}

TEST_F(EntryTest, IdIsTheHashOfTheEnvelopeAndStableAcrossReplays) {
  pb::Entry entry = SampleEntry();
  std::string bytes = entry.SerializeAsString();
  EXPECT_EQ(EntryId(entry), Blake2b256(bytes));
  auto replay = ParseEntry(bytes);
  ASSERT_TRUE(replay.ok());
  EXPECT_EQ(EntryId(*replay), EntryId(entry));
  EXPECT_EQ(CheckEnvelope(*replay).entry().id, CheckEnvelope(entry).entry().id);
  // Two entries with the same content still differ (fresh nonce).
  EXPECT_NE(EntryId(SampleEntry()), EntryId(entry));
}

TEST_F(EntryTest, WrongKeyOrWrongKindDoesNotOpen) {
  pb::Entry entry = SampleEntry();
  pb::CaseBody body;
  Status wrong_key = OpenBody(entry, RandomSecret(kAeadKeyBytes), &body);
  EXPECT_EQ(wrong_key.code(), Code::kIntegrity);
  pb::ReviewBody review;
  EXPECT_FALSE(OpenBody(entry, key_, &review).ok());
}

TEST_F(EntryTest, ForgedSignatureIsRejected) {
  Coach forger("Mallory");
  pb::Entry entry = SampleEntry();
  entry.set_signature(Sign(forger.secret(), SignedBytes(entry.header(), entry.body())));
  Verdict verdict = CheckEnvelope(entry);
  EXPECT_EQ(verdict.reason(), RejectReason::kBadSignature);
  EXPECT_NE(verdict.message().find("altered or forged"), std::string::npos) << verdict.message();
  EXPECT_EQ(verdict.status().code(), Code::kIntegrity);
}

TEST_F(EntryTest, EveryBitFlipInHeaderBodyOrSignatureIsRejected) {
  const pb::Entry entry = SampleEntry();
  for (int field = 0; field < 3; ++field) {
    const std::string& original = field == 0   ? entry.header()
                                  : field == 1 ? entry.body()
                                               : entry.signature();
    for (size_t i = 0; i < original.size(); ++i) {
      std::string flipped = original;
      flipped[i] ^= 0x04;
      pb::Entry tampered = entry;
      if (field == 0) tampered.set_header(flipped);
      if (field == 1) tampered.set_body(flipped);
      if (field == 2) tampered.set_signature(flipped);
      Verdict verdict = CheckEnvelope(tampered);
      ASSERT_FALSE(verdict.ok()) << "field " << field << " byte " << i;
    }
  }
}

TEST_F(EntryTest, HeaderBindsTheCiphertext) {
  // The author moves a body to another header: the signature is fine, decryption is not.
  pb::Entry entry = SampleEntry();
  HeaderFields other = CaseHeader();
  other.key_epoch = 1;
  other.created_at_ms = kT0 + 1;
  pb::Entry moved = entry;
  moved.set_header(SerializeHeader(other));
  moved = Resign(moved);
  ASSERT_TRUE(CheckEnvelope(moved).ok());
  pb::CaseBody body;
  EXPECT_EQ(OpenBody(moved, key_, &body).code(), Code::kIntegrity);
}

TEST_F(EntryTest, KeyAndIdLengthsAreChecked) {
  HeaderFields bad_author = CaseHeader();
  bad_author.author_key = author_.key().substr(1);
  pb::CaseBody body;
  EXPECT_EQ(CheckEnvelope(MakeEncryptedEntry(bad_author, body, key_, author_.secret())).reason(),
            RejectReason::kBadKeyLength);
  HeaderFields bad_group = CaseHeader();
  bad_group.group_id = "short";
  EXPECT_EQ(CheckEnvelope(MakeEncryptedEntry(bad_group, body, key_, author_.secret())).reason(),
            RejectReason::kBadKeyLength);
  HeaderFields bad_parent = CaseHeader();
  bad_parent.parents = {"not an id"};
  EXPECT_EQ(CheckEnvelope(MakeEncryptedEntry(bad_parent, body, key_, author_.secret())).reason(),
            RejectReason::kBadKeyLength);
  pb::Entry short_signature = SampleEntry();
  short_signature.mutable_signature()->pop_back();
  EXPECT_EQ(CheckEnvelope(short_signature).reason(), RejectReason::kBadKeyLength);
}

TEST_F(EntryTest, TooManyParentsIsRejected) {
  HeaderFields header = CaseHeader();
  for (int i = 0; i < 9; ++i) header.parents.push_back(RandomBytes(kEntryIdBytes));
  pb::CaseBody body;
  Verdict verdict = CheckEnvelope(MakeEncryptedEntry(header, body, key_, author_.secret()));
  EXPECT_EQ(verdict.reason(), RejectReason::kTooManyParents);
  EXPECT_NE(verdict.message().find("at most 8"), std::string::npos);
}

TEST_F(EntryTest, OversizedEntryIsRejected) {
  pb::CaseBody body;
  body.mutable_reflection()->set_notes(std::string(5000, 'x'));
  pb::Entry entry = MakeEncryptedEntry(CaseHeader(), body, key_, author_.secret());
  ValidationLimits limits;
  limits.max_entry_bytes = 4096;
  EXPECT_EQ(CheckEnvelope(entry, limits).reason(), RejectReason::kTooLarge);
  EXPECT_FALSE(ParseEntry(entry.SerializeAsString(), limits).ok());
  EXPECT_TRUE(CheckEnvelope(entry).ok());
}

TEST_F(EntryTest, MalformedBytesAreRejected) {
  EXPECT_FALSE(ParseEntry("\xff\xff\xff\xff").ok());
  std::string bytes = SampleEntry().SerializeAsString();
  EXPECT_FALSE(ParseEntry(bytes.substr(0, bytes.size() / 2)).ok());
  // An unknown field would give one entry two encodings (and two ids).
  std::string with_unknown = bytes + std::string("\x20\x01", 2);  // field 4, varint 1
  EXPECT_FALSE(ParseEntry(with_unknown).ok());
  // An empty envelope parses but is not an entry.
  EXPECT_EQ(CheckEnvelope(pb::Entry()).reason(), RejectReason::kMalformed);
  pb::Entry garbage_header = SampleEntry();
  garbage_header.set_header("\x08");
  EXPECT_EQ(CheckEnvelope(Resign(garbage_header)).reason(), RejectReason::kMalformed);
}

TEST_F(EntryTest, NonCanonicalHeaderIsRejected) {
  pb::Entry entry = SampleEntry();
  // The same header with field 1 repeated: parses to the same values, different bytes.
  entry.set_header(std::string("\x08\x01", 2) + entry.header());
  EXPECT_EQ(CheckEnvelope(Resign(entry)).reason(), RejectReason::kMalformed);
}

TEST_F(EntryTest, UnknownVersionAndKindAreRejected) {
  pb::EntryHeader header;
  ASSERT_TRUE(header.ParseFromString(SampleEntry().header()));
  header.set_version(2);
  pb::Entry entry = SampleEntry();
  entry.set_header(header.SerializeAsString());
  Verdict newer = CheckEnvelope(Resign(entry));
  EXPECT_EQ(newer.reason(), RejectReason::kUnsupportedVersion);
  EXPECT_NE(newer.message().find("update Kring"), std::string::npos);
  header.set_version(1);
  header.set_kind(static_cast<pb::EntryKind>(42));
  entry.set_header(header.SerializeAsString());
  EXPECT_EQ(CheckEnvelope(Resign(entry)).reason(), RejectReason::kUnknownKind);
}

TEST_F(EntryTest, TruncatedCiphertextIsRejected) {
  pb::Entry entry = SampleEntry();
  entry.set_body(entry.body().substr(0, 10));
  EXPECT_EQ(CheckEnvelope(Resign(entry)).reason(), RejectReason::kMalformed);
}

TEST_F(EntryTest, ChainBodiesAreSignedButReadableWithoutKey) {
  pb::MembershipBody body;
  body.set_action(pb::MEMBERSHIP_ACTION_LEAVE);
  body.set_member_signing_key(author_.key());
  HeaderFields header{
      group_id_, author_.key(), pb::ENTRY_KIND_MEMBERSHIP, kT0, {RandomBytes(kEntryIdBytes)}, 1};
  pb::Entry entry = MakePlainEntry(SerializeHeader(header), body, author_.secret());
  ASSERT_TRUE(CheckEnvelope(entry).ok());
  pb::MembershipBody read;
  ASSERT_TRUE(ReadChainBody(entry, &read).ok());
  EXPECT_EQ(read.action(), pb::MEMBERSHIP_ACTION_LEAVE);
  pb::KeyEpochBody wrong_kind;
  EXPECT_FALSE(ReadChainBody(entry, &wrong_kind).ok());
  entry.mutable_body()->back() ^= 1;
  EXPECT_EQ(CheckEnvelope(entry).reason(), RejectReason::kBadSignature);
}

TEST_F(EntryTest, RandomMutationsNeverCrashAndNeverPass) {
  const std::string bytes = SampleEntry().SerializeAsString();
  std::mt19937 rng(7);
  int parsed = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string mutated = bytes;
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      size_t at = rng() % mutated.size();
      switch (rng() % 3) {
        case 0:
          mutated[at] = static_cast<char>(rng());
          break;
        case 1:
          mutated.erase(at, 1 + rng() % 8);
          break;
        default:
          mutated.insert(at, 1, static_cast<char>(rng()));
          break;
      }
      if (mutated.empty()) mutated = "x";
    }
    if (mutated == bytes) continue;
    auto entry = ParseEntry(mutated);
    if (!entry.ok()) continue;
    ++parsed;
    Verdict verdict = CheckEnvelope(*entry);
    EXPECT_FALSE(verdict.ok() && entry->SerializeAsString() != bytes) << "round " << round;
  }
  EXPECT_GT(parsed, 0);  // the loop did reach the envelope checks
}

}  // namespace
}  // namespace kring
