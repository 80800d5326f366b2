// The mailbox's side of a registration with real stores: a group is kept once, for an admin of
// the chain the mailbox holds; a removed admin's old chain (with a fork written before the
// removal) is refused and changes nothing; a member's own node cannot be the mailbox.
#include <gtest/gtest.h>

#include "core/crypto/crypto.h"
#include "core/groups/group_book.h"
#include "core/groups/group_writer.h"
#include "core/groups/mailbox.h"
#include "core/store/node.h"
#include "tests/support/test_util.h"

namespace kring {
namespace {

using testing::TempDir;

class MailboxStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto());
    for (const char* name : {"anna", "bram", "post"}) {
      auto node = Node::Init(dir_.File(name), "correct horse battery", name);
      ASSERT_TRUE(node.ok()) << node.status().message();
      nodes_[name] = std::move(node).value();
    }
    GroupBook anna(Anna());
    group_id_ = anna.Create("Intervisie Utrecht").value();
    LoadedGroup g = anna.Load(group_id_).value();
    pb::PublicIdentity bram;
    bram.set_signing_public_key(nodes_["bram"]->signing_public_key());
    bram.set_sealing_public_key(nodes_["bram"]->sealing_public_key());
    bram.set_alias("bram");
    auto added = AddMember(g.ledger, g.keys, anna.Me(), Anna().signing_secret_key(), bram,
                           pb::ROLE_ADMIN, static_cast<uint64_t>(NowMillis()));
    ASSERT_TRUE(added.ok()) << added.status().message();
    ASSERT_TRUE(anna.Append(g, *added).ok());
    setup_ = MakeMailboxSetup(static_cast<uint64_t>(NowMillis() / 1000));
    ASSERT_TRUE(SaveMailboxSetup(Post(), setup_).ok());
  }
  Node& Anna() { return *nodes_["anna"]; }
  Node& Post() { return *nodes_["post"]; }

  pb::MailboxRegister Request(const GroupLedger& ledger, Node& signer, Node& mailbox) {
    pb::MailboxRegister request;
    request.set_secret(setup_.secret());
    request.set_registration(
        EncodeRelayRegistration(ledger, signer.signing_public_key(), signer.signing_secret_key(),
                                mailbox.signing_public_key(), static_cast<uint64_t>(NowMillis()))
            .value());
    return request;
  }
  size_t Held(Node& node) {
    GroupBook book(node);
    auto entries = book.ListEntries(group_id_);
    return entries.ok() ? entries->size() : 0;
  }

  TempDir dir_;
  std::map<std::string, std::unique_ptr<Node>> nodes_;
  std::string group_id_;
  pb::MailboxSetup setup_;
};

TEST_F(MailboxStoreTest, ARemovedAdminsOldChainIsRefusedAndChangesNothing) {
  GroupBook anna(Anna());
  const GroupLedger before_removal = anna.Load(group_id_).value().ledger;
  pb::MailboxResult kept = AcceptMailboxRegister(Post(), Request(before_removal, Anna(), Post()),
                                                 Anna().signing_public_key(), NowMillis());
  ASSERT_EQ(kept.outcome(), pb::MailboxResult::KEPT);
  EXPECT_EQ(kept.group_id(), group_id_);

  // Anna removes Bram; the mailbox learns it as it would in a sync.
  LoadedGroup g = anna.Load(group_id_).value();
  auto removed =
      RemoveMember(g.ledger, g.keys, anna.Me(), Anna().signing_secret_key(),
                   nodes_["bram"]->signing_public_key(), static_cast<uint64_t>(NowMillis()));
  ASSERT_TRUE(removed.ok()) << removed.status().message();
  ASSERT_TRUE(anna.Append(g, *removed).ok());
  GroupBook post(Post());
  ASSERT_TRUE(
      post.Import(group_id_, anna.ExportEntries(group_id_).value(), ImportMode::kRelay).ok());
  const size_t held = Held(Post());

  // Bram, removed, writes a fork from before his removal (he removes Anna there) and registers
  // that chain with the mailbox code he still has.
  GroupLedger fork = before_removal;
  auto keys = UnlockEpochKeys(fork, nodes_["bram"]->signing_public_key(),
                              BoxKeyPair{nodes_["bram"]->sealing_public_key(),
                                         nodes_["bram"]->sealing_secret_key().Clone()});
  ASSERT_TRUE(keys.ok());
  WriterIdentity bram{nodes_["bram"]->signing_public_key(), nodes_["bram"]->sealing_public_key(),
                      "bram"};
  auto coup = kring::RemoveMember(fork, *keys, bram, nodes_["bram"]->signing_secret_key(),
                                  Anna().signing_public_key(), static_cast<uint64_t>(NowMillis()));
  ASSERT_TRUE(coup.ok()) << coup.status().message();
  for (const pb::Entry& e : *coup) ASSERT_TRUE(fork.Admit(e, NoEntries, NowMillis()).ok());
  pb::MailboxResult refused =
      AcceptMailboxRegister(Post(), Request(fork, *nodes_["bram"], Post()),
                            nodes_["bram"]->signing_public_key(), NowMillis());
  EXPECT_EQ(refused.outcome(), pb::MailboxResult::NOT_ADMIN);
  EXPECT_EQ(Held(Post()), held);
  LoadedGroup kept_group = post.Load(group_id_).value();
  EXPECT_EQ(kept_group.state().FindMember(nodes_["bram"]->signing_public_key()), nullptr);
  EXPECT_NE(kept_group.state().FindMember(Anna().signing_public_key()), nullptr);
  EXPECT_TRUE(kept_group.ledger.OverruledEntries().empty());

  // Anna registering again is fine and imports nothing new.
  EXPECT_EQ(AcceptMailboxRegister(Post(), Request(g.ledger, Anna(), Post()),
                                  Anna().signing_public_key(), NowMillis())
                .outcome(),
            pb::MailboxResult::KEPT);
  EXPECT_EQ(Held(Post()), held);
}

TEST_F(MailboxStoreTest, AMembersOwnNodeCannotKeepItsGroupAndAWrongCodeStoresNothing) {
  ASSERT_TRUE(SaveMailboxSetup(Anna(), setup_).ok());
  GroupBook anna(Anna());
  const GroupLedger ledger = anna.Load(group_id_).value().ledger;
  EXPECT_EQ(AcceptMailboxRegister(Anna(), Request(ledger, *nodes_["bram"], Anna()),
                                  nodes_["bram"]->signing_public_key(), NowMillis())
                .outcome(),
            pb::MailboxResult::IS_MEMBER);
  pb::MailboxRegister wrong = Request(ledger, Anna(), Post());
  wrong.set_secret(std::string(kMailboxSecretBytes, 'w'));
  EXPECT_EQ(
      AcceptMailboxRegister(Post(), wrong, Anna().signing_public_key(), NowMillis()).outcome(),
      pb::MailboxResult::WRONG_CODE);
  GroupBook post(Post());
  EXPECT_TRUE(post.GroupIds().value().empty());
}

}  // namespace
}  // namespace kring
