// The anonymiser's learned part at work: the features of the capitalised words the rules left,
// and the findings the model makes of them (name_model.h has the model).
#include <algorithm>

#include "core/anonymise/block_scanner.h"
#include "core/anonymise/identifiers.h"

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

}  // namespace

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
      out->Add(side, text_.substr(tokens_[k].begin, tokens_[k].end - tokens_[k].begin));
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
  // Names next to each other, or with particles between them ("Okke van Wijngaarden"), are one.
  std::vector<Finding>* const rules_out = out_;
  out_ = found;
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
