// The review form (DESIGN.md §6): a peer scores the four principles of learning-focused coaching
// from 1 to 5, answers "did the session stay work- and learning-focused?" (yes / partly / no),
// names strengths and one suggestion, and may add the questions they would have asked. The form
// comes either from flags (`--scores 4,3,5,4 --focused yes ...`) or from a small Markdown
// template edited in $EDITOR; both end in one validated pb::ReviewBody.
//
// Pure: no files, no clock.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/status.h"
#include "core/i18n/messages.h"
#include "core/text/language.h"
#include "entry.pb.h"

namespace kring {

// Longest text accepted for strengths, the suggestion and the questions (bytes).
inline constexpr size_t kMaxReviewTextBytes = 4000;
// Largest filled-in form accepted from the editor.
inline constexpr size_t kMaxReviewFormBytes = 64 << 10;

// Errors are in the process's language (i18n::CurrentLanguage()).

// "4,3,5,4": four whole numbers from 1 to 5 (spaces allowed). Usage error otherwise.
Result<std::array<uint32_t, 4>> ParseScores(std::string_view text);
// "yes", "partly", "no" (also Dutch "ja", "deels", "nee"), any letter case.
Result<pb::Focused> ParseFocused(std::string_view text);
std::string_view FocusedName(pb::Focused focused);  // "yes", "partly", "no", "?" (for JSON)
// The same for people: "ja", "deels", "nee" in Dutch.
std::string FocusedText(pb::Focused focused, Language language = i18n::CurrentLanguage());

std::array<uint32_t, 4> ReviewScores(const pb::ReviewBody& body);
void SetReviewScores(pb::ReviewBody& body, const std::array<uint32_t, 4>& scores);

// Everything a review must have before it is signed: four scores in 1..5, an answer to the focus
// question, strengths and a suggestion (not blank), texts within kMaxReviewTextBytes and valid
// UTF-8. Usage error (exit 2) with words for the coach.
Status ValidateReview(const pb::ReviewBody& body);

// The review given by flags; validated.
struct ReviewFlags {
  std::string scores;
  std::string focused;
  std::string strengths;
  std::string suggestion;
  std::string questions;
};
Result<pb::ReviewBody> ReviewFromFlags(const ReviewFlags& flags);

// The template for the editor, its headings and hints in `language`. `case_label` names the case
// in the opening comment, e.g. "case 3fa2c1d0 'Team in transition' in Intervisie Utrecht".
std::string RenderReviewTemplate(std::string_view case_label,
                                 Language language = i18n::CurrentLanguage());

// Parses a filled-in template and validates it. Lines inside <!-- --> comments are ignored. The
// headings and principle labels of both languages are accepted, whatever language the form was
// rendered in. Errors name the line that is wrong.
Result<pb::ReviewBody> ParseReviewForm(std::string_view text);

}  // namespace kring
