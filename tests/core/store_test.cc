#include "core/store.h"

#include <gtest/gtest.h>

#include "core/sqlite.h"
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

}  // namespace
}  // namespace kring
