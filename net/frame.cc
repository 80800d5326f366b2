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
constexpr size_t kReadChunkBytes = 64 * 1024;

std::array<char, kFrameHeaderBytes> EncodeHeader(size_t size) {
  const auto n = static_cast<uint32_t>(size);
  return {static_cast<char>(n >> 24), static_cast<char>(n >> 16), static_cast<char>(n >> 8),
          static_cast<char>(n)};
}

std::string DescribeBytes(size_t n) {
  char buf[32];
  if (n >= (1u << 20)) {
    std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(n) / (1u << 20));
  } else if (n >= 1024) {
    std::snprintf(buf, sizeof buf, "%.1f KiB", static_cast<double>(n) / 1024);
  } else {
    std::snprintf(buf, sizeof buf, "%zu bytes", n);
  }
  return buf;
}

Status TranslateError(const std::error_code& ec, std::string_view doing) {
  if (ec == asio::error::eof) return Status::Network("the peer closed the connection");
  if (ec == asio::error::operation_aborted) {
    return Status::Network("the connection was closed while " + std::string(doing));
  }
  if (ec == asio::error::connection_reset || ec == asio::error::broken_pipe) {
    return Status::Network("the connection was reset by the peer while " + std::string(doing));
  }
  return Status::Network("the connection failed while " + std::string(doing) + " (" +
                         ec.message() + ")");
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

std::string EncodeFrame(std::string_view payload) {
  const auto header = EncodeHeader(payload.size());
  std::string out(header.data(), header.size());
  out += payload;
  return out;
}

void FrameDecoder::Append(std::string_view bytes) {
  if (failed_) return;
  // Drop what was handed out before growing, so the buffer stays near one frame in size.
  if (consumed_ > 0 && consumed_ >= buffer_.size() / 2) {
    buffer_.erase(0, consumed_);
    consumed_ = 0;
  }
  buffer_.append(bytes);
}

Result<std::optional<std::string>> FrameDecoder::Next() {
  if (failed_) return Status::Network(failure_);
  if (buffered_bytes() < kFrameHeaderBytes) return std::optional<std::string>();
  const auto* p = reinterpret_cast<const unsigned char*>(buffer_.data() + consumed_);
  const size_t length = (size_t{p[0]} << 24) | (size_t{p[1]} << 16) | (size_t{p[2]} << 8) | p[3];
  if (length == 0 || length > max_frame_bytes_) {
    failed_ = true;
    failure_ = length == 0 ? "the peer sent an empty frame, which Kring never sends"
                           : "the peer announced a frame of " + DescribeBytes(length) +
                                 ", more than the limit of " + DescribeBytes(max_frame_bytes_);
    buffer_.clear();
    consumed_ = 0;
    return Status::Network(failure_);
  }
  if (buffered_bytes() < kFrameHeaderBytes + length) return std::optional<std::string>();
  std::string frame = buffer_.substr(consumed_ + kFrameHeaderBytes, length);
  consumed_ += kFrameHeaderBytes + length;
  if (consumed_ == buffer_.size()) {
    buffer_.clear();
    consumed_ = 0;
  }
  return std::optional<std::string>(std::move(frame));
}

Status FrameDecoder::Finish() const {
  if (failed_) return Status::Network(failure_);
  if (buffered_bytes() == 0) return Status::Ok();
  return Status::Network("the connection ended in the middle of a frame (" +
                         DescribeBytes(buffered_bytes()) + " of an incomplete frame)");
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

    if (chunk_.empty()) chunk_.resize(kReadChunkBytes);
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
  auto outcome = co_await (asio::async_write(socket, buffers, kNoThrow) ||
                           timer.async_wait(kNoThrow));
  if (outcome.index() == 1) {
    co_return Status::Network("timed out sending to the peer (it stopped reading)");
  }
  const std::error_code ec = std::get<0>(std::get<0>(outcome));
  if (ec) co_return TranslateError(ec, "sending");
  co_return Status::Ok();
}

}  // namespace kring
