// Framing of Kring's TCP connections: every message is a 4-byte big-endian length followed by
// that many bytes of payload. A hard maximum frame size bounds what a peer can make us buffer;
// a frame that is empty, too long or cut off ends the connection with a reason.
//
// FrameDecoder is pure (bytes in, frames out) so it is tested and fuzzed without sockets;
// FrameReader and WriteFrame put it on an Asio socket with a deadline on every read and write.
#pragma once

#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace kring {

inline constexpr size_t kFrameHeaderBytes = 4;
inline constexpr size_t kDefaultMaxFrameBytes = 4u << 20;  // 4 MiB

using Deadline = std::chrono::steady_clock::time_point;
inline Deadline DeadlineIn(std::chrono::steady_clock::duration d) {
  return std::chrono::steady_clock::now() + d;
}

// The 4-byte header followed by the payload, for callers that want one buffer.
std::string EncodeFrame(std::string_view payload);

class FrameDecoder {
 public:
  explicit FrameDecoder(size_t max_frame_bytes = kDefaultMaxFrameBytes)
      : max_frame_bytes_(max_frame_bytes) {}

  // Adds bytes as they arrived from the network, in any chunking.
  void Append(std::string_view bytes);
  // The next complete frame's payload; std::nullopt while more bytes are needed. A zero or
  // oversized length is an error, reported as soon as the header is in (so an attacker cannot
  // make us buffer the body first), and the decoder stays failed afterwards.
  Result<std::optional<std::string>> Next();
  // To call when the stream ended: fails if it ended inside a frame.
  Status Finish() const;

  size_t buffered_bytes() const { return buffer_.size() - consumed_; }
  size_t max_frame_bytes() const { return max_frame_bytes_; }

 private:
  size_t max_frame_bytes_;
  std::string buffer_;
  size_t consumed_ = 0;  // bytes at the front of buffer_ already handed out
  bool failed_ = false;
  std::string failure_;
};

// Why the last FrameReader::Read failed, for callers that word the message themselves.
enum class ReadFailure { kNone, kTimeout, kClosed, kClosedMidFrame, kMalformed, kBroken };

// Reads frames from one socket; keeps the bytes that arrived beyond the current frame.
class FrameReader {
 public:
  explicit FrameReader(size_t max_frame_bytes = kDefaultMaxFrameBytes)
      : decoder_(max_frame_bytes) {}

  // The next frame's payload. Fails with kNetwork on a timeout, a closed or broken
  // connection, or a malformed frame; the message says which, in words for a coach.
  asio::awaitable<Result<std::string>> Read(asio::ip::tcp::socket& socket, Deadline deadline);
  ReadFailure last_failure() const { return last_failure_; }

 private:
  FrameDecoder decoder_;
  ReadFailure last_failure_ = ReadFailure::kNone;
  std::string chunk_;  // reused read buffer
};

// Writes one frame. Fails with kNetwork on a timeout or a broken connection, or when the
// payload is larger than max_frame_bytes (the peer would refuse it).
asio::awaitable<Status> WriteFrame(asio::ip::tcp::socket& socket, std::string_view payload,
                                   Deadline deadline,
                                   size_t max_frame_bytes = kDefaultMaxFrameBytes);

// "3.2 s", "200 ms": for messages about timeouts.
std::string DescribeDuration(std::chrono::steady_clock::duration d);

}  // namespace kring
