// The weighted cues of the focus analysis: word lists and phrase patterns read from a data file
// (core/focus/data/<lang>.txt), matched against one sentence at a time. Every match reports the
// rule that fired and where, so a reviewer can see why a sentence got its label.
//
// Line format (tab-separated; '#' starts a comment line; blank lines are ignored):
//   label <TAB> weight <TAB> pattern [<TAB> tags]
// label:   work | action | introspection | neutral | negation | plain | pattern
// weight:  a positive decimal ("1", "2.5"); ignored for negation lines.
// pattern: words separated by single spaces, matched against the sentence's words, ignoring
//          ASCII case. "word*" matches any word starting with "word"; "*" matches exactly one
//          word; "~" matches zero to four words. A pattern starting with "re:" is an RE2
//          expression matched case-insensitively against the whole sentence (a match that
//          touches a pseudonym label such as [PERSOON-1] is dropped).
//          negation lines hold one word; a cue with a negation word among the three words before
//          it counts as negated. plain lines hold one function word ("the", "she", "de", "ze")
//          that the learned model may weigh but that is never shown to a reader as a reason.
// tags:    comma-separated, optional: organisation, relations, field, drives (the four aspects
//          of the context perspective), next (a next action), influence (inside / outside the
//          client's influence), static (a static self-image).
//          A pattern line ("pattern <TAB> 1 <TAB> asked ~ herself <TAB> question_self") names a
//          feature of the focus model instead of a label: the model learns what it means
//          (letters, digits and '_'; the weight is ignored but must be valid).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/base/status.h"

namespace re2 {
class RE2;
}

namespace kring {

enum class FocusLabel { kNeutral = 0, kWorkContext = 1, kActionLearning = 2, kIntrospection = 3 };
inline constexpr int kFocusLabelCount = 4;

// Bit flags for FocusRule::tags.
enum FocusTag : uint32_t {
  kTagOrganisation = 1u << 0,  // organisational culture and policy
  kTagRelations = 1u << 1,     // relations with colleagues and managers
  kTagField = 1u << 2,         // changes in the field and society
  kTagDrives = 1u << 3,        // interplay of personal drives and circumstances
  kTagNext = 1u << 4,          // a next action or plan
  kTagInfluence = 1u << 5,     // what lies inside or outside the client's influence
  kTagStatic = 1u << 6,        // a static self-image ("that's just how I am")
};

// One word of a sentence as the lexicon sees it: ASCII letters folded to lower case, the
// typographic apostrophe as '. A pseudonym label such as [PERSOON-1] is one token (lower case).
struct FocusToken {
  size_t begin = 0;  // bytes into the sentence, end exclusive
  size_t end = 0;
  std::string norm;
};
std::vector<FocusToken> FocusTokens(std::string_view sentence);

// "work", "action", "introspection", "neutral".
std::string_view FocusLabelName(FocusLabel label);

struct FocusRule {
  FocusLabel label = FocusLabel::kNeutral;
  bool pattern_rule = false;  // a "pattern" line: a model feature, no label of its own
  std::string feature;        // its name (pattern lines only)
  double weight = 0;
  std::string pattern;  // as written in the data file
  std::string id;       // "<source>:<line>", e.g. "focus/nl.txt:42"
  uint32_t tags = 0;
};

// One rule that matched one sentence. Offsets are bytes into the sentence, end exclusive.
struct CueMatch {
  size_t rule = 0;  // index into FocusLexicon::rules()
  size_t begin = 0;
  size_t end = 0;
  bool negated = false;
};

class FocusLexicon {
 public:
  // Parses a lexicon; `source` names it in rule ids and error messages. Malformed lines are a
  // Usage error naming the line.
  static Result<FocusLexicon> Parse(std::string_view data, std::string_view source);

  FocusLexicon(FocusLexicon&&) noexcept;
  FocusLexicon& operator=(FocusLexicon&&) noexcept;
  ~FocusLexicon();

  // Every match of every rule in `sentence`, ordered by begin offset then rule index.
  std::vector<CueMatch> Match(std::string_view sentence) const;

  const std::vector<FocusRule>& rules() const { return rules_; }
  // A function word from a "plain" line (lower case), never shown as a reason on its own.
  bool IsPlainWord(std::string_view norm) const;

 private:
  struct CompiledRule;
  FocusLexicon();

  std::vector<FocusRule> rules_;
  std::vector<CompiledRule> compiled_;  // parallel to rules_
  std::vector<std::string> negations_;
  std::unordered_set<std::string> plain_words_;
  std::unordered_map<std::string, std::vector<size_t>> by_first_word_;  // word rules by 1st word
  std::vector<size_t> unindexed_;  // word rules starting with a prefix or "*"
};

}  // namespace kring
