// The Markdown form of a case reflection: what `kring case new` opens in the coach's editor and
// what `--from FILE` reads. Headings follow the learning-focused coaching framework; English and
// Dutch headings are both understood.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"
#include "core/text/language.h"
#include "proto/store.pb.h"

namespace kring {

inline constexpr size_t kMaxCaseFileBytes = 1 << 20;  // 1 MiB

// One section of a case: its field in pb::CaseReflection and the headings case files have used
// for it since the first release. These two are part of the file format: the parser always
// understands them, whatever the catalogue says. What a coach reads (the heading a template
// shows, the hint under it) comes from the catalogue: CaseSectionHeading / CaseSectionHint.
struct CaseSection {
  std::string_view key;      // stable name, e.g. "situation" (also the flag name)
  std::string_view english;  // heading understood in English case files
  std::string_view dutch;    // heading understood in Dutch case files
};
const std::vector<CaseSection>& CaseSections();

// A section's heading ("Werksituatie") and what to write under it, in `language`: the words a
// coach reads for a field, in templates, `case check` and `case anonymise` (from the catalogue,
// ids cases.section.<key>.heading / .hint).
std::string CaseSectionHeading(std::string_view key, Language language);
std::string CaseSectionHint(std::string_view key, Language language);

// Gets/sets a text field by section key ("title", "situation", ...). "tags" is a comma list.
std::string GetCaseField(const pb::CaseReflection& reflection, std::string_view key);
void SetCaseField(pb::CaseReflection& reflection, std::string_view key, std::string value);

// Renders the template, filled with `reflection` (empty for a new case). `dutch` picks the
// template's language: its opening comment, headings and hints are all Dutch or all English.
std::string RenderCaseTemplate(const pb::CaseReflection& reflection, bool dutch);

// Parses a filled-in template with Dutch or English headings. Errors (in the process language)
// name the line and the heading that is wrong, as the file writes it, never the text under it.
Result<pb::CaseReflection> ParseCaseTemplate(std::string_view text);

// Checks a reflection built from flags or a file: title present, date well-formed, sizes sane.
// Headings named in errors are in the process language.
Status ValidateCase(const pb::CaseReflection& reflection);

// YYYY-MM-DD with a real calendar date.
bool IsIsoDate(std::string_view date);

}  // namespace kring
