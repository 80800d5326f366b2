#include "core/sync/rbsr_storage.h"

#include <algorithm>
#include <cstring>

#include "core/crypto/crypto.h"
#include "core/sync/rbsr_encoding.h"

namespace kring::rbsr {

namespace {
// Limb i holds bytes [8i, 8i+8) of the id, least significant byte first; built byte by byte so
// the result does not depend on the host's endianness.
uint64_t LoadLimb(const uint8_t* bytes) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | bytes[i];
  return v;
}
}  // namespace

void Accumulator::Add(const Id& id) {
  Accumulator other;
  for (size_t i = 0; i < 4; ++i) other.limbs_[i] = LoadLimb(id.data() + 8 * i);
  Add(other);
}

void Accumulator::Add(const Accumulator& other) {
  uint64_t carry = 0;
  for (size_t i = 0; i < 4; ++i) {
    uint64_t a = limbs_[i];
    uint64_t sum = a + other.limbs_[i];
    uint64_t c1 = sum < a ? 1 : 0;
    uint64_t sum2 = sum + carry;
    uint64_t c2 = sum2 < sum ? 1 : 0;
    limbs_[i] = sum2;
    carry = c1 | c2;  // at most one of the two additions can overflow
  }
}

void Accumulator::Subtract(const Accumulator& other) {
  uint64_t borrow = 0;
  for (size_t i = 0; i < 4; ++i) {
    uint64_t a = limbs_[i];
    uint64_t diff = a - other.limbs_[i];
    uint64_t b1 = a < other.limbs_[i] ? 1 : 0;
    uint64_t diff2 = diff - borrow;
    uint64_t b2 = diff < borrow ? 1 : 0;
    limbs_[i] = diff2;
    borrow = b1 | b2;
  }
}

std::string Accumulator::Bytes() const {
  std::string out(kIdSize, '\0');
  for (size_t i = 0; i < 4; ++i) {
    for (size_t j = 0; j < 8; ++j) out[8 * i + j] = static_cast<char>(limbs_[i] >> (8 * j));
  }
  return out;
}

std::string Accumulator::Fingerprint(uint64_t count) const {
  std::string input = Bytes();
  AppendVarint(count, &input);
  return Sha256(input).substr(0, kFingerprintSize);
}

Status VectorStorage::Insert(uint64_t timestamp, std::string_view id) {
  // i18n-ok: a programming error (misuse of the API), never the coach's doing
  if (sealed_) return Status::Usage("cannot add an item to a sealed reconciliation set");
  if (id.size() != kIdSize) {
    // i18n-ok: a programming error (misuse of the API), never the coach's doing
    return Status::Usage("an entry id must be 32 bytes, got " + std::to_string(id.size()));
  }
  if (timestamp == kInfinity) {
    // i18n-ok: a programming error (misuse of the API), never the coach's doing
    return Status::Usage("the timestamp 2^64-1 is reserved and cannot be used for an entry");
  }
  Item item;
  item.timestamp = timestamp;
  std::memcpy(item.id.data(), id.data(), kIdSize);
  items_.push_back(item);
  return Status::Ok();
}

Status VectorStorage::Seal() {
  // i18n-ok: a programming error (misuse of the API), never the coach's doing
  if (sealed_) return Status::Usage("the reconciliation set is already sealed");
  std::sort(items_.begin(), items_.end());
  auto dup = std::adjacent_find(items_.begin(), items_.end());
  if (dup != items_.end()) {
    // i18n-ok: a programming error (misuse of the API), never the coach's doing
    return Status::Usage("the entry " + ShortId(dup->IdView()) + " was added twice");
  }
  prefix_.assign(items_.size() + 1, Accumulator());
  for (size_t i = 0; i < items_.size(); ++i) {
    prefix_[i + 1] = prefix_[i];
    prefix_[i + 1].Add(items_[i].id);
  }
  sealed_ = true;
  return Status::Ok();
}

size_t VectorStorage::LowerBound(size_t begin, size_t end, const Bound& bound) const {
  auto first = items_.begin() + static_cast<std::ptrdiff_t>(begin);
  auto last = items_.begin() + static_cast<std::ptrdiff_t>(end);
  return static_cast<size_t>(std::lower_bound(first, last, bound.item) - items_.begin());
}

std::string VectorStorage::Fingerprint(size_t begin, size_t end) const {
  Accumulator acc = prefix_[end];
  acc.Subtract(prefix_[begin]);
  return acc.Fingerprint(end - begin);
}

}  // namespace kring::rbsr
