#include "core/sync/rbsr_encoding.h"

#include <array>

#include "core/i18n/messages.h"

namespace kring::rbsr {

namespace {
// `what` is one of the syncdata.what.* phrases.
Status Truncated(std::string_view what) {
  return Status::Network(i18n::Tr("syncdata.truncated", {{"what", what}}));
}
}  // namespace

void AppendVarint(uint64_t value, std::string* out) {
  // At most ten 7-bit digits for 64 bits; collect least significant first, then reverse.
  std::array<char, 10> digits{};
  size_t n = 0;
  do {
    digits[n++] = static_cast<char>(value & 0x7f);
    value >>= 7;
  } while (value != 0);
  while (n > 1) out->push_back(static_cast<char>(digits[--n] | 0x80));
  out->push_back(digits[0]);
}

std::string EncodeVarint(uint64_t value) {
  std::string out;
  AppendVarint(value, &out);
  return out;
}

Result<uint8_t> Reader::Byte() {
  if (data_.empty()) return Truncated(i18n::Tr("syncdata.what.byte"));
  uint8_t b = static_cast<uint8_t>(data_.front());
  data_.remove_prefix(1);
  return b;
}

Result<std::string_view> Reader::Bytes(size_t n) {
  if (data_.size() < n) return Truncated(i18n::Tr("syncdata.what.byte_string"));
  std::string_view out = data_.substr(0, n);
  data_.remove_prefix(n);
  return out;
}

Result<uint64_t> Reader::Varint() {
  uint64_t value = 0;
  while (true) {
    if (data_.empty()) return Truncated(i18n::Tr("syncdata.what.number"));
    uint8_t b = static_cast<uint8_t>(data_.front());
    data_.remove_prefix(1);
    // Shifting in seven more bits must not lose any: refuse instead of silently wrapping.
    if (value > (UINT64_MAX >> 7)) {
      return Status::Network(i18n::Tr("syncdata.number_too_large"));
    }
    value = (value << 7) | (b & 0x7f);
    if ((b & 0x80) == 0) return value;
  }
}

}  // namespace kring::rbsr
