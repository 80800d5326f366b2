// The membership chain, key rotation and the validation rules, one by one.
#include "core/groups/group_state.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <random>

#include "core/groups/bundle.h"
#include "core/groups/group_keys.h"
#include "core/groups/group_ledger.h"
#include "core/groups/group_writer.h"
#include "tests/support/group_fixture.h"

namespace kring {
namespace {

using testing::Coach;
using testing::FakeStore;
using testing::KeysOf;
using testing::kMinute;
using testing::kT0;
using testing::MustAdmit;
using testing::Unwrap;

class GroupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CreatedGroup created = Unwrap(CreateGroup("Kring Utrecht", anna_.id(), anna_.secret(), kT0));
    group_id_ = created.group_id;
    ledger_ = std::make_unique<GroupLedger>(group_id_);
    MustAdmit(*ledger_, created.entries);
    log_ = created.entries;
    Add(bram_, pb::ROLE_COACH, kT0 + 1 * kMinute);
    Add(carla_, pb::ROLE_COACH, kT0 + 2 * kMinute);
    Add(sam_, pb::ROLE_SUPERVISOR, kT0 + 3 * kMinute);
  }

  GroupLedger& ledger() { return *ledger_; }
  const GroupState& state() { return ledger_->state(); }

  void Admit(const std::vector<pb::Entry>& entries, uint64_t at) {
    MustAdmit(*ledger_, entries, at);
    log_.insert(log_.end(), entries.begin(), entries.end());
  }
  void Admit(const pb::Entry& entry, uint64_t at) { Admit(std::vector<pb::Entry>{entry}, at); }

  void Add(const Coach& who, pb::Role role, uint64_t at) {
    Admit(Unwrap(AddMember(ledger(), KeysOf(ledger(), anna_), anna_.id(), anna_.secret(),
                           who.identity(), role, at)),
          at);
  }
  void Remove(const Coach& who, uint64_t at) {
    Admit(Unwrap(RemoveMember(ledger(), KeysOf(ledger(), anna_), anna_.id(), anna_.secret(),
                              who.key(), at)),
          at);
  }

  pb::Entry Share(const Coach& who, const std::string& title, uint64_t at) {
    pb::Entry entry = Unwrap(ShareCase(ledger(), KeysOf(ledger(), who), who.id(), who.secret(),
                                       testing::SampleCase(title), at));
    Verdict verdict = ledger().Validate(entry, store_.lookup(), at);
    EXPECT_TRUE(verdict.ok()) << verdict.message();
    store_.Put(entry);
    return entry;
  }

  // A membership entry built by hand on the current head, as a hostile member could.
  pb::Entry ForgeMembership(const Coach& author, const pb::MembershipBody& body, uint64_t at) {
    HeaderFields header{group_id_, author.key(),        pb::ENTRY_KIND_MEMBERSHIP,
                        at,        {state().head_id()}, state().epoch()};
    return MakePlainEntry(SerializeHeader(header), body, author.secret());
  }
  // A content entry built by hand with any key, epoch and time.
  pb::Entry ForgeContent(const Coach& author, pb::EntryKind kind, uint32_t epoch, uint64_t at,
                         const SecretBytes& key, std::vector<std::string> parents = {}) {
    HeaderFields header{group_id_, author.key(), kind, at, std::move(parents), epoch};
    pb::CaseBody body;
    *body.mutable_reflection() = testing::SampleCase("forged");
    return MakeEncryptedEntry(header, body, key, author.secret());
  }

  Verdict Check(const pb::Entry& entry, uint64_t now = kT0 + 60 * kMinute) {
    return ledger().Validate(entry, store_.lookup(), now);
  }

  testing::CryptoInit init_;
  Coach anna_{"Anna"}, bram_{"Bram"}, carla_{"Carla"}, sam_{"Sam"}, dave_{"Dave"}, otto_{"Otto"};
  std::string group_id_;
  std::unique_ptr<GroupLedger> ledger_;
  std::vector<pb::Entry> log_;  // every chain entry admitted, in order
  FakeStore store_;
};

void ExpectReason(const Verdict& verdict, RejectReason reason, const std::string& fragment = "") {
  EXPECT_EQ(verdict.reason(), reason)
      << "got " << RejectReasonName(verdict.reason()) << ": " << verdict.message();
  if (!fragment.empty()) {
    EXPECT_NE(verdict.message().find(fragment), std::string::npos) << verdict.message();
  }
}

// ---------------------------------------------------------------- creation and names

TEST_F(GroupTest, CreatorIsAdminAndNamesAreForMembersOnly) {
  EXPECT_EQ(state().members().size(), 4u);
  EXPECT_EQ(state().FindMember(anna_.key())->role, pb::ROLE_ADMIN);
  EXPECT_EQ(state().FindMember(sam_.key())->role, pb::ROLE_SUPERVISOR);
  EXPECT_EQ(state().epoch(), 1u);
  EXPECT_EQ(state().pending(), KeysPending::kNone);
  EXPECT_EQ(group_id_, DeriveGroupId(anna_.key(), [&] {
              pb::MembershipBody body;
              EXPECT_TRUE(ReadChainBody(log_[0], &body).ok());
              return body.group_nonce();
            }()));

  GroupNames names = RevealNames(state(), KeysOf(ledger(), carla_));
  EXPECT_EQ(names.group_name, "Kring Utrecht");
  EXPECT_EQ(names.alias_by_key[bram_.key()], "Bram");
  EXPECT_EQ(names.alias_by_key[anna_.key()], "Anna");
  // A relay holds the same chain bytes and sees neither the name nor any alias.
  for (const pb::Entry& entry : log_) {
    EXPECT_EQ(entry.body().find("Kring Utrecht"), std::string::npos);
    EXPECT_EQ(entry.body().find("Bram"), std::string::npos);
  }
  EXPECT_EQ(RevealNames(state(), EpochKeys()).alias_by_key.size(), 0u);
}

// Issue 11 #8: a member changes their own alias with a signed profile entry; nobody can change
// another member's profile, and the group's name stays the creator's.
TEST_F(GroupTest, AMemberChangesTheirOwnAliasAndNobodyElses) {
  Admit(Unwrap(UpdateOwnProfile(ledger(), KeysOf(ledger(), bram_), bram_.id(), bram_.secret(),
                                "Bram de Wit", kT0 + 5 * kMinute)),
        kT0 + 5 * kMinute);
  GroupNames names = RevealNames(state(), KeysOf(ledger(), carla_));
  EXPECT_EQ(names.alias_by_key[bram_.key()], "Bram de Wit");
  EXPECT_EQ(names.group_name, "Kring Utrecht");
  // The creator too; the group keeps its name.
  Admit(Unwrap(UpdateOwnProfile(ledger(), KeysOf(ledger(), anna_), anna_.id(), anna_.secret(),
                                "Anna J.", kT0 + 6 * kMinute)),
        kT0 + 6 * kMinute);
  names = RevealNames(state(), KeysOf(ledger(), carla_));
  EXPECT_EQ(names.alias_by_key[anna_.key()], "Anna J.");
  EXPECT_EQ(names.group_name, "Kring Utrecht");
  // Carla cannot rename Bram, not even with a well-sealed profile.
  pb::MembershipBody forged;
  forged.set_action(pb::MEMBERSHIP_ACTION_PROFILE);
  forged.set_member_signing_key(bram_.key());
  forged.set_sealed_profile(std::string(64, 'p'));
  ExpectReason(Check(ForgeMembership(carla_, forged, kT0 + 7 * kMinute)),
               RejectReason::kBadChainEntry, "only change their own profile");
  // A non-member cannot write one at all.
  forged.set_member_signing_key(otto_.key());
  ExpectReason(Check(ForgeMembership(otto_, forged, kT0 + 7 * kMinute)), RejectReason::kNotMember);
}

TEST_F(GroupTest, BlindRelayReachesTheSameStateWithoutAnyKey) {
  GroupLedger relay(group_id_);
  for (const Verdict& v : relay.AdmitBatch(log_, NoEntries, kT0 + kMinute * 10)) {
    EXPECT_TRUE(v.ok()) << v.message();
  }
  EXPECT_EQ(relay.state().head_id(), state().head_id());
  EXPECT_EQ(relay.state().members().size(), 4u);
  pb::Entry shared = Share(bram_, "Teamoverleg", kT0 + 5 * kMinute);
  EXPECT_TRUE(relay.Validate(shared, NoEntries, kT0 + 5 * kMinute).ok());
}

TEST_F(GroupTest, MembersReadASharedCase) {
  pb::Entry entry = Share(bram_, "Teamoverleg", kT0 + 5 * kMinute);
  for (const Coach* reader : {&anna_, &carla_, &sam_}) {
    EpochKeys keys = KeysOf(ledger(), *reader);
    pb::CaseBody body;
    ASSERT_TRUE(OpenBody(entry, *keys.Find(1), &body).ok()) << reader->alias;
    EXPECT_EQ(body.reflection().title(), "Teamoverleg");
  }
}

// ---------------------------------------------------------------- authors and roles

TEST_F(GroupTest, NonMemberIsRejected) {
  ledger().set_group_name("Kring Utrecht");
  EpochKeys keys = KeysOf(ledger(), bram_);  // even with a leaked group key
  pb::Entry entry = ForgeContent(otto_, pb::ENTRY_KIND_CASE, 1, kT0 + 5 * kMinute, *keys.Find(1));
  Verdict verdict = Check(entry);
  ExpectReason(verdict, RejectReason::kNotMember, "not a member of group 'Kring Utrecht'");
  EXPECT_EQ(verdict.message().rfind("entry " + ShortId(EntryId(entry)) + ": ", 0), 0u);
  EXPECT_EQ(verdict.status().code(), Code::kIntegrity);
}

TEST_F(GroupTest, CoachCannotAddMembers) {
  auto refused = AddMember(ledger(), KeysOf(ledger(), bram_), bram_.id(), bram_.secret(),
                           dave_.identity(), pb::ROLE_COACH, kT0 + 5 * kMinute);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("only an admin"), std::string::npos)
      << refused.status().message();
  pb::MembershipBody body;
  body.set_action(pb::MEMBERSHIP_ACTION_ADD);
  body.set_member_signing_key(dave_.key());
  body.set_member_sealing_key(dave_.sealing.public_key);
  body.set_role(pb::ROLE_ADMIN);
  body.set_sealed_profile(std::string(64, 'p'));
  ExpectReason(Check(ForgeMembership(bram_, body, kT0 + 5 * kMinute)),
               RejectReason::kRoleNotAllowed, "only an admin");
  // Nor remove anyone, nor change roles.
  pb::MembershipBody remove;
  remove.set_action(pb::MEMBERSHIP_ACTION_REMOVE);
  remove.set_member_signing_key(carla_.key());
  ExpectReason(Check(ForgeMembership(bram_, remove, kT0 + 5 * kMinute)),
               RejectReason::kRoleNotAllowed);
  EXPECT_FALSE(ChangeRole(ledger(), bram_.id(), bram_.secret(), bram_.key(), pb::ROLE_ADMIN,
                          kT0 + 5 * kMinute)
                   .ok());
}

TEST_F(GroupTest, SupervisorCannotShareCasesButReviews) {
  EpochKeys keys = KeysOf(ledger(), sam_);
  auto refused =
      ShareCase(ledger(), keys, sam_.id(), sam_.secret(), testing::SampleCase("x"), kT0 + kMinute);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("a supervisor may not write a case"), std::string::npos)
      << refused.status().message();
  ExpectReason(Check(ForgeContent(sam_, pb::ENTRY_KIND_CASE, 1, kT0 + 5 * kMinute, *keys.Find(1))),
               RejectReason::kRoleNotAllowed, "supervisor");

  pb::Entry shared = Share(bram_, "Teamoverleg", kT0 + 5 * kMinute);
  pb::Entry review = Unwrap(WriteReview(ledger(), keys, sam_.id(), sam_.secret(), EntryId(shared),
                                        testing::SampleReview(), kT0 + 6 * kMinute));
  EXPECT_TRUE(Check(review).ok()) << Check(review).message();
  pb::ReviewBody opened;
  ASSERT_TRUE(OpenBody(review, *KeysOf(ledger(), bram_).Find(1), &opened).ok());
  EXPECT_EQ(opened.focused(), pb::FOCUSED_YES);
  pb::ReviewBody bad = testing::SampleReview();
  bad.set_self_direction(6);
  EXPECT_EQ(WriteReview(ledger(), keys, sam_.id(), sam_.secret(), EntryId(shared), bad, kT0)
                .status()
                .code(),
            Code::kUsage);
}

TEST_F(GroupTest, FeedbackRequestsNameMembers) {
  pb::Entry shared = Share(bram_, "Teamoverleg", kT0 + 5 * kMinute);
  EpochKeys keys = KeysOf(ledger(), bram_);
  pb::FeedbackRequestBody body;
  body.add_recipient_keys(sam_.key());
  body.set_question("Bleef ik bij het werk?");
  body.set_due_date("2025-07-01");
  pb::Entry request = Unwrap(RequestFeedback(ledger(), keys, bram_.id(), bram_.secret(),
                                             EntryId(shared), body, kT0 + 6 * kMinute));
  EXPECT_TRUE(Check(request).ok());
  body.add_recipient_keys(otto_.key());
  EXPECT_FALSE(
      RequestFeedback(ledger(), keys, bram_.id(), bram_.secret(), EntryId(shared), body, kT0).ok());
}

TEST_F(GroupTest, UnknownEpochIsRejected) {
  EpochKeys keys = KeysOf(ledger(), bram_);
  ExpectReason(Check(ForgeContent(bram_, pb::ENTRY_KIND_CASE, 7, kT0 + kMinute, *keys.Find(1))),
               RejectReason::kUnknownEpoch, "epoch 7");
  ExpectReason(Check(ForgeContent(bram_, pb::ENTRY_KIND_CASE, 0, kT0 + kMinute, *keys.Find(1))),
               RejectReason::kUnknownEpoch);
}

TEST_F(GroupTest, WrongGroupIsRejected) {
  CreatedGroup other = Unwrap(CreateGroup("Kring Zwolle", bram_.id(), bram_.secret(), kT0));
  ExpectReason(Check(other.entries[0]), RejectReason::kWrongGroup, "belongs to group");
  GroupLedger not_in_group(other.group_id);
  ExpectReason(not_in_group.Validate(Share(bram_, "x", kT0 + kMinute), NoEntries, kT0),
               RejectReason::kWrongGroup);
  // A node that holds nothing of a group says so in words (exit code 1).
  pb::Entry foreign = ForgeContent(bram_, pb::ENTRY_KIND_CASE, 1, kT0, RandomSecret(32));
  GroupLedger empty(group_id_);
  Verdict verdict = empty.Validate(foreign, NoEntries, kT0);
  ExpectReason(verdict, RejectReason::kUnknownGroup, "not in group");
  EXPECT_EQ(verdict.status().code(), Code::kUser);
}

TEST_F(GroupTest, ForgedGenesisForTheSameGroupIdIsRejected) {
  pb::MembershipBody body;
  ASSERT_TRUE(ReadChainBody(log_[0], &body).ok());
  body.set_member_signing_key(otto_.key());  // Otto claims Anna's group, same nonce
  HeaderFields header{group_id_, otto_.key(), pb::ENTRY_KIND_MEMBERSHIP, kT0, {}, 1};
  pb::Entry forged = MakePlainEntry(SerializeHeader(header), body, otto_.secret());
  ExpectReason(Check(forged), RejectReason::kWrongGroup, "derived from its creator");
}

TEST_F(GroupTest, TimesAreSane) {
  EpochKeys keys = KeysOf(ledger(), bram_);
  const uint64_t now = kT0 + 60 * kMinute;
  ExpectReason(
      Check(ForgeContent(bram_, pb::ENTRY_KIND_CASE, 1, now + 11 * kMinute, *keys.Find(1)), now),
      RejectReason::kFromTheFuture, "future");
  EXPECT_TRUE(
      Check(ForgeContent(bram_, pb::ENTRY_KIND_CASE, 1, now + 9 * kMinute, *keys.Find(1)), now)
          .ok());
  ExpectReason(
      Check(ForgeContent(bram_, pb::ENTRY_KIND_CASE, 1, kT0 - 60 * kMinute, *keys.Find(1))),
      RejectReason::kFromTheFuture, "before group");
}

// ---------------------------------------------------------------- removal and rotation

TEST_F(GroupTest, RemovedMemberCannotReadOrWriteAnythingAfterRemoval) {
  pb::Entry before = Share(bram_, "Voor", kT0 + 5 * kMinute);
  const uint64_t removal = kT0 + 10 * kMinute;
  EpochKeys carla_before = KeysOf(ledger(), carla_);
  Remove(carla_, removal);
  EXPECT_EQ(state().epoch(), 2u);
  EXPECT_EQ(state().FindMember(carla_.key()), nullptr);
  pb::Entry after = Share(bram_, "Na", kT0 + 11 * kMinute);

  pb::EntryHeader header;
  ASSERT_TRUE(header.ParseFromString(after.header()));
  EXPECT_EQ(header.key_epoch(), 2u);
  // Carla: the key_epoch entries give her epoch 1 only.
  EpochKeys carla = KeysOf(ledger(), carla_);
  EXPECT_EQ(carla.epochs(), std::vector<uint32_t>{1});
  pb::CaseBody body;
  EXPECT_TRUE(OpenBody(before, *carla.Find(1), &body).ok());
  EXPECT_FALSE(OpenBody(after, *carla.Find(1), &body).ok());
  EXPECT_FALSE(OpenBody(after, *carla_before.Find(1), &body).ok());
  // Everyone else reads old and new.
  for (const Coach* reader : {&anna_, &bram_, &sam_}) {
    EpochKeys keys = KeysOf(ledger(), *reader);
    EXPECT_EQ(keys.epochs(), (std::vector<uint32_t>{1, 2})) << reader->alias;
    EXPECT_TRUE(OpenBody(before, *keys.Find(1), &body).ok());
    EXPECT_TRUE(OpenBody(after, *keys.Find(2), &body).ok());
    EXPECT_EQ(body.reflection().title(), "Na");
  }
  // Carla writing at the new epoch (with any key she might make up): not a member then.
  ExpectReason(
      Check(ForgeContent(carla_, pb::ENTRY_KIND_CASE, 2, removal + kMinute, RandomSecret(32))),
      RejectReason::kNotMember, "at epoch 2");
  // At her old epoch, dated after her removal: refused.
  ExpectReason(
      Check(ForgeContent(carla_, pb::ENTRY_KIND_CASE, 1, removal + kMinute, *carla.Find(1))),
      RejectReason::kWrittenAfterRemoval);
  // Documented limit: backdated to before her removal, it passes and reads as old.
  EXPECT_TRUE(
      Check(ForgeContent(carla_, pb::ENTRY_KIND_CASE, 1, removal - kMinute, *carla.Find(1))).ok());
  // Remaining members may not write new entries with the old key either.
  ExpectReason(
      Check(ForgeContent(bram_, pb::ENTRY_KIND_CASE, 1, removal + kMinute, *carla.Find(1))),
      RejectReason::kWrittenAfterRemoval, "newer key");
  // The removed member's alias stays readable for old entries.
  EXPECT_EQ(RevealNames(state(), KeysOf(ledger(), anna_)).alias_by_key[carla_.key()], "Carla");
}

TEST_F(GroupTest, NewcomerReadsTheWholeHistory) {
  pb::Entry first = Share(bram_, "Eerste", kT0 + 5 * kMinute);
  Remove(carla_, kT0 + 10 * kMinute);
  pb::Entry second = Share(bram_, "Tweede", kT0 + 11 * kMinute);
  Add(dave_, pb::ROLE_COACH, kT0 + 12 * kMinute);
  EXPECT_EQ(state().epoch(), 2u);  // adding re-seals the current key, no new epoch
  EpochKeys dave = KeysOf(ledger(), dave_);
  EXPECT_EQ(dave.epochs(), (std::vector<uint32_t>{1, 2}));  // epoch 1 through the back link
  pb::CaseBody body;
  EXPECT_TRUE(OpenBody(first, *dave.Find(1), &body).ok());
  EXPECT_TRUE(OpenBody(second, *dave.Find(2), &body).ok());
  // But Dave was not a member at epoch 1, so he cannot write there.
  ExpectReason(
      Check(ForgeContent(dave_, pb::ENTRY_KIND_CASE, 1, kT0 + 13 * kMinute, *dave.Find(1))),
      RejectReason::kNotMember, "at epoch 1");
  EXPECT_FALSE(Share(dave_, "Derde", kT0 + 14 * kMinute).header().empty());
}

TEST_F(GroupTest, LeaveThenAnyMemberRotates) {
  const uint64_t leave_at = kT0 + 10 * kMinute;
  Admit(Unwrap(LeaveGroup(ledger(), bram_.id(), bram_.secret(), leave_at)), leave_at);
  EXPECT_EQ(state().pending(), KeysPending::kRotation);
  EpochKeys carla = KeysOf(ledger(), carla_);
  // Until the key is renewed nothing new may be written with the key Bram still holds.
  EXPECT_FALSE(ShareCase(ledger(), carla, carla_.id(), carla_.secret(), testing::SampleCase("x"),
                         leave_at + kMinute)
                   .ok());
  ExpectReason(
      Check(ForgeContent(carla_, pb::ENTRY_KIND_CASE, 1, leave_at + kMinute, *carla.Find(1))),
      RejectReason::kWrittenAfterRemoval);
  // Nor another membership change.
  auto blocked = AddMember(ledger(), KeysOf(ledger(), anna_), anna_.id(), anna_.secret(),
                           dave_.identity(), pb::ROLE_COACH, leave_at + kMinute);
  ASSERT_FALSE(blocked.ok());
  EXPECT_NE(blocked.status().message().find("must be renewed"), std::string::npos);
  // Carla, a coach, renews the key.
  Admit(Unwrap(RotateGroupKey(ledger(), carla, carla_.id(), carla_.secret(), leave_at + kMinute)),
        leave_at + kMinute);
  EXPECT_EQ(state().epoch(), 2u);
  pb::Entry after = Share(carla_, "Na vertrek", leave_at + 2 * kMinute);
  EpochKeys bram = KeysOf(ledger(), bram_);
  EXPECT_EQ(bram.latest(), 1u);
  pb::CaseBody body;
  EXPECT_FALSE(OpenBody(after, *bram.Find(1), &body).ok());
  EXPECT_TRUE(OpenBody(after, *KeysOf(ledger(), sam_).Find(2), &body).ok());
}

TEST_F(GroupTest, VoluntaryRotationIsForAdminsOnly) {
  auto refused = RotateGroupKey(ledger(), KeysOf(ledger(), bram_), bram_.id(), bram_.secret(),
                                kT0 + 10 * kMinute);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("only an admin can renew"), std::string::npos);
  Admit(Unwrap(RotateGroupKey(ledger(), KeysOf(ledger(), anna_), anna_.id(), anna_.secret(),
                              kT0 + 10 * kMinute)),
        kT0 + 10 * kMinute);
  EXPECT_EQ(state().epoch(), 2u);
  EXPECT_EQ(KeysOf(ledger(), bram_).epochs(), (std::vector<uint32_t>{1, 2}));
}

TEST_F(GroupTest, KeyEpochEntriesMustSealTheRightKeyToExactlyTheMembers) {
  // Anna adds Dave; instead of the re-seal she (or a broken client) sends a bad key_epoch.
  EpochKeys keys = KeysOf(ledger(), anna_);
  std::vector<pb::Entry> add =
      Unwrap(AddMember(ledger(), keys, anna_.id(), anna_.secret(), dave_.identity(), pb::ROLE_COACH,
                       kT0 + kMinute * 5));
  Admit(add[0], kT0 + 5 * kMinute);
  auto key_epoch = [&](const pb::KeyEpochBody& body) {
    HeaderFields header{group_id_,         anna_.key(),         pb::ENTRY_KIND_KEY_EPOCH,
                        kT0 + 5 * kMinute, {state().head_id()}, body.epoch()};
    return MakePlainEntry(SerializeHeader(header), body, anna_.secret());
  };
  pb::KeyEpochBody good;
  ASSERT_TRUE(ReadChainBody(add[1], &good).ok());

  pb::KeyEpochBody other_key = good;
  other_key.set_key_commitment(EpochKeyCommitment(RandomSecret(32), group_id_, 1));
  ExpectReason(Check(key_epoch(other_key)), RejectReason::kBadChainEntry, "different key");
  pb::KeyEpochBody missing = good;
  missing.mutable_sealed_keys()->RemoveLast();
  ExpectReason(Check(key_epoch(missing)), RejectReason::kBadChainEntry, "seals the key to");
  pb::KeyEpochBody twice = good;
  *twice.mutable_sealed_keys(0) = good.sealed_keys(1);
  ExpectReason(Check(key_epoch(twice)), RejectReason::kBadChainEntry, "twice");
  pb::KeyEpochBody outsider = good;
  outsider.mutable_sealed_keys(0)->set_member_signing_key(otto_.key());
  ExpectReason(Check(key_epoch(outsider)), RejectReason::kBadChainEntry, "not a member");
  pb::KeyEpochBody skipped = good;
  skipped.set_epoch(3);
  ExpectReason(Check(key_epoch(skipped)), RejectReason::kBadChainEntry, "epoch 1 was due");
  // A membership change before the re-seal is out of order.
  pb::MembershipBody remove;
  remove.set_action(pb::MEMBERSHIP_ACTION_REMOVE);
  remove.set_member_signing_key(carla_.key());
  ExpectReason(Check(ForgeMembership(anna_, remove, kT0 + 6 * kMinute)),
               RejectReason::kBadChainEntry, "renewed");
  EXPECT_TRUE(Check(add[1]).ok());
}

TEST_F(GroupTest, TamperedSealedKeyIsDetectedByTheMember) {
  // A key_epoch whose sealed key for Dave is garbage passes the relay (right length) but Dave
  // notices it does not match the epoch's commitment.
  std::vector<pb::Entry> add =
      Unwrap(AddMember(ledger(), KeysOf(ledger(), anna_), anna_.id(), anna_.secret(),
                       dave_.identity(), pb::ROLE_COACH, kT0 + 5 * kMinute));
  Admit(add[0], kT0 + 5 * kMinute);
  pb::KeyEpochBody body;
  ASSERT_TRUE(ReadChainBody(add[1], &body).ok());
  for (pb::SealedGroupKey& sealed : *body.mutable_sealed_keys()) {
    if (sealed.member_signing_key() == dave_.key()) {
      sealed.set_sealed_key(SealToPublicKey(dave_.sealing.public_key, RandomBytes(32)));
    }
  }
  HeaderFields header{group_id_,         anna_.key(),         pb::ENTRY_KIND_KEY_EPOCH,
                      kT0 + 5 * kMinute, {state().head_id()}, 1};
  Admit(MakePlainEntry(SerializeHeader(header), body, anna_.secret()), kT0 + 5 * kMinute);
  std::vector<std::string> problems;
  auto keys = UnlockEpochKeys(ledger(), dave_.key(), dave_.sealing, &problems);
  EXPECT_FALSE(keys.ok());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("does not match"), std::string::npos);
}

TEST_F(GroupTest, OnlyAdminCannotLeaveUntilAnotherIsAdmin) {
  auto refused = LeaveGroup(ledger(), anna_.id(), anna_.secret(), kT0 + 5 * kMinute);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("only admin"), std::string::npos);
  Admit(Unwrap(ChangeRole(ledger(), anna_.id(), anna_.secret(), bram_.key(), pb::ROLE_ADMIN,
                          kT0 + 5 * kMinute)),
        kT0 + 5 * kMinute);
  Admit(Unwrap(LeaveGroup(ledger(), anna_.id(), anna_.secret(), kT0 + 6 * kMinute)),
        kT0 + 6 * kMinute);
  EXPECT_EQ(state().FindMember(anna_.key()), nullptr);
  // Someone leaving on somebody else's behalf is refused.
  pb::MembershipBody leave;
  leave.set_action(pb::MEMBERSHIP_ACTION_LEAVE);
  leave.set_member_signing_key(carla_.key());
  Admit(Unwrap(RotateGroupKey(ledger(), KeysOf(ledger(), bram_), bram_.id(), bram_.secret(),
                              kT0 + 7 * kMinute)),
        kT0 + 7 * kMinute);
  ExpectReason(Check(ForgeMembership(sam_, leave, kT0 + 8 * kMinute)), RejectReason::kBadChainEntry,
               "own behalf");
}

TEST_F(GroupTest, RoleChangesApplyFromTheirTime) {
  pb::Entry early = Share(bram_, "Als coach", kT0 + 5 * kMinute);
  const uint64_t change = kT0 + 10 * kMinute;
  Admit(Unwrap(ChangeRole(ledger(), anna_.id(), anna_.secret(), bram_.key(), pb::ROLE_SUPERVISOR,
                          change)),
        change);
  EXPECT_EQ(state().FindMember(bram_.key())->role, pb::ROLE_SUPERVISOR);
  EpochKeys keys = KeysOf(ledger(), bram_);
  ExpectReason(Check(ForgeContent(bram_, pb::ENTRY_KIND_CASE, 1, change + kMinute, *keys.Find(1))),
               RejectReason::kWrittenAfterRemoval, "lost the role");
  // A case written (and delayed) before the change still counts.
  EXPECT_TRUE(
      Check(ForgeContent(bram_, pb::ENTRY_KIND_CASE, 1, change - kMinute, *keys.Find(1))).ok());
  EXPECT_TRUE(Check(Unwrap(WriteReview(ledger(), keys, bram_.id(), bram_.secret(), EntryId(early),
                                       testing::SampleReview(), change + kMinute)))
                  .ok());
  // The last admin cannot be demoted.
  auto demote = ChangeRole(ledger(), anna_.id(), anna_.secret(), anna_.key(), pb::ROLE_COACH,
                           change + kMinute);
  ASSERT_FALSE(demote.ok());
  EXPECT_NE(demote.status().message().find("without an admin"), std::string::npos);
  EXPECT_FALSE(ChangeRole(ledger(), anna_.id(), anna_.secret(), bram_.key(), pb::ROLE_SUPERVISOR,
                          change + kMinute)
                   .ok());  // no-op change
}

// ---------------------------------------------------------------- revisions and retractions

TEST_F(GroupTest, OnlyTheAuthorRevisesOrRetracts) {
  pb::Entry shared = Share(bram_, "Teamoverleg", kT0 + 5 * kMinute);
  const std::string case_id = EntryId(shared);
  EpochKeys carla = KeysOf(ledger(), carla_);
  pb::CaseRevisionBody revision;
  *revision.mutable_reflection() = testing::SampleCase("Teamoverleg (herzien)");
  HeaderFields header{group_id_,         carla_.key(), pb::ENTRY_KIND_CASE_REVISION,
                      kT0 + 6 * kMinute, {case_id},    1};
  ExpectReason(Check(MakeEncryptedEntry(header, revision, *carla.Find(1), carla_.secret())),
               RejectReason::kNotCaseAuthor, "only the author");
  header.kind = pb::ENTRY_KIND_RETRACTION;
  ExpectReason(
      Check(MakeEncryptedEntry(header, pb::RetractionBody(), *carla.Find(1), carla_.secret())),
      RejectReason::kNotCaseAuthor, "withdraw");

  EpochKeys bram = KeysOf(ledger(), bram_);
  pb::Entry revised = Unwrap(
      ReviseCase(ledger(), bram, bram_.id(), bram_.secret(), case_id, revision, kT0 + 6 * kMinute));
  EXPECT_TRUE(Check(revised).ok());
  pb::Entry retraction = Unwrap(RetractCase(ledger(), bram, bram_.id(), bram_.secret(), case_id,
                                            "cliënt trok toestemming in", kT0 + 7 * kMinute));
  EXPECT_TRUE(Check(retraction).ok());
  store_.Put(retraction);
  // After the tombstone, nothing may bring the case back; repeating the tombstone is fine.
  ExpectReason(Check(revised), RejectReason::kCaseRetracted, "withdrew");
  ExpectReason(Check(Unwrap(WriteReview(ledger(), KeysOf(ledger(), sam_), sam_.id(), sam_.secret(),
                                        case_id, testing::SampleReview(), kT0 + 8 * kMinute))),
               RejectReason::kCaseRetracted);
  EXPECT_TRUE(Check(retraction).ok());
  pb::RetractionBody opened;
  ASSERT_TRUE(OpenBody(retraction, *KeysOf(ledger(), anna_).Find(1), &opened).ok());
  EXPECT_EQ(opened.reason(), "cliënt trok toestemming in");
}

TEST_F(GroupTest, FormerMemberCanStillWithdrawOwnCase) {
  pb::Entry shared = Share(carla_, "Van Carla", kT0 + 5 * kMinute);
  Remove(carla_, kT0 + 10 * kMinute);
  pb::Entry retraction =
      Unwrap(RetractCase(ledger(), KeysOf(ledger(), carla_), carla_.id(), carla_.secret(),
                         EntryId(shared), "toestemming ingetrokken", kT0 + 20 * kMinute));
  EXPECT_TRUE(Check(retraction).ok()) << Check(retraction).message();
  // But not someone else's, and not a new case.
  pb::Entry other = Share(bram_, "Van Bram", kT0 + 11 * kMinute);
  HeaderFields header{group_id_,          carla_.key(),     pb::ENTRY_KIND_RETRACTION,
                      kT0 + 20 * kMinute, {EntryId(other)}, 1};
  ExpectReason(Check(MakeEncryptedEntry(header, pb::RetractionBody(),
                                        *KeysOf(ledger(), carla_).Find(1), carla_.secret())),
               RejectReason::kNotCaseAuthor);
}

TEST_F(GroupTest, ReferencesMustBeKnownCases) {
  EpochKeys keys = KeysOf(ledger(), sam_);
  pb::Entry review =
      Unwrap(WriteReview(ledger(), keys, sam_.id(), sam_.secret(), RandomBytes(kEntryIdBytes),
                         testing::SampleReview(), kT0 + 5 * kMinute));
  ExpectReason(Check(review), RejectReason::kMissingParent, "does not have (yet)");
  pb::Entry shared = Share(bram_, "Teamoverleg", kT0 + 5 * kMinute);
  pb::Entry on_review = Unwrap(WriteReview(ledger(), keys, sam_.id(), sam_.secret(),
                                           EntryId(shared), testing::SampleReview(), kT0));
  store_.Put(on_review);
  pb::Entry review_of_review =
      Unwrap(WriteReview(ledger(), keys, sam_.id(), sam_.secret(), EntryId(on_review),
                         testing::SampleReview(), kT0 + 6 * kMinute));
  ExpectReason(Check(review_of_review), RejectReason::kMalformed, "not a case");
  // A case names no parent; a review exactly one.
  HeaderFields header{group_id_,         bram_.key(),       pb::ENTRY_KIND_CASE,
                      kT0 + 5 * kMinute, {EntryId(shared)}, 1};
  ExpectReason(Check(MakeEncryptedEntry(header, pb::CaseBody(), *keys.Find(1), bram_.secret())),
               RejectReason::kTooManyParents);
}

// ---------------------------------------------------------------- replay, order and forks

TEST_F(GroupTest, ReplayIsHarmless) {
  const size_t chain = ledger().resolved_chain().size();
  const std::string head = state().head_id();
  for (const pb::Entry& entry : log_) {
    Verdict verdict = ledger().Admit(entry, NoEntries, kT0 + 60 * kMinute);
    EXPECT_TRUE(verdict.ok()) << verdict.message();
    EXPECT_EQ(verdict.entry().id, EntryId(entry));
  }
  EXPECT_EQ(ledger().resolved_chain().size(), chain);
  EXPECT_EQ(state().head_id(), head);
  pb::Entry shared = Share(bram_, "x", kT0 + 5 * kMinute);
  EXPECT_EQ(Check(shared).entry().id, Check(shared).entry().id);
}

TEST_F(GroupTest, ChainEntriesInAnyOrderGiveTheSameState) {
  Remove(carla_, kT0 + 10 * kMinute);
  Add(dave_, pb::ROLE_COACH, kT0 + 11 * kMinute);
  std::vector<pb::Entry> shuffled = log_;
  std::mt19937 rng(11);
  for (int round = 0; round < 5; ++round) {
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    GroupLedger other(group_id_);
    for (const Verdict& v : other.AdmitBatch(shuffled, NoEntries, kT0 + 60 * kMinute)) {
      EXPECT_TRUE(v.ok()) << v.message();
    }
    EXPECT_EQ(other.resolved_chain(), ledger().resolved_chain());
    EXPECT_EQ(other.state().epoch(), 2u);
    // One at a time, a child before its parent is "missing parent", to be retried later.
    GroupLedger one_by_one(group_id_);
    ExpectReason(one_by_one.Admit(log_.back(), NoEntries, kT0 + 60 * kMinute),
                 RejectReason::kMissingParent);
  }
  // ChainEntries() hands out parents before children.
  GroupLedger copy(group_id_);
  for (const pb::Entry& entry : ledger().ChainEntries()) {
    EXPECT_TRUE(copy.Admit(entry, NoEntries, kT0 + 60 * kMinute).ok());
  }
  EXPECT_EQ(copy.state().head_id(), state().head_id());
}

TEST_F(GroupTest, ForksResolveTheSameWayWhateverTheArrivalOrder) {
  Admit(Unwrap(ChangeRole(ledger(), anna_.id(), anna_.secret(), bram_.key(), pb::ROLE_ADMIN,
                          kT0 + 5 * kMinute)),
        kT0 + 5 * kMinute);
  // Offline from each other, Anna adds Dave and Bram removes Carla, both on the same head.
  const GroupLedger base = ledger();
  std::vector<pb::Entry> anna_branch =
      Unwrap(AddMember(base, KeysOf(base, anna_), anna_.id(), anna_.secret(), dave_.identity(),
                       pb::ROLE_COACH, kT0 + 6 * kMinute));
  std::vector<pb::Entry> bram_branch = Unwrap(RemoveMember(
      base, KeysOf(base, bram_), bram_.id(), bram_.secret(), carla_.key(), kT0 + 6 * kMinute));
  const bool anna_wins = EntryId(anna_branch[0]) < EntryId(bram_branch[0]);

  std::vector<pb::Entry> all = log_;
  all.insert(all.end(), anna_branch.begin(), anna_branch.end());
  all.insert(all.end(), bram_branch.begin(), bram_branch.end());
  std::mt19937 rng(3);
  std::vector<std::string> first_chain;
  for (int round = 0; round < 8; ++round) {
    std::shuffle(all.begin(), all.end(), rng);
    GroupLedger node(group_id_);
    for (const Verdict& v : node.AdmitBatch(all, NoEntries, kT0 + 60 * kMinute)) {
      EXPECT_TRUE(v.ok()) << v.message();  // both branches are valid entries
    }
    if (round == 0) first_chain = node.resolved_chain();
    EXPECT_EQ(node.resolved_chain(), first_chain);
    EXPECT_EQ(node.state().FindMember(dave_.key()) != nullptr, anna_wins);
    EXPECT_EQ(node.state().FindMember(carla_.key()) == nullptr, !anna_wins);
    std::vector<std::string> overruled = node.OverruledEntries();
    EXPECT_EQ(overruled.size(), 2u);
    const std::vector<pb::Entry>& loser = anna_wins ? bram_branch : anna_branch;
    for (const pb::Entry& entry : loser) {
      EXPECT_NE(std::find(overruled.begin(), overruled.end(), EntryId(entry)), overruled.end());
    }
  }
}

TEST_F(GroupTest, BatchAcceptsContentBeforeItsCaseAndReportsEachRejection) {
  pb::Entry shared = Share(bram_, "Teamoverleg", kT0 + 5 * kMinute);
  pb::Entry review =
      Unwrap(WriteReview(ledger(), KeysOf(ledger(), sam_), sam_.id(), sam_.secret(),
                         EntryId(shared), testing::SampleReview(), kT0 + 6 * kMinute));
  pb::Entry forged = shared;
  forged.mutable_body()->back() ^= 1;
  std::vector<pb::Entry> batch = {review, forged, shared};
  batch.insert(batch.begin(), log_.rbegin(), log_.rend());  // chain entries, children first
  GroupLedger fresh(group_id_);
  std::vector<Verdict> verdicts = fresh.AdmitBatch(batch, NoEntries, kT0 + 60 * kMinute);
  ASSERT_EQ(verdicts.size(), batch.size());
  for (size_t i = 0; i < log_.size(); ++i) EXPECT_TRUE(verdicts[i].ok()) << i;
  EXPECT_TRUE(verdicts[log_.size()].ok()) << verdicts[log_.size()].message();  // the review
  ExpectReason(verdicts[log_.size() + 1], RejectReason::kBadSignature);
  EXPECT_TRUE(verdicts[log_.size() + 2].ok());
}

// ---------------------------------------------------------------- bundles

TEST_F(GroupTest, BundlesRoundTripAndRefuseForeignOrDamagedFiles) {
  pb::Entry shared = Share(bram_, "Teamoverleg", kT0 + 5 * kMinute);
  std::vector<pb::Entry> entries = ledger().ChainEntries();
  entries.push_back(shared);
  const std::string bytes = WriteBundle(group_id_, entries);
  auto bundle = ReadBundle(bytes);
  ASSERT_TRUE(bundle.ok()) << bundle.status().message();
  EXPECT_EQ(bundle->entries_size(), static_cast<int>(entries.size()));
  GroupLedger fresh(bundle->group_id());
  std::vector<pb::Entry> read(bundle->entries().begin(), bundle->entries().end());
  for (const Verdict& v : fresh.AdmitBatch(read, NoEntries, kT0 + 60 * kMinute)) {
    EXPECT_TRUE(v.ok()) << v.message();
  }

  EXPECT_EQ(ReadBundle("PK\x03\x04 a zip file").status().code(), Code::kUsage);
  EXPECT_EQ(ReadBundle("").status().code(), Code::kUsage);
  // Cut anywhere (also exactly between two entries): refused.
  for (size_t cut : {bytes.size() - 1, bytes.size() - 34, bytes.size() / 2, size_t{20}}) {
    EXPECT_FALSE(ReadBundle(bytes.substr(0, cut)).ok()) << cut;
  }
  pb::Bundle without_last = *bundle;
  without_last.mutable_entries()->RemoveLast();
  EXPECT_EQ(ReadBundle(without_last.SerializeAsString()).status().code(), Code::kIntegrity);
  // Any flipped byte after the magic: refused as a whole.
  for (size_t i = 13; i < bytes.size(); i += 97) {
    std::string flipped = bytes;
    flipped[i] ^= 0x20;
    EXPECT_FALSE(ReadBundle(flipped).ok()) << i;
  }
  pb::Bundle newer = *bundle;
  newer.set_version(2);
  auto refused = ReadBundle(newer.SerializeAsString());
  EXPECT_NE(refused.status().message().find("newer Kring"), std::string::npos);
}

// The envelope checks of a large batch run on several threads; the verdicts must be exactly those
// of checking each entry alone, in input order, valid and broken ones mixed.
TEST_F(GroupTest, ParallelEnvelopeChecksMatchCheckingOneByOne) {
  std::vector<pb::Entry> batch;
  for (int i = 0; i < 300; ++i) {
    pb::Entry entry = Share(bram_, "case " + std::to_string(i), kT0 + 10 * kMinute + i);
    if (i % 7 == 3) {
      std::string body = entry.body();
      body[body.size() / 2] ^= 0x20;
      entry.set_body(body);
    } else if (i % 11 == 5) {
      entry.set_header("not a header");
    }
    batch.push_back(entry);
  }
  std::vector<Verdict> together = CheckEnvelopes(batch, ledger().limits());
  ASSERT_EQ(together.size(), batch.size());
  size_t rejected = 0;
  for (size_t i = 0; i < batch.size(); ++i) {
    Verdict alone = CheckEnvelope(batch[i], ledger().limits());
    EXPECT_EQ(together[i].ok(), alone.ok()) << i;
    EXPECT_EQ(together[i].reason(), alone.reason()) << i;
    EXPECT_EQ(together[i].message(), alone.message()) << i;
    if (alone.ok()) {
      EXPECT_EQ(together[i].entry().id, alone.entry().id) << i;
    }
    rejected += alone.ok() ? 0 : 1;
  }
  EXPECT_GT(rejected, 40u);
  // And the batch admits exactly the intact ones.
  std::vector<Verdict> admitted = ledger().AdmitBatch(batch, store_.lookup(), kT0 + kMinute * 20);
  for (size_t i = 0; i < batch.size(); ++i) {
    EXPECT_EQ(admitted[i].ok(), i % 7 != 3 && i % 11 != 5) << i << ": " << admitted[i].message();
  }
}

}  // namespace
}  // namespace kring
