// Renders an AuditReport (core/review/audit.h) for people and for other programs. All renderers are
// pure and deterministic: the same report in the same language gives the same bytes. User text
// (titles, aliases) is cleaned of control characters and escaped for each format. docs/audit.md
// describes each format.
#pragma once

#include <string>
#include <string_view>

#include "core/base/status.h"
#include "core/i18n/messages.h"
#include "core/review/audit.h"
#include "core/text/language.h"

namespace kring {

enum class AuditFormat { kTable, kMarkdown, kJson, kCsv, kHtml };

// "table", "md" (or "markdown"), "json", "csv", "html".
Result<AuditFormat> ParseAuditFormat(std::string_view name);

// How to render: the format, and the language of the human formats (table, Markdown, HTML). JSON
// and CSV are the same in every language: stable English keys, values that are data.
struct AuditRenderOptions {
  AuditFormat format = AuditFormat::kTable;
  Language language = Language::kEnglish;
};
std::string RenderAudit(const AuditReport& report, const AuditRenderOptions& options);
// The same, with the human formats in `language` (by default the process's language).
std::string RenderAudit(const AuditReport& report, AuditFormat format,
                        Language language = i18n::CurrentLanguage());

// Aligned plain-text tables for a terminal (at most about 100 columns wide).
std::string RenderAuditTable(const AuditReport& report,
                             Language language = i18n::CurrentLanguage());
// GitHub/CommonMark tables.
std::string RenderAuditMarkdown(const AuditReport& report,
                                Language language = i18n::CurrentLanguage());
// One JSON object with stable keys in a fixed order; missing values are null.
std::string RenderAuditJson(const AuditReport& report);
// Long format (RFC 4180, CRLF): section,coach,month,case,measure,value — one figure per row.
std::string RenderAuditCsv(const AuditReport& report);
// One self-contained HTML page: inline CSS and SVG charts, no scripts, nothing fetched. Its
// <html lang> is the language's code.
std::string RenderAuditHtml(const AuditReport& report, Language language = i18n::CurrentLanguage());

}  // namespace kring
