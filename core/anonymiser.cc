#include "core/anonymiser.h"

#include <algorithm>
#include <array>
#include <unordered_map>

#include "core/identifiers.h"
#include "core/tokeniser.h"
#include "core/utf8.h"

namespace kring {
namespace {

using G = Gazetteer;
constexpr size_t kBlockSize = 1 << 16;
constexpr uint32_t kNameFlags = G::kFirstName | G::kSurname;
constexpr uint32_t kGazetteerFlags =
    G::kFirstName | G::kSurname | G::kPlace | G::kOrgKnown | G::kOrgHead | G::kOrgSuffix;

bool In(std::string_view word, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

int MonthNumber(std::string_view w) {
  static constexpr std::array<std::pair<std::string_view, int>, 40> kMonths = {{
      {"januari", 1}, {"january", 1}, {"jan", 1}, {"februari", 2}, {"february", 2}, {"feb", 2},
      {"maart", 3}, {"march", 3}, {"mrt", 3}, {"mar", 3}, {"april", 4}, {"apr", 4}, {"mei", 5},
      {"may", 5}, {"juni", 6}, {"june", 6}, {"jun", 6}, {"juli", 7}, {"july", 7}, {"jul", 7},
      {"augustus", 8}, {"august", 8}, {"aug", 8}, {"september", 9}, {"sep", 9}, {"sept", 9},
      {"oktober", 10}, {"october", 10}, {"okt", 10}, {"oct", 10}, {"november", 11}, {"nov", 11},
      {"december", 12}, {"dec", 12}, {"jan.", 1}, {"feb.", 2}, {"aug.", 8}, {"okt.", 10},
      {"oct.", 10}, {"nov.", 11},
  }};
  for (const auto& [name, number] : kMonths)
    if (name == w) return number;
  return 0;
}

// A phrase from the coach's lists, as lower-case tokens.
struct ListEntry {
  std::vector<std::string> tokens;
  EntityType type = EntityType::kPerson;
  const char* rule = "always-remove";
  bool require_capital = false;
};

struct CoachLists {
  std::vector<ListEntry> remove;
  std::vector<ListEntry> allow;
  std::unordered_map<std::string, std::vector<size_t>> remove_by_first;
  std::unordered_map<std::string, std::vector<size_t>> allow_by_first;
};

std::vector<std::string> LowerTokens(std::string_view text) {
  std::vector<Token> tokens;
  Tokenise(text, &tokens);
  std::vector<std::string> out;
  for (const Token& t : tokens) out.push_back(ToLower(text.substr(t.begin, t.end - t.begin)));
  return out;
}

EntityType GuessListType(const Gazetteer& g, const std::vector<std::string>& tokens) {
  bool all_place = !tokens.empty();
  for (const std::string& t : tokens) {
    uint32_t f = g.Flags(t);
    if (f & (G::kOrgSuffix | G::kOrgHead | G::kOrgKnown)) return EntityType::kOrganisation;
    all_place = all_place && (f & G::kPlace);
  }
  std::string joined;
  for (const std::string& t : tokens) joined += (joined.empty() ? "" : " ") + t;
  if (g.PhraseFlags(joined) & G::kPlace) return EntityType::kPlace;
  if (g.PhraseFlags(joined) & G::kOrgKnown) return EntityType::kOrganisation;
  return all_place ? EntityType::kPlace : EntityType::kPerson;
}

CoachLists BuildCoachLists(const Gazetteer& g, const AnonymiserOptions& options) {
  CoachLists lists;
  auto add_remove = [&](const std::string& name, const char* rule) {
    ListEntry entry;
    entry.tokens = LowerTokens(name);
    if (entry.tokens.empty()) return;
    entry.type = GuessListType(g, entry.tokens);
    entry.rule = rule;
    // Parts of a person's name ("Jan" and "Vries" of "Jan de Vries") go too, when capitalised.
    if (entry.type == EntityType::kPerson && entry.tokens.size() > 1) {
      for (const std::string& part : entry.tokens) {
        uint32_t f = g.Flags(part);
        if (part.size() < 3 || (f & (G::kPrefix | G::kStopword))) continue;
        ListEntry p;
        p.tokens = {part};
        p.rule = rule;
        p.require_capital = true;
        lists.remove.push_back(p);
      }
    }
    lists.remove.push_back(std::move(entry));
  };
  for (const std::string& name : options.always_remove) add_remove(name, "always-remove");
  for (const std::string& name : options.case_names) add_remove(name, "case-name");
  for (const std::string& word : options.allow) {
    ListEntry entry;
    entry.tokens = LowerTokens(word);
    if (!entry.tokens.empty()) lists.allow.push_back(std::move(entry));
  }
  for (size_t i = 0; i < lists.remove.size(); ++i)
    lists.remove_by_first[lists.remove[i].tokens[0]].push_back(i);
  for (size_t i = 0; i < lists.allow.size(); ++i)
    lists.allow_by_first[lists.allow[i].tokens[0]].push_back(i);
  return lists;
}

// The per-block working memory, reused from block to block: allocating it afresh for every 64 KB
// block made the kernel's page faults a visible share of the anonymiser's time.
struct ScanBuffers {
  std::vector<Token> tokens;
  std::string lower;
  std::vector<std::pair<size_t, size_t>> lower_span;
  std::vector<uint8_t> possessive;
  std::vector<bool> allowed;
  std::vector<bool> blocked;
};

// Runs the word-level rules (coach lists, written dates, ages, addresses, names) on one block.
class BlockScanner {
 public:
  BlockScanner(const Gazetteer& g, const CoachLists& lists, std::string_view text,
               std::vector<Finding>* out, ScanBuffers& buffers)
      : g_(g), lists_(lists), text_(text), out_(out), tokens_(buffers.tokens),
        lower_(buffers.lower), lower_span_(buffers.lower_span), possessive_(buffers.possessive),
        allowed_(buffers.allowed), blocked_(buffers.blocked) {}

  // Tokens inside these spans (validated identifiers) are not used by the word rules.
  void Run(const std::vector<std::pair<size_t, size_t>>& structured) {
    tokens_.clear();
    lower_.clear();
    Tokenise(text_, &tokens_);
    PrepareTokens();
    BlockStructured(structured);
    MarkSentenceStarts();
    if (!lists_.allow.empty()) MatchCoachLists(lists_.allow_by_first, lists_.allow, true);
    if (!lists_.remove.empty()) MatchCoachLists(lists_.remove_by_first, lists_.remove, false);
    for (size_t i = 0; i < tokens_.size(); ++i) {
      if (tokens_[i].kind == TokenKind::kNumber) NumberRules(i);
    }
    FindNames();
  }

  // Removes findings made only of allowed words (structured identifiers stay).
  bool IsAllowedSpan(size_t begin, size_t end) const {
    bool any = false;
    auto first = std::partition_point(tokens_.begin(), tokens_.end(),
                                      [begin](const Token& t) { return t.end <= begin; });
    for (size_t i = static_cast<size_t>(first - tokens_.begin()); i < tokens_.size(); ++i) {
      if (tokens_[i].kind != TokenKind::kWord) continue;
      if (tokens_[i].begin >= end) break;
      if (!allowed_[i]) return false;
      any = true;
    }
    return any;
  }

 private:
  // ---- token helpers ------------------------------------------------------------------------
  size_t Size() const { return tokens_.size(); }
  bool IsWord(size_t i) const { return i < Size() && tokens_[i].kind == TokenKind::kWord; }
  bool IsNumber(size_t i) const { return i < Size() && tokens_[i].kind == TokenKind::kNumber; }
  bool IsPunct(size_t i, char c) const {
    return i < Size() && tokens_[i].kind == TokenKind::kPunct && text_[tokens_[i].begin] == c;
  }
  bool IsCap(size_t i) const { return IsWord(i) && tokens_[i].capitalised && !blocked_[i]; }
  std::string_view Lower(size_t i) const {
    return std::string_view(lower_).substr(lower_span_[i].first, lower_span_[i].second);
  }
  uint32_t Flags(size_t i) const { return i < Size() ? tokens_[i].flags : 0; }
  // Next token follows on the same line after spaces.
  bool SpacedNext(size_t i) const { return i < Size() && tokens_[i].space_before; }
  int Value(size_t i) const {
    if (!IsNumber(i) || tokens_[i].end - tokens_[i].begin > 4) return -1;
    int v = 0;
    for (size_t k = tokens_[i].begin; k < tokens_[i].end; ++k) v = v * 10 + (text_[k] - '0');
    return v;
  }
  bool LowerIs(size_t i, std::initializer_list<std::string_view> words) const {
    return i < Size() && tokens_[i].kind != TokenKind::kPunct && In(Lower(i), words);
  }

  void Emit(size_t first, size_t last, EntityType type, const char* rule, double confidence) {
    size_t begin = tokens_[first].begin, end = tokens_[last].end;
    if (IsWord(last)) end -= possessive_[last];
    if (end <= begin) return;
    Finding f;
    f.type = type;
    f.begin = begin;
    f.end = end;
    f.text = std::string(text_.substr(begin, end - begin));
    f.rule = rule;
    f.confidence = confidence;
    out_->push_back(std::move(f));
  }

  void PrepareTokens() {
    lower_.reserve(text_.size());
    lower_span_.resize(Size());
    possessive_.assign(Size(), 0);
    allowed_.assign(Size(), false);
    for (size_t i = 0; i < Size(); ++i) {
      Token& t = tokens_[i];
      size_t start = lower_.size();
      if (t.kind == TokenKind::kPunct) {
        lower_.append(text_.substr(t.begin, t.end - t.begin));
      } else {
        AppendLower(text_.substr(t.begin, t.end - t.begin), &lower_);
      }
      lower_span_[i] = {start, lower_.size() - start};
      if (t.kind != TokenKind::kWord) continue;
      std::string_view w = Lower(i);
      t.flags = g_.Flags(w);
      if (size_t dash = w.rfind('-'); t.flags == 0 && dash != std::string_view::npos) {
        t.flags = g_.Flags(w.substr(dash + 1)) & G::kCommon;  // "ICT-afdeling"
      }
      if (t.flags == 0) {
        // Possessives: "Jan's", "Sanne’s", "Thomas'".
        size_t strip = w.ends_with("'s") ? 2 : w.ends_with("\xE2\x80\x99s") ? 4 : 0;
        if (strip > 0 && w.size() > strip + 1) {
          t.flags = g_.Flags(w.substr(0, w.size() - strip));
          possessive_[i] = static_cast<uint8_t>(strip);
        }
      }
    }
  }

  void BlockStructured(const std::vector<std::pair<size_t, size_t>>& structured) {
    blocked_.assign(Size(), false);
    for (const auto& span : structured) {
      // Not a structured binding: clang 14 (the fuzz build) cannot capture one in a lambda.
      const size_t begin = span.first, end = span.second;
      auto first = std::partition_point(tokens_.begin(), tokens_.end(),
                                        [begin](const Token& t) { return t.end <= begin; });
      for (size_t i = static_cast<size_t>(first - tokens_.begin());
           i < Size() && tokens_[i].begin < end; ++i) {
        blocked_[i] = true;
      }
    }
  }

  bool IsAbbreviationDot(size_t dot) const {
    if (dot == 0 || !IsWord(dot - 1)) return false;
    std::string_view w = Lower(dot - 1);
    if (w.size() == 1) return true;  // an initial: "J. de Vries", "o.a."
    if (Flags(dot - 1) & G::kTitle) return true;
    return In(w, {"st", "nr", "tel", "bijv", "ca", "vs", "etc", "enz", "evt", "jr", "sr", "no",
                  "geb", "mrs", "resp", "vgl", "zgn", "ong"});
  }

  void MarkSentenceStarts() {
    bool pending = true;
    for (size_t i = 0; i < Size(); ++i) {
      Token& t = tokens_[i];
      if (t.newline_before) pending = true;
      if (t.kind != TokenKind::kPunct) {
        t.sentence_start = pending;
        pending = false;
        continue;
      }
      char c = text_[t.begin];
      if (c == '.' || c == '!' || c == '?') {
        pending = !(c == '.' && IsAbbreviationDot(i));
      } else if (t.end - t.begin == 3 && text_.compare(t.begin, 3, "\xE2\x80\xA6") == 0) {
        pending = true;  // ellipsis
      } else if (c == ',' || c == ';' || c == ':' || c == ')' || c == '&') {
        pending = false;
      }
      // Quotes, brackets, dashes and bullets keep the current state.
    }
  }

  // ---- coach lists --------------------------------------------------------------------------
  void MatchCoachLists(const std::unordered_map<std::string, std::vector<size_t>>& by_first,
                       const std::vector<ListEntry>& entries, bool allow) {
    for (size_t i = 0; i < Size(); ++i) {
      if (tokens_[i].kind == TokenKind::kPunct) continue;
      auto it = by_first.find(std::string(Lower(i)));
      if (it == by_first.end()) continue;
      size_t best_len = 0;
      const ListEntry* best = nullptr;
      for (size_t idx : it->second) {
        const ListEntry& e = entries[idx];
        if (e.require_capital && !tokens_[i].capitalised) continue;
        if (e.tokens.size() <= best_len || i + e.tokens.size() > Size()) continue;
        bool match = true;
        for (size_t k = 1; k < e.tokens.size() && match; ++k) {
          match = Lower(i + k) == e.tokens[k] && !tokens_[i + k].newline_before;
        }
        if (match) {
          best_len = e.tokens.size();
          best = &e;
        }
      }
      if (best == nullptr) continue;
      size_t last = i + best_len - 1;
      if (allow) {
        for (size_t k = i; k <= last; ++k) allowed_[k] = true;
      } else {
        Emit(i, last, best->type, best->rule, 1.0);
      }
      i = last;
    }
  }

  // ---- numbers in context: written dates, ages, house numbers ---------------------------------
  void NumberRules(size_t i) {
    if (WrittenDate(i)) return;
    if (Age(i)) return;
    Address(i);
  }

  // Skips an ordinal suffix glued to a number: "12th", "3e", "1ste".
  size_t AfterOrdinal(size_t i) const {
    if (IsWord(i + 1) && !SpacedNext(i + 1) && !tokens_[i + 1].newline_before &&
        LowerIs(i + 1, {"e", "ste", "de", "th", "st", "nd", "rd"})) {
      return i + 2;
    }
    return i + 1;
  }

  bool IsYear(size_t i) const {
    int v = Value(i);
    return v >= 1900 && v <= 2100 && tokens_[i].end - tokens_[i].begin == 4;
  }

  size_t MonthAt(size_t i) const {  // returns the last token of the month name, or 0
    if (!IsWord(i) || MonthNumber(Lower(i)) == 0) return 0;
    return IsPunct(i + 1, '.') && Lower(i).size() <= 4 ? i + 1 : i;
  }

  bool WrittenDate(size_t i) {
    int day = Value(i);
    // "12 maart 2023", "3rd of March", "12 mrt."
    if (day >= 1 && day <= 31 && tokens_[i].end - tokens_[i].begin <= 2) {
      size_t m = AfterOrdinal(i);
      if (LowerIs(m, {"of"}) && SpacedNext(m + 1)) ++m;
      if (SpacedNext(m)) {
        if (size_t m_end = MonthAt(m); m_end != 0) {
          size_t last = m_end;
          if (SpacedNext(last + 1) && IsYear(last + 1)) ++last;
          Emit(i, last, EntityType::kDate, "date-written", 0.9);
          return true;
        }
      }
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
        Emit(m, last, EntityType::kDate, "date-written", 0.9);
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

  bool IsPersonNoun(size_t i) const {
    return LowerIs(i, {"man", "vrouw", "jongen", "meisje", "dame", "heer", "moeder", "vader",
                       "zoon", "dochter", "cliënt", "client", "coachee", "medewerker",
                       "medewerkster", "collega", "manager", "leidinggevende", "woman", "boy",
                       "girl", "lady", "gentleman", "mother", "father", "son", "daughter",
                       "colleague", "employee", "person", "persoon", "student", "kind", "child",
                       "teamleider", "directeur", "director", "docent", "teacher", "nurse",
                       "verpleegkundige", "partner", "husband", "wife", "echtgenoot"});
  }

  bool Age(size_t i) {
    int v = Value(i);
    if (v < 0 || v > 120 || tokens_[i].end - tokens_[i].begin > 3) return false;
    size_t next = i + 1;
    if (IsPunct(next, '-') && !SpacedNext(next)) ++next;
    // "43-jarige", "43 jarig"
    if (LowerIs(next, {"jarige", "jarig", "year-old", "years-old", "jähriger"})) {
      return EmitAge(i, "age-jarig");
    }
    if (LowerIs(next, {"jaar"})) {
      if (LowerIs(next + 1, {"oud"})) return EmitAge(i, "age-jaar-oud");
      bool duration = LowerIs(next + 1, {"geleden", "later", "eerder", "terug", "lang", "ervaring",
                                         "werkzaam", "in", "bij", "dienst", "getrouwd", "samen"});
      if (!duration && i >= 1 && LowerIs(i - 1, {"is", "was", "wordt", "werd", "ben", "bent"}))
        return EmitAge(i, "age-is-jaar");
      if (i >= 2 && LowerIs(i - 1, {"van"}) && IsPersonNoun(i - 2)) return EmitAge(i, "age-van");
    }
    if (LowerIs(next, {"years", "year", "yrs"}) && LowerIs(next + 1, {"old", "of"})) {
      if (LowerIs(next + 1, {"old"}) || LowerIs(next + 2, {"age"})) return EmitAge(i, "age-years-old");
    }
    if (i >= 1) {
      size_t p = i - 1;
      if (LowerIs(p, {"of", "van"}) && p >= 1 &&
          (LowerIs(p - 1, {"aged", "age", "leeftijd"}) || IsPersonNoun(p - 1))) {
        return EmitAge(i, "age-of");
      }
      if (LowerIs(p, {"aged", "age", "leeftijd", "turned", "turns", "werd", "wordt", "turning"}) &&
          v >= 10) {
        return EmitAge(i, "age-aged");
      }
      // "Jan (43)", "mijn cliënte (52)": a bracketed number right after a word.
      if (IsPunct(p, '(') && IsPunct(i + 1, ')') && p >= 1 && v >= 16 && v <= 99 && IsWord(p - 1)) {
        return EmitAge(i, "age-bracket");
      }
      // "hij is 57", "she was 61".
      if (LowerIs(p, {"is", "was"}) && p >= 1 && LowerIs(p - 1, {"hij", "zij", "ze", "he", "she"}) &&
          v >= 16 && v <= 110 &&
          !LowerIs(i + 1, {"euro", "uur", "minuten", "procent", "keer", "kilo", "km", "dagen"})) {
        return EmitAge(i, "age-is");
      }
    }
    return false;
  }

  bool EmitAge(size_t i, const char* rule) {
    Emit(i, i, EntityType::kAge, rule, 0.85);
    return true;
  }

  bool Address(size_t i) {
    if (tokens_[i].end - tokens_[i].begin > 5) return false;
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
      if (street) {
        Emit(first, HouseNumberEnd(i), EntityType::kAddress, "street+number", 0.9);
        return true;
      }
    }
    // English: "12 High Street", "4 Rose Lane".
    if (SpacedNext(i + 1) && IsCap(i + 1)) {
      for (size_t k = i + 1; k < Size() && k < i + 5 && IsCap(k); ++k) {
        if (k > i + 1 && !SpacedNext(k)) break;
        if (k > i + 1 && g_.IsEnglishStreetType(Lower(k))) {
          size_t last = IsPunct(k + 1, '.') && Lower(k).size() <= 2 ? k + 1 : k;
          Emit(i, last, EntityType::kAddress, "number+street", 0.9);
          return true;
        }
      }
    }
    return false;
  }

  // "12a", "12-2", "12 A": the house number with its addition.
  size_t HouseNumberEnd(size_t i) const {
    if (IsWord(i + 1) && !SpacedNext(i + 1) && Lower(i + 1).size() <= 3) return i + 1;
    if (IsPunct(i + 1, '-') && !SpacedNext(i + 1) && !SpacedNext(i + 2) &&
        (IsNumber(i + 2) || (IsWord(i + 2) && Lower(i + 2).size() <= 2))) {
      return i + 2;
    }
    return i;
  }

  // ---- names ----------------------------------------------------------------------------------
  bool IsInitial(size_t i) const {
    return IsCap(i) && tokens_[i].end - tokens_[i].begin == 1 && IsPunct(i + 1, '.');
  }

  // Lower-case particles between name parts: "de", "van der", "in 't", "op de".
  size_t PrefixRunEnd(size_t k) const {
    size_t m = k;
    while (m < Size() && m < k + 3 && IsWord(m) && !tokens_[m].capitalised && SpacedNext(m)) {
      std::string_view w = Lower(m);
      bool particle = (Flags(m) & G::kPrefix) != 0;
      if (!particle && In(w, {"in", "op", "uit"}) && LowerIs(m + 1, {"'t", "de", "den"}))
        particle = true;
      if (!particle) break;
      ++m;
    }
    return m;
  }

  // The last token of a name-like chunk starting at i (a capitalised word or an initial).
  size_t ChunkEnd(size_t i) const {
    size_t last = i;
    while (true) {
      if (IsInitial(last)) {
        if (IsCap(last + 2) && SpacedNext(last + 2) && !allowed_[last + 2]) {
          last += 2;
          continue;
        }
        size_t m = PrefixRunEnd(last + 2);
        if (m > last + 2 && IsCap(m) && SpacedNext(m)) {
          last = m;
          continue;
        }
        // Initials without a surname: keep the letter only.
        if (IsCap(last + 2) && !SpacedNext(last + 2) && tokens_[last + 2].end - tokens_[last + 2].begin == 1) {
          last += 2;  // "J.P."
          continue;
        }
        return last;
      }
      size_t k = last + 1;
      if (IsCap(k) && SpacedNext(k) && !allowed_[k]) {
        last = k;
        continue;
      }
      size_t m = PrefixRunEnd(k);
      if (m > k && IsCap(m) && SpacedNext(m) && !allowed_[m]) {
        last = m;
        continue;
      }
      return last;
    }
  }

  // Longest gazetteer phrase (place or organisation) starting at i; returns its last token.
  size_t PhraseAt(size_t i, uint32_t* flags) const {
    if (!(Flags(i) & G::kPhraseStart)) return 0;
    std::string key(Lower(i));
    size_t best = 0;
    for (size_t k = i + 1; k < Size() && k < i + 6 && !tokens_[k].newline_before; ++k) {
      if (tokens_[k].space_before) key.push_back(' ');
      key.append(Lower(k));
      if (uint32_t f = g_.PhraseFlags(key) & (G::kPlace | G::kOrgKnown); f != 0) {
        best = k;
        *flags = f;
      }
    }
    return best;
  }

  bool IsCommon(size_t i) const { return (Flags(i) & (G::kCommon | G::kStopword)) != 0; }

  // Extends an organisation over connectors and legal forms: "University of Leeds",
  // "Hogeschool van Amsterdam", "Jansen Bouw B.V.".
  size_t ExtendOrganisation(size_t last) const {
    while (true) {
      if (SpacedNext(last + 1) && LowerIs(last + 1, {"of", "for", "van", "voor", "and", "en", "&"}) &&
          IsCap(last + 2) && SpacedNext(last + 2) && (Flags(last) & (G::kOrgHead | G::kOrgSuffix))) {
        last = ChunkEnd(last + 2);
        continue;
      }
      if (SpacedNext(last + 1) && IsPunct(last + 1, '&') && IsCap(last + 2)) {
        last = ChunkEnd(last + 2);
        continue;
      }
      // "B.V." / "N.V." / "bv" / "Ltd."
      if (IsWord(last + 1) && SpacedNext(last + 1) &&
          LowerIs(last + 1, {"b", "n", "v"}) && IsPunct(last + 2, '.') && IsWord(last + 3) &&
          LowerIs(last + 3, {"v", "o"}) && IsPunct(last + 4, '.')) {
        last += 4;
        continue;
      }
      if (IsWord(last + 1) && SpacedNext(last + 1) && (Flags(last + 1) & G::kOrgSuffix) &&
          LowerIs(last + 1, {"bv", "nv", "ltd", "inc", "gmbh", "plc", "llc", "vof"})) {
        last += 1;
        if (IsPunct(last + 1, '.') && !SpacedNext(last + 1)) last += 1;
        continue;
      }
      return last;
    }
  }

  void FindNames() {
    for (size_t i = 0; i < Size(); ++i) {
      if (!IsWord(i) || allowed_[i] || blocked_[i]) continue;
      i = NameAt(i);
    }
  }

  // Applies the name rules at token i; returns the last token consumed.
  size_t NameAt(size_t i) {
    const uint32_t f = Flags(i);
    // Titles: "mevrouw Bakker", "Dr. Okafor", "dhr. J. de Wit".
    if (f & G::kTitle) {
      size_t k = IsPunct(i + 1, '.') ? i + 2 : i + 1;
      if (IsCap(k) && SpacedNext(k) && !allowed_[k]) {
        size_t last = ChunkEnd(k);
        Emit(k, last, EntityType::kPerson, "title+name", 0.95);
        return last;
      }
    }
    // Lower-case organisation heads: "gemeente Utrecht", "basisschool De Regenboog".
    if ((f & G::kOrgHead) && !tokens_[i].capitalised && IsCap(i + 1) && SpacedNext(i + 1) &&
        !allowed_[i + 1]) {
      size_t last = ExtendOrganisation(ChunkEnd(i + 1));
      Emit(i, last, EntityType::kOrganisation, "org-head", 0.85);
      return last;
    }
    // Role words: "collega Ahmed", "client Sarah" (the name must not be a common word).
    // Two capitalised words after a role word are a name even when both are also ordinary
    // words ("director Felicity Brandt": "brandt" is a Dutch verb form).
    if ((f & G::kRoleCue) && IsCap(i + 1) && SpacedNext(i + 1) && !allowed_[i + 1] &&
        ((Flags(i + 1) & kGazetteerFlags) || !IsCommon(i + 1) || ChunkEnd(i + 1) > i + 1)) {
      size_t last = ChunkEnd(i + 1);
      Emit(i + 1, last, ClassifyGuess(i + 1, last), "role+name", 0.8);
      return last;
    }
    if (!tokens_[i].capitalised) return i;

    // Multi-word places and organisations from the gazetteer: "Den Haag", "ABN AMRO".
    uint32_t phrase_flags = 0;
    if (size_t last = PhraseAt(i, &phrase_flags); last != 0) {
      if (phrase_flags & G::kOrgKnown) {
        last = ExtendOrganisation(last);
        Emit(i, last, EntityType::kOrganisation, "gazetteer:organisation", 0.9);
      } else {
        Emit(i, last, EntityType::kPlace, "gazetteer:place", 0.9);
      }
      return last;
    }
    size_t first = i;
    size_t last = ChunkEnd(i);
    // At a sentence start a capitalised function word is not a name: "De", "Tijdens", "The".
    if (tokens_[i].sentence_start && IsCommon(i) && !(f & kGazetteerFlags)) {
      bool surname_prefix = (f & G::kPrefix) && last > i && IsCap(i + 1) &&
                            ((Flags(i + 1) & G::kSurname) || !IsCommon(i + 1));
      if (!surname_prefix) {
        if (last == i) return i;
        return i;  // the next word is judged on its own, as a mid-sentence word
      }
      Emit(i, last, EntityType::kPerson, "prefix+surname", 0.8);
      return last;
    }
    // "Countess of Chester Hospital": a connector joins an organisation name.
    if (SpacedNext(last + 1) && LowerIs(last + 1, {"of", "van", "for", "voor"}) &&
        IsCap(last + 2) && SpacedNext(last + 2)) {
      size_t tail = ChunkEnd(last + 2);
      for (size_t k = last + 2; k <= tail; ++k) {
        if (Flags(k) & G::kOrgSuffix) {
          size_t org_last = ExtendOrganisation(tail);
          Emit(first, org_last, EntityType::kOrganisation, "org-cue", 0.85);
          return org_last;
        }
      }
    }
    return Classify(first, last);
  }

  // Type guess for a chunk that is a name for other reasons (title, role, list).
  EntityType ClassifyGuess(size_t first, size_t last) const {
    for (size_t k = first; k <= last; ++k) {
      if (k > first && (Flags(k) & G::kOrgSuffix)) return EntityType::kOrganisation;
    }
    return EntityType::kPerson;
  }

  bool PlaceContext(size_t first) const {
    return first >= 1 && LowerIs(first - 1, {"in", "uit", "naar", "te", "nabij", "from", "near",
                                             "rond", "richting", "buiten", "bij", "around", "to"});
  }

  size_t Classify(size_t first, size_t last) {
    uint32_t any = 0, all = ~0u;
    size_t words = 0;
    bool org_suffix = false;
    for (size_t k = first; k <= last; ++k) {
      if (!IsCap(k) || IsInitial(k)) continue;
      ++words;
      any |= Flags(k);
      all &= Flags(k);
      if (k > first && (Flags(k) & G::kOrgSuffix)) org_suffix = true;
    }
    if (words == 0) return last;
    const bool start = tokens_[first].sentence_start;
    const uint32_t ff = Flags(first);
    size_t org_last = ExtendOrganisation(last);
    if (org_suffix || org_last != last || ((ff & G::kOrgHead) && words >= 2) ||
        (any & G::kOrgKnown)) {
      if (start && words == 1 && (ff & G::kStopword)) return last;
      Emit(first, org_last, EntityType::kOrganisation, "org-cue", 0.85);
      return org_last;
    }
    if (words == 1 && (ff & G::kPlace) && (!(ff & kNameFlags) || PlaceContext(first))) {
      Emit(first, last, EntityType::kPlace, "gazetteer:place", 0.85);
      return last;
    }
    if (any & kNameFlags) {
      if (start && words == 1 && (ff & G::kStopword)) return last;
      Emit(first, last, EntityType::kPerson,
           (ff & G::kFirstName) ? "gazetteer:first-name" : "gazetteer:surname", 0.9);
      return last;
    }
    if (all & G::kPlace) {
      Emit(first, last, EntityType::kPlace, "gazetteer:place", 0.85);
      return last;
    }
    // Unknown capitalised words: suspicious mid-sentence unless they are ordinary words.
    if (start && words == 1) return last;
    bool uncommon = false;
    for (size_t k = first; k <= last; ++k) {
      if (IsCap(k) && !IsInitial(k) && !IsCommon(k) && !(Flags(k) & (G::kTitle | G::kRoleCue)))
        uncommon = true;
    }
    if (!uncommon) return last;
    EntityType type = EntityType::kPerson;
    const char* rule = "capitalised-unknown";
    std::string_view lw = Lower(last);
    if (PlaceContext(first)) {
      type = EntityType::kPlace;
      rule = "capitalised-after-preposition";
    } else if (words == 1 && tokens_[first].all_upper) {
      type = EntityType::kOrganisation;
      rule = "acronym";
    } else if (lw.ends_with("school") || lw.ends_with("ziekenhuis") || lw.ends_with("zorg") ||
               lw.ends_with("groep") || lw.ends_with("bank") || lw.ends_with("college") ||
               lw.ends_with("centrum") || lw.ends_with("kliniek") || lw.ends_with("huis")) {
      type = EntityType::kOrganisation;
      rule = "organisation-word";
    }
    Emit(first, last, type, rule, 0.5);
    return last;
  }

  const Gazetteer& g_;
  const CoachLists& lists_;
  std::string_view text_;
  std::vector<Finding>* out_;
  std::vector<Token>& tokens_;
  std::string& lower_;
  std::vector<std::pair<size_t, size_t>>& lower_span_;
  std::vector<uint8_t>& possessive_;
  std::vector<bool>& allowed_;
  std::vector<bool>& blocked_;
};

// Keeps the longest of overlapping findings (ties: higher confidence) and moves them to *out,
// shifted by `offset`. Sorts `findings` in place.
void ResolveOverlaps(std::vector<Finding>& findings, size_t offset, std::vector<Finding>* out) {
  std::sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    return a.end > b.end;
  });
  const size_t first = out->size();
  for (Finding& f : findings) {
    f.begin += offset;
    f.end += offset;
    if (out->size() > first && f.begin < out->back().end) {
      Finding& prev = out->back();
      size_t fl = f.end - f.begin, pl = prev.end - prev.begin;
      if (fl > pl || (fl == pl && f.confidence > prev.confidence)) prev = std::move(f);
      continue;
    }
    out->push_back(std::move(f));
  }
}

// Block boundaries: at a line break after kBlockSize bytes, else at a space, never inside a
// UTF-8 sequence. Names never span lines, so the rules see whole paragraphs.
size_t BlockEnd(std::string_view text, size_t start) {
  if (text.size() - start <= kBlockSize) return text.size();
  size_t limit = std::min(text.size(), start + 16 * kBlockSize);
  size_t nl = text.find('\n', start + kBlockSize);
  if (nl != std::string_view::npos && nl < limit) return nl + 1;
  size_t cut = start + kBlockSize;
  size_t space = text.rfind(' ', cut);
  if (space != std::string_view::npos && space > start) return space + 1;
  while (cut > start + 1 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return cut;
}

}  // namespace

TextPosition LocateOffset(std::string_view text, size_t offset) {
  TextPosition pos;
  offset = std::min(offset, text.size());
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++pos.line;
      pos.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++pos.column;
    }
  }
  return pos;
}

Result<Anonymiser> Anonymiser::Load() {
  KRING_ASSIGN_OR_RETURN(Gazetteer g, Gazetteer::LoadEmbedded());
  return Anonymiser(std::make_shared<const Gazetteer>(std::move(g)));
}

Result<std::vector<Finding>> Anonymiser::Find(std::string_view text,
                                              const AnonymiserOptions& options) const {
  if (std::optional<size_t> bad = FindInvalidUtf8(text)) {
    TextPosition pos = LocateOffset(text, *bad);
    return Status::Usage("the text is not valid UTF-8 (line " + std::to_string(pos.line) +
                         ", column " + std::to_string(pos.column) + ", byte " +
                         std::to_string(*bad) + "); save it as UTF-8 and try again");
  }
  for (const auto* list : {&options.always_remove, &options.case_names, &options.allow}) {
    for (const std::string& entry : *list) {
      if (FindInvalidUtf8(entry)) {
        return Status::Usage("a name on your lists is not valid UTF-8; remove it and add it again");
      }
    }
  }
  const CoachLists lists = BuildCoachLists(*gazetteer_, options);
  std::vector<Finding> all;
  std::vector<Finding> block_findings;
  ScanBuffers buffers;
  for (size_t start = 0; start < text.size();) {
    size_t end = BlockEnd(text, start);
    std::string_view block = text.substr(start, end - start);
    block_findings.clear();
    FindStructuredIdentifiers(block, &block_findings);
    std::vector<std::pair<size_t, size_t>> structured;
    structured.reserve(block_findings.size());
    for (const Finding& f : block_findings) structured.emplace_back(f.begin, f.end);
    BlockScanner scanner(*gazetteer_, lists, block, &block_findings, buffers);
    scanner.Run(structured);
    if (!lists.allow.empty()) {
      std::erase_if(block_findings, [&](const Finding& f) {
        bool from_list = f.rule == "always-remove" || f.rule == "case-name";
        return !from_list && scanner.IsAllowedSpan(f.begin, f.end);
      });
    }
    // Findings never cross a block, so overlaps are resolved per block: small sorts, and the
    // blocks' results are already in order.
    ResolveOverlaps(block_findings, start, &all);
    start = end;
  }
  return all;
}

}  // namespace kring
