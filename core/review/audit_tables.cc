#include "core/review/audit_tables.h"

#include "core/i18n/format.h"
#include "core/i18n/messages.h"
#include "core/review/audit_text.h"

namespace kring::audit_tables {
namespace {

using audit_text::CleanText;
using i18n::Tr;

std::string Int(int64_t n, Language language) { return i18n::FormatInteger(language, n); }

std::vector<std::string> ScoreRow(const std::string& name, const CoachAudit& c, Language language) {
  std::vector<std::string> row = {name, Int(c.cases, language), Int(c.scores.reviews, language)};
  for (const auto& m : c.scores.mean) row.push_back(audit_text::Score(m, language));
  row.push_back(audit_text::Score(c.scores.overall, language));
  return row;
}

std::vector<std::string> FocusRow(const std::string& name, const CoachAudit& c, Language language) {
  return {name,
          Int(c.focus.sessions_reviewed, language),
          audit_text::Percent(c.focus.reviewers, language),
          audit_text::Percent(c.focus.analysis_on_reviewed, language),
          Int(c.focus.disagreements, language),
          Int(c.focus.sessions_analysed, language),
          audit_text::Percent(c.focus.analysis, language)};
}

// Items joined by `separator` (names, reasons): a list, not a sentence.
std::string Join(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

}  // namespace

std::string DisplayName(const std::string& display_name, Language language) {
  // The report's data names a coach without an alias "(no alias) (ABCD)".
  if (display_name.rfind(kNoAliasName, 0) == 0) {
    return Tr(language, "audit.coach.no_alias") +
           CleanText(display_name.substr(kNoAliasName.size()));
  }
  return CleanText(display_name);
}

std::string CoachName(const AuditReport& r, const CoachAudit& c, Language language) {
  if (&c == &r.group) return Tr(language, "audit.whole_group");
  return DisplayName(c.display_name, language);
}

std::string Heading(const AuditReport& r, Language language) {
  return Tr(language, "audit.heading", {{"group", CleanText(r.group_name)}});
}

std::string PeriodText(const AuditReport& r, Language language) {
  return Tr(language, "audit.period",
            {{"since", audit_text::Date(r.since_ms, language)},
             {"until", audit_text::Date(r.until_ms - 1, language)}});
}

std::string ScopeText(const AuditReport& r, Language language) {
  return r.coach ? Tr(language, "audit.scope.coach", {{"coach", DisplayName(*r.coach, language)}})
                 : Tr(language, "audit.scope.all");
}

std::string MetaText(const AuditReport& r, Language language) {
  return Tr(language, "audit.meta",
            {{"period", PeriodText(r, language)},
             {"scope", ScopeText(r, language)},
             {"made", audit_text::DateTimeUtc(r.generated_at_ms, language)}});
}

std::vector<std::pair<std::string, std::string>> Overview(const AuditReport& r, Language language) {
  std::vector<std::pair<std::string, std::string>> rows;
  rows.emplace_back(Tr(language, "audit.overview.cases"), Int(r.cases, language));
  if (r.withdrawn > 0) {
    rows.emplace_back(Tr(language, "audit.overview.withdrawn"),
                      Tr(language, "audit.overview.withdrawn_value", {{"n", r.withdrawn}}));
  }
  rows.emplace_back(Tr(language, "audit.overview.reviews"), Int(r.reviews, language));
  const ResponseTimes& rt = r.response;
  std::string requests = Int(rt.requests, language);
  if (rt.requests > 0) {
    const std::string answered =
        rt.answered_late > 0 ? Tr(language, "audit.overview.answered_late",
                                  {{"n", rt.answered}, {"late", rt.answered_late}})
                             : Tr(language, "audit.overview.answered", {{"n", rt.answered}});
    const std::string open = rt.overdue > 0 ? Tr(language, "audit.overview.open_overdue",
                                                 {{"n", rt.open}, {"overdue", rt.overdue}})
                                            : Tr(language, "audit.overview.open", {{"n", rt.open}});
    requests = Tr(language, "audit.overview.requests_value",
                  {{"n", rt.requests}, {"answered", answered}, {"open", open}});
  }
  rows.emplace_back(Tr(language, "audit.overview.requests"), requests);
  if (rt.median_ms) {
    rows.emplace_back(
        Tr(language, "audit.overview.first_review"),
        Tr(language, "audit.overview.first_review_value",
           {{"median", audit_text::Duration(*rt.median_ms, language)},
            {"mean", audit_text::Duration(static_cast<int64_t>(*rt.mean_ms), language)},
            {"longest", audit_text::Duration(*rt.max_ms, language)}}));
  } else {
    rows.emplace_back(Tr(language, "audit.overview.first_review"),
                      Tr(language, "audit.overview.first_review_none"));
  }
  const FocusShares& f = r.group.focus;
  rows.emplace_back(Tr(language, "audit.overview.focus_reviewers"),
                    f.reviewers ? Tr(language, "audit.overview.focus_reviewers_value",
                                     {{"share", audit_text::Percent(f.reviewers, language)},
                                      {"n", f.sessions_reviewed}})
                                : Tr(language, "audit.overview.focus_reviewers_none"));
  rows.emplace_back(Tr(language, "audit.overview.focus_analysis"),
                    f.analysis ? Tr(language, "audit.overview.focus_analysis_value",
                                    {{"share", audit_text::Percent(f.analysis, language)},
                                     {"n", f.sessions_analysed}})
                               : Tr(language, "audit.overview.focus_analysis_none"));
  rows.emplace_back(Tr(language, "audit.overview.drifting"),
                    Tr(language, "audit.overview.drifting_value",
                       {{"drifting", r.group.drifting}, {"n", r.cases}}));
  return rows;
}

Table Scores(const AuditReport& r, Language language) {
  Table t;
  t.title = Tr(language, "audit.scores.title");
  t.intro = Tr(language, "audit.scores.intro");
  t.headers = {Tr(language, "audit.column.coach"), Tr(language, "audit.column.cases"),
               Tr(language, "audit.column.reviews")};
  for (size_t p = 0; p < kPrincipleCount; ++p) t.headers.push_back(PrincipleShortName(p, language));
  t.headers.push_back(Tr(language, "audit.column.overall"));
  t.numeric = {false, true, true, true, true, true, true, true};
  for (const CoachAudit& c : r.coaches)
    t.rows.push_back(ScoreRow(CoachName(r, c, language), c, language));
  t.rows.push_back(ScoreRow(CoachName(r, r.group, language), r.group, language));
  for (size_t p = 0; p < kPrincipleCount; ++p) {
    t.notes.push_back(
        Tr(language, "audit.scores.note",
           {{"short", PrincipleShortName(p, language)}, {"name", PrincipleName(p, language)}}));
  }
  return t;
}

Table WorkFocus(const AuditReport& r, Language language) {
  Table t;
  t.title = Tr(language, "audit.focus.title");
  t.intro = Tr(language, "audit.focus.intro");
  t.headers = {
      Tr(language, "audit.column.coach"),         Tr(language, "audit.column.reviewed"),
      Tr(language, "audit.column.reviewers_say"), Tr(language, "audit.column.analysis_says"),
      Tr(language, "audit.column.disagree"),      Tr(language, "audit.column.shared_count"),
      Tr(language, "audit.column.analysis_all")};
  t.numeric = {false, true, true, true, true, true, true};
  for (const CoachAudit& c : r.coaches)
    t.rows.push_back(FocusRow(CoachName(r, c, language), c, language));
  t.rows.push_back(FocusRow(CoachName(r, r.group, language), r.group, language));
  t.notes = {Tr(language, "audit.focus.note.reviewed"), Tr(language, "audit.focus.note.disagree")};
  return t;
}

Table Drifting(const AuditReport& r, Language language) {
  Table t;
  t.title = Tr(language, "audit.drifting.title");
  t.intro = Tr(language, "audit.drifting.intro");
  t.headers = {Tr(language, "audit.column.case"),    Tr(language, "audit.column.shared"),
               Tr(language, "audit.column.coach"),   Tr(language, "audit.column.introspection"),
               Tr(language, "audit.column.reviews"), Tr(language, "audit.column.reviewers_say"),
               Tr(language, "audit.column.title"),   Tr(language, "audit.column.why")};
  t.numeric = {false, false, false, true, true, true, false, false};
  t.last_below = true;
  for (const DriftFlag& d : r.drifting) {
    const std::vector<std::string>& reasons =
        language == Language::kDutch && !d.reasons_nl.empty() ? d.reasons_nl : d.reasons;
    t.rows.push_back({CleanText(d.case_id_short), audit_text::ShortDate(d.shared_at_ms, language),
                      DisplayName(d.author, language),
                      audit_text::Percent(d.introspection_share, language),
                      Int(d.reviews, language), audit_text::Percent(d.reviewers_focus, language),
                      CleanText(d.title), CleanText(Join(reasons, "; "))});
  }
  t.empty_text = Tr(language, "audit.drifting.empty");
  return t;
}

Table Reviewers(const AuditReport& r, Language language) {
  Table t;
  t.title = Tr(language, "audit.reviewers.title");
  t.intro = Tr(language, "audit.reviewers.intro");
  t.headers = {Tr(language, "audit.column.case"), Tr(language, "audit.column.shared"),
               Tr(language, "audit.column.coach"), Tr(language, "audit.column.reviewed_by"),
               Tr(language, "audit.column.title")};
  t.numeric = {false, false, false, false, false};
  for (const CaseReviewers& c : r.case_reviewers) {
    const std::string by = Join(c.reviewers, ", ");
    t.rows.push_back({CleanText(c.case_id_short), audit_text::ShortDate(c.shared_at_ms, language),
                      DisplayName(c.author, language),
                      by.empty() ? Tr(language, "audit.reviewers.none") : CleanText(by),
                      CleanText(c.title)});
  }
  t.empty_text = Tr(language, "audit.reviewers.empty");
  return t;
}

Table Months(const AuditReport& r, Language language) {
  Table t;
  t.title = Tr(language, "audit.months.title");
  t.intro = Tr(language, "audit.months.intro");
  t.headers = {
      Tr(language, "audit.column.month"),           Tr(language, "audit.column.cases"),
      Tr(language, "audit.column.reviews"),         Tr(language, "audit.column.average"),
      Tr(language, "audit.column.focus_reviewers"), Tr(language, "audit.column.focus_analysis")};
  t.numeric = {false, true, true, true, true, true};
  for (const MonthAudit& m : r.months) {
    t.rows.push_back({audit_text::MonthName(m.year, m.month, language), Int(m.cases, language),
                      Int(m.reviews, language), audit_text::Score(m.mean_score, language),
                      audit_text::Percent(m.reviewers_focus, language),
                      audit_text::Percent(m.analysis_focus, language)});
  }
  if (r.months_truncated) {
    t.notes.push_back(Tr(language, "audit.months.truncated", {{"n", kMaxTrendMonths}}));
  }
  t.empty_text = Tr(language, "audit.months.empty");
  return t;
}

std::vector<std::string> Explanations(Language language) {
  std::vector<std::string> lines;
  for (int i = 1; i <= 6; ++i) lines.push_back(Tr(language, "audit.explain." + std::to_string(i)));
  return lines;
}

}  // namespace kring::audit_tables
