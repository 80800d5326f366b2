// Measures the focus analysis against the hand-labelled corpora in tests/data/focus/ and prints
// accuracy per label and language, with a confusion matrix. The development files (<lang>.tsv,
// <lang>_dev2.tsv) were used while tuning the lexicons; the held-out files (<lang>_heldout.tsv)
// were written after the last tuning round and never tuned on.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/focus/focus.h"

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
