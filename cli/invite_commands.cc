// kring group invite, kring group invitations, kring join: a newcomer joins a group with one code
// (core/groups/invitations.h); the inviter's running node (`kring serve`) answers the join.
#include <iostream>

#include "cli/context.h"
#include "cli/peer_sync.h"
#include "cli/qr.h"
#include "cli/terminal.h"
#include "core/crypto/identity.h"
#include "core/groups/group_keys.h"
#include "core/groups/invitations.h"
#include "core/groups/mailbox.h"
#include "core/i18n/format.h"
#include "core/i18n/messages.h"
#include "net/interfaces.h"
#include "net/join.h"

namespace kring::cli {
namespace {

using i18n::Tr;

Result<pb::Role> ParseInviteRole(const std::string& role) {
  if (role == "coach") return pb::ROLE_COACH;            // i18n-ok: option value
  if (role == "supervisor") return pb::ROLE_SUPERVISOR;  // i18n-ok: option value
  return Status::Usage(Tr("invite.bad_role", {{"role", role}}));
}

// A moment kept in unix seconds (invitations), as the coach reads dates.
std::string WhenText(uint64_t unix_seconds) {
  return i18n::FormatDateTime(i18n::CurrentLanguage(), static_cast<int64_t>(unix_seconds) * 1000);
}

std::string OutcomeText(pb::JoinResult::Outcome outcome) {
  return Tr("join.refused." + JoinOutcomeKey(outcome));
}

}  // namespace

Result<NewInvitation> InviteToGroup(Node& node, const std::string& group_id, pb::Role invited,
                                    const Result<std::vector<std::string>>& reach,
                                    uint64_t lifetime_seconds) {
  GroupBook book(node);
  KRING_ASSIGN_OR_RETURN(LoadedGroup g, book.Load(group_id));
  const GroupMember* me = g.state().FindMember(node.signing_public_key());
  if (me == nullptr || me->role != pb::ROLE_ADMIN) {
    return Status::User(Tr("invite.not_admin", {{"group", g.Name()}}));
  }
  // With a mailbox, a newcomer who cannot reach this node leaves the request there; without
  // one, the code needs this node's address.
  const std::vector<std::string> mailbox = RevealMailboxAddresses(g.state(), g.keys);
  if (!reach.ok() && mailbox.empty()) return reach.status();
  const int64_t now = NowMillis();
  NewInvitation made = MakeInvitation(group_id, node.signing_public_key(),
                                      reach.ok() ? *reach : std::vector<std::string>{}, invited,
                                      static_cast<uint64_t>(now / 1000), lifetime_seconds);
  if (!mailbox.empty()) {
    made.code.set_inviter_sealing_key(node.sealing_public_key());
    made.code.set_mailbox_key(g.state().mailbox()->key);
    for (const std::string& a : mailbox) {
      if (made.code.mailbox_addresses_size() < static_cast<int>(kMaxInvitationAddresses)) {
        made.code.add_mailbox_addresses(a);
      }
    }
  }
  KRING_ASSIGN_OR_RETURN(auto tx, node.store().Begin());
  KRING_ASSIGN_OR_RETURN(pb::InvitationBook invitations, LoadInvitations(node));
  AddInvitation(invitations, made.kept);
  KRING_RETURN_IF_ERROR(SaveInvitations(node, invitations));
  KRING_RETURN_IF_ERROR(tx->Commit());
  return made;
}

Result<int> CancelOpenInvitations(Node& node, const std::string& group_id) {
  KRING_ASSIGN_OR_RETURN(auto tx, node.store().Begin());
  KRING_ASSIGN_OR_RETURN(pb::InvitationBook invitations, LoadInvitations(node));
  const uint64_t now = static_cast<uint64_t>(NowMillis() / 1000);
  int cancelled = 0;
  for (pb::StoredInvitation& inv : *invitations.mutable_invitation()) {
    if (inv.group_id() == group_id && IsOpenInvitation(inv, now)) {
      inv.set_expires_at(now);
      ++cancelled;
    }
  }
  KRING_RETURN_IF_ERROR(SaveInvitations(node, invitations));
  KRING_RETURN_IF_ERROR(tx->Commit());
  return cancelled;
}

namespace {

// A code that decodes and has not expired.
Result<pb::InvitationCode> UsableCode(const std::string& text) {
  KRING_ASSIGN_OR_RETURN(pb::InvitationCode code, DecodeInvitationCode(text));
  if (static_cast<uint64_t>(NowMillis() / 1000) >= code.expires_at()) {
    return Status::User(Tr("join.expired", {{"when", WhenText(code.expires_at())}}));
  }
  return code;
}

Status LeaveAtMailbox(Node& node, const pb::InvitationCode& code, const pb::JoinRequest& request,
                      const Status& direct);

}  // namespace

Result<JoinOutcome> JoinWithCode(Node& node, const std::string& code_text, bool show_progress) {
  KRING_ASSIGN_OR_RETURN(pb::InvitationCode code, UsableCode(code_text));
  if (code.inviter_key() == node.signing_public_key()) {
    return Status::User(Tr("join.own_invitation"));
  }
  GroupBook book(node);
  if (auto g = book.Load(code.group_id());
      g.ok() && g->state().FindMember(node.signing_public_key()) != nullptr) {
    return Status::User(Tr("join.already_member", {{"group", g->Name()}}));
  }
  JoinOutcome joined;
  joined.group_id = code.group_id();
  joined.inviter_fingerprint = Fingerprint(code.inviter_key());
  joined.my_fingerprint = node.fingerprint();
  pb::JoinRequest request;
  request.set_group_id(code.group_id());
  request.set_secret(code.secret());
  *request.mutable_identity() =
      MakePublicIdentity(node.signing_public_key(), node.sealing_public_key(),
                         node.signing_secret_key(), node.alias());
  // Only the inviter's node is accepted at these addresses: the code names its key.
  std::string reached;
  auto result = RunAsync<Result<pb::JoinResult>>(
      [&]() -> asio::awaitable<Result<pb::JoinResult>> {
        auto channel = co_await DialPinned(node, code.addresses(), code.inviter_key(),
                                           Status::Network(Tr("join.unreachable_none")), &reached);
        if (!channel.ok()) co_return channel.status();
        co_return co_await RunJoinClient(*channel, request);
      }(),
      Status::Network(Tr("sync.lost_task")));
  if (!result.ok() && !code.mailbox_key().empty()) {
    // The inviter's node is off: the request waits in the group's mailbox.
    KRING_RETURN_IF_ERROR(LeaveAtMailbox(node, code, request, result.status()));
    joined.waiting = true;
    return joined;
  }
  if (!result.ok()) {
    return Status::Network(Tr("join.unreachable", {{"error", result.status().message()},
                                                   {"fingerprint", joined.inviter_fingerprint}}));
  }
  if (result->outcome() != pb::JoinResult::JOINED) {
    return Status::User(OutcomeText(result->outcome()));
  }
  joined.group_name = result->group_name();
  joined.inviter_alias = result->inviter_alias();
  // The inviter's node, pinned to its key, is now a peer: the group comes from it.
  KRING_RETURN_IF_ERROR(AddPeerRow(node, "", reached, code.inviter_key()).status());
  KRING_ASSIGN_OR_RETURN(std::vector<KnownPeer> peers, LoadKnownPeers(node));
  for (const KnownPeer& peer : peers) {
    if (peer.address != reached) continue;
    PeerSyncOutcome outcome = RunAsync<PeerSyncOutcome>(
        SyncWithPeer(node, peer, /*serve_relayed=*/false, {}, show_progress),
        PeerSyncOutcome{Status::Network(Tr("sync.lost_task")), {}, {}});
    joined.first_sync = outcome.status;
    if (outcome.status.ok()) joined.moved = DescribeReport(outcome.report);
  }
  return joined;
}

namespace {

void RegisterInvite(CLI::App& group, Context& ctx) {
  auto* invite = group.add_subcommand("invite", Tr("invite.help"));
  invite->footer(Tr("invite.footer"));
  auto name = std::make_shared<std::string>();
  auto role = std::make_shared<std::string>("coach");
  auto expires = std::make_shared<std::string>("7d");
  auto addresses = std::make_shared<std::vector<std::string>>();
  auto qr = std::make_shared<bool>(false);
  invite->add_option("GROUP", *name, Tr("group.help.group"))->required();
  invite->add_option("--role", *role, Tr("invite.help.role"))->option_text("coach|supervisor");
  invite->add_option("--expires", *expires, Tr("invite.help.expires"))->option_text("7d|24h|30m");
  invite->add_option("--address", *addresses, Tr("invite.help.address"))
      ->option_text(Tr("help.value.address"));
  invite->add_flag("--qr", *qr, Tr("invite.help.qr"));
  OnRun(invite, ctx, [&ctx, name, role, expires, addresses, qr]() -> Status {
    KRING_ASSIGN_OR_RETURN(pb::Role invited, ParseInviteRole(*role));
    KRING_ASSIGN_OR_RETURN(uint64_t lifetime, ParseInvitationLifetime(*expires));
    KRING_ASSIGN_OR_RETURN(std::string home, ctx.Home());
    // Before the node is opened: the setting is read through a connection of its own, which
    // must not overlap the node's (docs/decisions.md, 18).
    auto reach =
        CodeAddresses(ReadNodeSetting(home, "serve.listen"), *addresses, "invite.no_address");
    if (!reach.ok() && reach.status().code() != Code::kUser) return reach.status();
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    GroupBook book(*node);
    KRING_ASSIGN_OR_RETURN(std::string id, book.Resolve(*name));
    KRING_ASSIGN_OR_RETURN(LoadedGroup g, book.Load(id));
    KRING_ASSIGN_OR_RETURN(NewInvitation made, InviteToGroup(*node, id, invited, reach, lifetime));
    const std::vector<std::string> mailbox = RevealMailboxAddresses(g.state(), g.keys);
    const std::string code = EncodeInvitationCode(made.code);
    std::cout << Tr("invite.made", {{"group", g.Name()},
                                    {"role", RoleLabel(invited)},
                                    {"until", WhenText(made.code.expires_at())}})
              << "\n\n"
              << code << "\n\n";
    if (*qr || StdoutIsTerminal()) {
      if (auto drawn = RenderQrCode(code)) std::cout << *drawn << "\n";
    }
    std::cout << Tr(mailbox.empty() ? "invite.next" : "invite.next_mailbox",
                    {{"fingerprint", node->fingerprint()}})
              << "\n";
    return Status::Ok();
  });

  auto* list = group.add_subcommand("invitations", Tr("invite.list.help"));
  auto list_name = std::make_shared<std::string>();
  auto cancel = std::make_shared<bool>(false);
  list->add_option("GROUP", *list_name, Tr("group.help.group"))->required();
  list->add_flag("--cancel", *cancel, Tr("invite.list.help.cancel"));
  OnRun(list, ctx, [&ctx, list_name, cancel]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
    GroupBook book(*node);
    KRING_ASSIGN_OR_RETURN(std::string id, book.Resolve(*list_name));
    KRING_ASSIGN_OR_RETURN(LoadedGroup g, book.Load(id));
    if (*cancel) {
      KRING_ASSIGN_OR_RETURN(int cancelled, CancelOpenInvitations(*node, id));
      std::cout << Tr("invite.cancelled", {{"n", cancelled}, {"group", g.Name()}}) << "\n";
    }
    KRING_ASSIGN_OR_RETURN(pb::InvitationBook invitations, LoadInvitations(*node));
    const uint64_t now = static_cast<uint64_t>(NowMillis() / 1000);
    int shown = 0;
    for (const pb::StoredInvitation& inv : invitations.invitation()) {
      if (inv.group_id() != id) continue;
      ++shown;
      const std::string made = WhenText(inv.created_at());
      const std::string role = RoleLabel(inv.role());
      if (inv.used_at() != 0) {
        std::cout << Tr("invite.list.used", {{"made", made},
                                             {"role", role},
                                             {"alias", inv.used_by_alias()},
                                             {"fingerprint", Fingerprint(inv.used_by())},
                                             {"when", WhenText(inv.used_at())}})
                  << "\n";
      } else if (now >= inv.expires_at()) {
        std::cout << Tr("invite.list.expired", {{"made", made}, {"role", role}}) << "\n";
      } else {
        std::cout << Tr("invite.list.open",
                        {{"made", made}, {"role", role}, {"until", WhenText(inv.expires_at())}})
                  << "\n";
      }
    }
    if (shown == 0) std::cout << Tr("invite.list.none", {{"group", g.Name()}}) << "\n";
    return Status::Ok();
  });
}

// Leaves the request to join at the group's mailbox, sealed to the inviter, and remembers the
// mailbox as a peer: the group arrives with a later sync, once the inviter's node took it in.
Status LeaveAtMailbox(Node& node, const pb::InvitationCode& code, const pb::JoinRequest& request,
                      const Status& direct) {
  const pb::JoinDrop drop = MakeJoinDrop(code, request);
  std::string reached;
  auto result = RunAsync<Result<pb::JoinDropResult>>(
      [&]() -> asio::awaitable<Result<pb::JoinDropResult>> {
        auto channel = co_await DialPinned(node, code.mailbox_addresses(), code.mailbox_key(),
                                           direct, &reached);
        if (!channel.ok()) co_return channel.status();
        co_return co_await RunJoinDropClient(*channel, drop);
      }(),
      Status::Network(Tr("sync.lost_task")));
  const std::string inviter = Fingerprint(code.inviter_key());
  if (!result.ok()) {
    return Status::Network(Tr("join.unreachable_both",
                              {{"error", result.status().message()}, {"fingerprint", inviter}}));
  }
  if (result->outcome() != pb::JoinDropResult::KEPT) {
    return Status::User(Tr("join.drop_refused." + JoinDropOutcomeKey(result->outcome())));
  }
  KRING_RETURN_IF_ERROR(AddPeerRow(node, "", reached, code.mailbox_key()).status());
  KRING_ASSIGN_OR_RETURN(pb::WaitingJoins waiting, LoadWaitingJoins(node));
  pb::WaitingJoin* join = waiting.add_join();
  join->set_group_id(code.group_id());
  join->set_mailbox_key(code.mailbox_key());
  join->set_inviter_key(code.inviter_key());
  join->set_since_ms(static_cast<uint64_t>(NowMillis()));
  return SaveWaitingJoins(node, waiting);
}

Status Join(Context& ctx, const std::string& text) {
  // The code is checked before the passphrase is asked: a mistyped or old code says so at once.
  KRING_ASSIGN_OR_RETURN(pb::InvitationCode code, UsableCode(text));
  KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
  KRING_ASSIGN_OR_RETURN(JoinOutcome joined, JoinWithCode(*node, text, /*show_progress=*/true));
  if (joined.waiting) {
    std::cout << Tr("join.waiting", {{"inviter_fingerprint", joined.inviter_fingerprint},
                                     {"fingerprint", joined.my_fingerprint}})
              << "\n";
    return Status::Ok();
  }
  std::cout << Tr("join.joined", {{"group", joined.group_name},
                                  {"inviter", joined.inviter_alias},
                                  {"inviter_fingerprint", joined.inviter_fingerprint},
                                  {"fingerprint", joined.my_fingerprint}})
            << "\n";
  if (!joined.first_sync.ok()) {
    std::cout << Tr("join.sync_later", {{"error", joined.first_sync.message()}}) << "\n";
    return Status::Ok();
  }
  for (const std::string& line : joined.moved) std::cout << "  " << line << "\n";
  return Status::Ok();
}

}  // namespace

void RegisterInviteCommands(CLI::App& app, Context& ctx) {
  for (CLI::App* sub : app.get_subcommands([](CLI::App* s) { return s->get_name() == "group"; })) {
    RegisterInvite(*sub, ctx);
  }
  auto* join = app.add_subcommand("join", Tr("join.help"));
  join->footer(Tr("join.footer"));
  auto code = std::make_shared<std::string>();
  join->add_option("CODE", *code, Tr("join.help.code"))->required();
  OnRun(join, ctx, [&ctx, code]() -> Status { return Join(ctx, *code); });
}

}  // namespace kring::cli
