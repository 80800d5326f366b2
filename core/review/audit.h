// The supervisor's audit report over a group and a period (DESIGN.md §6): how many cases were
// shared and reviewed, how fast reviews came, the rubric scores per coach, whether sessions
// stayed work-focused in the reviewers' and in the focus analysis' judgement, drift flags and a
// monthly trend.
//
// This module is pure: the caller reads the store and hands over plain structs; BuildAudit
// computes the figures and the renderers in core/review/audit_render.h turn them into text. Only
// anonymised titles ever enter (and so ever leave) this module. docs/audit.md explains every
// figure.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"
#include "core/i18n/messages.h"
#include "core/text/language.h"

namespace kring {

inline constexpr int kPrincipleCount = 4;
inline constexpr int kMinScore = 1;
inline constexpr int kMaxScore = 5;
// Timestamps outside [0, kMaxAuditTimeMs] cannot come from a real entry: 9999-12-31 23:59:59.999.
inline constexpr int64_t kMaxAuditTimeMs = 253402300799999;
// The monthly trend shows at most this many months (the most recent ones).
inline constexpr int kMaxTrendMonths = 120;

// The four principles of learning-focused coaching, in rubric order, in English: the stable names
// of the machine formats (JSON, CSV).
const std::array<std::string_view, kPrincipleCount>& PrincipleNames();
// One or two words per principle, for narrow table columns and chart legends (English).
const std::array<std::string_view, kPrincipleCount>& PrincipleShortNames();
// The same for people, in `language` (index 0..3 in rubric order).
std::string PrincipleName(size_t index, Language language = i18n::CurrentLanguage());
std::string PrincipleShortName(size_t index, Language language = i18n::CurrentLanguage());

// The names the report's data gives the whole group's row and a coach without an alias (JSON and
// CSV keep them; the human formats show them in the report's language).
inline constexpr std::string_view kWholeGroupName = "Whole group";  // i18n-ok: a JSON value
inline constexpr std::string_view kNoAliasName = "(no alias)";      // i18n-ok: a JSON value

// ---- Input: what the caller reads from the store ----

struct AuditCase {
  std::string case_id_short;
  std::string title;  // anonymised
  std::string author_alias;
  std::string author_fingerprint;
  int64_t shared_at_ms = 0;
  bool retracted = false;
  // The focus analysis' own judgement of the reflection.
  bool focus_drifting = false;
  std::vector<std::string> focus_drift_reasons;      // in English words, when drifting
  std::vector<std::string> focus_drift_reasons_nl;   // the same in Dutch (empty: English shown)
  std::vector<std::string> focus_drift_reason_keys;  // the same as stable keys
  double focus_introspection_share = 0.0;            // 0..1
  bool focus_work_focused = false;
};

struct AuditReview {
  std::string case_id_short;
  std::string reviewer_alias;
  int64_t created_at_ms = 0;
  std::array<int, kPrincipleCount> scores{};  // 1..5, in PrincipleNames() order
  // A fixed underlying type: a value read from a damaged entry (say 7) is then a valid int to
  // check and refuse, not undefined behaviour (found by UBSan).
  enum Focused : int { kYes, kPartly, kNo } focused = kYes;
};

struct AuditRequest {
  std::string case_id_short;
  std::string requester_alias;
  std::vector<std::string> recipients;
  int64_t asked_at_ms = 0;
  std::optional<int64_t> first_answer_at_ms;  // the first review of the case after the request
  std::optional<int64_t> due_ms;
};

struct AuditInput {
  std::string group_name;
  int64_t since_ms = 0;                     // inclusive
  int64_t until_ms = 0;                     // exclusive
  std::optional<std::string> coach_filter;  // alias, or the first characters of a fingerprint
  // Every case that a review or request refers to must be here, also cases shared before the
  // period; the period filter is applied by BuildAudit.
  std::vector<AuditCase> cases;
  std::vector<AuditReview> reviews;
  std::vector<AuditRequest> requests;
  int64_t generated_at_ms = 0;  // "now": decides which open requests are overdue
};

// ---- Output ----

struct ScoreSummary {
  int reviews = 0;
  std::array<std::optional<double>, kPrincipleCount> mean;  // empty when there are no reviews
  std::optional<double> overall;                            // mean of all scores of all reviews
};

// "Did the session stay work- and learning-focused?" Reviewers answer yes (1), partly (0.5) or
// no (0); a session's value is the mean over its reviews, and the share is the mean over
// sessions. The focus analysis says yes or no per case.
struct FocusShares {
  int sessions_reviewed = 0;
  std::optional<double> reviewers;
  int sessions_analysed = 0;
  std::optional<double> analysis;
  // The analysis on exactly the reviewed sessions, for a like-for-like comparison.
  std::optional<double> analysis_on_reviewed;
  // Reviewed sessions where reviewers lean one way (value above or below 0.5) and the analysis
  // says the other.
  int disagreements = 0;
};

struct CoachAudit {
  std::string alias;
  std::string fingerprint;
  std::string display_name;  // the alias, with the fingerprint's start when aliases clash
  int cases = 0;             // shared in the period, not withdrawn
  int drifting = 0;
  ScoreSummary scores;  // reviews written in the period on this coach's cases
  FocusShares focus;
};

struct ResponseTimes {
  int requests = 0;  // asked in the period
  int answered = 0;
  int open = 0;
  int overdue = 0;        // open and past the due date at generated_at_ms
  int answered_late = 0;  // answered after the due date
  std::optional<int64_t> median_ms;
  std::optional<double> mean_ms;
  std::optional<int64_t> max_ms;
};

struct DriftFlag {
  std::string case_id_short;
  std::string title;
  std::string author;  // display name
  int64_t shared_at_ms = 0;
  double introspection_share = 0.0;
  int reviews = 0;                        // in the period
  std::optional<double> reviewers_focus;  // the reviewers' value for this session, if reviewed
  std::vector<std::string> reasons;       // why the analysis flags it, in English words
  std::vector<std::string> reasons_nl;    // the same in Dutch words (empty: English shown)
  std::vector<std::string> reason_keys;   // the same as stable keys (JSON, CSV)
};

struct MonthAudit {
  int year = 0;
  int month = 0;  // 1..12
  int cases = 0;
  int reviews = 0;
  std::optional<double> mean_score;
  std::optional<double> reviewers_focus;
  std::optional<double> analysis_focus;
};

// A case shared in the period and who reviewed it (each reviewer once: a later review by the
// same reviewer replaces the earlier one, so two reviews never look like two opinions).
struct CaseReviewers {
  std::string case_id_short;
  std::string title;
  std::string author;  // display name
  int64_t shared_at_ms = 0;
  std::vector<std::string> reviewers;  // display names, in the order they first reviewed
};

struct AuditReport {
  std::string group_name;
  int64_t since_ms = 0;
  int64_t until_ms = 0;
  int64_t generated_at_ms = 0;
  std::optional<std::string> coach;  // display name of the coach the report is limited to
  int cases = 0;
  int withdrawn = 0;  // shared in the period, then withdrawn by the author: not counted anywhere
  int reviews = 0;
  ResponseTimes response;
  std::vector<CoachAudit> coaches;            // sorted by display name
  CoachAudit group;                           // everyone together
  std::vector<DriftFlag> drifting;            // by date shared, then id
  std::vector<CaseReviewers> case_reviewers;  // every case shared in the period, by date
  std::vector<MonthAudit> months;             // consecutive calendar months (UTC), oldest first
  bool months_truncated = false;              // more than kMaxTrendMonths months had activity
};

// Computes the report. kUsage for a period that ends before it starts; kIntegrity for input that
// cannot come from valid entries (scores outside 1..5, unknown cases, impossible timestamps);
// kUser for a coach filter that matches no one or several coaches, and for an empty period.
// Messages are in the process's language (i18n::CurrentLanguage()).
Result<AuditReport> BuildAudit(const AuditInput& input);

// UTC calendar text for messages that echo --since / --until (the human formats of the report
// write dates in their language: audit_text::Date).
std::string FormatUtcDate(int64_t ms);      // 2026-01-31
std::string FormatUtcDateTime(int64_t ms);  // 2026-01-31 14:05 UTC

struct CivilDate {
  int year;
  int month;  // 1..12
  int day;    // 1..31
};
CivilDate UtcCivilDate(int64_t ms);

}  // namespace kring
