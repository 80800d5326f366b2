// "Groups", "Review", "Inbox" and "Audit": members with their fingerprints, what arrived, a
// shared case with its reviews and requests, asking for feedback, the review form, what is
// asked of me, and the supervisor's report.
#include <algorithm>

#include "app/web_server.h"
#include "cli/case_ids.h"
#include "cli/context.h"
#include "cli/peer_sync.h"
#include "cli/sharing.h"
#include "core/base/ascii.h"
#include "core/cases/case_template.h"
#include "core/crypto/identity.h"
#include "core/focus/focus_report.h"
#include "core/groups/bundle.h"
#include "core/groups/group_state.h"
#include "core/groups/invitations.h"
#include "core/groups/mailbox.h"
#include "core/i18n/format.h"
#include "core/i18n/messages.h"
#include "core/review/audit.h"
#include "core/review/audit_input.h"
#include "core/review/audit_render.h"
#include "core/review/inbox.h"
#include "core/review/review_form.h"
#include "proto/app.pb.h"

namespace kring::app {
namespace {

using i18n::Tr;

// The group page shows the newest of what arrived; the rest is in `kring group feed`.
constexpr int kFeedShown = 100;

std::string When(uint64_t ms) {
  return i18n::FormatDateTime(i18n::CurrentLanguage(), static_cast<int64_t>(ms));
}

// A group the page names by its id in hex, from the session's cache.
Result<std::shared_ptr<const cli::OpenGroup>> OpenGroupHex(NodeSession& s, const std::string& hex) {
  auto id = FromHex(hex);
  if (!id.ok()) return Status::Usage(Tr("web.group.bad_id"));
  return s.groups.Open(s.node, *id);
}

// What a shared CLI operation said, one line each, for the page's status line.
std::string LinesForThePage(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines)
    text += (text.empty() ? "" : "\n") + SanitiseForDisplay(line);
  return text;
}

// A member as the group and shared-case pages show one.
pb::app::MemberView MemberViewOf(const LoadedGroup& g, const std::string& key,
                                 const GroupMember& member, const std::string& me) {
  pb::app::MemberView m;
  m.set_alias(SanitiseForDisplay(g.Alias(key)));
  m.set_fingerprint(Fingerprint(key));
  m.set_role(RoleName(member.role));
  m.set_role_text(cli::RoleLabel(member.role));
  m.set_me(key == me);
  return m;
}

Result<pb::app::GroupList> Groups(NodeSession& s, const pb::app::Done&) {
  GroupBook book(s.node);
  KRING_ASSIGN_OR_RETURN(auto ids, book.GroupIds());
  pb::app::GroupList list;
  for (const std::string& id : ids) {
    KRING_ASSIGN_OR_RETURN(auto og, s.groups.Open(s.node, id));
    if (og->group.local.relay()) continue;  // kept for others (a mailbox): not the coach's
    const GroupMember* me = og->group.state().FindMember(s.node.signing_public_key());
    if (me == nullptr) continue;
    pb::app::GroupSummary* g = list.add_groups();
    g->set_id(ToHex(id));
    g->set_name(SanitiseForDisplay(og->group.Name()));
    g->set_role(RoleName(me->role));
    g->set_role_text(cli::RoleLabel(me->role));
    g->set_members(static_cast<int32_t>(og->group.state().members().size()));
    int cases = 0;
    for (const SharedCaseView& c : og->view.cases) cases += c.retracted ? 0 : 1;
    g->set_cases(cases);
  }
  list.set_id_line(EncodePublicIdentity(
      MakePublicIdentity(s.node.signing_public_key(), s.node.sealing_public_key(),
                         s.node.signing_secret_key(), s.node.alias())));
  return list;
}

Result<pb::app::GroupView> Group(NodeSession& s, const pb::app::GroupView& r) {
  KRING_ASSIGN_OR_RETURN(auto og, OpenGroupHex(s, r.id()));
  const std::string& me = s.node.signing_public_key();
  KRING_RETURN_IF_ERROR(cli::CheckMember(og->group, me, "review.not_member"));
  pb::app::GroupView view;
  view.set_id(r.id());
  view.set_name(SanitiseForDisplay(og->group.Name()));
  const GroupMember* mine = og->group.state().FindMember(me);
  view.set_my_role(RoleName(mine->role));
  view.set_admin(mine->role == pb::ROLE_ADMIN);
  for (const auto& [key, member] : og->group.state().members()) {
    *view.add_members() = MemberViewOf(og->group, key, member, me);
  }
  view.set_feed_total(static_cast<int32_t>(og->view.feed.size()));
  for (auto it = og->view.feed.rbegin();
       it != og->view.feed.rend() && view.feed_size() < kFeedShown; ++it) {
    pb::app::FeedItemView* f = view.add_feed();
    f->set_at(static_cast<int64_t>(it->created_at));
    f->set_at_text(When(it->created_at));
    f->set_text(SanitiseForDisplay(og->group.Alias(it->author) + " " + it->text));
    if (it->kind == pb::ENTRY_KIND_CASE) f->set_case_id(ToHex(it->id));
  }
  KRING_ASSIGN_OR_RETURN(const size_t limit, ListLimit(r.cases_limit()));
  size_t total = 0;
  for (auto it = og->view.cases.rbegin(); it != og->view.cases.rend(); ++it) {
    const SharedCaseView& c = *it;
    if (c.retracted || !c.readable) continue;
    if (++total > limit) continue;  // counted, not shown
    pb::app::SharedCaseSummary* sc = view.add_cases();
    sc->set_id(ToHex(c.id));
    sc->set_title(SanitiseForDisplay(c.reflection.title()));
    sc->set_author(SanitiseForDisplay(og->group.Alias(c.author)));
    sc->set_shared_at(static_cast<int64_t>(c.shared_at));
    sc->set_shared_text(When(c.shared_at));
    sc->set_reviews(static_cast<int32_t>(c.reviews.size()));
    sc->set_mine(c.author == me);
    sc->set_asks_me(RequestToAnswer(c, me) != nullptr);
  }
  view.set_cases_total(static_cast<int32_t>(total));
  view.set_mailbox(SanitiseForDisplay(cli::MailboxText(og->group)));
  if (view.admin()) {
    KRING_ASSIGN_OR_RETURN(pb::InvitationBook invitations, LoadInvitations(s.node));
    const uint64_t now = static_cast<uint64_t>(NowMillis() / 1000);
    int open = 0;
    // Newest first: who used which code (with the fingerprint to compare), which are open.
    for (auto it = invitations.invitation().rbegin(); it != invitations.invitation().rend(); ++it) {
      const pb::StoredInvitation& inv = *it;
      if (inv.group_id() != og->group.group_id) continue;
      const auto at = [](uint64_t seconds) { return When(seconds * 1000); };
      const std::string role = cli::RoleLabel(inv.role());
      std::string text;
      if (inv.used_at() != 0) {
        text = Tr("web.invite.row.used", {{"made", at(inv.created_at())},
                                          {"role", role},
                                          {"when", at(inv.used_at())},
                                          {"alias", SanitiseForDisplay(inv.used_by_alias())},
                                          {"fingerprint", Fingerprint(inv.used_by())}});
      } else if (IsOpenInvitation(inv, now)) {
        ++open;
        text =
            Tr("web.invite.row.open",
               {{"made", at(inv.created_at())}, {"role", role}, {"until", at(inv.expires_at())}});
      } else {
        text = Tr("web.invite.row.expired", {{"made", at(inv.created_at())}, {"role", role}});
      }
      if (view.invitations_size() < kFeedShown) view.add_invitations(text);
    }
    view.set_open_invitations(open);
  }
  return view;
}

pb::app::ReviewShown ReviewOf(const LoadedGroup& g, const ReviewView& r) {
  pb::app::ReviewShown shown;
  shown.set_reviewer(SanitiseForDisplay(g.Alias(r.reviewer)));
  shown.set_at(static_cast<int64_t>(r.created_at));
  shown.set_at_text(When(r.created_at));
  if (!r.readable) return shown;
  for (uint32_t score : ReviewScores(r.body)) shown.add_scores(static_cast<int32_t>(score));
  shown.set_focused(std::string(FocusedName(r.body.focused())));
  shown.set_focused_text(FocusedText(r.body.focused()));
  shown.set_strengths(SanitiseForDisplay(r.body.strengths()));
  shown.set_suggestion(SanitiseForDisplay(r.body.suggestion()));
  return shown;
}

Result<pb::app::SharedCaseView> SharedCase(NodeSession& s, const pb::app::SharedCaseView& r) {
  KRING_ASSIGN_OR_RETURN(auto og, OpenGroupHex(s, r.group_id()));
  const std::string& me = s.node.signing_public_key();
  KRING_ASSIGN_OR_RETURN(const SharedCaseView* c,
                         cli::ReadableCaseIn(s.node, *og, r.id(), "review.not_member"));
  pb::app::SharedCaseView view;
  view.set_group_id(r.group_id());
  view.set_id(ToHex(c->id));
  view.set_title(SanitiseForDisplay(c->reflection.title()));
  view.set_author(SanitiseForDisplay(og->group.Alias(c->author)));
  view.set_mine(c->author == me);
  const Language language = i18n::CurrentLanguage();
  for (const CaseSection& section : CaseSections()) {
    if (section.key == "title" || section.key == "language") continue;
    const std::string value = GetCaseField(c->reflection, section.key);
    if (value.empty()) continue;
    pb::app::CaseField* f = view.add_fields();
    f->set_key(std::string(section.key));
    f->set_heading(CaseSectionHeading(section.key, language));
    f->set_text(SanitiseForDisplay(value));
  }
  for (const ReviewView& rv : c->reviews) *view.add_reviews() = ReviewOf(og->group, rv);
  if (c->author == me) {
    for (const auto& [key, member] : og->group.state().members()) {
      if (key == me) continue;
      *view.add_colleagues() = MemberViewOf(og->group, key, member, me);
    }
  }
  const int64_t now = NowMillis();
  for (const RequestView& q : c->requests) {
    if (!q.readable) continue;
    pb::app::RequestShown* shown = view.add_requests();
    shown->set_id(ToHex(q.id));
    shown->set_question(SanitiseForDisplay(q.body.question()));
    shown->set_due(q.body.due_date());
    const RequestState state = StateOf(*c, q, me, now);
    shown->set_state(std::string(RequestStateName(state)));
    shown->set_state_text(Tr("web.request." + std::string(RequestStateName(state))));
    shown->set_asked_by(SanitiseForDisplay(og->group.Alias(q.requester)));
  }
  *view.mutable_focus() = FocusViewOf(AnalyseCase(c->reflection, CaseLanguage(c->reflection)));
  return view;
}

pb::app::GateView Refused(const Status& status, pb::app::GateView view) {
  view.set_done(false);
  view.set_message(status.message());
  return view;
}

Result<pb::app::GateView> Ask(NodeSession& s, const pb::app::AskRequest& r) {
  cli::AskArgs args;
  if (!FromHex(r.group_id()).ok()) return Status::Usage(Tr("web.group.bad_id"));
  args.group = r.group_id();  // Resolve takes the id in hex
  args.case_id = r.case_id();
  // The colleagues ticked on the page, by fingerprint; none ticked: the whole group.
  args.to.assign(r.to().begin(), r.to().end());
  args.whole_group = args.to.empty();
  args.question = r.question();
  args.due = r.due();
  pb::app::GateView view;
  args.gate.present = PagePresenter(r.confirm(), &view);
  auto asked = cli::AskForFeedback(s.node, args);
  if (!asked.ok()) {
    if (view.findings_size() == 0) return asked.status();
    return Refused(asked.status(), view);
  }
  view.set_done(true);
  view.set_message(Tr("web.ask.done", {{"group", asked->group_name}}));
  return view;
}

Result<pb::app::GateView> Review(NodeSession& s, const pb::app::ReviewRequest& r) {
  auto id = FromHex(r.group_id());
  if (!id.ok()) return Status::Usage(Tr("web.group.bad_id"));
  if (r.scores_size() != 4) return Status::Usage(Tr("reviewform.error.four_scores"));
  std::array<uint32_t, 4> scores{};
  for (int i = 0; i < 4; ++i) {
    if (r.scores(i) < 1 || r.scores(i) > 5) {
      return Status::Usage(Tr("web.review.score_range"));
    }
    scores[static_cast<size_t>(i)] = static_cast<uint32_t>(r.scores(i));
  }
  KRING_ASSIGN_OR_RETURN(pb::Focused focused, ParseFocused(r.focused()));
  pb::ReviewBody body;
  SetReviewScores(body, scores);
  body.set_focused(focused);
  body.set_strengths(r.strengths());
  body.set_suggestion(r.suggestion());
  cli::ReviewWrite write;
  write.group = r.group_id();  // Resolve takes the id in hex
  write.case_id = r.case_id();
  write.answers = r.request_id();
  pb::app::GateView view;
  write.gate.present = PagePresenter(r.confirm(), &view);
  // A second review by the same colleague replaces the first: the page said so beside the form.
  write.body = [&body](const LoadedGroup&, const SharedCaseView&) -> Result<pb::ReviewBody> {
    return body;
  };
  auto written = cli::WriteReviewOfCase(s.node, write);
  if (!written.ok()) {
    if (view.findings_size() == 0) return written.status();
    return Refused(written.status(), view);
  }
  view.set_done(true);
  view.set_message(Tr(written->request_id.empty() ? "web.review.done" : "web.review.done_answers",
                      {{"group", written->group_name}}));
  return view;
}

pb::app::ReviewForm Form() {
  pb::app::ReviewForm form;
  for (int i = 1; i <= 4; ++i) {
    pb::app::PrincipleView* p = form.add_principles();
    p->set_name(Tr("reviewform.principle." + std::to_string(i)));
    p->set_description(Tr("web.principle.description." + std::to_string(i)));
  }
  for (const char* f : {"yes", "partly", "no"}) {
    (*form.mutable_focused_options())[f] = Tr(std::string("reviewform.focused.") + f);
  }
  return form;
}

Result<pb::app::InboxView> InboxOf(NodeSession& s, const pb::app::InboxQuery& limits) {
  KRING_ASSIGN_OR_RETURN(const size_t asked_limit, ListLimit(limits.asked_limit()));
  KRING_ASSIGN_OR_RETURN(const size_t reviews_limit, ListLimit(limits.reviews_limit()));
  GroupBook book(s.node);
  KRING_ASSIGN_OR_RETURN(auto ids, book.GroupIds());
  const int64_t now = NowMillis();
  Inbox inbox;
  for (const std::string& id : ids) {
    KRING_ASSIGN_OR_RETURN(auto og, s.groups.Open(s.node, id));
    if (og->group.local.relay()) continue;
    CollectInbox(og->group, og->view, s.node.signing_public_key(), now, inbox);
  }
  SortInbox(inbox);
  pb::app::InboxView view;
  view.set_asked_total(static_cast<int32_t>(inbox.requests.size()));
  view.set_reviews_total(static_cast<int32_t>(inbox.reviews.size()));
  if (inbox.requests.size() > asked_limit) inbox.requests.resize(asked_limit);
  if (inbox.reviews.size() > reviews_limit) inbox.reviews.resize(reviews_limit);
  for (const InboxRequest& q : inbox.requests) {
    pb::app::InboxItem* item = view.add_asked();
    item->set_group(SanitiseForDisplay(q.group_name));
    item->set_group_id(ToHex(q.group_id));
    item->set_case_id(ToHex(q.case_id));
    item->set_title(SanitiseForDisplay(q.case_title));
    item->set_state(std::string(RequestStateName(q.state)));
    item->set_state_text(Tr("web.request." + std::string(RequestStateName(q.state))));
    item->set_question(SanitiseForDisplay(q.question));
    item->set_due(q.due_date);
    item->set_who(SanitiseForDisplay(q.requester));
    item->set_request_id(ToHex(q.request_id));
  }
  for (const InboxReview& rv : inbox.reviews) {
    pb::app::InboxItem* item = view.add_reviews();
    item->set_group(SanitiseForDisplay(rv.group_name));
    item->set_group_id(ToHex(rv.group_id));
    item->set_case_id(ToHex(rv.case_id));
    item->set_title(SanitiseForDisplay(rv.case_title));
    item->set_who(SanitiseForDisplay(rv.reviewer));
  }
  return view;
}

// The audit as a document of its own (shown in a frame on the page, or downloaded).
Api::Answer Audit(NodeSession& s, const httplib::Request& req) {
  pb::app::AuditQuery q;
  if (Status parsed = ParseQuery(req.params, &q); !parsed.ok()) return Api::Failure(parsed);
  const std::string format_name = q.format().empty() ? "html" : q.format();
  auto format = ParseAuditFormat(format_name);
  if (!format.ok()) return Api::Failure(format.status());
  AuditRequestOptions options;
  if (!q.from().empty()) {
    auto since = ParseUtcDay(q.from());
    if (!since.ok()) return Api::Failure(since.status());
    options.since_ms = *since;
  }
  if (!q.to().empty()) {
    auto until = ParseUtcDay(q.to());
    if (!until.ok()) return Api::Failure(until.status());
    options.until_ms = *until + 24 * 3600 * 1000;  // the whole last day
  }
  auto og = OpenGroupHex(s, q.group_id());
  if (!og.ok()) return Api::Failure(og.status());
  if (Status may = CheckMayAudit((*og)->group, s.node.signing_public_key()); !may.ok()) {
    return Api::Failure(may);
  }
  if (!q.coach().empty()) {
    auto key = ResolveMember((*og)->group, q.coach(), /*include_former=*/true);
    if (!key.ok()) return Api::Failure(key.status());
    options.coach_key = *key;
  }
  options.now_ms = NowMillis();
  // The choice, for the report kept between the page's check and its frame.
  const std::string choice = q.group_id() + "/" + q.from() + "/" + q.to() + "/" +
                             options.coach_key.value_or("") + "/" +
                             std::string(LanguageCode(i18n::CurrentLanguage()));
  const AuditReport* report = s.groups.FindAudit(*og, choice, options.now_ms);
  if (report == nullptr) {
    AuditInput& input = s.groups.AuditInputOf(*og).input;
    ApplyAuditOptions(options, input);
    auto made = BuildAudit(input);
    if (!made.ok()) return Api::Failure(made.status());
    report = &s.groups.KeepAudit(*og, choice, options.now_ms, std::move(*made));
  }
  // The page checks the choice first, so that a wrong one (or a period without activity) gets
  // words, not an empty frame; the frame's request then finds the report kept.
  if (!q.check().empty()) {
    Api::Answer checked;
    checked.json = ToJson(pb::app::Done());
    return checked;
  }
  Api::Answer answer;
  answer.json = RenderAudit(
      *report, AuditRenderOptions{.format = *format, .language = i18n::CurrentLanguage()});
  static const std::map<std::string, std::pair<std::string, std::string>> kTypes = {
      {"html", {"text/html; charset=utf-8", "html"}},
      {"json", {"application/json", "json"}},
      {"csv", {"text/csv; charset=utf-8", "csv"}},
      {"markdown", {"text/markdown; charset=utf-8", "md"}},
      {"table", {"text/plain; charset=utf-8", "txt"}}};
  auto type = kTypes.find(format_name);
  answer.content_type = type != kTypes.end() ? type->second.first : "text/plain; charset=utf-8";
  // The report styles itself inline and runs no script; the app's pages may frame it.
  // i18n-ok: HTTP protocol text (header names, policies, markup)
  answer.csp = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'";
  if (!q.download().empty()) {
    answer.filename = "kring-audit." + (type != kTypes.end() ? type->second.second : "txt");
  }
  return answer;
}

}  // namespace

void AddGroupRoutes(Api& api) {
  api.Get<pb::app::Done, pb::app::GroupList>("/api/groups", Groups);
  api.Get<pb::app::GroupView, pb::app::GroupView>("/api/group", Group);
  api.Post<pb::app::CreateGroupRequest, pb::app::Done>(
      "/api/group/create",
      [](NodeSession& s, const pb::app::CreateGroupRequest& r) -> Result<pb::app::Done> {
        GroupBook book(s.node);
        KRING_ASSIGN_OR_RETURN(std::string id, book.Create(r.name()));
        pb::app::Done done;
        done.set_id(ToHex(id));
        done.set_message(Tr("web.group.created"));
        return done;
      });
  // An invitation code for a colleague, valid for seven days (admins only).
  api.Post<pb::app::InviteRequest, pb::app::InviteView>(
      "/api/group/invite",
      [](NodeSession& s, const pb::app::InviteRequest& r) -> Result<pb::app::InviteView> {
        auto id = FromHex(r.group_id());
        if (!id.ok()) return Status::Usage(Tr("web.group.bad_id"));
        pb::Role role = pb::ROLE_COACH;
        if (r.role() == "supervisor") {
          role = pb::ROLE_SUPERVISOR;
        } else if (!r.role().empty() && r.role() != "coach") {
          return Status::Usage(Tr("invite.bad_role", {{"role", r.role()}}));
        }
        KRING_ASSIGN_OR_RETURN(uint64_t lifetime, ParseInvitationLifetime("7d"));
        auto reach = cli::CodeAddresses(s.server.listen_address(), {}, "invite.no_address");
        KRING_ASSIGN_OR_RETURN(NewInvitation made,
                               cli::InviteToGroup(s.node, *id, role, reach, lifetime));
        pb::app::InviteView view;
        view.set_code(EncodeInvitationCode(made.code));
        view.set_message(Tr("web.invite.made", {{"role", cli::RoleLabel(role)},
                                                {"fingerprint", s.node.fingerprint()}}));
        return view;
      });
  api.Post<pb::app::GroupIdRequest, pb::app::Done>(
      "/api/group/invitations/cancel",
      [](NodeSession& s, const pb::app::GroupIdRequest& r) -> Result<pb::app::Done> {
        KRING_ASSIGN_OR_RETURN(auto og, OpenGroupHex(s, r.group_id()));
        const GroupMember* me = og->group.state().FindMember(s.node.signing_public_key());
        if (me == nullptr || me->role != pb::ROLE_ADMIN) {
          return Status::User(Tr("invite.not_admin", {{"group", og->group.Name()}}));
        }
        KRING_ASSIGN_OR_RETURN(int cancelled,
                               cli::CancelOpenInvitations(s.node, og->group.group_id));
        pb::app::Done done;
        done.set_message(Tr("invite.cancelled", {{"n", cancelled}, {"group", og->group.Name()}}));
        return done;
      });
  // An admin adds a colleague by the line the colleague's Kring shows (kring whoami --export).
  api.Post<pb::app::AddMemberRequest, pb::app::Done>(
      "/api/group/add",
      [](NodeSession& s, const pb::app::AddMemberRequest& r) -> Result<pb::app::Done> {
        KRING_ASSIGN_OR_RETURN(auto og, OpenGroupHex(s, r.group_id()));
        pb::Role role = pb::ROLE_COACH;
        if (r.role() == "supervisor") {
          role = pb::ROLE_SUPERVISOR;
        } else if (r.role() == "admin") {
          role = pb::ROLE_ADMIN;
        } else if (!r.role().empty() && r.role() != "coach") {
          return Status::Usage(Tr("group.role.unknown", {{"role", r.role()}}));
        }
        auto identity = DecodePublicIdentity(TrimAscii(r.id_line()));
        if (!identity.ok()) return Status::Usage(Tr("web.group.add_bad_line"));
        KRING_ASSIGN_OR_RETURN(cli::MemberChange added,
                               cli::AddMemberToGroup(s.node, og->group.group_id, *identity, role));
        s.server.SyncSoon();  // the new member's node learns the group from the others
        pb::app::Done done;
        done.set_message(Tr("web.group.added", {{"alias", SanitiseForDisplay(added.alias)},
                                                {"group", SanitiseForDisplay(added.group_name)},
                                                {"role", cli::RoleLabel(role)},
                                                {"fingerprint", added.fingerprint}}));
        return done;
      });
  api.Post<pb::app::RemoveMemberRequest, pb::app::Done>(
      "/api/group/remove",
      [](NodeSession& s, const pb::app::RemoveMemberRequest& r) -> Result<pb::app::Done> {
        KRING_ASSIGN_OR_RETURN(auto og, OpenGroupHex(s, r.group_id()));
        if (r.fingerprint().empty()) return Status::Usage(Tr("web.group.no_member"));
        KRING_ASSIGN_OR_RETURN(
            cli::MemberChange removed,
            cli::RemoveMemberFromGroup(s.node, og->group.group_id, r.fingerprint()));
        s.server.SyncSoon();  // the others get the new group key
        pb::app::Done done;
        done.set_message(
            Tr("web.group.removed", {{"alias", SanitiseForDisplay(removed.alias)},
                                     {"group", SanitiseForDisplay(removed.group_name)}}));
        return done;
      });
  // The group on a file, to carry to a colleague who cannot be reached (kring export).
  api.Add("/api/export", /*post=*/false, [](NodeSession& s, const httplib::Request& req) {
    pb::app::GroupIdRequest q;
    if (Status parsed = ParseQuery(req.params, &q); !parsed.ok()) return Api::Failure(parsed);
    auto og = OpenGroupHex(s, q.group_id());
    if (!og.ok()) return Api::Failure(og.status());
    if (Status member =
            cli::CheckMember((*og)->group, s.node.signing_public_key(), "review.not_member");
        !member.ok()) {
      return Api::Failure(member);
    }
    // A GET changes nothing: a key renewal that is due waits for the next change.
    auto file = cli::ExportGroupFile(s.node, (*og)->group.group_id, /*maintain=*/false);
    if (!file.ok()) return Api::Failure(file.status());
    Api::Answer answer;
    answer.json = std::move(file->bytes);
    answer.content_type = "application/octet-stream";
    answer.filename = "kring-group.bundle";
    return answer;
  });
  // A group file from a colleague (kring import): the body is the file itself.
  api.Add("/api/import", /*post=*/true, [](NodeSession& s, const httplib::Request& req) {
    if (req.body.empty()) return Api::Failure(Status::Usage(Tr("web.import.empty")));
    // A damaged, cut-off or foreign file is the coach's input (400), not this node's fault.
    if (Status read = ReadBundle(req.body).status(); !read.ok()) {
      return Api::Failure(Status::Usage(read.message()));
    }
    auto lines = cli::ImportGroupFile(s.node, req.body);
    if (!lines.ok()) return Api::Failure(lines.status());
    pb::app::Done done;
    done.set_message(LinesForThePage(*lines));
    Api::Answer answer;
    answer.json = ToJson(done);
    return answer;
  });
  // Admins: the group's mailbox (kring group use-mailbox CODE | --stop). Reaching the mailbox
  // blocks this request, as joining does.
  api.Post<pb::app::MailboxRequest, pb::app::Done>(
      "/api/group/mailbox",
      [](NodeSession& s, const pb::app::MailboxRequest& r) -> Result<pb::app::Done> {
        auto id = FromHex(r.group_id());
        if (!id.ok()) return Status::Usage(Tr("web.group.bad_id"));
        if (r.stop() && !TrimAscii(r.code()).empty()) {
          return Status::Usage(Tr("use_mailbox.stop_or_code"));
        }
        KRING_ASSIGN_OR_RETURN(std::vector<std::string> lines,
                               cli::ChangeGroupMailbox(s.node, *id, TrimAscii(r.code()), r.stop()));
        pb::app::Done done;
        done.set_message(LinesForThePage(lines));
        return done;
      });
  // A newcomer joins with the code a colleague sent; the first sync runs right away.
  api.Post<pb::app::JoinRequestView, pb::app::JoinView>(
      "/api/join",
      [](NodeSession& s, const pb::app::JoinRequestView& r) -> Result<pb::app::JoinView> {
        KRING_ASSIGN_OR_RETURN(cli::JoinOutcome joined,
                               cli::JoinWithCode(s.node, TrimAscii(r.code()),
                                                 /*show_progress=*/false));
        pb::app::JoinView view;
        view.set_waiting(joined.waiting);
        view.set_group_id(ToHex(joined.group_id));
        view.set_group_name(SanitiseForDisplay(joined.group_name));
        view.set_inviter_fingerprint(joined.inviter_fingerprint);
        view.set_my_fingerprint(joined.my_fingerprint);
        if (joined.waiting) {
          view.set_message(
              Tr("web.join.waiting", {{"inviter_fingerprint", joined.inviter_fingerprint}}));
        } else {
          view.set_message(
              Tr("web.join.joined", {{"group", view.group_name()},
                                     {"inviter", SanitiseForDisplay(joined.inviter_alias)},
                                     {"inviter_fingerprint", joined.inviter_fingerprint}}));
          if (!joined.first_sync.ok()) s.server.SyncSoon();
        }
        return view;
      });
  api.Get<pb::app::SharedCaseView, pb::app::SharedCaseView>("/api/group/case", SharedCase);
  api.Post<pb::app::AskRequest, pb::app::GateView>("/api/ask", Ask);
  api.Get<pb::app::Done, pb::app::ReviewForm>(
      "/api/review/form",
      [](NodeSession&, const pb::app::Done&) -> Result<pb::app::ReviewForm> { return Form(); });
  api.Post<pb::app::ReviewRequest, pb::app::GateView>("/api/review", Review);
  api.Get<pb::app::InboxQuery, pb::app::InboxView>("/api/inbox", InboxOf);
  api.Add("/api/audit", /*post=*/false, Audit);
}

}  // namespace kring::app
