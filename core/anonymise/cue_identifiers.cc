// Numbers named by the word before them: "patiëntnummer: PT-448812", "NHS number 943 476 5919",
// "BSN 123456780" (also when the 11-test fails: a typo in a BSN is still a BSN), "tel. 06 1234
// 567" (also one digit short). The cue word decides the type; the value is whatever number-like
// text follows it. Linear in the text; pure.
#include <string>

#include "core/anonymise/identifiers.h"

namespace kring {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiAlpha(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
bool IsAsciiAlnum(char c) { return IsDigit(c) || IsAsciiAlpha(c); }
bool IsWordByte(char c) { return IsAsciiAlnum(c) || static_cast<unsigned char>(c) >= 0x80; }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
bool OneOf(std::string_view s, std::initializer_list<std::string_view> list) {
  for (std::string_view w : list) {
    if (s == w) return true;
  }
  return false;
}

enum class Cue { kNone, kIdentifier, kBsn, kPhone, kNumberWord };

// What a word (lower case, "-" kept) announces. kNumberWord: "nummer", "number", "no", "nr",
// "id", "ref" — a cue only after a stem word ("patient number", "case ref").
Cue StemCue(std::string_view w);

// Words that, glued to or followed by a number word, name a personal number.
bool IsIdentifierStem(std::string_view w) {
  // Dutch stems (with and without diaeresis), English stems.
  return OneOf(w, {"patiënt",
                   "patient",
                   "patiënten",
                   "cliënt",
                   "client",
                   "dossier",
                   "zaak",
                   "registratie",
                   "inschrijf",
                   "inschrijvings",
                   "big",
                   "personeels",
                   "personeel",
                   "medewerker",
                   "medewerkers",
                   "werknemer",
                   "werknemers",
                   "polis",
                   "relatie",
                   "klant",
                   "lid",
                   "lidmaatschap",
                   "leden",
                   "student",
                   "studenten",
                   "leerling",
                   "pas",
                   "paspoort",
                   "document",
                   "rijbewijs",
                   "verzekering",
                   "verzekerings",
                   "verzekerde",
                   "zorgverzekering",
                   "burger",
                   "uzi",
                   "agb",
                   "kvk",
                   "deelnemer",
                   "aanvraag",
                   "melding",
                   "verwijs",
                   "verwijzing",
                   "referentie",
                   "serie",
                   "identiteitskaart",
                   "id-kaart",
                   "nhs",
                   "ni",
                   "case",
                   "file",
                   "hospital",
                   "employee",
                   "staff",
                   "payroll",
                   "policy",
                   "member",
                   "membership",
                   "pupil",
                   "reference",
                   "serial",
                   "registration",
                   "customer",
                   "claim",
                   "passport",
                   "licence",
                   "license",
                   "account",
                   "unique",
                   "upn",
                   "nmc",
                   "hcpc",
                   "gmc",
                   "insurance",
                   "crn",
                   "mrn",
                   "chi",
                   "ehr",
                   "cliëntdossier",
                   "ecd",
                   "epd"});
}

Cue StemCue(std::string_view w) {
  if (OneOf(w, {"nummer", "number", "nr", "no", "num", "id", "ref", "code", "pin"})) {
    return Cue::kNumberWord;
  }
  if (OneOf(w, {"bsn", "burgerservicenummer", "sofinummer", "sofi-nummer", "bsn-nummer",
                "burgerservicenr"})) {
    return Cue::kBsn;
  }
  if (OneOf(w, {"tel",      "telefoon",  "telefoonnummer", "telefoonnr",  "telnr",
                "tel.nr",   "mobiel",    "mobielnummer",   "mob",         "gsm",
                "phone",    "telephone", "tel-nr",         "fax",         "mobile",
                "cell",     "cellphone", "whatsapp",       "telefonisch", "doorkiesnummer",
                "doorkies", "direct",    "landline"})) {
    return Cue::kPhone;
  }
  if (OneOf(w, {"kenmerk", "referentie", "ref", "reference", "dossier", "zaak", "dossiernr",
                "zaaknr", "kenmerknummer", "referentienummer"})) {
    return Cue::kIdentifier;
  }
  // Glued Dutch compounds: "patiëntnummer", "dossiernr", "BIG-nummer", "clientid".
  for (std::string_view suffix : {"nummer", "nr", "id"}) {
    if (!EndsWith(w, suffix) || w.size() <= suffix.size()) continue;
    std::string_view stem = w.substr(0, w.size() - suffix.size());
    if (!stem.empty() && stem.back() == '-') stem.remove_suffix(1);
    if (IsIdentifierStem(stem)) return Cue::kIdentifier;
  }
  return Cue::kNone;
}

// The word at i (letters, UTF-8, '-' and '.' inside), lower-cased; its end in *end.
std::string WordAt(std::string_view t, size_t i, size_t* end) {
  std::string w;
  size_t e = i;
  while (e < t.size() && e - i < 40) {
    char c = t[e];
    if (IsWordByte(c) && !IsDigit(c)) {
      w.push_back(Lower(c));
    } else if ((c == '-' || c == '.') && e + 1 < t.size() && IsAsciiAlpha(t[e + 1]) && !w.empty()) {
      w.push_back(c);
    } else {
      break;
    }
    ++e;
  }
  *end = e;
  return w;
}

// Skips what stands between a cue and its value: spaces, ':', '#', '.', '=' and a glued or
// separate "nr."/"no.".
size_t SkipToValue(std::string_view t, size_t p) {
  for (int round = 0; round < 2; ++round) {
    while (p < t.size() && (t[p] == ' ' || t[p] == '\t' || t[p] == ':' || t[p] == '#' ||
                            t[p] == '.' || t[p] == '=' || t[p] == '(')) {
      ++p;
    }
    size_t e = 0;
    if (p < t.size() && IsAsciiAlpha(t[p])) {
      const std::string w = WordAt(t, p, &e);
      if (OneOf(w, {"nr", "no", "nummer", "number", "is", "was"})) {
        p = e;
        continue;
      }
    }
    break;
  }
  return p;
}

// An identifier value: letters and digits with '-', '/', '.' inside and single spaces between
// digit groups ("943 476 5919"), with at least one digit and three characters.
size_t ScanValue(std::string_view t, size_t p, size_t* digits_out) {
  size_t e = p, digits = 0, chars = 0;
  while (e < t.size() && e - p < 40) {
    char c = t[e];
    if (IsAsciiAlnum(c)) {
      digits += IsDigit(c);
      ++chars;
      ++e;
    } else if ((c == '-' || c == '/' || c == '.' || c == '_') && e + 1 < t.size() &&
               IsAsciiAlnum(t[e + 1]) && e > p) {
      ++e;
    } else if (c == ' ' && e > p && IsDigit(t[e - 1]) && e + 1 < t.size() && IsDigit(t[e + 1])) {
      ++e;
    } else {
      break;
    }
  }
  if (e < t.size() && IsWordByte(t[e])) return 0;  // runs into a word: not a number
  *digits_out = digits;
  return digits > 0 && chars >= 3 ? e : 0;
}

// Phone digits after a phone cue: digits with spaces, '-', '.', '/', brackets and a leading '+',
// 6 to 15 digits.
size_t ScanPhoneValue(std::string_view t, size_t p) {
  size_t e = p, digits = 0;
  if (e < t.size() && t[e] == '+') ++e;
  while (e < t.size() && e - p < 30) {
    char c = t[e];
    if (IsDigit(c)) {
      ++digits;
      ++e;
    } else if ((c == ' ' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')') &&
               e + 1 < t.size() &&
               (IsDigit(t[e + 1]) || t[e + 1] == ' ' || t[e + 1] == '(' || t[e + 1] == '-')) {
      ++e;
    } else {
      break;
    }
  }
  while (e > p && !IsDigit(t[e - 1])) --e;
  if (e < t.size() && IsWordByte(t[e])) return 0;
  return digits >= 6 && digits <= 15 ? e : 0;
}

void Add(std::string_view t, size_t begin, size_t end, EntityType type, const char* rule,
         std::vector<Finding>* out) {
  Finding f;
  f.type = type;
  f.begin = begin;
  f.end = end;
  f.text = std::string(t.substr(begin, end - begin));
  f.rule = rule;
  f.confidence = 0.9;
  out->push_back(std::move(f));
}

}  // namespace

void FindCuedIdentifiers(std::string_view t, std::vector<Finding>* out) {
  size_t pending_end = 0;  // the end of a stem word just seen ("patient" before "number")
  size_t i = 0;
  while (i < t.size()) {
    if (!IsAsciiAlpha(t[i]) || (i > 0 && IsWordByte(t[i - 1]))) {
      ++i;
      continue;
    }
    size_t end = 0;
    const std::string w = WordAt(t, i, &end);
    Cue cue = StemCue(w);
    if (cue == Cue::kNumberWord) {
      // "patient number", "NHS no.", "case ref": right after a stem; alone before a colon
      // ("Nr: 12345", "ID: AB123").
      size_t c = end;
      while (c < t.size() && t[c] == ' ') ++c;
      const bool colon = c < t.size() && (t[c] == ':' || t[c] == '#');
      cue = (pending_end != 0 && i - pending_end <= 2) || colon ? Cue::kIdentifier : Cue::kNone;
    }
    pending_end = IsIdentifierStem(w) ? end : 0;
    if (cue == Cue::kNone) {
      i = end > i ? end : i + 1;
      continue;
    }
    const size_t v = SkipToValue(t, end);
    size_t digits = 0;
    size_t value_end = 0;
    if (v < t.size() && (IsAsciiAlnum(t[v]) || t[v] == '+')) {
      if (cue == Cue::kPhone) {
        value_end = ScanPhoneValue(t, v);
        if (value_end != 0) Add(t, v, value_end, EntityType::kPhone, "phone-after-cue", out);
      } else if ((value_end = ScanValue(t, v, &digits)) != 0) {
        if (cue == Cue::kBsn && digits >= 8 && digits <= 9) {
          Add(t, v, value_end, EntityType::kBsn, "bsn-after-cue", out);
        } else if (cue != Cue::kBsn) {
          Add(t, v, value_end, EntityType::kIdentifier, "number-after-cue", out);
        }
      }
    }
    i = value_end > end ? value_end : end;
  }
}

}  // namespace kring
