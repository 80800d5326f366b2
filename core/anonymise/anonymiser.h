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
};

class Anonymiser {
 public:
  // Builds the anonymiser from the word lists embedded in the binary.
  static Result<Anonymiser> Load();

  // All findings in text, sorted by offset, never overlapping. Fails (kUsage) only when the
  // text is not valid UTF-8, saying where.
  Result<std::vector<Finding>> Find(std::string_view text, const AnonymiserOptions& options) const;

  const Gazetteer& gazetteer() const { return *gazetteer_; }

 private:
  explicit Anonymiser(std::shared_ptr<const Gazetteer> gazetteer)
      : gazetteer_(std::move(gazetteer)) {}
  std::shared_ptr<const Gazetteer> gazetteer_;
};

// Where a byte offset lies, for messages: 1-based line and column (in code points).
struct TextPosition {
  size_t line = 1;
  size_t column = 1;
};
TextPosition LocateOffset(std::string_view text, size_t offset);

}  // namespace kring
