#include "net/join.h"

#include "core/i18n/messages.h"
#include "sync.pb.h"

namespace kring {

asio::awaitable<Result<pb::JoinResult>> RunJoinClient(std::shared_ptr<SecureChannel> channel,
                                                      pb::JoinRequest request) {
  pb::SyncMessage message;
  *message.mutable_join() = std::move(request);
  const std::string bytes = message.SerializeAsString();
  Status sent = co_await channel->Send(bytes);
  if (!sent.ok()) co_return sent;
  // The inviter greets first (its sync hello); at most that one message comes before the answer.
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
    if (reply.has_join_result()) {
      (void)co_await channel->Close();
      co_return reply.join_result();
    }
    break;
  }
  channel->Abort(i18n::Tr("net.join.no_answer"));
  co_return Status::Network(
      i18n::Tr("net.join.no_answer_from", {{"address", channel->peer_address()}}));
}

}  // namespace kring
