// Numbers named by the word before them: "patiëntnummer: PT-448812", "NHS number 943 476 5919",
// "BSN 123456780" (also when the 11-test fails: a typo in a BSN is still a BSN), "tel. 06 1234
// 567" (also one digit short). The cue word decides the type; the value is whatever number-like
// text follows it. Linear in the text; pure.
#include <algorithm>
#include <string>
#include <unordered_set>

#include "core/anonymise/identifiers.h"

namespace kring {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiAlpha(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
bool IsAsciiAlnum(char c) { return IsDigit(c) || IsAsciiAlpha(c); }
bool IsWordByte(char c) { return IsAsciiAlnum(c) || static_cast<unsigned char>(c) >= 0x80; }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

// kStem: a stem word on its own ("werknemer W-33108", "KvK 71234567"), a cue only for a value
// that looks like a code (see StemValueQualifies).
enum class Cue { kNone, kIdentifier, kBsn, kPhone, kNumberWord, kStem };

// What a word (lower case, "-" kept) announces (StemCue). kNumberWord: "nummer", "number",
// "no", "nr", "id", "ref" — a cue only after a stem word ("patient number", "case ref").
using WordSet = std::unordered_set<std::string_view>;

// Words that, glued to or followed by a number word, name a personal number (Dutch with and
// without diaeresis, English).
const WordSet& IdentifierStems() {
  static const WordSet kStems = {"patiënt",
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
                                 "epd",
                                 "company",
                                 "charity",
                                 "vat",
                                 "btw",
                                 "vestigings",
                                 "handelsregister",
                                 "ticket",
                                 "incident",
                                 "werkgevers",
                                 "loonheffings",
                                 "aangifte",
                                 "uitkerings",
                                 "kenteken",
                                 "machtigings",
                                 "debiteur",
                                 "debiteuren",
                                 "crediteur",
                                 "contract",
                                 "contact",
                                 "rapport",
                                 "register",
                                 "proces-verbaal",
                                 "pv",
                                 "meld",
                                 "collar",
                                 "badge",
                                 "warrant",
                                 "pps",
                                 "ean",
                                 "admission",
                                 "enrolment",
                                 "enrollment",
                                 "medicare",
                                 "ndis",
                                 "tfn",
                                 "nhi",
                                 "ird",
                                 "sort",
                                 "vehicle",
                                 "tax",
                                 "utr",
                                 "ticket",
                                 "factuur",
                                 "invoice",
                                 "parket",
                                 "card",
                                 "kaart",
                                 "booking",
                                 "boeking",
                                 "traject",
                                 "bond",
                                 "report",
                                 "routing",
                                 "plate"};
  return kStems;
}

// A stem, also with the Dutch linking "s" of compounds ("meldingsnummer", "aanvraagsnummer").
bool IsIdentifierStem(std::string_view w) {
  if (IdentifierStems().contains(w)) return true;
  return w.size() > 3 && w.back() == 's' && IdentifierStems().contains(w.substr(0, w.size() - 1));
}

// Compounds with "nummer" that number things, not people or their files.
bool IsNumberedThingStem(std::string_view stem) {
  static const WordSet kThings = {
      "huis",      "kamer",   "versie",     "pagina",     "artikel",
      "hoofdstuk", "lijn",    "bus",        "week",       "jaar",
      "les",       "vraag",   "stap",       "item",       "tafel",
      "bed",       "stoel",   "spoor",      "perron",     "gate",
      "vlucht",    "flight",  "room",       "page",       "house",
      "version",   "line",    "bijlage",    "punt",       "agenda",
      "sectie",    "lokaal",  "verdieping", "maand",      "dag",
      "volg",      "rang",    "regel",      "kolom",      "rij",
      "tel",       "fax",     "mobiel",     "telefoon",   "post",
      "nood",      "alarm",   "service",    "informatie", "klantenservice",
      "hulp",      "product", "onderdeel",  "model",      "type",
      "groeps",    "groep",   "team",       "kavel",      "bouw",
      "pakket",    "order",   "bestel"};
  return kThings.contains(stem);
}

Cue StemCue(std::string_view w) {
  static const WordSet kNumberWords = {"nummer", "number", "nr", "no", "num", "id", "code", "pin"};
  static const WordSet kBsnWords = {"bsn",         "burgerservicenummer", "sofinummer",
                                    "sofi-nummer", "bsn-nummer",          "burgerservicenr"};
  static const WordSet kPhoneWords = {"contactnummer",  "contactnr",      "tel",       "telefoon",
                                      "telefoonnummer", "telefoonnr",     "telnr",     "tel.nr",
                                      "mobiel",         "mobielnummer",   "mob",       "gsm",
                                      "phone",          "telephone",      "tel-nr",    "fax",
                                      "mobile",         "cell",           "cellphone", "whatsapp",
                                      "telefonisch",    "doorkiesnummer", "doorkies",  "direct",
                                      "landline"};
  static const WordSet kIdentifierWords = {
      "kenmerk",   "referentie", "ref",           "reference",        "dossier",  "zaak",
      "dossiernr", "zaaknr",     "kenmerknummer", "referentienummer", "reg",      "ssn",
      "mutatie",   "kenteken",   "ppsn",          "gebruikersnaam",   "username", "inlognaam",
      "loginnaam", "kentekens",  "iban"};
  if (kNumberWords.contains(w)) return Cue::kNumberWord;
  if (kBsnWords.contains(w)) return Cue::kBsn;
  if (kPhoneWords.contains(w)) return Cue::kPhone;
  if (kIdentifierWords.contains(w)) return Cue::kIdentifier;
  // Glued Dutch compounds: "patiëntnummer", "dossiernr", "BIG-nummer", "clientid", "AGB-code".
  for (std::string_view suffix : {"nummer", "nr", "id", "code", "-no", "number"}) {
    if (w.size() <= suffix.size() || w.substr(w.size() - suffix.size()) != suffix) continue;
    std::string_view stem = w.substr(0, w.size() - suffix.size());
    if (!stem.empty() && stem.back() == '-') stem.remove_suffix(1);
    if (IsIdentifierStem(stem)) return Cue::kIdentifier;
    // "UWV-dossiernummer", "MfN-registernummer": the part after the last dash decides.
    if (const size_t dash = stem.rfind('-');
        dash != std::string_view::npos && IsIdentifierStem(stem.substr(dash + 1))) {
      return Cue::kIdentifier;
    }
    // "Parketnummer", "V-nummer", "CJIB-nummer", "factuurnr": a number of something is one
    // that points to a file or a person, unless it numbers a thing ("huisnummer",
    // "paginanummer"); "code" only after a known stem ("postcode", "dresscode").
    if (suffix != "code" && suffix != "id" && !stem.empty() && !IsNumberedThingStem(stem)) {
      return Cue::kIdentifier;
    }
  }
  if (IsIdentifierStem(w)) return Cue::kStem;
  return Cue::kNone;
}

// The word that ends at `e` (letters, UTF-8, '-' and '.' between letters), lower-cased, at
// most 40 bytes; its start in *begin. Empty when there is none.
std::string WordBefore(std::string_view t, size_t e, size_t* begin) {
  size_t b = e;
  while (b > 0 && e - b < 40) {
    char c = t[b - 1];
    if (IsWordByte(c) && !IsDigit(c)) {
      --b;
    } else if ((c == '-' || c == '.') && b >= 2 && b < e && IsAsciiAlpha(t[b - 2]) &&
               IsAsciiAlpha(t[b])) {
      --b;
    } else {
      break;
    }
  }
  *begin = b;
  if (b > 0 && IsDigit(t[b - 1])) return "";  // "12ab": not a word
  std::string w(t.substr(b, e - b));
  for (char& c : w) c = Lower(c);
  return w;
}

// Back over what stands between a cue and its value: spaces, ':', '#', '.', '=', '('. Sets
// *colon when a ':' or '#' was among them.
size_t SkipBackSeparators(std::string_view t, size_t p, bool* colon) {
  while (p > 0) {
    char c = t[p - 1];
    if (c == ':' || c == '#') *colon = true;
    if (c == ' ' || c == '\t' || c == ':' || c == '#' || c == '.' || c == '=' || c == '(') {
      --p;
    } else {
      break;
    }
  }
  return p;
}

// The cue before a value that starts at v, if any: a cue word, or a number word after a stem
// word ("NHS number") or before a colon ("Nr: 88231"); "is"/"was" may stand between.
Cue CueBefore(std::string_view t, size_t v) {
  bool colon = false;
  size_t p = SkipBackSeparators(t, v, &colon);
  if (p == v && v > 0) return Cue::kNone;  // glued to the word before it
  size_t b = 0;
  std::string w = WordBefore(t, p, &b);
  const bool through_is = w == "is" || w == "was";
  if (through_is) {
    p = SkipBackSeparators(t, b, &colon);
    w = WordBefore(t, p, &b);
    // "case number with us is", "klantnummer bij ons is": up to two short words between.
    for (int skip = 0; skip < 2 && StemCue(w) == Cue::kNone && w.size() <= 4 && b > 0; ++skip) {
      if (t[b - 1] != ' ') break;
      size_t before = 0;
      const std::string earlier = WordBefore(t, b - 1, &before);
      if (earlier.empty()) break;
      w = earlier;
      b = before;
    }
  }
  // "NHS No. (if known): 485 777 3456": a remark in brackets between the label and its colon.
  if (w.empty() && colon && p > 0 && t[p - 1] == ')') {
    // Only the last 30 bytes: a search back to the block's start would make this quadratic.
    const size_t from = p > 31 ? p - 31 : 0;
    const size_t found = t.substr(from, p - 1 - from).rfind('(');
    const size_t open = found == std::string_view::npos ? found : from + found;
    if (open != std::string_view::npos &&
        t.substr(open, p - open).find('\n') == std::string_view::npos) {
      p = SkipBackSeparators(t, open, &colon);
      w = WordBefore(t, p, &b);
    }
  }
  if (w.empty()) return Cue::kNone;
  Cue cue = StemCue(w);
  // "SCN: 094411235", "OSIS 228 114 905", "Medicare: 2123 45670 1": an acronym of two to six
  // capitals right before a long number names that number (the value must still qualify as a
  // stem's value); standards ("ISO 27001") are not.
  if (cue == Cue::kNone && !through_is && w.size() >= 2 && w.size() <= 6 &&
      std::all_of(t.begin() + b, t.begin() + p, [](char c) { return c >= 'A' && c <= 'Z'; })) {
    static const WordSet kStandards = {"iso",   "nen",  "en",  "iec", "din",
                                       "covid", "sars", "nhg", "dob"};
    if (!kStandards.contains(w)) return Cue::kStem;
  }
  if (cue == Cue::kStem && through_is) return Cue::kNone;  // "de klant is 2500 euro kwijt"
  if (cue == Cue::kNumberWord) {
    if (colon) return Cue::kIdentifier;
    bool ignored = false;
    size_t before = 0;
    size_t q = SkipBackSeparators(t, b, &ignored);
    // "Pools paspoort, nr. EA 4471203": a comma may stand between the stem and its number word.
    if (q > 0 && t[q - 1] == ',') q = SkipBackSeparators(t, q - 1, &ignored);
    const std::string stem = WordBefore(t, q, &before);
    return IsIdentifierStem(stem) ? Cue::kIdentifier : Cue::kNone;
  }
  if (cue != Cue::kNone || !colon) return cue;
  // "UZI-nummer huisarts: 900012345", "Dossier-id in het coachportaal: CP-000417-RV": a cue a
  // few words before the colon, in the same line.
  // "NHS No. (if known): 485 777 3456": a remark in brackets may stand before the colon.
  for (int back = 0; back < 5 && b > 0; ++back) {
    size_t q = b;
    while (q > 0 && (t[q - 1] == ' ' || t[q - 1] == '(' || t[q - 1] == ')' ||
                     (t[q - 1] == '.' && q >= 2 && IsAsciiAlpha(t[q - 2])))) {
      --q;
    }
    if (q == b) break;  // a line end or punctuation: the label ended
    size_t before = 0;
    const std::string word = WordBefore(t, q, &before);
    if (word.empty()) break;
    const Cue earlier = StemCue(word);
    if (earlier == Cue::kIdentifier || earlier == Cue::kBsn) return earlier;
    if (earlier == Cue::kNumberWord && before > 0) {
      bool ignored = false;
      size_t stem_begin = 0;
      if (IsIdentifierStem(WordBefore(t, SkipBackSeparators(t, before, &ignored), &stem_begin))) {
        return Cue::kIdentifier;
      }
    }
    b = before;
  }
  return Cue::kNone;
}

// After a bare stem word, a value counts only when it looks like a code: letters with its
// digits ("W-33108", "73-XPG-8"), or at least five digits ("KvK 71234567"), so "patient 3",
// "het contract 2025" and "medewerkers: 1200" are no numbers.
bool StemValueQualifies(size_t digits, bool letters) { return letters || digits >= 5; }

// "2024", "1999", "2024-2025", "2024/25": a year or a span of years.
bool YearLike(std::string_view v) {
  size_t d = 0;
  while (d < v.size() && IsDigit(v[d])) ++d;
  if (d != 4 || (v.compare(0, 2, "19") != 0 && v.compare(0, 2, "20") != 0)) return false;
  if (d == v.size()) return true;
  if (v[d] != '-' && v[d] != '/') return false;
  for (size_t k = d + 1; k < v.size(); ++k) {
    if (!IsDigit(v[k])) return false;
  }
  const size_t rest = v.size() - d - 1;
  return rest == 2 || rest == 4;
}

// A code by its shape: at least five digits, a capital letter, a '-', '/' or '.' between its
// groups, and no group that is a month or a standard's name ("12-mrt-2024", "ISO-27001").
bool CodeShaped(std::string_view v, size_t digits) {
  if (digits < 5) return false;
  // Without its years it must still have four digits: not "Q3-2024", "FY2024/25",
  // "Cao-2024-2025".
  size_t year_digits = 0;
  for (size_t k = 0; k + 4 <= v.size(); ++k) {
    const bool starts = k == 0 || !IsDigit(v[k - 1]);
    const bool ends = k + 4 == v.size() || !IsDigit(v[k + 4]);
    if (starts && ends && IsDigit(v[k]) && IsDigit(v[k + 1]) && IsDigit(v[k + 2]) &&
        IsDigit(v[k + 3]) && (v.compare(k, 2, "19") == 0 || v.compare(k, 2, "20") == 0)) {
      year_digits += 4;
    }
  }
  if (digits - year_digits < 4) return false;
  bool capital = false, separator = false;
  std::string group;
  auto group_ok = [&]() {
    static const WordSet kNotCodes = {"iso", "nen", "en", "iec", "din", "covid", "sars"};
    const bool ok = group.empty() || (!IsMonthName(group) && !kNotCodes.contains(group));
    group.clear();
    return ok;
  };
  for (char c : v) {
    if (c == '-' || c == '/' || c == '.') {
      separator = true;
      if (!group_ok()) return false;
    } else if (IsAsciiAlpha(c)) {
      capital = capital || (c >= 'A' && c <= 'Z');
      group.push_back(Lower(c));
    } else if (!IsDigit(c)) {
      if (!group_ok()) return false;
    }
  }
  return capital && separator && group_ok();
}

// A Dutch licence plate by its shape: three groups of capitals or digits joined by '-', six
// characters in all, each group one to three long, letters and digits both present ("XK-482-P",
// "J-772-DV", "08-SBX-4", "12-AB-34"); no group a month ("12-MRT-4").
bool PlateShaped(std::string_view v) {
  size_t groups = 0, chars = 0, len = 0;
  bool letters = false, digits = false, group_letters = false;
  std::string group;
  for (size_t k = 0; k <= v.size(); ++k) {
    const char c = k < v.size() ? v[k] : '-';
    if (c == '-') {
      if (len == 0 || len > 3) return false;
      if (group_letters && IsMonthName(group)) return false;
      ++groups;
      len = 0;
      group.clear();
      continue;
    }
    const bool digit = IsDigit(c);
    if (!digit && !(c >= 'A' && c <= 'Z')) return false;
    if (len > 0 && digit == group_letters) return false;  // a group is all letters or all digits
    group_letters = !digit;
    group.push_back(Lower(c));
    letters = letters || !digit;
    digits = digits || digit;
    ++len;
    ++chars;
  }
  return groups == 3 && chars == 6 && letters && digits;
}

// A short group of capital letters standing before a value's digits, "MZ 4491 2203",
// "REF 2024-ALG-7741", "PT 448 812": its start, or `v` when there is none.
size_t CapitalPrefix(std::string_view t, size_t v) {
  if (v < 3 || t[v - 1] != ' ') return v;
  size_t b = v - 1;
  while (b > 0 && v - 1 - b < 5 && t[b - 1] >= 'A' && t[b - 1] <= 'Z') --b;
  const size_t letters = v - 1 - b;
  if (letters < 1 || letters > 4) return v;
  if (b > 0 && IsWordByte(t[b - 1])) return v;
  return b;
}

// An identifier value: letters and digits with '-', '/', '.' inside and single spaces between
// digit groups ("943 476 5919"), with at least one digit and three characters; with
// `prefix_space`, also the one space after leading capitals ("MZ 4491 2203").
size_t ScanValue(std::string_view t, size_t p, size_t* digits_out, bool prefix_space = false,
                 size_t* letters_out = nullptr) {
  size_t e = p, digits = 0, chars = 0;
  while (e < t.size() && e - p < 40) {
    char c = t[e];
    if (IsAsciiAlnum(c)) {
      digits += IsDigit(c);
      ++chars;
      ++e;
    } else if (c == ' ' && prefix_space && digits == 0 && e > p && e + 1 < t.size() &&
               IsDigit(t[e + 1])) {
      prefix_space = false;  // the one space after a capital prefix: "MZ 4491 2203"
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
  if (letters_out != nullptr) *letters_out = chars - digits;
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

// An account number written like an IBAN whose check digits fail ("IBAN: NL35 TRIO 0212 3456
// 78"; a typo in an IBAN is still one): from a value that starts with two capitals and two
// digits, the further groups of one to four capitals or digits; the end, or `e` when the value
// is no such start or the whole is not 15 to 34 characters.
size_t IbanShapedEnd(std::string_view t, size_t v, size_t e) {
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  if (e - v != 4 || !upper(t[v]) || !upper(t[v + 1]) || !IsDigit(t[v + 2]) || !IsDigit(t[v + 3])) {
    return e;
  }
  size_t end = e, chars = 4;
  while (end + 1 < t.size() && t[end] == ' ' && chars < 34) {
    size_t g = end + 1;
    while (g < t.size() && g - (end + 1) < 5 && (upper(t[g]) || IsDigit(t[g]))) ++g;
    const size_t len = g - (end + 1);
    if (len == 0 || len > 4 || (g < t.size() && IsWordByte(t[g]))) break;
    chars += len;
    end = g;
  }
  return chars >= 15 && chars <= 34 ? end : e;
}

void Add(std::string_view t, size_t begin, size_t end, EntityType type, const char* rule,
         std::vector<Finding>* out) {
  AddFinding(t, begin, end, type, rule, 0.9, out);
}

}  // namespace

namespace {

std::string_view Trim(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r'))
    v.remove_suffix(1);
  return v;
}

// The cells of a table row written with '|' ("| a | b |" or "a | b"), with their offsets in
// the text; empty when the line has fewer than two separators.
std::vector<std::pair<size_t, std::string_view>> Cells(std::string_view t, size_t begin,
                                                       size_t end) {
  std::vector<std::pair<size_t, std::string_view>> cells;
  const std::string_view line = t.substr(begin, end - begin);
  if (std::count(line.begin(), line.end(), '|') < 2) return cells;
  size_t from = 0;
  const std::string_view trimmed = Trim(line);
  const size_t lead = static_cast<size_t>(trimmed.data() - line.data());
  if (!trimmed.empty() && trimmed.front() == '|') from = lead + 1;
  size_t until = line.size();
  if (!trimmed.empty() && trimmed.back() == '|') until = lead + trimmed.size() - 1;
  for (size_t k = from; k <= until;) {
    size_t bar = line.find('|', k);
    if (bar == std::string_view::npos || bar > until) bar = until;
    const std::string_view cell = Trim(line.substr(k, bar - k));
    cells.emplace_back(begin + static_cast<size_t>(cell.data() - line.data()), cell);
    k = bar + 1;
  }
  return cells;
}

// What a header cell says its column holds: personal numbers ("Cliëntnr", "Pers.nr.",
// "Client ID"), phone numbers ("Telefoon") or ages ("Leeftijd", "Age"); kNone otherwise.
enum class Column { kNone, kIdentifier, kPhone, kAge };
Column ColumnOf(std::string_view header) {
  std::string h;
  for (char c : header) h.push_back(Lower(c));
  while (!h.empty() && (h.back() == '.' || h.back() == ':')) h.pop_back();
  if (h == "leeftijd" || h == "age" || h == "lft") return Column::kAge;
  const size_t space = h.rfind(' ');
  const std::string last = space == std::string::npos ? h : h.substr(space + 1);
  const Cue cue = StemCue(last);
  if (cue == Cue::kPhone) return Column::kPhone;
  if (cue == Cue::kIdentifier || cue == Cue::kBsn) return Column::kIdentifier;
  if (cue == Cue::kNumberWord && space != std::string::npos) return Column::kIdentifier;
  return Column::kNone;
}

}  // namespace

void FindTableColumns(std::string_view t, std::vector<Finding>* out) {
  if (t.find('|') == std::string_view::npos) return;
  std::vector<Column> columns;  // of the table being read; empty outside a table
  for (size_t begin = 0; begin < t.size();) {
    size_t end = t.find('\n', begin);
    if (end == std::string_view::npos) end = t.size();
    const auto cells = Cells(t, begin, end);
    begin = end + 1;
    if (cells.empty()) {
      columns.clear();
      continue;
    }
    const bool rule_line = std::all_of(cells.begin(), cells.end(), [](const auto& c) {
      return std::all_of(c.second.begin(), c.second.end(),
                         [](char ch) { return ch == '-' || ch == ':' || ch == ' ' || ch == '='; });
    });
    if (rule_line) continue;
    const bool header = std::none_of(cells.begin(), cells.end(), [](const auto& c) {
      return std::any_of(c.second.begin(), c.second.end(), IsDigit);
    });
    if (header) {
      // A header names at least one column; a row of words under one is a row like others.
      std::vector<Column> named;
      for (const auto& [offset, cell] : cells) named.push_back(ColumnOf(cell));
      if (std::any_of(named.begin(), named.end(), [](Column c) { return c != Column::kNone; })) {
        columns = std::move(named);
      } else if (columns.size() != cells.size()) {
        columns.clear();
      }
      continue;
    }
    if (columns.size() != cells.size()) {
      columns.clear();
      continue;
    }
    for (size_t k = 0; k < cells.size(); ++k) {
      const auto& [offset, cell] = cells[k];
      const size_t digits = static_cast<size_t>(std::count_if(cell.begin(), cell.end(), IsDigit));
      if (digits == 0) continue;
      if (columns[k] == Column::kIdentifier && cell.size() >= 3 && cell.size() <= 40) {
        Add(t, offset, offset + cell.size(), EntityType::kIdentifier, "table-column", out);
      } else if (columns[k] == Column::kPhone && digits >= 6 && cell.size() <= 30) {
        Add(t, offset, offset + cell.size(), EntityType::kPhone, "table-column", out);
      } else if (columns[k] == Column::kAge && digits <= 3 && digits == cell.size()) {
        Add(t, offset, offset + cell.size(), EntityType::kAge, "table-column", out);
      }
    }
  }
}

void FindCuedIdentifiers(std::string_view t, std::vector<Finding>* out) {
  // Values are found from their digits, which are few, and only then is the word before them
  // read: reading every word of the text for a cue cost as much as all other rules together.
  size_t done = 0;  // the end of the last value found
  for (size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    if ((!IsDigit(c) && c != '+') || i < done) continue;
    // The value starts with the letters and separators glued to these digits: "PT-448812".
    size_t v = i;
    while (v > 0 && i - v < 12 &&
           (IsAsciiAlpha(t[v - 1]) || ((t[v - 1] == '-' || t[v - 1] == '/' || t[v - 1] == '.') &&
                                       v >= 2 && IsAsciiAlpha(t[v - 2])))) {
      --v;
    }
    while (v < i && !IsAsciiAlnum(t[v])) ++v;
    size_t run_end = i;
    while (run_end < t.size() && (IsAsciiAlnum(t[run_end]) || t[run_end] == '+')) ++run_end;
    const bool token_start = v == 0 || !IsWordByte(t[v - 1]);
    bool glued_letters = v < i;
    Cue cue = token_start ? CueBefore(t, v) : Cue::kNone;
    if (token_start && !glued_letters && cue != Cue::kPhone && cue != Cue::kBsn) {
      // A capital prefix before the digits belongs to the value when the cue stands before it.
      const size_t prefix = CapitalPrefix(t, v);
      if (prefix != v) {
        const Cue before_prefix = CueBefore(t, prefix);
        if (before_prefix == Cue::kIdentifier || before_prefix == Cue::kStem) {
          cue = before_prefix;
          v = prefix;
          glued_letters = true;
        }
      }
    }
    size_t value_end = 0, digits = 0, letters = 0;
    if (cue == Cue::kPhone && !glued_letters) {
      value_end = ScanPhoneValue(t, v);
      if (value_end != 0) {
        value_end = PhoneExtensionEnd(t, value_end);
        Add(t, v, value_end, EntityType::kPhone, "phone-after-cue", out);
      }
    } else if (cue == Cue::kBsn && !glued_letters) {
      value_end = ScanValue(t, v, &digits);
      if (value_end != 0 && digits >= 8 && digits <= 9) {
        Add(t, v, value_end, EntityType::kBsn, "bsn-after-cue", out);
      } else {
        value_end = 0;
      }
    } else if ((cue == Cue::kIdentifier || cue == Cue::kStem) &&
               (value_end = ScanValue(t, v, &digits, /*prefix_space=*/glued_letters, &letters)) !=
                   0) {
      if (cue == Cue::kStem && (!StemValueQualifies(digits, glued_letters || letters > 0) ||
                                YearLike(t.substr(v, value_end - v)))) {
        value_end = 0;
      } else {
        // A single capital after the digits ends some numbers: "QQ 12 34 56 C" (UK National
        // Insurance).
        if (value_end + 2 <= t.size() && t[value_end] == ' ' && t[value_end + 1] >= 'A' &&
            t[value_end + 1] <= 'Z' && IsDigit(t[value_end - 1]) &&
            (value_end + 2 == t.size() || !IsWordByte(t[value_end + 2]))) {
          value_end += 2;
        }
        if (cue == Cue::kIdentifier) value_end = IbanShapedEnd(t, v, value_end);
        Add(t, v, value_end, EntityType::kIdentifier, "number-after-cue", out);
      }
    }
    if (cue == Cue::kNone && token_start && value_end == 0) {
      // No cue, but the shape of a code: capitals and at least five digits in groups joined by
      // '-', '/' or '.' ("JZ-33019", "2026-VT-1184", "PG-0048-229103").
      const size_t e = ScanValue(t, v, &digits, false, &letters);
      // ... or a licence plate, or a run of twelve or more digits (an EAN, a card or meter
      // number), which no amount, phone or date is.
      if (e != 0 && (CodeShaped(t.substr(v, e - v), digits) || PlateShaped(t.substr(v, e - v)) ||
                     (digits >= 12 && letters == 0 && e - v == digits))) {
        Add(t, v, e, EntityType::kIdentifier, "code-shaped", out);
        value_end = e;
      }
    }
    done = value_end != 0 ? value_end : run_end;
  }
}

}  // namespace kring
