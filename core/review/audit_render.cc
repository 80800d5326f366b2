#include "core/review/audit_render.h"

#include <algorithm>
#include <cmath>

#include "core/i18n/messages.h"
#include "core/review/audit_tables.h"
#include "core/review/audit_text.h"

namespace kring {
namespace {

using audit_tables::Table;
using audit_text::CleanText;
using i18n::Tr;

constexpr size_t kMaxCellWidth = 40;
constexpr size_t kLineWidth = 100;
constexpr size_t kMinShrunkWidth = 12;

// Word-wraps `text` to kLineWidth: the first line starts with `first`, the others with `next`.
std::string Wrap(const std::string& text, const std::string& first, const std::string& next) {
  std::string out = first;
  size_t col = audit_text::DisplayWidth(first);
  bool line_empty = true;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find(' ', pos);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(pos, end - pos);
    pos = end + 1;
    if (word.empty()) continue;
    const size_t w = audit_text::DisplayWidth(word);
    if (!line_empty && col + 1 + w > kLineWidth) {
      out += "\n" + next;
      col = audit_text::DisplayWidth(next);
      line_empty = true;
    }
    if (!line_empty) {
      out += " ";
      ++col;
    }
    out += word;
    col += w;
    line_empty = false;
  }
  return out + "\n";
}

// ---- Terminal ----

std::string Pad(const std::string& cell, size_t width, bool right) {
  const size_t w = audit_text::DisplayWidth(cell);
  const std::string fill(w < width ? width - w : 0, ' ');
  return right ? fill + cell : cell + fill;
}

void AppendTerminalTable(const Table& t, Language language, std::string& out) {
  out += t.title + "\n" + Wrap(t.intro, "", "");
  if (t.rows.empty()) {
    out += "  " + t.empty_text + "\n\n";
    return;
  }
  // A last column of sentences (why a case is flagged) goes under its row, in full.
  const bool below = t.last_below && t.headers.size() > 1;
  std::vector<std::string> headers = t.headers;
  std::vector<bool> numeric = t.numeric;
  std::vector<std::vector<std::string>> rows = t.rows;
  std::vector<std::string> under;
  if (below) {
    headers.pop_back();
    numeric.pop_back();
    for (auto& row : rows) {
      under.push_back(row.size() == t.headers.size() ? row.back() : "");
      row.resize(headers.size());
    }
  }
  const size_t n = headers.size();
  for (auto& row : rows) {
    for (auto& cell : row) cell = audit_text::Truncate(cell, kMaxCellWidth);
  }
  auto measure = [&] {
    std::vector<size_t> width(n, 0);
    for (size_t i = 0; i < n; ++i) width[i] = audit_text::DisplayWidth(headers[i]);
    for (const auto& row : rows) {
      for (size_t i = 0; i < row.size() && i < n; ++i) {
        width[i] = std::max(width[i], audit_text::DisplayWidth(row[i]));
      }
    }
    return width;
  };
  std::vector<size_t> width = measure();
  // Too wide for the terminal: shorten the widest text column (titles) to fit.
  size_t total = 2 * width.size();
  for (size_t w : width) total += w;
  size_t widest = 0;
  for (size_t i = 0; i < width.size(); ++i) {
    if (!numeric[i] && width[i] > width[widest]) widest = i;
  }
  if (total > kLineWidth && width[widest] > kMinShrunkWidth) {
    const size_t excess = total - kLineWidth;
    const size_t target =
        width[widest] > kMinShrunkWidth + excess ? width[widest] - excess : kMinShrunkWidth;
    for (auto& row : rows) row[widest] = audit_text::Truncate(row[widest], target);
    width = measure();
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string l = " ";
    for (size_t i = 0; i < cells.size(); ++i) {
      l += " " + Pad(cells[i], width[i], numeric[i]);
      if (i + 1 < cells.size()) l += " ";
    }
    while (!l.empty() && l.back() == ' ') l.pop_back();
    out += l + "\n";
  };
  line(headers);
  std::vector<std::string> rule;
  for (size_t w : width) rule.push_back(std::string(w, '-'));
  line(rule);
  for (size_t r = 0; r < rows.size(); ++r) {
    line(rows[r]);
    if (below && !under[r].empty()) {
      out +=
          Wrap(Tr(language, "audit.table.below", {{"label", t.headers.back()}, {"text", under[r]}}),
               "        ", "        ");
    }
  }
  for (const auto& note : t.notes) out += Wrap(note, "  ", "    ");
  out += "\n";
}

// ---- Markdown ----

void AppendMarkdownTable(const Table& t, std::string& out) {
  out += "## " + audit_text::EscapeMarkdown(t.title) + "\n\n" +
         audit_text::EscapeMarkdown(t.intro) + "\n\n";
  if (t.rows.empty()) {
    out += audit_text::EscapeMarkdown(t.empty_text) + "\n\n";
    return;
  }
  auto line = [&](const std::vector<std::string>& cells) {
    out += "|";
    for (const auto& c : cells) out += " " + audit_text::EscapeMarkdown(c) + " |";
    out += "\n";
  };
  line(t.headers);
  out += "|";
  for (bool right : t.numeric) out += right ? " ---: |" : " --- |";
  out += "\n";
  for (const auto& row : t.rows) line(row);
  out += "\n";
  for (const auto& note : t.notes) out += "- " + audit_text::EscapeMarkdown(note) + "\n";
  if (!t.notes.empty()) out += "\n";
}

// ---- JSON ----

std::string JStr(std::string_view s) { return "\"" + audit_text::EscapeJson(CleanText(s)) + "\""; }
std::string JStrArray(const std::vector<std::string>& items) {
  std::string out = "[";
  for (const std::string& item : items) out += (out.size() > 1 ? ", " : "") + JStr(item);
  return out + "]";
}
std::string JNum(const std::optional<double>& v) { return v ? audit_text::Fixed(*v, 4) : "null"; }
std::string JInt(const std::optional<int64_t>& v) { return v ? std::to_string(*v) : "null"; }

// A tiny writer that keeps keys in the order they are written and indents by two spaces.
class JsonWriter {
 public:
  void Open(std::string_view key, char bracket) {
    Key(key);
    out_ += bracket;
    first_ = true;
    ++depth_;
  }
  void Close(char bracket) {
    --depth_;
    if (!first_) Newline();
    out_ += bracket;
    first_ = false;
  }
  void Field(std::string_view key, const std::string& raw_value) {
    Key(key);
    out_ += raw_value;
  }
  std::string Take() { return std::move(out_) + "\n"; }

 private:
  void Key(std::string_view key) {
    if (depth_ > 0) {
      if (!first_) out_ += ",";
      Newline();
    }
    first_ = false;
    if (!key.empty()) out_ += "\"" + std::string(key) + "\": ";
  }
  void Newline() { out_ += "\n" + std::string(static_cast<size_t>(depth_) * 2, ' '); }
  std::string out_;
  int depth_ = 0;
  bool first_ = true;
};

void WriteCoach(JsonWriter& w, std::string_view key, const CoachAudit& c, bool with_identity) {
  w.Open(key, '{');
  if (with_identity) {
    w.Field("alias", JStr(c.alias));
    w.Field("fingerprint", JStr(c.fingerprint));
  }
  w.Field("name", JStr(c.display_name));
  w.Field("cases", std::to_string(c.cases));
  w.Field("drifting", std::to_string(c.drifting));
  w.Field("reviews", std::to_string(c.scores.reviews));
  w.Open("mean_scores", '[');
  for (const auto& m : c.scores.mean) w.Field("", JNum(m));
  w.Close(']');
  w.Field("overall_score", JNum(c.scores.overall));
  w.Open("work_focused", '{');
  w.Field("sessions_reviewed", std::to_string(c.focus.sessions_reviewed));
  w.Field("reviewers", JNum(c.focus.reviewers));
  w.Field("analysis_on_reviewed", JNum(c.focus.analysis_on_reviewed));
  w.Field("disagreements", std::to_string(c.focus.disagreements));
  w.Field("sessions_analysed", std::to_string(c.focus.sessions_analysed));
  w.Field("analysis", JNum(c.focus.analysis));
  w.Close('}');
  w.Close('}');
}

// ---- CSV ----

class CsvWriter {
 public:
  CsvWriter() { Row("section", "coach", "month", "case", "measure", "value"); }
  void Row(std::string_view section, std::string_view coach, std::string_view month,
           std::string_view kase, std::string_view measure, std::string_view value) {
    out_ += std::string(section) + "," + audit_text::CsvText(CleanText(coach)) + "," +
            std::string(month) + "," + audit_text::CsvText(CleanText(kase)) + "," +
            audit_text::CsvText(measure) + "," + audit_text::CsvText(CleanText(value)) + "\r\n";
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

std::string CNum(const std::optional<double>& v, int decimals) {
  return v ? audit_text::Fixed(*v, decimals) : "";
}

void CsvCoach(CsvWriter& w, const CoachAudit& c, const std::string& name) {
  w.Row("coaches", name, "", "", "cases", std::to_string(c.cases));
  w.Row("coaches", name, "", "", "drifting", std::to_string(c.drifting));
  w.Row("coaches", name, "", "", "reviews", std::to_string(c.scores.reviews));
  for (size_t p = 0; p < c.scores.mean.size(); ++p) {
    w.Row("coaches", name, "", "",
          "mean score: " + std::string(PrincipleNames()[p]),  // i18n-ok: a CSV key
          CNum(c.scores.mean[p], 4));
  }
  // i18n-ok: a CSV key
  w.Row("coaches", name, "", "", "mean score: overall", CNum(c.scores.overall, 4));
  w.Row("coaches", name, "", "", "sessions reviewed",  // i18n-ok: a CSV key
        std::to_string(c.focus.sessions_reviewed));
  w.Row("coaches", name, "", "", "work-focused share (reviewers)",  // i18n-ok: a CSV key
        CNum(c.focus.reviewers, 4));
  // i18n-ok: a CSV key
  w.Row("coaches", name, "", "", "work-focused share (analysis, same sessions)",
        CNum(c.focus.analysis_on_reviewed, 4));
  w.Row("coaches", name, "", "", "disagreements", std::to_string(c.focus.disagreements));
  // i18n-ok: a CSV key
  w.Row("coaches", name, "", "", "work-focused share (analysis, all shared)",
        CNum(c.focus.analysis, 4));
}

std::string Hours(const std::optional<double>& ms) {
  return ms ? audit_text::Fixed(*ms / 3'600'000.0, 2) : "";
}

}  // namespace

Result<AuditFormat> ParseAuditFormat(std::string_view name) {
  if (name == "table") return AuditFormat::kTable;
  if (name == "md" || name == "markdown") return AuditFormat::kMarkdown;
  if (name == "json") return AuditFormat::kJson;
  if (name == "csv") return AuditFormat::kCsv;
  if (name == "html") return AuditFormat::kHtml;
  return Status::Usage(Tr("audit.error.unknown_format", {{"format", CleanText(name)}}));
}

std::string RenderAudit(const AuditReport& report, const AuditRenderOptions& options) {
  switch (options.format) {
    case AuditFormat::kTable:
      return RenderAuditTable(report, options.language);
    case AuditFormat::kMarkdown:
      return RenderAuditMarkdown(report, options.language);
    case AuditFormat::kJson:
      return RenderAuditJson(report);
    case AuditFormat::kCsv:
      return RenderAuditCsv(report);
    case AuditFormat::kHtml:
      return RenderAuditHtml(report, options.language);
  }
  return RenderAuditTable(report, options.language);
}

std::string RenderAudit(const AuditReport& report, AuditFormat format, Language language) {
  return RenderAudit(report, AuditRenderOptions{format, language});
}

std::string RenderAuditTable(const AuditReport& r, Language language) {
  std::string out = audit_tables::Heading(r, language) + "\n";
  out += Wrap(audit_tables::MetaText(r, language), "", "") + "\n";
  out += Tr(language, "audit.section.overview") + "\n";
  const auto overview = audit_tables::Overview(r, language);
  size_t label_width = 0;
  for (const auto& [label, value] : overview) {
    label_width = std::max(label_width, audit_text::DisplayWidth(label));
  }
  for (const auto& [label, value] : overview) {
    out += Wrap(value, "  " + Pad(label, label_width, false) + "  ",
                std::string(label_width + 4, ' '));
  }
  out += "\n";
  for (const Table& t : {audit_tables::Scores(r, language), audit_tables::WorkFocus(r, language),
                         audit_tables::Reviewers(r, language), audit_tables::Drifting(r, language),
                         audit_tables::Months(r, language)}) {
    AppendTerminalTable(t, language, out);
  }
  out += Tr(language, "audit.section.how_to_read") + "\n";
  for (const auto& line : audit_tables::Explanations(language)) out += Wrap(line, "  - ", "    ");
  return out;
}

std::string RenderAuditMarkdown(const AuditReport& r, Language language) {
  using audit_text::EscapeMarkdown;
  std::string out = "# " + EscapeMarkdown(audit_tables::Heading(r, language)) + "\n\n";
  out += EscapeMarkdown(audit_tables::MetaText(r, language)) + "\n\n## " +
         EscapeMarkdown(Tr(language, "audit.section.overview")) + "\n\n| " +
         EscapeMarkdown(Tr(language, "audit.column.figure")) + " | " +
         EscapeMarkdown(Tr(language, "audit.column.value")) + " |\n| --- | --- |\n";
  for (const auto& [label, value] : audit_tables::Overview(r, language)) {
    out += "| " + EscapeMarkdown(label) + " | " + EscapeMarkdown(value) + " |\n";
  }
  out += "\n";
  for (const Table& t : {audit_tables::Scores(r, language), audit_tables::WorkFocus(r, language),
                         audit_tables::Reviewers(r, language), audit_tables::Drifting(r, language),
                         audit_tables::Months(r, language)}) {
    AppendMarkdownTable(t, out);
  }
  out += "## " + EscapeMarkdown(Tr(language, "audit.section.how_to_read")) + "\n\n";
  for (const auto& line : audit_tables::Explanations(language)) {
    out += "- " + EscapeMarkdown(line) + "\n";
  }
  return out;
}

std::string RenderAuditJson(const AuditReport& r) {
  JsonWriter w;
  w.Open("", '{');
  w.Field("report", "\"kring-audit\"");
  w.Field("version", "1");
  w.Field("group", JStr(r.group_name));
  w.Open("period", '{');
  w.Field("since", JStr(audit_text::IsoTime(r.since_ms)));
  w.Field("until", JStr(audit_text::IsoTime(r.until_ms)));
  w.Field("since_ms", std::to_string(r.since_ms));
  w.Field("until_ms", std::to_string(r.until_ms));
  w.Close('}');
  w.Field("coach", r.coach ? JStr(*r.coach) : "null");
  w.Field("generated_at", JStr(audit_text::IsoTime(r.generated_at_ms)));
  w.Open("principles", '[');
  for (auto name : PrincipleNames()) w.Field("", JStr(name));
  w.Close(']');
  w.Field("cases", std::to_string(r.cases));
  w.Field("withdrawn", std::to_string(r.withdrawn));
  w.Field("reviews", std::to_string(r.reviews));
  const ResponseTimes& rt = r.response;
  w.Open("response_times", '{');
  w.Field("requests", std::to_string(rt.requests));
  w.Field("answered", std::to_string(rt.answered));
  w.Field("answered_late", std::to_string(rt.answered_late));
  w.Field("open", std::to_string(rt.open));
  w.Field("overdue", std::to_string(rt.overdue));
  w.Field("median_ms", JInt(rt.median_ms));
  w.Field("mean_ms", rt.mean_ms ? JInt(std::llround(*rt.mean_ms)) : "null");
  w.Field("max_ms", JInt(rt.max_ms));
  w.Close('}');
  w.Open("coaches", '[');
  for (const CoachAudit& c : r.coaches) WriteCoach(w, "", c, true);
  w.Close(']');
  WriteCoach(w, "group_totals", r.group, false);
  w.Open("drifting", '[');
  for (const DriftFlag& d : r.drifting) {
    w.Open("", '{');
    w.Field("case", JStr(d.case_id_short));
    w.Field("title", JStr(d.title));
    w.Field("coach", JStr(d.author));
    w.Field("shared_at", JStr(audit_text::IsoTime(d.shared_at_ms)));
    w.Field("introspection_share", JNum(d.introspection_share));
    w.Field("reviews", std::to_string(d.reviews));
    w.Field("reviewers_work_focused", JNum(d.reviewers_focus));
    w.Field("reasons", JStrArray(d.reason_keys));
    w.Close('}');
  }
  w.Close(']');
  w.Open("reviewers_per_case", '[');
  for (const CaseReviewers& c : r.case_reviewers) {
    w.Open("", '{');
    w.Field("case", JStr(c.case_id_short));
    w.Field("coach", JStr(c.author));
    w.Field("shared_at", JStr(audit_text::IsoTime(c.shared_at_ms)));
    w.Field("reviewers", JStrArray(c.reviewers));
    w.Close('}');
  }
  w.Close(']');
  w.Open("months", '[');
  for (const MonthAudit& m : r.months) {
    w.Open("", '{');
    w.Field("month", JStr(audit_text::MonthLabel(m.year, m.month)));
    w.Field("cases", std::to_string(m.cases));
    w.Field("reviews", std::to_string(m.reviews));
    w.Field("mean_score", JNum(m.mean_score));
    w.Field("reviewers_work_focused", JNum(m.reviewers_focus));
    w.Field("analysis_work_focused", JNum(m.analysis_focus));
    w.Close('}');
  }
  w.Close(']');
  w.Field("months_truncated", r.months_truncated ? "true" : "false");
  w.Close('}');
  return w.Take();
}

std::string RenderAuditCsv(const AuditReport& r) {
  CsvWriter w;
  w.Row("report", "", "", "", "group", r.group_name);
  // i18n-ok: a CSV key
  w.Row("report", "", "", "", "period start", audit_text::IsoTime(r.since_ms));
  // i18n-ok: a CSV key
  w.Row("report", "", "", "", "period end (not included)", audit_text::IsoTime(r.until_ms));
  w.Row("report", "", "", "", "coach", r.coach.value_or(""));
  // i18n-ok: a CSV key
  w.Row("report", "", "", "", "generated at", audit_text::IsoTime(r.generated_at_ms));
  w.Row("summary", "", "", "", "cases", std::to_string(r.cases));
  w.Row("summary", "", "", "", "withdrawn", std::to_string(r.withdrawn));
  w.Row("summary", "", "", "", "reviews", std::to_string(r.reviews));
  const ResponseTimes& rt = r.response;
  w.Row("requests", "", "", "", "requests", std::to_string(rt.requests));
  w.Row("requests", "", "", "", "answered", std::to_string(rt.answered));
  // i18n-ok: a CSV key
  w.Row("requests", "", "", "", "answered late", std::to_string(rt.answered_late));
  w.Row("requests", "", "", "", "open", std::to_string(rt.open));
  w.Row("requests", "", "", "", "overdue", std::to_string(rt.overdue));
  auto as_double = [](const std::optional<int64_t>& v) {
    return v ? std::optional<double>(static_cast<double>(*v)) : std::nullopt;
  };
  // i18n-ok: a CSV key
  w.Row("requests", "", "", "", "hours to first review: median", Hours(as_double(rt.median_ms)));
  // i18n-ok: a CSV key
  w.Row("requests", "", "", "", "hours to first review: mean", Hours(rt.mean_ms));
  // i18n-ok: a CSV key
  w.Row("requests", "", "", "", "hours to first review: longest", Hours(as_double(rt.max_ms)));
  for (const CoachAudit& c : r.coaches) CsvCoach(w, c, c.display_name);
  CsvCoach(w, r.group, "(whole group)");  // i18n-ok: a CSV key
  for (const CaseReviewers& c : r.case_reviewers) {
    for (const std::string& who : c.reviewers) {
      w.Row("cases", c.author, "", c.case_id_short, "reviewer", who);
    }
  }
  for (const DriftFlag& d : r.drifting) {
    w.Row("drifting", d.author, "", d.case_id_short, "title", d.title);
    w.Row("drifting", d.author, "", d.case_id_short, "shared", FormatUtcDate(d.shared_at_ms));
    w.Row("drifting", d.author, "", d.case_id_short, "introspection share",  // i18n-ok: a CSV key
          audit_text::Fixed(d.introspection_share, 4));
    w.Row("drifting", d.author, "", d.case_id_short, "reviews", std::to_string(d.reviews));
    // i18n-ok: a CSV key
    w.Row("drifting", d.author, "", d.case_id_short, "work-focused share (reviewers)",
          CNum(d.reviewers_focus, 4));
    for (const std::string& key : d.reason_keys) {
      w.Row("drifting", d.author, "", d.case_id_short, "reason", key);
    }
  }
  for (const MonthAudit& m : r.months) {
    const std::string month = audit_text::MonthLabel(m.year, m.month);
    w.Row("months", "", month, "", "cases", std::to_string(m.cases));
    w.Row("months", "", month, "", "reviews", std::to_string(m.reviews));
    w.Row("months", "", month, "", "mean score", CNum(m.mean_score, 4));  // i18n-ok: a CSV key
    // i18n-ok: a CSV key
    w.Row("months", "", month, "", "work-focused share (reviewers)", CNum(m.reviewers_focus, 4));
    // i18n-ok: a CSV key
    w.Row("months", "", month, "", "work-focused share (analysis)", CNum(m.analysis_focus, 4));
  }
  return w.Take();
}

}  // namespace kring
