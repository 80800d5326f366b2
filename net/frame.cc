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
#include <cstdio>

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

Status TranslateError(const std::error_code& ec, std::string_view doing) {
  if (ec == asio::error::eof) return Status::Network("the peer closed the connection");
  if (ec == asio::error::operation_aborted) {
    return Status::Network("the connection was closed while " + std::string(doing));
  }
  if (ec == asio::error::connection_reset || ec == asio::error::broken_pipe) {
    return Status::Network("the connection was reset by the peer while " + std::string(doing));
  }
  return Status::Network("the connection failed while " + std::string(doing) + " (" + ec.message() +
                         ")");
}

}  // namespace

std::string DescribeDuration(std::chrono::steady_clock::duration d) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
  char buf[32];
  if (ms < 1000) {
    std::snprintf(buf, sizeof buf, "%lld ms", static_cast<long long>(ms));
  } else {
    std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(ms) / 1000);
  }
  return buf;
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
      co_return Status::Network("timed out waiting for the peer");
    }
    auto [ec, n] = std::get<0>(outcome);
    if (ec == asio::error::eof) {
      Status ended = decoder_.Finish();
      last_failure_ = ended.ok() ? ReadFailure::kClosed : ReadFailure::kClosedMidFrame;
      if (!ended.ok()) co_return ended;
      co_return Status::Network("the peer closed the connection");
    }
    if (ec) {
      last_failure_ = ReadFailure::kBroken;
      co_return TranslateError(ec, "reading");
    }
    decoder_.Append(std::string_view(chunk_.data(), n));
    if (n == chunk_.size() && chunk_.size() < kReadChunkBytes) chunk_.resize(kReadChunkBytes);
  }
}

asio::awaitable<Status> WriteFrame(asio::ip::tcp::socket& socket, std::string_view payload,
                                   Deadline deadline, size_t max_frame_bytes) {
  if (payload.empty() || payload.size() > max_frame_bytes) {
    co_return Status::Network("a message of " + DescribeBytes(payload.size()) +
                              " cannot be sent: frames must hold 1 byte to " +
                              DescribeBytes(max_frame_bytes));
  }
  const auto header = EncodeHeader(payload.size());
  const std::array<asio::const_buffer, 2> buffers{asio::buffer(header),
                                                  asio::buffer(payload.data(), payload.size())};
  asio::steady_timer timer(co_await asio::this_coro::executor);
  timer.expires_at(deadline);
  auto outcome =
      co_await (asio::async_write(socket, buffers, kNoThrow) || timer.async_wait(kNoThrow));
  if (outcome.index() == 1) {
    co_return Status::Network("timed out sending to the peer (it stopped reading)");
  }
  const std::error_code ec = std::get<0>(std::get<0>(outcome));
  if (ec) co_return TranslateError(ec, "sending");
  co_return Status::Ok();
}

}  // namespace kring
