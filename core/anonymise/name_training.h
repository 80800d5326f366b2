// Training the anonymiser's learned part (name_model.h) from the labelled corpora in
// tests/data/anonymiser/: paragraphs separated by blank lines, '#' lines as comments, every piece
// of personal data marked inline as [[type:text]] with a type key of finding.h ("person",
// "postcode", ...). The corpus test reads the corpora with the same parser; the trainer
// (scripts/train-name-model) and a test that retrains the shipped model use the rest.
//
// Pure: no files.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/anonymise/anonymiser.h"
#include "core/anonymise/finding.h"
#include "core/anonymise/name_model.h"
#include "core/base/softmax_regression.h"
#include "core/base/status.h"

namespace kring {

struct LabelledSpan {
  EntityType type = EntityType::kPerson;
  size_t begin = 0;  // in LabelledParagraph::text, without the markup
  size_t end = 0;
};

struct LabelledParagraph {
  std::string text;
  std::vector<LabelledSpan> spans;
};

// A span without its closing "]]", with an unknown type or across a line break is a Usage
// error naming `source` and the line (never the span's text: a corpus may be real case text).
Result<std::vector<LabelledParagraph>> ParseLabelledCorpus(std::string_view data,
                                                           std::string_view source);

// The development corpora: the files the name model is trained on ("<lang>" after the prefix
// and ".txt" after it). The held-out files (heldout*_) are never among them.
inline constexpr std::string_view kNameModelTrainingFiles[] = {
    "corpus_", "dev3_", "dev4_", "dev5_", "dev6_", "dev7_", "dev8_", "dev9_", "dev10_", "dev11_"};

// One example per capitalised word the learned part may judge (Anonymiser::NameCandidates, the
// rules alone), also the words a rule found: label 1 when the word overlaps a labelled person,
// organisation or place, 0 when it overlaps no labelled span; words in other spans (a month in
// a date, a street's type in an address) are left out. In the order of the paragraphs and their
// words, so training is deterministic. `left_by_rules`, when given, tells per example whether no
// rule found it (the words the model will judge).
Result<std::vector<SparseExample>> NameTrainingExamples(
    const Anonymiser& anonymiser, const std::vector<LabelledParagraph>& paragraphs,
    std::vector<bool>* left_by_rules = nullptr);

struct NameTrainingOptions {
  SoftmaxOptions fit{/*l2=*/0.0001, /*iterations=*/300, /*learning_rate=*/0.5, /*min_count=*/2};
  double threshold = 0.3;         // the shipped model's decision threshold
  double keep_threshold = 0.002;  // features whose weight stays below this are dropped
};

NameModel TrainNameModel(const std::vector<SparseExample>& examples,
                         const NameTrainingOptions& options = {});

}  // namespace kring
