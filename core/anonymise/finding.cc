#include "core/anonymise/finding.h"

#include <array>

namespace kring {
namespace {

// The stable key (also the last part of the type's message ids) and the label stems.
struct TypeInfo {
  std::string_view key;
  std::string_view nl;
  std::string_view en;
};

constexpr std::array<TypeInfo, kEntityTypeCount> kTypes = {{
    {"person", "PERSOON", "PERSON"},
    {"organisation", "ORGANISATIE", "ORGANISATION"},
    {"place", "PLAATS", "PLACE"},
    {"email", "EMAIL", "EMAIL"},
    {"phone", "TELEFOON", "PHONE"},
    {"iban", "IBAN", "IBAN"},
    {"bsn", "BSN", "BSN"},
    {"postcode", "POSTCODE", "POSTCODE"},
    {"address", "ADRES", "ADDRESS"},
    {"url", "URL", "URL"},
    {"ip", "IP", "IP"},
    {"date", "DATUM", "DATE"},
    {"age", "LEEFTIJD", "AGE"},
    {"identifier", "NUMMER", "NUMBER"},
}};

const TypeInfo& Info(EntityType type) { return kTypes[static_cast<size_t>(type)]; }

}  // namespace

std::string_view LabelStem(EntityType type, Language language) {
  return language == Language::kDutch ? Info(type).nl : Info(type).en;
}

std::string EntityTypeName(EntityType type, Language language) {
  return i18n::Tr(language, "anonymiser.type." + std::string(Info(type).key));
}

std::string EntityTypeCount(EntityType type, size_t n, Language language) {
  return i18n::Tr(language, "anonymiser.count." + std::string(Info(type).key), {{"n", n}});
}

std::string_view EntityTypeKey(EntityType type) { return Info(type).key; }

std::optional<EntityType> EntityTypeFromKey(std::string_view key) {
  for (size_t i = 0; i < kTypes.size(); ++i) {
    if (kTypes[i].key == key) return static_cast<EntityType>(i);
  }
  return std::nullopt;
}

void AddFinding(std::string_view text, size_t begin, size_t end, EntityType type, const char* rule,
                double confidence, std::vector<Finding>* out) {
  Finding f;
  f.type = type;
  f.begin = begin;
  f.end = end;
  f.text = std::string(text.substr(begin, end - begin));
  f.rule = rule;
  f.confidence = confidence;
  out->push_back(std::move(f));
}

}  // namespace kring
