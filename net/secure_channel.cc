#include "net/secure_channel.h"

#include <asio/connect.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>

#include "core/i18n/messages.h"

namespace kring {
namespace {

using asio::experimental::awaitable_operators::operator||;
constexpr auto kNoThrow = asio::experimental::as_tuple(asio::use_awaitable);
// A refusal is a courtesy; never wait long for a peer to take it.
constexpr std::chrono::milliseconds kRefusalWriteTimeout{1000};

std::string AddressOf(const asio::ip::tcp::socket& socket) {
  std::error_code ec;
  const auto endpoint = socket.remote_endpoint(ec);
  if (ec) return i18n::Tr("net.unknown_address");
  const auto address = endpoint.address();
  const std::string host = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
  return host + ":" + std::to_string(endpoint.port());
}

}  // namespace

SecureChannel::SecureChannel(asio::ip::tcp::socket socket, ChannelOptions options)
    : socket_(std::move(socket)),
      options_(std::move(options)),
      peer_address_(AddressOf(socket_)),
      reader_(options_.max_frame_bytes) {
  std::error_code ignored;
  socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
}

SecureChannel::~SecureChannel() {
  std::error_code ignored;
  socket_.close(ignored);
}

Status SecureChannel::Prefixed(const Status& status) const {
  if (!abort_reason_.empty()) {
    return Status::Network(
        i18n::Tr("net.peer_said", {{"address", peer_address_}, {"message", abort_reason_}}));
  }
  return status.WithContext(i18n::Tr("net.peer", {{"address", peer_address_}}));
}

// Any failure ends the connection: after a framing or integrity error the byte stream cannot
// be trusted to resynchronise, and keeping a half-broken peer around only costs resources.
Status SecureChannel::Fail(Status status) {
  std::error_code ignored;
  socket_.close(ignored);
  cipher_.reset();
  return Prefixed(status);
}

void SecureChannel::Abort(std::string reason) {
  if (abort_reason_.empty()) abort_reason_ = std::move(reason);
  std::error_code ignored;
  socket_.close(ignored);
}

asio::awaitable<Status> SecureChannel::RunHandshake(::kring::Handshake& handshake,
                                                    Deadline deadline) {
  if (handshake.role() == HandshakeRole::kInitiator) {
    auto hello = handshake.Start();
    if (!hello.ok()) co_return hello.status();
    Status sent = co_await WriteFrame(socket_, *hello, deadline, options_.max_frame_bytes);
    if (!sent.ok()) co_return sent;
  }
  while (!handshake.complete()) {
    auto frame = co_await reader_.Read(socket_, deadline);
    if (!frame.ok()) co_return frame.status();
    auto step = handshake.Receive(*frame);
    if (!step.ok()) {
      if (!handshake.refusal().empty()) {
        const Deadline soon = std::min(deadline, DeadlineIn(kRefusalWriteTimeout));
        (void)co_await WriteFrame(socket_, handshake.refusal(), soon, options_.max_frame_bytes);
      }
      co_return step.status();
    }
    if (!step->send.empty()) {
      Status sent = co_await WriteFrame(socket_, step->send, deadline, options_.max_frame_bytes);
      if (!sent.ok()) co_return sent;
    }
  }
  co_return Status::Ok();
}

asio::awaitable<Status> SecureChannel::Handshake(HandshakeRole role) {
  if (established() || !socket_.is_open()) {
    co_return Prefixed(Status::Usage(i18n::Tr("net.handshake_once")));
  }
  ::kring::Handshake handshake(
      role, HandshakeOptions{options_.identity, options_.accept_peer, options_.version});
  const Deadline deadline = DeadlineIn(options_.handshake_timeout);
  Status status = co_await RunHandshake(handshake, deadline);
  if (!status.ok()) {
    if (abort_reason_.empty() && std::chrono::steady_clock::now() >= deadline) {
      const std::string limit = DescribeDuration(options_.handshake_timeout);
      status = Status::Network(reader_.last_failure() == ReadFailure::kTimeout
                                   ? i18n::Tr("net.handshake_timeout", {{"duration", limit}})
                                   : i18n::Tr("net.handshake_timeout_detail",
                                              {{"duration", limit}, {"detail", status.message()}}));
    }
    co_return Fail(status);
  }
  auto cipher = handshake.TakeCipher();
  if (!cipher.ok()) co_return Fail(cipher.status());
  cipher_.emplace(std::move(cipher).value());
  peer_signing_key_ = handshake.peer_signing_key();
  co_return Status::Ok();
}

asio::awaitable<Result<std::optional<std::string>>> SecureChannel::Receive() {
  if (!established()) {
    co_return Prefixed(Status::Network(i18n::Tr("net.channel_not_open")));
  }
  if (cipher_->closed_by_peer()) co_return std::optional<std::string>();
  auto frame = co_await reader_.Read(socket_, DeadlineIn(options_.idle_timeout));
  if (!frame.ok()) {
    Status status = frame.status();
    if (reader_.last_failure() == ReadFailure::kTimeout) {
      status = Status::Network(
          i18n::Tr("net.idle_timeout", {{"duration", DescribeDuration(options_.idle_timeout)}}));
    } else if (reader_.last_failure() == ReadFailure::kClosed) {
      status = Status::Network(i18n::Tr("net.closed_without_goodbye"));
    }
    co_return Fail(status);
  }
  if (!established()) co_return Prefixed(Status::Network(i18n::Tr("net.channel_closed")));
  auto opened = cipher_->Open(*frame);
  if (!opened.ok()) co_return Fail(opened.status());
  co_return std::move(opened).value();
}

asio::awaitable<Status> SecureChannel::Send(std::string_view message) {
  if (!established()) co_return Prefixed(Status::Network(i18n::Tr("net.channel_not_open")));
  if (message.size() > max_message_bytes()) {
    co_return Prefixed(Status::Network(
        i18n::Tr("net.message_too_large", {{"n", message.size()}, {"max", max_message_bytes()}})));
  }
  auto sealed = cipher_->Seal(message);
  if (!sealed.ok()) co_return Prefixed(sealed.status());
  Status sent = co_await WriteFrame(socket_, *sealed, DeadlineIn(options_.write_timeout),
                                    options_.max_frame_bytes);
  if (!sent.ok()) co_return Fail(sent);
  co_return Status::Ok();
}

asio::awaitable<Status> SecureChannel::Close() {
  if (!established()) co_return Status::Ok();
  if (cipher_->closed_by_us()) co_return Status::Ok();
  auto goodbye = cipher_->SealClose();
  if (!goodbye.ok()) co_return Prefixed(goodbye.status());
  Status sent = co_await WriteFrame(socket_, *goodbye, DeadlineIn(options_.write_timeout),
                                    options_.max_frame_bytes);
  if (!sent.ok()) co_return Fail(sent);
  std::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  co_return Status::Ok();
}

asio::awaitable<Result<std::shared_ptr<SecureChannel>>> Dial(
    std::string host, uint16_t port, ChannelOptions options,
    std::chrono::milliseconds connect_timeout) {
  auto executor = co_await asio::this_coro::executor;
  const std::string where = host + ":" + std::to_string(port);
  asio::ip::tcp::resolver resolver(executor);
  asio::steady_timer timer(executor);
  timer.expires_after(connect_timeout);
  auto resolved = co_await (resolver.async_resolve(host, std::to_string(port), kNoThrow) ||
                            timer.async_wait(kNoThrow));
  if (resolved.index() == 1) {
    co_return Status::Network(i18n::Tr(
        "net.lookup_timeout", {{"where", where}, {"duration", DescribeDuration(connect_timeout)}}));
  }
  auto [resolve_ec, endpoints] = std::get<0>(std::move(resolved));
  if (resolve_ec) {
    co_return Status::Network(
        i18n::Tr("net.lookup_failed", {{"where", where}, {"detail", resolve_ec.message()}}));
  }
  asio::ip::tcp::socket socket(executor);
  auto connected =
      co_await (asio::async_connect(socket, endpoints, kNoThrow) || timer.async_wait(kNoThrow));
  if (connected.index() == 1) {
    co_return Status::Network(
        i18n::Tr("net.connect_timeout",
                 {{"where", where}, {"duration", DescribeDuration(connect_timeout)}}));
  }
  const std::error_code connect_ec = std::get<0>(std::get<0>(connected));
  if (connect_ec) {
    co_return Status::Network(
        i18n::Tr("net.connect_failed", {{"where", where}, {"detail", connect_ec.message()}}));
  }
  auto channel = std::make_shared<SecureChannel>(std::move(socket), std::move(options));
  Status status = co_await channel->Handshake(HandshakeRole::kInitiator);
  if (!status.ok()) co_return status;
  co_return channel;
}

}  // namespace kring
