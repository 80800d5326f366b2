// The audit report as a few titled tables of plain text, shared by the terminal, Markdown and
// HTML renderers so that all three say the same thing in the same words. Cells hold cleaned,
// unescaped text; each renderer escapes for its own format.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/review/audit.h"

namespace kring::audit_tables {

struct Table {
  std::string title;
  std::string intro;  // one sentence saying what the numbers mean
  std::vector<std::string> headers;
  std::vector<bool> numeric;  // right-aligned columns
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> notes;  // shown under the table
  std::string empty_text;          // shown instead of the table when there are no rows
};

std::string Heading(const AuditReport& report);  // Audit report for group 'X'
std::string PeriodText(const AuditReport& r);    // 2026-01-01 through 2026-03-31
std::string ScopeText(const AuditReport& r);     // all coaches / coach 'ann' only
// Label / value pairs for the overview.
std::vector<std::pair<std::string, std::string>> Overview(const AuditReport& r);
Table Scores(const AuditReport& r);
Table WorkFocus(const AuditReport& r);
Table Drifting(const AuditReport& r);
Table Reviewers(const AuditReport& r);
Table Months(const AuditReport& r);
// How the figures are computed, in plain words (for the end of the human-readable formats).
std::vector<std::string> Explanations();

}  // namespace kring::audit_tables
