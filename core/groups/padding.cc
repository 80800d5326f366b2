#include "core/groups/padding.h"

#include <bit>
#include <string>

namespace kring {
namespace {

constexpr int kPaddingField = 15;
constexpr size_t kTagBytes = 1;  // field 15, length-delimited: one byte

size_t VarintBytes(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

}  // namespace

uint64_t PadmeLength(uint64_t length) {
  if (length < 2) return length;
  const uint64_t e = std::bit_width(length) - 1;  // floor(log2 L)
  const uint64_t s = std::bit_width(e);           // floor(log2 E) + 1
  const uint64_t last_bits = e - s;
  const uint64_t mask = (uint64_t{1} << last_bits) - 1;
  return (length + mask) & ~mask;
}

void PadBody(google::protobuf::Message& body) {
  const google::protobuf::FieldDescriptor* field =
      body.GetDescriptor()->FindFieldByNumber(kPaddingField);
  if (field == nullptr || field->type() != google::protobuf::FieldDescriptor::TYPE_BYTES) return;
  const google::protobuf::Reflection* reflection = body.GetReflection();
  reflection->ClearField(&body, field);
  const uint64_t base = body.ByteSizeLong();
  // The smallest bucket that holds the body and a padding field; a bucket that the field's own
  // length prefix cannot hit exactly gives way to the next one.
  // At least one byte of padding: proto3 leaves an empty `bytes` field out altogether.
  uint64_t target = PadmeLength(base + kTagBytes + 2);
  for (;;) {
    for (size_t prefix = 1; prefix <= 5; ++prefix) {
      if (target < base + kTagBytes + prefix + 1) break;
      const uint64_t n = target - base - kTagBytes - prefix;
      if (VarintBytes(n) == prefix) {
        reflection->SetString(&body, field, std::string(n, '\0'));
        return;
      }
    }
    target = PadmeLength(target + 1);
  }
}

}  // namespace kring
