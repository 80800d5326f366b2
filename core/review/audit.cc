#include "core/review/audit.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "core/i18n/messages.h"
#include "core/review/audit_text.h"

namespace kring {
namespace {

using i18n::Tr;

constexpr int64_t kMsPerDay = 86'400'000;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian, UTC).
CivilDate CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = yoe + era * 400 + (m <= 2);
  return {static_cast<int>(y), static_cast<int>(m), static_cast<int>(d)};
}

int MonthIndex(int64_t ms) {
  CivilDate d = UtcCivilDate(ms);
  return d.year * 12 + (d.month - 1);
}

bool ValidTime(int64_t ms) { return ms >= 0 && ms <= kMaxAuditTimeMs; }

// Names in messages are user text: cleaned so that they cannot carry terminal escape sequences.
std::string Quoted(const std::string& s) { return "'" + audit_text::CleanText(s) + "'"; }

// Fingerprints are shown grouped ("ABCD-EFGH-…"); people may type them with spaces, dashes or in
// lower case.
std::string NormaliseFingerprint(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '-' || c == ' ') continue;
    out.push_back((c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c);
  }
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) {
      return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

double FocusValue(AuditReview::Focused f) {
  switch (f) {
    case AuditReview::kYes:
      return 1.0;
    case AuditReview::kPartly:
      return 0.5;
    case AuditReview::kNo:
      return 0.0;
  }
  return 0.0;  // unreachable after validation
}

// ---- Validation: the input comes from signed entries, but a bug or a tampered store must not
// turn into a plausible-looking report. ----

// The words of an error are made only when there is one: the checks run for every entry.
using CaseIds = std::unordered_set<std::string_view>;

Status ValidateCases(const std::vector<AuditCase>& cases) {
  std::unordered_set<std::string_view> seen;
  seen.reserve(cases.size());
  for (const AuditCase& c : cases) {
    if (c.case_id_short.empty()) return Status::Integrity(Tr("audit.error.case_without_id"));
    const bool twice = !seen.insert(c.case_id_short).second;
    const bool valid_share = std::isfinite(c.focus_introspection_share) &&
                             c.focus_introspection_share >= 0.0 &&
                             c.focus_introspection_share <= 1.0;
    if (!twice && !c.author_fingerprint.empty() && ValidTime(c.shared_at_ms) && valid_share) {
      continue;
    }
    const std::string id = audit_text::CleanText(c.case_id_short);
    if (twice) {
      return Status::Integrity(Tr("audit.error.case_twice", {{"case", id}}));
    }
    if (c.author_fingerprint.empty()) {
      return Status::Integrity(Tr("audit.error.case_no_author", {{"case", id}}));
    }
    if (!ValidTime(c.shared_at_ms)) {
      return Status::Integrity(Tr("audit.error.case_time", {{"case", id}}));
    }
    if (!std::isfinite(c.focus_introspection_share) || c.focus_introspection_share < 0.0 ||
        c.focus_introspection_share > 1.0) {
      return Status::Integrity(Tr("audit.error.case_share", {{"case", id}}));
    }
  }
  return Status::Ok();
}

bool ValidReview(const AuditReview& r, const CaseIds& ids) {
  if (ids.count(r.case_id_short) == 0 || !ValidTime(r.created_at_ms)) return false;
  for (int s : r.scores) {
    if (s < kMinScore || s > kMaxScore) return false;
  }
  const int f = static_cast<int>(r.focused);
  return f >= AuditReview::kYes && f <= AuditReview::kNo;
}

Status ValidateReviews(const std::vector<AuditReview>& reviews, const CaseIds& ids) {
  for (const AuditReview& r : reviews) {
    if (ValidReview(r, ids)) continue;
    const std::string id = audit_text::CleanText(r.case_id_short);
    const std::string who = Quoted(r.reviewer_alias);
    if (ids.count(r.case_id_short) == 0) {
      return Status::Integrity(
          Tr("audit.error.review_unknown_case", {{"case", id}, {"reviewer", who}}));
    }
    for (size_t p = 0; p < kPrincipleCount; ++p) {
      const int s = r.scores[p];
      if (s < kMinScore || s > kMaxScore) {
        return Status::Integrity(Tr("audit.error.review_score", {{"case", id},
                                                                 {"reviewer", who},
                                                                 {"score", std::to_string(s)},
                                                                 {"principle", PrincipleName(p)}}));
      }
    }
    const int f = static_cast<int>(r.focused);
    if (f < AuditReview::kYes || f > AuditReview::kNo) {
      return Status::Integrity(Tr("audit.error.review_focus", {{"case", id}, {"reviewer", who}}));
    }
    if (!ValidTime(r.created_at_ms)) {
      return Status::Integrity(Tr("audit.error.review_time", {{"case", id}, {"reviewer", who}}));
    }
  }
  return Status::Ok();
}

Status ValidateRequests(const std::vector<AuditRequest>& requests, const CaseIds& ids) {
  for (const AuditRequest& q : requests) {
    if (ids.count(q.case_id_short) != 0 && ValidTime(q.asked_at_ms) &&
        (!q.first_answer_at_ms || ValidTime(*q.first_answer_at_ms)) &&
        (!q.due_ms || ValidTime(*q.due_ms))) {
      continue;
    }
    const std::string id = audit_text::CleanText(q.case_id_short);
    const std::string who = Quoted(q.requester_alias);
    if (ids.count(q.case_id_short) == 0) {
      return Status::Integrity(
          Tr("audit.error.request_unknown_case", {{"case", id}, {"requester", who}}));
    }
    if (!ValidTime(q.asked_at_ms) || (q.first_answer_at_ms && !ValidTime(*q.first_answer_at_ms)) ||
        (q.due_ms && !ValidTime(*q.due_ms))) {
      return Status::Integrity(Tr("audit.error.request_time", {{"case", id}, {"requester", who}}));
    }
  }
  return Status::Ok();
}

// ---- Coaches ----

struct Coach {
  std::string alias;
  std::string fingerprint;
  std::string display_name;
};

// One coach per author fingerprint. Aliases are chosen by people and may clash; then the
// display name carries the start of the fingerprint so the rows can be told apart.
std::map<std::string, Coach> CollectCoaches(const std::vector<AuditCase>& cases) {
  std::map<std::string, Coach> by_fp;
  for (const AuditCase& c : cases) {
    by_fp.try_emplace(c.author_fingerprint, Coach{c.author_alias, c.author_fingerprint, ""});
  }
  std::map<std::string, int> alias_count;
  for (const auto& [fp, coach] : by_fp) ++alias_count[coach.alias];
  for (auto& [fp, coach] : by_fp) {
    coach.display_name = coach.alias.empty() ? std::string(kNoAliasName) : coach.alias;
    if (alias_count[coach.alias] > 1 || coach.alias.empty()) {
      coach.display_name += " (" + NormaliseFingerprint(fp).substr(0, 4) + ")";
    }
  }
  return by_fp;
}

// Resolves --coach: an alias (any case) first, then a fingerprint prefix of at least 4 signs.
Result<std::string> ResolveCoach(const std::string& filter,
                                 const std::map<std::string, Coach>& coaches,
                                 const std::string& group) {
  std::vector<const Coach*> by_alias;
  for (const auto& [fp, c] : coaches) {
    if (EqualsIgnoreCase(c.alias, filter)) by_alias.push_back(&c);
  }
  if (by_alias.size() == 1) return by_alias.front()->fingerprint;
  if (by_alias.size() > 1) {
    return Status::User(Tr("audit.error.coach_alias_ambiguous",
                           {{"group", Quoted(group)}, {"coach", Quoted(filter)}}));
  }
  const std::string prefix = NormaliseFingerprint(filter);
  std::vector<const Coach*> by_fp;
  if (prefix.size() >= 4) {
    for (const auto& [fp, c] : coaches) {
      if (NormaliseFingerprint(fp).rfind(prefix, 0) == 0) by_fp.push_back(&c);
    }
  }
  if (by_fp.size() == 1) return by_fp.front()->fingerprint;
  if (by_fp.size() > 1) {
    return Status::User(Tr("audit.error.coach_fingerprint_ambiguous",
                           {{"group", Quoted(group)}, {"coach", Quoted(filter)}}));
  }
  return Status::User(
      Tr("audit.error.coach_unknown", {{"group", Quoted(group)}, {"coach", Quoted(filter)}}));
}

// ---- Accumulators ----

struct ScoreAcc {
  int reviews = 0;
  std::array<int64_t, kPrincipleCount> sum{};
  void Add(const AuditReview& r) {
    ++reviews;
    for (size_t p = 0; p < sum.size(); ++p) sum[p] += r.scores[p];
  }
  ScoreSummary Summary() const {
    ScoreSummary s;
    s.reviews = reviews;
    if (reviews == 0) return s;
    int64_t total = 0;
    for (size_t p = 0; p < sum.size(); ++p) {
      s.mean[p] = static_cast<double>(sum[p]) / reviews;
      total += sum[p];
    }
    s.overall = static_cast<double>(total) / (static_cast<int64_t>(reviews) * kPrincipleCount);
    return s;
  }
};

std::optional<double> Mean(const std::vector<double>& v) {
  if (v.empty()) return std::nullopt;
  double sum = 0;
  for (double x : v) sum += x;
  return sum / static_cast<double>(v.size());
}

// Per-session reviewer judgement: the mean over the session's reviews.
// The reviews' values of one session, summed in the order they come (as Mean sums a vector),
// without a vector per session: the audit adds one per review.
struct ValueSum {
  double sum = 0;
  size_t n = 0;
  void Add(double v) {
    sum += v;
    ++n;
  }
  size_t size() const { return n; }
};
std::optional<double> Mean(const ValueSum& v) {
  if (v.n == 0) return std::nullopt;
  return v.sum / static_cast<double>(v.n);
}
// case id -> review values; hashed (the audit adds one per review), read in the order of the
// ids so that the sums of means come out the same on every run.
using SessionFocus = std::unordered_map<std::string_view, ValueSum>;
std::vector<std::pair<std::string_view, const ValueSum*>> InIdOrder(const SessionFocus& focus) {
  std::vector<std::pair<std::string_view, const ValueSum*>> out;
  out.reserve(focus.size());
  for (const auto& [id, values] : focus) out.emplace_back(id, &values);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

FocusShares ComputeFocus(const SessionFocus& reviewed, const std::vector<const AuditCase*>& shared,
                         const std::unordered_map<std::string_view, const AuditCase*>& case_by_id) {
  FocusShares f;
  std::vector<double> reviewer_values, analysis_on_reviewed, analysis;
  for (const auto& [id, values] : InIdOrder(reviewed)) {
    const double v = *Mean(*values);
    reviewer_values.push_back(v);
    const bool analysis_yes = case_by_id.at(id)->focus_work_focused;
    analysis_on_reviewed.push_back(analysis_yes ? 1.0 : 0.0);
    if ((v > 0.5 && !analysis_yes) || (v < 0.5 && analysis_yes)) ++f.disagreements;
  }
  for (const AuditCase* c : shared) analysis.push_back(c->focus_work_focused ? 1.0 : 0.0);
  f.sessions_reviewed = static_cast<int>(reviewer_values.size());
  f.reviewers = Mean(reviewer_values);
  f.analysis_on_reviewed = Mean(analysis_on_reviewed);
  f.sessions_analysed = static_cast<int>(analysis.size());
  f.analysis = Mean(analysis);
  return f;
}

ResponseTimes ComputeResponseTimes(const std::vector<const AuditRequest*>& requests, int64_t now) {
  ResponseTimes rt;
  std::vector<int64_t> waits;
  for (const AuditRequest* q : requests) {
    ++rt.requests;
    if (q->first_answer_at_ms) {
      ++rt.answered;
      // Peers' clocks differ; a review stamped before the request counts as an immediate answer.
      waits.push_back(std::max<int64_t>(0, *q->first_answer_at_ms - q->asked_at_ms));
      if (q->due_ms && *q->first_answer_at_ms > *q->due_ms) ++rt.answered_late;
    } else {
      ++rt.open;
      if (q->due_ms && *q->due_ms < now) ++rt.overdue;
    }
  }
  if (waits.empty()) return rt;
  std::sort(waits.begin(), waits.end());
  const size_t n = waits.size();
  // The median of an even count is the mean of the two middle values (rounded down to the ms).
  rt.median_ms =
      n % 2 == 1 ? waits[n / 2] : waits[n / 2 - 1] + (waits[n / 2] - waits[n / 2 - 1]) / 2;
  double sum = 0;
  for (int64_t w : waits) sum += static_cast<double>(w);
  rt.mean_ms = sum / static_cast<double>(n);
  rt.max_ms = waits.back();
  return rt;
}

bool InPeriod(int64_t t, const AuditInput& in) { return t >= in.since_ms && t < in.until_ms; }

}  // namespace

const std::array<std::string_view, kPrincipleCount>& PrincipleNames() {
  static constexpr std::array<std::string_view, kPrincipleCount> kNames = {
      "Reflection on professional action",  // i18n-ok: stable names in JSON and CSV
      "Context vs own choices",             // i18n-ok: stable names in JSON and CSV
      "Learning from work experience",      // i18n-ok: stable names in JSON and CSV
      "Self-direction in learning"};        // i18n-ok: stable names in JSON and CSV
  return kNames;
}

const std::array<std::string_view, kPrincipleCount>& PrincipleShortNames() {
  static constexpr std::array<std::string_view, kPrincipleCount> kNames = {
      "Reflection", "Context", "Learning", "Self-direction"};  // i18n-ok: stable short names
  return kNames;
}

std::string PrincipleName(size_t index, Language language) {
  return Tr(language, "audit.principle." + std::to_string(index % kPrincipleCount + 1));
}

std::string PrincipleShortName(size_t index, Language language) {
  return Tr(language, "audit.principle.short." + std::to_string(index % kPrincipleCount + 1));
}

CivilDate UtcCivilDate(int64_t ms) { return CivilFromDays(FloorDiv(ms, kMsPerDay)); }

std::string FormatUtcDate(int64_t ms) {
  CivilDate d = UtcCivilDate(ms);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

std::string FormatUtcDateTime(int64_t ms) {
  const int64_t in_day = ms - FloorDiv(ms, kMsPerDay) * kMsPerDay;
  const int minutes = static_cast<int>(in_day / 60'000);
  char buf[32];
  std::snprintf(buf, sizeof buf, " %02d:%02d UTC", minutes / 60, minutes % 60);
  return FormatUtcDate(ms) + buf;
}

Result<AuditReport> BuildAudit(const AuditInput& in) {
  if (in.since_ms < 0 || in.until_ms > kMaxAuditTimeMs + 1 || in.since_ms >= in.until_ms) {
    return Status::Usage(
        Tr("audit.error.period_empty_range",
           {{"since", FormatUtcDate(std::max<int64_t>(0, in.since_ms))},
            {"until", FormatUtcDate(std::clamp<int64_t>(in.until_ms, 0, kMaxAuditTimeMs))}}));
  }
  KRING_RETURN_IF_ERROR(ValidateCases(in.cases));
  CaseIds ids;
  ids.reserve(in.cases.size());
  std::unordered_map<std::string_view, const AuditCase*> case_by_id;
  case_by_id.reserve(in.cases.size());
  for (const AuditCase& c : in.cases) {
    ids.insert(c.case_id_short);
    case_by_id[c.case_id_short] = &c;
  }
  KRING_RETURN_IF_ERROR(ValidateReviews(in.reviews, ids));
  KRING_RETURN_IF_ERROR(ValidateRequests(in.requests, ids));

  const std::map<std::string, Coach> coaches = CollectCoaches(in.cases);
  std::optional<std::string> only_fp;
  if (in.coach_filter) {
    KRING_ASSIGN_OR_RETURN(only_fp, ResolveCoach(*in.coach_filter, coaches, in.group_name));
  }
  // A case counts when it is not withdrawn and (with --coach) its author is that coach; reviews
  // and requests follow their case.
  auto selected = [&](const AuditCase& c) {
    return !c.retracted && (!only_fp || c.author_fingerprint == *only_fp);
  };

  AuditReport report;
  report.group_name = in.group_name;
  report.since_ms = in.since_ms;
  report.until_ms = in.until_ms;
  report.generated_at_ms = in.generated_at_ms;
  if (only_fp) report.coach = coaches.at(*only_fp).display_name;

  // Cases shared in the period.
  std::map<std::string, std::vector<const AuditCase*>> shared_by_coach;
  std::vector<const AuditCase*> shared;
  for (const AuditCase& c : in.cases) {
    if (!InPeriod(c.shared_at_ms, in)) continue;
    if (c.retracted && (!only_fp || c.author_fingerprint == *only_fp)) ++report.withdrawn;
    if (!selected(c)) continue;
    shared.push_back(&c);
    shared_by_coach[c.author_fingerprint].push_back(&c);
  }
  // Reviews written in the period, on any non-withdrawn case (also ones shared earlier).
  std::map<std::string, ScoreAcc> scores_by_coach;
  std::map<std::string, SessionFocus> focus_by_coach;
  ScoreAcc group_scores;
  SessionFocus group_focus;
  std::vector<const AuditReview*> reviews;
  for (const AuditReview& r : in.reviews) {
    const AuditCase& c = *case_by_id.at(r.case_id_short);
    if (!InPeriod(r.created_at_ms, in) || !selected(c)) continue;
    reviews.push_back(&r);
    scores_by_coach[c.author_fingerprint].Add(r);
    focus_by_coach[c.author_fingerprint][c.case_id_short].Add(FocusValue(r.focused));
    group_scores.Add(r);
    group_focus[c.case_id_short].Add(FocusValue(r.focused));
  }
  std::vector<const AuditRequest*> requests;
  for (const AuditRequest& q : in.requests) {
    if (InPeriod(q.asked_at_ms, in) && selected(*case_by_id.at(q.case_id_short))) {
      requests.push_back(&q);
    }
  }
  if (shared.empty() && reviews.empty() && requests.empty()) {
    const std::string since = FormatUtcDate(in.since_ms), until = FormatUtcDate(in.until_ms);
    if (only_fp) {
      return Status::User(
          Tr("audit.error.nothing_shared_by", {{"coach", Quoted(coaches.at(*only_fp).display_name)},
                                               {"since", since},
                                               {"until", until},
                                               {"group", Quoted(in.group_name)}}));
    }
    return Status::User(Tr("audit.error.nothing_shared",
                           {{"since", since}, {"until", until}, {"group", Quoted(in.group_name)}}));
  }

  report.cases = static_cast<int>(shared.size());
  report.reviews = static_cast<int>(reviews.size());
  report.response = ComputeResponseTimes(requests, in.generated_at_ms);

  std::set<std::string> active;
  for (const auto& [fp, v] : shared_by_coach) active.insert(fp);
  for (const auto& [fp, v] : scores_by_coach) active.insert(fp);
  for (const std::string& fp : active) {
    const Coach& who = coaches.at(fp);
    CoachAudit ca;
    ca.alias = who.alias;
    ca.fingerprint = who.fingerprint;
    ca.display_name = who.display_name;
    const auto& mine = shared_by_coach[fp];
    ca.cases = static_cast<int>(mine.size());
    for (const AuditCase* c : mine) ca.drifting += c->focus_drifting ? 1 : 0;
    ca.scores = scores_by_coach[fp].Summary();
    ca.focus = ComputeFocus(focus_by_coach[fp], mine, case_by_id);
    report.coaches.push_back(std::move(ca));
  }
  std::sort(
      report.coaches.begin(), report.coaches.end(), [](const CoachAudit& a, const CoachAudit& b) {
        return std::tie(a.display_name, a.fingerprint) < std::tie(b.display_name, b.fingerprint);
      });
  report.group.alias = report.group.display_name = std::string(kWholeGroupName);
  report.group.cases = report.cases;
  for (const AuditCase* c : shared) report.group.drifting += c->focus_drifting ? 1 : 0;
  report.group.scores = group_scores.Summary();
  report.group.focus = ComputeFocus(group_focus, shared, case_by_id);

  // Who reviewed each case shared in the period (reviews of any date: who gave an opinion).
  std::unordered_map<std::string_view, std::vector<const AuditReview*>> reviews_of_case;
  reviews_of_case.reserve(in.cases.size());
  for (const AuditReview& r : in.reviews) reviews_of_case[r.case_id_short].push_back(&r);
  report.case_reviewers.reserve(shared.size());
  for (const AuditCase* c : shared) {
    CaseReviewers cr;
    cr.case_id_short = c->case_id_short;
    cr.title = c->title;
    cr.author = coaches.at(c->author_fingerprint).display_name;
    cr.shared_at_ms = c->shared_at_ms;
    auto found = reviews_of_case.find(c->case_id_short);
    if (found != reviews_of_case.end()) {
      std::vector<const AuditReview*>& of_case = found->second;
      std::stable_sort(of_case.begin(), of_case.end(),
                       [](const AuditReview* a, const AuditReview* b) {
                         return a->created_at_ms < b->created_at_ms;
                       });
      for (const AuditReview* r : of_case) {
        if (std::find(cr.reviewers.begin(), cr.reviewers.end(), r->reviewer_alias) ==
            cr.reviewers.end()) {
          cr.reviewers.push_back(r->reviewer_alias);
        }
      }
    }
    report.case_reviewers.push_back(std::move(cr));
  }
  std::sort(report.case_reviewers.begin(), report.case_reviewers.end(),
            [](const CaseReviewers& a, const CaseReviewers& b) {
              return std::tie(a.shared_at_ms, a.case_id_short) <
                     std::tie(b.shared_at_ms, b.case_id_short);
            });

  for (const AuditCase* c : shared) {
    if (!c->focus_drifting) continue;
    DriftFlag d;
    d.case_id_short = c->case_id_short;
    d.title = c->title;
    d.author = coaches.at(c->author_fingerprint).display_name;
    d.shared_at_ms = c->shared_at_ms;
    d.introspection_share = c->focus_introspection_share;
    d.reasons = c->focus_drift_reasons;
    d.reasons_nl = c->focus_drift_reasons_nl;
    d.reason_keys = c->focus_drift_reason_keys;
    auto it = group_focus.find(c->case_id_short);
    if (it != group_focus.end()) {
      d.reviews = static_cast<int>(it->second.size());
      d.reviewers_focus = Mean(it->second);
    }
    report.drifting.push_back(std::move(d));
  }
  std::sort(report.drifting.begin(), report.drifting.end(),
            [](const DriftFlag& a, const DriftFlag& b) {
              return std::tie(a.shared_at_ms, a.case_id_short) <
                     std::tie(b.shared_at_ms, b.case_id_short);
            });

  // Monthly trend: cases by the month they were shared, reviews by the month they were written.
  struct MonthAcc {
    int cases = 0;
    std::vector<double> analysis;
    ScoreAcc scores;
    SessionFocus focus;
  };
  std::map<int, MonthAcc> by_month;
  for (const AuditCase* c : shared) {
    MonthAcc& m = by_month[MonthIndex(c->shared_at_ms)];
    ++m.cases;
    m.analysis.push_back(c->focus_work_focused ? 1.0 : 0.0);
  }
  for (const AuditReview* r : reviews) {
    MonthAcc& m = by_month[MonthIndex(r->created_at_ms)];
    m.scores.Add(*r);
    m.focus[r->case_id_short].Add(FocusValue(r->focused));
  }
  if (!by_month.empty()) {
    int first = by_month.begin()->first;
    const int last = by_month.rbegin()->first;
    if (last - first + 1 > kMaxTrendMonths) {
      first = last - kMaxTrendMonths + 1;
      report.months_truncated = true;
    }
    for (int idx = first; idx <= last; ++idx) {
      MonthAudit out;
      out.year = idx / 12;
      out.month = idx % 12 + 1;
      auto it = by_month.find(idx);
      if (it != by_month.end()) {
        const MonthAcc& m = it->second;
        out.cases = m.cases;
        out.reviews = m.scores.reviews;
        out.mean_score = m.scores.Summary().overall;
        std::vector<double> sessions;
        for (const auto& [id, values] : InIdOrder(m.focus)) sessions.push_back(*Mean(*values));
        out.reviewers_focus = Mean(sessions);
        out.analysis_focus = Mean(m.analysis);
      }
      report.months.push_back(out);
    }
  }
  return report;
}

}  // namespace kring
