// The audit report as a few titled tables of plain text, shared by the terminal, Markdown and
// HTML renderers so that all three say the same thing in the same words. Cells hold cleaned,
// unescaped text; each renderer escapes for its own format.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/review/audit.h"
#include "core/text/language.h"

namespace kring::audit_tables {

struct Table {
  std::string title;
  std::string intro;  // one sentence saying what the numbers mean
  std::vector<std::string> headers;
  std::vector<bool> numeric;  // right-aligned columns
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> notes;  // shown under the table
  std::string empty_text;          // shown instead of the table when there are no rows
  // The last column holds sentences: a terminal prints it under each row, in full, rather than
  // as a column it would have to cut short.
  bool last_below = false;
};

// Every text in `language`; numbers, shares and dates written the way that language writes them.
std::string Heading(const AuditReport& report, Language language);  // Audit report for group 'X'
// 1 January 2026 through 31 March 2026
std::string PeriodText(const AuditReport& r, Language language);
std::string ScopeText(const AuditReport& r, Language language);  // all coaches / coach 'ann' only
// "Period ... (UTC), all coaches. Made ...": the line under the heading.
std::string MetaText(const AuditReport& r, Language language);
// Label / value pairs for the overview.
std::vector<std::pair<std::string, std::string>> Overview(const AuditReport& r, Language language);
Table Scores(const AuditReport& r, Language language);
Table WorkFocus(const AuditReport& r, Language language);
Table Drifting(const AuditReport& r, Language language);
Table Reviewers(const AuditReport& r, Language language);
Table Months(const AuditReport& r, Language language);
// How the figures are computed, in plain words (for the end of the human-readable formats).
std::vector<std::string> Explanations(Language language);
// A coach's name as people read it: the whole group's row and a coach without an alias in
// `language`, everyone else as the report names them (cleaned of control characters).
std::string CoachName(const AuditReport& r, const CoachAudit& c, Language language);
std::string DisplayName(const std::string& display_name, Language language);

}  // namespace kring::audit_tables
