// Feedback requests and what came back (DESIGN.md §6, `kring inbox`): which requests are
// addressed to me and whether they are open, overdue or answered; which reviews my shared cases
// received; and which request a new review of mine answers.
//
// Pure: works on a loaded group and its GroupView; "now" is passed in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"
#include "core/groups/group_view.h"
#include "core/i18n/messages.h"
#include "core/text/language.h"

namespace kring {

enum class RequestState { kOverdue, kOpen, kAnswered };  // in the order the inbox shows them
std::string_view RequestStateName(RequestState state);   // "overdue", "open", "answered"

// Is `request` addressed to `member`? Named recipients, or the whole group except the asker.
bool IsAddressedTo(const RequestView& request, std::string_view member);

// The review by `member` that answers `request`: one that names it, or else the first review
// by `member` of the same case written at or after the request. nullptr when none.
const ReviewView* AnswerBy(const SharedCaseView& c, const RequestView& request,
                           std::string_view member);

// Open until answered; overdue when open and its due date (a UTC calendar day, inclusive) has
// passed at `now_ms`.
RequestState StateOf(const SharedCaseView& c, const RequestView& request, std::string_view member,
                     int64_t now_ms);

// The request a new review by `member` of `c` answers by default: the most recent one addressed
// to them that they have not answered yet. nullptr when there is none.
const RequestView* RequestToAnswer(const SharedCaseView& c, std::string_view member);

// A due date given by the asker: a real calendar date (YYYY-MM-DD) that is not before the UTC day
// of `now_ms`. Usage error otherwise (in the process's language).
Status ValidateDueDate(std::string_view due, int64_t now_ms);
// Milliseconds at 00:00 UTC of a YYYY-MM-DD date; usage error for anything else.
Result<int64_t> ParseUtcDay(std::string_view date);

struct InboxRequest {
  std::string group_id;  // bytes
  std::string group_name;
  std::string case_id;  // shared case entry id (bytes)
  std::string case_title;
  std::string request_id;
  std::string requester;  // alias
  std::string question;
  std::string due_date;  // YYYY-MM-DD or ""
  int64_t asked_at_ms = 0;
  RequestState state = RequestState::kOpen;
  std::optional<int64_t> answered_at_ms;
};

struct InboxReview {
  std::string group_id;  // bytes
  std::string group_name;
  std::string case_id;
  std::string case_title;
  std::string review_id;
  std::string reviewer;  // alias
  int64_t created_at_ms = 0;
  pb::ReviewBody body;
};

struct Inbox {
  std::vector<InboxRequest> requests;  // overdue first, then open, then answered
  std::vector<InboxReview> reviews;    // newest first
};

// Adds what `group` holds for `me`: readable requests on cases that are not withdrawn, and
// readable reviews by others of my cases.
void CollectInbox(const LoadedGroup& group, const GroupView& view, std::string_view me,
                  int64_t now_ms, Inbox& inbox);
// Sorts as documented on Inbox; call after collecting every group.
void SortInbox(Inbox& inbox);

// For people, in `language` (case text made safe to print; times in the local time zone, e.g.
// "31 January 2026, 15:05"; due dates as given, YYYY-MM-DD) and for scripts (times in UTC, ISO
// 8601 with Z; English state names).
std::string RenderInboxText(const Inbox& inbox, Language language = i18n::CurrentLanguage());
std::string RenderInboxJson(const Inbox& inbox);

}  // namespace kring
