#include "core/anonymise/finding.h"

#include <array>

namespace kring {
namespace {

struct TypeInfo {
  std::string_view key;
  std::string_view nl;
  std::string_view en;
  std::string_view name;
};

constexpr std::array<TypeInfo, kEntityTypeCount> kTypes = {{
    {"person", "PERSOON", "PERSON", "person name"},
    {"organisation", "ORGANISATIE", "ORGANISATION", "organisation"},
    {"place", "PLAATS", "PLACE", "place name"},
    {"email", "EMAIL", "EMAIL", "e-mail address"},
    {"phone", "TELEFOON", "PHONE", "phone number"},
    {"iban", "IBAN", "IBAN", "IBAN bank account"},
    {"bsn", "BSN", "BSN", "citizen service number (BSN)"},
    {"postcode", "POSTCODE", "POSTCODE", "postcode"},
    {"address", "ADRES", "ADDRESS", "street address"},
    {"url", "URL", "URL", "web address"},
    {"ip", "IP", "IP", "IP address"},
    {"date", "DATUM", "DATE", "date"},
    {"age", "LEEFTIJD", "AGE", "age"},
}};

const TypeInfo& Info(EntityType type) { return kTypes[static_cast<size_t>(type)]; }

}  // namespace

std::string_view LabelStem(EntityType type, Language language) {
  return language == Language::kDutch ? Info(type).nl : Info(type).en;
}

std::string_view EntityTypeName(EntityType type) { return Info(type).name; }
std::string_view EntityTypeKey(EntityType type) { return Info(type).key; }

std::optional<EntityType> EntityTypeFromKey(std::string_view key) {
  for (size_t i = 0; i < kTypes.size(); ++i) {
    if (kTypes[i].key == key) return static_cast<EntityType>(i);
  }
  return std::nullopt;
}

}  // namespace kring
