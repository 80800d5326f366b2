#include "core/anonymise/name_model.h"

#include <algorithm>
#include <cmath>

#include "core/base/data_lines.h"

namespace kring {

Result<NameModel> NameModel::Parse(std::string_view data, std::string_view source) {
  NameModel model;
  bool have_bias = false, have_threshold = false;
  for (const auto& [line_number, line] : DataLines(data)) {
    const std::string where = std::string(source) + " line " + std::to_string(line_number);
    std::vector<std::string_view> fields = SplitTabs(line);
    if (fields.size() != 2 || fields[0].empty()) {
      return Status::Usage(where + ": expected feature<TAB>weight");
    }
    double value = 0;
    if (!ParseModelWeight(fields[1], &value)) {
      return Status::Usage(where + ": a weight must be a number between -1000 and 1000");
    }
    if (fields[0] == "threshold") {
      if (have_threshold) return Status::Usage(where + ": a second threshold line");
      if (!(value > 0 && value < 1)) {
        return Status::Usage(where + ": the threshold must lie between 0 and 1");
      }
      model.threshold_ = value;
      have_threshold = true;
    } else if (fields[0] == "bias") {
      if (have_bias) return Status::Usage(where + ": a second bias line");
      model.bias_ = value;
      have_bias = true;
    } else if (!model.weights_.emplace(std::string(fields[0]), value).second) {
      return Status::Usage(where + ": the feature is listed twice");
    }
  }
  if (!have_bias) return Status::Usage(std::string(source) + ": the model has no bias line");
  if (!have_threshold) {
    return Status::Usage(std::string(source) + ": the model has no threshold line");
  }
  return model;
}

NameModel NameModel::FromFit(const SoftmaxFit& fit, double threshold, double keep_threshold) {
  NameModel model;
  model.threshold_ = threshold;
  if (fit.label_count != 2) return model;
  // Centred weights of two labels are -w/2 and +w/2: the log-odds of label 1 is their difference.
  model.bias_ = fit.bias[1] - fit.bias[0];
  for (size_t f = 0; f < fit.feature_names.size(); ++f) {
    const double w = fit.weights[f * 2 + 1] - fit.weights[f * 2];
    if (std::fabs(w) >= keep_threshold) model.weights_.emplace(fit.feature_names[f], w);
  }
  return model;
}

std::string NameModel::Serialise(std::string_view header) const {
  std::string out = ModelHeaderComment(header);
  out += "threshold\t" + FormatModelWeight(threshold_) + "\n";
  out += "bias\t" + FormatModelWeight(bias_) + "\n";
  std::vector<const std::pair<const std::string, double>*> sorted;
  sorted.reserve(weights_.size());
  for (const auto& entry : weights_) sorted.push_back(&entry);
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->first < b->first; });
  for (const auto* entry : sorted) {
    out += entry->first + "\t" + FormatModelWeight(entry->second) + "\n";
  }
  return out;
}

double NameModel::Weight(std::string_view feature) const {
  auto it = weights_.find(feature);
  return it == weights_.end() ? 0 : it->second;
}

double NameModel::LogOdds(std::span<const std::string> features) const {
  double z = bias_;
  for (const std::string& f : features) z += Weight(f);
  return z;
}

double NameModel::Probability(std::span<const std::string> features) const {
  return 1 / (1 + std::exp(-LogOdds(features)));
}

}  // namespace kring
