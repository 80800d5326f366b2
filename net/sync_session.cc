// Session control: the session's deadline, messages in and out, refusals, and the negotiation
// of which groups to sync; plus the public entry points of net/sync_session.h.
#include <algorithm>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>

#include "core/i18n/messages.h"
#include "net/sync_session_state.h"

namespace kring::sync_internal {

asio::awaitable<Result<SyncReport>> Session::Run(HandshakeRole role) {
  asio::steady_timer deadline(co_await asio::this_coro::executor, config_.limits.session_timeout);
  deadline.async_wait(
      [channel = channel_, limit = config_.limits.session_timeout](std::error_code ec) {
        if (!ec) {
          channel->Abort(i18n::Tr("net.sync.too_long", {{"duration", DescribeDuration(limit)}}));
        }
      });
  Status status = co_await Negotiate();
  if (request_answered_) {
    // Nothing else happens in a session that answered a join or a registration.
  } else if (status.ok() && role == HandshakeRole::kInitiator) {
    status = co_await RunClient();
  } else if (status.ok()) {
    status = co_await RunServer();
  }
  if (!refusal_.empty()) {
    pb::SyncMessage message;
    message.mutable_error()->set_reason(refusal_);
    std::string bytes = message.SerializeAsString();
    (void)co_await channel_->Send(bytes);
    channel_->Abort(refusal_);
  }
  deadline.cancel();
  for (auto& [id, group] : groups_) DropPendingJoin(group);
  if (!status.ok()) {
    Log(status.message());
    co_return status;
  }
  for (auto& [id, group] : groups_) report_.groups.push_back(group.report);
  co_return report_;
}

std::string Session::PeerLabel() const {
  return i18n::Tr("net.sync.peer_label",
                  {{"address", channel_->peer_address()},
                   {"fingerprint", Fingerprint(channel_->peer_signing_key())}});
}

// Remembers why we stop; Run() tells the peer (best effort) and closes the channel. Not a
// coroutine, so that no temporary lives across a suspension (g++ 12 mishandles those).
Status Session::Refuse(std::string reason) {
  if (refusal_.empty()) refusal_ = reason;
  return Status::Network(
      i18n::Tr("net.sync.peer_reason", {{"peer", PeerLabel()}, {"reason", reason}}));
}

asio::awaitable<Status> Session::Send(const pb::SyncMessage& message) {
  const std::string bytes = message.SerializeAsString();
  Status status = co_await channel_->Send(bytes);
  co_return status;
}

// The next message; a clean close gives nullopt. Garbage is a protocol violation.
asio::awaitable<Result<std::optional<pb::SyncMessage>>> Session::Receive() {
  auto raw = co_await channel_->Receive();
  if (!raw.ok()) co_return raw.status();
  if (!raw->has_value()) co_return std::optional<pb::SyncMessage>();
  pb::SyncMessage message;
  if (!message.ParseFromString(**raw) || message.kind_case() == pb::SyncMessage::KIND_NOT_SET) {
    co_return Refuse(i18n::Tr("net.sync.not_protocol"));
  }
  if (message.has_error()) {
    std::string reason = message.error().reason().substr(0, 200);
    channel_->Abort(i18n::Tr("net.sync.gave_up", {{"reason", reason}}));
    co_return Status::Network(
        i18n::Tr("net.sync.peer_gave_up", {{"peer", PeerLabel()}, {"reason", reason}}));
  }
  co_return std::optional<pb::SyncMessage>(std::move(message));
}

// A message that must arrive now (a close is an error here).
asio::awaitable<Result<pb::SyncMessage>> Session::Expect(pb::SyncMessage::KindCase kind,
                                                         std::string_view what) {
  KRING_CO_ASSIGN(auto message, co_await Receive());
  if (!message) {
    co_return Status::Network(i18n::Tr("net.sync.ended_early", {{"peer", PeerLabel()}}));
  }
  if (message->kind_case() != kind) {
    co_return Refuse(i18n::Tr("net.sync.unexpected", {{"what", what}}));
  }
  co_return std::move(*message);
}

asio::awaitable<Status> Session::Negotiate() {
  auto described = DescribeGroups(book_);
  if (!described.ok()) co_return described.status();
  SyncPlanInput input{std::move(described).value(), config_.bound_groups, config_.serve_relayed,
                      channel_->peer_signing_key()};
  // A server's peer in none of its groups and bound to none got through the handshake only
  // because invitations are in play: it may ask to join, and nothing else.
  const bool join_only = (config_.on_join || config_.on_mailbox_register || config_.on_join_drop) &&
                         input.bound_groups.empty() &&
                         !IsMemberOfAnyGroup(input.groups, input.peer_key, input.serve_relayed);
  const std::vector<std::string> offer = GroupsToOffer(input);
  pb::SyncMessage hello;
  hello.mutable_hello()->set_version(kSyncProtocolVersion);
  for (const auto& id : offer) hello.mutable_hello()->add_groups(id);
  if (config_.use_riblt) hello.mutable_hello()->add_reconcilers(kRibltName);
  KRING_CO_RETURN_IF_ERROR(co_await Send(hello));
  // Named, not temporaries: a temporary must not live across a suspension (g++ 12).
  const std::string greeting = i18n::Tr("net.sync.what.greeting");
  const std::string answer = i18n::Tr("net.sync.what.answer");
  KRING_CO_ASSIGN(auto first, co_await Receive());
  if (!first) {
    co_return Status::Network(i18n::Tr("net.sync.ended_early", {{"peer", PeerLabel()}}));
  }
  if (first->has_join() && config_.on_join) {
    // A newcomer with an invitation: one answer, and the session ends.
    pb::SyncMessage reply;
    *reply.mutable_join_result() = config_.on_join(first->join(), channel_->peer_signing_key());
    KRING_CO_RETURN_IF_ERROR(co_await Send(reply));
    (void)co_await channel_->Close();
    request_answered_ = true;
    co_return Status::Ok();
  }
  if (first->has_mailbox_register() && config_.on_mailbox_register) {
    // An admin registers a group with this mailbox: one answer, and the session ends.
    pb::SyncMessage reply;
    *reply.mutable_mailbox_result() =
        config_.on_mailbox_register(first->mailbox_register(), channel_->peer_signing_key());
    KRING_CO_RETURN_IF_ERROR(co_await Send(reply));
    (void)co_await channel_->Close();
    request_answered_ = true;
    co_return Status::Ok();
  }
  if (first->has_join_drop() && config_.on_join_drop) {
    // A newcomer leaves a request to join for an inviter whose node is off.
    pb::SyncMessage reply;
    *reply.mutable_join_drop_result() =
        config_.on_join_drop(first->join_drop(), channel_->peer_signing_key());
    KRING_CO_RETURN_IF_ERROR(co_await Send(reply));
    (void)co_await channel_->Close();
    request_answered_ = true;
    co_return Status::Ok();
  }
  if (join_only) co_return Refuse(i18n::Tr("net.sync.join_only"));
  if (first->kind_case() != pb::SyncMessage::kHello) {
    co_return Refuse(i18n::Tr("net.sync.unexpected", {{"what", greeting}}));
  }
  pb::SyncMessage peer_hello = std::move(*first);
  if (peer_hello.hello().version() != kSyncProtocolVersion) {
    co_return Refuse(i18n::Tr("net.sync.version", {{"theirs", peer_hello.hello().version()},
                                                   {"ours", kSyncProtocolVersion}}));
  }
  if (static_cast<size_t>(peer_hello.hello().groups_size()) > config_.limits.max_groups) {
    co_return Refuse(i18n::Tr("net.sync.too_many_groups"));
  }
  const auto& theirs = peer_hello.hello().reconcilers();
  riblt_ = config_.use_riblt && std::find(theirs.begin(), theirs.end(), kRibltName) != theirs.end();
  std::vector<std::string> peer_offer(peer_hello.hello().groups().begin(),
                                      peer_hello.hello().groups().end());
  const std::vector<std::string> accept =
      GroupsToAccept(input, peer_offer, config_.limits.max_groups);
  pb::SyncMessage accept_message;
  accept_message.mutable_accept();  // an empty answer is still an answer
  for (const auto& id : accept) {
    accept_message.mutable_accept()->add_groups(id);
    if (config_.mailbox_news && IsRelayed(input.groups, id)) {
      MailboxNews news = config_.mailbox_news(id, channel_->peer_signing_key());
      for (pb::MemberReach& reach : news.reach) {
        *accept_message.mutable_accept()->add_reach() = std::move(reach);
      }
      for (pb::JoinDrop& drop : news.join_drops) {
        *accept_message.mutable_accept()->add_join_drops() = std::move(drop);
      }
    }
  }
  KRING_CO_RETURN_IF_ERROR(co_await Send(accept_message));
  KRING_CO_ASSIGN(auto peer_accept, co_await Expect(pb::SyncMessage::kAccept, answer));
  std::vector<std::string> peer_accepted(peer_accept.accept().groups().begin(),
                                         peer_accept.accept().groups().end());
  for (const std::string& id : AgreedGroups(offer, accept, peer_accepted)) {
    KRING_CO_RETURN_IF_ERROR(Prepare(id, input));
  }
  for (const pb::MemberReach& reach : peer_accept.accept().reach()) {
    if (GroupContext* group = Agreed(reach.group_id());
        group != nullptr && group->report.mailbox_reach.size() < config_.limits.max_reach) {
      group->report.mailbox_reach.push_back(reach);
    }
  }
  for (const pb::JoinDrop& drop : peer_accept.accept().join_drops()) {
    if (GroupContext* group = Agreed(drop.group_id());
        group != nullptr && group->report.join_drops.size() < config_.limits.max_join_drops) {
      group->report.join_drops.push_back(drop);
    }
  }
  if (groups_.empty()) Log(i18n::Tr("net.sync.no_group", {{"peer", PeerLabel()}}));
  co_return Status::Ok();
}

Status Session::Prepare(const std::string& id, const SyncPlanInput& input) {
  GroupContext group;
  group.id = id;
  group.report.group_id = id;
  group.report.name = i18n::Tr("groups.label.id", {{"id", ShortId(id)}});
  bool relayed = false;
  for (const PlanGroup& known : input.groups) {
    if (known.group_id == id) {
      relayed = known.relayed;
      auto loaded = book_.Load(id);
      if (!loaded.ok()) return loaded.status();
      group.loaded.emplace(std::move(loaded).value());
      group.report.name = group.loaded->Name();
    }
  }
  group.mode = !group.loaded ? ImportMode::kMayJoin
               : relayed     ? ImportMode::kRelay
                             : ImportMode::kKnownGroupOnly;
  KRING_RETURN_IF_ERROR(LoadKeys(group));
  groups_.emplace(id, std::move(group));
  return Status::Ok();
}

Status Session::LoadKeys(GroupContext& group) {
  group.created_at.clear();
  if (!group.loaded) return Status::Ok();
  KRING_ASSIGN_OR_RETURN(auto keys, book_.ReconciliationKeys(group.id));
  for (const EntryKey& key : keys) group.created_at.emplace(key.id, key.created_at);
  return Status::Ok();
}

bool Session::IsRelayed(const std::vector<PlanGroup>& groups, const std::string& id) {
  return std::any_of(groups.begin(), groups.end(),
                     [&](const PlanGroup& g) { return g.group_id == id && g.relayed; });
}

GroupContext* Session::Agreed(const std::string& id) {
  auto it = groups_.find(id);
  return it == groups_.end() ? nullptr : &it->second;
}

}  // namespace kring::sync_internal

namespace kring {

Result<std::vector<PlanGroup>> DescribeGroups(GroupBook& book) {
  KRING_ASSIGN_OR_RETURN(auto ids, book.GroupIds());
  std::vector<PlanGroup> out;
  for (const std::string& id : ids) {
    KRING_ASSIGN_OR_RETURN(LoadedGroup group, book.Load(id));
    PlanGroup plan;
    plan.group_id = id;
    plan.relayed = group.local.relay();
    for (const auto& [key, member] : group.state().members()) plan.member_keys.insert(key);
    out.push_back(std::move(plan));
  }
  return out;
}

PeerPolicy MemberPeerPolicy(Node& node, bool serve_relayed,
                            std::function<bool(std::string_view)> extra) {
  return [&node, serve_relayed, extra = std::move(extra)](std::string_view key) {
    GroupBook book(node);
    auto groups = DescribeGroups(book);
    if (groups.ok() && IsMemberOfAnyGroup(*groups, key, serve_relayed)) return true;
    return extra && extra(key);
  };
}

asio::awaitable<Result<SyncReport>> RunSyncSession(std::shared_ptr<SecureChannel> channel,
                                                   HandshakeRole role, SyncConfig config) {
  sync_internal::Session session(std::move(channel), std::move(config));
  co_return co_await session.Run(role);
}

}  // namespace kring
