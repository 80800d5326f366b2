// kring review, kring ask, kring inbox, kring audit; and the reviews a case received, for
// `kring case show` and `kring group read`.
#include <array>
#include <filesystem>
#include <iostream>
#include <memory>
#include <set>

#include "cli/case_ids.h"
#include "cli/context.h"
#include "cli/sharing.h"
#include "cli/terminal.h"
#include "cli/text_gate_prompt.h"
#include "core/base/json.h"
#include "core/base/utf8.h"
#include "core/crypto/identity.h"
#include "core/focus/focus.h"
#include "core/focus/focus_report.h"
#include "core/groups/group_book.h"
#include "core/groups/group_view.h"
#include "core/i18n/format.h"
#include "core/i18n/messages.h"
#include "core/review/audit.h"
#include "core/review/audit_input.h"
#include "core/review/audit_render.h"
#include "core/review/audit_text.h"
#include "core/review/inbox.h"
#include "core/review/review_form.h"

namespace kring::cli {
namespace {

using i18n::Tr;

// A time for people, in the coach's language.
std::string HumanTime(uint64_t unix_ms) {
  return i18n::FormatDateTime(i18n::CurrentLanguage(), static_cast<int64_t>(unix_ms));
}

void PrintIndented(const std::string& label, const std::string& text) {
  if (text.empty()) return;
  std::cout << "    " << label;
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
  const std::string date = HumanTime(r.created_at);
  const std::string reviewer = SanitiseForDisplay(g.Alias(r.reviewer));
  std::cout << "  "
            << (r.body.feedback_request_id().empty()
                    ? Tr("review.show.review",
                         {{"date", date}, {"reviewer", reviewer}, {"review", ShortId(r.id)}})
                    : Tr("review.show.review_answers",
                         {{"date", date},
                          {"reviewer", reviewer},
                          {"review", ShortId(r.id)},
                          {"request", ShortId(r.body.feedback_request_id())}}))
            << "\n";
  if (!r.readable) {
    std::cout << "    " << Tr("review.show.unreadable") << "\n";
    return;
  }
  const auto scores = ReviewScores(r.body);
  for (size_t i = 0; i < scores.size(); ++i) {
    std::cout << "    "
              << Tr("review.show.score", {{"principle", PrincipleName(i)}, {"score", scores[i]}})
              << "\n";
  }
  std::cout << "    " << Tr("review.show.focused", {{"answer", FocusedText(r.body.focused())}})
            << "\n";
  PrintIndented(Tr("review.show.strengths"), r.body.strengths());
  PrintIndented(Tr("review.show.suggestion"), r.body.suggestion());
  PrintIndented(Tr("review.show.questions"), r.body.questions());
}

void PrintReviewsOf(const LoadedGroup& g, const SharedCaseView& c) {
  if (c.reviews.empty()) {
    std::cout << "  " << Tr("review.show.none") << "\n";
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
  if (text == initial) return Status::User(Tr("review.form.unfilled"));
  auto parsed = ParseReviewForm(text);
  if (!parsed.ok()) {
    const std::string path = file.path();
    file.Keep();
    return Status::Usage(
        Tr("review.form.kept", {{"error", parsed.status().message()}, {"path", path}}));
  }
  return parsed;
}

Status RunReview(Context& ctx, const ReviewArgs& args) {
  std::optional<pb::ReviewBody> body;
  if (UsesFlags(args)) {
    // Checked before anything is opened: a bad score is a usage error and nothing is stored.
    KRING_ASSIGN_OR_RETURN(body, ReviewFromFlags(args.flags));
  }
  KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
  ReviewWrite write;
  write.group = args.group;
  write.case_id = args.case_id;
  write.answers = args.answers;
  write.gate = args.gate;
  write.replace_earlier = [&](uint64_t earlier_at) -> Status {
    std::cout << Tr("review.earlier",
                    {{"id", ShortId(args.case_id)}, {"date", HumanTime(earlier_at)}})
              << "\n";
    return ConfirmUnlessYes(args.gate.yes, Tr("review.replace_confirm"),
                            Tr("review.replace_no_terminal"), Tr("review.nothing_stored"));
  };
  write.body = [&](const LoadedGroup& g, const SharedCaseView& c) -> Result<pb::ReviewBody> {
    const std::string label =
        Tr("review.label", {{"id", ShortId(c.id)},
                            {"title", SanitiseForDisplay(c.reflection.title())},
                            {"author", SanitiseForDisplay(g.Alias(c.author))},
                            {"group", SanitiseForDisplay(g.Name())}});
    std::cout << Tr("review.focus_heading", {{"label", label}}) << "\n\n"
              << RenderFocusText(AnalyseCase(c.reflection, CaseLanguage(c.reflection)),
                                 {.ansi = StdoutIsTerminal(), .all_sentences = true})
              << "\n";
    if (body) return *body;
    return ReviewInEditor(node->home(), label);
  };
  KRING_ASSIGN_OR_RETURN(ReviewOutcome done, WriteReviewOfCase(*node, write));
  if (done.key_rotated) {
    std::cout << Tr("group.key_rotated", {{"group", done.group_name}}) << "\n";
  }
  const std::string review_id = ShortId(done.review_id);
  std::cout << (done.request_id.empty()
                    ? Tr("review.stored", {{"review", review_id},
                                           {"case", ShortId(done.case_entry_id)},
                                           {"group", done.group_name}})
                    : Tr("review.stored_answers", {{"review", review_id},
                                                   {"case", ShortId(done.case_entry_id)},
                                                   {"group", done.group_name},
                                                   {"request", ShortId(done.request_id)}}))
            << "\n"
            << Tr("review.reaches") << "\n";
  return Status::Ok();
}

// --------------------------------------------------------------------------------- ask

Status RunAsk(Context& ctx, const AskArgs& args) {
  KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
  KRING_ASSIGN_OR_RETURN(AskOutcome done, AskForFeedback(*node, args));
  if (done.key_rotated) {
    std::cout << Tr("group.key_rotated", {{"group", done.group_name}}) << "\n";
  }
  const std::string request = ShortId(done.request_id), case_id = ShortId(done.case_entry_id);
  std::cout << (args.due.empty() ? Tr("ask.asked", {{"who", done.who},
                                                    {"case", case_id},
                                                    {"group", done.group_name},
                                                    {"request", request}})
                                 : Tr("ask.asked_due", {{"who", done.who},
                                                        {"case", case_id},
                                                        {"group", done.group_name},
                                                        {"request", request},
                                                        {"due", args.due}}))
            << "\n"
            << Tr("ask.reaches") << "\n";
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
    return Status::Usage(Tr("audit_cli.period", {{"since", args.since}, {"until", args.until}}));
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
  for (const std::string& note : built.notes) {
    std::cerr << Tr("audit_cli.note", {{"note", note}}) << "\n";
  }
  KRING_ASSIGN_OR_RETURN(AuditReport report, BuildAudit(built.input));
  const std::string text = RenderAudit(
      report, AuditRenderOptions{.format = format, .language = i18n::CurrentLanguage()});
  if (args.out.empty()) {
    std::cout << text;
    return Status::Ok();
  }
  KRING_RETURN_IF_ERROR(WriteFileAtomic(args.out, text, 0600));
  std::error_code ec;
  const auto path = std::filesystem::absolute(args.out, ec);
  std::cout << Tr("audit_cli.wrote",
                  {{"group", og.group.Name()}, {"path", ec ? args.out : path.string()}})
            << "\n";
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
    std::cout << "  " << Tr("review.show.group_unreadable", {{"error", og.status().message()}})
              << "\n";
    return;
  }
  for (const SharedCaseView& c : og->view.cases) {
    if (c.id != case_entry_id) continue;
    const std::string group = SanitiseForDisplay(og->group.Name());
    std::cout << "\n## "
              << Tr(c.retracted ? "review.show.heading_withdrawn" : "review.show.heading",
                    {{"group", group}, {"id", ShortId(c.id)}})
              << "\n";
    PrintReviewsOf(og->group, c);
    for (const RequestView& q : c.requests) {
      if (!q.readable) continue;
      const std::string who = q.body.whole_group()
                                  ? Tr("review.whole_group")
                                  : Tr("count.members", {{"n", q.body.recipient_keys_size()}});
      const std::string date = HumanTime(q.created_at);
      std::cout << "  "
                << (q.body.due_date().empty()
                        ? Tr("review.show.request",
                             {{"id", ShortId(q.id)}, {"date", date}, {"who", who}})
                        : Tr("review.show.request_due", {{"id", ShortId(q.id)},
                                                         {"date", date},
                                                         {"who", who},
                                                         {"due", q.body.due_date()}}))
                << "\n";
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
  auto* review = app.add_subcommand("review", Tr("review.help.review"));
  auto r = std::make_shared<ReviewArgs>();
  review->add_option("GROUP", r->group, Tr("review.help.group"))->required();
  review->add_option("CASE", r->case_id, Tr("review.help.case"))->required();
  review->add_option("--scores", r->flags.scores, Tr("review.help.scores"));
  review->add_option("--focused", r->flags.focused, Tr("review.help.focused"));
  review->add_option("--strengths", r->flags.strengths, Tr("review.help.strengths"));
  review->add_option("--suggestion", r->flags.suggestion, Tr("review.help.suggestion"));
  review->add_option("--questions", r->flags.questions, Tr("review.help.questions"));
  review->add_option("--answers", r->answers, Tr("review.help.answers"));
  AddTextGateFlags(review, &r->gate);
  review->footer(Tr("review.help.footer"));
  OnRun(review, ctx, [&ctx, r]() { return RunReview(ctx, *r); });

  // ------------------------------------------------------------------ ask
  auto* ask = app.add_subcommand("ask", Tr("ask.help.ask"));
  ask->footer(Tr("ask.help.footer"));
  auto a = std::make_shared<AskArgs>();
  ask->add_option("GROUP", a->group, Tr("review.help.group"))->required();
  ask->add_option("CASE", a->case_id, Tr("ask.help.case"))->required();
  ask->add_option("--to", a->to, Tr("ask.help.to"));
  ask->add_flag("--whole-group", a->whole_group, Tr("ask.help.whole_group"));
  ask->add_option("--question", a->question, Tr("ask.help.question"))->required();
  ask->add_option("--due", a->due, Tr("ask.help.due"));
  AddTextGateFlags(ask, &a->gate);
  OnRun(ask, ctx, [&ctx, a]() { return RunAsk(ctx, *a); });

  // ------------------------------------------------------------------ inbox
  auto* inbox = app.add_subcommand("inbox", Tr("inbox_cli.help.inbox"));
  auto inbox_json = std::make_shared<bool>(false);
  inbox->add_flag("--json", *inbox_json, Tr("case.help.json"));
  OnRun(inbox, ctx, [&ctx, inbox_json]() { return RunInbox(ctx, *inbox_json); });

  // ------------------------------------------------------------------ audit
  auto* audit = app.add_subcommand("audit", Tr("audit_cli.help.audit"));
  auto d = std::make_shared<AuditArgs>();
  audit->add_option("--group", d->group, Tr("review.help.group"))->required();
  audit->add_option("--since", d->since, Tr("audit_cli.help.since"));
  audit->add_option("--until", d->until, Tr("audit_cli.help.until"));
  audit->add_option("--coach", d->coach, Tr("audit_cli.help.coach"));
  audit->add_option("--format", d->format, Tr("audit_cli.help.format"));
  audit->add_option("--out", d->out, Tr("audit_cli.help.out"));
  audit->footer(Tr("audit_cli.help.footer"));
  OnRun(audit, ctx, [&ctx, d]() { return RunAudit(ctx, *d); });
}

}  // namespace kring::cli
