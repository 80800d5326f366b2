// Multinomial logistic regression (softmax regression) with an L2 penalty, fitted by
// full-batch AdaGrad from zero weights: the trainer of the project's linear models (the focus
// analysis' sentence labels, the anonymiser's learned name detector). Deterministic: the same
// examples in the same order give the same weights on the same platform (the file is compiled
// without floating-point contraction; another libm's exp may differ in the last bits), so a
// shipped model can be retrained by a test and compared within a tolerance.
//
// Pure: no files, no clock, no global state.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kring {

// One training example: named features with values, and its label (0 .. label_count - 1; an
// example with another label is skipped).
struct SparseExample {
  std::vector<std::pair<std::string, double>> features;
  int label = 0;
};

struct SoftmaxOptions {
  double l2 = 0.02;      // weight of the L2 penalty, per example
  int iterations = 600;  // full passes of gradient descent (AdaGrad steps)
  double learning_rate = 0.5;
  int min_count = 2;  // a feature seen in fewer examples gets no weight
};

// The fitted weights, centred per feature (softmax is unchanged by adding a constant to every
// label, so each row shows which labels a feature pushes towards (+) and away from (-)).
struct SoftmaxFit {
  int label_count = 0;
  std::vector<double> bias;                // label_count values
  std::vector<std::string> feature_names;  // sorted by name
  std::vector<double> weights;             // feature_names.size() * label_count, row by row
};

SoftmaxFit FitSoftmaxRegression(const std::vector<SparseExample>& examples, int label_count,
                                const SoftmaxOptions& options = {});

// The model files' number format: a weight is a finite number between -1000 and 1000, written
// with 4 decimals (no "-0").
bool ParseModelWeight(std::string_view text, double* out);
std::string FormatModelWeight(double w);
// `header` as the file's comment lines, one "# " line per line of it.
std::string ModelHeaderComment(std::string_view header);

}  // namespace kring
