// The block scanner's set-up (tokens, sentence starts) and the coach's own lists.
#include "core/anonymise/block_scanner.h"

#include "core/base/utf8.h"

namespace kring::anonymiser_internal {
namespace {

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
}  // namespace

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

// Tokens inside these spans (validated identifiers) are not used by the word rules.
void BlockScanner::Run(const std::vector<std::pair<size_t, size_t>>& structured) {
  tokens_.clear();
  lower_.clear();
  Tokenise(text_, &tokens_);
  PrepareTokens();
  BlockStructured(structured);
  MarkSentenceStarts();
  if (!lists_.allow.empty()) MatchCoachLists(lists_.allow_by_first, lists_.allow, true);
  if (!lists_.remove.empty()) MatchCoachLists(lists_.remove_by_first, lists_.remove, false);
  for (size_t i = 0; i < tokens_.size(); ++i) {
    if (tokens_[i].kind == TokenKind::kNumber) {
      NumberRules(i);
    } else if (tokens_[i].kind == TokenKind::kWord && (tokens_[i].flags & G::kNumberWord)) {
      Age(i);  // "ze wordt zondag zes", "she's ninety-one"
    } else if (tokens_[i].kind == TokenKind::kWord && tokens_[i].end - tokens_[i].begin >= 9) {
      SpelledAgeWord(i);  // "achttien-jarige", "seven-year-old"
    }
  }
  FindNames();
}

// Removes findings made only of allowed words (structured identifiers stay).
bool BlockScanner::IsAllowedSpan(size_t begin, size_t end) const {
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

void BlockScanner::PrepareTokens() {
  lower_.reserve(text_.size());
  lower_span_.resize(Size());
  possessive_.assign(Size(), 0);
  allowed_.assign(Size(), false);
  hyphen_name_.assign(Size(), false);
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
      // "Anne-Fleur", "Reitsma-Hoekstra": a name part with a capitalised part after the dash
      // makes the whole a name; "ICT-afdeling": an ordinary word after it, an ordinary word.
      const size_t raw_dash = text_.substr(t.begin, t.end - t.begin).rfind('-');
      const bool capital_after = raw_dash != std::string_view::npos &&
                                 t.begin + raw_dash + 1 < t.end &&
                                 IsUpperAsciiOrMultibyte(text_[t.begin + raw_dash + 1]);
      const uint32_t names =
          (g_.Flags(w.substr(0, w.find('-'))) | g_.Flags(w.substr(dash + 1))) & kNameFlags;
      // Both parts capitalised and the first no ordinary word ("Kartosen-Pinas"): a double
      // surname, even when the second part is also a word ("pinas").
      // The first part a word of three or more letters that is no ordinary or function word
      // and no acronym: not "E-Mail", "T-Shirt", "MBTI-Profiel".
      const std::string_view first_part = w.substr(0, w.find('-'));
      const bool acronym = t.end - t.begin > 1 && t.all_upper;
      const bool unknown_first =
          first_part.size() >= 3 && !acronym &&
          (g_.Flags(first_part) & (G::kCommon | G::kStopword)) == 0 &&
          !(t.begin + 1 < text_.size() && IsUpperAsciiOrMultibyte(text_[t.begin + 1]));
      t.flags = t.capitalised && capital_after && names != 0 ? names
                : t.capitalised && capital_after && unknown_first
                    ? 0
                    : g_.Flags(w.substr(dash + 1)) & G::kCommon;
      hyphen_name_[i] = t.capitalised && capital_after;
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

bool BlockScanner::IsUpperAsciiOrMultibyte(char c) {
  // A capital ASCII letter; a multi-byte letter is taken as capital too ("-Ölmez"), which only
  // makes a name more likely to be removed.
  return (c >= 'A' && c <= 'Z') || static_cast<unsigned char>(c) >= 0xC0;
}

void BlockScanner::MarkSentenceStarts() {
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

void BlockScanner::MatchCoachLists(
    const std::unordered_map<std::string, std::vector<size_t>>& by_first,
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

}  // namespace kring::anonymiser_internal
