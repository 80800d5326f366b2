// Measures the anonymiser on the project's own labelled corpus (tests/data/anonymiser/) and
// fails below the thresholds of issue 3. Recall counts a gold span as found when every letter
// and digit of it is covered by some finding (a covered identifier does not leak, whatever
// type it was given); precision counts a finding as right when it overlaps a gold span.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "core/anonymise/anonymiser.h"
#include "core/anonymise/name_training.h"

namespace kring {
namespace {

using Gold = LabelledSpan;

struct Paragraph {
  std::string text;
  std::vector<Gold> gold;
};

std::vector<Paragraph> LoadCorpus(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  std::stringstream ss;
  ss << in.rdbuf();
  Result<std::vector<LabelledParagraph>> parsed = ParseLabelledCorpus(ss.str(), path);
  EXPECT_TRUE(parsed.ok()) << parsed.status().message();
  std::vector<Paragraph> out;
  if (!parsed.ok()) return out;
  for (LabelledParagraph& p : *parsed) out.push_back({std::move(p.text), std::move(p.spans)});
  return out;
}

// KRING_CORPUS_RULES_ONLY=1 scores the rules without the learned part (the "before" figures
// of docs/anonymiser.md).
AnonymiserOptions CorpusOptions() {
  AnonymiserOptions options;
  options.learned_names = std::getenv("KRING_CORPUS_RULES_ONLY") == nullptr;
  return options;
}

bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) || (c & 0x80); }

struct Scores {
  std::map<EntityType, int> gold_n, found_n, typed_n, pred_n, pred_ok;
  int total_pred = 0, total_ok = 0;
  int other_tokens = 0, other_kept = 0;  // word tokens outside every gold span
  double recall(EntityType t) const {
    auto g = gold_n.find(t);
    if (g == gold_n.end() || g->second == 0) return 100.0;
    auto f = found_n.find(t);
    return 100.0 * (f == found_n.end() ? 0 : f->second) / g->second;
  }
  double precision() const { return total_pred ? 100.0 * total_ok / total_pred : 100.0; }
  double kept() const { return other_tokens ? 100.0 * other_kept / other_tokens : 100.0; }
};

// Scores the anonymiser on a labelled corpus and prints the table. `show_spans`: also print each
// missed and extra span (never for a held-out set, whose texts must stay unseen while tuning).
Scores Evaluate(const Anonymiser& anonymiser, const std::vector<Paragraph>& corpus,
                bool show_spans) {
  Scores s;
  for (const Paragraph& p : corpus) {
    Result<std::vector<Finding>> found = anonymiser.Find(p.text, CorpusOptions());
    EXPECT_TRUE(found.ok());
    if (!found.ok()) continue;
    std::vector<bool> covered(p.text.size(), false), gold(p.text.size(), false);
    for (const Finding& f : *found)
      for (size_t k = f.begin; k < f.end; ++k) covered[k] = true;
    for (const Gold& g : p.gold) {
      for (size_t k = g.begin; k < g.end; ++k) gold[k] = true;
      ++s.gold_n[g.type];
      bool all = true;
      for (size_t k = g.begin; k < g.end; ++k) all = all && (covered[k] || !IsAlnum(p.text[k]));
      if (all) {
        ++s.found_n[g.type];
      } else if (show_spans) {
        std::printf("MISSED %-12s \"%s\"", std::string(EntityTypeKey(g.type)).c_str(),
                    p.text.substr(g.begin, g.end - g.begin).c_str());
        if (std::getenv("KRING_CORPUS_CONTEXT") != nullptr) {  // 40 bytes either side
          const size_t from = g.begin < 40 ? 0 : g.begin - 40;
          std::string around = p.text.substr(from, g.end + 40 - from);
          for (char& c : around) c = c == '\n' ? '/' : c;
          std::printf("  in \"%s\"", around.c_str());
        }
        std::printf("\n");
      }
      for (const Finding& f : *found)
        if (f.type == g.type && f.begin <= g.begin && f.end >= g.end) {
          ++s.typed_n[g.type];
          break;
        }
    }
    // Tokens (runs of letters and digits) that are no personal data: kept when none of their
    // bytes was redacted.
    for (size_t k = 0; k < p.text.size();) {
      if (!IsAlnum(p.text[k])) {
        ++k;
        continue;
      }
      size_t end = k;
      bool in_gold = false, hit = false;
      while (end < p.text.size() && IsAlnum(p.text[end])) {
        in_gold = in_gold || gold[end];
        hit = hit || covered[end];
        ++end;
      }
      if (!in_gold) {
        ++s.other_tokens;
        if (!hit) ++s.other_kept;
      }
      k = end;
    }
    for (const Finding& f : *found) {
      bool ok = false;
      for (const Gold& g : p.gold) ok = ok || (f.begin < g.end && g.begin < f.end);
      ++s.pred_n[f.type];
      ++s.total_pred;
      if (ok) {
        ++s.pred_ok[f.type];
        ++s.total_ok;
      } else if (show_spans) {
        std::printf("EXTRA  %-12s \"%s\" (%s)\n", std::string(EntityTypeKey(f.type)).c_str(),
                    f.text.c_str(), std::string(f.rule).c_str());
      }
    }
  }
  std::printf("\n%-13s %5s %6s %8s %7s %6s %9s\n", "type", "gold", "found", "recall", "typed",
              "flagged", "precision");
  for (int t = 0; t < kEntityTypeCount; ++t) {
    EntityType type = static_cast<EntityType>(t);
    double typed = s.gold_n[type] ? 100.0 * s.typed_n[type] / s.gold_n[type] : 100.0;
    double precision = s.pred_n[type] ? 100.0 * s.pred_ok[type] / s.pred_n[type] : 100.0;
    std::printf("%-13s %5d %6d %7.1f%% %6.1f%% %6d %8.1f%%\n",
                std::string(EntityTypeKey(type)).c_str(), s.gold_n[type], s.found_n[type],
                s.recall(type), typed, s.pred_n[type], precision);
  }
  int gold_all = 0, found_all = 0;
  for (const auto& [t, n] : s.gold_n) gold_all += n;
  for (const auto& [t, n] : s.found_n) found_all += n;
  std::printf(
      "all spans: %d of %d (%.1f%%); overall precision %.1f%% (%d of %d findings overlap "
      "a gold span); other tokens kept %.1f%% (%d of %d); %zu paragraphs\n",
      found_all, gold_all, gold_all ? 100.0 * found_all / gold_all : 100.0, s.precision(),
      s.total_ok, s.total_pred, s.kept(), s.other_kept, s.other_tokens, corpus.size());
  return s;
}

// All spans found, per language (Dutch, English), on held-out corpus 2 at its last scoring
// (docs/anonymiser.md).
constexpr double kHeldOut2Floor[] = {97.5, 96.5};
// All spans found and other tokens kept on held-out corpus 3 (Dutch, English), rounded down; the
// English kept floor went from 93.5 to 93.0 in the fifth round, which removed one token more of
// its 1 701 (93.47 %) while finding 12 more of its spans.
constexpr double kHeldOut3Floor[] = {95.0, 94.5};
constexpr double kHeldOut3KeptFloor[] = {94.0, 92.5};
// All spans found and other tokens kept on development corpus 4 (Dutch, English), rounded down.
constexpr double kDev4Floor[] = {97.0, 97.5};
constexpr double kDev4KeptFloor[] = {94.5, 96.0};
// All spans found on development corpus 3 (Dutch, English), rounded down.
constexpr double kDev3Floor[] = {97.5, 96.0};
// All spans found and other tokens kept on held-out corpus 4 (Dutch, English), rounded down.
constexpr double kHeldOut4Floor[] = {97.0, 94.5};
constexpr double kHeldOut4KeptFloor[] = {93.5, 93.0};
// All spans found and other tokens kept on held-out corpus 5 (Dutch, English), rounded down.
constexpr double kHeldOut5Floor[] = {97.5, 95.5};
constexpr double kHeldOut5KeptFloor[] = {96.5, 95.0};
// Held-out corpus 6 after the sixth round (scored twice before it, once after; 6 December
// 2026), and development corpus 6 after it, rounded down.
constexpr double kHeldOut6Floor[] = {95.5, 92.5};
constexpr double kHeldOut6KeptFloor[] = {95.0, 93.5};
constexpr double kDev6Floor[] = {98.5, 97.5};
constexpr double kDev6KeptFloor[] = {96.0, 94.5};
// Held-out corpus 7 and development corpus 7 with the learned part (7 December 2026), rounded
// down. On 7 December every floor above was set again at the figures with the learned part:
// recall rose on every set, other tokens kept fell by up to 0.7 points (docs/anonymiser.md,
// "The learned part").
constexpr double kHeldOut7Floor[] = {96.5, 96.0};
constexpr double kHeldOut7KeptFloor[] = {96.0, 96.5};
constexpr double kDev7Floor[] = {98.0, 95.5};
constexpr double kDev7KeptFloor[] = {97.0, 96.0};
// Held-out corpus 8 and development corpora 8 and 9 with the learned part's second version
// (7 December 2026), rounded down.
constexpr double kHeldOut8Floor[] = {96.5, 93.0};
constexpr double kHeldOut8KeptFloor[] = {97.5, 94.5};
constexpr double kDev8Floor[] = {96.5, 95.5};
constexpr double kDev8KeptFloor[] = {97.0, 96.5};
constexpr double kDev9Floor[] = {96.5, 96.5};
constexpr double kDev9KeptFloor[] = {97.5, 96.0};
// Held-out corpus 9 and development corpus 10 after the eighth round (7 December 2026), rounded
// down. In that round the floors above that rose were set again; development corpus 5's kept
// floor went from 96.5 to 96.0 (96.4 % in both languages: the chat rule's messages are judged by
// the learned part).
constexpr double kHeldOut9Floor[] = {96.5, 95.0};
constexpr double kHeldOut9KeptFloor[] = {97.0, 96.5};
constexpr double kDev10Floor[] = {95.5, 94.5};
constexpr double kDev10KeptFloor[] = {97.5, 97.0};
// Held-out corpus 10 and development corpus 11 after the ninth round (8 December 2026), rounded
// down. In that round (ages judged by the learned part too) the floors above that rose were set
// again, and those of other tokens kept that fell by up to half a point (held-out 4, 5 and 7
// English, 7 Dutch, development 4 Dutch and 6 English); held-out 2's Dutch precision floor went
// from 92.5 to 92.0 and its English kept floor from 95.0 to 94.5 (docs/anonymiser.md, "Ninth
// round").
constexpr double kHeldOut10Floor[] = {95.0, 95.0};
constexpr double kHeldOut10KeptFloor[] = {95.5, 94.0};
constexpr double kDev11Floor[] = {95.5, 95.5};
constexpr double kDev11KeptFloor[] = {97.0, 96.0};
// All spans found and other tokens kept on development corpus 5 (Dutch, English), rounded down.
constexpr double kDev5Floor[] = {98.0, 97.5};
constexpr double kDev5KeptFloor[] = {96.0, 96.0};

std::vector<Paragraph> Load(const std::vector<std::string>& names) {
  std::vector<Paragraph> corpus;
  for (const std::string& name : names) {
    std::vector<Paragraph> part =
        LoadCorpus(std::string(KRING_TEST_DATA_DIR) + "/anonymiser/" + name);
    corpus.insert(corpus.end(), part.begin(), part.end());
  }
  return corpus;
}

TEST(AnonymiserCorpus, MeetsRecallAndPrecisionThresholds) {
  Result<Anonymiser> anonymiser = Anonymiser::Load();
  ASSERT_TRUE(anonymiser.ok()) << anonymiser.status().message();
  std::vector<Paragraph> corpus = Load({"corpus_nl.txt", "corpus_en.txt"});
  ASSERT_GE(corpus.size(), 60u);
  const Scores s = Evaluate(*anonymiser, corpus, /*show_spans=*/true);
  for (EntityType t : {EntityType::kEmail, EntityType::kPhone, EntityType::kIban, EntityType::kBsn,
                       EntityType::kPostcode, EntityType::kUrl}) {
    EXPECT_GT(s.gold_n.at(t), 0) << EntityTypeKey(t);
    EXPECT_EQ(s.recall(t), 100.0) << EntityTypeKey(t);
  }
  EXPECT_GE(s.recall(EntityType::kPerson), 95.0);
  EXPECT_GE(s.recall(EntityType::kOrganisation), 90.0);
  EXPECT_GE(s.recall(EntityType::kPlace), 90.0);
  EXPECT_GE(s.precision(), 85.0);
}

// Totals over every type of a scored corpus.
struct Totals {
  int gold = 0;
  int found = 0;
  double recall() const { return gold ? 100.0 * found / gold : 100.0; }
};
Totals TotalsOf(const Scores& s) {
  Totals t;
  for (const auto& [type, n] : s.gold_n) t.gold += n;
  for (const auto& [type, n] : s.found_n) t.found += n;
  return t;
}

// Scores one corpus file of tests/data/anonymiser/ with the embedded lists and prints the table
// under `title` (and, with `show_spans`, every missed and extra span); *ok is false when the
// anonymiser or the file could not be read, or it has fewer than `min_paragraphs`.
Scores ScoreFile(const std::string& file, const std::string& title, bool show_spans,
                 size_t min_paragraphs, bool* ok) {
  *ok = false;
  Result<Anonymiser> anonymiser = Anonymiser::Load();
  EXPECT_TRUE(anonymiser.ok()) << anonymiser.status().message();
  if (!anonymiser.ok()) return {};
  std::vector<Paragraph> corpus = Load({file});
  EXPECT_GE(corpus.size(), min_paragraphs) << file;
  if (corpus.size() < min_paragraphs) return {};
  std::printf("%s\n", title.c_str());
  *ok = true;
  return Evaluate(*anonymiser, corpus, show_spans);
}

// The first held-out corpus (heldout_*.txt, written before the rules of issue 12): held out
// until 3 December 2026, when its missed spans were read to write the rules of the second
// round. Since then it is development data, and its misses are printed like the others'.
class DevelopmentCorpus2 : public ::testing::TestWithParam<const char*> {};

TEST_P(DevelopmentCorpus2, KeepsItsFloors) {
  const std::string language = GetParam();
  bool ok = false;
  const Scores s = ScoreFile("heldout_" + language + ".txt",
                             "development corpus 2 (was held-out 1), " + language, true, 40, &ok);
  ASSERT_TRUE(ok);
  const bool nl = language == "nl";
  EXPECT_GE(TotalsOf(s).gold, nl ? 400 : 380);
  // Floors: the figures of 3 December 2026 (docs/anonymiser.md), rounded down.
  EXPECT_GE(TotalsOf(s).recall(), nl ? 99.5 : 97.5);
  EXPECT_GE(s.recall(EntityType::kPerson), nl ? 99.0 : 95.5);
  EXPECT_GE(s.recall(EntityType::kOrganisation), nl ? 100.0 : 97.5);
  EXPECT_GE(s.recall(EntityType::kIdentifier), 100.0);
  EXPECT_GE(s.recall(EntityType::kAge), 100.0);
  EXPECT_GE(s.recall(EntityType::kPostcode), 100.0);
  EXPECT_GE(s.recall(EntityType::kAddress), nl ? 100.0 : 95.0);
  EXPECT_GE(s.kept(), 97.0);
}

INSTANTIATE_TEST_SUITE_P(BothLanguages, DevelopmentCorpus2, ::testing::Values("nl", "en"));

// Development corpus 3 (dev3_*.txt): written on 3 December 2026 by a separate hand, harder on
// numbers, phones, places and organisations, for the rules' third round; its misses are printed.
class DevelopmentCorpus3 : public ::testing::TestWithParam<const char*> {};

TEST_P(DevelopmentCorpus3, KeepsItsFloors) {
  const std::string language = GetParam();
  bool ok = false;
  const Scores s =
      ScoreFile("dev3_" + language + ".txt", "development corpus 3, " + language, true, 100, &ok);
  ASSERT_TRUE(ok);
  EXPECT_GE(TotalsOf(s).gold, 500);
  EXPECT_GE(TotalsOf(s).recall(), language == "nl" ? kDev3Floor[0] : kDev3Floor[1]);
  EXPECT_GE(s.kept(), 96.0);
  EXPECT_GE(s.precision(), language == "nl" ? 95.5 : 92.5);
}

INSTANTIATE_TEST_SUITE_P(BothLanguages, DevelopmentCorpus3, ::testing::Values("nl", "en"));

// A corpus with floors on all spans found and other tokens kept: a development corpus prints its
// misses (`show_spans`); a held-out one, written by a separate hand that read neither the rules,
// nor the lists, nor the other corpora, before a round of rules and never tuned on, prints its
// figures only. Floors: the figures of its last scoring (docs/anonymiser.md), rounded down; a
// regression guard, not the targets.
struct CorpusFloors {
  const char* file;  // "dev4_": the file is file + language + ".txt"
  const char* title;
  bool show_spans;
  size_t min_paragraphs;
  int min_gold;
  double floor[2];       // all spans found, Dutch and English
  double kept_floor[2];  // other tokens kept, Dutch and English
};

void ExpectCorpusFloors(const CorpusFloors& set, const std::string& language) {
  bool ok = false;
  const Scores s = ScoreFile(set.file + language + ".txt", std::string(set.title) + language,
                             set.show_spans, set.min_paragraphs, &ok);
  ASSERT_TRUE(ok);
  EXPECT_GE(TotalsOf(s).gold, set.min_gold);
  const int l = language == "nl" ? 0 : 1;
  EXPECT_GE(TotalsOf(s).recall(), set.floor[l]);
  EXPECT_GE(s.kept(), set.kept_floor[l]);
}

// Development corpus 4 (dev4_*.txt): written on 3 December 2026 by a separate hand, heavy on
// organisations without a legal form, places, phones, numbers and ages, for the rules' fourth
// round; its misses are printed.
class DevelopmentCorpus4 : public ::testing::TestWithParam<const char*> {};

TEST_P(DevelopmentCorpus4, KeepsItsFloors) {
  ExpectCorpusFloors({"dev4_",
                      "development corpus 4, ",
                      true,
                      50,
                      600,
                      {kDev4Floor[0], kDev4Floor[1]},
                      {kDev4KeptFloor[0], kDev4KeptFloor[1]}},
                     GetParam());
}

INSTANTIATE_TEST_SUITE_P(BothLanguages, DevelopmentCorpus4, ::testing::Values("nl", "en"));

// Development corpus 5 (dev5_*.txt): written on 4 December 2026 by a separate hand, weighted
// towards organisations without a cue word, ages, identifiers and Dutch surnames, for the rules'
// fifth round; its misses are printed.
class DevelopmentCorpus5 : public ::testing::TestWithParam<const char*> {};

TEST_P(DevelopmentCorpus5, KeepsItsFloors) {
  ExpectCorpusFloors({"dev5_",
                      "development corpus 5, ",
                      true,
                      80,
                      850,
                      {kDev5Floor[0], kDev5Floor[1]},
                      {kDev5KeptFloor[0], kDev5KeptFloor[1]}},
                     GetParam());
}

INSTANTIATE_TEST_SUITE_P(BothLanguages, DevelopmentCorpus5, ::testing::Values("nl", "en"));

// Development corpus 6 (dev6_*.txt): written on 6 December 2026 by a separate hand, with the
// sixth held-out corpus, for the rules' sixth round; its misses are printed.
class DevelopmentCorpus6 : public ::testing::TestWithParam<const char*> {};

TEST_P(DevelopmentCorpus6, KeepsItsFloors) {
  ExpectCorpusFloors({"dev6_",
                      "development corpus 6, ",
                      true,
                      70,
                      800,
                      {kDev6Floor[0], kDev6Floor[1]},
                      {kDev6KeptFloor[0], kDev6KeptFloor[1]}},
                     GetParam());
}

INSTANTIATE_TEST_SUITE_P(BothLanguages, DevelopmentCorpus6, ::testing::Values("nl", "en"));

// The second held-out corpus (heldout2_*.txt): written on 3 December 2026 by a separate hand
// that read neither the rules, nor the lists, nor the other corpora, before the second round of
// rules; never tuned on. Only its figures are printed, never its texts.
class HeldOutCorpus : public ::testing::TestWithParam<const char*> {};

TEST_P(HeldOutCorpus, KeepsItsFloors) {
  const std::string language = GetParam();
  bool ok = false;
  const Scores s = ScoreFile("heldout2_" + language + ".txt", "held-out corpus 2, " + language,
                             /*show_spans=*/false, 100, &ok);
  ASSERT_TRUE(ok);
  EXPECT_GE(TotalsOf(s).gold, 400);
  // Floors: the figures of its last scoring (docs/anonymiser.md), rounded down; a regression
  // guard, not the targets.
  const bool nl = language == "nl";
  EXPECT_GE(TotalsOf(s).recall(), nl ? kHeldOut2Floor[0] : kHeldOut2Floor[1]);
  EXPECT_GE(s.recall(EntityType::kPerson), nl ? 99.0 : 95.5);
  EXPECT_GE(s.recall(EntityType::kIdentifier), nl ? 92.5 : 88.5);
  EXPECT_GE(s.recall(EntityType::kPlace), nl ? 96.0 : 84.5);
  EXPECT_GE(s.recall(EntityType::kDate), nl ? 97.0 : 99.5);
  // Precision: the floor for tokens that are no personal data is 90 %; these floors
  // sit just under what was measured, so that a loss of precision cannot pass unseen.
  EXPECT_GE(s.kept(), nl ? 97.0 : 94.5);
  EXPECT_GE(s.precision(), nl ? 92.0 : 89.0);
}

INSTANTIATE_TEST_SUITE_P(BothLanguages, HeldOutCorpus, ::testing::Values("nl", "en"));

// The third held-out corpus (heldout3_*.txt): written on 3 December 2026, before the fourth
// round of rules.
class HeldOutCorpus3 : public ::testing::TestWithParam<const char*> {};

TEST_P(HeldOutCorpus3, KeepsItsFloors) {
  ExpectCorpusFloors({"heldout3_",
                      "held-out corpus 3, ",
                      false,
                      100,
                      550,
                      {kHeldOut3Floor[0], kHeldOut3Floor[1]},
                      {kHeldOut3KeptFloor[0], kHeldOut3KeptFloor[1]}},
                     GetParam());
}

INSTANTIATE_TEST_SUITE_P(BothLanguages, HeldOutCorpus3, ::testing::Values("nl", "en"));

// The fourth held-out corpus (heldout4_*.txt): written on 4 December 2026, before the fifth round
// of rules.
class HeldOutCorpus4 : public ::testing::TestWithParam<const char*> {};

TEST_P(HeldOutCorpus4, KeepsItsFloors) {
  ExpectCorpusFloors({"heldout4_",
                      "held-out corpus 4, ",
                      false,
                      45,
                      600,
                      {kHeldOut4Floor[0], kHeldOut4Floor[1]},
                      {kHeldOut4KeptFloor[0], kHeldOut4KeptFloor[1]}},
                     GetParam());
}

INSTANTIATE_TEST_SUITE_P(BothLanguages, HeldOutCorpus4, ::testing::Values("nl", "en"));

// The fifth held-out corpus (heldout5_*.txt): written on 4 December 2026, after the fifth round's
// rules, in genres none of the other corpora asked for.
class HeldOutCorpus5 : public ::testing::TestWithParam<const char*> {};

TEST_P(HeldOutCorpus5, KeepsItsFloors) {
  ExpectCorpusFloors({"heldout5_",
                      "held-out corpus 5, ",
                      false,
                      60,
                      750,
                      {kHeldOut5Floor[0], kHeldOut5Floor[1]},
                      {kHeldOut5KeptFloor[0], kHeldOut5KeptFloor[1]}},
                     GetParam());
}

INSTANTIATE_TEST_SUITE_P(BothLanguages, HeldOutCorpus5, ::testing::Values("nl", "en"));

// The sixth held-out corpus (heldout6_*.txt): written on 6 December 2026, before the sixth round
// of rules.
class HeldOutCorpus6 : public ::testing::TestWithParam<const char*> {};

TEST_P(HeldOutCorpus6, KeepsItsFloors) {
  ExpectCorpusFloors({"heldout6_",
                      "held-out corpus 6, ",
                      false,
                      70,
                      800,
                      {kHeldOut6Floor[0], kHeldOut6Floor[1]},
                      {kHeldOut6KeptFloor[0], kHeldOut6KeptFloor[1]}},
                     GetParam());
}

INSTANTIATE_TEST_SUITE_P(BothLanguages, HeldOutCorpus6, ::testing::Values("nl", "en"));

// Development corpus 7 (dev7_*.txt): written on 7 December 2026 by a separate hand before the
// learned part, and among its training files; its misses are printed.
class DevelopmentCorpus7 : public ::testing::TestWithParam<const char*> {};

TEST_P(DevelopmentCorpus7, KeepsItsFloors) {
  ExpectCorpusFloors({"dev7_",
                      "development corpus 7, ",
                      true,
                      90,
                      800,
                      {kDev7Floor[0], kDev7Floor[1]},
                      {kDev7KeptFloor[0], kDev7KeptFloor[1]}},
                     GetParam());
}

INSTANTIATE_TEST_SUITE_P(BothLanguages, DevelopmentCorpus7, ::testing::Values("nl", "en"));

// The seventh held-out corpus (heldout7_*.txt): written on 7 December 2026 by a separate hand
// that read neither the rules, nor the lists, nor the other corpora, before the learned part;
// never tuned on, never trained on. Only its figures are printed.
class HeldOutCorpus7 : public ::testing::TestWithParam<const char*> {};

TEST_P(HeldOutCorpus7, KeepsItsFloors) {
  ExpectCorpusFloors({"heldout7_",
                      "held-out corpus 7, ",
                      false,
                      80,
                      750,
                      {kHeldOut7Floor[0], kHeldOut7Floor[1]},
                      {kHeldOut7KeptFloor[0], kHeldOut7KeptFloor[1]}},
                     GetParam());
}

INSTANTIATE_TEST_SUITE_P(BothLanguages, HeldOutCorpus7, ::testing::Values("nl", "en"));

// Development corpora 8 and 9 (dev8_*.txt, dev9_*.txt): written on 7 December 2026 by separate
// hands, weighted towards names and organisations that are ordinary words, and among the
// learned part's training files; their misses are printed.
class DevelopmentCorpus8 : public ::testing::TestWithParam<const char*> {};

TEST_P(DevelopmentCorpus8, KeepsItsFloors) {
  ExpectCorpusFloors({"dev8_",
                      "development corpus 8, ",
                      true,
                      90,
                      750,
                      {kDev8Floor[0], kDev8Floor[1]},
                      {kDev8KeptFloor[0], kDev8KeptFloor[1]}},
                     GetParam());
}

INSTANTIATE_TEST_SUITE_P(BothLanguages, DevelopmentCorpus8, ::testing::Values("nl", "en"));

class DevelopmentCorpus9 : public ::testing::TestWithParam<const char*> {};

TEST_P(DevelopmentCorpus9, KeepsItsFloors) {
  ExpectCorpusFloors({"dev9_",
                      "development corpus 9, ",
                      true,
                      80,
                      800,
                      {kDev9Floor[0], kDev9Floor[1]},
                      {kDev9KeptFloor[0], kDev9KeptFloor[1]}},
                     GetParam());
}

INSTANTIATE_TEST_SUITE_P(BothLanguages, DevelopmentCorpus9, ::testing::Values("nl", "en"));

// The eighth held-out corpus (heldout8_*.txt): written on 7 December 2026 by a separate hand
// that read nothing of the project, after the learned part's first version and before its
// second; never tuned on, never trained on. Only its figures are printed.
class HeldOutCorpus8 : public ::testing::TestWithParam<const char*> {};

TEST_P(HeldOutCorpus8, KeepsItsFloors) {
  ExpectCorpusFloors({"heldout8_",
                      "held-out corpus 8, ",
                      false,
                      80,
                      750,
                      {kHeldOut8Floor[0], kHeldOut8Floor[1]},
                      {kHeldOut8KeptFloor[0], kHeldOut8KeptFloor[1]}},
                     GetParam());
}

INSTANTIATE_TEST_SUITE_P(BothLanguages, HeldOutCorpus8, ::testing::Values("nl", "en"));

// Development corpus 10 (dev10_*.txt): written on 7 December 2026 by separate hands, weighted
// towards chats in lower case, initials in minutes and names before a verb at a line's start;
// among the learned part's training files; its misses are printed.
class DevelopmentCorpus10 : public ::testing::TestWithParam<const char*> {};

TEST_P(DevelopmentCorpus10, KeepsItsFloors) {
  ExpectCorpusFloors({"dev10_",
                      "development corpus 10, ",
                      true,
                      80,
                      750,
                      {kDev10Floor[0], kDev10Floor[1]},
                      {kDev10KeptFloor[0], kDev10KeptFloor[1]}},
                     GetParam());
}

INSTANTIATE_TEST_SUITE_P(BothLanguages, DevelopmentCorpus10, ::testing::Values("nl", "en"));

// The ninth held-out corpus (heldout9_*.txt): written on 7 December 2026 by a separate hand
// that read nothing of the project, at the start of the eighth round, before any change of it;
// never tuned on, never trained on. Only its figures are printed.
class HeldOutCorpus9 : public ::testing::TestWithParam<const char*> {};

TEST_P(HeldOutCorpus9, KeepsItsFloors) {
  ExpectCorpusFloors({"heldout9_",
                      "held-out corpus 9, ",
                      false,
                      75,
                      750,
                      {kHeldOut9Floor[0], kHeldOut9Floor[1]},
                      {kHeldOut9KeptFloor[0], kHeldOut9KeptFloor[1]}},
                     GetParam());
}

INSTANTIATE_TEST_SUITE_P(BothLanguages, HeldOutCorpus9, ::testing::Values("nl", "en"));

// Development corpus 11 (dev11_*.txt): written on 8 December 2026 by separate hands, weighted
// towards ages in running text, tables and lists (with numbers that are no ages beside them) and
// initials in minutes; among the learned part's training files; its misses are printed.
class DevelopmentCorpus11 : public ::testing::TestWithParam<const char*> {};

TEST_P(DevelopmentCorpus11, KeepsItsFloors) {
  ExpectCorpusFloors({"dev11_",
                      "development corpus 11, ",
                      true,
                      60,
                      850,
                      {kDev11Floor[0], kDev11Floor[1]},
                      {kDev11KeptFloor[0], kDev11KeptFloor[1]}},
                     GetParam());
}

INSTANTIATE_TEST_SUITE_P(BothLanguages, DevelopmentCorpus11, ::testing::Values("nl", "en"));

// The tenth held-out corpus (heldout10_*.txt): written on 8 December 2026 by a separate hand
// that read nothing of the project, at the start of the ninth round, before any change of it;
// never tuned on, never trained on. Only its figures are printed.
class HeldOutCorpus10 : public ::testing::TestWithParam<const char*> {};

TEST_P(HeldOutCorpus10, KeepsItsFloors) {
  ExpectCorpusFloors({"heldout10_",
                      "held-out corpus 10, ",
                      false,
                      60,
                      850,
                      {kHeldOut10Floor[0], kHeldOut10Floor[1]},
                      {kHeldOut10KeptFloor[0], kHeldOut10KeptFloor[1]}},
                     GetParam());
}

INSTANTIATE_TEST_SUITE_P(BothLanguages, HeldOutCorpus10, ::testing::Values("nl", "en"));

}  // namespace
}  // namespace kring
