#include "core/focus/focus_model.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>

#include "core/base/data_lines.h"

namespace kring {
namespace {

// The file's column order, which is FocusLabel's numeric order.
constexpr std::string_view kColumns = "neutral\twork\taction\tintrospection";

bool ParseWeight(std::string_view text, double* out) {
  const char* begin = text.data();
  const char* end = begin + text.size();
  auto [ptr, ec] = std::from_chars(begin, end, *out);
  return ec == std::errc() && ptr == end && std::isfinite(*out) && std::fabs(*out) <= 1000;
}

std::string FormatWeight(double w) {
  char buf[32];
  double rounded = std::round(w * 10000) / 10000;
  if (rounded == 0) rounded = 0;  // no "-0"
  std::snprintf(buf, sizeof buf, "%.4f", rounded);
  return buf;
}

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
      if (!ParseWeight(fields[static_cast<size_t>(l) + 1], &weights[static_cast<size_t>(l)])) {
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
  std::string out;
  size_t pos = 0;
  while (pos < header.size()) {
    size_t nl = header.find('\n', pos);
    std::string_view line =
        header.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    out += "# " + std::string(line) + "\n";
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  out += "# feature\t" + std::string(kColumns) + "\n";
  auto row = [&](std::string_view name, const LabelScores& w) {
    out += std::string(name);
    for (double x : w) out += "\t" + FormatWeight(x);
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
  // Feature indexes in name order, so the result does not depend on hash-table order. A feature
  // counts once per sentence for min_count.
  std::map<std::string, int> sentence_counts;
  for (const FocusTrainingExample& e : examples) {
    std::vector<std::string_view> seen;
    for (const FocusFeature& f : e.features) seen.push_back(f.name);
    std::sort(seen.begin(), seen.end());
    seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
    for (std::string_view name : seen) ++sentence_counts[std::string(name)];
  }
  std::vector<std::string> names;
  std::map<std::string_view, size_t> index;
  for (const auto& [name, count] : sentence_counts) {
    if (count < options.min_count) continue;
    names.push_back(name);
  }
  for (size_t i = 0; i < names.size(); ++i) index[names[i]] = i;

  // Each example as (feature index, value) pairs, merged per feature.
  struct Sparse {
    std::vector<std::pair<size_t, double>> x;
    int label = 0;
  };
  std::vector<Sparse> data;
  data.reserve(examples.size());
  for (const FocusTrainingExample& e : examples) {
    std::map<size_t, double> merged;
    for (const FocusFeature& f : e.features) {
      auto it = index.find(f.name);
      if (it != index.end()) merged[it->second] += f.value;
    }
    Sparse s;
    s.x.assign(merged.begin(), merged.end());
    s.label = static_cast<int>(e.label);
    data.push_back(std::move(s));
  }

  constexpr int K = kFocusLabelCount;
  const size_t F = names.size();
  std::vector<double> w(F * K, 0.0), g(F * K), g2(F * K, 0.0);
  LabelScores b{}, gb{}, gb2{};
  const double n = examples.empty() ? 1.0 : static_cast<double>(examples.size());
  for (int iteration = 0; iteration < options.iterations; ++iteration) {
    std::fill(g.begin(), g.end(), 0.0);
    gb.fill(0.0);
    for (const Sparse& s : data) {
      LabelScores z = b;
      for (const auto& [f, v] : s.x) {
        for (int l = 0; l < K; ++l) z[l] += v * w[f * K + l];
      }
      const double top = *std::max_element(z.begin(), z.end());
      double sum = 0;
      for (int l = 0; l < K; ++l) sum += (z[l] = std::exp(z[l] - top));
      for (int l = 0; l < K; ++l) {
        const double d = (z[l] / sum - (l == s.label ? 1.0 : 0.0)) / n;
        gb[l] += d;
        for (const auto& [f, v] : s.x) g[f * K + l] += d * v;
      }
    }
    for (size_t i = 0; i < F * K; ++i) {
      const double grad = g[i] + options.l2 * w[i];
      g2[i] += grad * grad;
      if (g2[i] > 0) w[i] -= options.learning_rate * grad / std::sqrt(g2[i]);
    }
    for (int l = 0; l < K; ++l) {
      gb2[l] += gb[l] * gb[l];
      if (gb2[l] > 0) b[l] -= options.learning_rate * gb[l] / std::sqrt(gb2[l]);
    }
  }

  // Softmax is unchanged by adding a constant to all labels: centre each row, so the file shows
  // which labels a feature pushes towards (+) and away from (-).
  FocusModel model;
  auto centred = [](LabelScores x) {
    double mean = 0;
    for (double v : x) mean += v / K;
    for (double& v : x) v -= mean;
    return x;
  };
  model.set_bias(centred(b));
  for (size_t f = 0; f < F; ++f) {
    LabelScores row;
    for (int l = 0; l < K; ++l) row[l] = w[f * K + l];
    row = centred(row);
    double largest = 0;
    for (double v : row) largest = std::max(largest, std::fabs(v));
    if (largest >= options.keep_threshold) model.set_weights(names[f], row);
  }
  return model;
}

}  // namespace kring
