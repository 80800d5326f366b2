#include "core/base/softmax_regression.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <string_view>

namespace kring {

SoftmaxFit FitSoftmaxRegression(const std::vector<SparseExample>& examples, int label_count,
                                const SoftmaxOptions& options) {
  // Feature indexes in name order, so the result does not depend on hash-table order. A feature
  // counts once per example for min_count.
  std::map<std::string, int> example_counts;
  for (const SparseExample& e : examples) {
    std::vector<std::string_view> seen;
    for (const auto& f : e.features) seen.push_back(f.first);
    std::sort(seen.begin(), seen.end());
    seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
    for (std::string_view name : seen) ++example_counts[std::string(name)];
  }
  SoftmaxFit fit;
  fit.label_count = label_count;
  if (label_count < 1) return fit;
  std::map<std::string_view, size_t> index;
  for (const auto& [name, count] : example_counts) {
    if (count < options.min_count) continue;
    fit.feature_names.push_back(name);
  }
  for (size_t i = 0; i < fit.feature_names.size(); ++i) index[fit.feature_names[i]] = i;

  // Each example as (feature index, value) pairs, merged per feature.
  struct Sparse {
    std::vector<std::pair<size_t, double>> x;
    int label = 0;
  };
  std::vector<Sparse> data;
  data.reserve(examples.size());
  for (const SparseExample& e : examples) {
    if (e.label < 0 || e.label >= label_count) continue;  // no such label: not an example
    std::map<size_t, double> merged;
    for (const auto& [name, value] : e.features) {
      auto it = index.find(name);
      if (it != index.end()) merged[it->second] += value;
    }
    Sparse s;
    s.x.assign(merged.begin(), merged.end());
    s.label = e.label;
    data.push_back(std::move(s));
  }

  const int K = label_count;
  const size_t F = fit.feature_names.size();
  std::vector<double> w(F * K, 0.0), g(F * K), g2(F * K, 0.0);
  std::vector<double> b(K, 0.0), gb(K), gb2(K, 0.0), z(K);
  const double n = data.empty() ? 1.0 : static_cast<double>(data.size());
  for (int iteration = 0; iteration < options.iterations; ++iteration) {
    std::fill(g.begin(), g.end(), 0.0);
    std::fill(gb.begin(), gb.end(), 0.0);
    for (const Sparse& s : data) {
      std::copy(b.begin(), b.end(), z.begin());
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

  auto centre = [K](double* row) {
    double mean = 0;
    for (int l = 0; l < K; ++l) mean += row[l] / K;
    for (int l = 0; l < K; ++l) row[l] -= mean;
  };
  centre(b.data());
  for (size_t f = 0; f < F; ++f) centre(&w[f * K]);
  fit.bias = std::move(b);
  fit.weights = std::move(w);
  return fit;
}

bool ParseModelWeight(std::string_view text, double* out) {
  const char* begin = text.data();
  const char* end = begin + text.size();
  auto [ptr, ec] = std::from_chars(begin, end, *out);
  return ec == std::errc() && ptr == end && std::isfinite(*out) && std::fabs(*out) <= 1000;
}

std::string FormatModelWeight(double w) {
  char buf[32];
  double rounded = std::round(w * 10000) / 10000;
  if (rounded == 0) rounded = 0;  // no "-0"
  std::snprintf(buf, sizeof buf, "%.4f", rounded);
  return buf;
}

std::string ModelHeaderComment(std::string_view header) {
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
  return out;
}

}  // namespace kring
