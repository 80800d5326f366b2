#include "net/frame.h"

#include <array>
#include <asio/buffer.hpp>
#include <asio/error.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/read.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

#include "core/i18n/messages.h"

namespace kring {
namespace {

using asio::experimental::awaitable_operators::operator||;
constexpr auto kNoThrow = asio::experimental::as_tuple(asio::use_awaitable);
// A connection starts reading in small pieces: handshake messages are small, and a flood of
// connections that never get past the handshake (or wait to be dropped) then costs 4 KiB each,
// not 64 KiB. A read that fills the buffer means bulk data is flowing: it grows to 64 KiB.
constexpr size_t kFirstReadChunkBytes = 4 * 1024;
constexpr size_t kReadChunkBytes = 64 * 1024;

std::array<char, kFrameHeaderBytes> EncodeHeader(size_t size) {
  const auto n = static_cast<uint32_t>(size);
  return {static_cast<char>(n >> 24), static_cast<char>(n >> 16), static_cast<char>(n >> 8),
          static_cast<char>(n)};
}

// `doing` is one of the net.doing.* phrases ("reading", "sending").
Status TranslateError(const std::error_code& ec, std::string_view doing) {
  if (ec == asio::error::eof) return Status::Network(i18n::Tr("net.peer_closed"));
  if (ec == asio::error::operation_aborted) {
    return Status::Network(i18n::Tr("net.closed_while", {{"doing", doing}}));
  }
  if (ec == asio::error::connection_reset || ec == asio::error::broken_pipe) {
    return Status::Network(i18n::Tr("net.reset_while", {{"doing", doing}}));
  }
  return Status::Network(
      i18n::Tr("net.failed_while", {{"doing", doing}, {"detail", ec.message()}}));
}

}  // namespace

std::string DescribeDuration(std::chrono::steady_clock::duration d) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
  if (ms < 1000) return i18n::Tr("net.duration.ms", {{"ms", static_cast<long long>(ms)}});
  return i18n::Tr("net.duration.s", {{"s", i18n::Arg::Decimal(static_cast<double>(ms) / 1000, 1)}});
}

asio::awaitable<Result<std::string>> FrameReader::Read(asio::ip::tcp::socket& socket,
                                                       Deadline deadline) {
  last_failure_ = ReadFailure::kNone;
  for (;;) {
    auto next = decoder_.Next();
    if (!next.ok()) {
      last_failure_ = ReadFailure::kMalformed;
      co_return next.status();
    }
    if (next->has_value()) co_return std::move(**next);

    if (chunk_.empty()) chunk_.resize(kFirstReadChunkBytes);
    asio::steady_timer timer(co_await asio::this_coro::executor);
    timer.expires_at(deadline);
    auto outcome = co_await (socket.async_read_some(asio::buffer(chunk_), kNoThrow) ||
                             timer.async_wait(kNoThrow));
    if (outcome.index() == 1) {
      last_failure_ = ReadFailure::kTimeout;
      co_return Status::Network(i18n::Tr("net.read_timeout"));
    }
    auto [ec, n] = std::get<0>(outcome);
    if (ec == asio::error::eof) {
      Status ended = decoder_.Finish();
      last_failure_ = ended.ok() ? ReadFailure::kClosed : ReadFailure::kClosedMidFrame;
      if (!ended.ok()) co_return ended;
      co_return Status::Network(i18n::Tr("net.peer_closed"));
    }
    if (ec) {
      last_failure_ = ReadFailure::kBroken;
      co_return TranslateError(ec, i18n::Tr("net.doing.reading"));
    }
    decoder_.Append(std::string_view(chunk_.data(), n));
    if (n == chunk_.size() && chunk_.size() < kReadChunkBytes) chunk_.resize(kReadChunkBytes);
  }
}

asio::awaitable<Status> WriteFrame(asio::ip::tcp::socket& socket, std::string_view payload,
                                   Deadline deadline, size_t max_frame_bytes) {
  if (payload.empty() || payload.size() > max_frame_bytes) {
    co_return Status::Network(i18n::Tr(
        "net.frame_size",
        {{"size", DescribeBytes(payload.size())}, {"max", DescribeBytes(max_frame_bytes)}}));
  }
  const auto header = EncodeHeader(payload.size());
  const std::array<asio::const_buffer, 2> buffers{asio::buffer(header),
                                                  asio::buffer(payload.data(), payload.size())};
  asio::steady_timer timer(co_await asio::this_coro::executor);
  timer.expires_at(deadline);
  auto outcome =
      co_await (asio::async_write(socket, buffers, kNoThrow) || timer.async_wait(kNoThrow));
  if (outcome.index() == 1) {
    co_return Status::Network(i18n::Tr("net.write_timeout"));
  }
  const std::error_code ec = std::get<0>(std::get<0>(outcome));
  if (ec) co_return TranslateError(ec, i18n::Tr("net.doing.sending"));
  co_return Status::Ok();
}

}  // namespace kring
