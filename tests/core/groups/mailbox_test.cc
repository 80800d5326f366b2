// A group's mailbox: the code, the mailbox's check of a registration, the chain entry that
// tells members (admins only; a relay applies it without any key) and the reach records.
#include "core/groups/mailbox.h"

#include <gtest/gtest.h>

#include "core/groups/invitations.h"
#include "tests/support/group_fixture.h"

namespace kring {
namespace {

using testing::Coach;
using testing::kT0;
using testing::Unwrap;

class MailboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CreatedGroup created = Unwrap(CreateGroup("Utrecht", anna_.id(), anna_.secret(), kT0));
    ledger_ = std::make_unique<GroupLedger>(created.group_id);
    testing::MustAdmit(*ledger_, created.entries);
    testing::MustAdmit(*ledger_, Unwrap(AddMember(*ledger_, Keys(anna_), anna_.id(), anna_.secret(),
                                                  bram_.identity(), pb::ROLE_COACH, kT0 + 1000)));
    setup_ = MakeMailboxSetup(kT0 / 1000);
  }
  EpochKeys Keys(const Coach& who) { return testing::KeysOf(*ledger_, who); }

  pb::MailboxRegister Request(const Coach& signer, std::string_view mailbox_key) {
    pb::MailboxRegister request;
    request.set_secret(setup_.secret());
    auto file =
        EncodeRelayRegistration(*ledger_, signer.key(), signer.secret(), mailbox_key, kT0 + 2000);
    if (file.ok()) request.set_registration(*file);
    return request;
  }

  Coach anna_{"anna"}, bram_{"bram"}, post_{"post"}, eve_{"eve"};
  std::unique_ptr<GroupLedger> ledger_;
  pb::MailboxSetup setup_;
};

TEST_F(MailboxTest, ACodeReadsBackAndAChangeOrTheWrongKindIsNoticed) {
  const pb::MailboxCode made = MailboxCodeFor(setup_, post_.key(), {"192.168.1.5:7420", "p:1"});
  const std::string code = EncodeMailboxCode(made);
  EXPECT_EQ(code.rfind(kMailboxPrefix, 0), 0u);
  EXPECT_LT(code.size(), 160u);
  auto back = DecodeMailboxCode(code.substr(0, 20) + "\n  " + code.substr(20));
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->secret(), setup_.secret());
  EXPECT_EQ(back->mailbox_key(), post_.key());
  ASSERT_EQ(back->addresses_size(), 2);
  for (size_t i = std::string_view(kMailboxPrefix).size(); i < code.size(); ++i) {
    std::string altered = code;
    altered[i] = altered[i] == 'x' ? 'y' : 'x';
    auto r = DecodeMailboxCode(altered);
    EXPECT_FALSE(r.ok() && r->SerializeAsString() != made.SerializeAsString()) << i;
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), Code::kUsage);
    }
  }
  EXPECT_FALSE(DecodeMailboxCode(code.substr(0, code.size() / 2)).ok());
  auto newer = DecodeMailboxCode("kring-mailbox2:abc");
  ASSERT_FALSE(newer.ok());
  EXPECT_NE(newer.status().message().find("newer Kring"), std::string::npos);
  // An invitation code pasted here is named as such.
  NewInvitation invitation =
      MakeInvitation(ledger_->group_id(), anna_.key(), {"h:1"}, pb::ROLE_COACH, 1000, 3600);
  auto wrong_kind = DecodeMailboxCode(EncodeInvitationCode(invitation.code));
  ASSERT_FALSE(wrong_kind.ok());
  EXPECT_NE(wrong_kind.status().message().find("invitation"), std::string::npos);
  // Too many addresses are cut to the limit when made, refused when read.
  std::vector<std::string> many(12, "h:1");
  EXPECT_EQ(MailboxCodeFor(setup_, post_.key(), many).addresses_size(),
            static_cast<int>(kMaxMailboxAddresses));
}

TEST_F(MailboxTest, TheMailboxKeepsAGroupOnlyForItsCodeAndAnAdminWhoSignsItself) {
  MailboxCheck kept =
      CheckMailboxRegister(setup_, Request(anna_, post_.key()), post_.key(), anna_.key(), kT0);
  ASSERT_EQ(kept.outcome, pb::MailboxResult::KEPT);
  EXPECT_EQ(kept.registration.group_id, ledger_->group_id());
  // Another secret (an old or another mailbox's code).
  pb::MailboxRegister wrong = Request(anna_, post_.key());
  wrong.set_secret(std::string(kMailboxSecretBytes, 'x'));
  EXPECT_EQ(CheckMailboxRegister(setup_, wrong, post_.key(), anna_.key(), kT0).outcome,
            pb::MailboxResult::WRONG_CODE);
  wrong.set_secret("short");
  EXPECT_EQ(CheckMailboxRegister(setup_, wrong, post_.key(), anna_.key(), kT0).outcome,
            pb::MailboxResult::WRONG_CODE);
  // A mailbox without a code accepts nothing.
  EXPECT_EQ(CheckMailboxRegister(pb::MailboxSetup(), Request(anna_, post_.key()), post_.key(),
                                 anna_.key(), kT0)
                .outcome,
            pb::MailboxResult::WRONG_CODE);
  // Anna's registration replayed by someone else who holds the code.
  EXPECT_EQ(CheckMailboxRegister(setup_, Request(anna_, post_.key()), post_.key(), eve_.key(), kT0)
                .outcome,
            pb::MailboxResult::NOT_ADMIN);
  // Meant for another mailbox; damaged.
  EXPECT_EQ(CheckMailboxRegister(setup_, Request(anna_, eve_.key()), post_.key(), anna_.key(), kT0)
                .outcome,
            pb::MailboxResult::BAD_REQUEST);
  pb::MailboxRegister damaged = Request(anna_, post_.key());
  damaged.mutable_registration()->resize(damaged.registration().size() / 2);
  EXPECT_EQ(CheckMailboxRegister(setup_, damaged, post_.key(), anna_.key(), kT0).outcome,
            pb::MailboxResult::BAD_REQUEST);
  // A coach cannot even make a registration.
  EXPECT_TRUE(Request(bram_, post_.key()).registration().empty());
}

TEST_F(MailboxTest, OnlyAnAdminSetsTheMailboxAndARelayFollowsItWithoutKeys) {
  // A relay's copy of the chain: no keys at all.
  GroupLedger relay(ledger_->group_id());
  testing::MustAdmit(relay, ledger_->ChainEntries());

  EXPECT_FALSE(SetMailbox(*ledger_, Keys(bram_), bram_.id(), bram_.secret(), post_.key(), {"h:1"},
                          kT0 + 3000)
                   .ok());
  EXPECT_FALSE(SetMailbox(*ledger_, Keys(anna_), anna_.id(), anna_.secret(), bram_.key(), {"h:1"},
                          kT0 + 3000)
                   .ok());  // a member's own node cannot be the mailbox
  EXPECT_FALSE(StopMailbox(*ledger_, anna_.id(), anna_.secret(), kT0 + 3000).ok());

  pb::Entry set = Unwrap(SetMailbox(*ledger_, Keys(anna_), anna_.id(), anna_.secret(), post_.key(),
                                    {"192.168.1.5:7420", "mailbox.example:7420"}, kT0 + 3000));
  testing::MustAdmit(*ledger_, {set});
  testing::MustAdmit(relay, {set});
  ASSERT_NE(ledger_->state().mailbox(), nullptr);
  EXPECT_EQ(ledger_->state().mailbox()->key, post_.key());
  EXPECT_EQ(ledger_->state().mailbox()->set_by, anna_.key());
  // Members read the addresses; the relay holds the same record but cannot.
  EXPECT_EQ(RevealMailboxAddresses(ledger_->state(), Keys(bram_)),
            (std::vector<std::string>{"192.168.1.5:7420", "mailbox.example:7420"}));
  ASSERT_NE(relay.state().mailbox(), nullptr);
  EXPECT_TRUE(RevealMailboxAddresses(relay.state(), EpochKeys()).empty());
  EXPECT_EQ(set.SerializeAsString().find("mailbox.example"), std::string::npos);
  // Nor does a mailbox entry change membership or keys.
  EXPECT_EQ(ledger_->state().members().size(), 2u);
  EXPECT_EQ(ledger_->state().pending(), KeysPending::kNone);

  pb::Entry stop = Unwrap(StopMailbox(*ledger_, anna_.id(), anna_.secret(), kT0 + 4000));
  testing::MustAdmit(*ledger_, {stop});
  testing::MustAdmit(relay, {stop});
  EXPECT_EQ(ledger_->state().mailbox(), nullptr);
  EXPECT_EQ(relay.state().mailbox(), nullptr);
}

TEST_F(MailboxTest, ReachRecordsKeepTheLatestTimePerMember) {
  pb::ReachBook book;
  const std::string group = ledger_->group_id();
  RecordReach(book, group, anna_.key(), 5000);
  RecordReach(book, group, bram_.key(), 6000);
  RecordReach(book, group, anna_.key(), 7000);
  RecordReach(book, group, anna_.key(), 6500);  // an older clock does not move it back
  RecordReach(book, std::string(32, 'o'), anna_.key(), 1);
  ASSERT_EQ(book.group_size(), 2);
  const pb::GroupReach& reach = ReachOf(book, group);
  ASSERT_EQ(reach.reach_size(), 2);
  EXPECT_EQ(reach.reach(0).member_key(), anna_.key());
  EXPECT_EQ(reach.reach(0).at_ms(), 7000u);
  EXPECT_EQ(reach.reach(1).at_ms(), 6000u);
}

TEST_F(MailboxTest, ARequestLeftAtTheMailboxOpensOnlyForItsInviter) {
  NewInvitation invitation =
      MakeInvitation(ledger_->group_id(), anna_.key(), {}, pb::ROLE_COACH, 1000, 3600);
  invitation.code.set_inviter_sealing_key(anna_.sealing.public_key);
  invitation.code.set_mailbox_key(post_.key());
  invitation.code.add_mailbox_addresses("127.0.0.1:7420");
  // A code without the inviter's addresses is valid when it names a mailbox.
  auto decoded = DecodeInvitationCode(EncodeInvitationCode(invitation.code));
  ASSERT_TRUE(decoded.ok()) << decoded.status().message();
  pb::InvitationCode no_mailbox = invitation.code;
  no_mailbox.clear_mailbox_key();
  EXPECT_FALSE(DecodeInvitationCode(EncodeInvitationCode(no_mailbox)).ok());

  pb::JoinRequest request;
  request.set_group_id(ledger_->group_id());
  request.set_secret(invitation.code.secret());
  *request.mutable_identity() = eve_.identity();
  const pb::JoinDrop drop = MakeJoinDrop(*decoded, request);
  EXPECT_EQ(drop.newcomer_key(), eve_.key());
  EXPECT_EQ(drop.SerializeAsString().find(invitation.code.secret()), std::string::npos);
  auto opened = OpenJoinDrop(drop, anna_.sealing.public_key, anna_.sealing.secret_key);
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  EXPECT_EQ(opened->secret(), invitation.code.secret());
  EXPECT_FALSE(OpenJoinDrop(drop, bram_.sealing.public_key, bram_.sealing.secret_key).ok());
  // Someone else's key put on the drop does not match the identity inside.
  pb::JoinDrop relabelled = drop;
  relabelled.set_newcomer_key(bram_.key());
  EXPECT_FALSE(OpenJoinDrop(relabelled, anna_.sealing.public_key, anna_.sealing.secret_key).ok());
}

TEST_F(MailboxTest, TheMailboxKeepsBoundedRequestsAndHandsThemToAdminsOnly) {
  pb::JoinDrop drop;
  drop.set_group_id(ledger_->group_id());
  drop.set_newcomer_key(eve_.key());
  drop.set_sealed_request(std::string(100, 's'));
  pb::DropBook book;
  const GroupState& state = ledger_->state();
  EXPECT_EQ(KeepJoinDrop(book, drop, bram_.key(), &state, kT0), pb::JoinDropResult::BAD_REQUEST);
  EXPECT_EQ(KeepJoinDrop(book, drop, eve_.key(), nullptr, kT0), pb::JoinDropResult::UNKNOWN_GROUP);
  pb::JoinDrop member = drop;
  member.set_newcomer_key(bram_.key());
  EXPECT_EQ(KeepJoinDrop(book, member, bram_.key(), &state, kT0),
            pb::JoinDropResult::ALREADY_MEMBER);
  pb::JoinDrop huge = drop;
  huge.set_sealed_request(std::string(kMaxSealedJoinRequestBytes + 1, 's'));
  EXPECT_EQ(KeepJoinDrop(book, huge, eve_.key(), &state, kT0), pb::JoinDropResult::BAD_REQUEST);
  EXPECT_EQ(book.drop_size(), 0);

  EXPECT_EQ(KeepJoinDrop(book, drop, eve_.key(), &state, kT0), pb::JoinDropResult::KEPT);
  EXPECT_EQ(KeepJoinDrop(book, drop, eve_.key(), &state, kT0 + 1), pb::JoinDropResult::KEPT);
  EXPECT_EQ(book.drop_size(), 1);  // asked again: replaced, not added
  for (int i = 1; i < kMaxDropsPerGroup; ++i) {
    pb::JoinDrop other = drop;
    other.set_newcomer_key(std::string(31, 'n') + static_cast<char>(i));
    EXPECT_EQ(KeepJoinDrop(book, other, other.newcomer_key(), &state, kT0),
              pb::JoinDropResult::KEPT);
  }
  pb::JoinDrop one_more = drop;
  one_more.set_newcomer_key(std::string(32, 'z'));
  EXPECT_EQ(KeepJoinDrop(book, one_more, one_more.newcomer_key(), &state, kT0),
            pb::JoinDropResult::FULL);

  // Admins see them; a coach sees none; they go once expired.
  EXPECT_EQ(DropsForAdmin(book, state, anna_.key(), kT0).size(),
            static_cast<size_t>(kMaxDropsPerGroup));
  EXPECT_TRUE(DropsForAdmin(book, state, bram_.key(), kT0).empty());
  EXPECT_TRUE(DropsForAdmin(book, state, anna_.key(), kT0 + kDropLifetimeMs + 2).empty());
  EXPECT_EQ(book.drop_size(), 0);
}

TEST_F(MailboxTest, TheMailboxCannotBecomeAMemberAndFormerMembersLeaveTheReachRecord) {
  pb::Entry set = Unwrap(SetMailbox(*ledger_, Keys(anna_), anna_.id(), anna_.secret(), post_.key(),
                                    {"h:1"}, kT0 + 3000));
  testing::MustAdmit(*ledger_, {set});
  EXPECT_FALSE(AddMember(*ledger_, Keys(anna_), anna_.id(), anna_.secret(), post_.identity(),
                         pb::ROLE_COACH, kT0 + 4000)
                   .ok());
  pb::ReachBook book;
  RecordReach(book, ledger_->group_id(), anna_.key(), 1);
  RecordReach(book, ledger_->group_id(), eve_.key(), 2);
  ForgetFormerMembers(book, ledger_->state());
  ASSERT_EQ(ReachOf(book, ledger_->group_id()).reach_size(), 1);
  EXPECT_EQ(ReachOf(book, ledger_->group_id()).reach(0).member_key(), anna_.key());
}

}  // namespace
}  // namespace kring
