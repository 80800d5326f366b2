// Rules on numbers in context: written dates, ages, house numbers.
#include <array>

#include "core/anonymise/block_scanner.h"
#include "core/anonymise/identifiers.h"
#include "core/anonymise/number_words.h"

namespace kring::anonymiser_internal {
int MonthNumber(std::string_view w) {
  static constexpr std::array<std::pair<std::string_view, int>, 40> kMonths = {{
      {"januari", 1},   {"january", 1},  {"jan", 1},       {"februari", 2},  {"february", 2},
      {"feb", 2},       {"maart", 3},    {"march", 3},     {"mrt", 3},       {"mar", 3},
      {"april", 4},     {"apr", 4},      {"mei", 5},       {"may", 5},       {"juni", 6},
      {"june", 6},      {"jun", 6},      {"juli", 7},      {"july", 7},      {"jul", 7},
      {"augustus", 8},  {"august", 8},   {"aug", 8},       {"september", 9}, {"sep", 9},
      {"sept", 9},      {"oktober", 10}, {"october", 10},  {"okt", 10},      {"oct", 10},
      {"november", 11}, {"nov", 11},     {"december", 12}, {"dec", 12},      {"jan.", 1},
      {"feb.", 2},      {"aug.", 8},     {"okt.", 10},     {"oct.", 10},     {"nov.", 11},
  }};
  for (const auto& [name, number] : kMonths)
    if (name == w) return number;
  return 0;
}

void BlockScanner::NumberRules(size_t i) {
  if (WrittenDate(i)) return;
  if (Age(i)) return;
  Address(i);
}

// Skips an ordinal suffix glued to a number: "12th", "3e", "1ste".
size_t BlockScanner::AfterOrdinal(size_t i) const {
  if (IsWord(i + 1) && !SpacedNext(i + 1) && !tokens_[i + 1].newline_before &&
      LowerIs(i + 1, {"e", "ste", "de", "th", "st", "nd", "rd"})) {
    return i + 2;
  }
  return i + 1;
}

bool BlockScanner::IsYear(size_t i) const {
  int v = Value(i);
  return v >= 1900 && v <= 2100 && tokens_[i].end - tokens_[i].begin == 4;
}

// The last token of the month name at i, or 0.
size_t BlockScanner::MonthAt(size_t i) const {
  if (!IsWord(i) || MonthNumber(Lower(i)) == 0) return 0;
  return IsPunct(i + 1, '.') && Lower(i).size() <= 4 ? i + 1 : i;
}

// The day of the week before a written date belongs to it: "maandag 16 november 2026",
// "Tuesday, November 17", "do. 5 nov.".
size_t BlockScanner::WeekdayBefore(size_t first) const {
  size_t k = first;
  if (k >= 1 && IsPunct(k - 1, ',')) --k;
  if (k >= 1 && IsPunct(k - 1, '.') && !SpacedNext(k - 1)) --k;
  return k >= 1 && IsWord(k - 1) && !tokens_[k].newline_before && IsWeekdayName(Lower(k - 1))
             ? k - 1
             : first;
}

bool BlockScanner::WrittenDate(size_t i) {
  int day = Value(i);
  // "12 maart 2023", "3rd of March", "12 mrt."
  if (day >= 1 && day <= 31 && tokens_[i].end - tokens_[i].begin <= 2) {
    size_t m = AfterOrdinal(i);
    if (LowerIs(m, {"of"}) && SpacedNext(m + 1)) ++m;
    if (SpacedNext(m)) {
      if (size_t m_end = MonthAt(m); m_end != 0) {
        size_t last = m_end;
        if (SpacedNext(last + 1) && IsYear(last + 1)) ++last;
        // "3 januari '24": the year stays with its date.
        if (SpacedNext(last + 1) && IsPunct(last + 1, '\'') && IsNumber(last + 2) &&
            !SpacedNext(last + 2) && tokens_[last + 2].end - tokens_[last + 2].begin == 2) {
          last += 2;
        }
        // "the 3rd of March": the article goes with the date.
        size_t first = WeekdayBefore(i);
        if (first == i && AfterOrdinal(i) == i + 2 && LowerIs(i + 2, {"of"}) && i >= 1 &&
            LowerIs(i - 1, {"the"})) {
          first = i - 1;
        }
        Emit(first, last, EntityType::kDate, "date-written", 0.9);
        return true;
      }
    }
  }
  // "Friday 14th", "thurs 6th", "Mon 14th", "vrijdag de 14e": a day of the week and a day of
  // the month.
  if (day >= 1 && day <= 31 && tokens_[i].end - tokens_[i].begin <= 2 && i >= 1 &&
      AfterOrdinal(i) == i + 2) {
    // After a short day's name and the article, no noun may follow ("do the 2nd session",
    // "zo de 2e keer", "sat the 3rd paper": "do", "zo", "sat" are also words).
    const bool article = LowerIs(i - 1, {"de", "the"});
    const size_t from = article ? i - 1 : i;
    const size_t weekday = WeekdayBefore(from);
    const bool short_day = tokens_[weekday].end - tokens_[weekday].begin <= 3;
    if (weekday != from && (!article || !short_day || DayOfMonthAlone(i))) {
      Emit(weekday, i + 1, EntityType::kDate, "date-weekday-ordinal", 0.85);
      return true;
    }
  }
  // A day of the month on its own: "op de 10e om 9 uur", "vóór de 18e?", "on the 27th.",
  // "the 14th or 15th". Only after the article, and only where no noun follows ("de 3e keer",
  // "the 4th floor" are no dates).
  if (day >= 1 && day <= 31 && tokens_[i].end - tokens_[i].begin <= 2 && i >= 1 &&
      AfterOrdinal(i) == i + 2 && DayOfMonthAlone(i)) {
    Emit(i, i + 1, EntityType::kDate, "date-day-of-month", 0.75);
    return true;
  }
  // "March 12, 2023", "maart 2023" (the month precedes the number).
  if (i >= 1 && SpacedNext(i)) {
    size_t m = i - 1;
    if (IsPunct(m, '.') && m >= 1) --m;
    if (IsWord(m) && MonthNumber(Lower(m)) != 0 && !(Flags(m) & G::kStopword && !IsYear(i))) {
      size_t last = i;
      if (day >= 1 && day <= 31 && !IsYear(i)) {
        last = AfterOrdinal(i) - 1;
        size_t y = last + 1;
        if (IsPunct(y, ',')) ++y;
        if (SpacedNext(y) && IsYear(y)) last = y;
      } else if (!IsYear(i)) {
        return false;
      }
      Emit(WeekdayBefore(m), last, EntityType::kDate, "date-written", 0.9);
      return true;
    }
  }
  // Years of birth: "geboren in 1985", "born in 1985", "geboortejaar 1985".
  if (IsYear(i)) {
    for (size_t back = 1; back <= 3 && back <= i; ++back) {
      if (LowerIs(i - back, {"geboren", "born", "geboortejaar", "geb", "b", "birth"})) {
        Emit(i, i, EntityType::kDate, "date-of-birth", 0.9);
        return true;
      }
    }
  }
  return false;
}

// Whether the ordinal day at i ("10" of "10e") stands for a date: after "de"/"the", or after
// "or"/"en"/… that follows such a day; followed by no word but a few that go with dates.
bool BlockScanner::DayOfMonthAlone(size_t i) const {
  const bool after_article = LowerIs(i - 1, {"de", "the"}) && !IsCap(i - 1);
  const bool second_of_two = i >= 4 && LowerIs(i - 1, {"or", "of", "en", "and", "tot", "to"}) &&
                             IsNumber(i - 3) && AfterOrdinal(i - 3) == i - 1 &&
                             LowerIs(i - 4, {"de", "the"});
  if (!after_article && !second_of_two) return false;
  const size_t next = i + 2;
  if (next >= Size() || tokens_[next].newline_before) return true;
  // "de 2e-lijns zorg", "the 2nd-year students": glued to a word, no date.
  if ((IsPunct(next, '-') || IsPunct(next, '/')) && !SpacedNext(next)) return false;
  if (!IsWord(next)) return true;
  // "the 14th or 15th", "de 10e of de 11e": another day must follow a joining word; "de 2e van
  // de vijf", "the 1st and 2nd floor" are no dates.
  if (LowerIs(next, {"or", "of", "en", "and", "tot", "to", "till", "until", "van", "from"})) {
    size_t d = next + 1;
    if (LowerIs(d, {"de", "the"})) ++d;
    if (!IsNumber(d) || Value(d) < 1 || Value(d) > 31) return false;
    const size_t after = AfterOrdinal(d);
    return MonthAt(d + 1) != 0 ||
           (after == d + 2 && (after >= Size() || tokens_[after].newline_before || !IsWord(after) ||
                               LowerIs(after, {"om", "at", "btw"})));
  }
  return LowerIs(next, {"om", "at", "btw", "s", "'s"});
}

// "N", "SE": a compass point in capitals, as in "1422 N. Grand Ave. E".
bool BlockScanner::IsCompassPoint(size_t k) const {
  return IsWord(k) && tokens_[k].capitalised &&
         LowerIs(k, {"n", "s", "e", "w", "ne", "nw", "se", "sw"});
}

// Whether token i follows a separator of a one-line address or list: "·", "•", "|", "–"
// ("Kortrijksesteenweg 412 · 9000 Gent").
bool BlockScanner::ListSeparatorBefore(size_t i) const {
  size_t b = tokens_[i].begin;
  while (b > 0 && text_[b - 1] == ' ') --b;
  const std::string_view before = text_.substr(0, b);
  return before.ends_with("\xC2\xB7") || before.ends_with("\xE2\x80\xA2") ||
         before.ends_with("|") || before.ends_with("\xE2\x80\x93");
}

// Whether a word for a date of birth stands on the line before token i, at most a dozen
// tokens back: "DOB:", "geb.", "geboren", "Geboortedatum".
bool BlockScanner::BirthCueBefore(size_t i) const {
  for (size_t k = i, steps = 0; k > 0 && steps < 12 && !tokens_[k].newline_before; ++steps) {
    --k;
    if (LowerIs(k, {"dob", "geb", "geboren", "born", "geboortedatum", "birth", "d.o.b"})) {
      return true;
    }
  }
  return false;
}

bool BlockScanner::IsPersonNoun(size_t i) const {
  return LowerIs(i, {"man",
                     "vrouw",
                     "jongen",
                     "meisje",
                     "dame",
                     "heer",
                     "moeder",
                     "vader",
                     "zoon",
                     "dochter",
                     "cliënt",
                     "client",
                     "coachee",
                     "medewerker",
                     "medewerkster",
                     "collega",
                     "manager",
                     "leidinggevende",
                     "woman",
                     "boy",
                     "girl",
                     "lady",
                     "gentleman",
                     "mother",
                     "father",
                     "son",
                     "daughter",
                     "colleague",
                     "employee",
                     "person",
                     "persoon",
                     "student",
                     "kind",
                     "child",
                     "teamleider",
                     "directeur",
                     "director",
                     "docent",
                     "teacher",
                     "nurse",
                     "verpleegkundige",
                     "partner",
                     "husband",
                     "wife",
                     "echtgenoot",
                     "echtgenote",
                     "kinderen",
                     "children",
                     "kids",
                     "zonen",
                     "dochters",
                     "sons",
                     "daughters",
                     "broer",
                     "broertje",
                     "neefje",
                     "nichtje",
                     "zoontje",
                     "dochtertje",
                     "jongetje",
                     "nephew",
                     "niece",
                     "grandson",
                     "granddaughter",
                     "zus",
                     "zusje",
                     "brother",
                     "sister",
                     "mum",
                     "mam",
                     "mom",
                     "dad",
                     "papa",
                     "mama",
                     "oma",
                     "opa",
                     "grandmother",
                     "grandfather",
                     "gran",
                     "nan",
                     "grandson",
                     "granddaughter",
                     "kleinzoon",
                     "kleindochter",
                     "baby",
                     "buurman",
                     "buurvrouw",
                     "neighbour",
                     "patiënt",
                     "patiënte",
                     "patient",
                     "cliënte",
                     "bewoner",
                     "bewoonster",
                     "resident",
                     "leerling",
                     "pupil",
                     "carer",
                     "mantelzorger",
                     "lad",
                     "lass",
                     "kid",
                     "teenager",
                     "tiener",
                     "puber",
                     "meid",
                     "knul",
                     "infant",
                     "peuter",
                     "kleuter",
                     "toddler",
                     "coachees",
                     "clients",
                     "cliënten"});
}

bool BlockScanner::Age(size_t i) {
  const bool spelled = IsWord(i);
  int v = spelled ? SpelledNumber(Lower(i)) : Value(i);
  if (v < 0 || v > 120 || (!spelled && tokens_[i].end - tokens_[i].begin > 3)) return false;
  if (spelled && v == 0) return false;
  // "6,5 jaar", "2;4 jaar" (two years and four months): the words before the whole number.
  size_t s = i;
  if (!spelled && i >= 2 && IsNumber(i - 2) && !SpacedNext(i - 1) && !SpacedNext(i) &&
      (IsPunct(i - 1, ',') || IsPunct(i - 1, '.') || IsPunct(i - 1, ';'))) {
    s = i - 2;
  }
  size_t next = i + 1;
  if (IsPunct(next, '-') && !SpacedNext(next)) ++next;
  // "sinds zijn 55e", "op haar 13e", "since his 15th": a person's ordinal after a possessive and
  // a word of time; "in her early 90s", "his mid-30s", "their 70s": a person's decade.
  if (!spelled && i + 1 < Size() && IsWord(i + 1) && !tokens_[i + 1].space_before &&
      !tokens_[i + 1].newline_before && i >= 1) {
    size_t owner = i - 1;
    const bool decade = LowerIs(i + 1, {"s"}) && v >= 10 && v <= 100 && v % 10 == 0;
    if (decade) {
      if (owner >= 1 && IsPunct(owner, '-') && !SpacedNext(i)) --owner;  // "mid-30s"
      if (owner >= 1 && LowerIs(owner, {"early", "mid", "late"})) --owner;
    }
    const bool possessive = LowerIs(
        owner, {"zijn", "haar", "mijn", "hun", "je", "jouw", "his", "her", "my", "their", "your"});
    if (possessive && decade) {
      Emit(i, i + 1, EntityType::kAge, "age-decade", 0.85);
      return true;
    }
    if (possessive && v >= 1 && v <= 110 && owner >= 1 &&
        LowerIs(i + 1, {"e", "ste", "de", "th", "st", "nd", "rd"}) &&
        LowerIs(owner - 1, {"sinds", "vanaf", "op", "tot", "rond", "since", "from", "at", "until",
                            "till", "by", "on"}) &&
        // Not "op haar 3e sessie", "since her 2nd marriage", "on his 1st day": a thing's order.
        !IsNumberedThing(i + 2) && !IsUnitWord(i + 2) &&
        !LowerIs(i + 2,
                 {"poging",       "attempt",  "keer",        "time",         "kind",      "child",
                  "huwelijk",     "marriage", "dag",         "day",          "bezoek",    "visit",
                  "gesprek",      "afspraak", "appointment", "baan",         "job",       "relatie",
                  "relationship", "opname",   "admission",   "zwangerschap", "pregnancy", "ronde",
                  "round",        "traject",  "plek",        "place",        "maand",     "month",
                  "werkdag",      "dienst",   "shift",       "behandeling",  "treatment", "meeting",
                  "call",         "try",      "go"})) {
      Emit(i, i + 1, EntityType::kAge, "age-ordinal", 0.85);
      return true;
    }
  }
  // "43-jarige", "43 jarig"
  if (LowerIs(next, {"jarige", "jarig", "year-old", "years-old", "jähriger", "month-old",
                     "months-old", "week-old", "weeks-old"})) {
    return EmitAge(i, "age-jarig");
  }
  if (LowerIs(next, {"jaar"})) {
    if (LowerIs(next + 1, {"oud"})) return EmitAge(i, "age-jaar-oud");
    // "Jan, 47 jaar, ...", "(47 jaar)", "Leeftijd: 47 jaar", a fragment "47 jaar": a number of
    // years right after a name, a bracket, a comma or a line start, and closed off by
    // punctuation or the line's end.
    const bool closed = next + 1 >= Size() || tokens_[next + 1].newline_before ||
                        IsPunct(next + 1, ',') || IsPunct(next + 1, ')') ||
                        IsPunct(next + 1, '.') || IsPunct(next + 1, ';');
    const bool opened = s == 0 || tokens_[s].newline_before || IsPunct(s - 1, '(') ||
                        IsPunct(s - 1, ',') || IsPunct(s - 1, ':') || IsCap(s - 1) ||
                        LowerIs(s - 1, {"leeftijd", "age", "aged"});
    if (closed && opened && v >= 1 && v <= 110) return EmitAge(i, "age-jaar");
    // "Man, ca. 70 jaar,": a hedge between the comma or bracket and the number.
    if (closed && v >= 1 && v <= 110 && s >= 2 &&
        (LowerIs(s - 1, {"ca", "circa", "ongeveer", "approx", "about", "around", "rond"}) ||
         (IsPunct(s - 1, '.') && LowerIs(s - 2, {"ca", "approx"})))) {
      const size_t hedge = IsPunct(s - 1, '.') ? s - 2 : s - 1;
      if (hedge == 0 || tokens_[hedge].newline_before || IsPunct(hedge - 1, ',') ||
          IsPunct(hedge - 1, '(')) {
        return EmitAge(i, "age-jaar");
      }
    }
    // "(23 en 26 jaar)": two ages that share their word.
    if (closed && v <= 110 && s >= 3 && LowerIs(s - 1, {"en", "and"}) && IsNumber(s - 2) &&
        Value(s - 2) >= 1 && Value(s - 2) <= 110 && IsPunct(s - 3, '(')) {
      EmitAge(s - 2, "age-jaar");
      return EmitAge(i, "age-jaar");
    }
    bool duration = LowerIs(next + 1, {"geleden", "later", "eerder", "terug", "lang", "ervaring",
                                       "werkzaam", "in", "bij", "dienst", "getrouwd", "samen"});
    // "en bent inmiddels 52 jaar": one word of degree may stand between.
    const size_t verb =
        s >= 2 && LowerIs(s - 1, {"inmiddels", "nu", "al", "pas", "bijna", "ruim", "net", "nog"})
            ? s - 2
            : s - 1;
    if (!duration && s >= 1 && LowerIs(verb, {"is", "was", "wordt", "werd", "ben", "bent"}))
      return EmitAge(i, "age-is-jaar");
    if (s >= 2 && LowerIs(s - 1, {"van"}) && IsPersonNoun(s - 2)) return EmitAge(i, "age-van");
    // "een man van ongeveer 25 jaar": a hedge between.
    if (s >= 3 && IsHedgeWord(s - 1) && LowerIs(s - 2, {"van"}) && IsPersonNoun(s - 3)) {
      return EmitAge(i, "age-van");
    }
    // "vanaf zijn anderhalf jaar", "sinds haar 12 jaar": from a person's age on.
    if (!duration && !LowerIs(next + 1, {"als"}) && s >= 2 &&
        LowerIs(s - 1, {"zijn", "haar", "mijn", "hun", "jouw"}) &&
        LowerIs(s - 2, {"vanaf", "sinds", "tot", "rond", "op"}) && v >= 1 && v <= 110) {
      return EmitAge(i, "age-since");
    }
  }
  // "Kind: Liam, 10 maanden,", "Baby Lina Haddad, 3 maanden", "infant, 6 weeks,": a baby's age
  // in months or weeks after a name or a word for a child, closed off by punctuation.
  if (LowerIs(next, {"maanden", "maand", "months", "month", "weken", "weeks", "mnd", "wk"}) &&
      s >= 2 && (IsPunct(s - 1, ',') || IsPunct(s - 1, '(')) && v >= 1 && v <= 36 &&
      (IsCap(s - 2) || IsPersonNoun(s - 2) ||
       LowerIs(s - 2, {"infant", "baby", "kind", "child", "zuigeling", "newborn"})) &&
      (ClauseEndsAt(next + 1) || LowerIs(next + 1, {"oud", "old"}))) {
    return EmitAge(i, "age-months");
  }
  // "Kirsty Anne Robertson, 37 F", "Kandidaat 3: 47 M,": an age and a sex in a clinical line.
  if (v >= 1 && v <= 110 && IsWord(next) && LowerIs(next, {"f", "m", "v"}) &&
      tokens_[next].capitalised && ClauseEndsAt(next + 1) &&
      (IsPunct(s - 1, ',') ||
       // not "(12 V)", "Accu: 24 V" (volts)
       (!LowerIs(next, {"v"}) &&
        (s == 0 || tokens_[s].newline_before || IsPunct(s - 1, ':') || IsPunct(s - 1, '('))))) {
    return EmitAge(i, "age-sex");
  }
  // "(v, 29)", "Kandidaat 1: m, 24,", "Jayden van Beek, m, 11": a sex, then the age.
  if (s >= 3 && IsPunct(s - 1, ',') && LowerIs(s - 2, {"m", "v", "f", "male", "female"}) &&
      tokens_[s - 2].end - tokens_[s - 2].begin <= 6 &&
      (IsPunct(s - 3, '(') || IsPunct(s - 3, ':') || (IsPunct(s - 3, ',') && !IsNumber(s - 4))) &&
      v >= 1 && v <= 110 && ClauseEndsAt(i + 1)) {
    return EmitAge(i, "age-sex");
  }
  // "haar 90e verjaardag", "her 90th birthday".
  if (!spelled && v >= 1 && v <= 120 && AfterOrdinal(i) != i + 1 &&
      LowerIs(AfterOrdinal(i), {"verjaardag", "birthday", "verjaardagsfeest"})) {
    return EmitAge(i, "age-birthday");
  }
  if (LowerIs(next, {"years", "year", "yrs"}) && LowerIs(next + 1, {"old", "of"})) {
    if (LowerIs(next + 1, {"old"}) || LowerIs(next + 2, {"age"}))
      return EmitAge(i, "age-years-old");
  }
  // "34 yrs", "34 y/o", "34 y.o.", "34yo": written only of people's ages.
  if (LowerIs(next, {"yrs", "yo", "jr"}) ||
      (LowerIs(next, {"y"}) && (IsPunct(next + 1, '/') || IsPunct(next + 1, '.')) &&
       LowerIs(next + 2, {"o"}))) {
    return EmitAge(i, "age-yrs");
  }
  // "DOB: 1950-07-30 (76)", "geb. 2023-06-02 (3 jaar)", "DOB 2018-05-19 (8 years)": the age in
  // brackets right after a date of birth.
  if (!spelled && v <= 120 && i >= 2 && IsPunct(i - 1, '(') && blocked_[i - 2] && IsNumber(i - 2) &&
      BirthCueBefore(i - 2) &&
      (IsPunct(i + 1, ')') ||
       (LowerIs(i + 1, {"years", "year", "jaar", "jr", "yrs", "months", "maanden"}) &&
        IsPunct(i + 2, ')')))) {
    return EmitAge(i, "age-after-birth-date");
  }
  if (s >= 1) {
    size_t p = s - 1;
    if (LowerIs(p, {"of", "van"}) && p >= 1 &&
        (LowerIs(p - 1, {"aged", "age", "leeftijd"}) || IsPersonNoun(p - 1))) {
      return EmitAgeList(i, "age-of");
    }
    // "(both 45)", "(zelf 38, ...)": a bracket, a word for who, the number.
    if (LowerIs(p, {"both", "beiden", "allebei", "zelf", "herself", "himself"}) && p >= 1 &&
        IsPunct(p - 1, '(') && v >= 1 && v <= 110 && (IsPunct(i + 1, ')') || IsPunct(i + 1, ','))) {
      return EmitAge(i, "age-bracket");
    }
    // "aged about 25", "leeftijd ongeveer 40".
    if (IsHedgeWord(p) && p >= 1 && LowerIs(p - 1, {"aged", "leeftijd"}) && v >= 1 && v <= 110) {
      return EmitAge(i, "age-aged");
    }
    // "aged 7", "leeftijd 4": any age after the word for it; after "werd", "turned" only from
    // 10 ("werd 3 keer gebeld").
    if (LowerIs(p, {"aged", "age", "leeftijd", "ages", "leeftijden"}) && v >= 0 &&
        !LowerIs(i + 1, {"jaar", "years", "year"})) {
      return EmitAgeList(i, "age-aged");
    }
    // "aged between 4 and 11", "leeftijd tussen 12 en 16".
    if (LowerIs(p, {"between", "tussen", "from", "van"}) && p >= 1 &&
        LowerIs(p - 1, {"aged", "ages", "leeftijd", "leeftijden"}) && v >= 0 && v <= 110) {
      return EmitAgeList(i, "age-aged");
    }
    if (LowerIs(p, {"aged", "age", "leeftijd", "turned", "turns", "werd", "wordt", "turning"}) &&
        v >= 10) {
      return EmitAge(i, "age-aged");
    }
    // "Leeftijd: 47", "Age: 34".
    if (IsPunct(p, ':') && p >= 1 && LowerIs(p - 1, {"age", "leeftijd", "aged"})) {
      return EmitAge(i, "age-label");
    }
    // "Jan (43)", "mijn cliënte (52)": a bracketed number right after a word; a child's age
    // after a name or a word for a person ("zoon (8)", "Mila (6)").
    // An unknown capitalised word that is not a common word counts as a name here ("Jorrit
    // (11)"); "Bijlage (3)" does not.
    auto name_like = [&](size_t w) {
      // A place that is no name too ("Amsterdam (3)") and a known organisation are no one.
      const bool place_only = (Flags(w) & G::kPlace) && !(Flags(w) & kNameFlags);
      return IsCap(w) && !place_only && !(Flags(w) & G::kOrgKnown) && !tokens_[w].all_upper &&
             ((Flags(w) & kNameFlags) || (!IsCommon(w) && !tokens_[w].sentence_start));
    };
    // "Gijs Baas (71!)": an exclamation inside the bracket.
    const size_t close = IsPunct(i + 1, '!') && IsPunct(i + 2, ')') ? i + 2 : i + 1;
    // "D.S. (19)", "K. (34)": a person's initials before the age.
    if (IsPunct(p, '(') && IsPunct(close, ')') && p >= 2 && IsPunct(p - 1, '.') &&
        IsInitial(p - 2) && v >= 1 && v <= 110) {
      return EmitAge(i, "age-bracket");
    }
    // "Kevin Lammerts (37, rijbewijsnr. ...)": the age first in the bracket after a name.
    if (IsPunct(p, '(') && IsPunct(i + 1, ',') && p >= 1 && v >= 1 && v <= 99 &&
        (name_like(p - 1) || (IsPersonNoun(p - 1) && v >= 16)) && !IsNumber(i + 2)) {
      return EmitAge(i, "age-bracket");
    }
    if (IsPunct(p, '(') && IsPunct(close, ')') && p >= 1 && IsWord(p - 1) &&
        ((v >= 16 && v <= 99) ||
         (v >= 1 &&
          (IsPersonNoun(p - 1) ||
           LowerIs(p - 1, {"dochter", "zoon", "kind", "son", "daughter", "child", "baby"}) ||
           name_like(p - 1) ||
           // "Will (11)": a capitalised word mid-sentence, not a numbered thing
           (v <= 17 && IsCap(p - 1) && !tokens_[p - 1].sentence_start && !IsNumberedThing(p - 1) &&
            !(Flags(p - 1) & G::kPlace)))))) {
      return EmitAge(i, "age-bracket");
    }
    // "(Jasper, 23)", "mevr. De Jong, 91, onrustig": a number between a name's comma and a
    // comma or closing bracket, not in a list of numbers ("12, 14 en 16").
    // A surname that is also a word after a first name: "Kelly Beck, 30;", "Thomas Brewer, 23,".
    auto full_name = [&](size_t w) {
      return w >= 1 && IsCap(w) && IsCap(w - 1) && SpacedNext(w) &&
             (Flags(w - 1) & G::kFirstName) && !(Flags(w) & (G::kOrgKnown | G::kPlace));
    };
    if (IsPunct(p, ',') && p >= 1 &&
        (name_like(p - 1) || full_name(p - 1) ||
         // "(mother, 29)": a word for a person first in the bracket.
         (p >= 2 && IsPersonNoun(p - 1) && IsPunct(p - 2, '(') && IsPunct(i + 1, ')')) ||
         (p >= 2 && IsCap(p - 1) && (Flags(p - 2) & G::kTitle))) &&
        v >= 1 && v <= 110 &&
        (IsPunct(i + 1, ')') ||
         ((IsPunct(i + 1, ',') || IsPunct(i + 1, ';')) && !IsNumber(i + 2)) || i + 1 >= Size() ||
         tokens_[i + 1].newline_before) &&
        !(p >= 3 && IsNumber(p - 2))) {
      return EmitAge(i, "age-after-name");
    }
    // "Subject: Dylan Webb, DOB 30/09/2004, 22", "Employee: Julie Peters, payroll no. 000 482 11,
    // 46": the last item of a line that starts with a label and a name.
    if (IsPunct(p, ',') && !spelled && (i + 1 >= Size() || tokens_[i + 1].newline_before) &&
        v >= 1 && v <= 110 && tokens_[i].end - tokens_[i].begin <= 3) {
      size_t k = p;
      while (k > 0 && p - k < 40 && !tokens_[k].newline_before) --k;
      if (tokens_[k].newline_before || k == 0) {
        if (IsWord(k) && IsPunct(k + 1, ':') && IsCap(k + 2) && k + 3 < p &&
            ((Flags(k + 2) & kNameFlags) || !IsCommon(k + 2)) &&
            !(Flags(k + 2) & (G::kStopword | G::kOrgKnown | G::kOrgHead | G::kPlace)) &&
            // not "Week 1, 2"; a date's year may stand before it ("DOB 30/09/2004, 22")
            (!IsNumber(p - 1) || (IsYear(p - 1) && (IsPunct(p - 2, '/') || IsPunct(p - 2, '-')))) &&
            !IsUnitWord(p - 1)) {
          return EmitAge(i, "age-end-of-line");
        }
      }
    }
    // "hij is 57", "she was 61", "Hij is 15 en ...", "ik ben 45.", "she's ninety-one and":
    // a person's "is" and a number; from 16 unless nothing but the clause's end follows.
    // One word of degree may stand between: "ze is pas achttien", "he is nearly 40".
    const size_t q =
        p >= 1 && LowerIs(p, {"pas", "nog", "al", "bijna", "net", "ruim", "only", "just", "nearly",
                              "almost", "now", "nu", "inmiddels", "already"})
            ? p - 1
            : p;
    const bool person_is =
        (LowerIs(q, {"is", "was", "ben", "am"}) && q >= 1 &&
         (LowerIs(q - 1, {"hij", "zij", "ze", "he", "she", "ik", "i", "who"}) ||
          IsPersonNoun(q - 1) ||
          // "Mr Shah is 62,", "mevrouw Kaya is 48", "dhr. Okafor is 62"
          (IsCap(q - 1) && q >= 2 &&
           ((Flags(q - 2) & G::kTitle) ||
            (q >= 3 && IsPunct(q - 2, '.') && (Flags(q - 3) & G::kTitle)))) ||
          (IsCap(q - 1) && (Flags(q - 1) & kNameFlags) &&
           (!IsCommon(q - 1) || (Flags(q - 1) & G::kFirstName))) ||
          // "Mrs Schofield, is 64.", "Moeder, Khadija Bouzid, is 38 en werkt"
          (IsPunct(q - 1, ',') && q >= 3 && IsCap(q - 2) && (Flags(q - 3) & G::kTitle)) ||
          (IsPunct(q - 1, ',') && q >= 3 && IsCap(q - 2) && IsCap(q - 3) && SpacedNext(q - 2) &&
           (Flags(q - 3) & G::kFirstName) &&
           !(Flags(q - 2) & (G::kPlace | G::kOrgKnown | G::kStopword))))) ||
        // "and are now 44", "je bent nu 44": a person's "are" with "now".
        (q != p && q >= 1 && LowerIs(p, {"now", "nu"}) && LowerIs(q, {"are", "bent"}) &&
         LowerIs(q - 1, {"you", "and", "je", "jij", "u", "en"}) && v >= 16 &&
         ClauseEndsAt(i + 1)) ||
        LowerIs(q,
                {"she's", "he's", "i'm", "she\xE2\x80\x99s", "he\xE2\x80\x99s", "i\xE2\x80\x99m"});
    if (person_is && v <= 110 &&
        ((v >= 16 && !spelled && !IsUnitWord(i + 1)) || (v >= 1 && ClauseEndsAt(i + 1)))) {
      return EmitAge(i, "age-is");
    }
    // "Gloria is 56 en", "Jasmijn is nu 7 maanden": a capitalised word that starts the sentence,
    // its "is" and an age closed off (a first name that is also a word, which no list holds).
    // An ordinary word there ("Pols is 88.", "Looptijd is 12 maanden.") is the word, unless
    // "jaar oud" / "years old" says whose number it is.
    const bool word_subject = q >= 1 && IsCommon(q - 1) && !(Flags(q - 1) & G::kFirstName);
    const bool old = (LowerIs(i + 1, {"jaar"}) && LowerIs(i + 2, {"oud"})) ||
                     (LowerIs(i + 1, {"years"}) && LowerIs(i + 2, {"old"}));
    if (q >= 1 && LowerIs(q, {"is"}) && IsCap(q - 1) && tokens_[q - 1].sentence_start &&
        !tokens_[q - 1].all_upper && (!word_subject || old) &&
        !(Flags(q - 1) &
          (G::kStopword | G::kTitle | G::kRoleCue | G::kOrgKnown | G::kPlace | G::kOrgHead)) &&
        v >= 1 && v <= 110 && !spelled &&
        ((v >= 16 && ClauseEndsAt(i + 1)) ||
         LowerIs(i + 1, {"jaar", "maanden", "years", "months"}))) {
      if (!IsWord(i + 1) || (LowerIs(i + 1, {"jaar", "years"}) && ClauseEndsAt(i + 2)) ||
          AgeClosedAt(i + 2))
        return EmitAge(i, "age-is");
    }
    // "Jasmijn is nu 7 maanden", "Isla is now 7 months": a baby's age.
    if (person_is && v >= 1 && v <= 36 &&
        LowerIs(i + 1, {"maanden", "maand", "months", "month", "weken", "weeks"}) &&
        (AgeClosedAt(i + 2) || IsPunct(i + 2, ')'))) {
      return EmitAge(i, "age-months");
    }
    // "de maand waarin u 67 wordt", "the month you turn 67".
    if (v >= 10 && v <= 110 && LowerIs(p, {"turn"}) && p >= 1 &&
        LowerIs(p - 1, {"you", "i", "we", "they"}) && ClauseEndsAt(i + 1)) {
      return EmitAge(i, "age-turns");
    }
    if (v >= 10 && v <= 110 && LowerIs(p, {"u", "je", "jij", "hij", "zij", "ze", "ik"}) &&
        LowerIs(i + 1, {"wordt", "werd", "word"}) && ClauseEndsAt(i + 2)) {
      return EmitAge(i, "age-turns");
    }
    // "Ze wordt zondag zes,", "hij wordt in het voorjaar 59 en", "she turns 40 next month."
    // — a person turning a number, with a few words of when between.
    for (size_t back = 1; back <= 5 && back <= p; ++back) {
      const size_t verb = s - back;
      // Words of when between, also a date ("wordt op 12 februari achttien").
      if (back > 1 && !IsNumber(verb + 1) && (!IsWord(verb + 1) || tokens_[verb + 1].capitalised))
        break;
      if (!LowerIs(verb, {"wordt", "werd", "turns", "turned", "turning", "becomes"})) continue;
      if (verb >= 1 &&
          (LowerIs(verb - 1, {"hij", "zij", "ze", "he", "she", "ik", "i"}) ||
           (IsCap(verb - 1) && (Flags(verb - 1) & kNameFlags))) &&
          v >= 1 && v <= 110 && (back > 1 || v < 10) && ClauseEndsAt(i + 1)) {
        return EmitAge(i, "age-turns");
      }
      break;
    }
  }
  return false;
}

// What closes an age off for good after its unit: the line's end, ',', '.', ';', "oud" / "old",
// "en" / "and" — narrower than ClauseEndsAt, whose "in", "op", "al" also follow durations ("6
// maanden in dienst").
bool BlockScanner::AgeClosedAt(size_t k) const {
  return k >= Size() || tokens_[k].newline_before || IsPunct(k, ',') || IsPunct(k, '.') ||
         IsPunct(k, ';') || LowerIs(k, {"oud", "old", "en", "and"});
}

// A word that makes a number approximate: "ongeveer", "about", "circa".
bool BlockScanner::IsHedgeWord(size_t k) const {
  return LowerIs(k, {"ca", "circa", "ongeveer", "approx", "approximately", "about", "around",
                     "rond", "roughly", "zo'n", "plusminus"});
}

// A word that makes the number before it a measure, not an age: "20 minuten", "40 cm".
bool BlockScanner::IsUnitWord(size_t k) const {
  return LowerIs(k, {"euro",   "uur",      "minuten", "procent", "keer",   "kilo",    "km",
                     "dagen",  "cm",       "kg",      "mg",      "gram",   "meter",   "mm",
                     "graden", "degrees",  "pond",    "pounds",  "hours",  "minutes", "times",
                     "days",   "weeks",    "weken",   "maanden", "months", "percent", "procent",
                     "miles",  "mijl",     "stuks",   "man",     "people", "mensen",  "punten",
                     "points", "pagina's", "pages",   "%"}) ||
         IsPunct(k, '%');
}

// Nothing after a number but the end of its clause: punctuation, a line's end, or a word that
// starts the next clause ("en", "and", "maar", "but").
bool BlockScanner::ClauseEndsAt(size_t k) const {
  if (k >= Size() || tokens_[k].newline_before) return true;
  if (IsPunct(k, ',') || IsPunct(k, '.') || IsPunct(k, ';') || IsPunct(k, ')') || IsPunct(k, '!') ||
      IsPunct(k, '?')) {
    return !IsNumber(k + 1) || SpacedNext(k + 1);
  }
  return LowerIs(
      k, {"en",       "and",  "maar",  "but",   "dus",       "so",    "toen",    "when", "nu",
          "now",      "en,",  "sinds", "since", "inmiddels", "al",    "already", "next", "volgend",
          "volgende", "this", "dit",   "deze",  "vandaag",   "today", "op",      "on",   "in"});
}

// An age and, after it, the other ages of a list: "kinderen van 4, 9 en 12", "aged 4, 9 and 12".
bool BlockScanner::EmitAgeList(size_t i, const char* rule) {
  EmitAge(i, rule);
  size_t k = i + 1;
  while (k + 1 < Size() && k < i + 12) {
    // "4, 9 en 12", "3 and seven", "0 to 11": a list or a range of ages.
    if (!(IsPunct(k, ',') || LowerIs(k, {"en", "and", "&", "to", "tot"}) || IsPunct(k, '&'))) {
      break;
    }
    size_t n = k + 1;
    if (IsPunct(k, ',') && LowerIs(n, {"en", "and"})) ++n;  // "4, 9, and 12"
    const int value = IsWord(n) ? SpelledNumber(Lower(n)) : Value(n);
    if (value < 0 || (IsWord(n) && value == 0) || value > 110 ||
        (!IsWord(n) && tokens_[n].end - tokens_[n].begin > 3) || IsUnitWord(n + 1)) {
      break;
    }
    EmitAge(n, rule);
    k = n + 1;
  }
  return true;
}

void BlockScanner::SpelledAgeWord(size_t i) {
  const std::string_view w = Lower(i);
  for (std::string_view ending :
       {"-jarige", "-jarigen", "-jarig", "-year-old", "-years-old", "-year-olds"}) {
    if (!w.ends_with(ending)) continue;
    const std::string_view number = w.substr(0, w.size() - ending.size());
    if (SpelledNumber(number) <= 0 || possessive_[i] != 0) return;
    // The lower-case copy has the same length as the text for these ASCII and Latin words.
    const size_t end = tokens_[i].begin + number.size();
    if (end > tokens_[i].end) return;
    AddFinding(text_, tokens_[i].begin, end, EntityType::kAge, "age-jarig", 0.85, out_);
    return;
  }
}

bool BlockScanner::EmitAge(size_t i, const char* rule) {
  // "6,5 jaar oud": the whole number, so that "6," does not stay behind.
  size_t first = i;
  if (i >= 2 && IsNumber(i - 2) &&
      (IsPunct(i - 1, ',') || IsPunct(i - 1, '.') || IsPunct(i - 1, ';')) && !SpacedNext(i - 1) &&
      !SpacedNext(i)) {
    first = i - 2;
  }
  Emit(first, i, EntityType::kAge, rule, 0.85);
  return true;
}

bool BlockScanner::Address(size_t i) {
  if (tokens_[i].end - tokens_[i].begin > 5) return false;
  const int v = Value(i);
  // "Grote Steenweg 218, 2600 Berchem", "9000 Gent": a Belgian postcode before its town, at a
  // line's start or after a comma; "Mount Albert, Auckland 1025": a New Zealand or Australian
  // one after its town.
  if (v >= 1000 && v <= 9999 && tokens_[i].end - tokens_[i].begin == 4) {
    if (IsCap(i + 1) && SpacedNext(i + 1) && (Flags(i + 1) & G::kPlace) &&
        (IsPunct(i - 1, ',') || (ListSeparatorBefore(i) && !(v >= 1900 && v <= 2100)) ||
         ((i == 0 || tokens_[i].newline_before) && !(v >= 1900 && v <= 2100)))) {
      Emit(i, i, EntityType::kPostcode, "postcode-four-digits", 0.8);
      return true;
    }
    if (i >= 2 && SpacedNext(i) && IsCap(i - 1) && (Flags(i - 1) & G::kPlace) &&
        IsPunct(i - 2, ',') && (i + 1 >= Size() || tokens_[i + 1].newline_before)) {
      Emit(i, i, EntityType::kPostcode, "postcode-four-digits", 0.8);
      return true;
    }
  }
  // "Apt 22, Clarence Court", "Unit 7, Canal Side Industrial Estate": a flat in a named block.
  if (i >= 1 && SpacedNext(i) && LowerIs(i - 1, {"apt", "apartment", "flat", "unit", "suite"}) &&
      IsPunct(i + 1, ',') && IsCap(i + 2) && SpacedNext(i + 2)) {
    size_t last = i + 2;
    while (last + 1 < Size() && last < i + 6 && IsCap(last + 1) && SpacedNext(last + 1)) ++last;
    if (last > i + 2 && (g_.IsEnglishStreetType(Lower(last)) ||
                         LowerIs(last, {"court", "estate", "house", "mansions", "tower", "heights",
                                        "building", "centre", "park"}))) {
      Emit(i - 1, last, EntityType::kAddress, "number+street", 0.85);
      return true;
    }
  }
  // "Postbus 1234", "P.O. Box 123", "PO Box 123".
  if (i >= 1 && SpacedNext(i) && LowerIs(i - 1, {"postbus", "box", "antwoordnummer"})) {
    size_t first = i - 1;
    if (LowerIs(i - 1, {"box"})) {
      size_t k = i - 1;
      while (k >= 1 && (IsPunct(k - 1, '.') || LowerIs(k - 1, {"p", "o", "po"})) && i - k < 5) --k;
      if (k == i - 1) return false;  // "box 3" alone is no address
      first = k;
    }
    Emit(first, i, EntityType::kAddress, "postbus", 0.9);
    return true;
  }
  // "Dorpsstr. 4", "Eikenln. 12": an abbreviated street type with its dot; before it the rest
  // of the name, also abbreviated and with particles ("Burg. de Withstr. 17").
  if (i >= 2 && SpacedNext(i) && IsPunct(i - 1, '.') && !SpacedNext(i - 1) && IsCap(i - 2) &&
      g_.IsDutchStreetName(Lower(i - 2))) {
    size_t first = i - 2;
    while (first >= 1 && SpacedNext(first) && i - first < 8) {
      const size_t w = first - 1;
      if (IsWord(w) && !tokens_[w].capitalised && (Flags(w) & G::kPrefix) && w >= 1 &&
          (IsCap(w - 1) || IsPunct(w - 1, '.'))) {
        first = w;  // "de", "van" inside the name
      } else if (IsPunct(w, '.') && w >= 1 && IsCap(w - 1) && !SpacedNext(w)) {
        first = w - 1;  // "Burg.", "Dr."
      } else if (IsCap(w) && !tokens_[w].sentence_start) {
        first = w;
      } else {
        break;
      }
    }
    Emit(first, HouseNumberEnd(i), EntityType::kAddress, "street-abbreviation+number", 0.9);
    return true;
  }
  // After a word for an address ("Bezoekadres: Brink 4", "woont aan de Kraaiennest 14",
  // "lives at 27 Heol y Nant"), or on a line of its own right above a postcode (a letter's
  // address block): capitalised words and a house number are an address, whatever the street's
  // name ends in.
  if (i >= 1 && SpacedNext(i) && IsCap(i - 1)) {
    size_t first = i - 1;
    while (first >= 1 && SpacedNext(first) && i - first < 5 &&
           (IsCap(first - 1) ||
            (IsWord(first - 1) && (Flags(first - 1) & G::kPrefix) && IsCap(first - 2)))) {
      --first;
    }
    const size_t end = HouseNumberEnd(i);
    const bool line_start = first == 0 || tokens_[first].newline_before;
    const bool line_end = end + 1 >= Size() || tokens_[end + 1].newline_before;
    bool cued = false;
    size_t c = first;
    const bool colon = c >= 1 && IsPunct(c - 1, ':');
    if (colon) --c;
    while (c >= 1 && LowerIs(c - 1, {"de", "het", "aan", "op"})) --c;
    if (c >= 1 &&
        (LowerIs(c - 1, {"adres", "bezoekadres", "woonadres", "postadres", "correspondentieadres",
                         "huisadres", "afleveradres", "woont", "wonend", "woonachtig"}) ||
         (colon && LowerIs(c - 1, {"address"})))) {  // "address" is also a verb
      cued = true;
    }
    // The next line starts with a Dutch postcode: four digits, maybe a space, two letters.
    auto postcode_at = [&](size_t k) {
      if (k >= Size() || !IsNumber(k)) return false;
      const size_t postcode_end = DutchPostcodeEnd(text_, tokens_[k].begin);
      if (postcode_end == 0) return false;
      // Then the line ends or a town follows: "1104cb Amsterdam", not "2024 is een goed jaar".
      size_t r = postcode_end;
      while (r < text_.size() && text_[r] == ' ') ++r;
      return r >= text_.size() || text_[r] == '\n' || text_[r] == '\r' || text_[r] == '\'' ||
             (text_[r] >= 'A' && text_[r] <= 'Z') || static_cast<unsigned char>(text_[r]) >= 0x80;
    };
    const bool above_postcode =
        line_start && line_end && postcode_at(end + 1) && !IsNumberedThing(first);
    if (cued || above_postcode) {
      Emit(first, end, EntityType::kAddress, cued ? "address-cue" : "address-block", 0.85);
      return true;
    }
  }
  // Dutch: "Kerkstraat 12a", "Laan van Meerdervoort 5": street words before the number.
  if (i >= 1 && SpacedNext(i) && IsWord(i - 1)) {
    size_t first = i;
    bool street = false;
    for (size_t k = i; k >= 1 && i - k < 6; --k) {
      size_t w = k - 1;
      bool prefix = IsWord(w) && !tokens_[w].capitalised && (Flags(w) & G::kPrefix);
      if (!IsCap(w) && !prefix) break;
      if (IsCap(w)) {
        first = w;
        street = street || g_.IsDutchStreetName(Lower(w)) || LowerIs(w, {"laan", "plein"});
      }
      if (!SpacedNext(w)) break;
    }
    // "Grote Markt 27", "Oude Dijk 6": a street word on its own after a word that describes it,
    // or first on its line ("Markt 12").
    if (!street && first < i - 1 && IsCap(i - 1) && g_.IsDutchStreetWord(Lower(i - 1)) &&
        LowerIs(i - 2, {"grote", "oude", "nieuwe", "korte", "lange", "hoge", "lage", "kleine",
                        "achter", "voor", "binnen", "buiten", "oost", "west", "noord", "zuid",
                        "groot", "oud", "klein"})) {
      street = true;
    }
    if (!street && first == i - 1 && IsCap(i - 1) && g_.IsDutchStreetWord(Lower(i - 1)) &&
        tokens_[first].newline_before) {
      street = true;
    }
    if (street) {
      // "Dr. Kuyperweg 2-a", "Pr. Irenestraat 33": a title's abbreviation starts the name.
      if (first >= 2 && IsPunct(first - 1, '.') && !SpacedNext(first - 1) && IsCap(first - 2) &&
          LowerIs(first - 2, {"dr", "pr", "prof", "mr", "burg", "st", "ds", "mgr", "jhr", "gen",
                              "past", "kard", "pres"}) &&
          SpacedNext(first)) {
        first -= 2;
      }
      Emit(first, HouseNumberEnd(i), EntityType::kAddress, "street+number", 0.9);
      return true;
    }
  }
  // English: "12 High Street", "4 Rose Lane", "200 Deansgate", Welsh "27 Heol y Nant"; with a
  // flat or unit before it and an apartment or suite after it ("Flat 2, 41 Clarendon Road",
  // "55 Elm Street, Apt 3B"); after "lives at" or "address" any capitalised words.
  // "31a Spen Lane", "5a Station Hill": a letter glued to the house number; "1422 N. Grand
  // Ave. E": a compass point before the street's name.
  size_t name_at = i + 1;
  if (IsWord(name_at) && !SpacedNext(name_at) && Lower(name_at).size() == 1 &&
      SpacedNext(name_at + 1)) {
    ++name_at;
  }
  if (SpacedNext(name_at) && IsCompassPoint(name_at) && IsPunct(name_at + 1, '.') &&
      SpacedNext(name_at + 2) && IsCap(name_at + 2)) {
    name_at += 2;
  }
  if (name_at != i + 1 && SpacedNext(name_at) && IsCap(name_at)) {
    size_t last = 0;
    for (size_t k = name_at + 1; last == 0 && k < Size() && k < name_at + 4 && IsCap(k); ++k) {
      if (!SpacedNext(k)) break;
      if (g_.IsEnglishStreetType(Lower(k))) {
        last = IsPunct(k + 1, '.') && Lower(k).size() <= 3 ? k + 1 : k;
      }
    }
    if (last != 0) {
      // "Ave. E,": a compass point after it.
      if (SpacedNext(last + 1) && IsCompassPoint(last + 1) && ClauseEndsAt(last + 2)) {
        ++last;
      }
      Emit(i, last, EntityType::kAddress, "number+street", 0.85);
      return true;
    }
  }
  if (SpacedNext(i + 1) && IsCap(i + 1)) {
    size_t last = 0;
    if (LowerIs(i + 1, {"heol", "ffordd", "stryd", "lon"})) {
      last = i + 1;
      while (last + 1 < Size() && SpacedNext(last + 1) && last < i + 5 &&
             (IsCap(last + 1) || LowerIs(last + 1, {"y", "yr", "'r"}))) {
        ++last;
      }
    } else if (Lower(i + 1).size() > 6 && Lower(i + 1).ends_with("gate") && !IsCommon(i + 1)) {
      last = i + 1;  // "Deansgate", "Briggate", and "Stonegate Road"
      if (SpacedNext(last + 1) && IsCap(last + 1) && g_.IsEnglishStreetType(Lower(last + 1))) {
        ++last;
      }
    }
    for (size_t k = i + 1; last == 0 && k < Size() && k < i + 5 && IsCap(k); ++k) {
      if (k > i + 1 && !SpacedNext(k)) break;
      if (k > i + 1 && g_.IsEnglishStreetType(Lower(k))) {
        last = IsPunct(k + 1, '.') && Lower(k).size() <= 2 ? k + 1 : k;
      }
    }
    if (last == 0 && i >= 2 &&
        (LowerIs(i - 1, {"at"}) && LowerIs(i - 2, {"lives", "living", "resides"})) &&
        !LowerIs(i + 1, {"am", "pm"})) {
      last = i + 1;
      while (last + 1 < Size() && SpacedNext(last + 1) && last < i + 4 && IsCap(last + 1)) ++last;
    }
    if (last != 0) {
      size_t first = i;
      // "7/45 Brunswick Street", "2/1, 48 Langside Road": a flat's number before the house's.
      if (i >= 2 && IsPunct(i - 1, '/') && !SpacedNext(i - 1) && !SpacedNext(i) &&
          IsNumber(i - 2)) {
        first = i - 2;
      } else if (i >= 4 && IsPunct(i - 1, ',') && IsNumber(i - 2) && IsPunct(i - 3, '/') &&
                 IsNumber(i - 4) && !SpacedNext(i - 3) && !SpacedNext(i - 2)) {
        first = i - 4;
      }
      // "Flat 2, ", "Unit 4, ", "Apt 4B, " before the number; "Unit 4/512".
      const size_t flat =
          i >= 2 && IsWord(i - 2) && !SpacedNext(i - 2) && IsNumber(i - 3) ? i - 3 : i - 2;
      if (i >= 3 && flat >= 1 && IsPunct(i - 1, ',') && IsNumber(flat) &&
          LowerIs(flat - 1, {"flat", "unit", "apartment", "apt", "suite", "room", "floor"})) {
        first = flat - 1;
      } else if (first == i - 2 && first >= 1 &&
                 LowerIs(first - 1, {"flat", "unit", "apartment", "apt", "suite"})) {
        first = first - 1;
      }
      // ", Apt 3B", ", Suite 300" after it.
      if (IsPunct(last + 1, ',') &&
          LowerIs(last + 2, {"apt", "apartment", "suite", "unit", "flat", "floor", "ste"})) {
        size_t k = last + 3;
        if (IsPunct(k, '.')) ++k;
        if (IsNumber(k)) last = HouseNumberEnd(k);
      }
      Emit(first, last, EntityType::kAddress, "number+street", 0.9);
      return true;
    }
  }
  return false;
}

// "12a", "12-2", "12 A": the house number with its addition.
size_t BlockScanner::HouseNumberEnd(size_t i) const {
  if (IsWord(i + 1) && !SpacedNext(i + 1) && Lower(i + 1).size() <= 3) return i + 1;
  // "452-III", "12-hs", "3-bis": a floor in Roman numerals or a word for it.
  auto addition = [&](size_t k) {
    if (!IsWord(k)) return false;
    const std::string_view w = Lower(k);
    if (w.size() <= 2) return true;
    if (In(w, {"bis", "hs", "huis", "boven", "beneden", "rood", "zwart"})) return true;
    return w.size() <= 4 && w.find_first_not_of("ivx") == std::string_view::npos;
  };
  if (IsPunct(i + 1, '-') && !SpacedNext(i + 1) && !SpacedNext(i + 2) &&
      (IsNumber(i + 2) || addition(i + 2))) {
    return i + 2;
  }
  // "Van Heemstraweg 10 A", "Prins Hendrikkade 19 hs", "Dorpsstraat 4 II": a spaced letter or
  // floor that closes the address (punctuation or the line's end after it).
  if (SpacedNext(i + 1) && IsWord(i + 1) && !tokens_[i + 1].newline_before &&
      (i + 2 >= Size() || tokens_[i + 2].newline_before || IsPunct(i + 2, ',') ||
       IsPunct(i + 2, ';') || IsPunct(i + 2, ')'))) {
    const std::string_view w = Lower(i + 1);
    if ((w.size() == 1 && tokens_[i + 1].capitalised) ||
        In(w, {"hs", "bis", "huis", "boven", "bg", "ii", "iii", "iv"})) {
      return i + 1;
    }
  }
  // "Kortrijksesteenweg 512 bus 4": a Belgian letterbox number.
  if (SpacedNext(i + 1) && LowerIs(i + 1, {"bus"}) && SpacedNext(i + 2) && IsNumber(i + 2) &&
      tokens_[i + 2].end - tokens_[i + 2].begin <= 4) {
    return IsWord(i + 3) && !SpacedNext(i + 3) && Lower(i + 3).size() == 1 ? i + 3 : i + 2;
  }
  return i;
}

}  // namespace kring::anonymiser_internal
