// The pure half of Kring's framing: a frame is a 4-byte big-endian length followed by that
// many bytes of payload. FrameDecoder turns bytes, in whatever chunks they arrive, into frames,
// without sockets, so it is tested and fuzzed on its own (tests/fuzz/frame_decoder_fuzz.cc).
// The socket side is net/frame.h.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/status.h"

namespace kring {

inline constexpr size_t kFrameHeaderBytes = 4;
inline constexpr size_t kDefaultMaxFrameBytes = 4u << 20;  // 4 MiB

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

// "1.5 MiB", "12 bytes": sizes in messages.
std::string DescribeBytes(size_t n);

}  // namespace kring
