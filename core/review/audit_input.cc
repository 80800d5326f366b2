#include "core/review/audit_input.h"

#include <algorithm>

#include "core/crypto/crypto.h"
#include "core/focus/focus.h"
#include "core/focus/focus_report.h"
#include "core/i18n/messages.h"
#include "core/review/inbox.h"
#include "core/review/review_form.h"

namespace kring {
namespace {

using i18n::Tr;

constexpr int64_t kMsPerDay = 86'400'000;

int64_t DayStart(int64_t ms) { return ms - ((ms % kMsPerDay) + kMsPerDay) % kMsPerDay; }

// A review body that cannot be counted: scores out of range or no answer to the focus question.
// The writer refuses such reviews, but a peer running other software could still sign one.
bool CountableReview(const pb::ReviewBody& body) {
  for (uint32_t s : ReviewScores(body)) {
    if (s < kMinScore || s > kMaxScore) return false;
  }
  return body.focused() == pb::FOCUSED_YES || body.focused() == pb::FOCUSED_PARTLY ||
         body.focused() == pb::FOCUSED_NO;
}

AuditReview::Focused ToAuditFocused(pb::Focused f) {
  if (f == pb::FOCUSED_YES) return AuditReview::kYes;
  if (f == pb::FOCUSED_PARTLY) return AuditReview::kPartly;
  return AuditReview::kNo;
}

}  // namespace

AuditFocus FocusForAudit(const pb::CaseReflection& shared_case) {
  const FocusProfile profile = AnalyseCase(shared_case, CaseLanguage(shared_case));
  AuditFocus focus;
  focus.drifting = profile.drifting;
  focus.introspection_share = profile.introspection_share_of_labelled;
  for (DriftReason reason : profile.drift_reasons) {
    // Without example words: the audit holds no case text (docs/audit.md).
    focus.reasons.push_back(DescribeDriftReason(profile, reason, Language::kEnglish, false));
    focus.reasons_nl.push_back(DescribeDriftReason(profile, reason, Language::kDutch, false));
    focus.reason_keys.emplace_back(DriftReasonName(reason));
  }
  return focus;
}

const AuditFocus& AuditFocusMemo::Get(const pb::CaseReflection& shared_case) {
  std::string key = Blake2b256(shared_case.SerializeAsString());
  auto it = by_text_.find(key);
  if (it != by_text_.end()) return it->second;
  if (by_text_.size() >= kMaxKept) by_text_.clear();
  return by_text_.emplace(std::move(key), FocusForAudit(shared_case)).first->second;
}

namespace {

// How many hex characters name every case of `cases` apart: 8, or more when two ids share their
// first 8 (at 10 000 cases that happens about once in a hundred groups), as git lengthens an
// abbreviated hash.
size_t CaseIdLength(const std::vector<SharedCaseView>& cases) {
  std::vector<std::string_view> ids;  // raw bytes: two hex characters each
  ids.reserve(cases.size());
  for (const SharedCaseView& c : cases) ids.emplace_back(c.id);
  std::sort(ids.begin(), ids.end());
  size_t length = 8;
  for (size_t i = 1; i < ids.size(); ++i) {
    const std::string_view a = ids[i - 1], b = ids[i];
    size_t bytes = 0;
    while (bytes < a.size() && bytes < b.size() && a[bytes] == b[bytes]) ++bytes;
    size_t hex = 2 * bytes;
    if (bytes < a.size() && bytes < b.size() &&
        (static_cast<unsigned char>(a[bytes]) >> 4) ==
            (static_cast<unsigned char>(b[bytes]) >> 4)) {
      ++hex;
    }
    length = std::max(length, hex + 1);
  }
  return length;
}

AuditCase CaseFor(const LoadedGroup& group, const SharedCaseView& c, const std::string& short_id,
                  AuditFocusMemo* memo) {
  AuditCase out;
  out.case_id_short = short_id;
  out.author_alias = group.Alias(c.author);
  out.author_fingerprint = Fingerprint(c.author);
  out.shared_at_ms = static_cast<int64_t>(c.shared_at);
  out.retracted = c.retracted;
  if (!c.retracted) {
    // The shared text is the anonymised one (the gate runs before sharing).
    out.title = c.reflection.title();
    AuditFocus analysed;
    if (memo == nullptr) analysed = FocusForAudit(c.reflection);
    const AuditFocus& focus = memo != nullptr ? memo->Get(c.reflection) : analysed;
    out.focus_drifting = focus.drifting;
    out.focus_introspection_share = focus.introspection_share;
    out.focus_work_focused = !focus.drifting;
    out.focus_drift_reasons = focus.reasons;
    out.focus_drift_reasons_nl = focus.reasons_nl;
    out.focus_drift_reason_keys = focus.reason_keys;
  }
  return out;
}

std::optional<int64_t> FirstAnswer(const SharedCaseView& c, const RequestView& q) {
  std::optional<int64_t> first;
  for (const ReviewView& r : c.reviews) {
    if (!r.readable || r.reviewer == q.requester || !CountableReview(r.body)) continue;
    if (r.body.feedback_request_id() != q.id && r.created_at < q.created_at) continue;
    // The reviewer's first review of the case answered the request, even if revised since
    // (views built without revisions carry no first time).
    const int64_t at =
        static_cast<int64_t>(r.first_created_at != 0 ? r.first_created_at : r.created_at);
    if (!first || at < *first) first = at;
  }
  return first;
}

AuditRequest RequestFor(const LoadedGroup& group, const SharedCaseView& c,
                        const std::string& short_id, const RequestView& q) {
  AuditRequest out;
  out.case_id_short = short_id;
  out.requester_alias = group.Alias(q.requester);
  if (q.body.whole_group()) {
    out.recipients.push_back("the whole group");  // i18n-ok: data the report does not show
  } else {
    for (const std::string& key : q.body.recipient_keys())
      out.recipients.push_back(group.Alias(key));
  }
  out.asked_at_ms = static_cast<int64_t>(q.created_at);
  out.first_answer_at_ms = FirstAnswer(c, q);
  if (auto due = ParseUtcDay(q.body.due_date()); due.ok()) {
    out.due_ms = *due + kMsPerDay - 1;  // the whole due day counts as in time
  }
  return out;
}

void DefaultPeriod(const AuditInput& in, const AuditRequestOptions& options, int64_t* since,
                   int64_t* until) {
  int64_t earliest = options.now_ms;
  int64_t latest = options.now_ms;
  auto see = [&](int64_t t) {
    earliest = std::min(earliest, t);
    latest = std::max(latest, t);
  };
  for (const auto& c : in.cases) see(c.shared_at_ms);
  for (const auto& r : in.reviews) see(r.created_at_ms);
  for (const auto& q : in.requests) see(q.asked_at_ms);
  *until = options.until_ms.value_or(std::min<int64_t>(
      DayStart(std::clamp<int64_t>(latest, 0, kMaxAuditTimeMs)) + kMsPerDay, kMaxAuditTimeMs + 1));
  *since = options.since_ms.value_or(
      std::min<int64_t>(DayStart(std::clamp<int64_t>(earliest, 0, kMaxAuditTimeMs)),
                        std::max<int64_t>(0, *until - kMsPerDay)));
}

}  // namespace

Status CheckMayAudit(const LoadedGroup& group, std::string_view member) {
  if (group.local.relay()) {
    return Status::User(Tr("audit.error.relay_only", {{"group", group.Name()}}));
  }
  const GroupMember* me = group.state().FindMember(member);
  if (me == nullptr) {
    return Status::User(Tr("audit.error.not_a_member", {{"group", group.Name()}}));
  }
  if (me->role != pb::ROLE_SUPERVISOR && me->role != pb::ROLE_ADMIN) {
    return Status::User(
        Tr("audit.error.role", {{"role", RoleName(me->role)}, {"group", group.Name()}}));
  }
  return Status::Ok();
}

BuiltAuditInput GatherAuditInput(const LoadedGroup& group, const GroupView& view,
                                 AuditFocusMemo* memo) {
  BuiltAuditInput built;
  AuditInput& in = built.input;
  in.group_name = group.Name();
  const size_t id_length = CaseIdLength(view.cases);
  for (const SharedCaseView& c : view.cases) {
    if (!c.retracted && !c.readable) {
      built.notes.push_back(Tr("audit.note.case_sealed", {{"case", ShortId(c.id)}}));
      continue;
    }
    const std::string short_id = ToHex(c.id).substr(0, id_length);
    in.cases.push_back(CaseFor(group, c, short_id, memo));
    for (const ReviewView& r : c.reviews) {
      if (!r.readable) {
        built.notes.push_back(Tr("audit.note.review_sealed", {{"review", ShortId(r.id)}}));
        continue;
      }
      if (r.reviewer == c.author) {
        // The CLI refuses these; a score of one's own work would skew the coach's figures.
        built.notes.push_back(Tr("audit.note.review_own", {{"review", ShortId(r.id)}}));
        continue;
      }
      if (!CountableReview(r.body)) {
        built.notes.push_back(
            Tr("audit.note.review_invalid",
               {{"review", ShortId(r.id)}, {"reviewer", group.Alias(r.reviewer)}}));
        continue;
      }
      AuditReview review;
      review.case_id_short = short_id;
      review.reviewer_alias = group.Alias(r.reviewer);
      review.created_at_ms = static_cast<int64_t>(r.created_at);
      const auto scores = ReviewScores(r.body);
      for (size_t i = 0; i < scores.size(); ++i) review.scores[i] = static_cast<int>(scores[i]);
      review.focused = ToAuditFocused(r.body.focused());
      in.reviews.push_back(std::move(review));
    }
    for (const RequestView& q : c.requests) {
      if (!q.readable) continue;
      in.requests.push_back(RequestFor(group, c, short_id, q));
    }
  }
  return built;
}

void ApplyAuditOptions(const AuditRequestOptions& options, AuditInput& in) {
  in.generated_at_ms = options.now_ms;
  in.coach_filter.reset();
  if (options.coach_key) in.coach_filter = Fingerprint(*options.coach_key);
  DefaultPeriod(in, options, &in.since_ms, &in.until_ms);
}

BuiltAuditInput BuildAuditInput(const LoadedGroup& group, const GroupView& view,
                                const AuditRequestOptions& options, AuditFocusMemo* memo) {
  BuiltAuditInput built = GatherAuditInput(group, view, memo);
  ApplyAuditOptions(options, built.input);
  return built;
}

}  // namespace kring
