// Low-level encoding of Negentropy Protocol V1 messages: varints and a bounds-checked reader for
// bytes that come from a peer. Every read either succeeds or returns a Status; nothing here can
// read past the end of the input or allocate more than the input's size.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/base/status.h"

namespace kring::rbsr {

// Base-128 digits, most significant first, high bit set on every byte but the last, as few
// digits as possible (0 is the single byte 0x00).
void AppendVarint(uint64_t value, std::string* out);
std::string EncodeVarint(uint64_t value);

// A cursor over a message received from a peer.
class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}

  bool empty() const { return data_.empty(); }
  size_t remaining() const { return data_.size(); }

  Result<uint8_t> Byte();
  // Exactly n bytes, as a view into the input.
  Result<std::string_view> Bytes(size_t n);
  // A varint; values that do not fit in 64 bits are refused rather than wrapped.
  Result<uint64_t> Varint();

 private:
  std::string_view data_;
};

}  // namespace kring::rbsr
