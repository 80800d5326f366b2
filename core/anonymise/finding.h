// What the anonymiser reports: one identifying span in a text, its kind and why it was flagged.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/i18n/messages.h"
#include "core/text/language.h"

namespace kring {

enum class EntityType {
  kPerson,
  kOrganisation,
  kPlace,
  kEmail,
  kPhone,
  kIban,
  kBsn,
  kPostcode,
  kAddress,
  kUrl,
  kIp,
  kDate,
  kAge,
  // A number that identifies a person or their file, other than a BSN: patient, client, dossier,
  // case, registration, employee, policy, NHS numbers.
  kIdentifier,
};
inline constexpr int kEntityTypeCount = 14;

// The stem of a pseudonym label: PERSOON / PERSON, TELEFOON / PHONE, ...
std::string_view LabelStem(EntityType type, Language language);
// A word a coach understands: "person name", "phone number", "IBAN bank account" ... (catalogue
// id anonymiser.type.<key>).
std::string EntityTypeName(EntityType type, Language language = i18n::CurrentLanguage());
// "1 person name", "3 person names" (anonymiser.count.<key>).
std::string EntityTypeCount(EntityType type, size_t n, Language language = i18n::CurrentLanguage());
// Stable lower-case key used in stored mappings and the corpus markup: "person", "phone" ...
std::string_view EntityTypeKey(EntityType type);
std::optional<EntityType> EntityTypeFromKey(std::string_view key);

struct Finding {
  EntityType type = EntityType::kPerson;
  size_t begin = 0;  // byte offsets into the text that was scanned, [begin, end)
  size_t end = 0;
  std::string text;
  // Which rule fired, e.g. "iban-mod97", "title+name", "gazetteer:first-name"; always a string
  // literal, so copying a finding does not copy the rule.
  std::string_view rule;
  double confidence = 0.0;
};

// Appends the finding text[begin, end) of `type` to *out; `rule` is a string literal.
void AddFinding(std::string_view text, size_t begin, size_t end, EntityType type, const char* rule,
                double confidence, std::vector<Finding>* out);

}  // namespace kring
