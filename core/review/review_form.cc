#include "core/review/review_form.h"

#include <cctype>
#include <vector>

#include "core/base/ascii.h"
#include "core/crypto/identity.h"

namespace kring {
namespace {

struct PrincipleLabel {
  std::string_view label;   // as written in the template
  std::string_view prefix;  // what a line's label must start with (lower case)
};
constexpr std::array<PrincipleLabel, 4> kPrinciples = {{
    {"Reflection on professional action", "reflection"},
    {"Context versus own choices", "context"},
    {"Learning from work experience", "learning"},
    {"Self-direction in learning", "self"},
}};

enum class Section { kNone, kScores, kFocused, kStrengths, kSuggestion, kQuestions };

std::string LineRef(size_t line) { return "line " + std::to_string(line) + ": "; }

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
        return Status::Usage(LineRef(line) + "a comment opened with <!-- is never closed with -->");
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

Result<Section> SectionFor(std::string_view heading, size_t line) {
  const std::string h = LowerAscii(TrimAscii(heading));
  if (h.rfind("score", 0) == 0) return Section::kScores;
  if (h.rfind("work-focused", 0) == 0 || h.rfind("focus", 0) == 0 ||
      h.rfind("did the session", 0) == 0) {
    return Section::kFocused;
  }
  if (h.rfind("strength", 0) == 0) return Section::kStrengths;
  if (h.rfind("suggestion", 0) == 0) return Section::kSuggestion;
  if (h.rfind("question", 0) == 0) return Section::kQuestions;
  return Status::Usage(LineRef(line) + "unknown heading '## " + TrimAscii(heading) +
                       "': the form has Scores, Work-focused, Strengths, Suggestion and "
                       "Questions");
}

Result<uint32_t> ParseOneScore(std::string_view text, std::string_view what) {
  const std::string t = TrimAscii(text);
  if (t.size() != 1 || t[0] < '1' || t[0] > '5') {
    return Status::Usage("the score for '" + std::string(what) + "' must be a whole number from " +
                         "1 to 5, not '" + t + "'");
  }
  return static_cast<uint32_t>(t[0] - '0');
}

Status ParseScoreLine(std::string_view line, size_t line_no, std::array<uint32_t, 4>& scores) {
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) {
    return Status::Usage(LineRef(line_no) + "write each score as 'principle: number', e.g. " +
                         "'Reflection on professional action: 4'");
  }
  const std::string label = LowerAscii(TrimAscii(line.substr(0, colon)));
  for (size_t i = 0; i < kPrinciples.size(); ++i) {
    if (label.rfind(kPrinciples[i].prefix, 0) != 0) continue;
    if (scores[i] != 0) {
      return Status::Usage(LineRef(line_no) + "'" + std::string(kPrinciples[i].label) +
                           "' is scored twice");
    }
    auto score = ParseOneScore(line.substr(colon + 1), kPrinciples[i].label);
    if (!score.ok()) return score.status().WithContext("line " + std::to_string(line_no));
    scores[i] = *score;
    return Status::Ok();
  }
  return Status::Usage(LineRef(line_no) + "unknown principle '" + TrimAscii(line.substr(0, colon)) +
                       "'; the four are: reflection on professional action, context versus own " +
                       "choices, learning from work experience, self-direction in learning");
}

Status CheckText(const std::string& text, std::string_view what, bool required) {
  if (required && TrimAscii(text).empty()) {
    return Status::Usage("write " + std::string(what) + ": a review names them for the coach");
  }
  if (text.size() > kMaxReviewTextBytes) {
    return Status::Usage(std::string(what) + " is too long (at most " +
                         std::to_string(kMaxReviewTextBytes) + " bytes)");
  }
  if (!IsValidUtf8(text)) return Status::Usage(std::string(what) + " is not valid UTF-8 text");
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
    if (count == scores.size()) {
      return Status::Usage("give exactly four scores, one per principle, e.g. --scores 4,3,5,4");
    }
    KRING_ASSIGN_OR_RETURN(
        scores[count], ParseOneScore(text.substr(start, comma - start), kPrinciples[count].label));
    ++count;
    start = comma + 1;
  }
  if (count != scores.size()) {
    return Status::Usage("give exactly four scores, one per principle, e.g. --scores 4,3,5,4");
  }
  return scores;
}

Result<pb::Focused> ParseFocused(std::string_view text) {
  const std::string t = LowerAscii(TrimAscii(text));
  if (t == "yes" || t == "ja") return pb::FOCUSED_YES;
  if (t == "partly" || t == "deels") return pb::FOCUSED_PARTLY;
  if (t == "no" || t == "nee") return pb::FOCUSED_NO;
  return Status::Usage("did the session stay work- and learning-focused? Answer yes, partly or " +
                       std::string("no, not '") + TrimAscii(text) + "'");
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
      return Status::Usage("score '" + std::string(kPrinciples[i].label) +
                           "' from 1 (hardly) to 5 (fully)");
    }
  }
  if (body.focused() != pb::FOCUSED_YES && body.focused() != pb::FOCUSED_PARTLY &&
      body.focused() != pb::FOCUSED_NO) {
    return Status::Usage(
        "say whether the session stayed work- and learning-focused: yes, partly or no");
  }
  KRING_RETURN_IF_ERROR(CheckText(body.strengths(), "the strengths", true));
  KRING_RETURN_IF_ERROR(CheckText(body.suggestion(), "one suggestion", true));
  KRING_RETURN_IF_ERROR(CheckText(body.questions(), "the questions", false));
  return Status::Ok();
}

Result<pb::ReviewBody> ReviewFromFlags(const ReviewFlags& flags) {
  pb::ReviewBody body;
  if (flags.scores.empty()) {
    return Status::Usage("give the four scores with --scores, e.g. --scores 4,3,5,4");
  }
  KRING_ASSIGN_OR_RETURN(auto scores, ParseScores(flags.scores));
  SetReviewScores(body, scores);
  if (flags.focused.empty()) {
    return Status::Usage(
        "say with --focused yes|partly|no whether the session stayed work- "
        "and learning-focused");
  }
  KRING_ASSIGN_OR_RETURN(pb::Focused focused, ParseFocused(flags.focused));
  body.set_focused(focused);
  body.set_strengths(TrimAscii(flags.strengths));
  body.set_suggestion(TrimAscii(flags.suggestion));
  body.set_questions(TrimAscii(flags.questions));
  KRING_RETURN_IF_ERROR(ValidateReview(body));
  return body;
}

std::string RenderReviewTemplate(std::string_view case_label) {
  std::string out = "<!-- Review of " + std::string(case_label) + ".\n";
  out +=
      "     Fill in each part below the headings. Save and close the editor to sign and store\n"
      "     the review; close it unchanged to cancel. Comments like this one are ignored. -->\n"
      "\n"
      "## Scores\n"
      "<!-- From 1 (hardly) to 5 (fully), after each colon. -->\n";
  for (const auto& p : kPrinciples) out += std::string(p.label) + ": \n";
  out +=
      "\n"
      "## Work-focused\n"
      "<!-- Did the session stay work- and learning-focused? yes / partly / no -->\n"
      "\n"
      "\n"
      "## Strengths\n"
      "<!-- What went well in this session? -->\n"
      "\n"
      "\n"
      "## Suggestion\n"
      "<!-- One suggestion for the coach. -->\n"
      "\n"
      "\n"
      "## Questions\n"
      "<!-- Optional: the questions you would have asked. -->\n"
      "\n";
  return out;
}

Result<pb::ReviewBody> ParseReviewForm(std::string_view text) {
  if (text.size() > kMaxReviewFormBytes) {
    return Status::Usage("the review form is too large (at most 64 KiB)");
  }
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
        return Status::Usage(LineRef(line_no) + "the heading '" + TrimAscii(line) +
                             "' appears twice");
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
        return Status::Usage(LineRef(line_no) +
                             "text before the first heading; write under '## Scores', "
                             "'## Work-focused', '## Strengths', '## Suggestion' or "
                             "'## Questions'");
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
      return Status::Usage("score '" + std::string(kPrinciples[i].label) +
                           "' from 1 to 5 under '## Scores'");
    }
  }
  pb::ReviewBody body;
  SetReviewScores(body, scores);
  if (TrimAscii(focused).empty()) {
    return Status::Usage("answer yes, partly or no under '## Work-focused'");
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
