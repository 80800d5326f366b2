// Kills the real kring binary with SIGKILL at random points while it writes, then reopens the
// store and checks that it is sound: SQLite's integrity_check passes, every stored record opens,
// nothing is half there, and running the command again completes the job.
//
// A handful of kills per command in the normal run; KRING_LONG_TESTS=1 (scripts/long-tests)
// makes it at least 50 per command.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <random>

#include "core/cases/case_template.h"
#include "core/groups/entry.h"
#include "core/groups/group_book.h"
#include "core/groups/group_view.h"
#include "core/store/node.h"
#include "tests/support/bundle_fixture.h"
#include "tests/support/test_util.h"

namespace kring {
namespace {

using testing::KillAfter;
using testing::KillOutcome;
using testing::KringNode;
using testing::LargeBundle;
using testing::ProcessResult;
using testing::TempDir;
using testing::WriteFile;

constexpr char kPassphrase[] = "correct horse battery";  // KringNode's default
constexpr size_t kBundleCases = 3000;

bool LongMode() {
  const char* env = std::getenv("KRING_LONG_TESTS");
  return env != nullptr && *env != '\0' && std::string(env) != "0";
}
int Runs(int normal) { return LongMode() ? 50 : normal; }

void CopyHome(const std::string& from, const std::string& to) {
  std::filesystem::copy(from, to, std::filesystem::copy_options::recursive);
}

std::string Serialized(const pb::CaseReflection& reflection) {
  return reflection.SerializeAsString();
}

std::chrono::microseconds Elapsed(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                               since);
}

// One undisturbed run of a command: how long it took and how large its write-ahead log grew.
struct Calibration {
  std::chrono::microseconds took{0};
  uintmax_t max_wal_bytes = 0;
  int exit_code = -1;
};

uintmax_t WalBytes(const std::string& home) {
  std::error_code ec;
  uintmax_t size = std::filesystem::file_size(DatabasePath(home) + "-wal", ec);
  return ec ? 0 : size;
}

Calibration Calibrate(const KringNode& node, const std::vector<std::string>& args) {
  Calibration calibration;
  const auto start = std::chrono::steady_clock::now();
  KillOutcome outcome = testing::KillWhen(node.Spawn(args), [&] {
    calibration.max_wal_bytes = std::max(calibration.max_wal_bytes, WalBytes(node.home()));
    return false;
  });
  calibration.took = Elapsed(start);
  calibration.exit_code = outcome.exit_code;
  return calibration;
}

// Places each run's kill at a random point, three ways in turn: anywhere in the command's run
// time; in its second half (after the passphrase is stretched, where the writing happens); and
// the moment the write-ahead log reaches a random size, i.e. inside a commit.
class KillPlan {
 public:
  explicit KillPlan(const Calibration& calibration) : calibration_(calibration) {
    std::random_device device;
    seed_ = device();
    rng_.seed(seed_);
    std::cout << "[ kill plan ] undisturbed run " << calibration.took.count() / 1000
              << " ms, write-ahead log up to " << calibration.max_wal_bytes << " bytes, seed "
              << seed_ << "\n";
  }
  KillOutcome Kill(pid_t pid, const std::string& home, int run) {
    const int64_t full = calibration_.took.count();
    if (run % 3 == 2 && calibration_.max_wal_bytes > 0) {
      std::uniform_int_distribution<uintmax_t> pick(1, calibration_.max_wal_bytes);
      const uintmax_t threshold = pick(rng_);
      return testing::KillWhen(pid, [&] { return WalBytes(home) >= threshold; });
    }
    std::uniform_int_distribution<int64_t> pick(run % 3 == 0 ? 0 : full / 2, full + full / 20);
    return KillAfter(pid, std::chrono::microseconds(pick(rng_)));
  }
  unsigned seed() const { return seed_; }

 private:
  Calibration calibration_;
  unsigned seed_ = 0;
  std::mt19937 rng_;
};

class CrashSafetyTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitCrypto()); }
  void TearDown() override {
    std::cout << "[ kills ] " << killed_ << " killed mid-run (" << changed_
              << " of them after some data was written), " << finished_
              << " finished before the kill\n";
  }
  void Count(const KillOutcome& outcome, bool changed) {
    if (!outcome.killed) {
      ++finished_;
      EXPECT_EQ(outcome.exit_code, 0);
      return;
    }
    ++killed_;
    if (changed) ++changed_;
  }
  TempDir dir_;
  int killed_ = 0, changed_ = 0, finished_ = 0;
};

// ------------------------------------------------------------------------- import

// Checks a member's store after an import (killed or not). Returns how many entries it holds.
size_t ExpectSoundAfterImport(const std::string& home, const LargeBundle& bundle,
                              bool must_be_complete) {
  auto node = Node::Open(home, kPassphrase);
  EXPECT_TRUE(node.ok()) << node.status().message();
  if (!node.ok()) return 0;
  Status integrity = (*node)->store().CheckIntegrity();
  EXPECT_TRUE(integrity.ok()) << integrity.message();
  GroupBook book(**node);
  auto ids = book.GroupIds();
  EXPECT_TRUE(ids.ok()) << ids.status().message();
  if (!ids.ok()) return 0;
  if (ids->empty()) {
    EXPECT_FALSE(must_be_complete) << "the import stored nothing";
    return 0;
  }
  EXPECT_EQ(*ids, std::vector<std::string>{bundle.group_id});
  auto group = book.Load(bundle.group_id);  // the chain validates again
  EXPECT_TRUE(group.ok()) << group.status().message();
  auto entries = book.ListEntries(bundle.group_id);  // every envelope decrypts
  EXPECT_TRUE(entries.ok()) << entries.status().message();
  if (!group.ok() || !entries.ok()) return 0;
  for (const GroupEntry& entry : *entries) {
    Verdict verdict = CheckEnvelope(entry.envelope);
    EXPECT_TRUE(verdict.ok()) << verdict.message();
    EXPECT_EQ(EntryId(entry.envelope), entry.id);
  }
  // Every stored case opens with the group key and holds exactly the text that was shared.
  GroupView view = BuildGroupView(*group, *entries);
  for (const SharedCaseView& shared : view.cases) {
    EXPECT_TRUE(shared.readable) << ShortId(shared.id);
    const std::string number = shared.reflection.title().substr(6);  // "Casus N"
    EXPECT_EQ(Serialized(shared.reflection), Serialized(testing::NumberedCase(std::stoul(number))));
  }
  // The membership chain is stored whole, in the first transaction, with or before any case.
  EXPECT_EQ(view.cases.size() + (bundle.entries - bundle.cases), entries->size());
  auto count = (*node)->store().CountEntries(bundle.group_id);
  EXPECT_TRUE(count.ok());
  if (count.ok()) {
    EXPECT_EQ(static_cast<size_t>(*count), entries->size());
  }
  if (must_be_complete) {
    EXPECT_EQ(entries->size(), bundle.entries);
    EXPECT_EQ(view.cases.size(), bundle.cases);
  }
  return entries->size();
}

TEST_F(CrashSafetyTest, KilledImportKeepsWholeEntriesAndRetryCompletes) {
  const std::string pristine = dir_.File("ben");
  LargeBundle bundle;
  {
    auto anna = Node::Init(dir_.File("anna"), kPassphrase, "Anna");
    auto ben = Node::Init(pristine, kPassphrase, "Ben");
    ASSERT_TRUE(anna.ok() && ben.ok());
    auto built = testing::BuildLargeBundle(**anna, **ben, kBundleCases);
    ASSERT_TRUE(built.ok()) << built.status().message();
    bundle = std::move(built).value();
  }  // both nodes closed: the homes can be copied
  const std::string bundle_path = dir_.File("group.kringbundle");
  WriteFile(bundle_path, bundle.bytes);

  // One import left alone: it must work, and it places the kills.
  const std::string calibrate = dir_.File("calibrate");
  CopyHome(pristine, calibrate);
  Calibration full = Calibrate(KringNode(calibrate), {"import", bundle_path});
  ASSERT_EQ(full.exit_code, 0);
  EXPECT_EQ(ExpectSoundAfterImport(calibrate, bundle, true), bundle.entries);
  std::filesystem::remove_all(calibrate);

  KillPlan plan(full);
  for (int run = 0; run < Runs(6); ++run) {
    SCOPED_TRACE("run " + std::to_string(run) + ", seed " + std::to_string(plan.seed()));
    const std::string home = dir_.File("run-" + std::to_string(run));
    CopyHome(pristine, home);
    KringNode ben(home);
    KillOutcome outcome = plan.Kill(ben.Spawn({"import", bundle_path}), home, run);
    size_t stored = ExpectSoundAfterImport(home, bundle, !outcome.killed);
    Count(outcome, stored > 0);
    ProcessResult again = ben.Run({"import", bundle_path});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_EQ(ExpectSoundAfterImport(home, bundle, true), bundle.entries);
    std::filesystem::remove_all(home);
    if (HasFatalFailure()) return;
  }
}

// ------------------------------------------------------------------------- case new / edit

std::string CaseText(const std::string& title, int paragraphs) {
  std::string situation;
  for (int i = 0; i < paragraphs; ++i) {
    situation += "De teamleider (alinea " + std::to_string(i) +
                 ") moet een reorganisatie doorvoeren en zoekt steun bij de manager.\n";
  }
  return "## Title\n" + title + "\n\n## Session date\n2026-11-20\n\n## Work situation\n" +
         situation + "\n## Next actions\nGesprek met de manager plannen.\n";
}

pb::CaseReflection Parsed(const std::string& text) {
  auto parsed = ParseCaseTemplate(text);
  EXPECT_TRUE(parsed.ok()) << parsed.status().message();
  return parsed.ok() ? std::move(parsed).value() : pb::CaseReflection();
}

// Opens a node and checks every case record; returns the cases' reflections by id.
std::map<std::string, std::string> ExpectSoundCases(const std::string& home) {
  std::map<std::string, std::string> cases;
  auto node = Node::Open(home, kPassphrase);
  EXPECT_TRUE(node.ok()) << node.status().message();
  if (!node.ok()) return cases;
  Status integrity = (*node)->store().CheckIntegrity();
  EXPECT_TRUE(integrity.ok()) << integrity.message();
  auto records = (*node)->ListCases();  // every record decrypts and parses
  EXPECT_TRUE(records.ok()) << records.status().message();
  if (!records.ok()) return cases;
  for (const CaseRecord& record : *records) {
    cases[record.id] = Serialized(record.stored.reflection());
  }
  return cases;
}

class CaseCrashTest : public CrashSafetyTest {
 protected:
  void SetUp() override {
    CrashSafetyTest::SetUp();
    original_ = Parsed(CaseText("Oorspronkelijke casus", 3));
    auto node = Node::Init(pristine_, kPassphrase, "Anna");
    ASSERT_TRUE(node.ok()) << node.status().message();
    auto record = (*node)->CreateCase(original_);
    ASSERT_TRUE(record.ok());
    existing_id_ = record->id;
  }
  // One undisturbed run of `args` on a copy of the pristine home.
  Calibration CalibrateOn(const std::vector<std::string>& args) {
    const std::string home = dir_.File("calibrate");
    CopyHome(pristine_, home);
    Calibration calibration = Calibrate(KringNode(home), args);
    EXPECT_EQ(calibration.exit_code, 0);
    std::filesystem::remove_all(home);
    return calibration;
  }

  // The set-up both case tests share: `args` is killed at planned moments on fresh copies of the
  // pristine home; after each kill `after_kill` checks the store and says whether the command's
  // effect is complete; then the command runs again to the end and `after_retry` checks that.
  void KillRuns(
      const std::vector<std::string>& args,
      const std::function<void(const std::string&, const KillOutcome&, bool*)>& after_kill,
      const std::function<void(const std::string&)>& after_retry) {
    KillPlan plan(CalibrateOn(args));
    for (int run = 0; run < Runs(6); ++run) {
      SCOPED_TRACE("run " + std::to_string(run) + ", seed " + std::to_string(plan.seed()));
      const std::string home = dir_.File("run-" + std::to_string(run));
      CopyHome(pristine_, home);
      KringNode anna(home);
      KillOutcome outcome = plan.Kill(anna.Spawn(args), home, run);
      bool completed = false;
      after_kill(home, outcome, &completed);
      if (::testing::Test::HasFatalFailure()) return;
      Count(outcome, completed);
      ProcessResult again = anna.Run(args);
      ASSERT_EQ(again.exit_code, 0) << again.err;
      after_retry(home);
      std::filesystem::remove_all(home);
    }
  }

  const std::string pristine_ = dir_.File("anna");
  pb::CaseReflection original_;
  std::string existing_id_;
};

TEST_F(CaseCrashTest, KilledCaseNewLeavesTheCaseWholeOrAbsent) {
  const std::string text = CaseText("Nieuwe casus na een crash", 200);
  const std::string expected = Serialized(Parsed(text));
  const std::string file = dir_.File("new.md");
  WriteFile(file, text);
  size_t before = 0;
  KillRuns(
      {"case", "new", "--from", file},
      [&](const std::string& home, const KillOutcome& outcome, bool* completed) {
        auto cases = ExpectSoundCases(home);
        ASSERT_TRUE(cases.size() == 1 || cases.size() == 2) << cases.size();
        EXPECT_EQ(cases[existing_id_], Serialized(original_));
        for (const auto& [id, reflection] : cases) {
          if (id != existing_id_) {
            EXPECT_EQ(reflection, expected) << "a half-stored case";
          }
        }
        if (!outcome.killed) {
          EXPECT_EQ(cases.size(), 2u);
        }
        *completed = cases.size() == 2;
        before = cases.size();
      },
      [&](const std::string& home) { EXPECT_EQ(ExpectSoundCases(home).size(), before + 1); });
}

TEST_F(CaseCrashTest, KilledCaseEditLeavesTheOldOrTheNewText) {
  const std::string text = CaseText("Herschreven casus", 200);
  const std::string edited = Serialized(Parsed(text));
  const std::string file = dir_.File("edit.md");
  WriteFile(file, text);
  KillRuns(
      {"case", "edit", existing_id_, "--from", file},
      [&](const std::string& home, const KillOutcome& outcome, bool* completed) {
        auto cases = ExpectSoundCases(home);
        ASSERT_EQ(cases.size(), 1u);
        const std::string& now = cases[existing_id_];
        EXPECT_TRUE(now == Serialized(original_) || now == edited) << "a half-edited case";
        if (!outcome.killed) {
          EXPECT_EQ(now, edited);
        }
        *completed = now == edited;
      },
      [&](const std::string& home) {
        auto after = ExpectSoundCases(home);
        EXPECT_EQ(after[existing_id_], edited);
      });
}

}  // namespace
}  // namespace kring
