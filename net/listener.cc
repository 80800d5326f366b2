#include "net/listener.h"

#include <asio/co_spawn.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>
#include <exception>

#include "core/i18n/messages.h"
#include "net.pb.h"

namespace kring {
namespace {

constexpr auto kNoThrow = asio::experimental::as_tuple(asio::use_awaitable);
constexpr std::chrono::milliseconds kBusyWriteTimeout{1000};
// After a failed accept (e.g. out of file descriptors) wait a little instead of spinning.
constexpr std::chrono::milliseconds kAcceptBackoff{100};

std::string Describe(const asio::ip::tcp::endpoint& endpoint) {
  return endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
}

}  // namespace

Listener::Listener(asio::any_io_executor executor, ListenerOptions options, SessionHandler handler)
    : executor_(executor),
      acceptor_(executor),
      options_(std::move(options)),
      handler_(std::move(handler)) {}

Result<std::shared_ptr<Listener>> Listener::Open(asio::any_io_executor executor,
                                                 const asio::ip::tcp::endpoint& endpoint,
                                                 ListenerOptions options, SessionHandler handler) {
  if (!options.channel.identity) return Status::Usage(i18n::Tr("net.listener.no_identity"));
  auto listener = std::make_shared<Listener>(executor, std::move(options), std::move(handler));
  std::error_code ec;
  auto& acceptor = listener->acceptor_;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::ip::tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    if (ec == asio::error::address_in_use) {
      return Status::Network(i18n::Tr("net.listener.in_use", {{"address", Describe(endpoint)}}));
    }
    return Status::Network(i18n::Tr("net.listener.cannot_listen",
                                    {{"address", Describe(endpoint)}, {"detail", ec.message()}}));
  }
  return listener;
}

asio::ip::tcp::endpoint Listener::local_endpoint() const {
  std::error_code ec;
  return acceptor_.local_endpoint(ec);
}

void Listener::Log(const std::string& line) const {
  if (options_.log) options_.log(line);
}

ListenerStats Listener::stats() const {
  ListenerStats s = stats_;
  s.pending = pending_.size();
  s.sessions = sessions_.size();
  return s;
}

// The coroutines below take `self` as a parameter rather than calling shared_from_this() in
// their body: a coroutine body first runs when it is resumed, by which time the caller's
// reference may be gone.
asio::awaitable<void> Listener::Run() { return AcceptLoop(shared_from_this()); }

asio::awaitable<void> Listener::AcceptLoop([[maybe_unused]] std::shared_ptr<Listener> self) {
  while (!stopped_) {
    auto [ec, socket] = co_await acceptor_.async_accept(kNoThrow);
    if (stopped_) break;
    if (ec) {
      if (ec == asio::error::operation_aborted) break;
      Log(i18n::Tr("net.listener.accept_failed", {{"detail", ec.message()}}));
      asio::steady_timer backoff(executor_, kAcceptBackoff);
      co_await backoff.async_wait(kNoThrow);
      continue;
    }
    ++stats_.accepted;
    Spawn(std::move(socket));
  }
}

void Listener::Stop() {
  stopped_ = true;
  std::error_code ignored;
  acceptor_.close(ignored);
  // Copy first: aborting wakes coroutines that erase themselves from these maps.
  std::vector<std::shared_ptr<SecureChannel>> channels;
  for (auto* group : {&pending_, &sessions_}) {
    for (auto& [id, weak] : *group) {
      if (auto channel = weak.lock()) channels.push_back(std::move(channel));
    }
  }
  const std::string reason = i18n::Tr("net.listener.shutting_down");
  for (auto& channel : channels) channel->Abort(reason);
}

void Listener::MakeRoomForHandshake() {
  if (pending_.size() >= options_.max_pending_handshakes && !flood_logged_) {
    // One line per episode, not one per dropped connection: a flood must not flood the log.
    flood_logged_ = true;
    Log(i18n::Tr("net.listener.flood", {{"n", pending_.size()}}));
  }
  while (pending_.size() >= options_.max_pending_handshakes && !pending_.empty()) {
    auto oldest = pending_.begin();
    auto channel = oldest->second.lock();
    pending_.erase(oldest);
    if (!channel) continue;
    ++stats_.evicted;
    channel->Abort(i18n::Tr("net.listener.evicted"));
  }
}

void Listener::Spawn(asio::ip::tcp::socket socket) {
  auto self = shared_from_this();
  auto on_exit = [self](std::exception_ptr error) {
    if (!error) return;
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      self->Log(i18n::Tr("net.listener.internal_error", {{"detail", e.what()}}));
    }
  };
  if (sessions_.size() >= options_.max_sessions) {
    ++stats_.refused_busy;
    asio::co_spawn(executor_, RefuseBusy(self, std::move(socket)), on_exit);
    return;
  }
  MakeRoomForHandshake();
  const uint64_t id = next_id_++;
  auto channel = std::make_shared<SecureChannel>(std::move(socket), options_.channel);
  pending_.emplace(id, channel);
  asio::co_spawn(executor_, Serve(self, std::move(channel), id), on_exit);
}

asio::awaitable<void> Listener::RefuseBusy([[maybe_unused]] std::shared_ptr<Listener> self,
                                           asio::ip::tcp::socket socket) {
  std::error_code ec;
  const auto peer = socket.remote_endpoint(ec);
  Log(i18n::Tr("net.listener.busy",
               {{"address", ec ? i18n::Tr("net.unknown_address") : Describe(peer)},
                {"n", options_.max_sessions}}));
  pb::HandshakeMessage busy;
  busy.mutable_refusal()->set_reason(pb::HandshakeRefusal::BUSY);
  busy.mutable_refusal()->set_supported_version(kHandshakeVersion);
  (void)co_await WriteFrame(socket, busy.SerializeAsString(), DeadlineIn(kBusyWriteTimeout));
  socket.close(ec);
}

asio::awaitable<void> Listener::Serve([[maybe_unused]] std::shared_ptr<Listener> self,
                                      std::shared_ptr<SecureChannel> channel, uint64_t id) {
  Status handshake = co_await channel->Handshake(HandshakeRole::kResponder);
  const bool evicted = pending_.erase(id) == 0;
  if (pending_.size() < options_.max_pending_handshakes / 2) flood_logged_ = false;
  if (!handshake.ok()) {
    ++stats_.handshakes_failed;
    // Evictions were summarised when they happened, and at shutdown every peer is cut off.
    if (!evicted && !stopped_) Log(handshake.message());
    co_return;
  }
  if (stopped_) co_return;
  ++stats_.sessions_started;
  sessions_.emplace(id, channel);
  Log(i18n::Tr("net.listener.connected",
               {{"address", channel->peer_address()},
                {"fingerprint", Fingerprint(channel->peer_signing_key())}}));
  co_await handler_(channel);
  sessions_.erase(id);
  channel->Abort(i18n::Tr("net.listener.session_ended"));
}

}  // namespace kring
