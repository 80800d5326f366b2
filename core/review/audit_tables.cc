#include "core/review/audit_tables.h"

#include "core/review/audit_text.h"

namespace kring::audit_tables {
namespace {

using audit_text::CleanText;
using audit_text::Percent;
using audit_text::Score;

std::string Count(int n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::vector<std::string> ScoreRow(const CoachAudit& c) {
  std::vector<std::string> row = {CleanText(c.display_name), std::to_string(c.cases),
                                  std::to_string(c.scores.reviews)};
  for (const auto& m : c.scores.mean) row.push_back(Score(m));
  row.push_back(Score(c.scores.overall));
  return row;
}

std::vector<std::string> FocusRow(const CoachAudit& c) {
  return {CleanText(c.display_name),
          std::to_string(c.focus.sessions_reviewed),
          Percent(c.focus.reviewers),
          Percent(c.focus.analysis_on_reviewed),
          std::to_string(c.focus.disagreements),
          std::to_string(c.focus.sessions_analysed),
          Percent(c.focus.analysis)};
}

}  // namespace

std::string Heading(const AuditReport& r) {
  return "Audit report for group '" + CleanText(r.group_name) + "'";
}

std::string PeriodText(const AuditReport& r) {
  return FormatUtcDate(r.since_ms) + " through " + FormatUtcDate(r.until_ms - 1);
}

std::string ScopeText(const AuditReport& r) {
  return r.coach ? "coach '" + CleanText(*r.coach) + "' only" : "all coaches";
}

std::vector<std::pair<std::string, std::string>> Overview(const AuditReport& r) {
  std::vector<std::pair<std::string, std::string>> rows;
  rows.emplace_back("Cases shared", std::to_string(r.cases));
  if (r.withdrawn > 0) {
    rows.emplace_back("Cases withdrawn by their author",
                      std::to_string(r.withdrawn) + " (left out of every figure)");
  }
  rows.emplace_back("Reviews written", std::to_string(r.reviews));
  const ResponseTimes& rt = r.response;
  std::string requests = std::to_string(rt.requests);
  if (rt.requests > 0) {
    requests += ": " + std::to_string(rt.answered) + " answered";
    if (rt.answered_late > 0)
      requests += " (" + std::to_string(rt.answered_late) + " after the due date)";
    requests += ", " + std::to_string(rt.open) + " still open";
    if (rt.overdue > 0) requests += " (" + std::to_string(rt.overdue) + " past the due date)";
  }
  rows.emplace_back("Requests for feedback", requests);
  if (rt.median_ms) {
    rows.emplace_back("Time until the first review",
                      "half within " + audit_text::Duration(*rt.median_ms) + "; on average " +
                          audit_text::Duration(static_cast<int64_t>(*rt.mean_ms)) + "; longest " +
                          audit_text::Duration(*rt.max_ms));
  } else {
    rows.emplace_back("Time until the first review", "no request has been answered yet");
  }
  const FocusShares& f = r.group.focus;
  rows.emplace_back("Work-focused, say the reviewers",
                    f.reviewers
                        ? Percent(f.reviewers) + " of " +
                              Count(f.sessions_reviewed, "reviewed session", "reviewed sessions")
                        : "no sessions reviewed");
  rows.emplace_back("Work-focused, says the focus analysis",
                    f.analysis ? Percent(f.analysis) + " of " +
                                     Count(f.sessions_analysed, "shared case", "shared cases")
                               : "no cases shared");
  rows.emplace_back("Flagged as drifting",
                    std::to_string(r.group.drifting) + " of " + Count(r.cases, "case", "cases"));
  return rows;
}

Table Scores(const AuditReport& r) {
  Table t;
  t.title = "Scores per coach";
  t.intro =
      "Average of the reviewers' scores for each principle, from 1 (hardly) to 5 (fully). "
      "A coach's row covers the reviews of that coach's cases.";
  t.headers = {"Coach", "Cases", "Reviews"};
  for (auto name : PrincipleShortNames()) t.headers.emplace_back(name);
  t.headers.emplace_back("Overall");
  t.numeric = {false, true, true, true, true, true, true, true};
  for (const CoachAudit& c : r.coaches) t.rows.push_back(ScoreRow(c));
  t.rows.push_back(ScoreRow(r.group));
  for (int p = 0; p < kPrincipleCount; ++p) {
    t.notes.push_back(std::string(PrincipleShortNames()[static_cast<size_t>(p)]) + ": " +
                      std::string(PrincipleNames()[static_cast<size_t>(p)]));
  }
  return t;
}

Table WorkFocus(const AuditReport& r) {
  Table t;
  t.title = "Did the sessions stay work- and learning-focused?";
  t.intro =
      "Reviewers answer yes, partly or no; the focus analysis reads the reflection. "
      "Both are compared on the same reviewed sessions.";
  t.headers = {"Coach",         "Reviewed", "Reviewers say",       "Analysis says",
               "They disagree", "Shared",   "Analysis, all shared"};
  t.numeric = {false, true, true, true, true, true, true};
  for (const CoachAudit& c : r.coaches) t.rows.push_back(FocusRow(c));
  t.rows.push_back(FocusRow(r.group));
  t.notes = {"Reviewed: sessions that received a review in the period.",
             "They disagree: sessions where most reviewers said one thing and the analysis the "
             "other."};
  return t;
}

Table Drifting(const AuditReport& r) {
  Table t;
  t.title = "Cases the focus analysis flags as drifting";
  t.intro =
      "These reflections lean towards feelings, personal history or identity rather than "
      "the work. Worth a conversation, not a verdict.";
  t.headers = {"Case",    "Shared",        "Coach", "Introspection",
               "Reviews", "Reviewers say", "Title", "Why"};
  t.numeric = {false, false, false, true, true, true, false, false};
  for (const DriftFlag& d : r.drifting) {
    std::string why;
    for (const std::string& reason : d.reasons) why += (why.empty() ? "" : "; ") + reason;
    t.rows.push_back({CleanText(d.case_id_short), FormatUtcDate(d.shared_at_ms),
                      CleanText(d.author), Percent(d.introspection_share),
                      std::to_string(d.reviews), Percent(d.reviewers_focus), CleanText(d.title),
                      CleanText(why)});
  }
  t.empty_text = "No case in this period was flagged as drifting.";
  return t;
}

Table Reviewers(const AuditReport& r) {
  Table t;
  t.title = "Who reviewed each case";
  t.intro =
      "Each reviewer counts once per case: a second review by the same colleague replaces the "
      "first.";
  t.headers = {"Case", "Shared", "Coach", "Reviewed by", "Title"};
  t.numeric = {false, false, false, false, false};
  for (const CaseReviewers& c : r.case_reviewers) {
    std::string by;
    for (const std::string& reviewer : c.reviewers) by += (by.empty() ? "" : ", ") + reviewer;
    t.rows.push_back({CleanText(c.case_id_short), FormatUtcDate(c.shared_at_ms),
                      CleanText(c.author), by.empty() ? "(no review yet)" : CleanText(by),
                      CleanText(c.title)});
  }
  t.empty_text = "No case was shared in this period.";
  return t;
}

Table Months(const AuditReport& r) {
  Table t;
  t.title = "Month by month";
  t.intro = "Cases by the month they were shared, reviews by the month they were written (UTC).";
  t.headers = {"Month",
               "Cases",
               "Reviews",
               "Average score",
               "Work-focused (reviewers)",
               "Work-focused (analysis)"};
  t.numeric = {false, true, true, true, true, true};
  for (const MonthAudit& m : r.months) {
    t.rows.push_back({audit_text::MonthLabel(m.year, m.month), std::to_string(m.cases),
                      std::to_string(m.reviews), Score(m.mean_score), Percent(m.reviewers_focus),
                      Percent(m.analysis_focus)});
  }
  if (r.months_truncated) {
    t.notes.push_back("Only the last " + std::to_string(kMaxTrendMonths) + " months are shown.");
  }
  t.empty_text = "No activity in this period.";
  return t;
}

std::vector<std::string> Explanations() {
  return {
      "Only cases shared in the period count; reviews and requests count when they were written "
      "in the period, also for cases shared earlier.",
      "Cases withdrawn by their author are left out, with their reviews and requests.",
      "Scores are averages over reviews; the whole group's average is over all reviews, not an "
      "average of the coaches' averages.",
      "Work-focused: yes counts as 1, partly as 1/2, no as 0. A session's value is the average of "
      "its reviews; the share is the average over sessions.",
      "Time until the first review runs from the request to the first review after it; requests "
      "still open are counted apart.",
      "Only anonymised titles appear in this report; no case text and no review text."};
}

}  // namespace kring::audit_tables
