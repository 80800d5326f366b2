// Measures the focus analysis against the hand-labelled corpora in tests/data/focus/ and prints
// recall and precision per label and language, with a confusion matrix. The model is trained on
// the files in kFocusTrainingFiles (<lang>_train.tsv, <lang>.tsv, <lang>_dev2.tsv, ...; the
// lexicons were also tuned on <lang>.tsv and <lang>_dev2.tsv). The held-out files were never
// trained or tuned on: <lang>_heldout.tsv (written after the lexicons' last tuning round),
// <lang>_heldout3.tsv (written before issue 16's model) and <lang>_heldout4.tsv (written by
// another hand before the model's second round of training data). docs/focus-analysis.md
// tells their history and figures.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/focus/focus.h"
#include "core/focus/focus_model.h"

namespace kring {
namespace {

struct Example {
  FocusLabel label;
  std::string sentence;
};

constexpr FocusLabel kLabels[] = {FocusLabel::kWorkContext, FocusLabel::kActionLearning,
                                  FocusLabel::kIntrospection, FocusLabel::kNeutral};

std::vector<Example> LoadCorpus(const std::string& name) {
  std::ifstream in(std::string(KRING_TEST_DATA_DIR) + "/focus/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << "missing corpus file " << name;
  std::ostringstream text;
  text << in.rdbuf();
  Result<std::vector<LabelledSentence>> parsed = ParseLabelledSentences(text.str(), name);
  EXPECT_TRUE(parsed.ok()) << parsed.status().message();
  std::vector<Example> examples;
  if (!parsed.ok()) return examples;
  for (LabelledSentence& e : *parsed) examples.push_back({e.label, std::move(e.sentence)});
  return examples;
}

struct Tally {
  // confusion[expected][got]
  std::array<std::array<int, kFocusLabelCount>, kFocusLabelCount> confusion{};
  int total = 0;
  int correct = 0;
  double accuracy() const { return total == 0 ? 0 : static_cast<double>(correct) / total; }
  // Introspection against the three other labels taken together: the drift flag's question.
  double introspection_accuracy() const {
    const int i = static_cast<int>(FocusLabel::kIntrospection);
    int right = 0;
    for (int e = 0; e < kFocusLabelCount; ++e) {
      for (int g = 0; g < kFocusLabelCount; ++g) {
        if ((e == i) == (g == i)) right += confusion[e][g];
      }
    }
    return total == 0 ? 0 : static_cast<double>(right) / total;
  }
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
  std::printf("\n  %s: %d/%d correct = %.1f%%; introspection vs the rest %.1f%%\n", title.c_str(),
              tally.correct, tally.total, 100.0 * tally.accuracy(),
              100.0 * tally.introspection_accuracy());
  std::printf("    %-15s %7s %9s   confusion (rows expected, columns got)\n", "label", "recall",
              "precision");
  std::printf("    %-15s %7s %9s  %6s %6s %6s %6s\n", "", "", "", "work", "action", "intro",
              "neutr");
  for (FocusLabel expected : kLabels) {
    int e = static_cast<int>(expected);
    int row_total = 0, column_total = 0;
    for (int g = 0; g < kFocusLabelCount; ++g) {
      row_total += tally.confusion[e][g];
      column_total += tally.confusion[g][e];
    }
    double recall = row_total == 0 ? 0 : 100.0 * tally.confusion[e][e] / row_total;
    double precision = column_total == 0 ? 0 : 100.0 * tally.confusion[e][e] / column_total;
    std::printf("    %-15s %6.1f%% %8.1f%%  ", std::string(FocusLabelName(expected)).c_str(),
                recall, precision);
    for (FocusLabel g : kLabels) std::printf("%6d ", tally.confusion[e][static_cast<int>(g)]);
    std::printf("\n");
  }
  return tally;
}

// Four-label floors per language (Dutch, English) on held-out sets 3 and 4: issue 16's target
// (80 %), and a few points under the English figure on set 4.
constexpr double kFloor3[] = {0.80, 0.80};
constexpr double kFloor4[] = {0.80, 0.83};

void RunLanguage(Language language) {
  std::string code(LanguageCode(language));
  const FocusAnalyser& analyser = DefaultFocusAnalyser(language);
  ASSERT_TRUE(analyser.has_model());
  std::vector<Example> trained;
  for (std::string_view suffix : kFocusTrainingFiles) {
    std::vector<Example> part = LoadCorpus(code + std::string(suffix));
    trained.insert(trained.end(), part.begin(), part.end());
  }
  std::printf("\n=== focus corpus, language %s ===\n", code.c_str());
  // Misses are printed for the training files only: reading the held-out misses would be
  // tuning on them.
  Tally fit = Evaluate(analyser, trained, code + " training files (trained on)", true);
  Tally held = Evaluate(analyser, LoadCorpus(code + "_heldout.tsv"),
                        code + " held-out 1 (48 sentences, never trained on)", false);
  Tally held3 = Evaluate(analyser, LoadCorpus(code + "_heldout3.tsv"),
                         code + " held-out 3 (never trained or tuned on)", false);
  Tally held4 = Evaluate(analyser, LoadCorpus(code + "_heldout4.tsv"),
                         code + " held-out 4 (another hand; never trained or tuned on)", false);
  ASSERT_GE(held3.total, 150);
  ASSERT_GE(held4.total, 150);
  // The model fits what it was trained on; far less would mean a broken training or loading.
  EXPECT_GE(fit.accuracy(), 0.90) << code;
  // Floors at issue 16's targets (introspection against the rest 90 %, four labels 80 %) or a
  // few points under the figures measured when the model was trained (printed above and in
  // docs/focus-analysis.md). The analysis is deterministic, so a floor fails only when the
  // lexicon, the features, the model or the corpora change.
  EXPECT_GE(held.accuracy(), 0.78) << code << " held-out 1";
  EXPECT_GE(held3.accuracy(), kFloor3[static_cast<int>(language)]) << code << " held-out 3";
  EXPECT_GE(held3.introspection_accuracy(), 0.90) << code << " held-out 3";
  EXPECT_GE(held4.accuracy(), kFloor4[static_cast<int>(language)]) << code << " held-out 4";
  EXPECT_GE(held4.introspection_accuracy(), 0.90) << code << " held-out 4";
}

// Words of `text` filled into lines of at most `width` bytes, as a wrapping editor does.
std::string HardWrap(const std::string& text, size_t width, const std::string& newline) {
  std::string out;
  size_t line = 0;
  std::istringstream words(text);
  std::string word;
  while (words >> word) {
    if (line > 0 && line + 1 + word.size() > width) {
      out += newline;
      line = 0;
    } else if (line > 0) {
      out += ' ';
      ++line;
    }
    out += word;
    line += word.size();
  }
  return out;
}

std::string CollapseWhiteSpace(std::string_view s) {
  std::string out;
  for (char c : s) {
    bool white = c == ' ' || c == '\t' || c == '\r' || c == '\n';
    if (!white) {
      out.push_back(c);
    } else if (!out.empty() && out.back() != ' ') {
      out.push_back(' ');
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

struct WrapTally {
  int sentences = 0;  // corpus sentences
  int recovered = 0;  // split back out of the paragraphs exactly
  int correct = 0;    // recovered with the hand label
};

// The corpus sentences, four to a paragraph, written the way coaches do in a wrapping editor
// (`width` 0: each paragraph on one line), analysed as free text: how many sentences come back
// whole, and with the right label.
WrapTally EvaluateParagraphs(Language language, const std::vector<Example>& examples, size_t width,
                             const std::string& newline) {
  WrapTally tally;
  for (size_t first = 0; first < examples.size(); first += 4) {
    const size_t last = std::min(first + 4, examples.size());
    std::string paragraph;
    for (size_t i = first; i < last; ++i) {
      paragraph += (i > first ? " " : "") + examples[i].sentence;
    }
    const std::string text = width == 0 ? paragraph : HardWrap(paragraph, width, newline);
    FocusProfile profile = AnalyseText(text, language);
    size_t next = first;  // sentences are matched in order; a merged one loses both
    for (const FocusSentence& got : profile.sentences) {
      const std::string seen = CollapseWhiteSpace(got.text);
      for (size_t k = next; k < last; ++k) {
        if (CollapseWhiteSpace(examples[k].sentence) != seen) continue;
        ++tally.recovered;
        if (got.label == examples[k].label) ++tally.correct;
        next = k + 1;
        break;
      }
    }
    tally.sentences += static_cast<int>(last - first);
  }
  return tally;
}

void RunWrapped(Language language) {
  std::string code(LanguageCode(language));
  std::vector<Example> all;
  for (const char* suffix : {".tsv", "_dev2.tsv", "_heldout.tsv"}) {
    std::vector<Example> part = LoadCorpus(code + suffix);
    all.insert(all.end(), part.begin(), part.end());
  }
  const WrapTally flat = EvaluateParagraphs(language, all, 0, "\n");
  std::printf("\n=== focus corpus as paragraphs, language %s ===\n", code.c_str());
  std::printf("  %-24s recovered %3d/%d, labelled right %3d/%d = %.1f%%\n", "one line each",
              flat.recovered, flat.sentences, flat.correct, flat.sentences,
              100.0 * flat.correct / flat.sentences);
  for (size_t width : {72u, 60u, 80u}) {
    for (const std::string newline : {"\n", "\r\n"}) {
      const WrapTally wrapped = EvaluateParagraphs(language, all, width, newline);
      const std::string title =
          "wrapped at " + std::to_string(width) + (newline == "\n" ? " (LF)" : " (CRLF)");
      std::printf("  %-24s recovered %3d/%d, labelled right %3d/%d = %.1f%%\n", title.c_str(),
                  wrapped.recovered, wrapped.sentences, wrapped.correct, wrapped.sentences,
                  100.0 * wrapped.correct / wrapped.sentences);
      // Hard wrapping must change nothing: the same sentences, the same labels.
      EXPECT_EQ(wrapped.recovered, flat.recovered) << title;
      EXPECT_EQ(wrapped.correct, flat.correct) << title;
    }
  }
  EXPECT_GE(flat.recovered, flat.sentences * 95 / 100) << "paragraphs no longer split well";
}

TEST(FocusCorpusTest, Dutch) { RunLanguage(Language::kDutch); }
TEST(FocusCorpusTest, English) { RunLanguage(Language::kEnglish); }
TEST(FocusCorpusTest, DutchHardWrapped) { RunWrapped(Language::kDutch); }
TEST(FocusCorpusTest, EnglishHardWrapped) { RunWrapped(Language::kEnglish); }

}  // namespace
}  // namespace kring
