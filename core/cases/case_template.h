// The Markdown form of a case reflection: what `kring case new` opens in the coach's editor and
// what `--from FILE` reads. Headings follow the learning-focused coaching framework; English and
// Dutch headings are both understood.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"
#include "proto/store.pb.h"

namespace kring {

inline constexpr size_t kMaxCaseFileBytes = 1 << 20;  // 1 MiB

// One section of a case: its field in pb::CaseReflection and its headings.
struct CaseSection {
  std::string_view key;      // stable name, e.g. "situation" (also the flag name)
  std::string_view english;  // heading in English templates
  std::string_view dutch;    // heading in Dutch templates
  std::string_view hint;     // what to write, shown as a comment in the template
};
const std::vector<CaseSection>& CaseSections();

// Gets/sets a text field by section key ("title", "situation", ...). "tags" is a comma list.
std::string GetCaseField(const pb::CaseReflection& reflection, std::string_view key);
void SetCaseField(pb::CaseReflection& reflection, std::string_view key, std::string value);

// Renders the template, filled with `reflection` (empty for a new case). `dutch` picks headings.
std::string RenderCaseTemplate(const pb::CaseReflection& reflection, bool dutch);

// Parses a filled-in template. Errors name the line and heading that is wrong.
Result<pb::CaseReflection> ParseCaseTemplate(std::string_view text);

// Checks a reflection built from flags or a file: title present, date well-formed, sizes sane.
Status ValidateCase(const pb::CaseReflection& reflection);

// YYYY-MM-DD with a real calendar date.
bool IsIsoDate(std::string_view date);

}  // namespace kring
