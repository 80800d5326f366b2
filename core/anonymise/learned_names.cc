// The anonymiser's learned part at work: the features of the capitalised words the rules left,
// and the findings the model makes of them (name_model.h has the model).
#include <algorithm>
#include <iterator>

#include "core/anonymise/block_scanner.h"
#include "core/anonymise/identifiers.h"
#include "core/anonymise/number_words.h"

namespace kring::anonymiser_internal {
namespace {

// The word lists' flags the model sees, by the feature's name.
constexpr std::pair<uint32_t, const char*> kFlagFeatures[] = {
    {G::kFirstName, "first"},    {G::kSurname, "surname"},      {G::kPlace, "place"},
    {G::kOrgHead, "org_head"},   {G::kOrgSuffix, "org_suffix"}, {G::kOrgKnown, "org"},
    {G::kTitle, "title"},        {G::kRoleCue, "role"},         {G::kPrefix, "particle"},
    {G::kStopwordNl, "stop_nl"}, {G::kStopwordEn, "stop_en"},   {G::kCommon, "common"},
    {G::kListed, "listed"},      {G::kPlaceWord, "place_word"}, {G::kOrgWord, "org_word"},
    {G::kNumberWord, "number"},
};

// The last `n` code points of a lower-case word (the whole word when it is shorter).
std::string_view Ending(std::string_view w, size_t n) {
  size_t k = w.size();
  for (size_t seen = 0; k > 0 && seen < n; ++seen) {
    --k;
    while (k > 0 && (static_cast<unsigned char>(w[k]) & 0xC0) == 0x80) --k;
  }
  return w.substr(k);
}

const char* LengthBucket(size_t bytes) {
  if (bytes <= 1) return "len:1";
  if (bytes <= 3) return "len:2-3";
  if (bytes <= 5) return "len:4-5";
  if (bytes <= 8) return "len:6-8";
  return "len:9+";
}

// The buckets ages fall into (a young child, a child, a teenager, ...), by their upper bounds;
// each with and without the '&' that joins it to a neighbour in a feature.
constexpr int kBucketTop[] = {3, 12, 17, 29, 64, 89, 110};
constexpr const char* kBucket[] = {"0-3", "4-12", "13-17", "18-29", "30-64", "65-89", "90-110"};
constexpr const char* kJoinedBucket[] = {"&0-3",   "&4-12",  "&13-17", "&18-29",
                                         "&30-64", "&65-89", "&90-110"};

size_t BucketOf(int v) {
  size_t b = 0;
  while (b + 1 < std::size(kBucketTop) && v > kBucketTop[b]) ++b;
  return b;
}

}  // namespace

bool BlockScanner::LearnedMayJudgeNumber(size_t i) const {
  if (blocked_[i] || allowed_[i]) return false;
  if (IsWord(i)) {
    if ((tokens_[i].flags & G::kNumberWord) == 0) return false;
    const int v = SpelledNumber(Lower(i));
    if (v < 2 || v > 110) return false;  // not "een", "one": the article
  } else {
    if (!IsNumber(i) || tokens_[i].end - tokens_[i].begin > 3 || Value(i) > 110) return false;
    // "U-12", "covid-19", "A/4": a number joined to a word by a dash or a slash is a code's.
    if (i >= 2 && !tokens_[i].space_before && !tokens_[i].newline_before &&
        (IsPunct(i - 1, '-') || IsPunct(i - 1, '/')) && !tokens_[i - 1].space_before &&
        !tokens_[i - 1].newline_before && IsWord(i - 2)) {
      return false;
    }
    // "10:30", "6,7", "26/30", "1.5", "3-4": a part of a number glued to another.
    auto glued = [&](size_t left, size_t right) {  // tokens left, mark, right with no space
      return right < Size() && !tokens_[left + 1].space_before &&
             !tokens_[left + 1].newline_before && !tokens_[right].space_before &&
             !tokens_[right].newline_before && tokens_[left + 1].kind == TokenKind::kPunct &&
             IsNumber(left) && IsNumber(right);
    };
    if ((i >= 2 && glued(i - 2, i)) || glued(i, i + 2)) return false;
  }
  return !RulesDecidedNumber(i);
}

// A word that makes the number after it a measure, a score or an amount.
bool BlockScanner::IsMeasureWord(size_t k) const {
  return LowerIs(
      k, {"hartslag",   "pols",   "saturatie",   "sat",     "bloeddruk", "bp",         "rr",
          "hr",         "temp",   "temperatuur", "gewicht", "weight",    "lengte",     "height",
          "bmi",        "score",  "scoorde",     "scored",  "scores",    "cijfer",     "punten",
          "niveau",     "level",  "vas",         "nrs",     "mmse",      "gcs",        "hb",
          "crp",        "egfr",   "glucose",     "suiker",  "pulse",     "saturation", "resp",
          "ademhaling", "kosten", "prijs",       "price",   "cost",      "costs",      "bedrag",
          "amount",     "totaal", "total",       "aantal",  "spo2",      "o2",         "hba1c",
          "inr",        "ldl",    "iq",          "cito",    "toets"});
}

// A word for an age earlier on the line of token k ("Age at first contact: 14", "Kids' ages on
// form: 7, 7").
bool BlockScanner::AgeWordBefore(size_t k) const {
  for (size_t j = k; j > 0 && k - j < kLineWindow && !tokens_[j].newline_before;) {
    --j;
    if (LowerIs(j, {"leeftijd", "leeftijden", "lft", "age", "ages", "aged", "oud", "old"}))
      return true;
  }
  return false;
}

// Where the age rules decided that a number is no age, or took it: the model does not judge.
bool BlockScanner::RulesDecidedNumber(size_t i) const {
  const bool line_start = i == 0 || tokens_[i].newline_before;
  const bool line_end = i + 1 >= Size() || tokens_[i + 1].newline_before;
  auto found_place = [&](size_t k) {  // found as a place or an organisation
    return covered_[k] && (covered_type_[k] == EntityType::kPlace ||
                           covered_type_[k] == EntityType::kOrganisation);
  };
  // "6 maanden in dienst", "10 jaar geleden", "20 mg", "3 per week": with a unit the rules
  // decide; also a month's day ("12 maart", "maart 12").
  auto unit = [&](size_t k) {
    return k < Size() && !tokens_[k].newline_before &&
           (IsUnitWord(k) ||
            LowerIs(k, {"per", "x", "jaar", "jaren", "year", "years", "jr", "yr", "yrs", "maand",
                        "month", "week", "dag", "day"}) ||
            MonthNumber(Lower(k)) != 0);
  };
  if (unit(i + 1)) return true;
  if (!line_start && MonthNumber(Lower(i - 1)) != 0) return true;
  // "€45", "£30", "$20", "Hartslag 72", "saturatie 98", "Ze scoorde 85": money and measures.
  if (!line_start) {
    const std::string_view before = Raw(i - 1);
    if (before == "\xE2\x82\xAC" || before == "\xC2\xA3" || before == "$" || IsMeasureWord(i - 1)) {
      return true;
    }
  }
  // "47 M", "29 v": an age and a sex are the rules' ("age-sex"), also where they refused it.
  if (!line_end && IsWord(i + 1) && tokens_[i + 1].end - tokens_[i + 1].begin == 1 &&
      LowerIs(i + 1, {"m", "f", "v"})) {
    return true;
  }
  // "Bijlage (3)", "Amsterdam (3)", "Groep 7 (24)", "(3) en (4)": a number alone in brackets
  // after a numbered thing, a place, an organisation, a number or another bracket is the
  // bracket rules'.
  if (!line_start && !line_end && i >= 2 && IsPunct(i - 1, '(') && IsPunct(i + 1, ')')) {
    const size_t b = i - 2;
    if (IsNumberedThing(b) || IsNumber(b) || IsPunct(b, ')') || found_place(b) ||
        (Flags(b) & (G::kPlace | G::kOrgKnown)) ||
        (LowerIs(b, {"en", "and", "of", "or"}) && b >= 1 && IsPunct(b - 1, ')'))) {
      return true;
    }
  }
  // "Week 1", "kamer 12", "Size 12": a numbered thing's number.
  if (!line_start && (IsNumberedThing(i - 1) ||
                      LowerIs(i - 1, {"size", "maat", "nr", "no", "nummer", "number", "huisnummer",
                                      "grade", "bus", "lijn", "line", "route", "code", "pin"}))) {
    return true;
  }
  // A list of numbers ("12, 14 en 16"): where it starts and ends on the line.
  auto joins = [&](size_t k) {
    return IsPunct(k, ',') || IsPunct(k, '&') || LowerIs(k, {"en", "and", "of", "or", "tot", "to"});
  };
  size_t head = i, tail = i;
  while (head >= 2 && i - head < 24 && !tokens_[head].newline_before &&
         !tokens_[head - 1].newline_before && joins(head - 1) &&
         (IsNumber(head - 2) || (Flags(head - 2) & G::kNumberWord))) {
    head -= 2;
  }
  while (tail + 2 < Size() && tail - i < 24 && !tokens_[tail + 1].newline_before &&
         !tokens_[tail + 2].newline_before && joins(tail + 1) &&
         (IsNumber(tail + 2) || (Flags(tail + 2) & G::kNumberWord))) {
    tail += 2;
  }
  if (tail != i && unit(tail + 1)) return true;  // "12, 14 en 16 maart", "2 of 3 x per week"
  if (head > 0 && !tokens_[head].newline_before) {
    const size_t b = head - 1;
    if (head != i && IsNumberedThing(b)) return true;  // "Week 1, 2"
    // "Scores: 12, 14", "Totaal: 5": a label that is an ordinary word, no word for a person or
    // an age.
    if (IsPunct(b, ':') && b >= 1 && !tokens_[b].newline_before && IsWord(b - 1) &&
        IsCommon(b - 1) && !IsPersonNoun(b - 1) && !AgeWordBefore(head) &&
        !LowerIs(b - 1, {"leeftijd", "leeftijden", "age", "ages", "aged", "lft", "kinderen",
                         "children", "kids"})) {
      return true;
    }
    // "Oxazepam 10 mg, 2": a list after a measure.
    if (IsPunct(b, ',') && b >= 1 && IsUnitWord(b - 1)) return true;
  }
  // "Pols is 88", "the room is 12", "There are now 30", "De groep, Utrecht, is 38": an ordinary
  // word's or a place's "is", not a person's.
  size_t verb = line_start ? 0 : i - 1;
  if (!line_start && verb >= 1 &&
      LowerIs(verb, {"pas", "nog", "al", "bijna", "net", "ruim", "only", "just", "nearly", "almost",
                     "now", "nu", "inmiddels", "already", "about", "ongeveer"})) {
    --verb;
  }
  if (!line_start && verb >= 1 && !tokens_[verb + 1].newline_before &&
      LowerIs(verb, {"is", "was", "are", "were", "zijn", "waren"}) &&
      !tokens_[verb].newline_before) {
    size_t subject = verb - 1;
    // "De groep, Utrecht, is 38": the word before the comma.
    if (IsPunct(subject, ',') && subject >= 1 && covered_[subject - 1]) --subject;
    const bool person =
        (covered_[subject] && covered_type_[subject] == EntityType::kPerson) ||
        IsPersonNoun(subject) || (Flags(subject) & G::kFirstName) ||
        LowerIs(subject, {"jongste",     "oudste",       "youngest",  "eldest",       "oldest",
                          "both",        "allebei",      "beiden",    "beide",        "twins",
                          "tweeling",    "vriend",       "vriendin",  "friend",       "boyfriend",
                          "girlfriend",  "bro",          "sis",       "grandad",      "granddad",
                          "grandpa",     "grandma",      "nana",      "mine",         "broers",
                          "zussen",      "zusjes",       "brothers",  "sisters",      "siblings",
                          "stepson",     "stepdaughter", "stiefzoon", "stiefdochter", "half-sister",
                          "half-brother"});
    // "There are now 30", "het is 10": no one's number.
    if (LowerIs(subject, {"there", "er", "het", "it", "this", "dit"})) return true;
    // Only a noun: after "and is now 25", "who is 12" the clause's subject stands before.
    if (IsWord(subject) && !person && !(Flags(subject) & G::kStopword) &&
        (IsCommon(subject) || found_place(subject) ||
         (Flags(subject) & (G::kPlace | G::kOrgKnown)))) {
      return true;
    }
  }
  // A table's cell under a header that names its column ("| Week | Score |"): the table rules'
  // (FindTableColumns) unless the header speaks of an age. Lines are looked at up to
  // kLineWindow tokens, so a long line costs no more per number.
  const size_t line = LineStartNear(i);
  if (line == kNoLine) return false;
  size_t column = 0;
  for (size_t k = line; k < i; ++k) column += IsPunct(k, '|');
  bool cell_after = false;
  for (size_t k = i + 1; k < Size() && k <= i + kLineWindow && !tokens_[k].newline_before; ++k) {
    cell_after = cell_after || IsPunct(k, '|');
  }
  if (column == 0 && !cell_after) return false;
  // The table's first line (the lines with a '|' right above this one) is its header when it
  // holds no number.
  auto has_bar = [&](size_t start) {
    for (size_t k = start;
         k < Size() && k <= start + kLineWindow && (k == start || !tokens_[k].newline_before);
         ++k) {
      if (IsPunct(k, '|')) return true;
    }
    return false;
  };
  size_t header = line;
  for (int up = 0; up < 50 && header > 0; ++up) {
    const size_t above = LineStartNear(header - 1);
    if (above == kNoLine || !has_bar(above)) break;
    header = above;
  }
  if (header == line) return false;
  bool numbers = false, age_header = false;
  size_t cell = 0;
  for (size_t k = header;
       k < Size() && k <= header + kLineWindow && (k == header || !tokens_[k].newline_before);
       ++k) {
    numbers = numbers || IsNumber(k);
    if (IsPunct(k, '|')) ++cell;
    if (cell == column &&
        LowerIs(k, {"leeftijd", "lft", "age", "aged", "jaar", "jr", "yrs", "years"})) {
      age_header = true;
    }
  }
  return !numbers && !age_header;
}

// The first token of the line of token k when it lies at most kLineWindow tokens before k, else
// kNoLine (a line that long is no table's row).
size_t BlockScanner::LineStartNear(size_t k) const {
  for (size_t back = 0; back <= kLineWindow; ++back) {
    if (k == 0 || tokens_[k].newline_before) return k;
    --k;
  }
  return kNoLine;
}

void BlockScanner::NumberFeatures(size_t i, const std::vector<bool>& found,
                                  const std::vector<EntityType>& found_type,
                                  NameFeatureList* out) const {
  out->Clear();
  const bool spelled = IsWord(i);
  const int v = spelled ? SpelledNumber(Lower(i)) : Value(i);
  out->Add("age.num");
  out->Add(spelled ? "age.spelled" : "age.digits");
  const size_t bucket = BucketOf(v);
  out->Add("age.v:", kBucket[bucket]);
  if (found[i]) out->Add("age.found");
  // What the number is glued to: "55e", "80s", "3x", "20mg".
  if (i + 1 < Size() && !tokens_[i + 1].space_before && !tokens_[i + 1].newline_before &&
      IsWord(i + 1)) {
    out->Add("age.glued:", Lower(i + 1));
  }
  auto token_text = [&](size_t k) -> std::string_view {
    if (IsNumber(k)) return "<number>";
    if (IsWord(k)) return Lower(k);
    return Raw(k);
  };
  auto neighbour = [&](size_t k, std::string_view side) {
    const std::string_view w = token_text(k);
    out->Add(side, w);
    if (found[k]) out->Add(side, "found:", EntityTypeKey(found_type[k]));
    if (IsWord(k) && tokens_[k].capitalised && !found[k]) out->Add(side, "capital");
    // "GCS 14", "BMI 27": a measure's short name in capitals.
    if (IsWord(k) && tokens_[k].all_upper && tokens_[k].end - tokens_[k].begin > 1) {
      out->Add(side, "caps");
    }
  };
  const bool line_start = i == 0 || tokens_[i].newline_before;
  if (!line_start) {
    neighbour(i - 1, "age.p:");
    out->Add("age.p&v:", token_text(i - 1), kJoinedBucket[bucket]);
    if (i > 1 && !tokens_[i - 1].newline_before) {
      out->Add("age.pp:", token_text(i - 2));
      if (found[i - 2]) out->Add("age.pp:found:", EntityTypeKey(found_type[i - 2]));
    } else {
      out->Add("age.pp:<line>");
    }
  } else {
    out->Add("age.p:<line>");
  }
  const bool line_end = i + 1 >= Size() || tokens_[i + 1].newline_before;
  if (!line_end) {
    neighbour(i + 1, "age.n:");
    out->Add("age.n&v:", token_text(i + 1), kJoinedBucket[bucket]);
    if (i + 2 < Size() && !tokens_[i + 2].newline_before) {
      out->Add("age.nn:", token_text(i + 2));
    } else {
      out->Add("age.nn:<line>");
    }
  } else {
    out->Add("age.n:<line>");
  }
  // A person found close by on the same line, before or after; a table's row.
  bool person_before = false, person_after = false, table = false, age_word = false;
  for (size_t k = i; k > 0 && i - k < 4 && !tokens_[k].newline_before; --k) {
    if (found[k - 1] && found_type[k - 1] == EntityType::kPerson) person_before = true;
  }
  for (size_t k = i + 1; k < Size() && k - i <= 3 && !tokens_[k].newline_before; ++k) {
    if (found[k] && found_type[k] == EntityType::kPerson) person_after = true;
  }
  // The line around the number, up to kLineWindow tokens either side.
  size_t from = i;
  while (from > 0 && i - from < kLineWindow && !tokens_[from].newline_before) --from;
  for (size_t k = from;
       k < Size() && k <= i + kLineWindow && (k == from || !tokens_[k].newline_before); ++k) {
    if (IsPunct(k, '|')) table = true;
    if (k != i && found[k] && found_type[k] == EntityType::kAge) age_word = true;
    if (LowerIs(k, {"jaar", "jarig", "jarige", "oud", "leeftijd", "years", "old", "aged", "age",
                    "ages", "leeftijden", "yrs", "geboren", "born", "dob"})) {
      age_word = true;
    }
  }
  if (person_before) out->Add("age.person_before");
  if (person_after) out->Add("age.person_after");
  if (table) out->Add("age.table");
  if (age_word) out->Add("age.age_word");
  if (ClauseEndsAt(i + 1)) out->Add("age.clause_ends");
  if (IsUnitWord(i + 1)) out->Add("age.unit_after");
}

bool BlockScanner::LearnedMayJudge(size_t i) const {
  const Token& t = tokens_[i];
  // Initials and letters are the rules' ("U.K.", "D.", "É."): one code point.
  size_t k = t.begin + 1;
  while (k < t.end && (static_cast<unsigned char>(text_[k]) & 0xC0) == 0x80) ++k;
  if (k == t.end) return false;
  if (IsPunct(i + 1, '(') && IsNumber(i + 2) && IsNumberedThing(i)) return false;  // "Tabel (3)"
  if (ChatStampBefore(i)) return false;  // "09:00 - Pauze": an agenda, or a chat's author
  // "vitamine D. Daarna": the word after a capital letter of a series that no rule took for an
  // initial (not after "I." in English: "and I. Okafor said" has an initial).
  if (i >= 2 && IsPunct(i - 1, '.') && IsWord(i - 2) && tokens_[i - 2].capitalised &&
      tokens_[i - 2].end - tokens_[i - 2].begin == 1 && text_[tokens_[i - 2].begin] != 'I') {
    return false;
  }
  // "T-Shirts", "E-Mail": an ordinary word with a dash.
  if ((t.flags & G::kCommon) && Lower(i).find('-') != std::string_view::npos) return false;
  // "in April", "since Monday": months and weekdays are no names unless a list says so.
  if ((MonthNumber(Lower(i)) != 0 || IsWeekdayName(Lower(i))) && (t.flags & kNameFlags) == 0) {
    return false;
  }
  return true;
}

void BlockScanner::NameFeatures(size_t i, const std::vector<bool>& found,
                                const std::vector<EntityType>& found_type,
                                NameFeatureList* out) const {
  out->Clear();
  const Token& t = tokens_[i];
  const std::string_view w = Lower(i);
  out->Add("w:", w);
  if (w.size() >= 5) out->Add("s3:", Ending(w, 3));
  if (w.size() >= 7) out->Add("s4:", Ending(w, 4));
  // "McGregor", "DeVries", "LinkedIn": a capital after the first letter, inside the word.
  if (!t.all_upper && std::any_of(text_.begin() + static_cast<std::ptrdiff_t>(t.begin) + 1,
                                  text_.begin() + static_cast<std::ptrdiff_t>(t.end),
                                  [](char c) { return c >= 'A' && c <= 'Z'; }))
    out->Add("inner_capital");
  out->Add(LengthBucket(t.end - t.begin));
  if (t.all_upper && t.end - t.begin > 1) out->Add("caps");
  if (w.find('-') != std::string_view::npos) out->Add("hyphen");
  if (std::any_of(w.begin(), w.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; }))
    out->Add("non_ascii");

  // Where the word stands, and what the lists know of it, alone and together.
  const std::string_view where = !t.capitalised               ? "chat"  // lower case, in a chat
                                 : t.newline_before || i == 0 ? "line"
                                 : t.sentence_start           ? "start"
                                                              : "mid";
  out->Add("at:", where);
  const uint32_t flags = t.flags;
  bool any = false;
  for (const auto& [flag, name] : kFlagFeatures) {
    if ((flags & flag) == 0) continue;
    any = true;
    out->Add("f:", name);
    out->Add(where, "&", name);
  }
  if (MonthNumber(w) != 0) {
    any = true;
    out->Add("f:month");
  }
  if (IsWeekdayName(w)) {
    any = true;
    out->Add("f:weekday");
  }
  if (!any) {
    out->Add("f:unknown");
    out->Add(where, "&unknown");
  }
  // Training only: the model learns from the words a rule found too, and this feature keeps
  // their share out of the other weights (the words it judges are never found).
  if (found[i]) out->Add("found");

  // The neighbours: the word or mark before and after, on the same line.
  auto neighbour = [&](size_t k, std::string_view side) {
    if (tokens_[k].kind == TokenKind::kNumber) {
      out->Add(side, "<number>");
    } else if (tokens_[k].kind == TokenKind::kWord) {
      out->Add(side, Lower(k));
    } else {
      out->Add(side, Raw(k));
    }
    if (found[k]) out->Add(side, "found:", EntityTypeKey(found_type[k]));
    if (tokens_[k].kind == TokenKind::kWord && tokens_[k].capitalised && !found[k]) {
      out->Add(side, "capital");
    }
  };
  if (i > 0 && !t.newline_before) {
    neighbour(i - 1, "p:");
    if (i > 1 && !tokens_[i - 1].newline_before && IsWord(i - 2)) out->Add("pp:", Lower(i - 2));
  } else {
    out->Add("p:<line>");
  }
  if (i + 1 < Size() && !tokens_[i + 1].newline_before) {
    neighbour(i + 1, "n:");
    if (IsWord(i + 2) && !tokens_[i + 2].newline_before) out->Add("nn:", Lower(i + 2));
  } else {
    out->Add("n:<line>");
  }
}

void BlockScanner::LearnedNames(const NameModel* model, std::vector<Finding>* found,
                                std::vector<NameCandidate>* candidates) {
  if (model == nullptr && candidates == nullptr) return;
  std::vector<bool>& covered = covered_;
  std::vector<EntityType>& covered_type = covered_type_;
  covered.assign(Size(), false);
  covered_type.assign(Size(), EntityType::kPerson);
  for (const Finding& f : *found) {
    auto first = std::partition_point(tokens_.begin(), tokens_.end(),
                                      [&f](const Token& t) { return t.end <= f.begin; });
    for (size_t k = static_cast<size_t>(first - tokens_.begin());
         k < Size() && tokens_[k].begin < f.end; ++k) {
      covered[k] = true;
      covered_type[k] = f.type;
    }
  }
  NameFeatureList& features = name_features_;
  std::vector<size_t> names;  // tokens the model judged to be names, in order
  for (size_t i = 0; i < Size(); ++i) {
    // Capitalised words, and in a chat's message the lower-case ones too ("bel ellen even").
    const bool lower_in_chat = in_chat_[i] && IsWord(i) && !blocked_[i] && !tokens_[i].capitalised;
    if (!(IsCap(i) || lower_in_chat) || allowed_[i] || (covered[i] && candidates == nullptr)) {
      continue;
    }
    if (!LearnedMayJudge(i)) continue;
    NameFeatures(i, covered, covered_type, &features);
    const double p = model != nullptr && !covered[i] ? model->Probability(features.view()) : 0;
    if (model != nullptr && !covered[i] && p >= model->threshold()) names.push_back(i);
    if (candidates != nullptr) {
      candidates->push_back({tokens_[i].begin, tokens_[i].end, features.ToVector(), covered[i], p});
    }
  }
  // Numbers: is it a person's age? Not where another finding (a date, a phone number) has it.
  std::vector<size_t> ages;
  for (size_t i = 0; i < Size(); ++i) {
    if (covered[i] && (candidates == nullptr || covered_type[i] != EntityType::kAge)) continue;
    if (!LearnedMayJudgeNumber(i)) continue;
    NumberFeatures(i, covered, covered_type, &features);
    const double p = model != nullptr && !covered[i] ? model->Probability(features.view()) : 0;
    if (model != nullptr && !covered[i] && p >= model->threshold()) ages.push_back(i);
    if (candidates != nullptr) {
      NameCandidate c{tokens_[i].begin, tokens_[i].end, features.ToVector(), covered[i], p};
      c.number = true;
      candidates->push_back(std::move(c));
    }
  }
  std::vector<Finding>* const rules_out = out_;
  out_ = found;
  for (size_t i : ages) EmitAge(i, "age-learned");
  // Names next to each other, or with particles between them ("Okke van Wijngaarden"), are one.
  for (size_t n = 0; n < names.size();) {
    const size_t first = names[n];
    size_t last = first;
    for (++n; n < names.size(); ++n) {
      size_t k = last + 1;
      while (k < names[n] && SpacedNext(k) && IsPrefixWord(k)) ++k;
      if (k != names[n] || !SpacedNext(k)) break;
      last = names[n];
    }
    // A learned word right before or after a name a rule found is part of it ("Brandt Jansen
    // zei"): the finding reaches one word into the other, and the overlap makes them one.
    auto name_found = [&](size_t k) {
      return covered[k] && IsWord(k) &&
             (covered_type[k] == EntityType::kPerson ||
              covered_type[k] == EntityType::kOrganisation ||
              covered_type[k] == EntityType::kPlace);
    };
    // Only capitalised words join: in a chat's lower case, "of anders lidl" is "anders" and
    // "lidl", whatever the model makes of "anders".
    size_t from = first, to = last;
    if (first > 0 && SpacedNext(first) && name_found(first - 1) && tokens_[first].capitalised) {
      from = first - 1;
    }
    if (SpacedNext(last + 1) && name_found(last + 1) && tokens_[last].capitalised) to = last + 1;
    EntityType type = ClassifyGuess(first, last);
    if (from != first) type = covered_type[from];
    if (to != last) type = covered_type[to];
    if (from == first && to == last && type == EntityType::kPerson && PlaceContext(first) &&
        (Flags(first) & kNameFlags) == 0) {
      type = EntityType::kPlace;  // "wonend in Hengelo"
    }
    Emit(from, to, type, "learned-name", 0.55);
  }
  out_ = rules_out;
}

}  // namespace kring::anonymiser_internal
