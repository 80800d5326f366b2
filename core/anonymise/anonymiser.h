// The anonymiser: finds what identifies a person, organisation or place in Dutch or English
// case text. Pure: no files, no clock, no randomness. Recall first: a missed name is a leak, an
// extra redaction only costs readability.
//
//   KRING_ASSIGN_OR_RETURN(Anonymiser anonymiser, Anonymiser::Load());
//   KRING_ASSIGN_OR_RETURN(std::vector<Finding> findings, anonymiser.Find(text, options));
//   std::string redacted = Redact(text, findings, pseudonyms, Language::kDutch);
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/anonymise/finding.h"
#include "core/anonymise/gazetteer.h"
#include "core/anonymise/name_model.h"
#include "core/base/status.h"
#include "core/text/language.h"

namespace kring {

struct AnonymiserOptions {
  // Labels language; nullopt means "detect" (AnonymiseCase also looks at the case's language).
  std::optional<Language> language;
  // The coach's per-node list: names that must always go (own clients, employers).
  std::vector<std::string> always_remove;
  // Extra names for this case only.
  std::vector<std::string> case_names;
  // Words and phrases that must stay (a method's name, "Feedforward"); case-insensitive.
  std::vector<std::string> allow;
  // Whether the learned part (name_model.h) judges the capitalised words the rules left. Off
  // only to measure the rules alone.
  bool learned_names = true;
};

class Anonymiser {
 public:
  // Builds the anonymiser from the word lists and the name model embedded in the binary.
  static Result<Anonymiser> Load();

  // All findings in text, sorted by offset, never overlapping. Fails (kUsage) only when the
  // text is not valid UTF-8, saying where.
  Result<std::vector<Finding>> Find(std::string_view text, const AnonymiserOptions& options) const;

  // The words the learned part judges in text, after the rules (whatever options.learned_names
  // says), with their features and the shipped model's probabilities: for training the model
  // (scripts/train-name-model) and for looking into its decisions. Offsets are the text's.
  Result<std::vector<NameCandidate>> NameCandidates(std::string_view text,
                                                    const AnonymiserOptions& options) const;

  const Gazetteer& gazetteer() const { return *gazetteer_; }
  const NameModel& name_model() const { return *name_model_; }
  // The same lists with another model (a model in training, or an empty one).
  Anonymiser WithNameModel(NameModel model) const {
    return Anonymiser(gazetteer_, std::make_shared<const NameModel>(std::move(model)));
  }

 private:
  Anonymiser(std::shared_ptr<const Gazetteer> gazetteer,
             std::shared_ptr<const NameModel> name_model)
      : gazetteer_(std::move(gazetteer)), name_model_(std::move(name_model)) {}
  Result<std::vector<Finding>> Scan(std::string_view text, const AnonymiserOptions& options,
                                    std::vector<NameCandidate>* candidates) const;
  std::shared_ptr<const Gazetteer> gazetteer_;
  std::shared_ptr<const NameModel> name_model_;
};

// Where a byte offset lies, for messages: 1-based line and column (in code points).
struct TextPosition {
  size_t line = 1;
  size_t column = 1;
};
TextPosition LocateOffset(std::string_view text, size_t offset);

}  // namespace kring
