#include "core/groups/invitations.h"

#include <gtest/gtest.h>

#include "core/crypto/crypto.h"

namespace kring {
namespace {

class InvitationsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitCrypto()); }
  NewInvitation Make(uint64_t now = 1000, uint64_t lifetime = 3600) {
    return MakeInvitation(std::string(32, 'g'), std::string(32, 'k'), {"127.0.0.1:7420"},
                          pb::ROLE_COACH, now, lifetime);
  }
};

TEST_F(InvitationsTest, ACodeReadsBackAndAChangeOrACutIsNoticed) {
  const NewInvitation made = Make();
  const std::string code = EncodeInvitationCode(made.code);
  EXPECT_EQ(code.rfind(kInvitationPrefix, 0), 0u);
  EXPECT_LT(code.size(), 200u);  // short enough for a chat message
  auto back = DecodeInvitationCode("  " + code.substr(0, 30) + "\n" + code.substr(30) + " ");
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->secret(), made.code.secret());
  EXPECT_EQ(back->addresses(0), "127.0.0.1:7420");
  // Every single changed character in the payload is caught (the check, or the parse).
  const size_t start = std::string_view(kInvitationPrefix).size();
  for (size_t i = start; i < code.size(); ++i) {
    std::string altered = code;
    altered[i] = altered[i] == 'x' ? 'y' : 'x';
    auto r = DecodeInvitationCode(altered);
    EXPECT_FALSE(r.ok() && r->SerializeAsString() != made.code.SerializeAsString()) << i;
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), Code::kUsage);
    }
  }
  for (size_t n : {size_t{0}, size_t{5}, start, code.size() / 2, code.size() - 1}) {
    EXPECT_FALSE(DecodeInvitationCode(code.substr(0, n)).ok()) << n;
  }
  EXPECT_FALSE(DecodeInvitationCode("kring-id1:abc").ok());
  EXPECT_FALSE(DecodeInvitationCode(std::string(5000, 'a')).ok());
  auto newer = DecodeInvitationCode("kring-join2:abc");
  ASSERT_FALSE(newer.ok());
  EXPECT_NE(newer.status().message().find("newer Kring"), std::string::npos);
}

TEST_F(InvitationsTest, ASecretWorksOnceUntilItExpiresAndOnlyForItsGroup) {
  NewInvitation made = Make(1000, 60);
  pb::InvitationBook book;
  AddInvitation(book, made.kept);
  EXPECT_TRUE(HasOpenInvitation(book, 1000));
  EXPECT_FALSE(HasOpenInvitation(book, 1060));
  // The secret is not kept, only its hash.
  EXPECT_EQ(book.SerializeAsString().find(made.code.secret()), std::string::npos);

  pb::JoinRequest request;
  request.set_group_id(made.code.group_id());
  request.set_secret(made.code.secret());
  JoinCheck ok = CheckJoinRequest(book, request, "", 1059);
  EXPECT_EQ(ok.outcome, pb::JoinResult::JOINED);
  EXPECT_EQ(ok.index, 0);
  EXPECT_EQ(CheckJoinRequest(book, request, "", 1060).outcome, pb::JoinResult::EXPIRED);
  pb::JoinRequest other_group = request;
  other_group.set_group_id(std::string(32, 'h'));
  EXPECT_EQ(CheckJoinRequest(book, other_group, "", 1000).outcome, pb::JoinResult::UNKNOWN);
  pb::JoinRequest guessed = request;
  guessed.set_secret(std::string(kInvitationSecretBytes, '\0'));
  EXPECT_EQ(CheckJoinRequest(book, guessed, "", 1000).outcome, pb::JoinResult::UNKNOWN);
  guessed.set_secret("short");
  EXPECT_EQ(CheckJoinRequest(book, guessed, "", 1000).index, -1);
  book.mutable_invitation(0)->set_used_at(1001);
  EXPECT_EQ(CheckJoinRequest(book, request, "", 1002).outcome, pb::JoinResult::USED);
  book.mutable_invitation(0)->set_used_by(std::string(32, 'n'));
  EXPECT_EQ(CheckJoinRequest(book, request, std::string(32, 'm'), 1002).outcome,
            pb::JoinResult::USED);
  // The same newcomer asking again (its answer got lost) is told it joined.
  const JoinCheck again = CheckJoinRequest(book, request, std::string(32, 'n'), 1002);
  EXPECT_EQ(again.outcome, pb::JoinResult::JOINED);
  EXPECT_TRUE(again.repeat);
  EXPECT_FALSE(HasOpenInvitation(book, 1002));
  // A late newcomer is still answered for a while, then the door closes to unknown keys.
  EXPECT_TRUE(AnswersNewcomers(book, 1001 + kInvitationAnswerSeconds - 1));
  EXPECT_FALSE(AnswersNewcomers(book, 1001 + kInvitationAnswerSeconds));
  EXPECT_FALSE(AnswersNewcomers(pb::InvitationBook(), 0));
}

TEST_F(InvitationsTest, TheBookKeepsTheNewestInvitations) {
  pb::InvitationBook book;
  for (int i = 0; i < kMaxStoredInvitations + 5; ++i) AddInvitation(book, Make(i).kept);
  ASSERT_EQ(book.invitation_size(), kMaxStoredInvitations);
  EXPECT_EQ(book.invitation(0).created_at(), 5u);
}

TEST_F(InvitationsTest, LifetimesAreReadAsACoachWritesThem) {
  EXPECT_EQ(*ParseInvitationLifetime("7d"), 7u * 24 * 3600);
  EXPECT_EQ(*ParseInvitationLifetime("24h"), 24u * 3600);
  EXPECT_EQ(*ParseInvitationLifetime("30m"), 1800u);
  EXPECT_EQ(*ParseInvitationLifetime("45s"), 45u);
  EXPECT_EQ(*ParseInvitationLifetime("3"), 3u * 24 * 3600);
  for (const char* bad : {"", "d", "0d", "91d", "-1d", "1w", "1.5h", "99999999999d"}) {
    EXPECT_FALSE(ParseInvitationLifetime(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace kring
