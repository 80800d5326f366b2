// A group's mailbox, with real processes on loopback. Post runs `kring relay setup` (a mailbox
// never syncs out by itself: it only answers, so no test races a loop). Anna, the admin, gives
// the group the mailbox with its code. In the main test every step after that is a one-shot
// command of one member at a time — joining by invitation included: the newcomer's request waits
// in the mailbox until Anna's node takes it in — so no two members are ever online together, and
// the group forms and converges through the mailbox alone, with no `peer add` anywhere.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <regex>

#include "core/crypto/crypto.h"
#include "core/groups/group_book.h"
#include "core/groups/group_view.h"
#include "core/store/node.h"
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

std::string Find(const std::string& text, const std::string& pattern) {
  std::smatch m;
  if (!std::regex_search(text, m, std::regex(pattern))) return "";
  return m.str();
}

class MailboxCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto());
    for (KringNode* node : {&anna_, &bram_, &cleo_, &post_}) {
      const std::string alias = std::filesystem::path(node->home()).filename().string();
      ProcessResult r = node->Run({"init", "--alias", alias});
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    ASSERT_EQ(anna_.Run({"group", "create", kGroup}).exit_code, 0);
    mailbox_ = std::make_unique<ServeProcess>(post_, std::vector<std::string>{},
                                              std::vector<std::string>{"relay", "setup"});
    ASSERT_TRUE(mailbox_->Start()) << mailbox_->Log();
  }
  void TearDown() override {
    if (mailbox_) mailbox_->Stop();
  }

  ProcessResult Ok(const KringNode& node, const std::vector<std::string>& args) {
    ProcessResult r = node.Run(args);
    EXPECT_EQ(r.exit_code, 0) << node.home() << " " << args.front() << ": " << r.err << r.out;
    return r;
  }

  std::string MailboxCode(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"relay", "code"};
    args.insert(args.end(), extra.begin(), extra.end());
    const std::string code = Find(Ok(post_, args).out, "kring-mailbox1:[A-Za-z0-9_-]+");
    EXPECT_FALSE(code.empty());
    return code;
  }

  std::string FingerprintOf(const KringNode& node) {
    return Find(node.Run({"whoami", "--json"}).out, "[A-Z2-7]{4}(-[A-Z2-7]{4}){4}");
  }

  // Newcomers join by invitation while Anna's node answers; then it stops.
  void JoinByInvitation(const std::vector<KringNode*>& newcomers) {
    ServeProcess anna_serve(anna_, {"--accept-only"});
    ASSERT_TRUE(anna_serve.Start()) << anna_serve.Log();
    for (KringNode* newcomer : newcomers) {
      const std::string code =
          Find(Ok(anna_, {"group", "invite", kGroup}).out, "kring-join1:[A-Za-z0-9_-]+");
      Ok(*newcomer, {"join", code});
    }
    EXPECT_EQ(anna_serve.Stop(), 0);
  }

  std::string Entries(const KringNode& node) {
    const std::string json = node.Run({"group", "list", "--json"}).out;
    std::smatch m;
    if (!std::regex_search(json, m, std::regex("\"entries\": ([0-9]+)"))) return "";
    return m[1];
  }

  // The group's feed as a node lists it, for comparing nodes.
  std::string Feed(const KringNode& node) {
    std::string out = node.Run({"group", "feed", kGroup}).out;
    // Without the times and the author's own note on their case.
    out = std::regex_replace(out, std::regex("  \\(your case [0-9a-f]+\\)"), "");
    return std::regex_replace(out, std::regex("[0-9]{1,2} [A-Za-z]+ [0-9]{4},? [0-9:]+"), "");
  }

  TempDir dir_;
  KringNode anna_{dir_.File("Anna")};
  KringNode bram_{dir_.File("Bram")};
  KringNode cleo_{dir_.File("Cleo")};
  KringNode post_{dir_.File("Post")};
  std::unique_ptr<ServeProcess> mailbox_;
};

TEST_F(MailboxCliTest, AGroupWithAMailboxConvergesWithNoTwoMembersOnlineTogether) {
  const std::string code = MailboxCode();
  ProcessResult used = Ok(anna_, {"group", "use-mailbox", kGroup, code});
  EXPECT_TRUE(Has(used.out, "Intervisie Noord now uses the mailbox " + FingerprintOf(post_)))
      << used.out;
  EXPECT_TRUE(Has(mailbox_->Log(), "the mailbox now keeps group")) << mailbox_->Log();

  // Invitations while Anna's node is off: each request waits in the mailbox.
  for (KringNode* newcomer : {&bram_, &cleo_}) {
    ProcessResult invited = anna_.Run({"group", "invite", kGroup});
    ASSERT_EQ(invited.exit_code, 0) << invited.err;
    EXPECT_TRUE(Has(invited.out, "waits in the group's mailbox")) << invited.out;
    ProcessResult joined = Ok(*newcomer, {"join", Find(invited.out, "kring-join1:[A-Za-z0-9_-]+")});
    EXPECT_TRUE(Has(joined.out, "your request to join waits in the group's mailbox")) << joined.out;
    EXPECT_TRUE(Has(joined.out, FingerprintOf(anna_))) << joined.out;
    EXPECT_TRUE(Has(joined.out, FingerprintOf(*newcomer))) << joined.out;
    ProcessResult early = Ok(*newcomer, {"sync"});
    EXPECT_TRUE(Has(early.out, "still waits for the inviter's node")) << early.out;
  }
  // Anna's node takes both requests in, shows the fingerprints to compare, and passes the news on.
  ProcessResult anna_sync = Ok(anna_, {"sync"});
  EXPECT_TRUE(Has(anna_sync.out, "Synced with the mailbox of Intervisie Noord")) << anna_sync.out;
  for (KringNode* newcomer : {&bram_, &cleo_}) {
    EXPECT_TRUE(Has(anna_sync.out, "(" + FingerprintOf(*newcomer) + ") joined Intervisie Noord"))
        << anna_sync.out;
  }
  for (KringNode* newcomer : {&bram_, &cleo_}) {
    ProcessResult arrived = Ok(*newcomer, {"sync"});
    EXPECT_TRUE(Has(arrived.out, "you joined this group")) << arrived.out;
    EXPECT_TRUE(Has(Ok(*newcomer, {"group", "show", kGroup}).out, "Anna")) << arrived.out;
  }

  ProcessResult made = Ok(bram_, {"case", "new", "--title", "Teamleider onder druk", "--language",
                                  "nl", "--situation", "Het nieuwe rooster botst met het beleid."});
  const std::string id = made.out.substr(made.out.find("Saved case ") + 11, 8);
  Ok(bram_, {"case", "anonymise", id, "--yes"});
  Ok(bram_, {"case", "share", id, "--group", kGroup});
  ProcessResult bram_sync = Ok(bram_, {"sync"});
  EXPECT_TRUE(Has(bram_sync.out, "Synced with the mailbox of Intervisie Noord")) << bram_sync.out;
  EXPECT_TRUE(Has(bram_sync.out, "sent 1 case")) << bram_sync.out;

  ProcessResult cleo_sync = Ok(cleo_, {"sync"});
  EXPECT_TRUE(Has(cleo_sync.out, "received 1 case")) << cleo_sync.out;
  const std::string entry = Find(Ok(cleo_, {"group", "feed", kGroup}).out, "[0-9a-f]{8}(?=  Bram)");
  ASSERT_EQ(entry.size(), 8u) << Ok(cleo_, {"group", "feed", kGroup}).out;
  Ok(cleo_,
     {"review", kGroup, entry, "--scores", "4,3,5,4", "--focused", "yes", "--strengths",
      "Clear questions about the context.", "--suggestion", "Ask about the next step.", "--yes"});
  EXPECT_TRUE(Has(Ok(cleo_, {"sync"}).out, "sent 1 review"));

  EXPECT_TRUE(Has(Ok(anna_, {"sync"}).out, "received 1 case and 1 review"));
  EXPECT_TRUE(Has(Ok(bram_, {"sync"}).out, "received 1 review"));
  // Everyone holds the same entries (Cleo's own last sync brought her the rest).
  Ok(cleo_, {"sync"});
  EXPECT_EQ(Entries(anna_), Entries(bram_));
  EXPECT_EQ(Entries(anna_), Entries(cleo_));
  EXPECT_EQ(Feed(anna_), Feed(bram_));
  EXPECT_EQ(Feed(anna_), Feed(cleo_));
  EXPECT_TRUE(Has(Feed(bram_), "Anna gave the group the mailbox " + FingerprintOf(post_)));

  // `group show`: the mailbox, and when each member last reached it.
  ProcessResult shown = Ok(anna_, {"group", "show", kGroup});
  EXPECT_TRUE(Has(shown.out, "Mailbox: " + FingerprintOf(post_) + " at " + mailbox_->address()))
      << shown.out;
  EXPECT_TRUE(Has(shown.out, "Last reached the mailbox:")) << shown.out;
  EXPECT_FALSE(Has(shown.out, "not yet")) << shown.out;
  const std::string json = Ok(anna_, {"group", "show", kGroup, "--json"}).out;
  EXPECT_TRUE(
      Has(json, "\"fingerprint\": \"" + FingerprintOf(bram_) + "\", \"last_reached_at\": 1"))
      << json;
  // Nobody added a peer: Anna has none; the newcomers only the mailbox, remembered by `join`.
  EXPECT_TRUE(Has(Ok(anna_, {"peer", "list"}).out, "No peers yet"));
  const std::string bram_peers = Ok(bram_, {"peer", "list"}).out;
  EXPECT_TRUE(Has(bram_peers, mailbox_->address())) << bram_peers;
  EXPECT_TRUE(Has(bram_peers, "the mailbox of " + std::string(kGroup))) << bram_peers;
  EXPECT_EQ(mailbox_->Stop(), 0);

  // The mailbox holds the group's entries and cannot read any of them.
  ProcessResult kept = Ok(post_, {"relay", "list"});
  EXPECT_TRUE(Has(kept.out, "3 members")) << kept.out;
  auto node = Node::Open(post_.home(), post_.passphrase());
  ASSERT_TRUE(node.ok()) << node.status().message();
  GroupBook book(**node);
  auto ids = book.GroupIds();
  ASSERT_TRUE(ids.ok() && ids->size() == 1);
  auto loaded = book.Load(ids->front());
  ASSERT_TRUE(loaded.ok());
  EXPECT_TRUE(loaded->keys.empty());
  auto entries = book.ListEntries(ids->front());
  ASSERT_TRUE(entries.ok());
  GroupView view = BuildGroupView(*loaded, *entries);
  ASSERT_EQ(view.cases.size(), 1u);
  EXPECT_FALSE(view.cases.front().readable);
  for (const auto& file : std::filesystem::recursive_directory_iterator(post_.home())) {
    if (!file.is_regular_file()) continue;
    EXPECT_FALSE(Has(testing::ReadFile(file.path()), "rooster")) << file.path();
  }
}

TEST_F(MailboxCliTest, AWrongCodeIsRefusedAndChangesNothing) {
  const std::string code = MailboxCode();
  // Altered: the check catches it before anything is sent.
  std::string altered = code;
  altered[altered.size() / 2] = altered[altered.size() / 2] == 'A' ? 'B' : 'A';
  ProcessResult damaged = anna_.Run({"group", "use-mailbox", kGroup, altered});
  EXPECT_EQ(damaged.exit_code, 2) << damaged.err;
  EXPECT_TRUE(Has(damaged.err, "damaged")) << damaged.err;
  // An invitation code where a mailbox code belongs.
  ServeProcess anna_serve(anna_, {"--accept-only"});
  ASSERT_TRUE(anna_serve.Start());
  const std::string invitation =
      Find(Ok(anna_, {"group", "invite", kGroup}).out, "kring-join1:[A-Za-z0-9_-]+");
  EXPECT_EQ(anna_serve.Stop(), 0);
  ProcessResult wrong_kind = anna_.Run({"group", "use-mailbox", kGroup, invitation});
  EXPECT_EQ(wrong_kind.exit_code, 2);
  EXPECT_TRUE(Has(wrong_kind.err, "this is an invitation to a group")) << wrong_kind.err;
  // A code the mailbox replaced: refused by the mailbox.
  const std::string renewed = MailboxCode({"--new"});
  EXPECT_NE(renewed, code);
  ProcessResult old = anna_.Run({"group", "use-mailbox", kGroup, code});
  EXPECT_EQ(old.exit_code, 1) << old.err;
  EXPECT_TRUE(Has(old.err, "did not accept this code")) << old.err;
  EXPECT_TRUE(Has(mailbox_->Log(), "the code is not this mailbox's current code"))
      << mailbox_->Log();
  // A member who is not an admin.
  JoinByInvitation({&bram_});
  ProcessResult not_admin = bram_.Run({"group", "use-mailbox", kGroup, renewed});
  EXPECT_EQ(not_admin.exit_code, 1);
  EXPECT_TRUE(Has(not_admin.err, "only an admin")) << not_admin.err;
  // None of it gave the group a mailbox, on either side.
  EXPECT_TRUE(Has(Ok(anna_, {"group", "show", kGroup}).out, "No mailbox"));
  EXPECT_TRUE(Has(Ok(post_, {"relay", "list"}).out, "keeps no group"));

  // The mailbox switched off: a network error, and still no mailbox.
  EXPECT_EQ(mailbox_->Stop(), 0);
  ProcessResult offline = anna_.Run({"group", "use-mailbox", kGroup, renewed});
  EXPECT_EQ(offline.exit_code, 3) << offline.err;
  EXPECT_TRUE(Has(offline.err, "could not reach the mailbox")) << offline.err;
  EXPECT_TRUE(Has(Ok(anna_, {"group", "show", kGroup}).out, "No mailbox"));
}

TEST_F(MailboxCliTest, StoppingTheMailboxReachesMembersThroughIt) {
  Ok(anna_, {"group", "use-mailbox", kGroup, MailboxCode()});
  JoinByInvitation({&bram_});
  Ok(anna_, {"sync"});
  EXPECT_TRUE(Has(Ok(bram_, {"group", "show", kGroup}).out, "Mailbox: "));
  ProcessResult stopped = Ok(anna_, {"group", "use-mailbox", kGroup, "--stop"});
  EXPECT_TRUE(Has(stopped.out, "no longer uses its mailbox")) << stopped.out;
  EXPECT_TRUE(Has(Ok(anna_, {"group", "show", kGroup}).out, "No mailbox"));
  // Bram learns it from the mailbox itself (Anna's node is off: that is no failure while the
  // group synced through the mailbox); after that he has only Anna's node left to sync with.
  ProcessResult learned = Ok(bram_, {"sync"});
  EXPECT_TRUE(Has(learned.out, "Synced with the mailbox of Intervisie Noord")) << learned.out;
  EXPECT_TRUE(Has(learned.out, "synced all the same")) << learned.out;
  EXPECT_TRUE(Has(Ok(bram_, {"group", "show", kGroup}).out, "No mailbox"));
  ProcessResult alone = bram_.Run({"sync"});
  EXPECT_EQ(alone.exit_code, 3) << alone.out << alone.err;
  EXPECT_FALSE(Has(alone.out, "mailbox")) << alone.out;
}

TEST_F(MailboxCliTest, ANewMailboxReachesMembersThroughTheOldOne) {
  Ok(anna_, {"group", "use-mailbox", kGroup, MailboxCode()});
  JoinByInvitation({&bram_});
  Ok(anna_, {"sync"});
  KringNode post2(dir_.File("Post2"));
  ASSERT_EQ(post2.Run({"init", "--alias", "Post2"}).exit_code, 0);
  ServeProcess second(post2, {}, {"relay", "setup"});
  ASSERT_TRUE(second.Start()) << second.Log();
  const std::string code2 = Find(Ok(post2, {"relay", "code"}).out, "kring-mailbox1:[A-Za-z0-9_-]+");
  ProcessResult moved = Ok(anna_, {"group", "use-mailbox", kGroup, code2});
  EXPECT_TRUE(Has(moved.out, "now uses the mailbox " + FingerprintOf(post2))) << moved.out;
  // Bram, who syncs only through mailboxes, hears of the new one from the old one, then uses it.
  Ok(bram_, {"sync"});
  EXPECT_TRUE(Has(Ok(bram_, {"group", "show", kGroup}).out, "Mailbox: " + FingerprintOf(post2)));
  ProcessResult through_new = Ok(bram_, {"sync"});
  EXPECT_TRUE(Has(through_new.out, second.address())) << through_new.out;
  EXPECT_FALSE(Has(through_new.out, mailbox_->address())) << through_new.out;
  // A member who left stops dialling the mailbox (it would turn them away).
  Ok(bram_, {"group", "leave", kGroup});
  ProcessResult after_leaving = bram_.Run({"sync"});
  EXPECT_FALSE(Has(after_leaving.out + after_leaving.err, second.address()))
      << after_leaving.out << after_leaving.err;
  EXPECT_EQ(second.Stop(), 0);
}

}  // namespace
}  // namespace kring
