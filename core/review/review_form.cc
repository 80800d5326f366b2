#include "core/review/review_form.h"

#include <cctype>
#include <vector>

#include "core/base/ascii.h"
#include "core/crypto/identity.h"
#include "core/i18n/format.h"
#include "core/i18n/messages.h"

namespace kring {
namespace {

using i18n::Tr;

constexpr size_t kPrincipleCountInForm = 4;
constexpr std::array<Language, 2> kLanguages = {Language::kEnglish, Language::kDutch};

// The label of principle `i` (0..3) as the template writes it.
std::string PrincipleLabel(size_t i, Language language) {
  switch (i) {
    case 0:
      return Tr(language, "reviewform.principle.1");
    case 1:
      return Tr(language, "reviewform.principle.2");
    case 2:
      return Tr(language, "reviewform.principle.3");
    default:
      return Tr(language, "reviewform.principle.4");
  }
}
std::string PrincipleLabel(size_t i) { return PrincipleLabel(i, i18n::CurrentLanguage()); }

// What a score line's label may start with (lower case), in either language: a Dutch coach may
// fill in an English form and the other way round. The template's own labels count as well.
bool LabelIsPrinciple(const std::string& label, size_t i) {
  // i18n-ok: words the parser recognises, not shown.
  static constexpr std::array<std::array<std::string_view, 2>, 4> kPrefixes = {{
      {"reflection", "reflectie"},
      {"context", "invloed"},
      {"learning", "leren"},
      {"self", "zelf"},
  }};
  for (std::string_view prefix : kPrefixes[i]) {
    if (label.rfind(prefix, 0) == 0) return true;
  }
  for (Language language : kLanguages) {
    if (label.rfind(LowerAscii(PrincipleLabel(i, language)), 0) == 0) return true;
  }
  return false;
}

enum class Section { kNone, kScores, kFocused, kStrengths, kSuggestion, kQuestions };

std::string HeadingText(Section section, Language language) {
  switch (section) {
    case Section::kScores:
      return Tr(language, "reviewform.heading.scores");
    case Section::kFocused:
      return Tr(language, "reviewform.heading.focused");
    case Section::kStrengths:
      return Tr(language, "reviewform.heading.strengths");
    case Section::kSuggestion:
      return Tr(language, "reviewform.heading.suggestion");
    case Section::kQuestions:
    case Section::kNone:
      break;
  }
  return Tr(language, "reviewform.heading.questions");
}
std::string HeadingText(Section section) { return HeadingText(section, i18n::CurrentLanguage()); }

// "line 3: <problem>".
std::string AtLine(size_t line, const std::string& problem) {
  return Tr("reviewform.error.at_line", {{"line", std::to_string(line)}, {"problem", problem}});
}

// Blanks out <!-- ... --> comments but keeps their newlines, so line numbers stay right.
Result<std::string> StripComments(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  size_t line = 1;
  while (i < text.size()) {
    if (text.compare(i, 4, "<!--") == 0) {
      size_t end = text.find("-->", i + 4);
      if (end == std::string_view::npos) {
        return Status::Usage(AtLine(line, Tr("reviewform.error.comment_open")));
      }
      for (size_t j = i; j < end; ++j) {
        if (text[j] == '\n') {
          out.push_back('\n');
          ++line;
        }
      }
      i = end + 3;
      continue;
    }
    if (text[i] == '\n') ++line;
    out.push_back(text[i++]);
  }
  return out;
}

bool StartsWithAny(const std::string& h, std::initializer_list<std::string_view> prefixes) {
  for (std::string_view p : prefixes) {
    if (h.rfind(p, 0) == 0) return true;
  }
  return false;
}

// A heading of either language: the English ones exactly as accepted before the form had a
// Dutch version, their Dutch counterparts, and the template's headings in both languages.
Result<Section> SectionFor(std::string_view heading, size_t line) {
  const std::string h = LowerAscii(TrimAscii(heading));
  // i18n-ok: words the parser recognises, not shown.
  if (StartsWithAny(h, {"score"})) return Section::kScores;
  // i18n-ok: words the parser recognises, not shown.
  if (StartsWithAny(h, {"work-focused", "focus", "did the session", "werkgericht",
                        // i18n-ok: words the parser recognises
                        "gericht op werk", "bleef de sessie"})) {
    return Section::kFocused;
  }
  if (StartsWithAny(h, {"strength", "sterk"})) return Section::kStrengths;
  if (StartsWithAny(h, {"suggestion", "suggestie"})) return Section::kSuggestion;
  if (StartsWithAny(h, {"question", "vraag", "vragen"})) return Section::kQuestions;
  for (Section s : {Section::kScores, Section::kFocused, Section::kStrengths, Section::kSuggestion,
                    Section::kQuestions}) {
    for (Language language : kLanguages) {
      const std::string own = LowerAscii(HeadingText(s, language));
      if (!own.empty() && h.rfind(own, 0) == 0) return s;
    }
  }
  return Status::Usage(AtLine(line, Tr("reviewform.error.unknown_heading",
                                       {{"heading", TrimAscii(heading)},
                                        {"scores", HeadingText(Section::kScores)},
                                        {"focused", HeadingText(Section::kFocused)},
                                        {"strengths", HeadingText(Section::kStrengths)},
                                        {"suggestion", HeadingText(Section::kSuggestion)},
                                        {"questions", HeadingText(Section::kQuestions)}})));
}

Result<uint32_t> ParseOneScore(std::string_view text, const std::string& what) {
  const std::string t = TrimAscii(text);
  if (t.size() != 1 || t[0] < '1' || t[0] > '5') {
    return Status::Usage(Tr("reviewform.error.score_value", {{"principle", what}, {"value", t}}));
  }
  return static_cast<uint32_t>(t[0] - '0');
}

Status ParseScoreLine(std::string_view line, size_t line_no, std::array<uint32_t, 4>& scores) {
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) {
    return Status::Usage(
        AtLine(line_no, Tr("reviewform.error.score_line", {{"example", PrincipleLabel(0)}})));
  }
  const std::string label = LowerAscii(TrimAscii(line.substr(0, colon)));
  for (size_t i = 0; i < scores.size(); ++i) {
    if (!LabelIsPrinciple(label, i)) continue;
    if (scores[i] != 0) {
      return Status::Usage(
          AtLine(line_no, Tr("reviewform.error.scored_twice", {{"principle", PrincipleLabel(i)}})));
    }
    auto score = ParseOneScore(line.substr(colon + 1), PrincipleLabel(i));
    if (!score.ok()) return Status::Usage(AtLine(line_no, score.status().message()));
    scores[i] = *score;
    return Status::Ok();
  }
  return Status::Usage(AtLine(line_no, Tr("reviewform.error.unknown_principle",
                                          {{"label", TrimAscii(line.substr(0, colon))}})));
}

enum class Part { kStrengths, kSuggestion, kQuestions };

Status CheckText(const std::string& text, Part part) {
  if (part != Part::kQuestions && TrimAscii(text).empty()) {
    return Status::Usage(part == Part::kStrengths ? Tr("reviewform.error.strengths_missing")
                                                  : Tr("reviewform.error.suggestion_missing"));
  }
  if (text.size() > kMaxReviewTextBytes) {
    const int64_t n = static_cast<int64_t>(kMaxReviewTextBytes);
    switch (part) {
      case Part::kStrengths:
        return Status::Usage(Tr("reviewform.error.strengths_too_long", {{"n", n}}));
      case Part::kSuggestion:
        return Status::Usage(Tr("reviewform.error.suggestion_too_long", {{"n", n}}));
      case Part::kQuestions:
        return Status::Usage(Tr("reviewform.error.questions_too_long", {{"n", n}}));
    }
  }
  if (!IsValidUtf8(text)) {
    switch (part) {
      case Part::kStrengths:
        return Status::Usage(Tr("reviewform.error.strengths_utf8"));
      case Part::kSuggestion:
        return Status::Usage(Tr("reviewform.error.suggestion_utf8"));
      case Part::kQuestions:
        return Status::Usage(Tr("reviewform.error.questions_utf8"));
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::array<uint32_t, 4>> ParseScores(std::string_view text) {
  std::array<uint32_t, 4> scores{};
  size_t count = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    if (count == scores.size()) return Status::Usage(Tr("reviewform.error.four_scores"));
    KRING_ASSIGN_OR_RETURN(scores[count],
                           ParseOneScore(text.substr(start, comma - start), PrincipleLabel(count)));
    ++count;
    start = comma + 1;
  }
  if (count != scores.size()) return Status::Usage(Tr("reviewform.error.four_scores"));
  return scores;
}

Result<pb::Focused> ParseFocused(std::string_view text) {
  const std::string t = LowerAscii(TrimAscii(text));
  if (t == "yes" || t == "ja") return pb::FOCUSED_YES;
  if (t == "partly" || t == "deels") return pb::FOCUSED_PARTLY;
  if (t == "no" || t == "nee") return pb::FOCUSED_NO;
  return Status::Usage(Tr("reviewform.error.focused_value", {{"value", TrimAscii(text)}}));
}

std::string_view FocusedName(pb::Focused focused) {
  switch (focused) {
    case pb::FOCUSED_YES:
      return "yes";
    case pb::FOCUSED_PARTLY:
      return "partly";
    case pb::FOCUSED_NO:
      return "no";
    default:
      return "?";
  }
}

std::string FocusedText(pb::Focused focused, Language language) {
  switch (focused) {
    case pb::FOCUSED_YES:
      return Tr(language, "reviewform.focused.yes");
    case pb::FOCUSED_PARTLY:
      return Tr(language, "reviewform.focused.partly");
    case pb::FOCUSED_NO:
      return Tr(language, "reviewform.focused.no");
    default:
      return "?";
  }
}

std::array<uint32_t, 4> ReviewScores(const pb::ReviewBody& body) {
  return {body.reflection_on_action(), body.context_versus_choices(),
          body.learning_from_experience(), body.self_direction()};
}

void SetReviewScores(pb::ReviewBody& body, const std::array<uint32_t, 4>& scores) {
  body.set_reflection_on_action(scores[0]);
  body.set_context_versus_choices(scores[1]);
  body.set_learning_from_experience(scores[2]);
  body.set_self_direction(scores[3]);
}

Status ValidateReview(const pb::ReviewBody& body) {
  const auto scores = ReviewScores(body);
  for (size_t i = 0; i < scores.size(); ++i) {
    if (scores[i] < 1 || scores[i] > 5) {
      return Status::Usage(Tr("reviewform.error.score_range", {{"principle", PrincipleLabel(i)}}));
    }
  }
  if (body.focused() != pb::FOCUSED_YES && body.focused() != pb::FOCUSED_PARTLY &&
      body.focused() != pb::FOCUSED_NO) {
    return Status::Usage(Tr("reviewform.error.focused_missing"));
  }
  KRING_RETURN_IF_ERROR(CheckText(body.strengths(), Part::kStrengths));
  KRING_RETURN_IF_ERROR(CheckText(body.suggestion(), Part::kSuggestion));
  KRING_RETURN_IF_ERROR(CheckText(body.questions(), Part::kQuestions));
  return Status::Ok();
}

Result<pb::ReviewBody> ReviewFromFlags(const ReviewFlags& flags) {
  pb::ReviewBody body;
  if (flags.scores.empty()) return Status::Usage(Tr("reviewform.error.flags_scores"));
  KRING_ASSIGN_OR_RETURN(auto scores, ParseScores(flags.scores));
  SetReviewScores(body, scores);
  if (flags.focused.empty()) return Status::Usage(Tr("reviewform.error.flags_focused"));
  KRING_ASSIGN_OR_RETURN(pb::Focused focused, ParseFocused(flags.focused));
  body.set_focused(focused);
  body.set_strengths(TrimAscii(flags.strengths));
  body.set_suggestion(TrimAscii(flags.suggestion));
  body.set_questions(TrimAscii(flags.questions));
  KRING_RETURN_IF_ERROR(ValidateReview(body));
  return body;
}

std::string RenderReviewTemplate(std::string_view case_label, Language language) {
  auto comment = [](const std::string& text) { return "<!-- " + text + " -->\n"; };
  auto heading = [&](Section s) { return "## " + HeadingText(s, language) + "\n"; };
  std::string out =
      comment(Tr(language, "reviewform.template.intro", {{"case", std::string(case_label)}}));
  out += "\n" + heading(Section::kScores) + comment(Tr(language, "reviewform.template.scores"));
  for (size_t i = 0; i < kPrincipleCountInForm; ++i) out += PrincipleLabel(i, language) + ": \n";
  out += "\n" + heading(Section::kFocused) + comment(Tr(language, "reviewform.template.focused")) +
         "\n\n" + heading(Section::kStrengths) +
         comment(Tr(language, "reviewform.template.strengths")) + "\n\n" +
         heading(Section::kSuggestion) + comment(Tr(language, "reviewform.template.suggestion")) +
         "\n\n" + heading(Section::kQuestions) +
         comment(Tr(language, "reviewform.template.questions")) + "\n";
  return out;
}

Result<pb::ReviewBody> ParseReviewForm(std::string_view text) {
  if (text.size() > kMaxReviewFormBytes) return Status::Usage(Tr("reviewform.error.too_large"));
  KRING_ASSIGN_OR_RETURN(std::string clean, StripComments(text));
  std::array<uint32_t, 4> scores{};
  bool seen[6] = {};
  std::string focused, strengths, suggestion, questions;
  Section section = Section::kNone;
  size_t line_no = 0;
  size_t start = 0;
  while (start < clean.size()) {
    size_t end = clean.find('\n', start);
    if (end == std::string::npos) end = clean.size();
    std::string_view line(clean.data() + start, end - start);
    start = end + 1;
    ++line_no;
    if (line.rfind("##", 0) == 0) {
      KRING_ASSIGN_OR_RETURN(section, SectionFor(line.substr(2), line_no));
      if (seen[static_cast<int>(section)]) {
        return Status::Usage(
            AtLine(line_no, Tr("reviewform.error.heading_twice", {{"heading", TrimAscii(line)}})));
      }
      seen[static_cast<int>(section)] = true;
      continue;
    }
    if (TrimAscii(line).empty() && section != Section::kStrengths &&
        section != Section::kSuggestion && section != Section::kQuestions) {
      continue;
    }
    std::string* target = nullptr;
    switch (section) {
      case Section::kNone:
        return Status::Usage(
            AtLine(line_no, Tr("reviewform.error.text_before_heading",
                               {{"scores", HeadingText(Section::kScores)},
                                {"focused", HeadingText(Section::kFocused)},
                                {"strengths", HeadingText(Section::kStrengths)},
                                {"suggestion", HeadingText(Section::kSuggestion)},
                                {"questions", HeadingText(Section::kQuestions)}})));
      case Section::kScores:
        KRING_RETURN_IF_ERROR(ParseScoreLine(line, line_no, scores));
        continue;
      case Section::kFocused:
        target = &focused;
        break;
      case Section::kStrengths:
        target = &strengths;
        break;
      case Section::kSuggestion:
        target = &suggestion;
        break;
      case Section::kQuestions:
        target = &questions;
        break;
    }
    target->append(line);
    target->push_back('\n');
  }
  for (size_t i = 0; i < scores.size(); ++i) {
    if (scores[i] == 0) {
      return Status::Usage(
          Tr("reviewform.error.score_missing",
             {{"principle", PrincipleLabel(i)}, {"heading", HeadingText(Section::kScores)}}));
    }
  }
  pb::ReviewBody body;
  SetReviewScores(body, scores);
  if (TrimAscii(focused).empty()) {
    return Status::Usage(
        Tr("reviewform.error.focused_empty", {{"heading", HeadingText(Section::kFocused)}}));
  }
  KRING_ASSIGN_OR_RETURN(pb::Focused f, ParseFocused(focused));
  body.set_focused(f);
  body.set_strengths(TrimAscii(strengths));
  body.set_suggestion(TrimAscii(suggestion));
  body.set_questions(TrimAscii(questions));
  KRING_RETURN_IF_ERROR(ValidateReview(body));
  return body;
}

}  // namespace kring
