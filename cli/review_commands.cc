// kring review, kring ask, kring inbox, kring audit; and the reviews a case received, for
// `kring case show` and `kring group read`.
#include <array>
#include <filesystem>
#include <iostream>
#include <memory>
#include <set>

#include "cli/case_ids.h"
#include "cli/context.h"
#include "cli/terminal.h"
#include "cli/text_gate_prompt.h"
#include "core/base/json.h"
#include "core/base/utf8.h"
#include "core/crypto/identity.h"
#include "core/focus/focus.h"
#include "core/focus/focus_report.h"
#include "core/groups/group_book.h"
#include "core/groups/group_view.h"
#include "core/review/audit.h"
#include "core/review/audit_input.h"
#include "core/review/audit_render.h"
#include "core/review/audit_text.h"
#include "core/review/inbox.h"
#include "core/review/review_form.h"

namespace kring::cli {
namespace {

constexpr size_t kMaxQuestionBytes = 2000;

// A group with what this node reads of it. `view` points into nothing outside itself, so the
// pair can be moved as one.
struct OpenGroup {
  LoadedGroup group;
  GroupView view;
};

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

Status CheckMember(const LoadedGroup& g, const std::string& me, std::string_view doing) {
  if (g.local.relay() || g.state().FindMember(me) == nullptr) {
    return Status::User("you are not a member of " + g.Name() + ": only its members " +
                        std::string(doing));
  }
  if (g.keys.empty()) {
    return Status::User("you hold no key of " + g.Name() + " yet: sync with a member first");
  }
  return Status::Ok();
}

Status CheckReadableCase(const OpenGroup& og, const SharedCaseView& c, std::string_view doing) {
  if (c.retracted) {
    return Status::User("case " + ShortId(c.id) + " was withdrawn by its author; it can no " +
                        "longer be " + std::string(doing));
  }
  if (!c.readable) {
    return Status::User("you cannot read case " + ShortId(c.id) + " in " + og.group.Name() +
                        ": it was written with a group key you do not hold");
  }
  return Status::Ok();
}

// Writes a key rotation that is due before anything new goes into the group.
Status Maintain(GroupBook& book, LoadedGroup& g) {
  KRING_ASSIGN_OR_RETURN(bool rotated, book.Maintain(g));
  if (rotated) {
    std::cout << "A member left " << g.Name() << ": wrote a fresh group key (epoch "
              << g.state().epoch() << ") for the remaining members.\n";
  }
  return Status::Ok();
}

void PrintIndented(std::string_view label, const std::string& text) {
  if (text.empty()) return;
  std::cout << "    " << label << ":";
  size_t start = 0;
  bool first = true;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::cout << (first ? " " : "\n      ") << SanitiseForDisplay(text.substr(start, end - start));
    first = false;
    start = end + 1;
  }
  std::cout << "\n";
}

void PrintReview(const LoadedGroup& g, const ReviewView& r) {
  std::cout << "  " << FormatLocalDateTime(static_cast<int64_t>(r.created_at)) << "  "
            << SanitiseForDisplay(g.Alias(r.reviewer)) << "  (review " << ShortId(r.id);
  if (!r.body.feedback_request_id().empty()) {
    std::cout << ", answers request " << ShortId(r.body.feedback_request_id());
  }
  std::cout << ")\n";
  if (!r.readable) {
    std::cout << "    (written with a group key you do not hold)\n";
    return;
  }
  const auto scores = ReviewScores(r.body);
  const auto& names = PrincipleNames();
  for (size_t i = 0; i < scores.size(); ++i) {
    std::cout << "    " << names[i] << ": " << scores[i] << "/5\n";
  }
  std::cout << "    stayed work- and learning-focused: " << FocusedName(r.body.focused()) << "\n";
  PrintIndented("strengths", r.body.strengths());
  PrintIndented("suggestion", r.body.suggestion());
  PrintIndented("questions they would have asked", r.body.questions());
}

void PrintReviewsOf(const LoadedGroup& g, const SharedCaseView& c) {
  if (c.reviews.empty()) {
    std::cout << "  no reviews yet\n";
    return;
  }
  for (const ReviewView& r : c.reviews) PrintReview(g, r);
}

// --------------------------------------------------------------------------------- review

struct ReviewArgs {
  std::string group;
  std::string case_id;
  ReviewFlags flags;
  std::string answers;
  TextGateFlags gate;
};

bool UsesFlags(const ReviewArgs& a) {
  return !a.flags.scores.empty() || !a.flags.focused.empty() || !a.flags.strengths.empty() ||
         !a.flags.suggestion.empty() || !a.flags.questions.empty();
}

Result<pb::ReviewBody> ReviewInEditor(const std::string& home, const std::string& label) {
  const std::string initial = RenderReviewTemplate(label);
  KRING_ASSIGN_OR_RETURN(ScratchFile file, ScratchFile::Create(home, initial));
  KRING_RETURN_IF_ERROR(RunEditor(file.path()));
  KRING_ASSIGN_OR_RETURN(std::string text, ReadFileLimited(file.path(), kMaxReviewFormBytes));
  if (text == initial) return Status::User("the review form was not filled in; nothing was stored");
  auto parsed = ParseReviewForm(text);
  if (!parsed.ok()) {
    const std::string path = file.path();
    file.Keep();
    return Status::Usage(parsed.status().message() + "; nothing was stored. Your text is kept " +
                         "in " + path + " (fix it and pass the parts as flags, or run the " +
                         "command again)");
  }
  return parsed;
}

// The request a review answers: the one named with --answers, else the most recent open one
// addressed to me. Empty when it answers none.
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
    return Status::User("no feedback request '" + answers + "' on case " + ShortId(c.id) +
                        " (see `kring inbox`)");
  }
  if (!IsAddressedTo(*found, me)) {
    return Status::User("feedback request " + ShortId(found->id) + " was not addressed to you");
  }
  return found->id;
}

Status RunReview(Context& ctx, const ReviewArgs& args) {
  std::optional<pb::ReviewBody> body;
  if (UsesFlags(args)) {
    // Checked before anything is opened: a bad score is a usage error and nothing is stored.
    KRING_ASSIGN_OR_RETURN(body, ReviewFromFlags(args.flags));
  }
  KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
  GroupBook book(*node);
  KRING_ASSIGN_OR_RETURN(OpenGroup og, OpenGroupByName(book, args.group));
  const std::string& me = node->signing_public_key();
  KRING_RETURN_IF_ERROR(CheckMember(og.group, me, "review its cases"));
  KRING_ASSIGN_OR_RETURN(const SharedCaseView* c,
                         FindCaseInGroup(*node, og.group, og.view, args.case_id));
  KRING_RETURN_IF_ERROR(CheckReadableCase(og, *c, "reviewed"));
  if (c->author == me) {
    return Status::User("case " + ShortId(c->id) + " is your own: ask colleagues for a review " +
                        "with `kring ask`");
  }
  KRING_ASSIGN_OR_RETURN(std::string request_id, ChooseRequest(*c, args.answers, me));
  // One review per reviewer counts: a second one is a revision that replaces the first.
  for (const ReviewView& earlier : c->reviews) {
    if (earlier.reviewer != me) continue;
    std::cout << "You reviewed case " << ShortId(c->id) << " on "
              << FormatLocalDateTime(static_cast<int64_t>(earlier.created_at))
              << "; a new review replaces that one (one review per reviewer counts).\n";
    KRING_RETURN_IF_ERROR(ConfirmUnlessYes(
        args.gate.yes, "Replace your earlier review?",
        "nothing was stored: replacing your review needs a yes; run the command again with "
        "--yes, or in a terminal",
        "nothing was stored"));
    break;
  }

  const std::string label =
      "case " + ShortId(c->id) + " '" + SanitiseForDisplay(c->reflection.title()) + "' shared by " +
      SanitiseForDisplay(og.group.Alias(c->author)) + " in " + SanitiseForDisplay(og.group.Name());
  std::cout << "Focus analysis of " << label << "\n(it informs your review; it does not "
            << "replace it)\n\n"
            << RenderFocusText(AnalyseCase(c->reflection, CaseLanguage(c->reflection)),
                               {.ansi = StdoutIsTerminal(), .all_sentences = true})
            << "\n";
  if (!body) {
    KRING_ASSIGN_OR_RETURN(body, ReviewInEditor(node->home(), label));
  }
  body->set_feedback_request_id(request_id);
  // The review's texts pass the gate: a name typed in a review must not reach the group.
  KRING_ASSIGN_OR_RETURN(
      std::vector<SharedText> gated,
      GateTextsAboutSharedCase(*node, c->reflection, "review of case " + ShortId(c->id),
                               {{"strengths", body->strengths()},
                                {"suggestion", body->suggestion()},
                                {"questions", body->questions()}},
                               args.gate));
  body->set_strengths(gated[0].text);
  body->set_suggestion(gated[1].text);
  body->set_questions(gated[2].text);
  KRING_RETURN_IF_ERROR(Maintain(book, og.group));
  const std::string case_id = c->id;
  KRING_ASSIGN_OR_RETURN(pb::Entry entry, WriteReview(og.group.ledger, og.group.keys, book.Me(),
                                                      node->signing_secret_key(), case_id, *body,
                                                      static_cast<uint64_t>(NowMillis())));
  KRING_RETURN_IF_ERROR(book.Append(og.group, {entry}));
  std::cout << "Signed and stored your review " << ShortId(EntryId(entry)) << " of case "
            << ShortId(case_id) << " in " << og.group.Name();
  if (!request_id.empty()) std::cout << " (answers request " << ShortId(request_id) << ")";
  std::cout << ".\nIt reaches the others with `kring sync` or `kring export`.\n";
  return Status::Ok();
}

// --------------------------------------------------------------------------------- ask

struct AskArgs {
  std::string group;
  std::string case_id;
  std::vector<std::string> to;
  bool whole_group = false;
  std::string question;
  std::string due;
  TextGateFlags gate;
};

Status CheckAskArgs(const AskArgs& a, int64_t now_ms) {
  if (a.whole_group == !a.to.empty()) {
    return Status::Usage(
        "name the colleagues to ask with --to MEMBER (one or more), or ask "
        "everyone with --whole-group — one of the two");
  }
  if (a.question.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status::Usage("write what you would like feedback on with --question TEXT");
  }
  if (a.question.size() > kMaxQuestionBytes || !IsValidUtf8(a.question)) {
    return Status::Usage("the question must be UTF-8 text of at most 2000 bytes");
  }
  if (!a.due.empty()) KRING_RETURN_IF_ERROR(ValidateDueDate(a.due, now_ms));
  return Status::Ok();
}

Status RunAsk(Context& ctx, const AskArgs& args) {
  const int64_t now = NowMillis();
  KRING_RETURN_IF_ERROR(CheckAskArgs(args, now));
  KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
  GroupBook book(*node);
  KRING_ASSIGN_OR_RETURN(OpenGroup og, OpenGroupByName(book, args.group));
  const std::string& me = node->signing_public_key();
  KRING_RETURN_IF_ERROR(CheckMember(og.group, me, "ask for feedback"));
  KRING_ASSIGN_OR_RETURN(const SharedCaseView* c,
                         FindCaseInGroup(*node, og.group, og.view, args.case_id));
  KRING_RETURN_IF_ERROR(CheckReadableCase(og, *c, "reviewed"));
  if (c->author != me) {
    return Status::User("only the author of case " + ShortId(c->id) +
                        " can ask for feedback on it");
  }
  // The question passes the gate with the case's own pseudonyms ([PERSOON-1] stays the same
  // person); the case record keeps the updated map and is saved with the request.
  KRING_ASSIGN_OR_RETURN(std::optional<CaseRecord> own, LocalCaseOfEntry(*node, c->id));
  const std::vector<SharedText> texts = {{"question", args.question}};
  std::vector<SharedText> gated;
  if (own) {
    KRING_ASSIGN_OR_RETURN(gated, GateTextsOfOwnCase(*node, *own, texts, args.gate));
  } else {
    KRING_ASSIGN_OR_RETURN(
        gated, GateTextsAboutSharedCase(*node, c->reflection, "request on case " + ShortId(c->id),
                                        texts, args.gate));
  }
  pb::FeedbackRequestBody body;
  body.set_whole_group(args.whole_group);
  body.set_question(gated[0].text);
  body.set_due_date(args.due);
  std::set<std::string> asked;
  std::string names;
  for (const std::string& who : args.to) {
    auto key = ResolveMember(og.group, who);
    if (!key.ok()) return Status::User(key.status().message() + "; nothing was asked");
    if (*key == me) return Status::User("you cannot ask yourself for feedback");
    if (!asked.insert(*key).second) continue;
    body.add_recipient_keys(*key);
    names += (names.empty() ? "" : ", ") + og.group.Alias(*key);
  }
  KRING_RETURN_IF_ERROR(Maintain(book, og.group));
  const std::string case_id = c->id;
  KRING_ASSIGN_OR_RETURN(pb::Entry entry, RequestFeedback(og.group.ledger, og.group.keys, book.Me(),
                                                          node->signing_secret_key(), case_id, body,
                                                          static_cast<uint64_t>(now)));
  KRING_ASSIGN_OR_RETURN(auto tx, node->store().Begin());
  KRING_RETURN_IF_ERROR(book.Append(og.group, {entry}));
  if (own) KRING_RETURN_IF_ERROR(node->SaveCase(*own));
  KRING_RETURN_IF_ERROR(tx->Commit());
  std::cout << "Asked " << (args.whole_group ? "the whole group" : names)
            << " for feedback on case " << ShortId(case_id) << " in " << og.group.Name()
            << " (request " << ShortId(EntryId(entry)) << ")"
            << (args.due.empty() ? "" : ", due " + args.due) << ".\n"
            << "It reaches them with `kring sync` or `kring export`; answers show in `kring "
               "inbox` and `kring case show`.\n";
  return Status::Ok();
}

// --------------------------------------------------------------------------------- inbox

Status RunInbox(Context& ctx, bool json) {
  KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
  GroupBook book(*node);
  KRING_ASSIGN_OR_RETURN(auto ids, book.GroupIds());
  const int64_t now = NowMillis();
  Inbox inbox;
  for (const std::string& id : ids) {
    KRING_ASSIGN_OR_RETURN(OpenGroup og, OpenGroupById(book, id));
    if (og.group.local.relay()) continue;
    CollectInbox(og.group, og.view, node->signing_public_key(), now, inbox);
  }
  SortInbox(inbox);
  std::cout << (json ? RenderInboxJson(inbox) : RenderInboxText(inbox));
  return Status::Ok();
}

// --------------------------------------------------------------------------------- audit

struct AuditArgs {
  std::string group;
  std::string since;
  std::string until;
  std::string coach;
  std::string format = "table";
  std::string out;
};

Status RunAudit(Context& ctx, const AuditArgs& args) {
  KRING_ASSIGN_OR_RETURN(AuditFormat format, ParseAuditFormat(args.format));
  AuditRequestOptions options;
  if (!args.since.empty()) {
    auto since = ParseUtcDay(args.since);
    if (!since.ok()) return since.status().WithContext("--since");
    options.since_ms = *since;
  }
  if (!args.until.empty()) {
    auto until = ParseUtcDay(args.until);
    if (!until.ok()) return until.status().WithContext("--until");
    options.until_ms = *until;
  }
  if (options.since_ms && options.until_ms && *options.since_ms >= *options.until_ms) {
    return Status::Usage("the period must start before it ends: --since " + args.since +
                         " is not before --until " + args.until +
                         " (the --until day itself "
                         "is not included)");
  }
  KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
  GroupBook book(*node);
  KRING_ASSIGN_OR_RETURN(OpenGroup og, OpenGroupByName(book, args.group));
  KRING_RETURN_IF_ERROR(CheckMayAudit(og.group, node->signing_public_key()));
  if (!args.coach.empty()) {
    KRING_ASSIGN_OR_RETURN(std::string key,
                           ResolveMember(og.group, args.coach, /*include_former=*/true));
    options.coach_key = key;
  }
  options.now_ms = NowMillis();
  BuiltAuditInput built = BuildAuditInput(og.group, og.view, options);
  for (const std::string& note : built.notes) std::cerr << "note: " << note << "\n";
  KRING_ASSIGN_OR_RETURN(AuditReport report, BuildAudit(built.input));
  const std::string text = RenderAudit(report, format);
  if (args.out.empty()) {
    std::cout << text;
    return Status::Ok();
  }
  KRING_RETURN_IF_ERROR(WriteFileAtomic(args.out, text, 0600));
  std::error_code ec;
  const auto path = std::filesystem::absolute(args.out, ec);
  std::cout << "Wrote the audit report of " << og.group.Name() << " to "
            << (ec ? args.out : path.string()) << "\n";
  return Status::Ok();
}

}  // namespace

namespace {

// JSON text; invalid UTF-8 (from a foreign peer) is replaced rather than passed on, as in
// `kring inbox --json`.
std::string JsonText(std::string_view s) {
  return JsonQuote(IsValidUtf8(s) ? std::string(s) : audit_text::CleanText(s));
}

std::string ReviewJson(const LoadedGroup& g, const ReviewView& r) {
  std::string out =
      "{\"id\": " + JsonText(ToHex(r.id)) + ", \"reviewer\": " + JsonText(g.Alias(r.reviewer)) +
      ", \"reviewer_fingerprint\": " + JsonText(Fingerprint(r.reviewer)) +
      ", \"created_at\": " + JsonText(audit_text::IsoTime(static_cast<int64_t>(r.created_at))) +
      ", \"readable\": " + (r.readable ? "true" : "false");
  if (!r.readable) return out + "}";
  // Keyed like the ReviewBody fields (proto/entry.proto), as the reflection next to it.
  constexpr std::array<std::string_view, 4> kScoreKeys = {
      "reflection_on_action", "context_versus_choices", "learning_from_experience",
      "self_direction"};
  const auto scores = ReviewScores(r.body);
  out += ", \"scores\": {";
  for (size_t i = 0; i < scores.size(); ++i) {
    out += (i ? ", " : "") + JsonText(kScoreKeys[i]) + ": " + std::to_string(scores[i]);
  }
  out += "}, \"focused\": " + JsonText(FocusedName(r.body.focused())) +
         ", \"strengths\": " + JsonText(r.body.strengths()) +
         ", \"suggestion\": " + JsonText(r.body.suggestion()) +
         ", \"questions\": " + JsonText(r.body.questions()) + ", \"answers_request\": " +
         (r.body.feedback_request_id().empty() ? std::string("null")
                                               : JsonText(ToHex(r.body.feedback_request_id()))) +
         "}";
  return out;
}

}  // namespace

std::string SharedCaseReviewsJson(const LoadedGroup& g, const SharedCaseView& c) {
  std::string out = "[";
  for (size_t i = 0; i < c.reviews.size(); ++i) {
    out += (i ? ", " : "") + ReviewJson(g, c.reviews[i]);
  }
  return out + "]";
}

void PrintSharedCaseReviews(Node& node, const std::string& group_id,
                            const std::string& case_entry_id) {
  GroupBook book(node);
  auto og = OpenGroupById(book, group_id);
  if (!og.ok()) {
    std::cout << "  (cannot read the group: " << og.status().message() << ")\n";
    return;
  }
  for (const SharedCaseView& c : og->view.cases) {
    if (c.id != case_entry_id) continue;
    std::cout << "\n## Reviews in " << SanitiseForDisplay(og->group.Name()) << " (case "
              << ShortId(c.id) << (c.retracted ? ", withdrawn" : "") << ")\n";
    PrintReviewsOf(og->group, c);
    for (const RequestView& q : c.requests) {
      if (!q.readable) continue;
      std::cout << "  feedback request " << ShortId(q.id) << " of "
                << FormatLocalDateTime(static_cast<int64_t>(q.created_at)) << " to "
                << (q.body.whole_group()
                        ? std::string("the whole group")
                        : std::to_string(q.body.recipient_keys_size()) + " member(s)")
                << (q.body.due_date().empty() ? "" : ", due " + q.body.due_date()) << "\n";
    }
    return;
  }
}

void PrintReceivedReviews(Node& node, const CaseRecord& record) {
  for (const auto& copy : record.stored.shared()) {
    PrintSharedCaseReviews(node, copy.group_id(), copy.entry_id());
  }
}

void RegisterReviewCommands(CLI::App& app, Context& ctx) {
  // ------------------------------------------------------------------ review
  auto* review = app.add_subcommand(
      "review", "Review a colleague's shared case: four scores, focus, strengths, a suggestion");
  auto r = std::make_shared<ReviewArgs>();
  review->add_option("GROUP", r->group, "Group name or id")->required();
  review->add_option("CASE", r->case_id, "The shared case's id (from `kring group feed`)")
      ->required();
  review->add_option("--scores", r->flags.scores,
                     "Four scores 1-5: reflection on professional action, context versus own "
                     "choices, learning from work experience, self-direction in learning");
  review->add_option("--focused", r->flags.focused,
                     "Did the session stay work- and learning-focused? yes, partly or no");
  review->add_option("--strengths", r->flags.strengths, "What went well");
  review->add_option("--suggestion", r->flags.suggestion, "One suggestion for the coach");
  review->add_option("--questions", r->flags.questions,
                     "Optional: the questions you would have asked");
  review->add_option("--answers", r->answers,
                     "The feedback request this answers (default: the latest open one to you)");
  AddTextGateFlags(review, &r->gate);
  review->footer(
      "Without flags, Kring opens $EDITOR on a short form. The focus analysis of the case is\n"
      "shown first. Example:\n"
      "  kring review \"Intervisie Utrecht\" 3fa2c1d0 --scores 4,3,5,4 --focused yes \\\n"
      "      --strengths \"...\" --suggestion \"...\"");
  OnRun(review, ctx, [&ctx, r]() { return RunReview(ctx, *r); });

  // ------------------------------------------------------------------ ask
  auto* ask = app.add_subcommand("ask", "Ask colleagues for feedback on a case you shared");
  ask->footer(
      "Example:\n"
      "  kring ask \"Intervisie Utrecht\" 3fa2c1d0 --to Bram --question \"Bleef ik bij het "
      "werk?\" --due 2026-12-15\n"
      "Names in the question are replaced as in the case; Kring shows the change first.");
  auto a = std::make_shared<AskArgs>();
  ask->add_option("GROUP", a->group, "Group name or id")->required();
  ask->add_option("CASE", a->case_id, "Your case id, or the shared case's id")->required();
  ask->add_option("--to", a->to, "Members to ask (alias or fingerprint), one or more");
  ask->add_flag("--whole-group", a->whole_group, "Ask every member of the group");
  ask->add_option("--question", a->question, "What you would like feedback on")->required();
  ask->add_option("--due", a->due, "Answer wanted by this date (YYYY-MM-DD)");
  AddTextGateFlags(ask, &a->gate);
  OnRun(ask, ctx, [&ctx, a]() { return RunAsk(ctx, *a); });

  // ------------------------------------------------------------------ inbox
  auto* inbox = app.add_subcommand(
      "inbox", "Feedback asked of you (overdue first) and reviews of your cases");
  auto inbox_json = std::make_shared<bool>(false);
  inbox->add_flag("--json", *inbox_json, "Machine-readable output");
  OnRun(inbox, ctx, [&ctx, inbox_json]() { return RunInbox(ctx, *inbox_json); });

  // ------------------------------------------------------------------ audit
  auto* audit = app.add_subcommand(
      "audit", "A supervisor's report on a group's practice (supervisors and admins)");
  auto d = std::make_shared<AuditArgs>();
  audit->add_option("--group", d->group, "Group name or id")->required();
  audit->add_option("--since", d->since, "First day included (YYYY-MM-DD, UTC)");
  audit->add_option("--until", d->until, "First day no longer included (YYYY-MM-DD, UTC)");
  audit->add_option("--coach", d->coach, "Only this coach's cases (alias or fingerprint)");
  audit->add_option("--format", d->format, "table (default), md, json, csv or html");
  audit->add_option("--out", d->out, "Write the report to this file (private, 0600)");
  audit->footer(
      "Examples:\n"
      "  kring audit --group \"Intervisie Utrecht\" --since 2026-01-01\n"
      "  kring audit --group \"Intervisie Utrecht\" --format html --out verslag.html");
  OnRun(audit, ctx, [&ctx, d]() { return RunAudit(ctx, *d); });
}

}  // namespace kring::cli
