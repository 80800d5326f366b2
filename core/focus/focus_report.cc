#include "core/focus/focus_report.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "core/base/json.h"
#include "core/i18n/messages.h"

namespace kring {
namespace {

// Length of the valid UTF-8 sequence at `i`, or 0 when the bytes there are not valid UTF-8.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) return 1;
  size_t n;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;  // no overlong forms
    if (c == 0xED) hi = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (size_t k = 2; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  return n;
}

// A label, an aspect, in the reader's words (focus.label.<name>, focus.aspect.<name>).
std::string LabelTitle(Language language, FocusLabel label) {
  return i18n::Tr(language, "focus.label." + std::string(FocusLabelName(label)));
}

std::string AspectTitle(Language language, ContextAspect aspect) {
  return i18n::Tr(language, "focus.aspect." + std::string(ContextAspectName(aspect)));
}

// A case field ("context_organisation") in the reader's words; free text has none.
std::string SectionTitle(Language language, const std::string& section) {
  if (section.empty() || !i18n::Messages::Of(language).Has("focus.section." + section)) {
    return section;
  }
  return i18n::Tr(language, "focus.section." + section);
}

std::string Percent(double share) { return std::to_string(static_cast<int>(share * 100 + 0.5)); }

std::string PadRight(std::string_view s, size_t width) {
  std::string out(s);
  // Count code points, not bytes, so "&" and accents line up.
  size_t chars = 0;
  for (char c : out) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  if (chars < width) out.append(width - chars, ' ');
  return out;
}

std::string Marked(std::string_view text, bool ansi) {
  return ansi ? "\x1b[1m" + SanitiseForDisplay(text) + "\x1b[0m"
              : "\xC2\xAB" + SanitiseForDisplay(text) + "\xC2\xBB";
}

// The cues a reader is shown for a sentence: with the model its reasons, else the deciding cue.
std::vector<size_t> ShownCues(const FocusSentence& s) {
  std::vector<size_t> shown;
  for (size_t i = 0; i < s.cues.size(); ++i) {
    if (s.cues[i].reason) shown.push_back(i);
  }
  if (shown.empty() && s.deciding_cue >= 0) shown.push_back(static_cast<size_t>(s.deciding_cue));
  return shown;
}

// The sentence with its shown cues marked (where two overlap, the earlier one is marked).
std::string MarkedSentence(const FocusSentence& s, bool ansi) {
  std::vector<size_t> shown = ShownCues(s);
  std::sort(shown.begin(), shown.end(),
            [&](size_t a, size_t b) { return s.cues[a].begin < s.cues[b].begin; });
  const std::string_view text = s.text;
  std::string out;
  size_t at = 0;
  for (size_t i : shown) {
    const FocusCue& cue = s.cues[i];
    if (cue.begin < at || cue.end > text.size()) continue;
    out += SanitiseForDisplay(text.substr(at, cue.begin - at));
    out += Marked(text.substr(cue.begin, cue.end - cue.begin), ansi);
    at = cue.end;
  }
  return out + SanitiseForDisplay(text.substr(at));
}

// A long cue (a pattern over half a sentence) in the reasons: its first three and last two
// words, "Ik liet haar … jongere zelf".
std::string ShortCueText(std::string_view text) {
  std::vector<std::string_view> words;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t space = text.find(' ', pos);
    if (space == std::string_view::npos) space = text.size();
    if (space > pos) words.push_back(text.substr(pos, space - pos));
    pos = space + 1;
  }
  if (words.size() <= 6) return std::string(text);
  std::string out;
  for (size_t i = 0; i < 3; ++i) out += std::string(words[i]) + " ";
  out += "\xE2\x80\xA6";
  for (size_t i = words.size() - 2; i < words.size(); ++i) out += " " + std::string(words[i]);
  return out;
}

// "(reasons: «felt ambushed», «call back»; «felt» points to introspection)" for a model
// decision, "(cue 'pattern' rule)" for a lexicon one; "" when nothing decided.
std::string WhyText(Language language, const FocusSentence& s, bool ansi) {
  using i18n::Tr;
  if (s.decision == "model") {
    std::string reasons, others;
    for (size_t i : ShownCues(s)) {
      const FocusCue& cue = s.cues[i];
      const std::string shown = FocusCueText(cue, language, ansi);
      if (cue.push > 0) {
        reasons += (reasons.empty() ? "" : ", ") + shown;
      } else {
        others += "; " + Tr(language, "focus.report.reason_other",
                            {{"cue", shown}, {"label", LabelTitle(language, cue.toward)}});
      }
    }
    if (reasons.empty() && others.empty()) return "";
    return "   (" +
           (reasons.empty() ? Tr(language, "focus.report.reasons_weak")
                            : Tr(language, "focus.report.reasons", {{"cues", reasons}})) +
           others + ")";
  }
  if (s.deciding_cue < 0) return "";
  const FocusCue& cue = s.cues[static_cast<size_t>(s.deciding_cue)];
  const std::string pattern = SanitiseForDisplay(cue.pattern);
  return "   (" +
         (cue.negated
              ? Tr(language, "focus.report.cue_negated",
                   {{"pattern", pattern}, {"rule", cue.rule_id}})
              : Tr(language, "focus.report.cue", {{"pattern", pattern}, {"rule", cue.rule_id}})) +
         ")";
}

// "«reorganisatie» (situation), «manager»" — at most three examples.
std::string EvidenceList(Language language, const FocusProfile& p,
                         const std::vector<FocusEvidence>& evidence, bool ansi,
                         bool from_form = false) {
  std::string out;
  if (from_form) {
    out += i18n::Tr(language, "focus.report.from_form");
    if (!evidence.empty()) out += "; ";
  }
  for (size_t i = 0; i < evidence.size() && i < 3; ++i) {
    if (i > 0) out += ", ";
    const FocusSentence& sentence = p.sentences[evidence[i].sentence];
    out += Marked(p.Cue(evidence[i])->text, ansi);
    if (!sentence.section.empty()) out += " (" + SectionTitle(language, sentence.section) + ")";
  }
  if (evidence.size() > 3) out += ", +" + std::to_string(evidence.size() - 3);
  return out;
}

std::string DriftReasonText(Language language, const FocusProfile& p, DriftReason reason,
                            bool ansi = false, bool with_examples = true) {
  switch (reason) {
    case DriftReason::kIntrospectionAboveThreshold: {
      const int share = static_cast<int>(p.introspection_share_of_labelled * 100 + 0.5);
      const int threshold = static_cast<int>(p.introspection_threshold * 100 + 0.5);
      // The words that made the first introspective sentences introspective, so the flag can be
      // checked against the text (not in the audit, which holds no case text).
      std::string examples;
      int shown = 0;
      for (const FocusSentence& s : p.sentences) {
        if (!with_examples || shown == 3) break;
        if (s.label != FocusLabel::kIntrospection || s.deciding_cue < 0) continue;
        examples += (shown++ > 0 ? ", " : "") +
                    FocusCueText(s.cues[static_cast<size_t>(s.deciding_cue)], language, ansi);
      }
      if (examples.empty()) {
        return i18n::Tr(language, "focus.drift.introspection_above_threshold",
                        {{"share", share}, {"threshold", threshold}});
      }
      return i18n::Tr(language, "focus.drift.introspection_above_threshold_examples",
                      {{"share", share}, {"threshold", threshold}, {"cues", examples}});
    }
    case DriftReason::kNoContextAspect:
      return i18n::Tr(language, "focus.drift.no_context_aspect");
    case DriftReason::kNoNextActions:
      return i18n::Tr(language, "focus.drift.no_next_actions");
  }
  return "";
}

void AppendJsonString(std::string& out, std::string_view text) {
  std::string clean;
  // Keep control characters (escaped below) but repair invalid UTF-8.
  for (size_t i = 0; i < text.size();) {
    size_t n = Utf8SequenceLength(text, i);
    if (n == 0) {
      clean += "\xEF\xBF\xBD";
      ++i;
    } else {
      clean.append(text.substr(i, n));
      i += n;
    }
  }
  out += JsonQuote(clean);
}

std::string JsonNumber(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", value);
  return buf;
}

void AppendEvidenceJson(std::string& out, const FocusProfile& p,
                        const std::vector<FocusEvidence>& evidence) {
  out += '[';
  for (size_t i = 0; i < evidence.size(); ++i) {
    if (i > 0) out += ',';
    out += "{\"sentence\":" + std::to_string(evidence[i].sentence) +
           ",\"cue\":" + std::to_string(evidence[i].cue) + ",\"text\":";
    AppendJsonString(out, p.Cue(evidence[i])->text);
    out += '}';
  }
  out += ']';
}

}  // namespace

std::string FocusLabelTitle(FocusLabel label, Language language) {
  return LabelTitle(language, label);
}

std::string ContextAspectTitle(ContextAspect aspect, Language language) {
  return AspectTitle(language, aspect);
}

std::string DescribeDriftReason(const FocusProfile& profile, DriftReason reason, Language language,
                                bool with_examples) {
  return DriftReasonText(language, profile, reason, false, with_examples);
}

std::string FocusCueText(const FocusCue& cue, Language language, bool ansi) {
  if (cue.kind != FocusCueKind::kPattern) return Marked(ShortCueText(cue.text), ansi);
  const std::string name = i18n::Tr(language, "focus.pattern." + cue.pattern);
  if (cue.pattern == "question") return name;  // the "?" itself says nothing
  return i18n::Tr(language, "focus.report.pattern_reason",
                  {{"pattern", name}, {"cue", Marked(ShortCueText(cue.text), ansi)}});
}

std::string SanitiseForDisplay(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    size_t n = Utf8SequenceLength(text, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    unsigned char c = static_cast<unsigned char>(text[i]);
    bool c1_control = n == 2 && c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0;
    if ((n == 1 && (c < 0x20 || c == 0x7F)) || c1_control) {
      out += ' ';
    } else {
      out.append(text.substr(i, n));
    }
    i += n;
  }
  return out;
}

std::string RenderFocusText(const FocusProfile& p, const FocusRenderOptions& options) {
  using i18n::Tr;
  const Language language = options.language;
  const bool ansi = options.ansi;
  std::string out;
  if (p.empty()) return Tr(language, "focus.report.empty") + "\n";
  out += Tr(language, "count.sentences", {{"n", p.sentences.size()}}) + "\n";
  for (FocusLabel label : {FocusLabel::kWorkContext, FocusLabel::kActionLearning,
                           FocusLabel::kIntrospection, FocusLabel::kNeutral}) {
    int l = static_cast<int>(label);
    std::string count = std::to_string(p.counts[l]);
    out += "  " + PadRight(LabelTitle(language, label), 20) +
           std::string(4 - std::min<size_t>(4, count.size()), ' ') + count + "  " +
           Percent(p.shares[l]) + "%\n";
  }
  out += "\n" +
         Tr(language, "focus.report.aspects",
            {{"present", p.ContextAspectsPresent()}, {"total", kContextAspectCount}}) +
         "\n";
  for (const AspectFinding& a : p.aspects) {
    out += std::string(a.present ? "  [x] " : "  [ ] ") +
           PadRight(AspectTitle(language, a.aspect), 42);
    out += a.present ? EvidenceList(language, p, a.evidence, ansi, a.from_form)
                     : Tr(language, "focus.report.absent");
    out += "\n";
  }
  out += (p.has_next_actions ? Tr(language, "focus.report.next_actions.yes",
                                  {{"evidence", EvidenceList(language, p, p.next_actions, ansi,
                                                             p.next_actions_from_form)}})
                             : Tr(language, "focus.report.next_actions.no")) +
         "\n";
  out +=
      (p.has_influence
           ? Tr(language, "focus.report.influence.yes",
                {{"evidence", EvidenceList(language, p, p.influence, ansi, p.influence_from_form)}})
           : Tr(language, "focus.report.influence.no")) +
      "\n";
  if (!p.static_self_image.empty()) {
    out += Tr(language, "focus.report.static_self_image",
              {{"evidence", EvidenceList(language, p, p.static_self_image, ansi)}}) +
           "\n";
  }
  out += "\n";
  if (p.drifting) {
    out += Tr(language, "focus.report.drifting") + "\n";
    for (DriftReason reason : p.drift_reasons) {
      out += "  - " + DriftReasonText(language, p, reason, ansi) + "\n";
    }
  } else {
    out += Tr(language, "focus.report.not_drifting") + "\n";
  }
  if (!p.questions.empty()) {
    // The gap decides the question; its words are the reader's, whatever the case is written in.
    out += "\n" + Tr(language, "focus.report.questions") + "\n";
    for (size_t i = 0; i < p.questions.size(); ++i) {
      out += "  " + std::to_string(i + 1) + ". " +
             SanitiseForDisplay(FocusGapQuestion(p.questions[i].gap, language)) + "\n";
    }
  }
  if (!options.all_sentences) return out;
  out += "\n";
  std::string section = "\x01";  // never a real section name
  for (size_t i = 0; i < p.sentences.size(); ++i) {
    const FocusSentence& s = p.sentences[i];
    if (s.section != section) {
      section = s.section;
      if (!section.empty()) out += "[" + SectionTitle(language, section) + "]\n";
    }
    out += "  " + PadRight(std::to_string(i + 1) + ".", 5) +
           PadRight(LabelTitle(language, s.label), 18) + MarkedSentence(s, ansi) +
           WhyText(language, s, ansi) + "\n";
  }
  return out;
}

std::string RenderFocusJson(const FocusProfile& p) {
  static constexpr FocusLabel kLabels[] = {FocusLabel::kWorkContext, FocusLabel::kActionLearning,
                                           FocusLabel::kIntrospection, FocusLabel::kNeutral};
  auto per_label = [&](auto value) {
    std::string o = "{";
    for (FocusLabel label : kLabels) {
      if (o.size() > 1) o += ',';
      o += "\"" + std::string(FocusLabelName(label)) + "\":" + value(label);
    }
    return o + "}";
  };
  std::string out = "{\"language\":\"" + std::string(LanguageCode(p.language)) + "\"";
  out += ",\"sentence_count\":" + std::to_string(p.sentences.size());
  out += ",\"counts\":" +
         per_label([&](FocusLabel l) { return std::to_string(p.counts[static_cast<int>(l)]); });
  out += ",\"shares\":" +
         per_label([&](FocusLabel l) { return JsonNumber(p.shares[static_cast<int>(l)]); });
  out += ",\"introspection_share_of_labelled\":" + JsonNumber(p.introspection_share_of_labelled);
  out += ",\"aspects\":{";
  for (size_t a = 0; a < p.aspects.size(); ++a) {
    if (a > 0) out += ',';
    out += "\"" + std::string(ContextAspectName(p.aspects[a].aspect)) +
           "\":{\"present\":" + (p.aspects[a].present ? "true" : "false") +
           ",\"from_form\":" + (p.aspects[a].from_form ? "true" : "false") + ",\"evidence\":";
    AppendEvidenceJson(out, p, p.aspects[a].evidence);
    out += '}';
  }
  out += "},\"next_actions\":{\"present\":" + std::string(p.has_next_actions ? "true" : "false") +
         ",\"from_form\":" + (p.next_actions_from_form ? "true" : "false") + ",\"evidence\":";
  AppendEvidenceJson(out, p, p.next_actions);
  out += "},\"influence\":{\"present\":" + std::string(p.has_influence ? "true" : "false") +
         ",\"from_form\":" + (p.influence_from_form ? "true" : "false") + ",\"evidence\":";
  AppendEvidenceJson(out, p, p.influence);
  out += "},\"static_self_image\":";
  AppendEvidenceJson(out, p, p.static_self_image);
  out += ",\"drifting\":" + std::string(p.drifting ? "true" : "false") + ",\"drift_reasons\":[";
  for (size_t i = 0; i < p.drift_reasons.size(); ++i) {
    out += (i > 0 ? ",\"" : "\"") + std::string(DriftReasonName(p.drift_reasons[i])) + "\"";
  }
  out += "],\"gaps\":[";
  for (size_t i = 0; i < p.gaps.size(); ++i) {
    out += (i > 0 ? ",\"" : "\"") + std::string(FocusGapName(p.gaps[i])) + "\"";
  }
  out += "],\"questions\":[";
  for (size_t i = 0; i < p.questions.size(); ++i) {
    out += (i > 0 ? ",{\"gap\":\"" : "{\"gap\":\"") +
           std::string(FocusGapName(p.questions[i].gap)) + "\",\"text\":";
    AppendJsonString(out, p.questions[i].text);
    out += '}';
  }
  out += "],\"sentences\":[";
  for (size_t i = 0; i < p.sentences.size(); ++i) {
    const FocusSentence& s = p.sentences[i];
    if (i > 0) out += ',';
    out += "{\"section\":";
    AppendJsonString(out, s.section);
    out += ",\"offset\":" + std::to_string(s.offset) + ",\"text\":";
    AppendJsonString(out, s.text);
    out += ",\"label\":\"" + std::string(FocusLabelName(s.label)) + "\",\"decision\":\"" +
           s.decision + "\",\"deciding_cue\":" +
           (s.deciding_cue < 0 ? std::string("null") : std::to_string(s.deciding_cue)) +
           ",\"runner_up\":" +
           (s.decision == "model" ? "\"" + std::string(FocusLabelName(s.runner_up)) + "\""
                                  : std::string("null"));
    out += ",\"scores\":" +
           per_label([&](FocusLabel l) { return JsonNumber(s.scores[static_cast<int>(l)]); });
    out += ",\"cues\":[";
    for (size_t c = 0; c < s.cues.size(); ++c) {
      const FocusCue& cue = s.cues[c];
      if (c > 0) out += ',';
      out += "{\"kind\":\"" + std::string(FocusCueKindName(cue.kind)) + "\",\"label\":\"" +
             std::string(FocusLabelName(cue.label)) + "\",\"weight\":" + JsonNumber(cue.weight) +
             ",\"negated\":" + (cue.negated ? "true" : "false") +
             ",\"counted\":" + (cue.counted ? "true" : "false") +
             ",\"push\":" + JsonNumber(cue.push) +
             ",\"reason\":" + (cue.reason ? "true" : "false") + ",\"support\":" +
             per_label([&](FocusLabel l) { return JsonNumber(cue.support[static_cast<int>(l)]); }) +
             ",\"begin\":" + std::to_string(cue.begin) + ",\"end\":" + std::to_string(cue.end) +
             ",\"text\":";
      AppendJsonString(out, cue.text);
      out += ",\"pattern\":";
      AppendJsonString(out, cue.pattern);
      out += ",\"rule\":";
      AppendJsonString(out, cue.rule_id);
      out += '}';
    }
    out += "]}";
  }
  out += "]}";
  return out;
}

}  // namespace kring
