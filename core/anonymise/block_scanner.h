// The anonymiser's word-level pass over one block of text (coach lists, written dates, ages,
// addresses, names), shared by the files that hold its rules: block_scanner.cc (tokens, sentence
// starts, coach lists), number_rules.cc (numbers in context) and name_rules.cc (names, places and
// organisations). anonymiser.cc assembles the passes; nothing outside core/anonymise includes this.
#pragma once

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/anonymise/anonymiser.h"
#include "core/anonymise/finding.h"
#include "core/anonymise/gazetteer.h"
#include "core/anonymise/name_model.h"
#include "core/text/tokeniser.h"

namespace kring::anonymiser_internal {

using G = Gazetteer;
constexpr uint32_t kNameFlags = G::kFirstName | G::kSurname;
constexpr uint32_t kGazetteerFlags =
    G::kFirstName | G::kSurname | G::kPlace | G::kOrgKnown | G::kOrgHead | G::kOrgSuffix;

inline bool In(std::string_view word, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

// 1-12 for a Dutch or English month name or abbreviation (lower case), else 0.
int MonthNumber(std::string_view w);

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
// The coach's lists (always remove, case names, allowed words) as token phrases.
CoachLists BuildCoachLists(const Gazetteer& g, const AnonymiserOptions& options);

// The per-block working memory, reused from block to block: allocating it afresh for every 64 KB
// block made the kernel's page faults a visible share of the anonymiser's time.
struct ScanBuffers {
  std::vector<Token> tokens;
  std::string lower;
  std::vector<std::pair<size_t, size_t>> lower_span;
  std::vector<uint8_t> possessive;
  std::vector<bool> allowed;
  std::vector<bool> blocked;
  std::vector<bool> hyphen_name;
  // The learned part's (learned_names.cc).
  NameFeatureList name_features;
  std::vector<bool> covered;
  std::vector<EntityType> covered_type;
  std::vector<bool> in_chat;
  std::vector<bool> minute_initials;
};
// Runs the word-level rules (coach lists, written dates, ages, addresses, names) on one block.
class BlockScanner {
 public:
  BlockScanner(const Gazetteer& g, const CoachLists& lists, std::string_view text,
               std::vector<Finding>* out, ScanBuffers& buffers)
      : g_(g),
        lists_(lists),
        text_(text),
        out_(out),
        tokens_(buffers.tokens),
        lower_(buffers.lower),
        lower_span_(buffers.lower_span),
        possessive_(buffers.possessive),
        allowed_(buffers.allowed),
        blocked_(buffers.blocked),
        hyphen_name_(buffers.hyphen_name),
        name_features_(buffers.name_features),
        covered_(buffers.covered),
        covered_type_(buffers.covered_type),
        in_chat_(buffers.in_chat),
        minute_initials_(buffers.minute_initials) {}

  // Tokens inside these spans (validated identifiers) are not used by the word rules.
  void Run(const std::vector<std::pair<size_t, size_t>>& structured);

  // Removes findings made only of allowed words (structured identifiers stay).
  bool IsAllowedSpan(size_t begin, size_t end) const;

  // The learned part (learned_names.cc), after Run: the capitalised words that no finding in
  // `found` (this block's, block offsets) covers, that the coach does not keep and that
  // LearnedMayJudge lets through, and the numbers no finding covers that LearnedMayJudgeNumber
  // lets through. With a model, the words it judges to be names and the numbers it judges to be
  // ages become findings in `found`. With `candidates`, every such word and number outside
  // structured identifiers and the coach's kept words is appended there with its features, also
  // those a rule found (they are training examples too; a number only when no finding or one
  // of an age covers it).
  void LearnedNames(const NameModel* model, std::vector<Finding>* found,
                    std::vector<NameCandidate>* candidates);

 private:
  // Whether the learned part looks at the capitalised word at i at all: not where a rule has
  // decided the word is no name (a letter or an initial, "Tabel (3)", an agenda's item after its
  // time, the word after a letter of a series, a hyphenated ordinary word, a month or weekday).
  bool LearnedMayJudge(size_t i) const;
  // The learned model's features of the word at i (name_model.h); `found[k]` tells whether
  // token k lies in a finding, `found_type[k]` its type.
  void NameFeatures(size_t i, const std::vector<bool>& found,
                    const std::vector<EntityType>& found_type, NameFeatureList* out) const;
  // Whether the learned part asks of the number at i whether it is an age: a number of one to
  // three digits up to 110, or a spelled one from 2 ("zes", "ninety-one"), that is no part of a
  // number glued to another ("10:30", "6,7", "26/30", "1.5"), not joined to a word by a dash
  // or a slash ("covid-19", "U-12"), and of which the rules did not decide (RulesDecidedNumber).
  bool LearnedMayJudgeNumber(size_t i) const;
  // Where the rules decided of the number at i, as they do for words (LearnedMayJudge): with a
  // unit after it, a month beside it, alone in brackets, after a numbered thing ("Week 1"), in
  // a list after a measure or a label that is an ordinary word ("Scores: 12, 14"), after an
  // ordinary word's or a place's "is" ("Pols is 88"), in a table's column whose header names
  // no age.
  bool RulesDecidedNumber(size_t i) const;
  bool AgeWordBefore(size_t k) const;
  bool IsMeasureWord(size_t k) const;
  // How far the learned part's number rules look along a line, so that a long line costs no
  // more per number; the first token of k's line within that reach, or kNoLine.
  static constexpr size_t kLineWindow = 64;
  static constexpr size_t kNoLine = static_cast<size_t>(-1);
  size_t LineStartNear(size_t k) const;
  // Its features, all starting with "age." so that they share no weight with a word's.
  void NumberFeatures(size_t i, const std::vector<bool>& found,
                      const std::vector<EntityType>& found_type, NameFeatureList* out) const;

  // ---- token helpers ------------------------------------------------------------------------
  size_t Size() const { return tokens_.size(); }
  // The token's bytes as written.
  std::string_view Raw(size_t i) const {
    return text_.substr(tokens_[i].begin, tokens_[i].end - tokens_[i].begin);
  }
  bool IsWord(size_t i) const { return i < Size() && tokens_[i].kind == TokenKind::kWord; }
  bool IsNumber(size_t i) const { return i < Size() && tokens_[i].kind == TokenKind::kNumber; }
  bool IsPunct(size_t i, char c) const {
    return i < Size() && tokens_[i].kind == TokenKind::kPunct && text_[tokens_[i].begin] == c;
  }
  bool IsEnDash(size_t i) const {
    return i < Size() && tokens_[i].kind == TokenKind::kPunct &&
           text_.compare(tokens_[i].begin, tokens_[i].end - tokens_[i].begin, "\xE2\x80\x93") == 0;
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

  void PrepareTokens();
  static bool IsUpperAsciiOrMultibyte(char c);
  // A capitalised word at a sentence start that is a name by its shape or what follows: both
  // sides of a dash capitalised ("Anne-Fleur vertelde"), or not an ordinary word and followed
  // by a verb people do ("Kloosterboer gaf aan", "Okafor said").
  bool NameAtSentenceStart(size_t i) const;
  // Moves an organisation's first token back over a prefix of its name: "Prinses Máxima
  // Centrum", "St Mary's Hospital", "Royal Leeds Infirmary".
  size_t OrganisationStart(size_t first) const;

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

  void MarkSentenceStarts();

  // ---- coach lists --------------------------------------------------------------------------
  void MatchCoachLists(const std::unordered_map<std::string, std::vector<size_t>>& by_first,
                       const std::vector<ListEntry>& entries, bool allow);

  // ---- numbers in context: written dates, ages, house numbers ---------------------------------
  void NumberRules(size_t i);

  // Skips an ordinal suffix glued to a number: "12th", "3e", "1ste".
  size_t AfterOrdinal(size_t i) const;
  bool DayOfMonthAlone(size_t i) const;
  bool BirthCueBefore(size_t i) const;
  bool ListSeparatorBefore(size_t i) const;
  bool IsCompassPoint(size_t k) const;
  size_t AuthorBeforeTimeEnd(size_t i) const;
  bool InitialsAreAnAbbreviation(size_t i) const;
  bool LetterNotNameAfter(size_t k) const;

  bool IsYear(size_t i) const;

  size_t MonthAt(size_t i) const;  // the last token of the month name at i, or 0

  bool WrittenDate(size_t i);

  bool IsPersonNoun(size_t i) const;

  bool Age(size_t i);

  bool EmitAge(size_t i, const char* rule);
  // "achttien-jarige", "zeven-jarig", "seven-year-old": the number word of one token.
  void SpelledAgeWord(size_t i);
  bool EmitAgeList(size_t i, const char* rule);
  bool ClauseEndsAt(size_t k) const;
  bool AgeClosedAt(size_t k) const;
  bool IsUnitWord(size_t k) const;
  bool IsHedgeWord(size_t k) const;

  bool Address(size_t i);

  // "12a", "12-2", "12 A": the house number with its addition.
  size_t HouseNumberEnd(size_t i) const;

  // ---- names ----------------------------------------------------------------------------------
  bool IsInitial(size_t i) const {
    return IsCap(i) && tokens_[i].end - tokens_[i].begin == 1 && IsPunct(i + 1, '.');
  }

  // Lower-case particles between name parts: "de", "van der", "in 't", "op de".
  size_t PrefixRunEnd(size_t k) const;

  // The last token of a name-like chunk starting at i (a capitalised word or an initial).
  size_t ChunkEnd(size_t i) const;

  // Longest gazetteer phrase with one of `mask`'s flags (by default a place or an organisation)
  // starting at i; returns its last token.
  size_t PhraseAt(size_t i, uint32_t* flags, uint32_t mask = G::kPlace | G::kOrgKnown) const;
  // Where an organisation stands: after "bij", "at", "for", "via", or after a label such as
  // "Werkgever:", "Employer:", "Creditors:".
  bool OrganisationContext(size_t i) const;

  bool IsCommon(size_t i) const { return (Flags(i) & (G::kCommon | G::kStopword)) != 0; }

  // Extends an organisation over connectors and legal forms: "University of Leeds",
  // "Hogeschool van Amsterdam", "Jansen Bouw B.V.".
  size_t ExtendOrganisation(size_t last) const;

  void FindNames();
  void FindChatSpeakers();
  // Initials that stand for people in minutes and notes ("Present: JH, PL, SdB", "- WK: brief
  // aan wethouder", "PR to chase", "AW en CD nemen contact op", "actie: EB mailt LP"), and the
  // same initials elsewhere in the block (name_rules.cc).
  void FindMinuteInitials();
  bool IsInitialsWord(size_t i) const;

  // A word that is followed by a number in brackets without naming anyone: "Bijlage (3)".
  bool IsNumberedThing(size_t i) const;
  size_t WeekdayBefore(size_t first) const;
  bool ChatStampBefore(size_t i) const;
  size_t ChatAuthorEnd(size_t i) const;

  // A lower-case particle of a name: "de", "van", "der".
  bool IsPrefixWord(size_t i) const;

  // A first name written in lower case where a name stands ("met joyce"); returns the last
  // token consumed (i when it is none).
  size_t LowerCaseName(size_t i);

  // Applies the name rules at token i; returns the last token consumed.
  size_t NameAt(size_t i);

  // Type guess for a chunk that is a name for other reasons (title, role, list).
  EntityType ClassifyGuess(size_t first, size_t last) const;

  bool PlaceContext(size_t first) const;

  size_t Classify(size_t first, size_t last);

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
  std::vector<bool>& hyphen_name_;  // capitalised on both sides of a dash: "Anne-Fleur"
  NameFeatureList& name_features_;
  std::vector<bool>& covered_;  // in a finding, for the learned part
  std::vector<EntityType>& covered_type_;
  std::vector<bool>& in_chat_;  // on a chat message's line (FindNames), for the learned part
  std::vector<bool>& minute_initials_;  // found by FindMinuteInitials: no other name rule
  bool chat_line_ = false;              // FindNames is on a line that a chat's author starts
  // A chat's author (FindChatSpeakers): its first and last tokens; `author` when its words are a
  // name, not a label ("Geboortedatum:") whose line is a chat's message all the same.
  struct ChatSpeaker {
    size_t first = 0, last = 0;
    bool author = false;
  };
  std::vector<ChatSpeaker> chat_speakers_;  // in order
};

}  // namespace kring::anonymiser_internal
