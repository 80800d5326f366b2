// kring group use-mailbox: an admin gives a group its mailbox (core/groups/mailbox.h). The
// mailbox itself runs `kring relay setup` (cli/serve_command.cc); `kring group show` shows it.
#include <iostream>

#include "cli/context.h"
#include "cli/peer_sync.h"
#include "core/base/ascii.h"
#include "core/crypto/identity.h"
#include "core/groups/group_keys.h"
#include "core/groups/group_writer.h"
#include "core/groups/mailbox.h"
#include "core/groups/relay_registration.h"
#include "core/i18n/format.h"
#include "core/i18n/messages.h"
#include "net/join.h"

namespace kring::cli {
namespace {

using i18n::Tr;

// Registers the group with the mailbox at one of the code's addresses: kNetwork when none
// answers as the code's key.
Result<pb::MailboxResult> Register(Node& node, const pb::MailboxCode& code,
                                   const pb::MailboxRegister& request, std::string* reached) {
  return RunAsync<Result<pb::MailboxResult>>(
      [&]() -> asio::awaitable<Result<pb::MailboxResult>> {
        auto channel = co_await DialPinned(node, code.addresses(), code.mailbox_key(),
                                           Status::Network(Tr("join.unreachable_none")), reached);
        if (!channel.ok()) co_return channel.status();
        // Reached (the handshake proved its key): a failure from here on is not "unreachable".
        co_return co_await RunMailboxRegisterClient(*channel, request);
      }(),
      Status::Network(Tr("sync.lost_task")));
}

// One sync with the mailbox right away, so that it holds everything already (or, after --stop,
// the entry that tells members to stop using it). What it did, in lines for the coach.
void SyncNow(Node& node, const KnownPeer& peer, bool show_progress, std::vector<std::string>& lines,
             const char* failed_id = "use_mailbox.sync_later") {
  PeerSyncOutcome outcome = RunAsync<PeerSyncOutcome>(
      SyncWithPeer(node, peer, /*serve_relayed=*/false, {}, show_progress),
      PeerSyncOutcome{Status::Network(Tr("sync.lost_task")), {}, {}});
  if (!outcome.status.ok()) {
    lines.push_back(Tr(failed_id, {{"error", outcome.status.message()}}));
    return;
  }
  for (const std::string& line : DescribeReport(outcome.report)) lines.push_back("  " + line);
}

// The group's mailbox as a peer, bound to this group only.
std::optional<KnownPeer> MailboxPeerOf(GroupBook& book, const std::string& group_id) {
  for (KnownPeer& peer : MailboxPeers(book)) {
    if (!peer.bound_groups.contains(group_id)) continue;
    peer.bound_groups = {group_id};
    return std::move(peer);
  }
  return std::nullopt;
}

Result<std::vector<std::string>> StopUsingMailbox(Node& node, GroupBook& book, LoadedGroup& g,
                                                  bool show_progress) {
  std::vector<std::string> lines;
  std::optional<KnownPeer> mailbox = MailboxPeerOf(book, g.ledger.group_id());
  KRING_ASSIGN_OR_RETURN(pb::Entry entry,
                         StopMailbox(g.ledger, book.Me(), node.signing_secret_key(),
                                     static_cast<uint64_t>(NowMillis())));
  KRING_RETURN_IF_ERROR(book.Append(g, {entry}));
  lines.push_back(Tr("use_mailbox.stopped", {{"group", g.Name()}}));
  // The mailbox passes the news on to members who sync only through it.
  if (mailbox) SyncNow(node, *mailbox, show_progress, lines, "use_mailbox.not_told");
  return lines;
}

Status UseMailbox(Context& ctx, const std::string& group_name, const std::string& text, bool stop) {
  // A bad code is refused before the passphrase is asked.
  if (!stop) {
    if (text.empty()) return Status::Usage(Tr("use_mailbox.code_required"));
    KRING_RETURN_IF_ERROR(DecodeMailboxCode(text).status());
  }
  KRING_ASSIGN_OR_RETURN(auto node, ctx.OpenNode());
  GroupBook book(*node);
  KRING_ASSIGN_OR_RETURN(std::string id, book.Resolve(group_name));
  KRING_ASSIGN_OR_RETURN(std::vector<std::string> lines,
                         ChangeGroupMailbox(*node, id, text, stop, /*show_progress=*/true));
  for (const std::string& line : lines) std::cout << line << "\n";
  return Status::Ok();
}

}  // namespace

Result<std::vector<std::string>> ChangeGroupMailbox(Node& node, const std::string& group_id,
                                                    const std::string& text, bool stop,
                                                    bool show_progress) {
  std::optional<pb::MailboxCode> code;
  if (!stop) {
    if (TrimAscii(text).empty()) return Status::Usage(Tr("use_mailbox.code_required"));
    KRING_ASSIGN_OR_RETURN(code, DecodeMailboxCode(text));
  }
  GroupBook book(node);
  const std::string& id = group_id;
  KRING_ASSIGN_OR_RETURN(LoadedGroup g, book.Load(id));
  const GroupMember* me = g.state().FindMember(node.signing_public_key());
  if (me == nullptr || me->role != pb::ROLE_ADMIN) {
    return Status::User(Tr("use_mailbox.not_admin", {{"group", g.Name()}}));
  }
  if (stop) return StopUsingMailbox(node, book, g, show_progress);
  if (g.state().FindMember(code->mailbox_key()) != nullptr ||
      g.state().former_members().contains(code->mailbox_key())) {
    return Status::User(Tr("use_mailbox.member_node", {{"group", g.Name()}}));
  }
  const uint64_t now = static_cast<uint64_t>(NowMillis());
  pb::MailboxRegister request;
  request.set_secret(code->secret());
  KRING_ASSIGN_OR_RETURN(
      std::string registration,
      EncodeRelayRegistration(g.ledger, node.signing_public_key(), node.signing_secret_key(),
                              code->mailbox_key(), now));
  request.set_registration(std::move(registration));
  const std::string fingerprint = Fingerprint(code->mailbox_key());
  std::string reached;
  auto result = Register(node, *code, request, &reached);
  if (!result.ok()) {
    return Status::Network(Tr(reached.empty() ? "use_mailbox.unreachable" : "use_mailbox.no_answer",
                              {{"error", result.status().message()},
                               {"fingerprint", fingerprint},
                               {"address", reached}}));
  }
  if (result->outcome() != pb::MailboxResult::KEPT) {
    return Status::User(Tr("use_mailbox.refused." + MailboxOutcomeKey(result->outcome())));
  }
  const std::vector<std::string> addresses(code->addresses().begin(), code->addresses().end());
  const GroupMailbox* current = g.state().mailbox();
  const bool unchanged = current != nullptr && current->key == code->mailbox_key() &&
                         RevealMailboxAddresses(g.state(), g.keys) == addresses;
  // Members who sync only through the old mailbox learn of the new one from it.
  std::optional<KnownPeer> old;
  if (current != nullptr && current->key != code->mailbox_key()) old = MailboxPeerOf(book, id);
  if (!unchanged) {
    KRING_ASSIGN_OR_RETURN(pb::Entry entry,
                           SetMailbox(g.ledger, g.keys, book.Me(), node.signing_secret_key(),
                                      code->mailbox_key(), addresses, now));
    KRING_RETURN_IF_ERROR(book.Append(g, {entry}));
  }
  std::vector<std::string> lines;
  lines.push_back(Tr(unchanged ? "use_mailbox.already" : "use_mailbox.done",
                     {{"group", g.Name()}, {"fingerprint", fingerprint}, {"address", reached}}));
  if (old) SyncNow(node, *old, show_progress, lines, "use_mailbox.not_told");
  if (std::optional<KnownPeer> mailbox = MailboxPeerOf(book, id))
    SyncNow(node, *mailbox, show_progress, lines);
  return lines;
}

void RegisterMailboxGroupCommands(CLI::App& app, Context& ctx) {
  CLI::App* group = app.get_subcommand("group");
  auto* use = group->add_subcommand("use-mailbox", Tr("use_mailbox.help"));
  use->footer(Tr("use_mailbox.footer"));
  auto name = std::make_shared<std::string>();
  auto code = std::make_shared<std::string>();
  auto stop = std::make_shared<bool>(false);
  use->add_option("GROUP", *name, Tr("group.help.group"))->required();
  use->add_option("CODE", *code, Tr("use_mailbox.help.code"));
  use->add_flag("--stop", *stop, Tr("use_mailbox.help.stop"));
  OnRun(use, ctx, [&ctx, name, code, stop]() -> Status {
    if (*stop && !code->empty()) return Status::Usage(Tr("use_mailbox.stop_or_code"));
    return UseMailbox(ctx, *name, *code, *stop);
  });
}

}  // namespace kring::cli
