#include "core/review/inbox.h"

#include <algorithm>
#include <tuple>

#include "core/base/json.h"
#include "core/cases/case_template.h"
#include "core/crypto/identity.h"
#include "core/focus/focus_report.h"
#include "core/i18n/format.h"
#include "core/i18n/messages.h"
#include "core/review/audit.h"
#include "core/review/audit_text.h"
#include "core/review/review_form.h"

namespace kring {
namespace {

using i18n::Tr;

constexpr int64_t kMsPerDay = 86'400'000;

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::string CaseLabel(const std::string& case_id, const std::string& title, Language language) {
  if (title.empty()) return Tr(language, "inbox.case", {{"id", ShortId(case_id)}});
  return Tr(language, "inbox.case_titled",
            {{"id", ShortId(case_id)}, {"title", SanitiseForDisplay(title)}});
}

std::string StateText(RequestState state, Language language) {
  switch (state) {
    case RequestState::kOverdue:
      return Tr(language, "inbox.state.overdue");
    case RequestState::kOpen:
      return Tr(language, "inbox.state.open");
    case RequestState::kAnswered:
      return Tr(language, "inbox.state.answered");
  }
  return Tr(language, "inbox.state.open");
}

std::string ScoresText(const pb::ReviewBody& body) {
  auto s = ReviewScores(body);
  return std::to_string(s[0]) + "/" + std::to_string(s[1]) + "/" + std::to_string(s[2]) + "/" +
         std::to_string(s[3]);
}

// JSON text; invalid UTF-8 (from a foreign peer) is replaced rather than passed on.
std::string JsonText(std::string_view s) {
  const std::string text = IsValidUtf8(s) ? std::string(s) : audit_text::CleanText(s);
  return JsonQuote(text);
}

}  // namespace

std::string_view RequestStateName(RequestState state) {
  switch (state) {
    case RequestState::kOverdue:
      return "overdue";
    case RequestState::kOpen:
      return "open";
    case RequestState::kAnswered:
      return "answered";
  }
  return "open";
}

bool IsAddressedTo(const RequestView& request, std::string_view member) {
  if (request.requester == member) return false;
  if (request.body.whole_group()) return true;
  return std::find(request.body.recipient_keys().begin(), request.body.recipient_keys().end(),
                   member) != request.body.recipient_keys().end();
}

const ReviewView* AnswerBy(const SharedCaseView& c, const RequestView& request,
                           std::string_view member) {
  const ReviewView* later = nullptr;
  for (const ReviewView& r : c.reviews) {
    if (r.reviewer != member || !r.readable) continue;
    if (r.body.feedback_request_id() == request.id) return &r;
    // A review that answers another request explicitly does not answer this one by its date.
    if (!r.body.feedback_request_id().empty()) continue;
    if (r.created_at >= request.created_at &&
        (later == nullptr || r.created_at < later->created_at)) {
      later = &r;
    }
  }
  return later;
}

RequestState StateOf(const SharedCaseView& c, const RequestView& request, std::string_view member,
                     int64_t now_ms) {
  if (AnswerBy(c, request, member) != nullptr) return RequestState::kAnswered;
  auto due = ParseUtcDay(request.body.due_date());
  if (due.ok() && now_ms >= *due + kMsPerDay) return RequestState::kOverdue;
  return RequestState::kOpen;
}

const RequestView* RequestToAnswer(const SharedCaseView& c, std::string_view member) {
  const RequestView* best = nullptr;
  for (const RequestView& q : c.requests) {
    if (!q.readable || !IsAddressedTo(q, member) || AnswerBy(c, q, member) != nullptr) continue;
    if (best == nullptr || q.created_at >= best->created_at) best = &q;
  }
  return best;
}

Result<int64_t> ParseUtcDay(std::string_view date) {
  if (!IsIsoDate(date)) {
    return Status::Usage(Tr("inbox.error.not_a_date", {{"date", SanitiseForDisplay(date)}}));
  }
  const int y = std::stoi(std::string(date.substr(0, 4)));
  const int m = std::stoi(std::string(date.substr(5, 2)));
  const int d = std::stoi(std::string(date.substr(8, 2)));
  return DaysFromCivil(y, m, d) * kMsPerDay;
}

Status ValidateDueDate(std::string_view due, int64_t now_ms) {
  auto day = ParseUtcDay(due);
  if (!day.ok()) {
    return Status::Usage(Tr("inbox.error.due_not_a_date", {{"date", SanitiseForDisplay(due)}}));
  }
  if (*day + kMsPerDay <= now_ms) {
    return Status::Usage(Tr("inbox.error.due_passed", {{"date", std::string(due)}}));
  }
  return Status::Ok();
}

void CollectInbox(const LoadedGroup& group, const GroupView& view, std::string_view me,
                  int64_t now_ms, Inbox& inbox) {
  for (const SharedCaseView& c : view.cases) {
    if (c.retracted) continue;
    const std::string title = c.readable ? c.reflection.title() : "";
    for (const RequestView& q : c.requests) {
      if (!q.readable || !IsAddressedTo(q, me)) continue;
      InboxRequest item;
      item.group_id = group.group_id;
      item.group_name = group.Name();
      item.case_id = c.id;
      item.case_title = title;
      item.request_id = q.id;
      item.requester = group.Alias(q.requester);
      item.question = q.body.question();
      item.due_date = q.body.due_date();
      item.asked_at_ms = static_cast<int64_t>(q.created_at);
      item.state = StateOf(c, q, me, now_ms);
      if (const ReviewView* answer = AnswerBy(c, q, me)) {
        item.answered_at_ms = static_cast<int64_t>(answer->created_at);
      }
      inbox.requests.push_back(std::move(item));
    }
    if (c.author != me) continue;
    for (const ReviewView& r : c.reviews) {
      if (!r.readable || r.reviewer == me) continue;
      inbox.reviews.push_back({group.group_id, group.Name(), c.id, title, r.id,
                               group.Alias(r.reviewer), static_cast<int64_t>(r.created_at),
                               r.body});
    }
  }
}

void SortInbox(Inbox& inbox) {
  // Within a state: the earliest due date first (no due date last), then the oldest request.
  auto key = [](const InboxRequest& q) {
    return std::make_tuple(static_cast<int>(q.state), q.due_date.empty(), q.due_date, q.asked_at_ms,
                           q.request_id);
  };
  std::sort(inbox.requests.begin(), inbox.requests.end(),
            [&](const InboxRequest& a, const InboxRequest& b) { return key(a) < key(b); });
  std::sort(
      inbox.reviews.begin(), inbox.reviews.end(), [](const InboxReview& a, const InboxReview& b) {
        return std::tie(b.created_at_ms, b.review_id) < std::tie(a.created_at_ms, a.review_id);
      });
}

std::string RenderInboxText(const Inbox& inbox, Language language) {
  std::string out;
  out += inbox.requests.empty()
             ? Tr(language, "inbox.asked.none")
             : Tr(language, "inbox.asked.heading", {{"n", inbox.requests.size()}});
  out += "\n";
  for (const InboxRequest& q : inbox.requests) {
    const std::string state = StateText(q.state, language);
    const std::string group = SanitiseForDisplay(q.group_name);
    const std::string kase = CaseLabel(q.case_id, q.case_title, language);
    out += "  " +
           (q.due_date.empty() ? Tr(language, "inbox.request.line",
                                    {{"state", state}, {"group", group}, {"case", kase}})
                               : Tr(language, "inbox.request.line_due",
                                    {{"state", state},
                                     {"due", SanitiseForDisplay(q.due_date)},
                                     {"group", group},
                                     {"case", kase}})) +
           "\n";
    const std::string who = SanitiseForDisplay(q.requester);
    const std::string when = i18n::FormatDateTime(language, q.asked_at_ms);
    const std::string request = ShortId(q.request_id);
    out += "      " +
           (q.question.empty() ? Tr(language, "inbox.request.asked",
                                    {{"requester", who}, {"date", when}, {"request", request}})
                               : Tr(language, "inbox.request.asked_question",
                                    {{"requester", who},
                                     {"date", when},
                                     {"request", request},
                                     {"question", SanitiseForDisplay(q.question)}})) +
           "\n";
    if (q.answered_at_ms.has_value()) {
      out += "      " +
             Tr(language, "inbox.request.answered",
                {{"date", i18n::FormatDateTime(language, *q.answered_at_ms)}}) +
             "\n";
    } else {
      // i18n-ok: a command stays as it is in every language (it is typed, not read)
      const std::string command = "kring review \"" + group + "\" " + ShortId(q.case_id);
      out += "      " + Tr(language, "inbox.request.answer_with", {{"command", command}}) + "\n";
    }
  }
  out += "\n";
  out += inbox.reviews.empty()
             ? Tr(language, "inbox.reviews.none")
             : Tr(language, "inbox.reviews.heading", {{"n", inbox.reviews.size()}});
  out += "\n";
  for (const InboxReview& r : inbox.reviews) {
    out += "  " +
           Tr(language, "inbox.review.line",
              {{"date", i18n::FormatDateTime(language, r.created_at_ms)},
               {"group", SanitiseForDisplay(r.group_name)},
               {"case", CaseLabel(r.case_id, r.case_title, language)}}) +
           "\n";
    const std::string who = SanitiseForDisplay(r.reviewer);
    const std::string focused = FocusedText(r.body.focused(), language);
    out += "      " +
           (r.body.feedback_request_id().empty()
                ? Tr(language, "inbox.review.scores",
                     {{"reviewer", who}, {"scores", ScoresText(r.body)}, {"focused", focused}})
                : Tr(language, "inbox.review.scores_answer",
                     {{"reviewer", who}, {"scores", ScoresText(r.body)}, {"focused", focused}})) +
           "\n";
  }
  return out;
}

std::string RenderInboxJson(const Inbox& inbox) {
  std::string out = "{\"requests\": [";
  for (size_t i = 0; i < inbox.requests.size(); ++i) {
    const InboxRequest& q = inbox.requests[i];
    out += i ? ",\n  " : "\n  ";
    out += "{\"state\": " + JsonText(RequestStateName(q.state)) +
           ", \"group\": " + JsonText(q.group_name) + ", \"case\": " + JsonText(ToHex(q.case_id)) +
           ", \"case_title\": " + JsonText(q.case_title) +
           ", \"request\": " + JsonText(ToHex(q.request_id)) +
           ", \"requester\": " + JsonText(q.requester) + ", \"question\": " + JsonText(q.question) +
           ", \"due\": " + (q.due_date.empty() ? "null" : JsonText(q.due_date)) +
           ", \"asked_at\": " + JsonText(audit_text::IsoTime(q.asked_at_ms)) +
           ", \"answered_at\": " +
           (q.answered_at_ms ? JsonText(audit_text::IsoTime(*q.answered_at_ms))
                             : std::string("null")) +
           "}";
  }
  out += inbox.requests.empty() ? "], \"reviews\": [" : "\n], \"reviews\": [";
  for (size_t i = 0; i < inbox.reviews.size(); ++i) {
    const InboxReview& r = inbox.reviews[i];
    auto s = ReviewScores(r.body);
    out += i ? ",\n  " : "\n  ";
    out += "{\"group\": " + JsonText(r.group_name) + ", \"case\": " + JsonText(ToHex(r.case_id)) +
           ", \"case_title\": " + JsonText(r.case_title) +
           ", \"review\": " + JsonText(ToHex(r.review_id)) +
           ", \"reviewer\": " + JsonText(r.reviewer) +
           ", \"created_at\": " + JsonText(audit_text::IsoTime(r.created_at_ms)) +
           ", \"scores\": [" + std::to_string(s[0]) + ", " + std::to_string(s[1]) + ", " +
           std::to_string(s[2]) + ", " + std::to_string(s[3]) +
           "], \"focused\": " + JsonText(FocusedName(r.body.focused())) +
           ", \"answers_request\": " +
           (r.body.feedback_request_id().empty() ? std::string("null")
                                                 : JsonText(ToHex(r.body.feedback_request_id()))) +
           "}";
  }
  out += inbox.reviews.empty() ? "]}\n" : "\n]}\n";
  return out;
}

}  // namespace kring
