// Sorted item storage for range-based set reconciliation (Negentropy Protocol V1).
//
// Items are (timestamp, 32-byte id), ordered by timestamp then id. After Seal() the storage is
// immutable and answers the two questions reconciliation asks many times per message: "where does
// this bound fall?" (binary search) and "what is the fingerprint of items [begin, end)?" — O(1),
// from prefix sums of the 256-bit id accumulator, so that a 100k-item set can be split thousands
// of times per message cheaply.
#pragma once

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"

namespace kring::rbsr {

inline constexpr size_t kIdSize = 32;
inline constexpr size_t kFingerprintSize = 16;
// The timestamp 2^64-1 is reserved by the protocol to mean "infinity"; items may not use it.
inline constexpr uint64_t kInfinity = std::numeric_limits<uint64_t>::max();

using Id = std::array<uint8_t, kIdSize>;

struct Item {
  uint64_t timestamp = 0;
  Id id{};  // all-zero by default: the smallest id

  std::string_view IdView() const { return {reinterpret_cast<const char*>(id.data()), id.size()}; }
  // Timestamp first, then the id compared byte by byte (lexically), as the protocol specifies.
  friend auto operator<=>(const Item&, const Item&) = default;
};

// An exclusive upper bound of a range: the item whose id is truncated to `prefix_len` bytes (the
// omitted bytes are zero). Comparison uses the zero-padded item, as the protocol specifies.
struct Bound {
  Item item;
  size_t prefix_len = 0;

  static Bound Infinity() { return Bound{Item{kInfinity, {}}, 0}; }
  bool IsInfinity() const { return item.timestamp == kInfinity; }
};

// Sum of ids as little-endian 256-bit integers, modulo 2^256.
class Accumulator {
 public:
  void Add(const Id& id);
  void Add(const Accumulator& other);
  void Subtract(const Accumulator& other);
  // The 32 bytes of the sum, little-endian.
  std::string Bytes() const;
  // First 16 bytes of SHA-256(Bytes() || varint(count)).
  std::string Fingerprint(uint64_t count) const;

 private:
  std::array<uint64_t, 4> limbs_{};  // least significant limb first
};

// A sorted vector of items with prefix sums. Insert everything, Seal, then query.
class VectorStorage {
 public:
  // Rejects ids that are not 32 bytes, the reserved timestamp, and inserts after Seal().
  Status Insert(uint64_t timestamp, std::string_view id);
  // Sorts, rejects duplicates and builds the prefix sums.
  Status Seal();

  bool sealed() const { return sealed_; }
  size_t size() const { return items_.size(); }
  const Item& item(size_t index) const { return items_[index]; }

  // First index in [begin, end) whose item is not below `bound`, or `end` if none is.
  size_t LowerBound(size_t begin, size_t end, const Bound& bound) const;
  // Fingerprint of items [begin, end); requires begin <= end <= size() and a sealed storage.
  std::string Fingerprint(size_t begin, size_t end) const;

 private:
  std::vector<Item> items_;
  // prefix_[i] is the accumulator of items_[0, i); prefix_.size() == items_.size() + 1.
  std::vector<Accumulator> prefix_;
  bool sealed_ = false;
};

}  // namespace kring::rbsr
