// The store under bad conditions, through the real kring binary: a wrong passphrase, a cut-off
// or damaged database file, one from a newer Kring, and a full disk (a file-size limit on the
// child process). Each gets a clear message and the exit code of CONVENTIONS.md, and never costs
// data: the file is left as it was, or keeps everything saved before.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "core/groups/group_book.h"
#include "core/store/node.h"
#include "core/store/sqlite.h"
#include "tests/support/bundle_fixture.h"
#include "tests/support/test_util.h"

namespace kring {
namespace {

using testing::KringNode;
using testing::ProcessOptions;
using testing::ProcessResult;
using testing::ReadFile;
using testing::TempDir;
using testing::WriteFile;

constexpr char kPassphrase[] = "correct horse battery";

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// A case text of about `kib` KiB.
std::string BigCase(const std::string& title, int kib) {
  std::string situation;
  while (static_cast<int>(situation.size()) < kib * 1024) {
    situation += "De teamleider zoekt houvast in een reorganisatie die maar niet af komt. ";
  }
  return "## Title\n" + title + "\n\n## Work situation\n" + situation + "\n";
}

class StoreRobustnessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto());
    ProcessResult init = node_.Run({"init", "--alias", "Anna"});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    for (int i = 0; i < 4; ++i) {
      const std::string file = dir_.File("case" + std::to_string(i) + ".md");
      WriteFile(file, BigCase("Casus " + std::to_string(i), 48));
      ProcessResult created = node_.Run({"case", "new", "--from", file});
      ASSERT_EQ(created.exit_code, 0) << created.err;
    }
  }
  std::string Db() const { return DatabasePath(node_.home()); }
  // A copy of the node in a fresh home, to damage.
  KringNode Copy(const std::string& name) {
    const std::string home = dir_.File(name);
    std::filesystem::copy(node_.home(), home, std::filesystem::copy_options::recursive);
    return KringNode(home);
  }
  void ExpectCasesIntact(const KringNode& node, size_t count) {
    ProcessResult list = node.Run({"case", "list", "--json"});
    ASSERT_EQ(list.exit_code, 0) << list.err;
    size_t found = 0;
    for (size_t at = list.out.find("\"id\""); at != std::string::npos;
         at = list.out.find("\"id\"", at + 1)) {
      ++found;
    }
    EXPECT_EQ(found, count) << list.out;
    auto opened = Node::Open(node.home(), kPassphrase);
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    Status integrity = (*opened)->store().CheckIntegrity();
    EXPECT_TRUE(integrity.ok()) << integrity.message();
  }

  TempDir dir_;
  KringNode node_{dir_.File("anna")};
};

TEST_F(StoreRobustnessTest, WrongPassphraseChangesNoByte) {
  const std::string before = ReadFile(Db());
  ProcessResult wrong =
      node_.Run({"case", "new", "--title", "x"}, {{"KRING_PASSPHRASE", "not my passphrase"}});
  EXPECT_EQ(wrong.exit_code, 4);
  EXPECT_TRUE(Contains(wrong.err, "wrong passphrase")) << wrong.err;
  EXPECT_EQ(ReadFile(Db()), before);
  EXPECT_FALSE(std::filesystem::exists(Db() + "-wal"));
  ExpectCasesIntact(node_, 4);
}

TEST_F(StoreRobustnessTest, CutOffDatabaseIsRefusedAndLeftAlone) {
  const std::string whole = ReadFile(Db());
  ASSERT_GT(whole.size(), 8192u);
  // Cut in the header, at a page boundary, inside a page, one byte short.
  for (size_t cut : {size_t{50}, size_t{4096}, whole.size() / 2 + 123, whole.size() - 1}) {
    SCOPED_TRACE("cut at " + std::to_string(cut));
    KringNode copy = Copy("cut-" + std::to_string(cut));
    const std::string db = DatabasePath(copy.home());
    WriteFile(db, whole.substr(0, cut));
    ProcessResult r = copy.Run({"case", "list"});
    EXPECT_EQ(r.exit_code, 4) << r.out << r.err;
    EXPECT_TRUE(Contains(r.err, "cut off") || Contains(r.err, "not a Kring database") ||
                Contains(r.err, "damaged"))
        << r.err;
    EXPECT_TRUE(Contains(r.err, "backup")) << r.err;
    EXPECT_EQ(ReadFile(db), whole.substr(0, cut));
  }
}

TEST_F(StoreRobustnessTest, OverwrittenBytesAreDetectedNeverServed) {
  const std::string whole = ReadFile(Db());
  std::mt19937 rng(20261120);  // fixed: the same damage every run
  for (int run = 0; run < 8; ++run) {
    SCOPED_TRACE("run " + std::to_string(run));
    std::string damaged = whole;
    const size_t at = whole.size() / 4 + rng() % (whole.size() / 2);
    for (size_t i = 0; i < 64 && at + i < damaged.size(); ++i) {
      damaged[at + i] = static_cast<char>(rng());
    }
    KringNode copy = Copy("damaged-" + std::to_string(run));
    const std::string db = DatabasePath(copy.home());
    WriteFile(db, damaged);
    // Listing decrypts every case: the damage is found, whether SQLite or the AEAD tag sees it.
    ProcessResult r = copy.Run({"case", "list"});
    EXPECT_EQ(r.exit_code, 4) << "damage at " << at << " went unnoticed: " << r.out;
    EXPECT_TRUE(Contains(r.err, "damaged") || Contains(r.err, "integrity check")) << r.err;
    EXPECT_EQ(ReadFile(db), damaged);
  }
}

TEST_F(StoreRobustnessTest, NewerSchemaIsRefusedAndLeftAlone) {
  {
    auto db = Database::Open(Db(), /*create=*/false);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->ExecTrusted("UPDATE schema_version SET version = 99").ok());
  }
  const std::string before = ReadFile(Db());
  ProcessResult r = node_.Run({"case", "list"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Contains(r.err, "newer version of Kring")) << r.err;
  EXPECT_TRUE(Contains(r.err, "update kring")) << r.err;
  EXPECT_EQ(ReadFile(Db()), before);
}

TEST_F(StoreRobustnessTest, FullDiskDuringCaseNewKeepsEarlierCases) {
  ProcessOptions small_disk;
  small_disk.file_size_limit = 64 << 10;  // the write-ahead log may not grow past 64 KiB
  // Reading and unlocking still work under the limit: only writes run into it.
  EXPECT_EQ(node_.Run({"case", "list"}, {}, "", small_disk).exit_code, 0);
  WriteFile(dir_.File("big.md"), BigCase("Te groot voor de schijf", 400));
  ProcessResult r = node_.Run({"case", "new", "--from", dir_.File("big.md")}, {}, "", small_disk);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(Contains(r.err, "the disk is full")) << r.err;
  EXPECT_TRUE(Contains(r.err, "try again")) << r.err;
  ExpectCasesIntact(node_, 4);
  // With space again, the same command works.
  ProcessResult retry = node_.Run({"case", "new", "--from", dir_.File("big.md")});
  EXPECT_EQ(retry.exit_code, 0) << retry.err;
  ExpectCasesIntact(node_, 5);
}

TEST_F(StoreRobustnessTest, FullDiskDuringImportKeepsWholeEntries) {
  testing::LargeBundle bundle;
  const std::string member_home = dir_.File("ben");
  {
    auto anna = Node::Open(node_.home(), kPassphrase);
    auto ben = Node::Init(member_home, kPassphrase, "Ben");
    ASSERT_TRUE(anna.ok() && ben.ok());
    auto built = testing::BuildLargeBundle(**anna, **ben, 1500);
    ASSERT_TRUE(built.ok()) << built.status().message();
    bundle = std::move(built).value();
  }
  WriteFile(dir_.File("bundle"), bundle.bytes);
  KringNode ben(member_home);
  ProcessOptions small_disk;
  small_disk.file_size_limit = 256 << 10;
  ProcessResult r = ben.Run({"import", dir_.File("bundle")}, {}, "", small_disk);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(Contains(r.err, "the disk is full")) << r.err;
  {
    // What was stored before the disk filled up is whole and readable.
    auto opened = Node::Open(member_home, kPassphrase);
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    EXPECT_TRUE((*opened)->store().CheckIntegrity().ok());
    GroupBook book(**opened);
    auto ids = book.GroupIds();
    ASSERT_TRUE(ids.ok());
    for (const std::string& id : *ids) {
      auto entries = book.ListEntries(id);
      EXPECT_TRUE(entries.ok()) << entries.status().message();
      if (entries.ok()) {
        EXPECT_LT(entries->size(), bundle.entries);
      }
    }
  }
  ProcessResult retry = ben.Run({"import", dir_.File("bundle")});
  ASSERT_EQ(retry.exit_code, 0) << retry.err;
  auto opened = Node::Open(member_home, kPassphrase);
  ASSERT_TRUE(opened.ok());
  auto count = (*opened)->store().CountEntries(bundle.group_id);
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(static_cast<size_t>(*count), bundle.entries);
}

}  // namespace
}  // namespace kring
