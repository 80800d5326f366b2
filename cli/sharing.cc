#include "cli/sharing.h"

#include <set>

#include "cli/case_ids.h"
#include "cli/context.h"
#include "core/base/ascii.h"
#include "core/base/utf8.h"
#include "core/cases/case_gate.h"
#include "core/crypto/identity.h"
#include "core/groups/group_writer.h"
#include "core/i18n/messages.h"
#include "core/review/inbox.h"
#include "core/review/review_form.h"

namespace kring::cli {
namespace {

using i18n::Tr;

constexpr size_t kMaxQuestionBytes = 2000;

Status CheckAskArgs(const AskArgs& a, int64_t now_ms) {
  if (a.whole_group == !a.to.empty()) {
    return Status::Usage(Tr("ask.need_recipients"));
  }
  if (a.question.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status::Usage(Tr("ask.need_question"));
  }
  if (a.question.size() > kMaxQuestionBytes || !IsValidUtf8(a.question)) {
    return Status::Usage(Tr("ask.question_too_long", {{"max", kMaxQuestionBytes}}));
  }
  if (!a.due.empty()) KRING_RETURN_IF_ERROR(ValidateDueDate(a.due, now_ms));
  return Status::Ok();
}

}  // namespace

Result<OpenGroup> OpenGroupById(GroupBook& book, const std::string& id) {
  KRING_ASSIGN_OR_RETURN(LoadedGroup g, book.Load(id));
  KRING_ASSIGN_OR_RETURN(auto entries, book.ListEntries(id));
  GroupView view = BuildGroupView(g, entries);
  return OpenGroup{std::move(g), std::move(view)};
}

Result<OpenGroup> OpenGroupByName(GroupBook& book, const std::string& name) {
  KRING_ASSIGN_OR_RETURN(std::string id, book.Resolve(name));
  return OpenGroupById(book, id);
}

Status CheckMember(const LoadedGroup& g, const std::string& me, std::string_view not_member) {
  if (g.local.relay() || g.state().FindMember(me) == nullptr) {
    return Status::User(Tr(not_member, {{"group", g.Name()}}));
  }
  if (g.keys.empty()) return Status::User(Tr("review.no_key", {{"group", g.Name()}}));
  return Status::Ok();
}

Status CheckReadableCase(const OpenGroup& og, const SharedCaseView& c) {
  if (c.retracted) return Status::User(Tr("review.case_withdrawn", {{"id", ShortId(c.id)}}));
  if (!c.readable) {
    return Status::User(
        Tr("review.case_unreadable", {{"id", ShortId(c.id)}, {"group", og.group.Name()}}));
  }
  return Status::Ok();
}

Result<const SharedCaseView*> ReadableCaseIn(Node& node, const OpenGroup& og,
                                             const std::string& case_id,
                                             std::string_view not_member) {
  KRING_RETURN_IF_ERROR(CheckMember(og.group, node.signing_public_key(), not_member));
  KRING_ASSIGN_OR_RETURN(const SharedCaseView* c,
                         FindCaseInGroup(node, og.group, og.view, case_id));
  KRING_RETURN_IF_ERROR(CheckReadableCase(og, *c));
  return c;
}

Result<std::string> ChooseRequest(const SharedCaseView& c, const std::string& answers,
                                  const std::string& me) {
  if (answers.empty()) {
    const RequestView* open = RequestToAnswer(c, me);
    return open != nullptr ? open->id : std::string();
  }
  const std::string wanted = ToLower(answers);
  const RequestView* found = nullptr;
  for (const RequestView& q : c.requests) {
    if (wanted.size() >= 4 && ToHex(q.id).rfind(wanted, 0) == 0) found = &q;
  }
  if (found == nullptr) {
    return Status::User(Tr("review.no_request", {{"id", answers}, {"case", ShortId(c.id)}}));
  }
  if (!IsAddressedTo(*found, me)) {
    return Status::User(Tr("review.request_not_yours", {{"id", ShortId(found->id)}}));
  }
  return found->id;
}

Result<ShareOutcome> ShareOwnCase(Node& node, const std::string& case_id,
                                  const std::string& group_id, const std::string& note,
                                  const TextGateFlags& gate) {
  KRING_ASSIGN_OR_RETURN(CaseRecord record, node.LoadCase(case_id));
  KRING_ASSIGN_OR_RETURN(pb::CaseReflection shareable,
                         ShareableVersion(record.stored, case_id.substr(0, 8)));
  GroupBook book(node);
  KRING_ASSIGN_OR_RETURN(LoadedGroup g, book.Load(group_id));
  ShareOutcome outcome;
  KRING_ASSIGN_OR_RETURN(outcome.key_rotated, book.Maintain(g));
  outcome.group_name = g.Name();
  pb::SharedCopy* copy = nullptr;
  for (auto& shared : *record.stored.mutable_shared()) {
    if (shared.group_id() == group_id && !shared.retracted()) copy = &shared;
  }
  const uint64_t now = static_cast<uint64_t>(NowMillis());
  pb::Entry entry;
  if (copy != nullptr) {
    pb::CaseRevisionBody body;
    *body.mutable_reflection() = shareable;
    KRING_ASSIGN_OR_RETURN(std::vector<SharedText> gated,
                           GateTextsOfOwnCase(node, record, {{"note", note}}, gate));
    body.set_note(gated[0].text);
    KRING_ASSIGN_OR_RETURN(entry, ReviseCase(g.ledger, g.keys, book.Me(), node.signing_secret_key(),
                                             copy->entry_id(), body, now));
    copy->set_revised_at(static_cast<int64_t>(now));
    outcome.revision = true;
  } else {
    KRING_ASSIGN_OR_RETURN(
        entry, ShareCase(g.ledger, g.keys, book.Me(), node.signing_secret_key(), shareable, now));
    copy = record.stored.add_shared();
    copy->set_group_id(group_id);
    copy->set_entry_id(EntryId(entry));
    copy->set_shared_at(static_cast<int64_t>(now));
  }
  // The entry and the note that it was shared are stored together, or neither.
  KRING_ASSIGN_OR_RETURN(auto tx, node.store().Begin());
  KRING_RETURN_IF_ERROR(book.Append(g, {entry}));
  KRING_RETURN_IF_ERROR(node.SaveCase(record));
  KRING_RETURN_IF_ERROR(tx->Commit());
  outcome.entry_id = copy->entry_id();
  return outcome;
}

Result<std::vector<std::string>> RetractOwnCase(Node& node, const std::string& case_id,
                                                const std::string& reason,
                                                const TextGateFlags& gate) {
  KRING_ASSIGN_OR_RETURN(CaseRecord record, node.LoadCase(case_id));
  KRING_ASSIGN_OR_RETURN(std::vector<SharedText> gated,
                         GateTextsOfOwnCase(node, record, {{"reason", reason}}, gate));
  GroupBook book(node);
  KRING_ASSIGN_OR_RETURN(auto tx, node.store().Begin());
  std::vector<std::string> groups;
  for (auto& copy : *record.stored.mutable_shared()) {
    if (copy.retracted()) continue;
    KRING_ASSIGN_OR_RETURN(LoadedGroup g, book.Load(copy.group_id()));
    KRING_ASSIGN_OR_RETURN(
        pb::Entry entry,
        RetractCase(g.ledger, g.keys, book.Me(), node.signing_secret_key(), copy.entry_id(),
                    gated[0].text, static_cast<uint64_t>(NowMillis())));
    KRING_RETURN_IF_ERROR(book.Append(g, {entry}));
    copy.set_retracted(true);
    groups.push_back(g.Name());
  }
  if (groups.empty()) {
    return Status::User(Tr("group.retract.not_shared", {{"id", case_id.substr(0, 8)}}));
  }
  KRING_RETURN_IF_ERROR(node.SaveCase(record));
  KRING_RETURN_IF_ERROR(tx->Commit());
  return groups;
}

Result<AskOutcome> AskForFeedback(Node& node, const AskArgs& args) {
  const int64_t now = NowMillis();
  KRING_RETURN_IF_ERROR(CheckAskArgs(args, now));
  GroupBook book(node);
  KRING_ASSIGN_OR_RETURN(OpenGroup og, OpenGroupByName(book, args.group));
  const std::string& me = node.signing_public_key();
  KRING_ASSIGN_OR_RETURN(const SharedCaseView* c,
                         ReadableCaseIn(node, og, args.case_id, "ask.not_member"));
  if (c->author != me) return Status::User(Tr("ask.not_author", {{"id", ShortId(c->id)}}));
  // The question passes the gate with the case's own pseudonyms ([PERSOON-1] stays the same
  // person); the case record keeps the updated map and is saved with the request.
  KRING_ASSIGN_OR_RETURN(std::optional<CaseRecord> own, LocalCaseOfEntry(node, c->id));
  const std::vector<SharedText> texts = {{"question", args.question}};
  std::vector<SharedText> gated;
  if (own) {
    KRING_ASSIGN_OR_RETURN(gated, GateTextsOfOwnCase(node, *own, texts, args.gate));
  } else {
    KRING_ASSIGN_OR_RETURN(
        gated, GateTextsAboutSharedCase(node, c->reflection,
                                        "request on case " + ShortId(c->id),  // i18n-ok: record
                                        texts, args.gate));
  }
  pb::FeedbackRequestBody body;
  body.set_whole_group(args.whole_group);
  body.set_question(gated[0].text);
  body.set_due_date(args.due);
  std::set<std::string> asked;
  AskOutcome outcome;
  for (const std::string& who : args.to) {
    auto key = ResolveMember(og.group, who);
    if (!key.ok())
      return Status::User(Tr("ask.nothing_asked", {{"error", key.status().message()}}));
    if (*key == me) return Status::User(Tr("ask.not_yourself"));
    if (!asked.insert(*key).second) continue;
    body.add_recipient_keys(*key);
    outcome.who += (outcome.who.empty() ? "" : ", ") + og.group.Alias(*key);
  }
  if (args.whole_group) outcome.who = Tr("review.whole_group");
  KRING_ASSIGN_OR_RETURN(outcome.key_rotated, book.Maintain(og.group));
  const std::string case_id = c->id;
  KRING_ASSIGN_OR_RETURN(pb::Entry entry, RequestFeedback(og.group.ledger, og.group.keys, book.Me(),
                                                          node.signing_secret_key(), case_id, body,
                                                          static_cast<uint64_t>(now)));
  KRING_ASSIGN_OR_RETURN(auto tx, node.store().Begin());
  KRING_RETURN_IF_ERROR(book.Append(og.group, {entry}));
  if (own) KRING_RETURN_IF_ERROR(node.SaveCase(*own));
  KRING_RETURN_IF_ERROR(tx->Commit());
  outcome.group_name = og.group.Name();
  outcome.case_entry_id = case_id;
  outcome.request_id = EntryId(entry);
  return outcome;
}

Result<ReviewOutcome> WriteReviewOfCase(Node& node, const ReviewWrite& args) {
  GroupBook book(node);
  KRING_ASSIGN_OR_RETURN(OpenGroup og, OpenGroupByName(book, args.group));
  const std::string& me = node.signing_public_key();
  KRING_ASSIGN_OR_RETURN(const SharedCaseView* c,
                         ReadableCaseIn(node, og, args.case_id, "review.not_member"));
  if (c->author == me) return Status::User(Tr("review.own_case", {{"id", ShortId(c->id)}}));
  KRING_ASSIGN_OR_RETURN(std::string request_id, ChooseRequest(*c, args.answers, me));
  // One review per reviewer counts: a second one is a revision that replaces the first.
  for (const ReviewView& earlier : c->reviews) {
    if (earlier.reviewer != me) continue;
    if (args.replace_earlier) KRING_RETURN_IF_ERROR(args.replace_earlier(earlier.created_at));
    break;
  }
  KRING_ASSIGN_OR_RETURN(pb::ReviewBody body, args.body(og.group, *c));
  body.set_feedback_request_id(request_id);
  KRING_RETURN_IF_ERROR(ValidateReview(body));
  // The review's texts pass the gate: a name typed in a review must not reach the group.
  KRING_ASSIGN_OR_RETURN(
      std::vector<SharedText> gated,
      // The label is stored with a kept finding on this node, for the record; not shown.
      GateTextsAboutSharedCase(node, c->reflection,
                               "review of case " + ShortId(c->id),  // i18n-ok: stored record
                               {{"strengths", body.strengths()},
                                {"suggestion", body.suggestion()},
                                {"questions", body.questions()}},
                               args.gate));
  body.set_strengths(gated[0].text);
  body.set_suggestion(gated[1].text);
  body.set_questions(gated[2].text);
  ReviewOutcome outcome;
  KRING_ASSIGN_OR_RETURN(outcome.key_rotated, book.Maintain(og.group));
  const std::string case_id = c->id;
  KRING_ASSIGN_OR_RETURN(pb::Entry entry, WriteReview(og.group.ledger, og.group.keys, book.Me(),
                                                      node.signing_secret_key(), case_id, body,
                                                      static_cast<uint64_t>(NowMillis())));
  KRING_RETURN_IF_ERROR(book.Append(og.group, {entry}));
  outcome.group_name = og.group.Name();
  outcome.case_entry_id = case_id;
  outcome.review_id = EntryId(entry);
  outcome.request_id = request_id;
  return outcome;
}

}  // namespace kring::cli
