// The anonymiser's learned part: a logistic regression that judges a capitalised word no rule
// took — is it (part of) the name of a person, organisation or place? Its features are the
// word's own (the word, its ending, its shape, what the word lists know of it) and its
// neighbours' (the words around it, whether they are capitalised or were found as names); the
// word rules decide first, and the model only looks at what they left. The same model judges
// the numbers no rule took — is it a person's age? — by features of their own, all starting
// with "age." (the value's range, the words around it, a person found close by, a table's row).
//
// Trained here, from the development corpora in tests/data/anonymiser/ (never the held-out
// ones), by scripts/train-name-model (deterministic; a test retrains it and compares), and
// shipped as core/anonymise/data/name_model.txt. Because it is linear, every feature's part in a
// decision is its weight. docs/anonymiser.md, "The learned part", has the features and figures.
//
// Pure: no files, no clock, no global state.
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/anonymise/gazetteer.h"
#include "core/base/softmax_regression.h"
#include "core/base/status.h"

namespace kring {

// A capitalised word or a number, for training and inspection: its bytes in the text, its
// features, whether a rule already took it (the model judges only the others, but learns from
// all), and the model's probability that it is a name (a word) or an age (a number).
struct NameCandidate {
  size_t begin = 0;
  size_t end = 0;
  std::vector<std::string> features;
  bool found_by_rules = false;
  double probability = 0;
  bool number = false;  // a number, whose features all start with "age.": is it a person's age?
};

// The features of one word as the model's names ("w:brandt", "p:met"), built into strings that
// are reused from word to word: a word's features cost no allocation once the buffer has grown.
class NameFeatureList {
 public:
  void Clear() { size_ = 0; }
  // Appends the feature a + b + c.
  void Add(std::string_view a, std::string_view b = {}, std::string_view c = {}) {
    if (size_ == items_.size()) items_.emplace_back();
    std::string& s = items_[size_++];
    s.assign(a);
    s.append(b);
    s.append(c);
  }
  std::span<const std::string> view() const { return {items_.data(), size_}; }
  std::vector<std::string> ToVector() const { return {items_.begin(), items_.begin() + size_}; }

 private:
  std::vector<std::string> items_;
  size_t size_ = 0;
};

class NameModel {
 public:
  // Parses a model file:
  //   # comment lines
  //   threshold <TAB> p      (a word is a name from this probability on)
  //   bias <TAB> w
  //   <feature> <TAB> w      (w: the feature's part in the log-odds of "a name")
  // A malformed file is a Usage error naming the line.
  static Result<NameModel> Parse(std::string_view data, std::string_view source);

  // From a two-label fit (label 1: a name); features whose weight stays below keep_threshold
  // are dropped.
  static NameModel FromFit(const SoftmaxFit& fit, double threshold, double keep_threshold);

  // The file form: `header` as comment lines, the threshold, the bias, then the features sorted
  // by name, weights rounded to 4 decimals.
  std::string Serialise(std::string_view header) const;

  // The log-odds that a word with these features is a name.
  double LogOdds(std::span<const std::string> features) const;
  double Probability(std::span<const std::string> features) const;
  // The feature's weight, 0 when the model does not know it.
  double Weight(std::string_view feature) const;

  double threshold() const { return threshold_; }
  void set_threshold(double threshold) { threshold_ = threshold; }
  size_t size() const { return weights_.size(); }
  bool empty() const { return weights_.empty(); }

 private:
  double threshold_ = 0.5;
  double bias_ = 0;
  std::unordered_map<std::string, double, StringViewHash, std::equal_to<>> weights_;
};

}  // namespace kring
