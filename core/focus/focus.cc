#include "core/focus/focus.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/focus/data_files.h"
#include "core/i18n/messages.h"
#include "core/text/data_files.h"
#include "core/text/stemmer.h"

namespace kring {
namespace {

constexpr std::array<FocusTag, kContextAspectCount> kAspectTags = {kTagOrganisation, kTagRelations,
                                                                   kTagField, kTagDrives};
constexpr std::array<FocusGap, kContextAspectCount> kAspectGaps = {
    FocusGap::kNoOrganisation, FocusGap::kNoRelations, FocusGap::kNoField, FocusGap::kNoDrives};

// The label a case section leans towards. Only a weak prior: it is added to a sentence's score
// when the sentence already has a cue, so a section can never label a sentence by itself.
FocusLabel SectionPrior(std::string_view section) {
  if (section == "situation" || section.rfind("context_", 0) == 0 ||
      section == "influence_outside") {
    return FocusLabel::kWorkContext;
  }
  if (section == "coach_actions" || section == "learned" || section == "next_actions" ||
      section == "learning_strategy") {
    return FocusLabel::kActionLearning;
  }
  return FocusLabel::kNeutral;  // title, notes, influence_inside, free text: no prior
}

int Index(FocusLabel label) { return static_cast<int>(label); }

// The order that breaks a tie: a warning sign is shown rather than hidden (a reviewer judges it).
constexpr FocusLabel kTieOrder[] = {FocusLabel::kIntrospection, FocusLabel::kActionLearning,
                                    FocusLabel::kWorkContext, FocusLabel::kNeutral};

// Within one label, a word counts once: overlapping cues keep the heaviest (then the longest,
// then the earliest), so "waar komt dat gevoel vandaan" is not also counted as "gevoel".
void MarkOverlaps(std::vector<FocusCue>& cues) {
  std::vector<size_t> order(cues.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (cues[a].weight != cues[b].weight) return cues[a].weight > cues[b].weight;
    size_t la = cues[a].end - cues[a].begin, lb = cues[b].end - cues[b].begin;
    if (la != lb) return la > lb;
    return cues[a].begin < cues[b].begin;
  });
  std::vector<size_t> kept;
  for (size_t i : order) {
    bool overlaps = false;
    for (size_t k : kept) {
      if (cues[k].label == cues[i].label && cues[k].begin < cues[i].end &&
          cues[i].begin < cues[k].end) {
        overlaps = true;
        break;
      }
    }
    cues[i].counted = !overlaps;
    if (!overlaps) kept.push_back(i);
  }
}

// Index of the heaviest counted cue of `label` (earliest on a tie), or -1.
int HeaviestCue(const std::vector<FocusCue>& cues, FocusLabel label) {
  int best = -1;
  for (size_t i = 0; i < cues.size(); ++i) {
    if (!cues[i].counted || cues[i].label != label) continue;
    if (best < 0 || cues[i].weight > cues[static_cast<size_t>(best)].weight) {
      best = static_cast<int>(i);
    }
  }
  return best;
}

}  // namespace

std::string_view ContextAspectName(ContextAspect aspect) {
  switch (aspect) {
    case ContextAspect::kOrganisation:
      return "organisation";
    case ContextAspect::kRelations:
      return "relations";
    case ContextAspect::kField:
      return "field";
    case ContextAspect::kDrives:
      return "drives";
  }
  return "organisation";
}

std::string_view DriftReasonName(DriftReason reason) {
  switch (reason) {
    case DriftReason::kIntrospectionAboveThreshold:
      return "introspection_above_threshold";
    case DriftReason::kNoContextAspect:
      return "no_context_aspect";
    case DriftReason::kNoNextActions:
      return "no_next_actions";
  }
  return "no_next_actions";
}

std::string_view FocusGapName(FocusGap gap) {
  switch (gap) {
    case FocusGap::kIntrospectionHigh:
      return "introspection_high";
    case FocusGap::kNoNextActions:
      return "no_next_actions";
    case FocusGap::kNoInfluence:
      return "no_influence";
    case FocusGap::kNoOrganisation:
      return "no_organisation";
    case FocusGap::kNoRelations:
      return "no_relations";
    case FocusGap::kNoField:
      return "no_field";
    case FocusGap::kNoDrives:
      return "no_drives";
  }
  return "no_next_actions";
}

std::string FocusGapQuestion(FocusGap gap, Language language) {
  return i18n::Tr(language, "focus.question." + std::string(FocusGapName(gap)));
}

int FocusProfile::ContextAspectsPresent() const {
  int n = 0;
  for (const AspectFinding& a : aspects) n += a.present ? 1 : 0;
  return n;
}

FocusAnalyser::FocusAnalyser(Language language, FocusLexicon lexicon, SentenceSplitter splitter,
                             FocusModel model, FocusThresholds thresholds)
    : language_(language),
      lexicon_(std::move(lexicon)),
      splitter_(std::move(splitter)),
      model_(std::move(model)),
      thresholds_(thresholds) {}

Result<FocusAnalyser> FocusAnalyser::Create(Language language, std::string_view lexicon,
                                            std::string_view abbreviations, std::string_view model,
                                            FocusThresholds thresholds) {
  const std::string code(LanguageCode(language));
  KRING_ASSIGN_OR_RETURN(FocusLexicon parsed,
                         FocusLexicon::Parse(lexicon, "focus/" + code + ".txt"));
  FocusModel parsed_model;
  if (!model.empty()) {
    KRING_ASSIGN_OR_RETURN(parsed_model, FocusModel::Parse(model, "focus/model_" + code + ".txt"));
  }
  return FocusAnalyser(language, std::move(parsed), SentenceSplitter(abbreviations),
                       std::move(parsed_model), thresholds);
}

Result<FocusAnalyser> FocusAnalyser::FromEmbedded(Language language, FocusThresholds thresholds) {
  std::string code(LanguageCode(language));
  std::optional<std::string_view> lexicon = focus_data::DataFile(code + ".txt");
  std::optional<std::string_view> model = focus_data::DataFile("model_" + code + ".txt");
  std::optional<std::string_view> abbreviations = text_data::DataFile("abbreviations.txt");
  if (!lexicon || !abbreviations || !model) {
    return Status::Integrity(i18n::Tr("focus.error.data_missing", {{"language", code}}));
  }
  return Create(language, *lexicon, *abbreviations, *model, thresholds);
}

std::string_view FocusCueKindName(FocusCueKind kind) {
  switch (kind) {
    case FocusCueKind::kLexicon:
      return "lexicon";
    case FocusCueKind::kWord:
      return "word";
    case FocusCueKind::kWordPair:
      return "word_pair";
    case FocusCueKind::kPattern:
      return "pattern";
  }
  return "lexicon";
}

void FocusAnalyser::LexiconCues(FocusSentence& sentence) const {
  const std::string_view text = sentence.text;
  for (const CueMatch& match : lexicon_.Match(text)) {
    const FocusRule& rule = lexicon_.rules()[match.rule];
    FocusCue cue;
    cue.kind = rule.pattern_rule ? FocusCueKind::kPattern : FocusCueKind::kLexicon;
    cue.label = rule.label;
    cue.negated = match.negated;
    cue.weight =
        rule.pattern_rule ? 0 : rule.weight * (match.negated ? thresholds_.negated_factor : 1.0);
    cue.begin = match.begin;
    cue.end = match.end;
    cue.text = std::string(text.substr(match.begin, match.end - match.begin));
    cue.pattern = rule.pattern_rule ? rule.feature : rule.pattern;
    cue.rule_id = rule.id;
    cue.tags = rule.tags;
    sentence.cues.push_back(std::move(cue));
  }
  // Pattern cues have no label of their own: they are features for the model, and only shown
  // when the model gives them a part in the decision.
  std::vector<FocusCue> patterns;
  std::vector<FocusCue> lexicon;
  for (FocusCue& cue : sentence.cues) {
    (cue.kind == FocusCueKind::kPattern ? patterns : lexicon).push_back(std::move(cue));
  }
  MarkOverlaps(lexicon);
  sentence.cues = std::move(lexicon);
  // Per label, the heaviest cue counts in full and every further cue at `extra_cue_factor`, so a
  // pile of topic nouns ("meeting with HR about the division of tasks") does not outweigh one
  // clear cue of another label ("the next step").
  std::array<double, kFocusLabelCount> heaviest{};
  for (const FocusCue& cue : sentence.cues) {
    if (!cue.counted) continue;
    int l = Index(cue.label);
    sentence.scores[l] += cue.weight;
    heaviest[l] = std::max(heaviest[l], cue.weight);
  }
  for (int l = 0; l < kFocusLabelCount; ++l) {
    sentence.scores[l] =
        heaviest[l] + (sentence.scores[l] - heaviest[l]) * thresholds_.extra_cue_factor;
  }
  for (FocusCue& cue : patterns) sentence.cues.push_back(std::move(cue));
}

namespace {

bool IsNumber(std::string_view word) {
  return !word.empty() &&
         std::all_of(word.begin(), word.end(), [](char c) { return (c >= '0' && c <= '9'); });
}

}  // namespace

std::vector<FocusFeature> FocusAnalyser::FeaturesOf(std::string_view text,
                                                    std::vector<FocusCue>& cues,
                                                    const LabelScores& lexicon_scores,
                                                    std::vector<size_t>* feature_cue,
                                                    bool known_only) const {
  std::vector<FocusFeature> features;
  auto add = [&](std::string name, double value, size_t begin, size_t end, size_t cue) {
    features.push_back({std::move(name), value, begin, end});
    feature_cue->push_back(cue);
  };
  // The lexicon: its score per label (the hand-written knowledge, scaled to about 0..2), and
  // each counted rule by its pattern (what the training data says of that rule in particular).
  const size_t lexicon_cues = cues.size();
  for (int l = 0; l < kFocusLabelCount; ++l) {
    if (lexicon_scores[l] <= 0) continue;
    const int heaviest = HeaviestCue(cues, static_cast<FocusLabel>(l));
    if (heaviest < 0) continue;
    const FocusCue& cue = cues[static_cast<size_t>(heaviest)];
    add("lex:" + std::string(FocusLabelName(static_cast<FocusLabel>(l))), lexicon_scores[l] / 2,
        cue.begin, cue.end, static_cast<size_t>(heaviest));
  }
  for (size_t c = 0; c < lexicon_cues; ++c) {
    const FocusCue& cue = cues[c];
    if (cue.kind == FocusCueKind::kPattern) {
      add("p:" + cue.pattern, 1, cue.begin, cue.end, c);
      continue;
    }
    if (!cue.counted) continue;
    const std::string label(FocusLabelName(cue.label));
    add("rule:" + label + ":" + cue.pattern, cue.negated ? 0.5 : 1, cue.begin, cue.end, c);
    if (cue.negated) add("neg:" + label, 1, cue.begin, cue.end, c);
  }
  // Words: each distinct stem once, and each pair of neighbouring stems once. A number is "#",
  // a pseudonym label is its kind ("[persoon]").
  std::vector<FocusToken> tokens = FocusTokens(text);
  std::vector<std::string> stems;
  stems.reserve(tokens.size());
  for (const FocusToken& token : tokens) {
    if (token.norm.front() == '[') {
      const size_t dash = token.norm.find('-');
      stems.push_back(dash == std::string::npos ? token.norm : token.norm.substr(0, dash) + "]");
    } else if (IsNumber(token.norm)) {
      stems.push_back("#");
    } else {
      stems.push_back(Stem(language_, token.norm));
    }
  }
  std::vector<std::string> seen;
  auto word_cue = [&](FocusCueKind kind, size_t begin, size_t end, std::string pattern) {
    FocusCue cue;
    cue.kind = kind;
    cue.begin = begin;
    cue.end = end;
    cue.text = std::string(text.substr(begin, end - begin));
    cue.pattern = std::move(pattern);
    cues.push_back(std::move(cue));
    return cues.size() - 1;
  };
  for (size_t t = 0; t < tokens.size(); ++t) {
    std::string name = "w:" + stems[t];
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) continue;
    if (known_only && model_.Weights(name) == nullptr) continue;  // adds nothing, shows nothing
    seen.push_back(name);
    const size_t cue = word_cue(FocusCueKind::kWord, tokens[t].begin, tokens[t].end, stems[t]);
    cues[cue].rule_id = name;
    add(std::move(name), 1, tokens[t].begin, tokens[t].end, cue);
  }
  for (size_t t = 0; t + 1 < tokens.size(); ++t) {
    std::string name = "b:" + stems[t] + " " + stems[t + 1];
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) continue;
    if (known_only && model_.Weights(name) == nullptr) continue;
    seen.push_back(name);
    const size_t cue = word_cue(FocusCueKind::kWordPair, tokens[t].begin, tokens[t + 1].end,
                                stems[t] + " " + stems[t + 1]);
    cues[cue].rule_id = name;
    add(std::move(name), 1, tokens[t].begin, tokens[t + 1].end, cue);
  }
  if (text.find('?') != std::string_view::npos) {
    const size_t q = text.rfind('?');
    const size_t cue = word_cue(FocusCueKind::kPattern, q, q + 1, "question");
    cues[cue].rule_id = "s:question";
    add("s:question", 1, q, q + 1, cue);
  }
  return features;
}

std::vector<FocusFeature> FocusAnalyser::Features(std::string_view text) const {
  FocusSentence sentence;
  sentence.text = std::string(text);
  LexiconCues(sentence);
  std::vector<size_t> feature_cue;
  // The trainer sees every feature, known to the current model or not.
  return FeaturesOf(sentence.text, sentence.cues, sentence.scores, &feature_cue, false);
}

FocusSentence FocusAnalyser::LabelSentence(std::string_view text, std::string_view section) const {
  FocusSentence sentence;
  sentence.text = std::string(text);
  sentence.section = std::string(section);
  LexiconCues(sentence);
  if (model_.empty()) {
    // Pattern cues mean nothing without the model.
    sentence.cues.erase(
        std::remove_if(sentence.cues.begin(), sentence.cues.end(),
                       [](const FocusCue& c) { return c.kind == FocusCueKind::kPattern; }),
        sentence.cues.end());
    DecideByLexicon(sentence);
  } else {
    DecideByModel(sentence);
  }
  return sentence;
}

void FocusAnalyser::DecideByLexicon(FocusSentence& sentence) const {
  const std::string_view section = sentence.section;
  if (sentence.cues.empty()) {
    sentence.decision = "no-cue";
    return;
  }
  FocusLabel prior = SectionPrior(section);
  if (prior != FocusLabel::kNeutral) sentence.scores[Index(prior)] += thresholds_.section_prior;

  // Highest score wins; a tie goes to the label with the heavier single cue, then to the fixed
  // order introspection > action > work > neutral, so that warning signs are shown rather than
  // hidden (a reviewer judges them).
  const auto& kOrder = kTieOrder;
  FocusLabel best = kOrder[0];
  std::string decision = "highest-score";
  for (FocusLabel candidate : kOrder) {
    double cs = sentence.scores[Index(candidate)];
    double bs = sentence.scores[Index(best)];
    if (candidate == best) continue;
    if (cs > bs) {
      best = candidate;
      decision = "highest-score";
    } else if (cs == bs && cs > 0) {
      int cc = HeaviestCue(sentence.cues, candidate);
      int bc = HeaviestCue(sentence.cues, best);
      double cw = cc < 0 ? 0 : sentence.cues[static_cast<size_t>(cc)].weight;
      double bw = bc < 0 ? 0 : sentence.cues[static_cast<size_t>(bc)].weight;
      if (cw > bw) best = candidate;
      decision = cw == bw ? "tie:label-order" : "tie:heaviest-cue";
    }
  }
  if (sentence.scores[Index(best)] < thresholds_.min_label_score) {
    sentence.decision = "below-threshold";
    return;
  }
  sentence.label = best;
  sentence.decision = decision;
  sentence.deciding_cue = HeaviestCue(sentence.cues, best);
  if (sentence.deciding_cue < 0) {  // only the prior pushed it over: not allowed to decide alone
    sentence.label = FocusLabel::kNeutral;
    sentence.decision = "below-threshold";
  }
}

void FocusAnalyser::DecideByModel(FocusSentence& sentence) const {
  const LabelScores lexicon_scores = sentence.scores;
  std::vector<size_t> feature_cue;
  std::vector<FocusFeature> features =
      FeaturesOf(sentence.text, sentence.cues, lexicon_scores, &feature_cue, true);
  // What each cue adds to each label, and the scores (as FocusModel::Scores, in one look-up
  // per feature).
  bool known = false;
  sentence.scores = model_.bias();
  for (size_t f = 0; f < features.size(); ++f) {
    const LabelScores* w = model_.Weights(features[f].name);
    if (w == nullptr) continue;
    known = true;
    FocusCue& cue = sentence.cues[feature_cue[f]];
    for (int l = 0; l < kFocusLabelCount; ++l) {
      cue.support[l] += features[f].value * (*w)[l];
      sentence.scores[l] += features[f].value * (*w)[l];
    }
  }
  // The section's lean, only where a cue of the sentence already supports that label: the
  // section can break a close contest but never label a sentence by itself.
  const FocusLabel prior = SectionPrior(sentence.section);
  bool supported = false;
  for (const FocusCue& cue : sentence.cues) supported |= cue.support[Index(prior)] > 0;
  if (prior != FocusLabel::kNeutral && supported) {
    sentence.scores[Index(prior)] += thresholds_.section_prior;
  }
  if (!known) {
    sentence.decision = "no-cue";
  } else {
    // Highest score wins; on an exact tie the order introspection > action > work > neutral.
    const auto& kOrder = kTieOrder;
    FocusLabel best = kOrder[0];
    for (FocusLabel l : kOrder) {
      if (sentence.scores[Index(l)] > sentence.scores[Index(best)]) best = l;
    }
    FocusLabel second = best == kOrder[0] ? kOrder[1] : kOrder[0];
    for (FocusLabel l : kOrder) {
      if (l != best && sentence.scores[Index(l)] > sentence.scores[Index(second)]) second = l;
    }
    sentence.label = best;
    sentence.runner_up = second;
    sentence.decision = "model";
  }
  const int best = Index(sentence.label);
  for (FocusCue& cue : sentence.cues) {
    // The other label the cue favours most, and how much it favours the label over that one.
    int toward = best == 0 ? 1 : 0;
    for (int l = 0; l < kFocusLabelCount; ++l) {
      if (l != best && cue.support[l] > cue.support[toward]) toward = l;
    }
    cue.toward = static_cast<FocusLabel>(toward);
    cue.push = cue.support[best] - cue.support[toward];
    if (cue.kind != FocusCueKind::kLexicon) {
      int top = 0;
      for (int l = 1; l < kFocusLabelCount; ++l) {
        if (cue.support[l] > cue.support[top]) top = l;
      }
      cue.label = static_cast<FocusLabel>(top);
      cue.weight = cue.support[top];
    }
  }
  // The reasons: up to three cues that pushed most towards the label; and the strongest cue for
  // another label when it pulled clearly (a mixed sentence shows both sides).
  std::vector<size_t> order(sentence.cues.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return sentence.cues[a].push > sentence.cues[b].push;
  });
  // A reason a reader can follow: not a lone function word ("the", "she"), and not the same
  // words as a reason already chosen.
  std::vector<size_t> chosen;
  auto readable = [&](size_t i) {
    const FocusCue& cue = sentence.cues[i];
    if (cue.kind != FocusCueKind::kWord && cue.kind != FocusCueKind::kWordPair) return true;
    bool plain = true;
    for (const FocusToken& t : FocusTokens(cue.text)) plain = plain && lexicon_.IsPlainWord(t.norm);
    return !plain;
  };
  auto showable = [&](size_t i) {
    if (!readable(i)) return false;
    const FocusCue& cue = sentence.cues[i];
    for (size_t c : chosen) {
      const FocusCue& other = sentence.cues[c];
      if (other.begin < cue.end && cue.begin < other.end) return false;
    }
    return true;
  };
  if (sentence.decision == "model") {
    // Up to three clear reasons; when no single cue is clear (many small pushes), the two
    // that pushed most.
    for (const double floor : {0.25, 1e-9}) {
      const size_t most = floor > 0.1 ? 3 : 2;
      for (size_t i : order) {
        if (chosen.size() == most || sentence.cues[i].push < floor) break;
        if (!showable(i)) continue;
        sentence.cues[i].reason = true;
        if (chosen.empty()) sentence.deciding_cue = static_cast<int>(i);
        chosen.push_back(i);
      }
      if (!chosen.empty()) break;
    }
    int other = -1;
    double pull = 0.5;
    for (size_t i = 0; i < sentence.cues.size(); ++i) {
      const FocusCue& cue = sentence.cues[i];
      if (!readable(i)) continue;        // it may lie inside a long reason: "felt" in a pattern
      const double against = -cue.push;  // how far it pulls towards cue.toward
      if (against > pull) {
        pull = against;
        other = static_cast<int>(i);
      }
    }
    if (other >= 0) sentence.cues[static_cast<size_t>(other)].reason = true;
  }
  // Keep every lexicon cue (their tags feed the case profile) and of the model's other cues the
  // reasons and the five with the largest push (with a support of at least 0.1); the rest added
  // little and would only crowd the view.
  std::vector<size_t> keep_model;
  for (size_t i : order) {
    const FocusCue& cue = sentence.cues[i];
    if (cue.kind == FocusCueKind::kLexicon) continue;
    double weight = 0;
    for (double v : cue.support) weight = std::max(weight, std::fabs(v));
    if (cue.reason || (keep_model.size() < 5 && weight >= 0.1)) keep_model.push_back(i);
  }
  std::vector<FocusCue> kept;
  int deciding = -1;
  for (size_t i = 0; i < sentence.cues.size(); ++i) {
    const bool lexicon = sentence.cues[i].kind == FocusCueKind::kLexicon;
    if (!lexicon && std::find(keep_model.begin(), keep_model.end(), i) == keep_model.end()) {
      continue;
    }
    if (static_cast<int>(i) == sentence.deciding_cue) deciding = static_cast<int>(kept.size());
    kept.push_back(std::move(sentence.cues[i]));
  }
  sentence.cues = std::move(kept);
  sentence.deciding_cue = deciding;
}

void FocusAnalyser::AddSentences(std::string_view text, std::string_view section,
                                 FocusProfile& profile) const {
  for (const SentenceSpan& span : splitter_.Split(text)) {
    FocusSentence sentence = LabelSentence(text.substr(span.begin, span.end - span.begin), section);
    sentence.offset = span.begin;
    profile.sentences.push_back(std::move(sentence));
  }
}

namespace {

// A section counts as filled in when it says something: not only punctuation ("-"), and not a
// mark for "not applicable" or "nothing" ("n.v.t.", "n/a", "geen", "none").
bool HasWords(std::string_view text) {
  std::string letters;
  for (char c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || u >= 0x80) letters.push_back(static_cast<char>(std::tolower(u)));
  }
  static constexpr std::string_view kNothing[] = {"nvt",
                                                  "na",
                                                  "none",
                                                  "geen",
                                                  "niets",
                                                  "nee",
                                                  "no",
                                                  "nothing",
                                                  "nietvantoepassing",
                                                  "notapplicable",
                                                  "onbekend",
                                                  "unknown",
                                                  "tbd",
                                                  "nognietbekend",
                                                  "nogniet"};
  for (std::string_view nothing : kNothing) {
    if (letters == nothing) return false;
  }
  return !letters.empty();
}

}  // namespace

void FocusAnalyser::Summarise(FocusProfile& profile) const {
  for (int a = 0; a < kContextAspectCount; ++a) {
    profile.aspects[static_cast<size_t>(a)].aspect = static_cast<ContextAspect>(a);
  }
  for (size_t s = 0; s < profile.sentences.size(); ++s) {
    const FocusSentence& sentence = profile.sentences[s];
    ++profile.counts[Index(sentence.label)];
    for (size_t c = 0; c < sentence.cues.size(); ++c) {
      const FocusCue& cue = sentence.cues[c];
      // A negated mention ("no next steps were agreed") establishes nothing.
      if (cue.negated) continue;
      FocusEvidence evidence{s, c};
      for (size_t a = 0; a < kAspectTags.size(); ++a) {
        if (cue.tags & kAspectTags[a]) profile.aspects[a].evidence.push_back(evidence);
      }
      if (cue.tags & kTagNext) profile.next_actions.push_back(evidence);
      if (cue.tags & kTagInfluence) profile.influence.push_back(evidence);
      if (cue.tags & kTagStatic) profile.static_self_image.push_back(evidence);
    }
  }
  for (AspectFinding& aspect : profile.aspects) {
    aspect.present = aspect.from_form || !aspect.evidence.empty();
  }
  profile.has_next_actions = profile.next_actions_from_form || !profile.next_actions.empty();
  profile.has_influence = profile.influence_from_form || !profile.influence.empty();
  if (profile.sentences.empty()) return;  // nothing written: nothing to judge or suggest

  double total = static_cast<double>(profile.sentences.size());
  for (int l = 0; l < kFocusLabelCount; ++l) profile.shares[l] = profile.counts[l] / total;
  size_t labelled = profile.sentences.size() - profile.counts[Index(FocusLabel::kNeutral)];
  size_t introspective = profile.counts[Index(FocusLabel::kIntrospection)];
  profile.introspection_share_of_labelled =
      labelled == 0 ? 0 : static_cast<double>(introspective) / static_cast<double>(labelled);

  if (introspective >= thresholds_.min_introspective_sentences &&
      profile.introspection_share_of_labelled > thresholds_.introspection_share) {
    profile.drift_reasons.push_back(DriftReason::kIntrospectionAboveThreshold);
    profile.gaps.push_back(FocusGap::kIntrospectionHigh);
  }
  if (profile.ContextAspectsPresent() == 0) {
    profile.drift_reasons.push_back(DriftReason::kNoContextAspect);
  }
  if (!profile.has_next_actions) {
    profile.drift_reasons.push_back(DriftReason::kNoNextActions);
    profile.gaps.push_back(FocusGap::kNoNextActions);
  }
  profile.drifting = !profile.drift_reasons.empty();
  if (!profile.has_influence) profile.gaps.push_back(FocusGap::kNoInfluence);
  for (size_t a = 0; a < kAspectGaps.size(); ++a) {
    if (!profile.aspects[a].present) profile.gaps.push_back(kAspectGaps[a]);
  }
  // One question per gap, most urgent gap first, in the case's language.
  for (FocusGap gap : profile.gaps) {
    if (profile.questions.size() >= thresholds_.max_questions) break;
    profile.questions.push_back({gap, FocusGapQuestion(gap, language_)});
  }
}

FocusProfile FocusAnalyser::AnalyseText(std::string_view text) const {
  FocusProfile profile;
  profile.language = language_;
  profile.introspection_threshold = thresholds_.introspection_share;
  AddSentences(text, "", profile);
  Summarise(profile);
  return profile;
}

FocusProfile FocusAnalyser::AnalyseCase(const pb::CaseReflection& reflection) const {
  FocusProfile profile;
  profile.language = language_;
  profile.introspection_threshold = thresholds_.introspection_share;
  const std::pair<std::string_view, const std::string*> fields[] = {
      {"title", &reflection.title()},
      {"situation", &reflection.situation()},
      {"context_organisation", &reflection.context_organisation()},
      {"context_relations", &reflection.context_relations()},
      {"context_field", &reflection.context_field()},
      {"context_drives", &reflection.context_drives()},
      {"coach_actions", &reflection.coach_actions()},
      {"influence_inside", &reflection.influence_inside()},
      {"influence_outside", &reflection.influence_outside()},
      {"learned", &reflection.learned()},
      {"next_actions", &reflection.next_actions()},
      {"learning_strategy", &reflection.learning_strategy()},
      {"notes", &reflection.notes()},
  };
  for (const auto& [section, text] : fields) AddSentences(*text, section, profile);
  // The form's own sections count for what they are about, in any words.
  profile.next_actions_from_form = HasWords(reflection.next_actions());
  profile.influence_from_form =
      HasWords(reflection.influence_inside()) || HasWords(reflection.influence_outside());
  const std::string* aspect_sections[kContextAspectCount] = {
      &reflection.context_organisation(), &reflection.context_relations(),
      &reflection.context_field(), &reflection.context_drives()};
  for (int a = 0; a < kContextAspectCount; ++a) {
    profile.aspects[static_cast<size_t>(a)].from_form = HasWords(*aspect_sections[a]);
  }
  Summarise(profile);
  return profile;
}

FocusModel TrainFocusModel(const FocusAnalyser& analyser,
                           const std::vector<LabelledSentence>& examples,
                           const FocusTrainingOptions& options) {
  std::vector<FocusTrainingExample> training;
  training.reserve(examples.size());
  for (const LabelledSentence& e : examples) {
    training.push_back({analyser.Features(e.sentence), e.label});
  }
  return TrainFocusModel(training, options);
}

const FocusAnalyser& DefaultFocusAnalyser(Language language) {
  auto load = [](Language l) {
    Result<FocusAnalyser> analyser = FocusAnalyser::FromEmbedded(l);
    if (!analyser.ok()) {
      std::fprintf(stderr, "kring: broken build: %s\n", analyser.status().message().c_str());
      std::abort();
    }
    return std::move(analyser).value();
  };
  // Immutable after first use; function-local statics are initialised once and thread-safely.
  static const FocusAnalyser kDutch = load(Language::kDutch);
  static const FocusAnalyser kEnglish = load(Language::kEnglish);
  return language == Language::kDutch ? kDutch : kEnglish;
}

FocusProfile AnalyseCase(const pb::CaseReflection& reflection, Language language) {
  return DefaultFocusAnalyser(language).AnalyseCase(reflection);
}

FocusProfile AnalyseText(std::string_view text, Language language) {
  return DefaultFocusAnalyser(language).AnalyseText(text);
}

Language CaseLanguage(const pb::CaseReflection& reflection) {
  if (std::optional<Language> stated = ParseLanguageCode(reflection.language())) return *stated;
  std::string all;
  for (const std::string* field :
       {&reflection.title(), &reflection.situation(), &reflection.context_organisation(),
        &reflection.context_relations(), &reflection.context_field(), &reflection.context_drives(),
        &reflection.coach_actions(), &reflection.influence_inside(),
        &reflection.influence_outside(), &reflection.learned(), &reflection.next_actions(),
        &reflection.learning_strategy(), &reflection.notes()}) {
    all += *field;
    all += '\n';
  }
  return DetectLanguage(all);
}

}  // namespace kring
