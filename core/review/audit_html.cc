// The HTML audit report: one file a supervisor can open in any browser, print or forward. It
// holds everything itself (inline CSS and SVG, no script, nothing fetched); a Content Security
// Policy forbids scripts and outside resources as a second line of defence should escaping ever
// miss something.
#include <algorithm>
#include <cmath>

#include "core/i18n/messages.h"
#include "core/review/audit_render.h"
#include "core/review/audit_tables.h"
#include "core/review/audit_text.h"

namespace kring {
namespace {

using audit_text::CleanText;
using audit_text::EscapeHtml;
using audit_text::Fixed;
using i18n::Tr;

// Okabe–Ito colours: distinguishable with the common forms of colour blindness.
constexpr std::array<const char*, kPrincipleCount> kPrincipleColours = {"#0072B2", "#E69F00",
                                                                        "#009E73", "#CC79A7"};
constexpr const char* kCasesColour = "#0072B2";
constexpr const char* kReviewsColour = "#E69F00";
constexpr const char* kReviewersColour = "#009E73";
constexpr const char* kAnalysisColour = "#CC79A7";

std::string H(std::string_view text) { return EscapeHtml(CleanText(text)); }
std::string Num(double v) { return Fixed(v, 1); }  // SVG coordinates, not for people

std::string SvgOpen(const char* chart, double width, double height, const std::string& label) {
  // i18n-ok: HTML markup
  return "<svg class=\"chart-svg\" data-chart=\"" + std::string(chart) +
         // i18n-ok: HTML markup
         "\" role=\"img\" aria-label=\"" + H(label) + "\" viewBox=\"0 0 " + Num(width) + " " +
         Num(height) + "\" width=\"" + Num(width) + "\" height=\"" + Num(height) + "\"><title>" +
         H(label) + "</title>";
}

std::string Text(double x, double y, const std::string& text, const char* anchor = "middle",
                 const char* cls = "label") {
  // i18n-ok: HTML markup
  return "<text class=\"" + std::string(cls) + "\" x=\"" + Num(x) + "\" y=\"" + Num(y) +
         "\" text-anchor=\"" + anchor + "\">" + H(text) + "</text>";
}

std::string Rect(double x, double y, double w, double h, const char* fill, const std::string& tip,
                 const char* cls = "bar") {
  // i18n-ok: HTML markup
  return "<rect class=\"" + std::string(cls) + "\" x=\"" + Num(x) + "\" y=\"" + Num(y) +
         "\" width=\"" + Num(w) + "\" height=\"" + Num(h) + "\" fill=\"" + fill + "\"><title>" +
         H(tip) + "</title></rect>";
}

std::string Line(double x1, double y1, double x2, double y2, const char* cls) {
  // i18n-ok: HTML markup
  return "<line class=\"" + std::string(cls) + "\" x1=\"" + Num(x1) + "\" y1=\"" + Num(y1) +
         "\" x2=\"" + Num(x2) + "\" y2=\"" + Num(y2) + "\"/>";
}

std::string Legend(double x, double y,
                   const std::vector<std::pair<std::string, const char*>>& items, double step) {
  std::string out = "<g class=\"legend\">";
  for (size_t i = 0; i < items.size(); ++i) {
    const double ix = x + step * static_cast<double>(i);
    out += "<rect x=\"" + Num(ix) + "\" y=\"" + Num(y - 10) +
           "\" width=\"12\" height=\"12\" fill=\"" + items[i].second + "\"/>";
    out += Text(ix + 17, y, items[i].first, "start");
  }
  return out + "</g>";
}

// A round upper bound for a count axis and its tick step.
std::pair<int, int> CountAxis(int max_value) {
  int step = 1;
  for (int candidate : {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000}) {
    step = candidate;
    if (max_value <= candidate * 5) break;
  }
  const int top = std::max(step, (max_value + step - 1) / step * step);
  return {top, step};
}

std::vector<const CoachAudit*> ChartRows(const AuditReport& r) {
  std::vector<const CoachAudit*> rows;
  for (const CoachAudit& c : r.coaches) rows.push_back(&c);
  rows.push_back(&r.group);
  return rows;
}

std::string ScoresChart(const AuditReport& r, Language language) {
  const auto rows = ChartRows(r);
  constexpr double kLeft = 40, kTop = 44, kPlotH = 200, kBar = 16, kSlot = 96;
  const double width = std::max(560.0, kLeft + kSlot * static_cast<double>(rows.size()) + 10);
  const double height = kTop + kPlotH + 40;
  auto y = [&](double v) { return kTop + kPlotH - v / kMaxScore * kPlotH; };
  std::string s = SvgOpen("scores", width, height, Tr(language, "audit.chart.scores.label"));
  std::vector<std::pair<std::string, const char*>> legend;
  for (size_t p = 0; p < kPrincipleCount; ++p) {
    legend.emplace_back(PrincipleShortName(p, language), kPrincipleColours[p]);
  }
  s += Legend(kLeft, 18, legend, 130);
  for (int v = 0; v <= kMaxScore; ++v) {
    s += Line(kLeft, y(v), width - 10, y(v), "grid");
    s += Text(kLeft - 8, y(v) + 4, std::to_string(v), "end", "axis");
  }
  for (size_t g = 0; g < rows.size(); ++g) {
    const CoachAudit& c = *rows[g];
    const std::string name = audit_tables::CoachName(r, c, language);
    const double x0 = kLeft + kSlot * static_cast<double>(g) + (kSlot - 4 * kBar - 6) / 2;
    if (c.scores.reviews == 0) {
      s += Text(x0 + 2 * kBar + 3, y(1), Tr(language, "audit.chart.no_reviews"), "middle", "note");
    }
    for (size_t p = 0; p < kPrincipleCount; ++p) {
      if (!c.scores.mean[p]) continue;
      const double v = *c.scores.mean[p];
      s += Rect(x0 + static_cast<double>(p) * (kBar + 2), y(v), kBar, kTop + kPlotH - y(v),
                kPrincipleColours[p],
                Tr(language, "audit.chart.scores.tip",
                   {{"coach", name},
                    {"principle", PrincipleName(p, language)},
                    {"score", audit_text::Score(v, language)},
                    {"n", c.scores.reviews}}));
    }
    s += Text(x0 + 2 * kBar + 3, kTop + kPlotH + 18, audit_text::Truncate(name, 14), "middle",
              &c == &r.group ? "label strong" : "label");  // i18n-ok: HTML markup
  }
  return s + "</svg>";
}

std::string FocusComparisonChart(const AuditReport& r, Language language) {
  const auto rows = ChartRows(r);
  constexpr double kLeft = 150, kTop = 44, kRowH = 44, kPlotW = 420, kBarH = 14;
  const double width = kLeft + kPlotW + 70;
  const double height = kTop + kRowH * static_cast<double>(rows.size()) + 24;
  auto x = [&](double share) { return kLeft + share * kPlotW; };
  std::string s =
      SvgOpen("focus-comparison", width, height, Tr(language, "audit.chart.comparison.label"));
  s += Legend(kLeft, 18,
              {{Tr(language, "audit.chart.legend.reviewers"), kReviewersColour},
               {Tr(language, "audit.chart.legend.analysis"), kAnalysisColour}},
              130);
  const double bottom = kTop + kRowH * static_cast<double>(rows.size());
  for (int pct = 0; pct <= 100; pct += 25) {
    s += Line(x(pct / 100.0), kTop - 4, x(pct / 100.0), bottom, "grid");
    s += Text(x(pct / 100.0), bottom + 16, audit_text::Percent(pct / 100.0, language), "middle",
              "axis");
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    const CoachAudit& c = *rows[i];
    const std::string name = audit_tables::CoachName(r, c, language);
    const double y0 = kTop + kRowH * static_cast<double>(i) + 6;
    s += Text(kLeft - 10, y0 + kBarH + 4, audit_text::Truncate(name, 20), "end",
              &c == &r.group ? "label strong" : "label");  // i18n-ok: HTML markup
    if (!c.focus.reviewers) {
      s += Text(kLeft + 6, y0 + kBarH + 4, Tr(language, "audit.chart.not_reviewed"), "start",
                "note");
      continue;
    }
    const double rev = *c.focus.reviewers, ana = c.focus.analysis_on_reviewed.value_or(0);
    const std::string rev_pct = audit_text::Percent(rev, language);
    const std::string ana_pct = audit_text::Percent(ana, language);
    s += Rect(kLeft, y0, std::max(1.0, rev * kPlotW), kBarH, kReviewersColour,
              Tr(language, "audit.chart.comparison.tip_reviewers",
                 {{"coach", name}, {"share", rev_pct}}));
    s += Text(x(rev) + 6, y0 + 11, rev_pct, "start", "value");
    s += Rect(
        kLeft, y0 + kBarH + 2, std::max(1.0, ana * kPlotW), kBarH, kAnalysisColour,
        Tr(language, "audit.chart.comparison.tip_analysis", {{"coach", name}, {"share", ana_pct}}));
    s += Text(x(ana) + 6, y0 + kBarH + 13, ana_pct, "start", "value");
  }
  return s + "</svg>";
}

std::string ActivityChart(const AuditReport& r, Language language) {
  constexpr double kLeft = 40, kTop = 44, kPlotH = 160, kSlot = 64, kBar = 18;
  const double n = static_cast<double>(r.months.size());
  const double width = std::max(420.0, kLeft + kSlot * n + 10);
  const double height = kTop + kPlotH + 36;
  int max_count = 0;
  for (const MonthAudit& m : r.months) max_count = std::max({max_count, m.cases, m.reviews});
  // Not a structured binding: clang 14 (the fuzz build) cannot capture one in a lambda.
  const std::pair<int, int> axis = CountAxis(max_count);
  const int top = axis.first, step = axis.second;
  auto y = [&](double v) { return kTop + kPlotH - v / top * kPlotH; };
  std::string s = SvgOpen("activity", width, height, Tr(language, "audit.chart.activity.label"));
  s += Legend(kLeft, 18,
              {{Tr(language, "audit.chart.legend.cases"), kCasesColour},
               {Tr(language, "audit.chart.legend.reviews"), kReviewsColour}},
              140);
  for (int v = 0; v <= top; v += step) {
    s += Line(kLeft, y(v), width - 10, y(v), "grid");
    s += Text(kLeft - 8, y(v) + 4, std::to_string(v), "end", "axis");
  }
  for (size_t i = 0; i < r.months.size(); ++i) {
    const MonthAudit& m = r.months[i];
    const std::string name = audit_text::ShortMonthName(m.year, m.month, language);
    const double x0 = kLeft + kSlot * static_cast<double>(i) + (kSlot - 2 * kBar - 2) / 2;
    s += Rect(x0, y(m.cases), kBar, kTop + kPlotH - y(m.cases), kCasesColour,
              Tr(language, "audit.chart.activity.tip_cases", {{"month", name}, {"n", m.cases}}));
    s +=
        Rect(x0 + kBar + 2, y(m.reviews), kBar, kTop + kPlotH - y(m.reviews), kReviewsColour,
             Tr(language, "audit.chart.activity.tip_reviews", {{"month", name}, {"n", m.reviews}}));
    s += Text(x0 + kBar + 1, kTop + kPlotH + 18, name, "middle", "axis");
  }
  return s + "</svg>";
}

std::string FocusTrendChart(const AuditReport& r, Language language) {
  constexpr double kLeft = 48, kTop = 44, kPlotH = 160, kSlot = 64;
  const double n = static_cast<double>(r.months.size());
  const double width = std::max(420.0, kLeft + kSlot * n + 10);
  const double height = kTop + kPlotH + 36;
  auto y = [&](double share) { return kTop + kPlotH - share * kPlotH; };
  auto x = [&](size_t i) { return kLeft + kSlot * static_cast<double>(i) + kSlot / 2; };
  std::string s = SvgOpen("focus-trend", width, height, Tr(language, "audit.chart.trend.label"));
  s += Legend(kLeft, 18,
              {{Tr(language, "audit.chart.legend.reviewers"), kReviewersColour},
               {Tr(language, "audit.chart.legend.analysis"), kAnalysisColour}},
              130);
  for (int pct = 0; pct <= 100; pct += 25) {
    s += Line(kLeft, y(pct / 100.0), width - 10, y(pct / 100.0), "grid");
    s += Text(kLeft - 8, y(pct / 100.0) + 4, audit_text::Percent(pct / 100.0, language), "end",
              "axis");
  }
  auto series = [&](std::optional<double> MonthAudit::*field, const char* colour, bool reviewers) {
    // A month without a value breaks the line rather than pretending it was zero.
    std::string out, points;
    auto flush = [&] {
      if (!points.empty()) {
        // i18n-ok: HTML markup
        out += "<polyline class=\"trend-line\" fill=\"none\" stroke=\"" + std::string(colour) +
               "\" stroke-width=\"2.5\" points=\"" + points + "\"/>";
      }
      points.clear();
    };
    std::string dots;
    for (size_t i = 0; i < r.months.size(); ++i) {
      const auto& v = r.months[i].*field;
      if (!v) {
        flush();
        continue;
      }
      if (!points.empty()) points += " ";
      points += Num(x(i)) + "," + Num(y(*v));
      const std::string month =
          audit_text::ShortMonthName(r.months[i].year, r.months[i].month, language);
      const std::string share = audit_text::Percent(*v, language);
      const std::string tip = reviewers ? Tr(language, "audit.chart.trend.tip_reviewers",
                                             {{"month", month}, {"share", share}})
                                        : Tr(language, "audit.chart.trend.tip_analysis",
                                             {{"month", month}, {"share", share}});
      // i18n-ok: HTML markup
      dots += "<circle class=\"point\" cx=\"" + Num(x(i)) + "\" cy=\"" + Num(y(*v)) +
              "\" r=\"4\" fill=\"" + colour + "\"><title>" + H(tip) + "</title></circle>";
    }
    flush();
    return out + dots;
  };
  s += series(&MonthAudit::reviewers_focus, kReviewersColour, /*reviewers=*/true);
  s += series(&MonthAudit::analysis_focus, kAnalysisColour, /*reviewers=*/false);
  for (size_t i = 0; i < r.months.size(); ++i) {
    s += Text(x(i), kTop + kPlotH + 18,
              audit_text::ShortMonthName(r.months[i].year, r.months[i].month, language), "middle",
              "axis");
  }
  return s + "</svg>";
}

std::string Figure(const char* chart, const std::string& svg, const std::string& caption) {
  // i18n-ok: HTML markup
  return "<figure class=\"chart\" data-chart=\"" + std::string(chart) + "\">" + svg +
         "<figcaption>" + H(caption) + "</figcaption></figure>\n";
}

std::string HtmlTable(const audit_tables::Table& t) {
  if (t.rows.empty()) return "<p class=\"empty\">" + H(t.empty_text) + "</p>\n";
  std::string out = "<div class=\"table-wrap\"><table>\n<thead><tr>";
  for (size_t i = 0; i < t.headers.size(); ++i) {
    out += std::string(t.numeric[i] ? "<th class=\"num\">" : "<th>") + H(t.headers[i]) + "</th>";
  }
  out += "</tr></thead>\n<tbody>\n";
  for (size_t r = 0; r < t.rows.size(); ++r) {
    out += "<tr>";
    for (size_t i = 0; i < t.rows[r].size(); ++i) {
      out += std::string(t.numeric[i] ? "<td class=\"num\">" : "<td>") + H(t.rows[r][i]) + "</td>";
    }
    out += "</tr>\n";
  }
  out += "</tbody></table></div>\n";
  if (!t.notes.empty()) {
    out += "<ul class=\"notes\">";
    for (const auto& n : t.notes) out += "<li>" + H(n) + "</li>";
    out += "</ul>\n";
  }
  return out;
}

std::string Section(const char* id, const audit_tables::Table& t, const std::string& charts) {
  return "<section id=\"" + std::string(id) + "\">\n<h2>" + H(t.title) +  // i18n-ok: HTML markup
         "</h2>\n<p class=\"intro\">" + H(t.intro) + "</p>\n" + charts + HtmlTable(t) +
         "</section>\n";
}

// i18n-ok: CSS
constexpr const char* kStyle = R"css(
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f6f6f3; color: #1d1d1b;
  font: 16px/1.5 'Segoe UI', 'Helvetica Neue', Arial, sans-serif; }
main { max-width: 1080px; margin: 0 auto; padding: 32px 28px 48px; background: #fff; }
h1 { font-size: 1.8em; margin: 0 0 4px; }
h2 { font-size: 1.3em; margin: 40px 0 6px; border-bottom: 2px solid #e3e3de; padding-bottom: 4px; }
.meta, .intro, figcaption, .notes, .empty { color: #4a4a46; }
.meta { margin: 0 0 8px; }
dl.overview { display: grid; grid-template-columns: max-content 1fr; gap: 6px 24px; margin: 12px 0; }
dl.overview dt { font-weight: 600; }
dl.overview dd { margin: 0; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; margin: 12px 0; min-width: 60%; }
th, td { padding: 6px 12px; border-bottom: 1px solid #e3e3de; text-align: left; vertical-align: top;
  white-space: nowrap; }
#drifting td:last-child { white-space: normal; min-width: 16em; }
th { background: #f0f0ec; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:last-child td { font-weight: 600; }
#drifting tbody tr:last-child td, #trend tbody tr:last-child td { font-weight: normal; }
figure.chart { margin: 16px 0; }
figure.chart svg { max-width: 100%; height: auto; display: block; }
figcaption { font-size: 0.9em; margin-top: 4px; }
svg text { font-family: inherit; fill: #1d1d1b; }
svg .axis, svg .note { font-size: 11px; fill: #4a4a46; }
svg .label { font-size: 12px; }
svg .strong { font-weight: 700; }
svg .value { font-size: 11px; }
svg .grid { stroke: #e3e3de; stroke-width: 1; }
.notes { font-size: 0.9em; padding-left: 20px; }
footer { margin-top: 40px; font-size: 0.9em; color: #4a4a46; }
@media print {
  body { background: #fff; }
  main { padding: 0; max-width: none; }
  section, figure.chart, table { break-inside: avoid; page-break-inside: avoid; }
}
)css";

}  // namespace

std::string RenderAuditHtml(const AuditReport& r, Language language) {
  const std::string heading = audit_tables::Heading(r, language);
  std::string out =
      // i18n-ok: HTML markup
      "<!DOCTYPE html>\n<html lang=\"" + std::string(LanguageCode(language)) +
      "\">\n<head>\n<meta charset=\"utf-8\">\n"
      // i18n-ok: HTML markup
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'\">\n"  // i18n-ok: HTML markup
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"generator\" content=\"Kring\">\n<title>" +  // i18n-ok: HTML head
      H(heading) +
      "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n<main>\n<header>\n<h1>" +
      H(heading) + "</h1>\n<p class=\"meta\">" + H(audit_tables::MetaText(r, language)) +
      "</p>\n</header>\n";

  out += "<section id=\"overview\">\n<h2>" + H(Tr(language, "audit.section.overview")) +
         "</h2>\n<dl class=\"overview\">\n";
  for (const auto& [label, value] : audit_tables::Overview(r, language)) {
    out += "<dt>" + H(label) + "</dt><dd>" + H(value) + "</dd>\n";
  }
  out += "</dl>\n</section>\n";

  out += Section(
      "scores", audit_tables::Scores(r, language),
      Figure("scores", ScoresChart(r, language), Tr(language, "audit.chart.scores.caption")));
  out += Section("work-focus", audit_tables::WorkFocus(r, language),
                 Figure("focus-comparison", FocusComparisonChart(r, language),
                        Tr(language, "audit.chart.comparison.caption")));
  out += Section("reviewers", audit_tables::Reviewers(r, language), "");
  out += Section("drifting", audit_tables::Drifting(r, language), "");
  std::string trend_charts;
  if (!r.months.empty()) {
    trend_charts = Figure("activity", ActivityChart(r, language),
                          Tr(language, "audit.chart.activity.caption")) +
                   Figure("focus-trend", FocusTrendChart(r, language),
                          Tr(language, "audit.chart.trend.caption"));
  }
  out += Section("trend", audit_tables::Months(r, language), trend_charts);

  out += "<footer>\n<h2>" + H(Tr(language, "audit.section.how_to_read")) + "</h2>\n<ul>\n";
  for (const auto& line : audit_tables::Explanations(language)) {
    out += "<li>" + H(line) + "</li>\n";
  }
  out += "</ul>\n</footer>\n</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace kring
