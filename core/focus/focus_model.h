// The learned part of the focus analysis: a linear model (multinomial logistic regression) over
// a sentence's features — its word stems, pairs of neighbouring stems, the lexicon's cues and the
// lexicon's named patterns. Every feature has one weight per label; a sentence's score for a
// label is the bias plus the sum of its features' weights, and the highest score wins. Because
// the model is linear, each feature's part in a decision can be read off and shown as a cue.
//
// The model is trained here, from the labelled sentences in tests/data/focus/, by
// scripts/train-focus-model (TrainFocusModel below, deterministic), and ships as a data file
// (core/focus/data/model_<lang>.txt). No weights come from elsewhere. docs/focus-analysis.md
// describes the features, the training and the figures.
//
// Pure: no files, no clock, no global state.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/base/status.h"
#include "core/focus/focus_lexicon.h"

namespace kring {

using LabelScores = std::array<double, kFocusLabelCount>;  // by FocusLabel

// One feature of one sentence: the model's name for it ("w:feel", "b:ask herself",
// "lex:introspection", "p:question_self"), its value, and the bytes of the sentence it came from.
struct FocusFeature {
  std::string name;
  double value = 1;
  size_t begin = 0;
  size_t end = 0;
};

class FocusModel {
 public:
  // Parses a model file:
  //   # comment lines
  //   bias <TAB> neutral <TAB> work <TAB> action <TAB> introspection
  //   <feature> <TAB> neutral <TAB> work <TAB> action <TAB> introspection
  // A malformed file is a Usage error naming the line.
  static Result<FocusModel> Parse(std::string_view data, std::string_view source);

  // The file form: `header` as comment lines, the bias, then the features sorted by name, with
  // weights rounded to 4 decimals. Parse(Serialise()) gives the same scores to 4 decimals.
  std::string Serialise(std::string_view header) const;

  const LabelScores& bias() const { return bias_; }
  // The feature's weights, or nullptr when the model does not know it (it then adds nothing).
  const LabelScores* Weights(std::string_view feature) const;
  size_t size() const { return weights_.size(); }
  bool empty() const { return weights_.empty(); }

  // Bias plus every known feature's value times its weights.
  LabelScores Scores(const std::vector<FocusFeature>& features) const;

  void set_bias(const LabelScores& bias) { bias_ = bias; }
  void set_weights(std::string feature, const LabelScores& weights);

 private:
  LabelScores bias_{};
  std::unordered_map<std::string, LabelScores> weights_;
};

// One line of a labelled corpus (tests/data/focus/*.tsv): label<TAB>sentence.
struct LabelledSentence {
  FocusLabel label = FocusLabel::kNeutral;
  std::string sentence;
};
// '#' lines and blank lines are skipped; a line without a tab or with an unknown label is a
// Usage error naming `source` and the line.
Result<std::vector<LabelledSentence>> ParseLabelledSentences(std::string_view tsv,
                                                             std::string_view source);

// The corpus files the shipped models are trained on, per language ("<lang>" + suffix); the
// held-out files (<lang>_heldout.tsv, <lang>_heldout3.tsv, <lang>_heldout4.tsv) are never
// among them.
inline constexpr std::string_view kFocusTrainingFiles[] = {"_train.tsv", "_train2.tsv", ".tsv",
                                                           "_dev2.tsv"};

struct FocusTrainingExample {
  std::vector<FocusFeature> features;
  FocusLabel label = FocusLabel::kNeutral;
};

struct FocusTrainingOptions {
  double l2 = 0.02;      // weight of the L2 penalty, per example
  int iterations = 600;  // full passes of gradient descent (AdaGrad steps)
  double learning_rate = 0.5;
  int min_count = 2;              // a feature seen in fewer training sentences gets no weight
  double keep_threshold = 0.002;  // features whose weights all stay below this are dropped
};

// Multinomial logistic regression with an L2 penalty, fitted by full-batch AdaGrad from zero
// weights. Deterministic: the same examples in the same order give the same model.
FocusModel TrainFocusModel(const std::vector<FocusTrainingExample>& examples,
                           const FocusTrainingOptions& options = {});

}  // namespace kring
