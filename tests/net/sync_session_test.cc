// The sync session's choice of reconciliation, with two in-process nodes over loopback: rateless
// IBLT when both speak it, Negentropy V1 when the server does not, and Negentropy again when the
// server's symbols cannot be decoded within the client's limits.
#include "net/sync_session.h"

#include <gtest/gtest.h>

#include "core/groups/group_book.h"
#include "core/groups/group_writer.h"
#include "tests/support/group_fixture.h"
#include "tests/support/loopback_sync.h"
#include "tests/support/test_util.h"

namespace kring {
namespace {

constexpr char kPass[] = "a passphrase long enough for tests";
constexpr size_t kCases = 40;

class SyncSessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto());
    auto a = Node::Init(dir_.File("a"), kPass, "Anna");
    auto b = Node::Init(dir_.File("b"), kPass, "Bram");
    ASSERT_TRUE(a.ok() && b.ok());
    a_ = std::move(a).value();
    b_ = std::move(b).value();
    GroupBook book(*a_);
    auto id = book.Create("Intervisie");
    ASSERT_TRUE(id.ok()) << id.status().message();
    group_id_ = *id;
    auto group = book.Load(group_id_);
    ASSERT_TRUE(group.ok());
    pb::PublicIdentity bram;
    bram.set_signing_public_key(b_->signing_public_key());
    bram.set_sealing_public_key(b_->sealing_public_key());
    bram.set_alias("Bram");
    auto added = AddMember(group->ledger, group->keys, book.Me(), a_->signing_secret_key(), bram,
                           pb::ROLE_COACH, static_cast<uint64_t>(NowMillis()));
    ASSERT_TRUE(added.ok());
    ASSERT_TRUE(book.Append(*group, *added).ok());
    std::vector<pb::Entry> cases;
    for (size_t i = 0; i < kCases; ++i) {
      auto shared = ShareCase(group->ledger, group->keys, book.Me(), a_->signing_secret_key(),
                              testing::SampleCase("case " + std::to_string(i)),
                              static_cast<uint64_t>(NowMillis()) + i);
      ASSERT_TRUE(shared.ok());
      cases.push_back(*shared);
    }
    ASSERT_TRUE(book.Append(*group, cases).ok());
  }

  // A serves one session; B dials and syncs. Returns B's report.
  Result<SyncReport> Sync(SyncConfig server_config, SyncConfig client_config) {
    client_config.log = [this](const std::string& line) { client_log_ += line + "\n"; };
    return testing::SyncOnceOverLoopback(*a_, std::move(server_config), *b_,
                                         std::move(client_config));
  }

  void ExpectAllArrived(const SyncReport& report, const std::string& reconciled_by) {
    ASSERT_EQ(report.groups.size(), 1u);
    const GroupSyncReport& g = report.groups[0];
    EXPECT_EQ(g.reconciled_by, reconciled_by);
    EXPECT_TRUE(g.joined);
    EXPECT_TRUE(g.refused.empty());
    GroupBook a(*a_), b(*b_);
    auto on_a = a.ListEntries(group_id_);
    auto on_b = b.ListEntries(group_id_);
    ASSERT_TRUE(on_a.ok() && on_b.ok());
    EXPECT_EQ(on_b->size(), on_a->size());
    EXPECT_GE(on_b->size(), kCases);
  }

  testing::TempDir dir_;
  std::unique_ptr<Node> a_, b_;
  std::string group_id_;
  std::string client_log_;
};

TEST_F(SyncSessionTest, ReconcilesWithRatelessIbltWhenBothSpeakIt) {
  auto report = Sync({}, {});
  ASSERT_TRUE(report.ok()) << report.status().message();
  ExpectAllArrived(*report, "rateless IBLT");
}

TEST_F(SyncSessionTest, UsesNegentropyWithAPeerThatDoesNotSpeakIt) {
  SyncConfig server;
  server.use_riblt = false;
  auto report = Sync(server, {});
  ASSERT_TRUE(report.ok()) << report.status().message();
  ExpectAllArrived(*report, "Negentropy");
}

// The server's set (the group's ~42 entries) is larger than this client accepts in a sketch
// exchange, so its symbols are refused; the client says so and reconciles with Negentropy.
TEST_F(SyncSessionTest, FallsBackToNegentropyWhenTheSymbolsCannotBeUsed) {
  SyncConfig client;
  client.limits.max_sketch_set = 10;
  auto report = Sync({}, client);
  ASSERT_TRUE(report.ok()) << report.status().message();
  ExpectAllArrived(*report, "Negentropy");
  EXPECT_NE(client_log_.find("reconciling with Negentropy instead"), std::string::npos)
      << client_log_;
}

}  // namespace
}  // namespace kring
