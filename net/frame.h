// Framing of Kring's TCP connections: every message is a 4-byte big-endian length followed by
// that many bytes of payload. A hard maximum frame size bounds what a peer can make us buffer;
// a frame that is empty, too long or cut off ends the connection with a reason.
//
// The decoder is pure (net/frame_decoder.h); FrameReader and WriteFrame put it on an Asio
// socket with a deadline on every read and write.
#pragma once

#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/status.h"
#include "net/frame_decoder.h"

namespace kring {

using Deadline = std::chrono::steady_clock::time_point;
inline Deadline DeadlineIn(std::chrono::steady_clock::duration d) {
  return std::chrono::steady_clock::now() + d;
}

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
