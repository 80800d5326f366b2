// Joining by invitation, with real processes on loopback: Anna's `kring serve --accept-only`
// answers joins (it never syncs by itself, so nothing here races a background loop); newcomers
// run `kring join CODE` and nothing else — no identity lines, no bundles, no peer add.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <regex>

#include "core/crypto/crypto.h"
#include "core/groups/invitations.h"
#include "tests/support/test_util.h"

namespace kring {
namespace {

using testing::KringNode;
using testing::ProcessResult;
using testing::ServeProcess;
using testing::TempDir;

constexpr char kGroup[] = "Intervisie Noord";

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class InvitationCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto());
    for (KringNode* node : {&anna_, &bram_, &cleo_, &mila_}) {
      const std::string alias = std::filesystem::path(node->home()).filename().string();
      ProcessResult r = node->Run({"init", "--alias", alias});
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    ASSERT_EQ(anna_.Run({"group", "create", kGroup}).exit_code, 0);
    serve_ = std::make_unique<ServeProcess>(anna_, std::vector<std::string>{"--accept-only"});
    ASSERT_TRUE(serve_->Start()) << serve_->Log();
  }
  void TearDown() override {
    if (serve_) serve_->Stop();
  }

  // `kring group invite` on Anna's node; the code it printed.
  std::string Invite(const std::vector<std::string>& extra = {},
                     const std::string& group = kGroup) {
    std::vector<std::string> args = {"group", "invite", group};
    args.insert(args.end(), extra.begin(), extra.end());
    ProcessResult r = anna_.Run(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::smatch m;
    static const std::regex kCode("kring-join1:[A-Za-z0-9_-]+");
    if (!std::regex_search(r.out, m, kCode)) {
      ADD_FAILURE() << "no code in: " << r.out;
      return "";
    }
    return m.str();
  }

  std::string FingerprintOf(const KringNode& node) {
    const std::string json = node.Run({"whoami", "--json"}).out;
    std::smatch m;
    std::regex_search(json, m, std::regex("\"fingerprint\": \"([A-Z0-9-]+)\""));
    return m[1];
  }

  // The number of entries a node holds in the group ("" when it has no such group).
  std::string Entries(const KringNode& node) {
    const std::string json = node.Run({"group", "list", "--json"}).out;
    std::smatch m;
    if (!std::regex_search(json, m, std::regex("\"entries\": ([0-9]+)"))) return "";
    return m[1];
  }

  bool WaitForLog(const std::string& text) {
    for (int i = 0; i < 100; ++i) {
      if (Has(serve_->Log(), text)) return true;
      ::usleep(50'000);
    }
    return false;
  }

  TempDir dir_;
  KringNode anna_{dir_.File("Anna")};
  KringNode bram_{dir_.File("Bram")};
  KringNode cleo_{dir_.File("Cleo")};
  KringNode mila_{dir_.File("Mila")};
  std::unique_ptr<ServeProcess> serve_;
};

TEST_F(InvitationCliTest, ThreeNodesJoinOneGroupByCodesAloneAndConverge) {
  const std::string for_bram = Invite({"--role", "coach"});
  ProcessResult joined = bram_.Run({"join", for_bram});
  ASSERT_EQ(joined.exit_code, 0) << joined.err;
  // Both fingerprints, to compare aloud, and the group arrived with the same command.
  EXPECT_TRUE(Has(joined.out, "You joined Intervisie Noord, invited by Anna")) << joined.out;
  EXPECT_TRUE(Has(joined.out, FingerprintOf(anna_))) << joined.out;
  EXPECT_TRUE(Has(joined.out, FingerprintOf(bram_))) << joined.out;
  EXPECT_TRUE(Has(joined.out, "you joined this group")) << joined.out;
  EXPECT_TRUE(WaitForLog("Bram (" + FingerprintOf(bram_) + ") joined Intervisie Noord as coach"))
      << serve_->Log();

  const std::string for_cleo = Invite({"--role", "supervisor", "--expires", "2h"});
  ProcessResult cleo_joined = cleo_.Run({"join", for_cleo});
  ASSERT_EQ(cleo_joined.exit_code, 0) << cleo_joined.err << serve_->Log();
  EXPECT_TRUE(
      WaitForLog("Cleo (" + FingerprintOf(cleo_) + ") joined Intervisie Noord as supervisor"));

  // Bram shares a case; it reaches Cleo through Anna's node, with the peers `join` remembered.
  ProcessResult made = bram_.Run({"case", "new", "--title", "Teamleider onder druk", "--language",
                                  "nl", "--situation", "Het beleid verandert."});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const std::string id = made.out.substr(made.out.find("Saved case ") + 11, 8);
  ASSERT_EQ(bram_.Run({"case", "anonymise", id, "--yes"}).exit_code, 0);
  ASSERT_EQ(bram_.Run({"case", "share", id, "--group", kGroup}).exit_code, 0);
  ProcessResult sent = bram_.Run({"sync"});
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  EXPECT_TRUE(Has(sent.out, "sent 1 case")) << sent.out;
  ProcessResult got = cleo_.Run({"sync"});
  ASSERT_EQ(got.exit_code, 0) << got.err;
  EXPECT_TRUE(Has(got.out, "received 1 case")) << got.out;
  ASSERT_EQ(bram_.Run({"sync"}).exit_code, 0);  // Cleo's membership news, if any

  const std::string entries = Entries(anna_);
  EXPECT_NE(entries, "");
  EXPECT_EQ(Entries(bram_), entries);
  EXPECT_EQ(Entries(cleo_), entries);
  ProcessResult show = cleo_.Run({"group", "show", kGroup});
  EXPECT_TRUE(Has(show.out, FingerprintOf(bram_))) << show.out;
  EXPECT_TRUE(std::regex_search(show.out, std::regex("Cleo +[A-Z0-9-]+ +supervisor"))) << show.out;
  ProcessResult listed = anna_.Run({"group", "invitations", kGroup});
  EXPECT_TRUE(Has(listed.out, "by Bram, fingerprint " + FingerprintOf(bram_))) << listed.out;
  EXPECT_TRUE(Has(listed.out, "by Cleo, fingerprint " + FingerprintOf(cleo_))) << listed.out;
}

TEST_F(InvitationCliTest, UsedExpiredAlteredAndOtherGroupCodesAreRefusedAndChangeNothing) {
  const std::string code = Invite();
  ASSERT_EQ(bram_.Run({"join", code}).exit_code, 0);
  const std::string before = Entries(anna_);

  // Used: refused, and it says what that may mean.
  ProcessResult again = cleo_.Run({"join", code});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_TRUE(Has(again.err, "already used")) << again.err;
  // Expired (1 second, then waited past it: no race, the code is expired either way).
  const std::string short_lived = Invite({"--expires", "1s"});
  ::sleep(2);
  ProcessResult expired = cleo_.Run({"join", short_lived});
  EXPECT_EQ(expired.exit_code, 1);
  EXPECT_TRUE(Has(expired.err, "expired")) << expired.err;
  // Altered: one character changed in the middle; Kring says so before it connects anywhere.
  std::string altered = Invite();
  altered[altered.size() / 2] = altered[altered.size() / 2] == 'A' ? 'B' : 'A';
  ProcessResult damaged = cleo_.Run({"join", altered});
  EXPECT_EQ(damaged.exit_code, 2);
  EXPECT_TRUE(Has(damaged.err, "damaged or incomplete")) << damaged.err;
  ProcessResult cut = cleo_.Run({"join", altered.substr(0, 40)});
  EXPECT_EQ(cut.exit_code, 2);
  EXPECT_EQ(cleo_.Run({"join", "hello"}).exit_code, 2);
  // Another group's secret under this group's id (a well-formed code that was put together).
  ASSERT_EQ(anna_.Run({"group", "create", "Supervisie Zuid"}).exit_code, 0);
  const std::string other = Invite({}, "Supervisie Zuid");
  auto this_group = DecodeInvitationCode(code);
  auto forged = DecodeInvitationCode(other);
  ASSERT_TRUE(this_group.ok() && forged.ok());
  forged->set_group_id(this_group->group_id());
  ProcessResult foreign = cleo_.Run({"join", EncodeInvitationCode(*forged)});
  EXPECT_EQ(foreign.exit_code, 1);
  EXPECT_TRUE(Has(foreign.err, "does not know this invitation")) << foreign.err;

  // Nothing changed on either side: Anna's group, Cleo's node, and the other invitation still
  // works.
  EXPECT_EQ(Entries(anna_), before);
  EXPECT_EQ(Entries(cleo_), "");
  ProcessResult listed = anna_.Run({"group", "invitations", "Supervisie Zuid"});
  EXPECT_TRUE(Has(listed.out, "open until")) << listed.out;
  ProcessResult honest = cleo_.Run({"join", other});
  EXPECT_EQ(honest.exit_code, 0) << honest.err;
  EXPECT_TRUE(Has(honest.out, "You joined Supervisie Zuid")) << honest.out;
  // A code the admin cancels stops working at once.
  const std::string cancelled = Invite();
  ProcessResult cancel = anna_.Run({"group", "invitations", kGroup, "--cancel"});
  EXPECT_TRUE(Has(cancel.out, "Cancelled 2 open invitations"))
      << cancel.out;  // and the altered one's
  ProcessResult late = mila_.Run({"join", cancelled});
  EXPECT_EQ(late.exit_code, 1);
  EXPECT_TRUE(Has(late.err, "expired")) << late.err;
}

TEST_F(InvitationCliTest, AnInterceptedCodeIsCaughtByTheFingerprintsShownOnBothSides) {
  const std::string meant_for_bram = Invite();
  // Mila saw the code on its way and used it first.
  ProcessResult stolen = mila_.Run({"join", meant_for_bram});
  ASSERT_EQ(stolen.exit_code, 0) << stolen.err;
  // Bram is told the code was used, and what to do.
  ProcessResult late = bram_.Run({"join", meant_for_bram});
  EXPECT_EQ(late.exit_code, 1);
  EXPECT_TRUE(Has(late.err, "If that was not you, tell the inviter")) << late.err;
  // Anna's side names who joined, with that node's fingerprint: not Bram's. Comparing aloud with
  // Bram shows the mismatch.
  const std::string mila = FingerprintOf(mila_);
  const std::string bram = FingerprintOf(bram_);
  ASSERT_NE(mila, bram);
  EXPECT_TRUE(WaitForLog("Mila (" + mila + ") joined Intervisie Noord")) << serve_->Log();
  // And the real newcomer's late attempt, with the fingerprint Bram will read out.
  EXPECT_TRUE(WaitForLog("refused (" + bram + "): the code was already used")) << serve_->Log();
  ProcessResult listed = anna_.Run({"group", "invitations", kGroup});
  EXPECT_TRUE(Has(listed.out, "by Mila, fingerprint " + mila)) << listed.out;
  ProcessResult show = anna_.Run({"group", "show", kGroup});
  EXPECT_TRUE(Has(show.out, mila)) << show.out;
  EXPECT_FALSE(Has(show.out, bram)) << show.out;
  // The invitation tells the inviter to compare, and how to undo an intruder.
  ProcessResult invited = anna_.Run({"group", "invite", kGroup});
  EXPECT_TRUE(Has(invited.out, "compare fingerprints aloud")) << invited.out;
  EXPECT_TRUE(Has(invited.out, "kring group remove")) << invited.out;
}

TEST_F(InvitationCliTest, AStrangerLetInForAnInvitationCanOnlyAskToJoin) {
  const std::string code = Invite();  // invitations are in play: unknown keys pass the handshake
  const std::string before = Entries(anna_);
  ASSERT_EQ(mila_.Run({"group", "create", "Eigen kring"}).exit_code, 0);
  ASSERT_EQ(mila_.Run({"peer", "add", serve_->address()}).exit_code, 0);
  // A plain sync (offering Mila's own group) is refused; nothing reaches Anna's node.
  ProcessResult sync = mila_.Run({"sync"});
  EXPECT_NE(sync.exit_code, 0);
  EXPECT_TRUE(Has(sync.out + sync.err, "join first")) << sync.out << sync.err;
  EXPECT_EQ(Entries(anna_), before);
  ProcessResult groups = anna_.Run({"group", "list"});
  EXPECT_FALSE(Has(groups.out, "Eigen kring")) << groups.out;
  // The code still works for her.
  EXPECT_EQ(mila_.Run({"join", code}).exit_code, 0);
}

TEST_F(InvitationCliTest, OnlyAdminsInviteAndANodeWithoutAnAddressSaysWhatToDo) {
  ASSERT_EQ(bram_.Run({"join", Invite()}).exit_code, 0);
  ProcessResult not_admin = bram_.Run({"group", "invite", kGroup, "--address", "127.0.0.1:9"});
  EXPECT_EQ(not_admin.exit_code, 1);
  EXPECT_TRUE(Has(not_admin.err, "only an admin")) << not_admin.err;
  ProcessResult no_address = cleo_.Run({"group", "create", "Eigen kring"});
  ASSERT_EQ(no_address.exit_code, 0);
  ProcessResult cannot = cleo_.Run({"group", "invite", "Eigen kring"});
  EXPECT_EQ(cannot.exit_code, 1);
  EXPECT_TRUE(Has(cannot.err, "start `kring serve` first")) << cannot.err;
  EXPECT_EQ(anna_.Run({"group", "invite", kGroup, "--expires", "100d"}).exit_code, 2);
  ProcessResult no_group = anna_.Run({"group", "invite"});
  EXPECT_EQ(no_group.exit_code, 2);
  EXPECT_TRUE(Has(no_group.err, "GROUP is required (see `kring help group invite`)"))
      << no_group.err;
  ProcessResult no_command = anna_.Run({"group"});
  EXPECT_EQ(no_command.exit_code, 2);
  EXPECT_TRUE(Has(no_command.err, "a command is required")) << no_command.err;
  EXPECT_EQ(anna_.Run({"group", "invite", kGroup, "--role", "admin"}).exit_code, 2);
  EXPECT_EQ(anna_.Run({"group", "invite", kGroup, "--address", "my_host:7420"}).exit_code, 2);
  // A QR code on request (a terminal always gets one).
  ProcessResult qr = anna_.Run({"group", "invite", kGroup, "--qr"});
  EXPECT_TRUE(Has(qr.out, "\u2588")) << qr.out;
}

}  // namespace
}  // namespace kring
