#include "cli/node_server.h"

#include <sys/prctl.h>
#include <sys/resource.h>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/redirect_error.hpp>
#include <asio/signal_set.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>
#include <csignal>
#include <cstdio>
#include <iostream>

#include "cli/peer_sync.h"
#include "cli/qr.h"
#include "cli/terminal.h"
#include "core/groups/group_book.h"
#include "core/groups/invitations.h"
#include "core/groups/mailbox.h"
#include "core/i18n/messages.h"
#include "core/sync/discovery.h"
#include "net/discovery.h"
#include "net/interfaces.h"
#include "net/listener.h"

namespace kring::cli {
namespace {

using i18n::Tr;

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::steady_clock;

void Log(const std::string& line) { LogLine(line); }

// Colleagues who hear an announcement sync with its sender's address. A node listening on one
// address announces through that address's interface, so the sender address is the one it
// listens on (by default the system's choice, e.g. the LAN address while listening on 127.0.0.1).
net::DiscoveryConfig AnnounceConfig(const asio::ip::address& listen) {
  net::DiscoveryConfig config;
  if (listen.is_v4() && !listen.is_unspecified()) config.interface_address = listen.to_string();
  return config;
}

int64_t DataVersion(Node& node) {
  auto version = node.store().DataVersion();
  return version.ok() ? *version : -1;
}

bool StoredAnything(const SyncReport& report) {
  for (const auto& group : report.groups) {
    if (group.entries_in > 0) return true;
  }
  return false;
}

// What a colleague needs to reach this node, in plain words: its name and fingerprint, the
// addresses it answers on, and the line to type.
std::string HowToReach(const Node& node, const asio::ip::address& listening, uint16_t port) {
  std::vector<net::InterfaceAddress> addresses;
  if (listening.is_unspecified()) {
    addresses = net::LocalIpv4Addresses();
  } else {
    addresses.push_back({"", listening.to_string(), listening.is_loopback()});
  }
  const std::string suffix = ":" + std::to_string(port);
  std::string out =
      Tr("serve.this_node", {{"alias", node.alias()}, {"fingerprint", node.fingerprint()}}) + "\n";
  if (addresses.empty()) {
    out += Tr("serve.no_addresses", {{"port", std::to_string(port)}}) + "\n";
    return out;
  }
  out += Tr("serve.reach_at") + "\n";
  for (const net::InterfaceAddress& a : addresses) {
    out += "  " + a.address + suffix +
           (a.loopback            ? "  " + Tr("serve.loopback")
            : a.interface.empty() ? ""
                                  : "  (" + a.interface + ")") +
           "\n";
  }
  const net::InterfaceAddress& best = addresses.front();
  out += (best.loopback ? Tr("serve.add_here") : Tr("serve.add_on_network")) + "\n";
  // i18n-ok: the command to type, the same in every language.
  out += "  kring peer add " + best.address + suffix + " --key " + node.fingerprint() + "\n";
  return out;
}

std::string JoinRefusalText(pb::JoinResult::Outcome outcome) {
  return Tr("serve.join_outcome." + JoinOutcomeKey(outcome));
}

}  // namespace

// Every connection costs a file descriptor: use all the kernel lets this process have, so a
// flood runs into max_connections/max_handshakes (which are handled) before the fd limit.
void RaiseFileLimit() {
  struct rlimit limit {};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
  limit.rlim_cur = limit.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &limit);
}

// Case material never reaches a core file or a debugger attached by another user.
void DisableCoreDumps() {
  struct rlimit none {};
  ::setrlimit(RLIMIT_CORE, &none);
  ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

void LogLine(const std::string& line) {
  std::fprintf(stderr, "%s\n", line.c_str());
  std::fflush(stderr);
}

// The mailbox's code for admins, with what to do with it; `serving` when this process is the
// running mailbox. Makes the mailbox's secret on first use. The addresses: `given` (--address,
// then remembered), else those given before, else where it listens (`listened`).
Result<std::string> MailboxCodeText(Node& node, const std::vector<std::string>& given,
                                    const std::optional<std::string>& listened, bool serving,
                                    bool renew) {
  KRING_ASSIGN_OR_RETURN(pb::MailboxSetup setup, LoadMailboxSetup(node));
  if (setup.secret().empty() || renew) {
    pb::MailboxSetup fresh = MakeMailboxSetup(static_cast<uint64_t>(NowMillis() / 1000));
    *fresh.mutable_addresses() = setup.addresses();
    setup = std::move(fresh);
  }
  if (!given.empty()) setup.mutable_addresses()->Assign(given.begin(), given.end());
  KRING_ASSIGN_OR_RETURN(
      std::vector<std::string> reach,
      CodeAddresses(listened, {setup.addresses().begin(), setup.addresses().end()},
                    "relay.code.no_address"));
  KRING_RETURN_IF_ERROR(SaveMailboxSetup(node, setup));
  const std::string code =
      EncodeMailboxCode(MailboxCodeFor(setup, node.signing_public_key(), reach));
  std::string out = Tr(serving ? "relay.code.serving" : "relay.code.intro") + "\n\n";
  out += code + "\n\n";
  if (StdoutIsTerminal()) {
    if (auto drawn = RenderQrCode(code)) out += *drawn + "\n";
  }
  out += Tr("relay.code.next", {{"fingerprint", node.fingerprint()}}) + "\n";
  out += Tr(serving ? "relay.code.keep_running" : "relay.code.start") + "\n";
  return out;
}

NodeServer::NodeServer(Node& node, ServeOptions options, asio::io_context& io)
    : node_(node), options_(std::move(options)), io_(io) {}

void NodeServer::Stop() {
  stopped_ = true;
  if (listener_) listener_->Stop();
}

std::string NodeServer::HowToReachText() const {
  if (!listener_) return "";
  const auto endpoint = listener_->local_endpoint();
  return HowToReach(node_, endpoint.address(), endpoint.port());
}

Status NodeServer::Start() {
  KRING_ASSIGN_OR_RETURN(auto host_port, ParseHostPort(options_.listen));
  std::error_code ec;
  auto address = asio::ip::make_address(host_port.first, ec);
  if (ec) return Status::Usage(Tr("serve.listen_invalid"));
  ListenerOptions listener_options;
  // A key that shares no group gets through the handshake only while invitations are in play
  // (AnswersNewcomers), and then can do nothing but ask to join (SyncConfig::on_join).
  // Likewise on a mailbox, a stranger may only register a group
  // (SyncConfig::on_mailbox_register).
  listener_options.channel = NodeChannelOptions(
      node_, MemberPeerPolicy(node_, options_.relay, [this](std::string_view) {
        if (options_.relay) {
          auto setup = LoadMailboxSetup(node_);
          if (setup.ok() && !setup->secret().empty()) return true;
        }
        auto invitations = LoadInvitations(node_);
        return invitations.ok() &&
               AnswersNewcomers(*invitations, static_cast<uint64_t>(NowMillis() / 1000));
      }));
  listener_options.log = Log;
  listener_options.max_sessions = options_.max_connections;
  listener_options.max_pending_handshakes = options_.max_handshakes;
  listener_options.channel.handshake_timeout = seconds(options_.handshake_timeout_seconds);
  listener_options.channel.idle_timeout = seconds(options_.idle_timeout_seconds);
  KRING_ASSIGN_OR_RETURN(
      listener_, Listener::Open(io_.get_executor(), {address, host_port.second}, listener_options,
                                [this](std::shared_ptr<SecureChannel> channel) {
                                  return ServeSession(std::move(channel));
                                }));
  const auto endpoint = listener_->local_endpoint();
  // Where this node answers, for the codes `kring group invite` makes (not secret).
  const std::string listen_address =
      endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
  listen_address_ = listen_address;
  (void)WriteNodeSetting(node_.store(), "serve.listen", listen_address);
  // All of it in one write: a reader may stop reading after the first line.
  // The first line is also read by scripts and tests ("listening on HOST:PORT" in English).
  const std::string listening = Tr("serve.listening", {{"address", listen_address}});
  if (options_.quiet_stdout) {
    Log(listening);
  } else if (options_.mailbox) {
    KRING_ASSIGN_OR_RETURN(std::string shown, MailboxCodeText(node_, options_.addresses,
                                                              listen_address, /*serving=*/true));
    std::printf("%s\n%s", listening.c_str(), shown.c_str());
  } else {
    std::printf("%s\n%s", listening.c_str(),
                HowToReach(node_, endpoint.address(), endpoint.port()).c_str());
  }
  std::fflush(stdout);
  asio::co_spawn(io_, listener_->Run(), asio::detached);
  if (!options_.accept_only) asio::co_spawn(io_, SyncLoop(), asio::detached);
  if (options_.announce) {
    token_ = RandomBytes(kDiscoveryTokenBytes);
    asio::co_spawn(io_,
                   net::RunAnnouncer(AnnounceConfig(address),
                                     [this, port = endpoint.port()] {
                                       GroupBook book(node_);
                                       return BuildAnnouncement(token_, port,
                                                                DiscoveryGroups(book));
                                     }),
                   asio::detached);
  }
  return Status::Ok();
}

asio::awaitable<void> NodeServer::ServeSession(std::shared_ptr<SecureChannel> channel) {
  SyncConfig config;
  config.node = &node_;
  config.serve_relayed = options_.relay;
  auto peers = LoadKnownPeers(node_);
  if (peers.ok()) config.bound_groups = GroupsBoundToKey(*peers, channel->peer_signing_key());
  config.log = Log;
  config.on_join = [this](const pb::JoinRequest& request, const std::string& key) {
    return AnswerJoin(request, key);
  };
  if (options_.relay) {
    config.on_mailbox_register = [this](const pb::MailboxRegister& request,
                                        const std::string& key) {
      return AnswerMailboxRegister(request, key);
    };
    config.mailbox_news = [this](const std::string& group_id, const std::string& key) {
      return News(group_id, key);
    };
    config.on_join_drop = [this](const pb::JoinDrop& drop, const std::string& key) {
      return AnswerJoinDrop(drop, key);
    };
  }
  auto report = co_await RunSyncSession(channel, HandshakeRole::kResponder, config);
  // What arrived should travel on to the other peers soon (relaying).
  if (report.ok() && StoredAnything(*report)) sync_soon_ = true;
}

// A newcomer's join: added with the invited role, or refused with nothing changed. The log
// names who joined with which fingerprint, to compare aloud.
pb::JoinResult NodeServer::AnswerJoin(const pb::JoinRequest& request, const std::string& key) {
  pb::PublicIdentity joined;
  auto result = AcceptJoin(node_, request, key, NowMillis(), &joined);
  if (!result.ok()) {
    Log(Tr("serve.join_refused",
           {{"fingerprint", Fingerprint(key)}, {"reason", result.status().message()}}));
    pb::JoinResult refused;
    refused.set_outcome(pb::JoinResult::NOT_ALLOWED);
    return refused;
  }
  if (result->outcome() == pb::JoinResult::JOINED) {
    GroupBook book(node_);
    auto group = book.Load(request.group_id());
    const GroupMember* member = group.ok() ? group->state().FindMember(key) : nullptr;
    Log(Tr("serve.joined",
           {{"alias", joined.alias()},
            {"fingerprint", Fingerprint(key)},
            {"group", result->group_name()},
            {"role", RoleLabel(member != nullptr ? member->role : pb::ROLE_COACH)}}));
    sync_soon_ = true;  // the other members should hear of the newcomer
  } else {
    Log(Tr("serve.join_refused",
           {{"fingerprint", Fingerprint(key)}, {"reason", JoinRefusalText(result->outcome())}}));
  }
  return *result;
}

// An admin registers a group with this mailbox.
pb::MailboxResult NodeServer::AnswerMailboxRegister(const pb::MailboxRegister& request,
                                                    const std::string& key) {
  pb::MailboxResult result = AcceptMailboxRegister(node_, request, key, NowMillis());
  if (result.outcome() == pb::MailboxResult::KEPT) {
    Log(Tr("relay.mailbox.kept",
           {{"id", ShortId(result.group_id())}, {"fingerprint", Fingerprint(key)}}));
  } else {
    Log(Tr("relay.mailbox.refused",
           {{"fingerprint", Fingerprint(key)},
            {"reason", Tr("relay.mailbox.outcome." + MailboxOutcomeKey(result.outcome()))}}));
  }
  return result;
}

// A member reached this mailbox for a group it keeps: noted, and everyone's last reach told;
// an admin also gets the requests to join that wait for the group.
MailboxNews NodeServer::News(const std::string& group_id, const std::string& key) {
  MailboxNews news;
  GroupBook groups(node_);
  auto group = groups.Load(group_id);
  auto book = LoadReachBook(node_);
  if (book.ok()) {
    RecordReach(*book, group_id, key, static_cast<uint64_t>(NowMillis()));
    if (group.ok()) ForgetFormerMembers(*book, group->state());
    (void)SaveReachBook(node_, *book);
    const pb::GroupReach& reach = ReachOf(*book, group_id);
    news.reach.assign(reach.reach().begin(), reach.reach().end());
  }
  auto drops = LoadDropBook(node_);
  if (group.ok() && drops.ok()) {
    const int before = drops->drop_size();
    news.join_drops =
        DropsForAdmin(*drops, group->state(), key, static_cast<uint64_t>(NowMillis()));
    if (drops->drop_size() != before) (void)SaveDropBook(node_, *drops);
  }
  return news;
}

// A newcomer leaves a request to join for an inviter whose node is off.
pb::JoinDropResult NodeServer::AnswerJoinDrop(const pb::JoinDrop& drop, const std::string& key) {
  pb::JoinDropResult result;
  GroupBook groups(node_);
  auto group = groups.Load(drop.group_id());
  const bool kept = group.ok() && group->local.relay();
  auto drops = LoadDropBook(node_);
  if (!drops.ok()) {
    result.set_outcome(pb::JoinDropResult::BAD_REQUEST);
    return result;
  }
  result.set_outcome(KeepJoinDrop(*drops, drop, key, kept ? &group->state() : nullptr,
                                  static_cast<uint64_t>(NowMillis())));
  if (result.outcome() == pb::JoinDropResult::KEPT && !SaveDropBook(node_, *drops).ok()) {
    result.set_outcome(pb::JoinDropResult::BAD_REQUEST);
  }
  Log(Tr("relay.drop." + JoinDropOutcomeKey(result.outcome()),
         {{"fingerprint", Fingerprint(key)}, {"id", ShortId(drop.group_id())}}));
  return result;
}

asio::awaitable<void> NodeServer::SyncRound() {
  auto peers = LoadKnownPeers(node_);
  if (!peers.ok()) {
    Log(peers.status().message());
    co_return;
  }
  GroupBook book(node_);
  AddMailboxPeers(*peers, book);
  round_running_ = true;
  std::vector<PeerRoundOutcome> round;
  for (const KnownPeer& peer : *peers) {
    if (stopped_) break;
    PeerSyncOutcome outcome =
        co_await SyncWithPeer(node_, peer, options_.relay, Log, /*show_progress=*/false);
    PeerRoundOutcome seen;
    seen.address = peer.address;
    seen.mailbox = peer.mailbox;
    for (const std::string& key : peer.expected_keys) {
      if (seen.who.empty()) seen.who = MemberName(book, key);
    }
    seen.ok = outcome.status.ok();
    if (!seen.ok) seen.error = outcome.status.message();
    seen.moved = DescribeReport(outcome.report);
    seen.at_ms = NowMillis();
    round.push_back(std::move(seen));
    for (const JoinedNewcomer& j : outcome.joined) {
      Log(Tr("serve.joined", {{"alias", j.alias},
                              {"fingerprint", j.fingerprint},
                              {"group", j.group},
                              {"role", RoleLabel(j.role)}}));
    }
    if (!outcome.status.ok()) {
      Log(Tr("serve.sync_failed",
             {{"address", peer.address}, {"error", outcome.status.message()}}));
    } else if (StoredAnything(outcome.report)) {
      sync_soon_ = true;
    }
  }
  last_round_ = std::move(round);
  last_round_at_ms_ = NowMillis();
  round_running_ = false;
}

// Every second: notice local changes; sync after one, and every interval anyway.
asio::awaitable<void> NodeServer::SyncLoop() {
  asio::steady_timer tick(io_);
  int64_t version = DataVersion(node_);
  auto next_round = steady_clock::now();  // one round at start
  while (!stopped_) {
    if (steady_clock::now() >= next_round || sync_soon_) {
      sync_soon_ = false;
      co_await SyncRound();
      next_round = steady_clock::now() + seconds(options_.interval_seconds);
    }
    tick.expires_after(seconds(1));
    std::error_code ec;
    co_await tick.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
    const int64_t now_version = DataVersion(node_);
    if (now_version != version) {
      version = now_version;
      sync_soon_ = true;
    }
  }
}

}  // namespace kring::cli
