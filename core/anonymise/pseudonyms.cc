#include "core/anonymise/pseudonyms.h"

#include <algorithm>

#include "core/base/utf8.h"
#include "core/i18n/messages.h"

namespace kring {
namespace {

std::vector<std::string> Words(const std::string& canonical) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < canonical.size()) {
    size_t space = canonical.find(' ', start);
    if (space == std::string::npos) space = canonical.size();
    if (space > start) out.push_back(canonical.substr(start, space - start));
    start = space + 1;
  }
  return out;
}

bool IsParticle(const std::string& w) {
  static const char* kParticles[] = {"van", "de", "der", "den", "ter", "ten", "'t", "la",
                                     "le",  "du", "da",  "di",  "von", "in",  "op", "het"};
  for (const char* p : kParticles)
    if (w == p) return true;
  return false;
}

// The forms of a full person name that refer to the same person on their own: the first name,
// the surname with and without particles ("de vries", "vries").
std::vector<std::string> PersonParts(const std::string& canonical) {
  std::vector<std::string> words = Words(canonical);
  std::vector<std::string> parts;
  if (words.size() < 2) return parts;
  parts.push_back(words.front());
  size_t s = 1;
  while (s < words.size() && IsParticle(words[s])) ++s;
  std::string with_particles, without;
  for (size_t k = 1; k < words.size(); ++k) {
    with_particles += (with_particles.empty() ? "" : " ") + words[k];
    if (k >= s) without += (without.empty() ? "" : " ") + words[k];
  }
  parts.push_back(with_particles);
  if (!without.empty()) parts.push_back(without);
  return parts;
}

}  // namespace

std::string PseudonymMap::Canonical(EntityType type, std::string_view text) {
  std::string out;
  switch (type) {
    case EntityType::kPhone: {
      for (char c : text)
        if (c >= '0' && c <= '9') out.push_back(c);
      if (out.rfind("0031", 0) == 0)
        out = "0" + out.substr(4);
      else if (out.rfind("31", 0) == 0 && !text.empty() && text[0] == '+')
        out = "0" + out.substr(2);
      return out;
    }
    case EntityType::kIban:
    case EntityType::kBsn:
    case EntityType::kPostcode:
      for (char c : text)
        if (c != ' ' && c != '.' && c != '-') out.push_back((c >= 'a' && c <= 'z') ? c - 32 : c);
      return out;
    default:
      break;
  }
  std::string lower = ToLower(text);
  bool space = false;
  for (char c : lower) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  if (type == EntityType::kPerson || type == EntityType::kOrganisation) {
    if (out.size() > 2 && (out.ends_with("'s"))) out.resize(out.size() - 2);
    while (!out.empty() && out.back() == '.') out.pop_back();
  }
  return out;
}

PseudonymMap::Entry* PseudonymMap::Match(EntityType type, const std::string& canonical) {
  for (Entry& e : entries_) {
    if (e.type != type) continue;
    if (e.canonical == canonical ||
        std::find(e.aliases.begin(), e.aliases.end(), canonical) != e.aliases.end()) {
      return &e;
    }
  }
  if (type != EntityType::kPerson) return nullptr;
  // A full name after a short mention ("Jan", later "Jan de Vries") joins the short one.
  std::vector<std::string> parts = PersonParts(canonical);
  for (Entry& e : entries_) {
    if (e.type != type) continue;
    if (std::find(parts.begin(), parts.end(), e.canonical) != parts.end()) return &e;
  }
  return nullptr;
}

std::string PseudonymMap::LabelFor(EntityType type, std::string_view text, Language language) {
  std::string canonical = Canonical(type, text);
  Entry* entry = Match(type, canonical);
  if (entry == nullptr) {
    int number = 1;
    for (const Entry& e : entries_)
      if (e.type == type) number = std::max(number, e.number + 1);
    Entry e{type, number, canonical, std::string(text), {}};
    if (type == EntityType::kPerson) e.aliases = PersonParts(canonical);
    entries_.push_back(std::move(e));
    entry = &entries_.back();
  } else if (type == EntityType::kPerson && entry->canonical != canonical &&
             std::find(entry->aliases.begin(), entry->aliases.end(), canonical) ==
                 entry->aliases.end()) {
    entry->aliases.push_back(canonical);
    for (std::string& part : PersonParts(canonical)) {
      if (std::find(entry->aliases.begin(), entry->aliases.end(), part) == entry->aliases.end())
        entry->aliases.push_back(part);
    }
  }
  return "[" + std::string(LabelStem(type, language)) + "-" + std::to_string(entry->number) + "]";
}

void PseudonymMap::Reserve(EntityType type, int number) {
  if (Lookup(type, number) != nullptr) return;
  // A canonical form no mention can have (it starts with a control character), so a reserved
  // number never matches a name.
  entries_.push_back(Entry{type, number, std::string("\x01reserved"), std::string(), {}});
}

const PseudonymMap::Entry* PseudonymMap::Lookup(EntityType type, int number) const {
  for (const Entry& e : entries_)
    if (e.type == type && e.number == number) return &e;
  return nullptr;
}

pb::PseudonymMapping PseudonymMap::ToProto() const {
  pb::PseudonymMapping proto;
  for (const Entry& e : entries_) {
    pb::Pseudonym* p = proto.add_entries();
    p->set_type(std::string(EntityTypeKey(e.type)));
    p->set_number(static_cast<uint32_t>(e.number));
    p->set_canonical(e.canonical);
    p->set_original(e.original);
    for (const std::string& a : e.aliases) p->add_aliases(a);
  }
  return proto;
}

Result<PseudonymMap> PseudonymMap::FromProto(const pb::PseudonymMapping& proto) {
  PseudonymMap map;
  for (const pb::Pseudonym& p : proto.entries()) {
    std::optional<EntityType> type = EntityTypeFromKey(p.type());
    if (!type || p.number() == 0) {
      return Status::Integrity(
          i18n::Tr("anonymiser.error.pseudonym_unknown_kind", {{"kind", p.type()}}));
    }
    if (map.Lookup(*type, static_cast<int>(p.number())) != nullptr) {
      return Status::Integrity(i18n::Tr("anonymiser.error.pseudonym_label_twice"));
    }
    Entry e{*type,
            static_cast<int>(p.number()),
            p.canonical(),
            p.original(),
            {p.aliases().begin(), p.aliases().end()}};
    map.entries_.push_back(std::move(e));
  }
  return map;
}

std::string Redact(std::string_view text, const std::vector<Finding>& findings, PseudonymMap& map,
                   Language language) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  for (const Finding& f : findings) {
    if (f.begin < pos || f.end > text.size() || f.begin >= f.end) continue;
    out.append(text.substr(pos, f.begin - pos));
    out.append(map.LabelFor(f.type, text.substr(f.begin, f.end - f.begin), language));
    pos = f.end;
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace kring
