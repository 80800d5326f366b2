// Crash-safety of sync: `kring sync` pulling a few thousand entries from a `kring serve` is
// killed with SIGKILL at random points. After each kill the store must reopen, pass SQLite's
// integrity_check, hold only whole, valid entries of the group, and a second sync must complete
// the set. A handful of runs by default; KRING_LONG_TESTS=1 (scripts/long-tests) runs 50.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <set>

#include "core/groups/entry.h"
#include "core/groups/group_book.h"
#include "core/groups/group_writer.h"
#include "core/store/node.h"
#include "tests/support/group_fixture.h"
#include "tests/support/test_util.h"

namespace kring {
namespace {

using testing::KringNode;
using testing::ServeProcess;
using testing::TempDir;

constexpr char kPass[] = "correct horse battery";

bool LongMode() {
  const char* env = std::getenv("KRING_LONG_TESTS");
  return env != nullptr && std::string(env) == "1";
}

std::unique_ptr<Node> Open(const std::string& home) {
  auto opened = Node::Open(home, kPass);
  EXPECT_TRUE(opened.ok()) << opened.status().message();
  return opened.ok() ? std::move(opened).value() : nullptr;
}

std::vector<std::string> SortedKeys(Node& node, const std::string& group_id) {
  GroupBook book(node);
  auto keys = book.ReconciliationKeys(group_id);
  EXPECT_TRUE(keys.ok()) << keys.status().message();
  std::vector<std::string> ids;
  if (keys.ok()) {
    for (const EntryKey& key : *keys) ids.push_back(key.id);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

// A case and `count` reviews of it, written by the admin in one go (fast, in-process).
void WriteEntries(Node& node, const std::string& group_id, int count) {
  GroupBook book(node);
  auto group = book.Load(group_id);
  ASSERT_TRUE(group.ok()) << group.status().message();
  // Each review a millisecond after the case, as in real use. (With the same created_at, the
  // sender may order a review before its case; see the note in docs/load.md.)
  const auto now = static_cast<uint64_t>(NowMillis()) - 2 * static_cast<uint64_t>(count) - 1000;
  auto shared = ShareCase(group->ledger, group->keys, book.Me(), node.signing_secret_key(),
                          testing::SampleCase("Veel reviews"), now);
  ASSERT_TRUE(shared.ok()) << shared.status().message();
  ASSERT_TRUE(book.Append(*group, {*shared}).ok());
  pb::ReviewBody body = testing::SampleReview();
  body.set_strengths(std::string(600, 'x'));
  std::vector<pb::Entry> entries;
  for (int i = 0; i < count; ++i) {
    auto review = WriteReview(group->ledger, group->keys, book.Me(), node.signing_secret_key(),
                              EntryId(*shared), body, now + 1 + static_cast<uint64_t>(i));
    ASSERT_TRUE(review.ok()) << review.status().message();
    entries.push_back(std::move(review).value());
  }
  Status appended = book.Append(*group, entries);
  ASSERT_TRUE(appended.ok()) << appended.message();
}

pid_t StartSync(const std::string& home) {
  return testing::SpawnProcess(KRING_BINARY, {"--home", home, "sync"},
                               {{"KRING_PASSPHRASE", kPass}});
}

// What a receiver's store must satisfy after any crash: integrity, and every entry of the group
// whole (its envelope parses, validates and hashes to its id) and one the sender has.
void ExpectSoundStore(const std::string& home, const std::string& group_id,
                      const std::set<std::string>& sender_ids, int run) {
  SCOPED_TRACE("run " + std::to_string(run));
  auto node = Open(home);
  ASSERT_NE(node, nullptr);
  Status integrity = node->store().CheckIntegrity();
  ASSERT_TRUE(integrity.ok()) << integrity.message();
  GroupBook book(*node);
  auto ids = book.GroupIds();
  ASSERT_TRUE(ids.ok()) << ids.status().message();
  if (ids->empty()) return;  // killed before the group arrived: nothing of it may be stored
  ASSERT_EQ(ids->size(), 1u);
  ASSERT_EQ(ids->front(), group_id);
  auto group = book.Load(group_id);  // rebuilds and validates the chain through the ledger
  ASSERT_TRUE(group.ok()) << group.status().message();
  EXPECT_NE(group->state().FindMember(node->signing_public_key()), nullptr);
  EXPECT_FALSE(group->keys.empty());  // the key it was sealed arrived with the chain
  auto entries = book.ListEntries(group_id);
  ASSERT_TRUE(entries.ok()) << entries.status().message();
  auto rows = node->store().CountEntries(group_id);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(static_cast<int64_t>(entries->size()), *rows);
  for (const GroupEntry& entry : *entries) {
    ASSERT_FALSE(entry.retracted);
    Verdict verdict = CheckEnvelope(entry.envelope);
    ASSERT_TRUE(verdict.ok()) << verdict.message();
    ASSERT_EQ(EntryId(entry.envelope), entry.id);
    ASSERT_TRUE(sender_ids.count(entry.id)) << "an entry the sender never had";
  }
}

TEST(SyncCrashTest, AReceiverKilledAtRandomPointsKeepsASoundStoreAndTheNextSyncCompletes) {
  ASSERT_TRUE(InitCrypto());
  TempDir dir;
  KringNode a(dir.File("anna")), b(dir.File("bram"));
  ASSERT_EQ(a.Run({"init", "--alias", "anna"}).exit_code, 0);
  ASSERT_EQ(b.Run({"init", "--alias", "bram"}).exit_code, 0);
  auto id = b.Run({"whoami", "--export"});
  ASSERT_EQ(id.exit_code, 0) << id.err;
  testing::WriteFile(dir.File("bram.id"), id.out);
  ASSERT_EQ(a.Run({"group", "create", "Utrecht"}).exit_code, 0);
  auto added = a.Run({"group", "add", "Utrecht", dir.File("bram.id"), "--role", "coach"});
  ASSERT_EQ(added.exit_code, 0) << added.err;

  std::string group_id;
  std::set<std::string> sender_ids;
  std::vector<std::string> sender_keys;
  {
    auto node = Open(a.home());
    ASSERT_NE(node, nullptr);
    GroupBook book(*node);
    auto resolved = book.Resolve("Utrecht");
    ASSERT_TRUE(resolved.ok());
    group_id = *resolved;
    WriteEntries(*node, group_id, 3000);
    sender_keys = SortedKeys(*node, group_id);
    sender_ids.insert(sender_keys.begin(), sender_keys.end());
  }
  ASSERT_GT(sender_keys.size(), 3000u);

  ServeProcess serve(a);
  ASSERT_TRUE(serve.Start());
  ASSERT_EQ(b.Run({"peer", "add", serve.address()}).exit_code, 0);
  // B as it is before its first sync: every run starts from a copy of it.
  const std::string template_home = b.home();

  auto fresh_copy = [&](int run) {
    const std::string home = dir.File("run" + std::to_string(run));
    std::filesystem::copy(template_home, home, std::filesystem::copy_options::recursive);
    return home;
  };

  // One uncut run tells how long a full sync takes here, to spread the kills over it.
  const auto started = std::chrono::steady_clock::now();
  {
    KringNode full(fresh_copy(0));
    auto synced = full.Run({"sync"});
    ASSERT_EQ(synced.exit_code, 0) << synced.err;
  }
  const auto full_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::steady_clock::now() - started)
                           .count();

  const int runs = LongMode() ? 50 : 4;
  const unsigned seed = std::random_device{}();
  std::mt19937 random(seed);
  // Kills land in the first half of a full sync's time: later runs are often faster than the
  // first (warm caches), and a kill after the end proves nothing.
  std::uniform_int_distribution<long> delay_ms(0, std::max<long>(1, full_ms / 2));
  int killed_mid_way = 0;
  for (int run = 1; run <= runs; ++run) {
    SCOPED_TRACE("seed " + std::to_string(seed) + ", run " + std::to_string(run));
    const std::string home = fresh_copy(run);
    pid_t sync = StartSync(home);
    ::usleep(static_cast<useconds_t>(delay_ms(random) * 1000));
    ::kill(sync, SIGKILL);
    int status = 0;
    ::waitpid(sync, &status, 0);
    if (WIFSIGNALED(status)) ++killed_mid_way;

    ExpectSoundStore(home, group_id, sender_ids, run);
    if (::testing::Test::HasFatalFailure()) return;

    KringNode again(home);
    auto second = again.Run({"sync"});
    ASSERT_EQ(second.exit_code, 0) << second.out << second.err;
    auto node = Open(home);
    ASSERT_NE(node, nullptr);
    const std::vector<std::string> received = SortedKeys(*node, group_id);
    EXPECT_EQ(received.size(), sender_keys.size()) << second.out << second.err;
    EXPECT_TRUE(received == sender_keys) << "the second sync did not complete the set";
    std::error_code ec;
    std::filesystem::remove_all(home, ec);
  }
  std::printf("%d runs, %d killed before the sync finished (full sync took ~%ld ms)\n", runs,
              killed_mid_way, static_cast<long>(full_ms));
  EXPECT_GT(killed_mid_way, 0);
  EXPECT_EQ(serve.Stop(), 0);
}

}  // namespace
}  // namespace kring
