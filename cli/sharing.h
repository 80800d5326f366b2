// What a coach shares with a group, as operations that return what happened instead of
// printing it: the command line (kring case share | retract, kring ask, kring review) prints
// the outcome, the app (app/) shows it on a page. Every free text passes the gate
// (cli/text_gate_prompt.h) on the way; `gate.present` decides how its findings are shown.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cli/text_gate_prompt.h"
#include "core/base/status.h"
#include "core/groups/group_book.h"
#include "core/groups/group_view.h"
#include "core/store/node.h"
#include "proto/entry.pb.h"

namespace kring::cli {

// A group with what this node reads of it. `view` points into nothing outside itself, so the
// pair can be moved as one.
struct OpenGroup {
  LoadedGroup group;
  GroupView view;
};
Result<OpenGroup> OpenGroupById(GroupBook& book, const std::string& id);
Result<OpenGroup> OpenGroupByName(GroupBook& book, const std::string& name);

struct ShareOutcome {
  std::string group_name;
  std::string entry_id;   // the shared case's entry (bytes)
  bool revision = false;  // shared there before: this is a revision
  bool key_rotated = false;
};
// Shares the case's current anonymised version with the group (or a revision of the copy
// already there, with `note` passed through the gate).
Result<ShareOutcome> ShareOwnCase(Node& node, const std::string& case_id,
                                  const std::string& group_id, const std::string& note,
                                  const TextGateFlags& gate);

// Withdraws the case from every group it is shared in; the names of those groups.
Result<std::vector<std::string>> RetractOwnCase(Node& node, const std::string& case_id,
                                                const std::string& reason,
                                                const TextGateFlags& gate);

struct AskArgs {
  std::string group;  // a name or an id
  std::string case_id;
  std::vector<std::string> to;
  bool whole_group = false;
  std::string question;
  std::string due;
  TextGateFlags gate;
};
struct AskOutcome {
  std::string group_name;
  std::string case_entry_id;
  std::string request_id;
  std::string who;  // the colleagues asked, or "the whole group", in words
  bool key_rotated = false;
};
Result<AskOutcome> AskForFeedback(Node& node, const AskArgs& args);

struct ReviewWrite {
  std::string group;  // a name or an id
  std::string case_id;
  std::string answers;  // a request id (prefix); empty: the open one addressed to me, if any
  TextGateFlags gate;
  // Called when this reviewer reviewed the case before (the new review replaces it); an error
  // stops with nothing stored.
  std::function<Status(uint64_t earlier_at)> replace_earlier;
  // The review itself, asked for once the case is found and may be reviewed (the command line
  // shows the focus analysis and opens the form in an editor here).
  std::function<Result<pb::ReviewBody>(const LoadedGroup&, const SharedCaseView&)> body;
};
struct ReviewOutcome {
  std::string group_name;
  std::string case_entry_id;
  std::string review_id;
  std::string request_id;  // the request it answers, or empty
  bool key_rotated = false;
};
Result<ReviewOutcome> WriteReviewOfCase(Node& node, const ReviewWrite& args);

// The request a review answers: the one named by `answers`, else the most recent open one
// addressed to me. Empty when it answers none.
Result<std::string> ChooseRequest(const SharedCaseView& c, const std::string& answers,
                                  const std::string& me);
// `not_member` names the message for a coach outside the group ({group}).
Status CheckMember(const LoadedGroup& g, const std::string& me, std::string_view not_member);
Status CheckReadableCase(const OpenGroup& og, const SharedCaseView& c);
// The shared case `case_id` (an id or its start) of the group, when this node is a member
// (else `not_member`'s message), the case is there, not withdrawn, and readable here. The
// pointer points into `og`.
Result<const SharedCaseView*> ReadableCaseIn(Node& node, const OpenGroup& og,
                                             const std::string& case_id,
                                             std::string_view not_member);

}  // namespace kring::cli
