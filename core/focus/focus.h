// Focus analysis (DESIGN.md §6): an explainable, deterministic reading of a case reflection that
// shows whether it stays with the work and with learning, or drifts into introspection. Every
// sentence gets a label and the cue that decided it; a case gets shares per label, the context
// perspective's four aspects, next actions, a drift flag with reasons, and work-focused questions
// chosen by what is missing. It informs reviewers; it never replaces them.
//
// Pure: no files, no clock, no global mutable state. Lexicons and abbreviations come from
// core/focus/data/ (compiled in), the suggested questions from the message catalogue
// (focus.question.<gap>); see docs/focus-analysis.md.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"
#include "core/focus/focus_lexicon.h"
#include "core/focus/focus_model.h"
#include "core/text/language.h"
#include "core/text/sentence_splitter.h"
#include "store.pb.h"  // generated from proto/store.proto

namespace kring {

// The context perspective of learning-focused coaching.
enum class ContextAspect { kOrganisation = 0, kRelations = 1, kField = 2, kDrives = 3 };
inline constexpr int kContextAspectCount = 4;
// "organisation", "relations", "field", "drives".
std::string_view ContextAspectName(ContextAspect aspect);

// Why a case counts as drifting.
enum class DriftReason {
  kIntrospectionAboveThreshold,  // too many sentences about feelings, history or identity
  kNoContextAspect,              // none of the four context aspects is mentioned
  kNoNextActions,                // nothing about what will be done next
};
// "introspection_above_threshold", "no_context_aspect", "no_next_actions".
std::string_view DriftReasonName(DriftReason reason);

// What a suggested question addresses; the names end the questions' message ids.
enum class FocusGap {
  kIntrospectionHigh,  // "introspection_high"
  kNoNextActions,      // "no_next_actions"
  kNoInfluence,        // "no_influence": inside vs outside the client's influence not separated
  kNoOrganisation,     // "no_organisation"
  kNoRelations,        // "no_relations"
  kNoField,            // "no_field"
  kNoDrives,           // "no_drives"
};
std::string_view FocusGapName(FocusGap gap);
// The work-focused question a gap suggests, in `language` (focus.question.<gap name>).
std::string FocusGapQuestion(FocusGap gap, Language language);

// Where a cue comes from: a lexicon rule, or a feature of the learned model (a word's stem, two
// neighbouring stems, a named pattern of the lexicon).
enum class FocusCueKind { kLexicon = 0, kWord = 1, kWordPair = 2, kPattern = 3 };
// "lexicon", "word", "word_pair", "pattern".
std::string_view FocusCueKindName(FocusCueKind kind);

// One cue found in a sentence.
struct FocusCue {
  FocusCueKind kind = FocusCueKind::kLexicon;
  // Lexicon cues: the rule's label and its weight (halved when negated). Model cues: the label
  // the cue pushes towards most, and its weight there.
  FocusLabel label = FocusLabel::kNeutral;
  double weight = 0;
  bool negated = false;  // a negation word stands just before it
  bool counted = true;   // false when a heavier cue of the same label covers the same words
  size_t begin = 0;      // bytes into FocusSentence::text, end exclusive
  size_t end = 0;
  std::string text;     // the matched words as written
  std::string pattern;  // the lexicon pattern
  std::string rule_id;  // "focus/nl.txt:42"
  uint32_t tags = 0;    // FocusTag bits
  // With the learned model: what the cue's features added to each label's score, how much it
  // favours the sentence's label over the other label it favours most (support[sentence label]
  // - max support[other label]; negative when it pulls elsewhere), and whether it is one of the
  // sentence's reasons shown to a reader (the strongest cues for the label, and for a mixed
  // sentence the strongest cue for the other side).
  LabelScores support{};
  double push = 0;
  bool reason = false;
  // The label other than the sentence's that the cue supports most: where a cue that pulls
  // away from the sentence's label points ("«felt» points to introspection").
  FocusLabel toward = FocusLabel::kNeutral;
};

struct FocusSentence {
  std::string text;
  std::string section;  // case field the sentence comes from ("situation", ...); "" for free text
  size_t offset = 0;    // bytes into that field (or the free text)
  FocusLabel label = FocusLabel::kNeutral;
  // Which rule decided the label: "model" (the learned model), "no-cue" (nothing the model or
  // the lexicon knows); without a model "highest-score", "tie:heaviest-cue", "tie:label-order"
  // or "below-threshold". See docs/focus-analysis.md.
  std::string decision;
  int deciding_cue = -1;  // index into cues; -1 when no cue decided (neutral, or no cue clear)
  std::vector<FocusCue> cues;
  std::array<double, kFocusLabelCount> scores{};  // by FocusLabel, including the section prior
  // The runner-up label (the model's second-highest score), for "why not ...".
  FocusLabel runner_up = FocusLabel::kNeutral;
};

// Where in a profile something was found: a sentence and one of its cues.
struct FocusEvidence {
  size_t sentence = 0;
  size_t cue = 0;
};

struct AspectFinding {
  ContextAspect aspect = ContextAspect::kOrganisation;
  bool present = false;
  std::vector<FocusEvidence> evidence;
  bool from_form = false;  // the case's own section for this aspect is filled in
};

struct SuggestedQuestion {
  FocusGap gap = FocusGap::kNoNextActions;
  std::string text;  // in the profile's language; FocusGapQuestion words it in another
};

// Tunable numbers; the defaults are the documented ones.
struct FocusThresholds {
  double min_label_score = 1.0;   // a sentence needs this much evidence to leave neutral
  double section_prior = 0.5;     // added to the section's label when the sentence has any cue
  double negated_factor = 0.5;    // weight kept by a negated cue
  double extra_cue_factor = 0.5;  // weight kept by each cue after the heaviest of its label
  // Drift when introspection is more than this share of the labelled (non-neutral) sentences
  // and at least min_introspective_sentences of them.
  double introspection_share = 0.35;
  size_t min_introspective_sentences = 2;
  size_t max_questions = 5;
};

struct FocusProfile {
  Language language = Language::kDutch;
  std::vector<FocusSentence> sentences;
  std::array<size_t, kFocusLabelCount> counts{};  // sentences per FocusLabel
  std::array<double, kFocusLabelCount> shares{};  // counts / all sentences (0 when empty)
  double introspection_share_of_labelled = 0;     // introspection / non-neutral sentences
  double introspection_threshold = 0;             // the threshold it was held against
  std::array<AspectFinding, kContextAspectCount> aspects{};
  // Present when a cue names it or when the case's form has its section filled in (whatever
  // words the coach used there): the form is the coach's own statement.
  bool has_next_actions = false;
  std::vector<FocusEvidence> next_actions;
  bool next_actions_from_form = false;
  bool has_influence = false;  // inside vs outside the client's influence is named
  std::vector<FocusEvidence> influence;
  bool influence_from_form = false;
  std::vector<FocusEvidence> static_self_image;  // warning sign: "that's just how I am"
  bool drifting = false;
  std::vector<DriftReason> drift_reasons;
  std::vector<FocusGap> gaps;
  std::vector<SuggestedQuestion> questions;

  bool empty() const { return sentences.empty(); }
  int ContextAspectsPresent() const;
  const FocusCue* Cue(const FocusEvidence& e) const { return &sentences[e.sentence].cues[e.cue]; }
};

class FocusAnalyser {
 public:
  // Builds an analyser from data-file contents (lexicon and model formats in
  // docs/focus-analysis.md). An empty `model` gives the lexicon-only analysis. A malformed file
  // is a Usage error naming the line.
  static Result<FocusAnalyser> Create(Language language, std::string_view lexicon,
                                      std::string_view abbreviations, std::string_view model = {},
                                      FocusThresholds thresholds = {});
  // The analyser over the data compiled into the binary.
  static Result<FocusAnalyser> FromEmbedded(Language language, FocusThresholds thresholds = {});

  // Free text: no section prior.
  FocusProfile AnalyseText(std::string_view text) const;
  // Every text field of the case, title included; tags and date are not prose and are skipped.
  FocusProfile AnalyseCase(const pb::CaseReflection& reflection) const;

  // One sentence on its own, e.g. for the corpus test. `section` may be "".
  FocusSentence LabelSentence(std::string_view sentence, std::string_view section = {}) const;

  // The model's features of one sentence, as the trainer sees them (scripts/train-focus-model).
  std::vector<FocusFeature> Features(std::string_view sentence) const;

  bool has_model() const { return !model_.empty(); }

  Language language() const { return language_; }
  const FocusThresholds& thresholds() const { return thresholds_; }

 private:
  FocusAnalyser(Language language, FocusLexicon lexicon, SentenceSplitter splitter,
                FocusModel model, FocusThresholds thresholds);
  // The lexicon's cues of a sentence and its lexicon scores (diminishing returns applied).
  void LexiconCues(FocusSentence& sentence) const;
  // Features of the sentence; feature_cue[i] is the index into `cues` it is shown as (model
  // cues are appended to `cues`). `known_only`: only features the model has a weight for.
  std::vector<FocusFeature> FeaturesOf(std::string_view text, std::vector<FocusCue>& cues,
                                       const LabelScores& lexicon_scores,
                                       std::vector<size_t>* feature_cue, bool known_only) const;
  void DecideByLexicon(FocusSentence& sentence) const;
  void DecideByModel(FocusSentence& sentence) const;
  void AddSentences(std::string_view text, std::string_view section, FocusProfile& profile) const;
  void Summarise(FocusProfile& profile) const;

  Language language_;
  FocusLexicon lexicon_;
  SentenceSplitter splitter_;
  FocusModel model_;
  FocusThresholds thresholds_;
};

// Trains a model on `examples` over the features `analyser` extracts (its own model plays no
// part), as scripts/train-focus-model does for the shipped models.
FocusModel TrainFocusModel(const FocusAnalyser& analyser,
                           const std::vector<LabelledSentence>& examples,
                           const FocusTrainingOptions& options = {});

// The analyser over the embedded data for `language`, built once. The embedded data is checked
// by tests/core/focus/focus_test.cc; should it ever fail to load, this aborts with the reason,
// since that is a defect of the build and not of anything a coach typed.
const FocusAnalyser& DefaultFocusAnalyser(Language language);

FocusProfile AnalyseCase(const pb::CaseReflection& reflection, Language language);
FocusProfile AnalyseText(std::string_view text, Language language);

// The case's stated language ("nl"/"en"), else detected from its text.
Language CaseLanguage(const pb::CaseReflection& reflection);

}  // namespace kring
