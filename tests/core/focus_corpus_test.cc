// Measures the focus analysis against the hand-labelled corpora in tests/data/focus/ and prints
// accuracy per label and language, with a confusion matrix. The development files (<lang>.tsv,
// <lang>_dev2.tsv) were used while tuning the lexicons; the held-out files (<lang>_heldout.tsv)
// were written after the last tuning round and never tuned on.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/focus.h"

namespace kring {
namespace {

struct Example {
  FocusLabel label;
  std::string sentence;
};

constexpr FocusLabel kLabels[] = {FocusLabel::kWorkContext, FocusLabel::kActionLearning,
                                  FocusLabel::kIntrospection, FocusLabel::kNeutral};

bool ParseLabel(const std::string& s, FocusLabel* label) {
  for (FocusLabel l : kLabels) {
    if (FocusLabelName(l) == s) {
      *label = l;
      return true;
    }
  }
  return false;
}

std::vector<Example> LoadCorpus(const std::string& name) {
  std::ifstream in(std::string(KRING_TEST_DATA_DIR) + "/focus/" + name);
  EXPECT_TRUE(in.good()) << "missing corpus file " << name;
  std::vector<Example> examples;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    size_t tab = line.find('\t');
    Example example;
    EXPECT_NE(tab, std::string::npos) << name << ":" << number;
    if (tab == std::string::npos) continue;
    EXPECT_TRUE(ParseLabel(line.substr(0, tab), &example.label)) << name << ":" << number;
    example.sentence = line.substr(tab + 1);
    examples.push_back(std::move(example));
  }
  return examples;
}

struct Tally {
  // confusion[expected][got]
  std::array<std::array<int, kFocusLabelCount>, kFocusLabelCount> confusion{};
  int total = 0;
  int correct = 0;
  double accuracy() const { return total == 0 ? 0 : static_cast<double>(correct) / total; }
};

Tally Evaluate(const FocusAnalyser& analyser, const std::vector<Example>& examples,
               const std::string& title, bool show_misses) {
  Tally tally;
  for (const Example& example : examples) {
    FocusSentence got = analyser.LabelSentence(example.sentence);
    ++tally.confusion[static_cast<int>(example.label)][static_cast<int>(got.label)];
    ++tally.total;
    if (got.label == example.label) {
      ++tally.correct;
    } else if (show_misses) {
      std::string cue = got.deciding_cue < 0
                            ? std::string("-")
                            : got.cues[static_cast<size_t>(got.deciding_cue)].pattern;
      std::printf("    miss %-13s got %-13s cue %-22s %s\n",
                  std::string(FocusLabelName(example.label)).c_str(),
                  std::string(FocusLabelName(got.label)).c_str(), cue.c_str(),
                  example.sentence.c_str());
    }
  }
  std::printf("\n  %s: %d/%d correct = %.1f%%\n", title.c_str(), tally.correct, tally.total,
              100.0 * tally.accuracy());
  std::printf("    %-15s %8s   confusion (rows expected, columns got)\n", "label", "accuracy");
  std::printf("    %-15s %8s  %6s %6s %6s %6s\n", "", "", "work", "action", "intro", "neutr");
  for (FocusLabel expected : kLabels) {
    int e = static_cast<int>(expected);
    int row_total = 0;
    for (int g = 0; g < kFocusLabelCount; ++g) row_total += tally.confusion[e][g];
    double acc = row_total == 0 ? 0 : 100.0 * tally.confusion[e][e] / row_total;
    std::printf("    %-15s %7.1f%%  ", std::string(FocusLabelName(expected)).c_str(), acc);
    for (FocusLabel g : kLabels) std::printf("%6d ", tally.confusion[e][static_cast<int>(g)]);
    std::printf("\n");
  }
  return tally;
}

void Merge(Tally& into, const Tally& from) {
  into.total += from.total;
  into.correct += from.correct;
  for (int e = 0; e < kFocusLabelCount; ++e) {
    for (int g = 0; g < kFocusLabelCount; ++g) into.confusion[e][g] += from.confusion[e][g];
  }
}

void RunLanguage(Language language) {
  std::string code(LanguageCode(language));
  const FocusAnalyser& analyser = DefaultFocusAnalyser(language);
  std::vector<Example> dev = LoadCorpus(code + ".tsv");
  std::vector<Example> dev2 = LoadCorpus(code + "_dev2.tsv");
  dev.insert(dev.end(), dev2.begin(), dev2.end());
  std::vector<Example> heldout = LoadCorpus(code + "_heldout.tsv");
  ASSERT_GE(dev.size() + heldout.size(), 80u) << "the brief asks for at least 80 sentences";
  std::printf("\n=== focus corpus, language %s ===\n", code.c_str());
  Tally all = Evaluate(analyser, dev, code + " development (tuned on)", true);
  Tally held = Evaluate(analyser, heldout, code + " held-out (written after tuning)", true);
  Merge(all, held);
  std::printf("\n  %s overall: %d/%d = %.1f%%; held-out alone %.1f%%\n", code.c_str(), all.correct,
              all.total, 100.0 * all.accuracy(), 100.0 * held.accuracy());
  EXPECT_GE(all.accuracy(), 0.80) << code << " overall accuracy below 80%";
  // The held-out figure is the honest one (56% Dutch, 62% English when written: most misses are
  // sentences without any cue). The floor only guards against a lexicon change that helps the
  // development set while breaking what generalises.
  EXPECT_GE(held.accuracy(), 0.50) << code << " held-out accuracy below 50%";
}

TEST(FocusCorpusTest, Dutch) { RunLanguage(Language::kDutch); }
TEST(FocusCorpusTest, English) { RunLanguage(Language::kEnglish); }

}  // namespace
}  // namespace kring
