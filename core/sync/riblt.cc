#include "core/sync/riblt.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "core/crypto/crypto.h"
#include "core/i18n/messages.h"
#include "core/sync/rbsr_encoding.h"

namespace kring::riblt {
namespace {

constexpr uint64_t kEndOfWalk = std::numeric_limits<uint64_t>::max();

std::string_view AsView(const std::array<uint8_t, kIdBytes>& id) {
  return {reinterpret_cast<const char*>(id.data()), id.size()};
}

void Toggle(Symbol& cell, const HashedId& item, int64_t delta) {
  for (size_t i = 0; i < kIdBytes; ++i) cell.sum[i] ^= item.id[i];
  cell.checksum ^= item.hash;
  cell.count += delta;
}

}  // namespace

bool Symbol::Empty() const {
  return count == 0 && checksum == 0 &&
         std::all_of(sum.begin(), sum.end(), [](uint8_t b) { return b == 0; });
}

// Index i + 1 follows i with the gap (i + 1.5)((1 - u)^(-1/2) - 1), u uniform in [0, 1), so that
// index j is visited with probability 1/(1 + j/2). The 64-bit state is stepped by an odd
// multiplier and read as u = state / 2^64, as in the authors' reference implementation; the two
// guards (no gap of 0, no overflow) only bite at the extreme ends of u.
void IndexWalk::Next() {
  if (index_ == kEndOfWalk) return;
  state_ *= 0xda942042e4dd58b5ULL;
  const double gap = std::ceil((static_cast<double>(index_) + 1.5) *
                               (4294967296.0 / std::sqrt(static_cast<double>(state_) + 1.0) - 1.0));
  if (!(gap < 4e18) || static_cast<uint64_t>(gap) > kEndOfWalk - 1 - index_) {
    index_ = kEndOfWalk;
    return;
  }
  index_ += std::max<uint64_t>(1, static_cast<uint64_t>(gap));
}

Result<std::vector<HashedId>> HashIds(std::string_view key, const std::vector<std::string>& ids) {
  if (key.size() != kKeyBytes) {
    return Status::Network(i18n::Tr("syncdata.riblt.key_length", {{"n", kKeyBytes}}));
  }
  std::vector<HashedId> out;
  out.reserve(ids.size());
  for (const std::string& id : ids) {
    if (id.size() != kIdBytes) {
      return Status::Network(i18n::Tr("syncdata.riblt.id_length", {{"n", kIdBytes}}));
    }
    HashedId item;
    std::memcpy(item.id.data(), id.data(), kIdBytes);
    item.hash = ShortHash(key, id);
    out.push_back(item);
  }
  return out;
}

Encoder::Encoder(std::vector<HashedId> set) : set_(std::move(set)) {
  walks_.reserve(set_.size());
  for (const HashedId& item : set_) walks_.emplace_back(item.hash);
}

std::vector<Symbol> Encoder::Symbols(uint64_t begin, uint64_t count) {
  if (begin < next_) {  // going back: start every walk again
    walks_.clear();
    for (const HashedId& item : set_) walks_.emplace_back(item.hash);
    next_ = 0;
  }
  std::vector<Symbol> symbols(count);
  const uint64_t end = begin + count;
  for (size_t i = 0; i < set_.size(); ++i) {
    IndexWalk& walk = walks_[i];
    for (; walk.index() < end; walk.Next()) {
      if (walk.index() >= begin) Toggle(symbols[walk.index() - begin], set_[i], 1);
    }
  }
  next_ = end;
  return symbols;
}

std::vector<Symbol> Encode(const std::vector<HashedId>& set, uint64_t begin, uint64_t count) {
  return Encoder(set).Symbols(begin, count);
}

std::string EncodeSymbols(const std::vector<Symbol>& symbols) {
  std::string out;
  out.reserve(symbols.size() * (kIdBytes + 9));
  for (const Symbol& s : symbols) {
    out.append(AsView(s.sum));
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((s.checksum >> (8 * i)) & 0xff));
    rbsr::AppendVarint(static_cast<uint64_t>(std::max<int64_t>(0, s.count)), &out);
  }
  return out;
}

Result<std::vector<Symbol>> DecodeSymbols(std::string_view bytes, size_t expected) {
  // Each symbol takes at least 41 bytes, so `expected` cannot ask for more than the input holds.
  if (expected > bytes.size() / (kIdBytes + 9)) {
    return Status::Network(i18n::Tr("syncdata.riblt.short"));
  }
  std::vector<Symbol> symbols(expected);
  rbsr::Reader reader(bytes);
  for (Symbol& s : symbols) {
    KRING_ASSIGN_OR_RETURN(std::string_view sum, reader.Bytes(kIdBytes));
    std::memcpy(s.sum.data(), sum.data(), kIdBytes);
    KRING_ASSIGN_OR_RETURN(std::string_view checksum, reader.Bytes(8));
    for (int i = 7; i >= 0; --i) {
      s.checksum = (s.checksum << 8) | static_cast<uint8_t>(checksum[static_cast<size_t>(i)]);
    }
    KRING_ASSIGN_OR_RETURN(uint64_t count, reader.Varint());
    if (count > static_cast<uint64_t>(std::numeric_limits<int64_t>::max() / 2)) {
      return Status::Network(i18n::Tr("syncdata.riblt.count"));
    }
    s.count = static_cast<int64_t>(count);
  }
  if (!reader.empty()) return Status::Network(i18n::Tr("syncdata.riblt.trailing"));
  return symbols;
}

// ------------------------------------------------------------------ decoder

Result<Decoder> Decoder::Create(std::string_view key, const std::vector<std::string>& local,
                                DecoderOptions options) {
  KRING_ASSIGN_OR_RETURN(auto hashed, HashIds(key, local));
  if (options.first_request == 0 || options.max_request == 0) {
    // i18n-ok: a programming error (the options are Kring's own), never the coach's doing
    return Status::Usage("reconciliation requests must ask for at least one symbol");
  }
  Decoder decoder(std::string(key), std::move(hashed), options);
  if (decoder.local_ids_.size() != decoder.local_encoder_.size()) {
    return Status::Integrity(i18n::Tr("syncdata.riblt.local_duplicate"));
  }
  return decoder;
}

Decoder::Decoder(std::string key, std::vector<HashedId> local, DecoderOptions options)
    : key_(std::move(key)), local_encoder_(std::move(local)), options_(options) {
  local_ids_.reserve(local_encoder_.size());
  for (const HashedId& item : local_encoder_.set()) local_ids_.emplace(AsView(item.id));
}

// A symbol with one id left: the count says one, and the checksum is that id's hash (a symbol
// of several ids passes this with probability 2^-64).
bool Decoder::Pure(const Symbol& cell) const {
  if (cell.count != 1 && cell.count != -1) return false;
  return ShortHash(key_, AsView(cell.sum)) == cell.checksum;
}

// Symbol i (i >= 1) holds each differing id with probability p = 1/(1 + i/2), so its count, the
// server-only minus the client-only ids in it, has mean (n_server - n_client) p and variance
// d p (1 - p), d the size of the difference. Averaging over the symbols gives an unbiased guess
// of d (about ±20% from the first 48 symbols), which sizes the next request.
uint64_t Decoder::EstimateDifference() const {
  const double delta =
      static_cast<double>(*remote_size_) - static_cast<double>(local_encoder_.size());
  double sum = 0;
  size_t n = 0;
  for (size_t i = 1; i < raw_counts_.size(); ++i) {
    const double p = 1.0 / (1.0 + static_cast<double>(i) / 2.0);
    const double c = static_cast<double>(raw_counts_[i]);
    sum += (c * c - delta * p * delta * p) / (p * (1.0 - p));
    ++n;
  }
  const double estimate = n == 0 ? 0.0 : sum / static_cast<double>(n);
  return static_cast<uint64_t>(std::max(std::fabs(delta), std::max(0.0, estimate)));
}

Result<Decoder::Request> Decoder::NextRequest() const {
  // i18n-ok: a programming error (misuse of the API), never the coach's doing
  if (done_) return Status::Usage("the reconciliation is already complete");
  if (cells_.empty()) return Request{0, std::min(options_.first_request, options_.max_request)};
  const uint64_t have = cells_.size();
  // Peeling needs about 1.35-1.5 symbols per differing id for large differences, more for a
  // handful; ask for that at once when the estimate is well above what we have, else grow by a
  // quarter so that a low estimate costs a round trip rather than many.
  const uint64_t estimate = EstimateDifference();
  const auto wanted =
      static_cast<uint64_t>(static_cast<double>(estimate) * options_.symbols_per_difference) + 16;
  const uint64_t target = std::max<uint64_t>(wanted, have + have / 4 + 8);
  // Two sets that differ in every id need about 1.35-2 (n_client + n_server) symbols; a stream
  // that has not decoded long after that is not a stream of such a set.
  const uint64_t limit =
      3 * (local_encoder_.size() + *remote_size_) + 2 * options_.first_request + 64;
  if (have >= limit) {
    return Status::Network(i18n::Tr("syncdata.riblt.no_decode", {{"n", have}}));
  }
  const uint64_t count = std::min({target - have, options_.max_request, limit - have});
  return Request{have, count};
}

Status Decoder::Add(uint64_t remote_set_size, const std::vector<Symbol>& symbols) {
  if (done_) return Status::Network(i18n::Tr("syncdata.riblt.after_done"));
  if (remote_set_size > options_.max_set_size) {
    return Status::Network(i18n::Tr("syncdata.riblt.set_too_large", {{"n", remote_set_size}}));
  }
  if (remote_size_ && *remote_size_ != remote_set_size) {
    return Status::Network(i18n::Tr("syncdata.riblt.set_changed"));
  }
  KRING_ASSIGN_OR_RETURN(Request expected, NextRequest());
  if (symbols.size() != expected.count) {
    return Status::Network(
        i18n::Tr("syncdata.riblt.wrong_count", {{"n", symbols.size()}, {"asked", expected.count}}));
  }
  remote_size_ = remote_set_size;
  const uint64_t begin = cells_.size();
  const uint64_t end = begin + symbols.size();
  std::vector<Symbol> ours = local_encoder_.Symbols(begin, symbols.size());
  std::vector<uint64_t> queue;
  queue.reserve(symbols.size());
  for (size_t i = 0; i < symbols.size(); ++i) {
    Symbol cell = symbols[i];
    for (size_t b = 0; b < kIdBytes; ++b) cell.sum[b] ^= ours[i].sum[b];
    cell.checksum ^= ours[i].checksum;
    cell.count -= ours[i].count;
    raw_counts_.push_back(cell.count);
    cells_.push_back(cell);
    queue.push_back(begin + i);
  }
  // Ids peeled in earlier rounds are in these symbols too.
  for (Decoded& d : decoded_) {
    for (; d.walk.index() < end; d.walk.Next()) Toggle(cells_[d.walk.index()], d.item, -d.sign);
  }
  KRING_RETURN_IF_ERROR(Peel(std::move(queue)));
  done_ = cells_[0].Empty();
  return Status::Ok();
}

Status Decoder::Peel(std::vector<uint64_t> queue) {
  const uint64_t max_decoded = local_encoder_.size() + *remote_size_;
  while (!queue.empty()) {
    const uint64_t index = queue.back();
    queue.pop_back();
    const Symbol& cell = cells_[index];
    if (!Pure(cell)) continue;
    const int sign = cell.count == 1 ? 1 : -1;
    std::string id(AsView(cell.sum));
    // Consistency with what we know: an id "only the server holds" must not be ours, one "only
    // we hold" must be; and no id comes out twice. Anything else is a faulty or hostile stream.
    if ((sign == 1) == local_ids_.contains(id) || !decoded_ids_.insert(id).second ||
        decoded_.size() >= max_decoded) {
      return Status::Network(i18n::Tr("syncdata.riblt.contradict"));
    }
    Decoded d{HashedId{cell.sum, cell.checksum}, sign, IndexWalk(cell.checksum)};
    for (; d.walk.index() < cells_.size(); d.walk.Next()) {
      Toggle(cells_[d.walk.index()], d.item, -sign);
      queue.push_back(d.walk.index());
    }
    decoded_.push_back(d);
  }
  return Status::Ok();
}

std::vector<std::string> Decoder::have() const {
  std::vector<std::string> out;
  for (const Decoded& d : decoded_) {
    if (d.sign < 0) out.emplace_back(AsView(d.item.id));
  }
  return out;
}

std::vector<std::string> Decoder::need() const {
  std::vector<std::string> out;
  for (const Decoded& d : decoded_) {
    if (d.sign > 0) out.emplace_back(AsView(d.item.id));
  }
  return out;
}

}  // namespace kring::riblt
