// Renders an AuditReport (core/review/audit.h) for people and for other programs. All renderers are
// pure and deterministic: the same report gives the same bytes. User text (titles, aliases) is
// cleaned of control characters and escaped for each format. docs/audit.md describes each format.
#pragma once

#include <string>
#include <string_view>

#include "core/base/status.h"
#include "core/review/audit.h"

namespace kring {

enum class AuditFormat { kTable, kMarkdown, kJson, kCsv, kHtml };

// "table", "md" (or "markdown"), "json", "csv", "html".
Result<AuditFormat> ParseAuditFormat(std::string_view name);
std::string RenderAudit(const AuditReport& report, AuditFormat format);

// Aligned plain-text tables for a terminal (at most about 100 columns wide).
std::string RenderAuditTable(const AuditReport& report);
// GitHub/CommonMark tables.
std::string RenderAuditMarkdown(const AuditReport& report);
// One JSON object with stable keys in a fixed order; missing values are null.
std::string RenderAuditJson(const AuditReport& report);
// Long format (RFC 4180, CRLF): section,coach,month,case,measure,value — one figure per row.
std::string RenderAuditCsv(const AuditReport& report);
// One self-contained HTML page: inline CSS and SVG charts, no scripts, nothing fetched.
std::string RenderAuditHtml(const AuditReport& report);

}  // namespace kring
