#include "core/review/audit.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <map>
#include <memory>
#include <variant>

#include "core/i18n/messages.h"
#include "core/review/audit_input.h"
#include "core/review/audit_render.h"
#include "core/review/audit_text.h"

namespace kring {
namespace {

// Timestamps are computed with std::chrono, independently of the module's own calendar code.
int64_t Ms(int y, unsigned m, unsigned d, int hour = 0) {
  using namespace std::chrono;
  const sys_days date{year{y} / month{m} / day{d}};
  return duration_cast<milliseconds>(date.time_since_epoch()).count() + int64_t{hour} * 3'600'000;
}
constexpr int64_t kHour = 3'600'000;

const char* kAnn = "AAAA-BBBB-CCCC-DDDD-EEEE";
const char* kBob = "BBBB-1111-2222-3333-4444";
const char* kCor = "BBBB-2222-3333-4444-5555";
const char* kHostileTitle = "Team lead, \"new\" role\n<script>alert(1)</script> | *x*";

AuditCase Case(std::string id, std::string alias, std::string fp, int64_t at, bool work_focused,
               bool drifting, double introspection, std::string title = "") {
  AuditCase c;
  c.case_id_short = std::move(id);
  c.title = title.empty() ? "Case " + c.case_id_short : std::move(title);
  c.author_alias = std::move(alias);
  c.author_fingerprint = std::move(fp);
  c.shared_at_ms = at;
  c.focus_work_focused = work_focused;
  c.focus_drifting = drifting;
  c.focus_introspection_share = introspection;
  return c;
}

AuditReview Review(std::string id, std::string by, int64_t at, std::array<int, 4> scores,
                   AuditReview::Focused f) {
  AuditReview r;
  r.case_id_short = std::move(id);
  r.reviewer_alias = std::move(by);
  r.created_at_ms = at;
  r.scores = scores;
  r.focused = f;
  return r;
}

AuditRequest Request(std::string id, int64_t asked, std::optional<int64_t> answered,
                     std::optional<int64_t> due) {
  AuditRequest q;
  q.case_id_short = std::move(id);
  q.requester_alias = "someone";
  q.recipients = {"bob", "cor"};
  q.asked_at_ms = asked;
  q.first_answer_at_ms = answered;
  q.due_ms = due;
  return q;
}

// The hand-built input; the expected figures in the tests below are worked out by hand in the
// comments next to them.
AuditInput Sample() {
  AuditInput in;
  in.group_name = "Intervision Noord";
  in.since_ms = Ms(2026, 1, 1);
  in.until_ms = Ms(2026, 4, 1);
  in.generated_at_ms = Ms(2026, 4, 2, 9);
  in.cases = {
      Case("c1", "ann", kAnn, Ms(2026, 1, 10), true, false, 0.1),
      Case("c2", "ann", kAnn, Ms(2026, 2, 5), false, true, 0.6, kHostileTitle),
      Case("c3", "bob", kBob, Ms(2026, 1, 20), true, false, 0.2),
      Case("c4", "bob", kBob, Ms(2026, 3, 15), false, true, 0.55),
      Case("c5", "cor", kCor, Ms(2025, 12, 20), true, false, 0.0),  // before the period
      Case("c6", "cor", kCor, Ms(2026, 2, 10), true, false, 0.0),   // withdrawn
      Case("c7", "ann", kAnn, Ms(2026, 4, 5), true, false, 0.0),    // after the period
  };
  in.cases[5].retracted = true;
  using F = AuditReview;
  in.reviews = {
      Review("c1", "bob", Ms(2026, 1, 12), {4, 3, 4, 5}, F::kYes),
      Review("c1", "cor", Ms(2026, 1, 15), {2, 3, 4, 3}, F::kPartly),
      Review("c2", "bob", Ms(2026, 2, 7), {2, 2, 3, 2}, F::kNo),
      Review("c3", "ann", Ms(2026, 1, 21), {5, 4, 4, 4}, F::kYes),
      Review("c5", "ann", Ms(2026, 1, 2), {3, 3, 3, 3}, F::kNo),   // earlier case, counts
      Review("c6", "ann", Ms(2026, 2, 11), {1, 1, 1, 1}, F::kNo),  // withdrawn case
      Review("c4", "cor", Ms(2026, 4, 2), {5, 5, 5, 5}, F::kYes),  // after the period
      Review("c3", "cor", Ms(2026, 3, 1), {3, 5, 2, 4}, F::kYes),
  };
  in.requests = {
      Request("c1", Ms(2026, 1, 11), Ms(2026, 1, 12), Ms(2026, 1, 20)),       // 24 h
      Request("c2", Ms(2026, 2, 5, 12), Ms(2026, 2, 7, 12), Ms(2026, 2, 6)),  // 48 h, late
      Request("c3", Ms(2026, 1, 20), Ms(2026, 1, 21, 6), std::nullopt),       // 30 h
      Request("c4", Ms(2026, 3, 16), std::nullopt, Ms(2026, 3, 20)),          // overdue
      Request("c4", Ms(2026, 3, 20), std::nullopt, Ms(2026, 5, 1)),           // open
      Request("c6", Ms(2026, 2, 11), std::nullopt, std::nullopt),             // withdrawn
      Request("c1", Ms(2025, 12, 30), Ms(2026, 1, 2), std::nullopt),          // before
      Request("c3", Ms(2026, 2, 28, 12), Ms(2026, 2, 28), std::nullopt),      // skew: 0 h
  };
  return in;
}

AuditReport Build(const AuditInput& in) {
  auto r = BuildAudit(in);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? *r : AuditReport{};
}

const CoachAudit* Find(const AuditReport& r, const std::string& alias) {
  for (const CoachAudit& c : r.coaches) {
    if (c.alias == alias) return &c;
  }
  return nullptr;
}

void ExpectMean(const std::optional<double>& got, double want) {
  ASSERT_TRUE(got.has_value());
  EXPECT_NEAR(*got, want, 1e-9);
}

// ---- Figures ----

TEST(AuditTest, CountsAndPeriod) {
  AuditReport r = Build(Sample());
  EXPECT_EQ(r.cases, 4);      // c1..c4; c5 before, c7 after, c6 withdrawn
  EXPECT_EQ(r.withdrawn, 1);  // c6
  EXPECT_EQ(r.reviews, 6);    // all but the withdrawn case's and the one after the period
  EXPECT_EQ(r.group_name, "Intervision Noord");
  EXPECT_FALSE(r.coach.has_value());
}

TEST(AuditTest, ResponseTimes) {
  const ResponseTimes rt = Build(Sample()).response;
  EXPECT_EQ(rt.requests, 6);
  EXPECT_EQ(rt.answered, 4);  // waits 0, 24, 30, 48 hours
  EXPECT_EQ(rt.open, 2);
  EXPECT_EQ(rt.overdue, 1);
  EXPECT_EQ(rt.answered_late, 1);
  ASSERT_TRUE(rt.median_ms && rt.mean_ms && rt.max_ms);
  EXPECT_EQ(*rt.median_ms, 27 * kHour);  // (24 + 30) / 2
  EXPECT_NEAR(*rt.mean_ms, 25.5 * kHour, 1e-6);
  EXPECT_EQ(*rt.max_ms, 48 * kHour);
}

TEST(AuditTest, ScoresPerCoachAndGroup) {
  AuditReport r = Build(Sample());
  ASSERT_EQ(r.coaches.size(), 3u);  // cor shared nothing in the period but was reviewed
  EXPECT_EQ(r.coaches[0].alias, "ann");
  EXPECT_EQ(r.coaches[1].alias, "bob");
  EXPECT_EQ(r.coaches[2].alias, "cor");

  const CoachAudit& ann = *Find(r, "ann");  // reviews 4/3/4/5, 2/3/4/3, 2/2/3/2
  EXPECT_EQ(ann.cases, 2);
  EXPECT_EQ(ann.drifting, 1);
  EXPECT_EQ(ann.scores.reviews, 3);
  ExpectMean(ann.scores.mean[0], 8.0 / 3);
  ExpectMean(ann.scores.mean[1], 8.0 / 3);
  ExpectMean(ann.scores.mean[2], 11.0 / 3);
  ExpectMean(ann.scores.mean[3], 10.0 / 3);
  ExpectMean(ann.scores.overall, 37.0 / 12);

  const CoachAudit& bob = *Find(r, "bob");  // 5/4/4/4 and 3/5/2/4
  EXPECT_EQ(bob.cases, 2);
  EXPECT_EQ(bob.scores.reviews, 2);
  ExpectMean(bob.scores.mean[0], 4.0);
  ExpectMean(bob.scores.mean[1], 4.5);
  ExpectMean(bob.scores.mean[2], 3.0);
  ExpectMean(bob.scores.mean[3], 4.0);
  ExpectMean(bob.scores.overall, 31.0 / 8);

  const CoachAudit& cor = *Find(r, "cor");
  EXPECT_EQ(cor.cases, 0);
  EXPECT_EQ(cor.scores.reviews, 1);
  ExpectMean(cor.scores.mean[2], 3.0);

  const CoachAudit& g = r.group;  // all six reviews
  EXPECT_EQ(g.scores.reviews, 6);
  EXPECT_EQ(g.cases, 4);
  EXPECT_EQ(g.drifting, 2);
  ExpectMean(g.scores.mean[0], 19.0 / 6);
  ExpectMean(g.scores.mean[1], 20.0 / 6);
  ExpectMean(g.scores.mean[2], 20.0 / 6);
  ExpectMean(g.scores.mean[3], 21.0 / 6);
  ExpectMean(g.scores.overall, 80.0 / 24);
}

TEST(AuditTest, WorkFocusedSharesReviewersVsAnalysis) {
  AuditReport r = Build(Sample());
  const FocusShares& ann = Find(r, "ann")->focus;
  EXPECT_EQ(ann.sessions_reviewed, 2);  // c1: (1 + 0.5) / 2 = 0.75, c2: 0
  ExpectMean(ann.reviewers, 0.375);
  ExpectMean(ann.analysis_on_reviewed, 0.5);  // c1 yes, c2 no
  EXPECT_EQ(ann.disagreements, 0);
  EXPECT_EQ(ann.sessions_analysed, 2);
  ExpectMean(ann.analysis, 0.5);

  const FocusShares& cor = Find(r, "cor")->focus;  // c5: reviewer no, analysis yes
  ExpectMean(cor.reviewers, 0.0);
  ExpectMean(cor.analysis_on_reviewed, 1.0);
  EXPECT_EQ(cor.disagreements, 1);
  EXPECT_EQ(cor.sessions_analysed, 0);
  EXPECT_FALSE(cor.analysis.has_value());

  const FocusShares& g = r.group.focus;  // c1 0.75, c2 0, c3 1, c5 0
  EXPECT_EQ(g.sessions_reviewed, 4);
  ExpectMean(g.reviewers, 1.75 / 4);
  ExpectMean(g.analysis_on_reviewed, 0.75);
  EXPECT_EQ(g.disagreements, 1);
  EXPECT_EQ(g.sessions_analysed, 4);
  ExpectMean(g.analysis, 0.5);
}

TEST(AuditTest, DriftFlags) {
  AuditReport r = Build(Sample());
  ASSERT_EQ(r.drifting.size(), 2u);
  EXPECT_EQ(r.drifting[0].case_id_short, "c2");
  EXPECT_EQ(r.drifting[0].author, "ann");
  EXPECT_EQ(r.drifting[0].reviews, 1);
  ExpectMean(r.drifting[0].reviewers_focus, 0.0);
  EXPECT_DOUBLE_EQ(r.drifting[0].introspection_share, 0.6);
  EXPECT_EQ(r.drifting[1].case_id_short, "c4");
  EXPECT_EQ(r.drifting[1].reviews, 0);  // its only review came after the period
  EXPECT_FALSE(r.drifting[1].reviewers_focus.has_value());
}

TEST(AuditTest, MonthlyTrend) {
  AuditReport r = Build(Sample());
  ASSERT_EQ(r.months.size(), 3u);
  const MonthAudit& jan = r.months[0];
  EXPECT_EQ(jan.year, 2026);
  EXPECT_EQ(jan.month, 1);
  EXPECT_EQ(jan.cases, 2);    // c1, c3
  EXPECT_EQ(jan.reviews, 4);  // scores sum 16 + 12 + 17 + 12 = 57 over 16
  ExpectMean(jan.mean_score, 57.0 / 16);
  ExpectMean(jan.reviewers_focus, 1.75 / 3);  // c1 0.75, c3 1, c5 0
  ExpectMean(jan.analysis_focus, 1.0);
  const MonthAudit& feb = r.months[1];
  EXPECT_EQ(feb.cases, 1);
  EXPECT_EQ(feb.reviews, 1);
  ExpectMean(feb.mean_score, 2.25);
  ExpectMean(feb.reviewers_focus, 0.0);
  ExpectMean(feb.analysis_focus, 0.0);
  const MonthAudit& mar = r.months[2];
  EXPECT_EQ(mar.month, 3);
  ExpectMean(mar.mean_score, 3.5);
  ExpectMean(mar.reviewers_focus, 1.0);
}

TEST(AuditTest, QuietMonthsStayInTheTrend) {
  AuditInput in = Sample();
  in.since_ms = Ms(2025, 1, 1);
  in.until_ms = Ms(2027, 1, 1);
  in.reviews.push_back(Review("c1", "bob", Ms(2026, 7, 4), {3, 3, 3, 3}, AuditReview::kYes));
  AuditReport r = Build(in);
  // From December 2025 (c5) through July 2026, with April..June empty but present.
  ASSERT_EQ(r.months.size(), 8u);
  EXPECT_EQ(r.months.front().month, 12);
  EXPECT_EQ(r.months[5].month, 5);
  EXPECT_EQ(r.months[5].cases + r.months[5].reviews, 0);
  EXPECT_FALSE(r.months[5].mean_score.has_value());
  EXPECT_EQ(r.months.back().month, 7);
}

TEST(AuditTest, LongTrendKeepsTheMostRecentMonths) {
  AuditInput in = Sample();
  in.since_ms = 0;
  in.until_ms = kMaxAuditTimeMs + 1;
  in.cases.push_back(Case("old", "ann", kAnn, Ms(1990, 1, 1), true, false, 0));
  AuditReport r = Build(in);
  EXPECT_TRUE(r.months_truncated);
  EXPECT_EQ(r.months.size(), static_cast<size_t>(kMaxTrendMonths));
  EXPECT_EQ(r.months.back().year, 2026);
  EXPECT_EQ(r.months.back().month, 4);  // c4's late review, c7
}

// ---- Filters ----

TEST(AuditTest, CoachFilterByAlias) {
  AuditInput in = Sample();
  in.coach_filter = "BOB";  // aliases match whatever the case
  AuditReport r = Build(in);
  EXPECT_EQ(r.coach, "bob");
  EXPECT_EQ(r.cases, 2);
  EXPECT_EQ(r.reviews, 2);
  EXPECT_EQ(r.response.requests, 4);  // c3 twice, c4 twice
  ASSERT_EQ(r.coaches.size(), 1u);
  EXPECT_EQ(r.coaches[0].alias, "bob");
  ExpectMean(r.group.scores.overall, 31.0 / 8);
  ASSERT_EQ(r.drifting.size(), 1u);
  EXPECT_EQ(r.drifting[0].case_id_short, "c4");
}

TEST(AuditTest, CoachFilterByFingerprintPrefix) {
  AuditInput in = Sample();
  in.coach_filter = "aaaa bb";
  AuditReport r = Build(in);
  EXPECT_EQ(r.coach, "ann");
  EXPECT_EQ(r.cases, 2);

  in.coach_filter = "BBBB-2";
  EXPECT_EQ(Build(in).coach, "cor");

  in.coach_filter = "bbbb";  // bob and cor both start so
  auto ambiguous = BuildAudit(in);
  ASSERT_FALSE(ambiguous.ok());
  EXPECT_EQ(ambiguous.status().code(), Code::kUser);
  EXPECT_NE(ambiguous.status().message().find("several coaches"), std::string::npos);

  in.coach_filter = "zoe";
  auto unknown = BuildAudit(in);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), Code::kUser);
  EXPECT_NE(unknown.status().message().find("'zoe'"), std::string::npos);

  in.coach_filter = "AAA";  // too short for a fingerprint
  EXPECT_FALSE(BuildAudit(in).ok());
}

TEST(AuditTest, ClashingAliasesAreToldApart) {
  AuditInput in = Sample();
  for (AuditCase& c : in.cases) c.author_alias = "sam";
  AuditReport r = Build(in);
  ASSERT_EQ(r.coaches.size(), 3u);
  EXPECT_EQ(r.coaches[0].display_name, "sam (AAAA)");
  in.coach_filter = "sam";
  auto clash = BuildAudit(in);
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.status().code(), Code::kUser);
}

TEST(AuditTest, EmptyPeriodIsAClearError) {
  AuditInput in = Sample();
  in.since_ms = Ms(2027, 1, 1);
  in.until_ms = Ms(2027, 2, 1);
  auto r = BuildAudit(in);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kUser);
  EXPECT_NE(r.status().message().find(
                "no shared cases between 2027-01-01 and 2027-02-01 in group 'Intervision Noord'"),
            std::string::npos)
      << r.status().message();

  // Only a withdrawn case and its review in February for cor: nothing to report.
  in = Sample();
  in.since_ms = Ms(2026, 2, 8);
  in.until_ms = Ms(2026, 2, 12);
  in.coach_filter = "cor";
  auto by_coach = BuildAudit(in);
  ASSERT_FALSE(by_coach.ok());
  EXPECT_NE(by_coach.status().message().find("no shared cases by 'cor' between 2026-02-08"),
            std::string::npos)
      << by_coach.status().message();
}

TEST(AuditTest, NamesInMessagesCannotCarryEscapes) {
  AuditInput in = Sample();
  in.group_name = "G\x1b]0;pwned\x07";
  in.coach_filter = "\x1b[2Jzoe";
  auto r = BuildAudit(in);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message().find('\x1b'), std::string::npos) << r.status().message();
  EXPECT_EQ(r.status().message().find('\x07'), std::string::npos);
}

TEST(AuditTest, PeriodMustStartBeforeItEnds) {
  AuditInput in = Sample();
  in.until_ms = in.since_ms;
  auto r = BuildAudit(in);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kUsage);
}

// ---- Untrusted input ----

TEST(AuditTest, ImpossibleInputIsAnIntegrityError) {
  auto expect_integrity = [](const AuditInput& in, const std::string& needle) {
    auto r = BuildAudit(in);
    ASSERT_FALSE(r.ok()) << needle;
    EXPECT_EQ(r.status().code(), Code::kIntegrity) << r.status().message();
    EXPECT_NE(r.status().message().find(needle), std::string::npos) << r.status().message();
  };
  AuditInput in = Sample();
  in.reviews[2].scores[1] = 6;
  expect_integrity(in, "gives 6 for \"Context vs own choices\"");
  in = Sample();
  in.reviews[6].scores[0] = 0;  // even outside the period
  expect_integrity(in, "gives 0");
  in = Sample();
  in.reviews[0].scores[3] = -2147483647 - 1;
  expect_integrity(in, "scores run from 1 to 5");
  in = Sample();
  in.reviews[0].focused = static_cast<AuditReview::Focused>(7);
  expect_integrity(in, "unknown answer");
  in = Sample();
  in.reviews[0].case_id_short = "nope";
  expect_integrity(in, "not in the audit input");
  in = Sample();
  in.requests[0].case_id_short = "nope";
  expect_integrity(in, "not in the audit input");
  in = Sample();
  in.cases[1].case_id_short = "c1";
  expect_integrity(in, "appears twice");
  in = Sample();
  in.cases[0].focus_introspection_share = std::nan("");
  expect_integrity(in, "outside 0..100%");
  in = Sample();
  in.cases[0].focus_introspection_share = 1.5;
  expect_integrity(in, "outside 0..100%");
  in = Sample();
  in.cases[0].shared_at_ms = -1;
  expect_integrity(in, "impossible");
  in = Sample();
  in.reviews[0].created_at_ms = INT64_MAX;
  expect_integrity(in, "impossible");
  in = Sample();
  in.requests[0].first_answer_at_ms = INT64_MIN;
  expect_integrity(in, "impossible");
  in = Sample();
  in.cases[0].author_fingerprint.clear();
  expect_integrity(in, "no author fingerprint");
}

// ---- Calendar and text helpers ----

TEST(AuditTextTest, CalendarAndDurations) {
  EXPECT_EQ(FormatUtcDate(0), "1970-01-01");
  EXPECT_EQ(FormatUtcDate(Ms(2024, 2, 29) + 23 * kHour), "2024-02-29");
  EXPECT_EQ(FormatUtcDate(kMaxAuditTimeMs), "9999-12-31");
  EXPECT_EQ(FormatUtcDateTime(Ms(2026, 1, 31, 14) + 5 * 60'000), "2026-01-31 14:05 UTC");
  EXPECT_EQ(audit_text::IsoTime(Ms(2026, 3, 1, 7) + 9'000), "2026-03-01T07:00:09Z");
  EXPECT_EQ(audit_text::Duration(30'000), "less than a minute");
  EXPECT_EQ(audit_text::Duration(60'000), "1 minute");
  EXPECT_EQ(audit_text::Duration(27 * kHour), "1 day and 3 hours");
  EXPECT_EQ(audit_text::Duration(48 * kHour), "2 days");
  EXPECT_EQ(audit_text::Duration(kHour + 120'000), "1 hour and 2 minutes");
  EXPECT_EQ(audit_text::Duration(27 * kHour, Language::kDutch), "1 dag en 3 uur");
  EXPECT_EQ(audit_text::Percent(0.375), "38%");
  EXPECT_EQ(audit_text::Score(std::nullopt), "-");
  EXPECT_EQ(audit_text::Score(37.0 / 12), "3.08");
  EXPECT_EQ(audit_text::Score(3.5, Language::kDutch), "3,50");
  // The human formats write UTC calendar dates in words; the machine formats stay ISO.
  EXPECT_EQ(audit_text::Date(Ms(2026, 3, 31, 23)), "31 March 2026");
  EXPECT_EQ(audit_text::Date(Ms(2026, 3, 31, 23), Language::kDutch), "31 maart 2026");
  EXPECT_EQ(audit_text::ShortDate(Ms(2026, 3, 1), Language::kDutch), "1 mrt 2026");
  EXPECT_EQ(audit_text::DateTimeUtc(Ms(2026, 1, 31, 14) + 5 * 60'000),
            "31 January 2026, 14:05 UTC");
  EXPECT_EQ(audit_text::MonthName(2026, 5, Language::kDutch), "mei 2026");
  EXPECT_EQ(audit_text::ShortMonthName(2026, 1), "Jan 2026");
  EXPECT_EQ(audit_text::MonthLabel(2026, 1), "2026-01");
}

TEST(AuditTextTest, CleaningAndTruncation) {
  EXPECT_EQ(audit_text::CleanText("a\x1b[31mb\nc\td"), "a [31mb c d");
  EXPECT_EQ(audit_text::CleanText("caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(audit_text::CleanText("x\xC2\x9By"), "x y");  // C1 control (CSI)
  EXPECT_EQ(audit_text::CleanText("\xff\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(audit_text::CleanText("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(audit_text::Truncate("Zo\xC3\xAB en de teamleider", 6), "Zo\xC3\xAB e\xE2\x80\xA6");
  EXPECT_EQ(audit_text::DisplayWidth("Zo\xC3\xAB"), 3u);
}

TEST(AuditTextTest, CsvQuotingFollowsRfc4180) {
  EXPECT_EQ(audit_text::CsvText("plain"), "plain");
  EXPECT_EQ(audit_text::CsvText("a,b"), "\"a,b\"");
  EXPECT_EQ(audit_text::CsvText("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(audit_text::CsvText("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(audit_text::CsvText("cr\rhere"), "\"cr\rhere\"");
  EXPECT_EQ(audit_text::CsvText("=SUM(A1)"), "'=SUM(A1)");
  EXPECT_EQ(audit_text::CsvText("@x,y"), "\"'@x,y\"");
}

// ---- Minimal parsers to read the outputs back ----

struct JsonValue;
using JsonObject = std::vector<std::pair<std::string, JsonValue>>;
using JsonArray = std::vector<JsonValue>;
struct JsonValue {
  std::variant<std::nullptr_t, bool, double, std::string, std::shared_ptr<JsonArray>,
               std::shared_ptr<JsonObject>>
      v;
  const JsonValue& operator[](const std::string& key) const {
    for (const auto& [k, val] : *std::get<std::shared_ptr<JsonObject>>(v)) {
      if (k == key) return val;
    }
    ADD_FAILURE() << "no key " << key;
    static const JsonValue kNull{nullptr};
    return kNull;
  }
  const JsonValue& operator[](size_t i) const {
    return std::get<std::shared_ptr<JsonArray>>(v)->at(i);
  }
  size_t size() const { return std::get<std::shared_ptr<JsonArray>>(v)->size(); }
  double num() const { return std::get<double>(v); }
  const std::string& str() const { return std::get<std::string>(v); }
  bool is_null() const { return std::holds_alternative<std::nullptr_t>(v); }
  std::vector<std::string> keys() const {
    std::vector<std::string> k;
    for (const auto& [key, val] : *std::get<std::shared_ptr<JsonObject>>(v)) k.push_back(key);
    return k;
  }
};

// Strict enough for this test: RFC 8259 grammar, \uXXXX only below U+0080.
class JsonParser {
 public:
  explicit JsonParser(std::string_view s) : s_(s) {}
  bool Parse(JsonValue* out) {
    if (!Value(out)) return false;
    Ws();
    return i_ == s_.size();
  }

 private:
  void Ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t'))
      ++i_;
  }
  bool Lit(std::string_view w) {
    if (s_.substr(i_, w.size()) != w) return false;
    i_ += w.size();
    return true;
  }
  bool Str(std::string* out) {
    if (!Lit("\"")) return false;
    while (i_ < s_.size() && s_[i_] != '"') {
      char c = s_[i_++];
      if (static_cast<unsigned char>(c) < 0x20) return false;
      if (c != '\\') {
        out->push_back(c);
        continue;
      }
      if (i_ >= s_.size()) return false;
      char e = s_[i_++];
      static const std::map<char, char> kEsc = {{'"', '"'},  {'\\', '\\'}, {'/', '/'},
                                                {'b', '\b'}, {'f', '\f'},  {'n', '\n'},
                                                {'r', '\r'}, {'t', '\t'}};
      if (e == 'u') {
        if (i_ + 4 > s_.size()) return false;
        int cp = std::stoi(std::string(s_.substr(i_, 4)), nullptr, 16);
        if (cp >= 0x80) return false;
        out->push_back(static_cast<char>(cp));
        i_ += 4;
      } else if (kEsc.count(e)) {
        out->push_back(kEsc.at(e));
      } else {
        return false;
      }
    }
    return Lit("\"");
  }
  bool Value(JsonValue* out) {
    Ws();
    if (i_ >= s_.size()) return false;
    const char c = s_[i_];
    if (c == '{') {
      ++i_;
      auto obj = std::make_shared<JsonObject>();
      Ws();
      if (!Lit("}")) {
        do {
          Ws();
          std::string key;
          JsonValue val;
          if (!Str(&key)) return false;
          Ws();
          if (!Lit(":") || !Value(&val)) return false;
          obj->emplace_back(key, val);
          Ws();
        } while (Lit(","));
        if (!Lit("}")) return false;
      }
      out->v = obj;
      return true;
    }
    if (c == '[') {
      ++i_;
      auto arr = std::make_shared<JsonArray>();
      Ws();
      if (!Lit("]")) {
        do {
          JsonValue val;
          if (!Value(&val)) return false;
          arr->push_back(val);
          Ws();
        } while (Lit(","));
        if (!Lit("]")) return false;
      }
      out->v = arr;
      return true;
    }
    if (c == '"') {
      std::string s;
      if (!Str(&s)) return false;
      out->v = s;
      return true;
    }
    if (Lit("null")) return out->v = nullptr, true;
    if (Lit("true")) return out->v = true, true;
    if (Lit("false")) return out->v = false, true;
    size_t start = i_;
    if (i_ < s_.size() && s_[i_] == '-') ++i_;
    while (i_ < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[i_])) || s_[i_] == '.'))
      ++i_;
    if (i_ == start) return false;
    out->v = std::stod(std::string(s_.substr(start, i_ - start)));
    return true;
  }
  std::string_view s_;
  size_t i_ = 0;
};

// RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks.
bool ParseCsv(const std::string& text, std::vector<std::vector<std::string>>* rows) {
  std::vector<std::string> row;
  std::string field;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '"') {
      ++i;
      while (true) {
        if (i >= text.size()) return false;
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field.push_back(text[i++]);
      }
    }
    while (i < text.size() && text[i] != ',' && text[i] != '\r') {
      if (text[i] == '"' || text[i] == '\n') return false;  // stray quote or bare LF
      field.push_back(text[i++]);
    }
    if (i >= text.size()) return false;  // every record ends in CRLF
    row.push_back(std::move(field));
    field.clear();
    if (text[i] == ',') {
      ++i;
      continue;
    }
    if (text.compare(i, 2, "\r\n") != 0) return false;
    i += 2;
    rows->push_back(std::move(row));
    row.clear();
  }
  return row.empty();
}

// ---- Formats ----

AuditInput HostileSample() {
  AuditInput in = Sample();
  in.group_name = "Noord & <Zuid>";
  in.cases[3].title = "=HYPERLINK(\"x\"),\"quoted\"\r\nnext line\x1b[2J";  // c4, drifting
  return in;
}

TEST(AuditRenderTest, JsonParsesBackWithTheFigures) {
  const std::string json = RenderAuditJson(Build(HostileSample()));
  JsonValue root;
  ASSERT_TRUE(JsonParser(json).Parse(&root)) << json;
  EXPECT_EQ(root["report"].str(), "kring-audit");
  EXPECT_EQ(root["group"].str(), "Noord & <Zuid>");
  EXPECT_EQ(root["cases"].num(), 4);
  EXPECT_EQ(root["withdrawn"].num(), 1);
  EXPECT_EQ(root["reviews"].num(), 6);
  EXPECT_EQ(root["period"]["since"].str(), "2026-01-01T00:00:00Z");
  EXPECT_TRUE(root["coach"].is_null());
  EXPECT_EQ(root["response_times"]["median_ms"].num(), 27 * kHour);
  EXPECT_EQ(root["response_times"]["mean_ms"].num(), 25.5 * kHour);
  EXPECT_EQ(root["response_times"]["overdue"].num(), 1);
  ASSERT_EQ(root["coaches"].size(), 3u);
  EXPECT_EQ(root["coaches"][0]["fingerprint"].str(), kAnn);
  EXPECT_NEAR(root["coaches"][0]["mean_scores"][2].num(), 11.0 / 3, 1e-4);
  EXPECT_TRUE(root["coaches"][2]["work_focused"]["analysis"].is_null());
  EXPECT_NEAR(root["group_totals"]["overall_score"].num(), 80.0 / 24, 1e-4);
  EXPECT_NEAR(root["group_totals"]["work_focused"]["reviewers"].num(), 0.4375, 1e-4);
  ASSERT_EQ(root["drifting"].size(), 2u);
  // Titles keep their quotes and brackets; control characters became spaces.
  EXPECT_EQ(root["drifting"][0]["title"].str(),
            "Team lead, \"new\" role <script>alert(1)</script> | *x*");
  EXPECT_EQ(root["drifting"][1]["title"].str(), "=HYPERLINK(\"x\"),\"quoted\"  next line [2J");
  ASSERT_EQ(root["months"].size(), 3u);
  EXPECT_EQ(root["months"][1]["month"].str(), "2026-02");
  EXPECT_EQ(root["months"][1]["mean_score"].num(), 2.25);
  // Keys come in a fixed order.
  const std::vector<std::string> want = {
      "report",         "version",         "group",        "period",    "coach",
      "generated_at",   "principles",      "cases",        "withdrawn", "reviews",
      "response_times", "coaches",         "group_totals", "drifting",  "reviewers_per_case",
      "months",         "months_truncated"};
  EXPECT_EQ(root.keys(), want);
  EXPECT_EQ(root["principles"][0].str(), "Reflection on professional action");
}

TEST(AuditRenderTest, CsvIsLongFormatWithQuoting) {
  const std::string csv = RenderAuditCsv(Build(HostileSample()));
  std::vector<std::vector<std::string>> rows;
  ASSERT_TRUE(ParseCsv(csv, &rows)) << csv;
  ASSERT_GT(rows.size(), 50u);
  const std::vector<std::string> header = {"section", "coach", "month", "case", "measure", "value"};
  EXPECT_EQ(rows[0], header);
  std::map<std::string, std::string> by_key;  // section|coach|month|case|measure -> value
  for (const auto& row : rows) {
    ASSERT_EQ(row.size(), 6u);
    by_key[row[0] + "|" + row[1] + "|" + row[2] + "|" + row[3] + "|" + row[4]] = row[5];
  }
  EXPECT_EQ(by_key["report||||group"], "Noord & <Zuid>");
  EXPECT_EQ(by_key["summary||||cases"], "4");
  EXPECT_EQ(by_key["requests||||hours to first review: median"], "27.00");
  EXPECT_EQ(by_key["coaches|bob|||mean score: Context vs own choices"], "4.5000");
  EXPECT_EQ(by_key["coaches|cor|||work-focused share (analysis, all shared)"], "");
  EXPECT_EQ(by_key["coaches|(whole group)|||disagreements"], "1");
  EXPECT_EQ(by_key["months||2026-01||mean score"], "3.5625");
  // The hostile title: commas and quotes survive the round trip, the formula is defused.
  EXPECT_EQ(by_key["drifting|bob||c4|title"], "'=HYPERLINK(\"x\"),\"quoted\"  next line [2J");
  EXPECT_EQ(by_key["drifting|ann||c2|title"],
            "Team lead, \"new\" role <script>alert(1)</script> | *x*");
  EXPECT_NE(csv.find("\"Team lead, \"\"new\"\" role"), std::string::npos);
}

TEST(AuditRenderTest, MarkdownTables) {
  const std::string md = RenderAuditMarkdown(Build(HostileSample()));
  EXPECT_EQ(md.rfind("# Audit report for group 'Noord \\& \\<Zuid\\>'\n", 0), 0u) << md;
  EXPECT_NE(md.find("| Coach | Cases | Reviews | Reflection | Context | Learning | "
                    "Self-direction | Overall |\n| --- | ---: | ---: | ---: | ---: | ---: | "
                    "---: | ---: |\n| ann | 2 | 3 | 2.67 | 2.67 | 3.67 | 3.33 | 3.08 |"),
            std::string::npos)
      << md;
  // No raw HTML and no cell-breaking pipe from the title.
  EXPECT_EQ(md.find("<script>"), std::string::npos);
  EXPECT_NE(md.find("\\<script\\>alert(1)\\</script\\> \\| \\*x\\*"), std::string::npos);
  EXPECT_EQ(md.find('\x1b'), std::string::npos);
  // Every row of a table has as many unescaped pipes as its header.
  size_t header_pipes = 0;
  bool in_table = false;
  size_t start = 0;
  while (start < md.size()) {
    size_t end = md.find('\n', start);
    const std::string line = md.substr(start, end - start);
    start = end + 1;
    if (line.empty() || line[0] != '|') {
      in_table = false;
      continue;
    }
    size_t pipes = 0;
    for (size_t i = 0; i < line.size(); ++i)
      pipes += line[i] == '|' && (i == 0 || line[i - 1] != '\\');
    if (!in_table) header_pipes = pipes;
    in_table = true;
    EXPECT_EQ(pipes, header_pipes) << line;
  }
  EXPECT_NE(md.find("- Reflection: Reflection on professional action"), std::string::npos);
}

TEST(AuditRenderTest, TerminalTableIsAlignedAndPlain) {
  const std::string text = RenderAuditTable(Build(HostileSample()));
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_NE(text.find("Audit report for group 'Noord & <Zuid>'"), std::string::npos);
  EXPECT_NE(text.find("Period 1 January 2026 through 31 March 2026 (UTC), all coaches. Made "
                      "2 April 2026, 09:00 UTC."),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("half within 1 day and 3 hours; on average 1 day and 1 hour;"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Context: Context vs own choices"), std::string::npos);
  // Lines of the scores table line up: equal display width (the last column is right-aligned).
  const size_t from = text.find("  Coach  ");
  ASSERT_NE(from, std::string::npos);
  std::vector<size_t> widths;
  size_t pos = from;
  for (int i = 0; i < 6; ++i) {  // header, rule, ann, bob, cor, whole group
    size_t end = text.find('\n', pos);
    widths.push_back(audit_text::DisplayWidth(text.substr(pos, end - pos)));
    pos = end + 1;
  }
  for (size_t w : widths) EXPECT_EQ(w, widths[0]) << text.substr(from, pos - from);
  EXPECT_NE(text.find("  Whole group      4        6        3.17"), std::string::npos) << text;
  for (const auto& line : {std::string("Team lead")}) EXPECT_NE(text.find(line), std::string::npos);
  // Every line stays within 100 columns.
  size_t s = 0;
  while (s < text.size()) {
    size_t e = text.find('\n', s);
    EXPECT_LE(audit_text::DisplayWidth(text.substr(s, e - s)), 100u) << text.substr(s, e - s);
    s = e + 1;
  }
}

size_t Count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

TEST(AuditRenderTest, HtmlIsSelfContainedEscapedAndHasCharts) {
  const std::string html = RenderAuditHtml(Build(HostileSample()));
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  // User text is escaped; no script, nothing fetched from elsewhere.
  EXPECT_EQ(Count(html, "<script"), 0u);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("<title>Audit report for group &#39;Noord &amp; &lt;Zuid&gt;&#39;</title>"),
            std::string::npos);
  EXPECT_EQ(html.find('\x1b'), std::string::npos);
  for (const char* banned : {"http:", "https:", "src=", "href=", "url(", "@import", "<link", "<img",
                             "<iframe", "<object", "<embed", "javascript:", " on"}) {
    if (std::string(banned) == " on") {
      EXPECT_EQ(html.find(" onload="), std::string::npos);
      EXPECT_EQ(html.find(" onerror="), std::string::npos);
      continue;
    }
    EXPECT_EQ(html.find(banned), std::string::npos) << banned;
  }
  EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
  // The four charts, each an accessible SVG with a title.
  for (const char* chart : {"scores", "focus-comparison", "activity", "focus-trend"}) {
    const std::string fig = std::string("<figure class=\"chart\" data-chart=\"") + chart + "\">";
    const size_t at = html.find(fig);
    ASSERT_NE(at, std::string::npos) << chart;
    const size_t svg = html.find("<svg", at);
    const size_t svg_end = html.find("</svg>", at);
    ASSERT_LT(svg, svg_end);
    const std::string svg_text = html.substr(svg, svg_end - svg);
    EXPECT_NE(svg_text.find("role=\"img\" aria-label=\""), std::string::npos) << chart;
    EXPECT_NE(svg_text.find("\"><title>"), std::string::npos) << chart;
  }
  EXPECT_EQ(Count(html, "<svg"), 4u);
  EXPECT_EQ(Count(html, "</svg>"), 4u);
  // Scores: 4 bars for each of ann, bob, cor and the whole group (+4 legend swatches).
  const size_t s0 = html.find("data-chart=\"scores\"");
  const std::string scores = html.substr(s0, html.find("</svg>", s0) - s0);
  EXPECT_EQ(Count(scores, "<rect class=\"bar\""), 16u);
  EXPECT_NE(scores.find("ann - Reflection on professional action: 2.67 (3 reviews)"),
            std::string::npos);
  // Trend: two bars per month for three months.
  const size_t a0 = html.find("<svg class=\"chart-svg\" data-chart=\"activity\"");
  const std::string activity = html.substr(a0, html.find("</svg>", a0) - a0);
  EXPECT_EQ(Count(activity, "<rect class=\"bar\""), 6u);
  // The tables are there as well, for printing and for screen readers.
  EXPECT_EQ(Count(html, "<table>"), 5u);
  EXPECT_NE(html.find("<td class=\"num\">3.17</td>"), std::string::npos);
}

TEST(AuditRenderTest, ParseFormat) {
  EXPECT_EQ(*ParseAuditFormat("md"), AuditFormat::kMarkdown);
  EXPECT_EQ(*ParseAuditFormat("html"), AuditFormat::kHtml);
  auto bad = ParseAuditFormat("pdf");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Code::kUsage);
  EXPECT_EQ(RenderAudit(Build(Sample()), AuditFormat::kCsv), RenderAuditCsv(Build(Sample())));
}

TEST(AuditRenderTest, DeterministicEvenWhenInputOrderChanges) {
  AuditInput in = HostileSample();
  AuditInput shuffled = in;
  std::reverse(shuffled.cases.begin(), shuffled.cases.end());
  std::reverse(shuffled.reviews.begin(), shuffled.reviews.end());
  std::rotate(shuffled.requests.begin(), shuffled.requests.begin() + 3, shuffled.requests.end());
  const AuditReport a = Build(in), b = Build(in), c = Build(shuffled);
  for (Language language : {Language::kEnglish, Language::kDutch}) {
    for (AuditFormat format : {AuditFormat::kTable, AuditFormat::kMarkdown, AuditFormat::kJson,
                               AuditFormat::kCsv, AuditFormat::kHtml}) {
      const AuditRenderOptions options{format, language};
      const std::string first = RenderAudit(a, options);
      EXPECT_FALSE(first.empty());
      EXPECT_EQ(first, RenderAudit(b, options));
      EXPECT_EQ(first, RenderAudit(c, options));
    }
  }
}

TEST(AuditRenderTest, ReportWithOnlyRequestsRendersEverywhere) {
  // A coach-filtered period with a request but no cases or reviews: no months, empty charts
  // are left out, nothing divides by zero.
  AuditInput in = Sample();
  in.since_ms = Ms(2026, 3, 16);
  in.until_ms = Ms(2026, 3, 17);
  AuditReport r = Build(in);
  EXPECT_EQ(r.cases, 0);
  EXPECT_EQ(r.response.requests, 1);
  EXPECT_TRUE(r.months.empty());
  EXPECT_FALSE(r.group.scores.overall.has_value());
  JsonValue root;
  EXPECT_TRUE(JsonParser(RenderAuditJson(r)).Parse(&root));
  std::vector<std::vector<std::string>> rows;
  EXPECT_TRUE(ParseCsv(RenderAuditCsv(r), &rows));
  const std::string html = RenderAuditHtml(r);
  EXPECT_EQ(Count(html, "<svg"), 2u);  // scores and comparison; no trend without months
  EXPECT_NE(html.find("no reviews"), std::string::npos);
  EXPECT_NE(RenderAuditTable(r).find("no request has been answered yet"), std::string::npos);
}

}  // namespace
}  // namespace kring

namespace kring {
namespace {

// Issue 11 #4: the drifting table always says why, in words; JSON and CSV carry stable keys.
TEST(AuditDriftReasonsTest, EveryFormatSaysWhyACaseIsFlagged) {
  AuditInput in = Sample();
  for (AuditCase& c : in.cases) {
    if (!c.focus_drifting) continue;
    c.focus_drift_reasons = {"no next actions are named"};
    c.focus_drift_reason_keys = {"no_next_actions"};
  }
  const AuditReport report = Build(in);
  ASSERT_FALSE(report.drifting.empty());
  for (AuditFormat format : {AuditFormat::kTable, AuditFormat::kMarkdown, AuditFormat::kHtml}) {
    const std::string text = RenderAudit(report, format);
    EXPECT_NE(text.find("no next actions are named"), std::string::npos) << text;
    EXPECT_NE(text.find("Why"), std::string::npos);
  }
  EXPECT_NE(RenderAudit(report, AuditFormat::kJson).find("\"reasons\": [\"no_next_actions\"]"),
            std::string::npos);
  EXPECT_NE(RenderAudit(report, AuditFormat::kCsv).find("reason,no_next_actions"),
            std::string::npos);
}

// The reasons come from the shared case itself: a plainly work-focused Dutch case with its form
// filled in is not drifting, and one without next actions says so.
TEST(AuditDriftReasonsTest, ReasonsComeFromTheFocusAnalysisOfTheSharedCase) {
  pb::CaseReflection r;
  r.set_language("nl");
  r.set_title("Planning");
  r.set_situation("De afdeling is gereorganiseerd en het team werkt nu vanuit twee locaties.");
  r.set_context_organisation("Het beleid van de organisatie verandert.");
  r.set_next_actions("Donderdag de planning doornemen.");
  EXPECT_TRUE(FocusForAudit(r).reasons.empty());
  r.clear_next_actions();
  const std::vector<std::string> reasons = FocusForAudit(r).reasons;
  ASSERT_EQ(reasons.size(), 1u);
  EXPECT_EQ(reasons[0], "no next actions are named");
}

}  // namespace
}  // namespace kring

namespace kring {
namespace {

// Issue 14: the human formats (table, Markdown, HTML) are written in the report's language:
// headings, labels, explanations, drift reasons, numbers, percentages, months and dates. JSON and
// CSV are the same bytes in every language.
AuditReport DutchSample() {
  AuditInput in = Sample();
  for (AuditCase& c : in.cases) {
    if (!c.focus_drifting) continue;
    c.focus_drift_reasons = {"no next actions are named"};
    c.focus_drift_reasons_nl = {"er worden geen vervolgacties genoemd"};
    c.focus_drift_reason_keys = {"no_next_actions"};
  }
  return Build(in);
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(AuditLanguageTest, TheTerminalTableSpeaksDutch) {
  const AuditReport r = DutchSample();
  const std::string text = RenderAuditTable(r, Language::kDutch);
  EXPECT_TRUE(Has(text, "Auditrapport van groep 'Intervision Noord'\n")) << text;
  EXPECT_TRUE(Has(text, "Periode 1 januari 2026 tot en met 31 maart 2026 (UTC), alle coaches."))
      << text;
  EXPECT_TRUE(Has(RenderAuditMarkdown(r, Language::kDutch), "Gemaakt op 2 april 2026 09:00 UTC."));
  for (const char* heading :
       {"Overzicht\n", "Scores per coach\n", "Bleven de sessies gericht op werken en leren?\n",
        "Wie welke casus reviewde\n", "Casussen die volgens de focusanalyse afdwalen\n",
        "Per maand\n", "Zo lees je dit\n"}) {
    EXPECT_TRUE(Has(text, heading)) << heading << "\n" << text;
  }
  EXPECT_TRUE(Has(text, "Gedeelde casussen")) << text;
  EXPECT_TRUE(Has(text, "de helft binnen 1 dag en 3 uur; gemiddeld 1 dag en 1 uur")) << text;
  EXPECT_TRUE(Has(text, "Reflectie: Reflectie op professioneel handelen")) << text;
  // March: one review, 3/5/2/4, mean 3.5 with a decimal comma; the month by its Dutch name.
  EXPECT_TRUE(Has(text, "maart 2026")) << text;
  EXPECT_TRUE(Has(text, "3,50")) << text;
  EXPECT_FALSE(Has(text, "3.50")) << text;
  EXPECT_TRUE(Has(text, "Hele groep")) << text;
  // The drifting table says why in Dutch, under a Dutch column.
  EXPECT_TRUE(Has(text, "Waarom")) << text;
  EXPECT_TRUE(Has(text, "\n        Waarom: er worden geen vervolgacties genoemd\n")) << text;
  EXPECT_TRUE(Has(text, "5 feb 2026")) << text;  // c2, shared on 5 February
  // No English is left.
  for (const char* english : {"Audit report", "Period ", "Overview", "Cases shared", "through",
                              "Whole group", "How to read", "Month by month", "Why",
                              "no next actions", "reviewed sessions", "March", "Made"}) {
    EXPECT_FALSE(Has(text, english)) << english << "\n" << text;
  }
  // Every line still fits a terminal.
  size_t s = 0;
  while (s < text.size()) {
    size_t e = text.find('\n', s);
    EXPECT_LE(audit_text::DisplayWidth(text.substr(s, e - s)), 100u) << text.substr(s, e - s);
    s = e + 1;
  }
}

TEST(AuditLanguageTest, MarkdownAndHtmlSpeakDutch) {
  const AuditReport r = DutchSample();
  const std::string md = RenderAuditMarkdown(r, Language::kDutch);
  EXPECT_EQ(md.rfind("# Auditrapport van groep 'Intervision Noord'\n", 0), 0u) << md;
  EXPECT_TRUE(Has(md, "## Overzicht\n\n| Cijfer | Waarde |")) << md;
  EXPECT_TRUE(Has(md, "| maart 2026 | 1 | 1 | 3,50 |")) << md;
  EXPECT_TRUE(Has(md, "## Zo lees je dit")) << md;

  const std::string html = RenderAuditHtml(r, Language::kDutch);
  EXPECT_TRUE(Has(html, "<html lang=\"nl\">")) << html.substr(0, 200);
  EXPECT_FALSE(Has(html, "lang=\"en\""));
  EXPECT_TRUE(Has(html, "<title>Auditrapport van groep &#39;Intervision Noord&#39;</title>"));
  EXPECT_TRUE(Has(html, "<h2>Zo lees je dit</h2>"));
  EXPECT_TRUE(Has(html, "<td class=\"num\">3,50</td>")) << html;
  EXPECT_TRUE(Has(html, ">mrt 2026</text>")) << html;  // the charts' month labels
  EXPECT_TRUE(Has(html, "ann - Reflectie op professioneel handelen: 2,67 (3 reviews)")) << html;
  EXPECT_TRUE(Has(html, "Staafdiagram: "));
  EXPECT_TRUE(Has(html, "er worden geen vervolgacties genoemd"));
  for (const char* english : {"Bar chart", "Line chart", "Reviews written", "focus analysis",
                              "How to read", "Hover", "Whole group"}) {
    EXPECT_FALSE(Has(html, english)) << english;
  }
  EXPECT_TRUE(Has(RenderAuditHtml(r, Language::kEnglish), "<html lang=\"en\">"));
}

TEST(AuditLanguageTest, EnglishIsUnchangedAndTheDefault) {
  const AuditReport r = DutchSample();
  const std::string text = RenderAuditTable(r, Language::kEnglish);
  EXPECT_EQ(RenderAuditTable(r), text);                   // tests run in English
  EXPECT_EQ(RenderAudit(r, AuditRenderOptions{}), text);  // the options default to English
  EXPECT_TRUE(Has(text, "Audit report for group 'Intervision Noord'\n"));
  EXPECT_TRUE(Has(text, "Overview\n  Cases shared"));
  EXPECT_TRUE(Has(text, "Scores per coach\nAverage of the reviewers' scores for each principle"));
  EXPECT_TRUE(Has(text, "Month by month\n"));
  EXPECT_TRUE(Has(text, "March 2026"));
  EXPECT_TRUE(Has(text, "3.50"));
  EXPECT_FALSE(Has(text, "3,50"));
  EXPECT_TRUE(Has(text, "no next actions are named"));
  EXPECT_TRUE(Has(text, "How to read this\n  - Only cases shared in the period count;"));
  EXPECT_TRUE(Has(text, "  Whole group "));
  EXPECT_TRUE(Has(RenderAuditMarkdown(r, Language::kEnglish), "| Figure | Value |"));
  // The process's language is what the command line renders in.
  i18n::SetLanguage(Language::kDutch);
  const std::string dutch = RenderAudit(r, AuditFormat::kTable);
  i18n::SetLanguage(Language::kEnglish);
  EXPECT_EQ(dutch, RenderAuditTable(r, Language::kDutch));
  EXPECT_EQ(RenderAudit(r, AuditFormat::kTable), text);
}

TEST(AuditLanguageTest, JsonAndCsvAreTheSameInEveryLanguage) {
  const AuditReport r = DutchSample();
  const std::string json = RenderAuditJson(r);
  const std::string csv = RenderAuditCsv(r);
  EXPECT_EQ(RenderAudit(r, AuditRenderOptions{AuditFormat::kJson, Language::kDutch}), json);
  EXPECT_EQ(RenderAudit(r, AuditRenderOptions{AuditFormat::kCsv, Language::kDutch}), csv);
  EXPECT_EQ(RenderAudit(r, AuditFormat::kJson, Language::kDutch), json);
  EXPECT_TRUE(Has(json, "\"name\": \"Whole group\""));
  EXPECT_TRUE(Has(json, "\"reasons\": [\"no_next_actions\"]"));
  EXPECT_TRUE(Has(json, "\"principles\": [\n    \"Reflection on professional action\""));
  EXPECT_FALSE(Has(json, "vervolgacties"));
  EXPECT_TRUE(Has(csv, "coaches,(whole group),,,mean score: Context vs own choices,"));
  EXPECT_TRUE(Has(csv, "drifting,ann,,c2,shared,2026-02-05\r\n"));
  EXPECT_FALSE(Has(csv, "vervolgacties"));
}

TEST(AuditLanguageTest, ErrorsFollowTheProcessLanguage) {
  AuditInput in = Sample();
  in.since_ms = Ms(2027, 1, 1);
  in.until_ms = Ms(2027, 2, 1);
  i18n::SetLanguage(Language::kDutch);
  auto r = BuildAudit(in);
  auto format = ParseAuditFormat("pdf");
  i18n::SetLanguage(Language::kEnglish);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "geen gedeelde casussen tussen 2027-01-01 en 2027-02-01 in groep 'Intervision "
            "Noord'; kies een ruimere periode met --since en --until");
  ASSERT_FALSE(format.ok());
  EXPECT_TRUE(Has(format.status().message(), "onbekend rapportformaat 'pdf'"));
}

TEST(AuditLanguageTest, TheFocusAnalysisGivesItsReasonsInBothLanguages) {
  pb::CaseReflection r;
  r.set_language("nl");
  r.set_title("Planning");
  r.set_situation("De afdeling is gereorganiseerd en het team werkt nu vanuit twee locaties.");
  r.set_context_organisation("Het beleid van de organisatie verandert.");
  const AuditFocus focus = FocusForAudit(r);
  ASSERT_EQ(focus.reasons.size(), 1u);
  ASSERT_EQ(focus.reasons_nl.size(), 1u);
  EXPECT_EQ(focus.reasons[0], "no next actions are named");
  EXPECT_EQ(focus.reasons_nl[0], i18n::Tr(Language::kDutch, "focus.drift.no_next_actions"));
  EXPECT_NE(focus.reasons_nl[0], focus.reasons[0]);
}

}  // namespace
}  // namespace kring
