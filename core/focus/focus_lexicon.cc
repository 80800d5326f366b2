#include "core/focus/focus_lexicon.h"

#include <re2/re2.h>

#include <algorithm>
#include <charconv>
#include <unordered_set>

#include "core/base/ascii.h"
#include "core/base/data_lines.h"

namespace kring {
namespace {

// How many words "~" may skip, and how far back a negation word reaches.
constexpr int kMaxGapWords = 4;
constexpr size_t kNegationReach = 3;

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool IsPseudonymChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

using Token = FocusToken;

// Bytes at `i` that separate words (punctuation, white space, typographic quotes and dashes);
// returns their length, or 0 when `i` starts word material.
size_t SeparatorLength(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return IsAsciiAlnum(s[i]) ? 0 : 1;
  if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
    return 3;  // U+2000..U+203F: spaces, dashes, quotes, bullets, ellipsis
  }
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0xA0 &&
      static_cast<unsigned char>(s[i + 1]) <= 0xBF) {
    return 2;  // U+00A0..U+00BF: no-break space, guillemets, middle dot
  }
  return 0;  // letters outside ASCII, and stray bytes of invalid UTF-8: treated as word material
}

// Length of an apostrophe inside a word at `i` (' or ’), or 0.
size_t ApostropheLength(std::string_view s, size_t i) {
  if (s[i] == '\'') return 1;
  if (s.substr(i, 3) == "\xE2\x80\x99") return 3;
  return 0;
}

// Words of a sentence. A pseudonym label such as [PERSOON-1] is one token that no word pattern
// matches, so "persoon" in a label never counts as a cue.
std::vector<Token> TokenizeWords(std::string_view s) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '[') {
      size_t j = i + 1;
      while (j < s.size() && j - i <= 40 && IsPseudonymChar(s[j])) ++j;
      if (j < s.size() && s[j] == ']' && j > i + 1) {
        tokens.push_back({i, j + 1, LowerAscii(s.substr(i, j + 1 - i))});
        i = j + 1;
        continue;
      }
    }
    size_t sep = SeparatorLength(s, i);
    if (sep > 0) {
      i += sep;
      continue;
    }
    Token token;
    token.begin = i;
    while (i < s.size()) {
      if (SeparatorLength(s, i) == 0) {
        token.norm.push_back(AsciiLower(s[i]));
        ++i;
        continue;
      }
      size_t apos = ApostropheLength(s, i);
      // An apostrophe between word characters belongs to the word: "that's", "don't".
      if (apos > 0 && i + apos < s.size() && SeparatorLength(s, i + apos) == 0 &&
          s[i + apos] != '[') {
        token.norm.push_back('\'');
        i += apos;
        continue;
      }
      break;
    }
    token.end = i;
    tokens.push_back(std::move(token));
  }
  return tokens;
}

enum class PartKind { kExact, kPrefix, kAnyWord, kGap };
struct PatternPart {
  PartKind kind = PartKind::kExact;
  std::string text;
};

bool PartMatches(const PatternPart& part, const Token& token) {
  switch (part.kind) {
    case PartKind::kExact:
      return token.norm == part.text;
    case PartKind::kPrefix:
      return token.norm.size() >= part.text.size() &&
             token.norm.compare(0, part.text.size(), part.text) == 0;
    case PartKind::kAnyWord:
      return token.norm.empty() || token.norm.front() != '[';
    case PartKind::kGap:
      return false;
  }
  return false;
}

// The token index one past the match of parts[p..] starting at token t, or -1.
long MatchParts(const std::vector<PatternPart>& parts, size_t p, const std::vector<Token>& tokens,
                size_t t) {
  if (p == parts.size()) return static_cast<long>(t);
  if (parts[p].kind == PartKind::kGap) {
    for (int skip = 0; skip <= kMaxGapWords && t + skip <= tokens.size(); ++skip) {
      long end = MatchParts(parts, p + 1, tokens, t + skip);
      if (end >= 0) return end;
    }
    return -1;
  }
  if (t >= tokens.size() || !PartMatches(parts[p], tokens[t])) return -1;
  return MatchParts(parts, p + 1, tokens, t + 1);
}

Result<std::vector<PatternPart>> ParseWordPattern(std::string_view pattern) {
  std::vector<PatternPart> parts;
  size_t pos = 0;
  while (pos <= pattern.size()) {
    size_t space = pattern.find(' ', pos);
    std::string_view word =
        pattern.substr(pos, space == std::string_view::npos ? space : space - pos);
    if (word.empty()) return Status::Usage("the pattern has an empty word (double space?)");
    PatternPart part;
    if (word == "~") {
      part.kind = PartKind::kGap;
    } else if (word == "*") {
      part.kind = PartKind::kAnyWord;
    } else if (word.back() == '*') {
      part.kind = PartKind::kPrefix;
      part.text = LowerAscii(word.substr(0, word.size() - 1));
      if (part.text.size() < 2) return Status::Usage("a prefix needs at least two letters");
    } else {
      part.text = LowerAscii(word);
    }
    parts.push_back(std::move(part));
    if (space == std::string_view::npos) break;
    pos = space + 1;
  }
  if (parts.front().kind == PartKind::kGap || parts.back().kind == PartKind::kGap) {
    return Status::Usage("a pattern cannot start or end with '~'");
  }
  return parts;
}

Result<FocusLabel> ParseLabel(std::string_view s) {
  if (s == "work") return FocusLabel::kWorkContext;
  if (s == "action") return FocusLabel::kActionLearning;
  if (s == "introspection") return FocusLabel::kIntrospection;
  if (s == "neutral") return FocusLabel::kNeutral;
  return Status::Usage("unknown label '" + std::string(s) +
                       "' (use work, action, introspection, neutral, pattern or negation)");
}

bool ValidFeatureName(std::string_view name) {
  if (name.empty() || name.size() > 40) return false;
  for (char c : name) {
    if (!IsAsciiAlnum(c) && c != '_') return false;
  }
  return true;
}

Result<uint32_t> ParseTags(std::string_view s) {
  static constexpr std::pair<std::string_view, uint32_t> kTags[] = {
      {"organisation", kTagOrganisation},
      {"relations", kTagRelations},
      {"field", kTagField},
      {"drives", kTagDrives},
      {"next", kTagNext},
      {"influence", kTagInfluence},
      {"static", kTagStatic}};
  uint32_t tags = 0;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t comma = s.find(',', pos);
    std::string_view tag = s.substr(pos, comma == std::string_view::npos ? comma : comma - pos);
    bool known = false;
    for (const auto& [name, bit] : kTags) {
      if (name == tag) {
        tags |= bit;
        known = true;
      }
    }
    if (!known) return Status::Usage("unknown tag '" + std::string(tag) + "'");
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return tags;
}

}  // namespace

struct FocusLexicon::CompiledRule {
  std::vector<PatternPart> parts;
  std::unique_ptr<re2::RE2> regex;  // set for "re:" patterns instead of parts
};

FocusLexicon::FocusLexicon() = default;
FocusLexicon::FocusLexicon(FocusLexicon&&) noexcept = default;
FocusLexicon& FocusLexicon::operator=(FocusLexicon&&) noexcept = default;
FocusLexicon::~FocusLexicon() = default;

std::string_view FocusLabelName(FocusLabel label) {
  switch (label) {
    case FocusLabel::kWorkContext:
      return "work";
    case FocusLabel::kActionLearning:
      return "action";
    case FocusLabel::kIntrospection:
      return "introspection";
    case FocusLabel::kNeutral:
      return "neutral";
  }
  return "neutral";
}

Result<FocusLexicon> FocusLexicon::Parse(std::string_view data, std::string_view source) {
  FocusLexicon lexicon;
  for (const auto& [line_number, line] : DataLines(data)) {
    std::string where = std::string(source) + " line " + std::to_string(line_number);
    std::vector<std::string_view> fields = SplitTabs(line);
    if (fields.size() < 3 || fields.size() > 4) {
      return Status::Usage(where + ": expected label<TAB>weight<TAB>pattern[<TAB>tags]");
    }
    const bool pattern_rule = fields[0] == "pattern";
    if (pattern_rule && (fields.size() != 4 || !ValidFeatureName(fields[3]))) {
      return Status::Usage(where + ": a pattern line ends with its name (letters, digits, _)");
    }
    if (fields[0] == "negation" || fields[0] == "plain") {
      if (fields[2].empty() || fields[2].find(' ') != std::string_view::npos) {
        return Status::Usage(where + ": a " + std::string(fields[0]) +
                             " line holds exactly one word");
      }
      if (fields[0] == "negation") {
        lexicon.negations_.push_back(LowerAscii(fields[2]));
      } else {
        lexicon.plain_words_.insert(LowerAscii(fields[2]));
      }
      continue;
    }
    FocusRule rule;
    Result<FocusLabel> label = pattern_rule ? FocusLabel::kNeutral : ParseLabel(fields[0]);
    if (!label.ok()) return label.status().WithContext(where);
    rule.label = *label;
    rule.pattern_rule = pattern_rule;
    const char* wb = fields[1].data();
    const char* we = wb + fields[1].size();
    auto [ptr, ec] = std::from_chars(wb, we, rule.weight);
    if (ec != std::errc() || ptr != we || !(rule.weight > 0) || rule.weight > 100) {
      return Status::Usage(where + ": the weight must be a number above 0 (and at most 100)");
    }
    if (pattern_rule) {
      rule.feature = std::string(fields[3]);
    } else if (fields.size() == 4) {
      Result<uint32_t> tags = ParseTags(fields[3]);
      if (!tags.ok()) return tags.status().WithContext(where);
      rule.tags = *tags;
    }
    rule.pattern = std::string(fields[2]);
    rule.id = std::string(source) + ":" + std::to_string(line_number);
    CompiledRule compiled;
    if (rule.pattern.rfind("re:", 0) == 0) {
      re2::RE2::Options options;
      options.set_case_sensitive(false);
      options.set_log_errors(false);
      compiled.regex = std::make_unique<re2::RE2>(rule.pattern.substr(3), options);
      if (!compiled.regex->ok()) {
        return Status::Usage(where + ": bad regular expression: " + compiled.regex->error());
      }
    } else {
      if (rule.pattern.empty()) return Status::Usage(where + ": empty pattern");
      Result<std::vector<PatternPart>> parts = ParseWordPattern(rule.pattern);
      if (!parts.ok()) return parts.status().WithContext(where);
      compiled.parts = std::move(parts).value();
    }
    size_t index = lexicon.rules_.size();
    if (!compiled.regex) {
      if (compiled.parts.front().kind == PartKind::kExact) {
        lexicon.by_first_word_[compiled.parts.front().text].push_back(index);
      } else {
        lexicon.unindexed_.push_back(index);
      }
    }
    lexicon.rules_.push_back(std::move(rule));
    lexicon.compiled_.push_back(std::move(compiled));
  }
  return lexicon;
}

std::vector<FocusToken> FocusTokens(std::string_view sentence) { return TokenizeWords(sentence); }

bool FocusLexicon::IsPlainWord(std::string_view norm) const {
  return plain_words_.count(std::string(norm)) > 0;
}

std::vector<CueMatch> FocusLexicon::Match(std::string_view sentence) const {
  std::vector<Token> tokens = TokenizeWords(sentence);
  auto negated_before = [&](size_t first_token) {
    size_t from = first_token > kNegationReach ? first_token - kNegationReach : 0;
    for (size_t t = from; t < first_token; ++t) {
      if (std::find(negations_.begin(), negations_.end(), tokens[t].norm) != negations_.end()) {
        return true;
      }
    }
    return false;
  };
  std::vector<CueMatch> matches;
  std::string lowered;  // only built when a regex rule exists
  for (size_t r = 0; r < compiled_.size(); ++r) {
    const CompiledRule& rule = compiled_[r];
    if (rule.regex) {
      if (lowered.empty()) lowered = LowerAscii(sentence);
      re2::StringPiece input(lowered);
      re2::StringPiece found;
      size_t pos = 0;
      while (pos < lowered.size() &&
             rule.regex->Match(input, pos, lowered.size(), re2::RE2::UNANCHORED, &found, 1)) {
        size_t begin = static_cast<size_t>(found.data() - lowered.data());
        size_t end = begin + found.size();
        if (end == begin) {  // an empty match is no cue; move on
          pos = begin + 1;
          continue;
        }
        size_t first_token = 0;
        while (first_token < tokens.size() && tokens[first_token].end <= begin) ++first_token;
        // Pseudonym labels are not words: "[TEAM-2]" must not count as "team". A pattern over
        // a stretch of the sentence may hold one inside ("ik vroeg [PERSOON-1] waar ...") but
        // not start or end on one.
        bool in_label = false;
        for (size_t t = first_token; t < tokens.size() && tokens[t].begin < end; ++t) {
          const bool label = tokens[t].norm.front() == '[';
          const bool edge = tokens[t].begin <= begin || tokens[t].end >= end;
          in_label = in_label || (label && (!rules_[r].pattern_rule || edge));
        }
        if (!in_label) matches.push_back({r, begin, end, negated_before(first_token)});
        pos = end;
      }
    }
  }
  // Word rules: those starting with an exact word are looked up by it, the rest tried everywhere.
  auto try_rule = [&](size_t r, size_t t) {
    long end = MatchParts(compiled_[r].parts, 0, tokens, t);
    if (end < 0) return;
    matches.push_back(
        {r, tokens[t].begin, tokens[static_cast<size_t>(end) - 1].end, negated_before(t)});
  };
  for (size_t t = 0; t < tokens.size(); ++t) {
    auto it = by_first_word_.find(tokens[t].norm);
    if (it != by_first_word_.end()) {
      for (size_t r : it->second) try_rule(r, t);
    }
    for (size_t r : unindexed_) try_rule(r, t);
  }
  std::sort(matches.begin(), matches.end(), [](const CueMatch& a, const CueMatch& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.rule < b.rule;
  });
  return matches;
}

}  // namespace kring
