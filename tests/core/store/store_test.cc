#include "core/store/store.h"

#include <gtest/gtest.h>

#include "core/store/sqlite.h"
#include "tests/support/test_util.h"

namespace kring {
namespace {

using testing::TempDir;
using testing::WriteFile;

TEST(StoreTest, CreateOpenAndMeta) {
  TempDir dir;
  {
    auto store = Store::Create(dir.File("k.db"));
    ASSERT_TRUE(store.ok()) << store.status().message();
    EXPECT_EQ((*store)->schema_version(), kSchemaVersion);
    ASSERT_TRUE((*store)->PutMeta("a", std::string("\0b", 2)).ok());
  }
  auto store = Store::Open(dir.File("k.db"));
  ASSERT_TRUE(store.ok());
  auto value = (*store)->GetMeta("a");
  ASSERT_TRUE(value.ok() && value->has_value());
  EXPECT_EQ(**value, std::string("\0b", 2));
  EXPECT_FALSE((*(*store)->GetMeta("missing")).has_value());
  EXPECT_TRUE((*store)->CheckIntegrity().ok());
  EXPECT_FALSE(Store::Create(dir.File("k.db")).ok());
}

TEST(StoreTest, ForeignFilesAreRefusedClearly) {
  TempDir dir;
  WriteFile(dir.File("text.db"), std::string(8192, 'x'));
  auto text = Store::Open(dir.File("text.db"));
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().code(), Code::kIntegrity);
  // A real SQLite database of another program.
  {
    auto db = Database::Open(dir.File("other.db"), true);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->ExecTrusted("CREATE TABLE t(x); INSERT INTO t VALUES(1);").ok());
  }
  auto other = Store::Open(dir.File("other.db"));
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.status().message().find("not a Kring database"), std::string::npos);
  EXPECT_FALSE(Store::Open(dir.File("missing.db")).ok());
}

TEST(StoreTest, NewerSchemaIsRefusedAndNotTouched) {
  TempDir dir;
  {
    auto store = Store::Create(dir.File("k.db"));
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->db().ExecTrusted("UPDATE schema_version SET version = 999").ok());
  }
  auto store = Store::Open(dir.File("k.db"));
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("newer version"), std::string::npos);
  auto db = Database::Open(dir.File("k.db"), false);
  auto q = (*db)->Prepare("SELECT version FROM schema_version");
  ASSERT_TRUE(q.ok() && *q->Step());
  EXPECT_EQ(q->ColumnInt(0), 999);
}

TEST(StoreTest, RolledBackTransactionLeavesNoTrace) {
  TempDir dir;
  auto store = std::move(Store::Create(dir.File("k.db")).value());
  {
    auto tx = store->Begin();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(store->PutCase(CaseRow{std::string(32, 'a'), 1, 1, "sealed"}).ok());
    // no commit
  }
  EXPECT_TRUE(store->ListCases()->empty());
  {
    auto tx = store->Begin();
    ASSERT_TRUE(store->PutCase(CaseRow{std::string(32, 'b'), 1, 1, "sealed"}).ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  EXPECT_EQ(store->ListCases()->size(), 1u);
}

TEST(StoreTest, RecentCasesComeLastChangedFirstAndAreCounted) {
  TempDir dir;
  auto store = std::move(Store::Create(dir.File("k.db")).value());
  EXPECT_EQ(*store->CountCases(), 0);
  EXPECT_TRUE(store->ListRecentCases(10)->empty());
  // updated_at 5, 9, 1, 9 (a tie: by id)
  const std::vector<std::pair<char, int64_t>> rows = {{'a', 5}, {'b', 9}, {'c', 1}, {'d', 9}};
  for (const auto& [c, updated] : rows) {
    ASSERT_TRUE(store->PutCase(CaseRow{std::string(32, c), 1, updated, std::string(1, c)}).ok());
  }
  EXPECT_EQ(*store->CountCases(), 4);
  auto three = store->ListRecentCases(3);
  ASSERT_TRUE(three.ok());
  ASSERT_EQ(three->size(), 3u);
  EXPECT_EQ((*three)[0].id, std::string(32, 'b'));
  EXPECT_EQ((*three)[1].id, std::string(32, 'd'));
  EXPECT_EQ((*three)[2].id, std::string(32, 'a'));
  EXPECT_EQ((*three)[2].sealed, "a");
  EXPECT_EQ(store->ListRecentCases(100)->size(), 4u);
  EXPECT_TRUE(store->ListRecentCases(0)->empty());
}

}  // namespace
}  // namespace kring

namespace kring {
namespace {

TEST(StoreTest, MigratesAVersionOneDatabase) {
  testing::TempDir dir;
  {
    auto db = Database::Open(dir.File("k.db"), true);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(
        (*db)
            ->ExecTrusted("PRAGMA application_id = 1263685191;"
                          "CREATE TABLE schema_version(version INTEGER NOT NULL);"
                          "INSERT INTO schema_version VALUES(1);"
                          "CREATE TABLE meta(key TEXT PRIMARY KEY, value BLOB NOT NULL);"
                          "CREATE TABLE cases(id TEXT PRIMARY KEY, created_at INTEGER NOT NULL,"
                          "  updated_at INTEGER NOT NULL, sealed BLOB NOT NULL);"
                          "INSERT INTO cases VALUES('aaaa', 1, 1, x'00');")
            .ok());
  }
  auto store = Store::Open(dir.File("k.db"));
  ASSERT_TRUE(store.ok()) << store.status().message();
  EXPECT_EQ((*store)->schema_version(), kSchemaVersion);
  EXPECT_EQ((*store)->ListCases()->size(), 1u);    // old data kept
  EXPECT_TRUE((*store)->ListEntryKeys("g").ok());  // new tables there
}

TEST(StoreTest, EntriesAreIdempotentOrderedAndRetractable) {
  testing::TempDir dir;
  auto store = std::move(Store::Create(dir.File("k.db")).value());
  std::vector<EntryRow> rows = {
      {std::string(32, 'b'), "g1", 20, 1, std::string("body-b"), 5},
      {std::string(32, 'a'), "g1", 20, 1, std::string("body-a"), 5},
      {std::string(32, 'c'), "g1", 10, 1, std::string("body-c"), 5},
      {std::string(32, 'd'), "g2", 1, 1, std::string("body-d"), 5},
  };
  {
    auto tx = store->Begin();
    auto inserted = store->InsertEntries(rows);
    ASSERT_TRUE(inserted.ok());
    EXPECT_EQ(*inserted, 4);
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  EXPECT_EQ(*store->InsertEntries(rows), 0);  // replay is a no-op
  auto keys = store->ListEntryKeys("g1");
  ASSERT_TRUE(keys.ok());
  ASSERT_EQ(keys->size(), 3u);
  EXPECT_EQ((*keys)[0].id, std::string(32, 'c'));
  EXPECT_EQ((*keys)[1].id, std::string(32, 'a'));
  EXPECT_EQ((*keys)[2].id, std::string(32, 'b'));
  ASSERT_TRUE(store->MarkRetracted(std::string(32, 'a'), std::nullopt).ok());
  auto row = store->GetEntry(std::string(32, 'a'));
  ASSERT_TRUE(row.ok() && row->has_value());
  EXPECT_FALSE((*row)->sealed.has_value());
  EXPECT_TRUE((*row)->retracted);
  EXPECT_TRUE(*store->HasEntry(std::string(32, 'a')));
  EXPECT_EQ(*store->CountEntries("g1"), 3);
  EXPECT_EQ(store->ListEntryKeys("g1")->size(), 2u);  // retracted entries are not offered
  EXPECT_EQ(*store->CountEntries("g2"), 1);
}

TEST(StoreTest, NestedTransactionsAreAllOrNothing) {
  testing::TempDir dir;
  auto store = std::move(Store::Create(dir.File("k.db")).value());
  {
    auto outer = store->Begin();
    ASSERT_TRUE(outer.ok());
    {
      auto inner = store->Begin();
      ASSERT_TRUE(inner.ok());
      ASSERT_TRUE(store->PutCase(CaseRow{std::string(32, 'a'), 1, 1, "x"}).ok());
      ASSERT_TRUE((*inner)->Commit().ok());
    }
    {
      auto inner = store->Begin();
      ASSERT_TRUE(store->PutCase(CaseRow{std::string(32, 'b'), 1, 1, "x"}).ok());
      // not committed: rolled back to its savepoint only
    }
    EXPECT_EQ(store->ListCases()->size(), 1u);
    // outer not committed either
  }
  EXPECT_TRUE(store->ListCases()->empty());
}

TEST(StoreTest, PeersAndGroups) {
  testing::TempDir dir;
  auto store = std::move(Store::Create(dir.File("k.db")).value());
  auto id = store->AddPeer(PeerRow{0, "127.0.0.1:7000", "", "bram", 1, 0, "", 0, ""});
  ASSERT_TRUE(id.ok());
  ASSERT_TRUE(store->RecordPeerSync(*id, 99, "refused").ok());
  auto peers = store->ListPeers();
  ASSERT_EQ(peers->size(), 1u);
  EXPECT_EQ((*peers)[0].last_error, "refused");
  EXPECT_EQ((*peers)[0].last_sync_at, 99);
  ASSERT_TRUE(store->RemovePeer(*id).ok());
  EXPECT_TRUE(store->ListPeers()->empty());
  ASSERT_TRUE(store->PutGroup(GroupRow{"gid", "sealed"}).ok());
  EXPECT_EQ(store->ListGroups()->size(), 1u);
  EXPECT_EQ((*store->GetGroup("gid"))->sealed, "sealed");
  ASSERT_TRUE(store->DeleteGroup("gid").ok());
  EXPECT_FALSE(store->GetGroup("gid")->has_value());
}

}  // namespace
}  // namespace kring
