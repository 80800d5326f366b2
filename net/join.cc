#include "net/join.h"

#include "core/i18n/messages.h"
#include "sync.pb.h"

namespace kring {
namespace {

// One request, one answer of `answer_kind`; the other side greets first (its sync hello), and at
// most that one message comes before the answer.
asio::awaitable<Result<pb::SyncMessage>> AskOnce(std::shared_ptr<SecureChannel> channel,
                                                 pb::SyncMessage request,
                                                 pb::SyncMessage::KindCase answer_kind) {
  const std::string bytes = request.SerializeAsString();
  Status sent = co_await channel->Send(bytes);
  if (!sent.ok()) co_return sent;
  for (int i = 0; i < 2; ++i) {
    auto raw = co_await channel->Receive();
    if (!raw.ok()) co_return raw.status();
    if (!raw->has_value()) break;
    pb::SyncMessage reply;
    if (!reply.ParseFromString(**raw)) break;
    if (reply.has_hello()) continue;
    if (reply.has_error()) {
      const std::string reason = reply.error().reason().substr(0, 200);
      channel->Abort(reason);
      co_return Status::Network(i18n::Tr(
          "net.join.refused_by", {{"address", channel->peer_address()}, {"reason", reason}}));
    }
    if (reply.kind_case() == answer_kind) {
      (void)co_await channel->Close();
      co_return reply;
    }
    break;
  }
  channel->Abort(i18n::Tr("net.join.no_answer"));
  co_return Status::Network(
      i18n::Tr("net.join.no_answer_from", {{"address", channel->peer_address()}}));
}

}  // namespace

asio::awaitable<Result<pb::JoinResult>> RunJoinClient(std::shared_ptr<SecureChannel> channel,
                                                      pb::JoinRequest request) {
  pb::SyncMessage message;
  *message.mutable_join() = std::move(request);
  auto reply =
      co_await AskOnce(std::move(channel), std::move(message), pb::SyncMessage::kJoinResult);
  if (!reply.ok()) co_return reply.status();
  co_return reply->join_result();
}

asio::awaitable<Result<pb::MailboxResult>> RunMailboxRegisterClient(
    std::shared_ptr<SecureChannel> channel, pb::MailboxRegister request) {
  pb::SyncMessage message;
  *message.mutable_mailbox_register() = std::move(request);
  auto reply =
      co_await AskOnce(std::move(channel), std::move(message), pb::SyncMessage::kMailboxResult);
  if (!reply.ok()) co_return reply.status();
  co_return reply->mailbox_result();
}

asio::awaitable<Result<pb::JoinDropResult>> RunJoinDropClient(
    std::shared_ptr<SecureChannel> channel, pb::JoinDrop drop) {
  pb::SyncMessage message;
  *message.mutable_join_drop() = std::move(drop);
  auto reply =
      co_await AskOnce(std::move(channel), std::move(message), pb::SyncMessage::kJoinDropResult);
  if (!reply.ok()) co_return reply.status();
  co_return reply->join_drop_result();
}

}  // namespace kring
