#include "core/focus/focus_model.h"

#include <algorithm>
#include <cmath>

#include "core/base/data_lines.h"
#include "core/base/softmax_regression.h"

namespace kring {
namespace {

// The file's column order, which is FocusLabel's numeric order.
constexpr std::string_view kColumns = "neutral\twork\taction\tintrospection";

}  // namespace

Result<std::vector<LabelledSentence>> ParseLabelledSentences(std::string_view tsv,
                                                             std::string_view source) {
  std::vector<LabelledSentence> out;
  for (const auto& [line_number, line] : DataLines(tsv)) {
    const std::string where = std::string(source) + " line " + std::to_string(line_number);
    const size_t tab = line.find('\t');
    if (tab == std::string_view::npos)
      return Status::Usage(where + ": expected label<TAB>sentence");
    LabelledSentence example;
    bool known = false;
    for (int l = 0; l < kFocusLabelCount; ++l) {
      if (FocusLabelName(static_cast<FocusLabel>(l)) == line.substr(0, tab)) {
        example.label = static_cast<FocusLabel>(l);
        known = true;
      }
    }
    if (!known) return Status::Usage(where + ": unknown label");
    example.sentence = std::string(line.substr(tab + 1));
    out.push_back(std::move(example));
  }
  return out;
}

Result<FocusModel> FocusModel::Parse(std::string_view data, std::string_view source) {
  FocusModel model;
  bool have_bias = false;
  for (const auto& [line_number, line] : DataLines(data)) {
    const std::string where = std::string(source) + " line " + std::to_string(line_number);
    std::vector<std::string_view> fields = SplitTabs(line);
    if (fields.size() != 1 + kFocusLabelCount || fields[0].empty()) {
      return Status::Usage(where + ": expected feature<TAB>" + std::string(kColumns));
    }
    LabelScores weights{};
    for (int l = 0; l < kFocusLabelCount; ++l) {
      if (!ParseModelWeight(fields[static_cast<size_t>(l) + 1], &weights[static_cast<size_t>(l)])) {
        return Status::Usage(where + ": a weight must be a number between -1000 and 1000");
      }
    }
    if (fields[0] == "bias") {
      if (have_bias) return Status::Usage(where + ": a second bias line");
      model.bias_ = weights;
      have_bias = true;
      continue;
    }
    if (!model.weights_.emplace(std::string(fields[0]), weights).second) {
      return Status::Usage(where + ": the feature is listed twice");
    }
  }
  if (!have_bias) return Status::Usage(std::string(source) + ": the model has no bias line");
  return model;
}

std::string FocusModel::Serialise(std::string_view header) const {
  std::string out = ModelHeaderComment(header);
  out += "# feature\t" + std::string(kColumns) + "\n";
  auto row = [&](std::string_view name, const LabelScores& w) {
    out += std::string(name);
    for (double x : w) out += "\t" + FormatModelWeight(x);
    out += "\n";
  };
  row("bias", bias_);
  std::vector<const std::pair<const std::string, LabelScores>*> sorted;
  sorted.reserve(weights_.size());
  for (const auto& entry : weights_) sorted.push_back(&entry);
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->first < b->first; });
  for (const auto* entry : sorted) row(entry->first, entry->second);
  return out;
}

const LabelScores* FocusModel::Weights(std::string_view feature) const {
  auto it = weights_.find(std::string(feature));
  return it == weights_.end() ? nullptr : &it->second;
}

LabelScores FocusModel::Scores(const std::vector<FocusFeature>& features) const {
  LabelScores scores = bias_;
  for (const FocusFeature& f : features) {
    const LabelScores* w = Weights(f.name);
    if (w == nullptr) continue;
    for (int l = 0; l < kFocusLabelCount; ++l) scores[l] += f.value * (*w)[l];
  }
  return scores;
}

void FocusModel::set_weights(std::string feature, const LabelScores& weights) {
  weights_[std::move(feature)] = weights;
}

FocusModel TrainFocusModel(const std::vector<FocusTrainingExample>& examples,
                           const FocusTrainingOptions& options) {
  std::vector<SparseExample> data;
  data.reserve(examples.size());
  for (const FocusTrainingExample& e : examples) {
    SparseExample s;
    s.label = static_cast<int>(e.label);
    s.features.reserve(e.features.size());
    for (const FocusFeature& f : e.features) s.features.emplace_back(f.name, f.value);
    data.push_back(std::move(s));
  }
  const SoftmaxFit fit = FitSoftmaxRegression(
      data, kFocusLabelCount,
      {options.l2, options.iterations, options.learning_rate, options.min_count});
  FocusModel model;
  LabelScores bias{};
  std::copy(fit.bias.begin(), fit.bias.end(), bias.begin());
  model.set_bias(bias);
  for (size_t f = 0; f < fit.feature_names.size(); ++f) {
    LabelScores row;
    std::copy_n(fit.weights.begin() + static_cast<std::ptrdiff_t>(f * kFocusLabelCount),
                kFocusLabelCount, row.begin());
    double largest = 0;
    for (double v : row) largest = std::max(largest, std::fabs(v));
    if (largest >= options.keep_threshold) model.set_weights(fit.feature_names[f], row);
  }
  return model;
}

}  // namespace kring
