// Rateless invertible Bloom lookup tables (Yang, Gilad, Alizadeh: "Practical Rateless Set
// Reconciliation", SIGCOMM 2024): the second way Kring's sync reconciles two sets of entry ids,
// next to Negentropy V1 (core/sync/rbsr.h). See docs/reconciliation.md for why there are two.
//
// The server turns its set into an endless stream of *coded symbols*; the client asks for the
// stream in pieces, subtracts the symbols of its own set and "peels" the difference: a symbol
// holding exactly one differing id gives that id away, which is then removed from every other
// symbol it was mapped to. Every id maps to symbol 0, so the difference is fully known when
// symbol 0 has peeled to nothing. About 1.35–2 symbols per differing id are needed, whatever the
// set sizes, so the bytes on the wire grow with the difference alone.
//
// A symbol is (XOR of the ids mapped to it, XOR of their keyed 64-bit hashes, how many ids).
// Index i of the stream holds each id with probability 1/(1 + i/2), drawn from the id's hash.
// The hash key is chosen by the client per exchange (SipHash-2-4), so no one can prepare ids that
// collide in a colleague's sketches.
//
// Pure logic: symbols in, ids out; no sockets, no files. Everything from the peer is bounded and
// checked: a malformed or inconsistent stream yields a Status (kNetwork), never a crash, a loop or
// an allocation beyond the limits below, and the session then falls back to Negentropy.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/base/status.h"

namespace kring::riblt {

inline constexpr size_t kIdBytes = 32;
inline constexpr size_t kKeyBytes = 16;
// Upper bound on the encoded size of one symbol: 32-byte sum, 8-byte checksum, count varint.
inline constexpr size_t kMaxSymbolBytes = kIdBytes + 8 + 10;

struct Symbol {
  std::array<uint8_t, kIdBytes> sum{};
  uint64_t checksum = 0;
  int64_t count = 0;
  bool Empty() const;
};

// One id and its keyed hash, which also seeds the id's walk over the symbol indices.
struct HashedId {
  std::array<uint8_t, kIdBytes> id{};
  uint64_t hash = 0;
};

// The walk of one id over the symbol indices: 0 first, then ever sparser.
class IndexWalk {
 public:
  explicit IndexWalk(uint64_t hash) : state_(hash) {}
  uint64_t index() const { return index_; }
  void Next();

 private:
  uint64_t state_;
  uint64_t index_ = 0;
};

// Hashes 32-byte ids with `key` (kKeyBytes). Ids of another length are refused.
Result<std::vector<HashedId>> HashIds(std::string_view key, const std::vector<std::string>& ids);

// The coded symbols of a set, in the pieces a client asks for. Each id's walk is kept where the
// last piece ended, so asking for consecutive pieces costs one walk over the indices in all.
class Encoder {
 public:
  explicit Encoder(std::vector<HashedId> set);
  // The symbols [begin, begin + count); any begin works, consecutive ones are cheapest.
  std::vector<Symbol> Symbols(uint64_t begin, uint64_t count);
  size_t size() const { return set_.size(); }
  const std::vector<HashedId>& set() const { return set_; }

 private:
  std::vector<HashedId> set_;
  std::vector<IndexWalk> walks_;
  uint64_t next_ = 0;  // every walk stands at its first index >= next_
};

// The coded symbols [begin, begin + count) of a set, from scratch.
std::vector<Symbol> Encode(const std::vector<HashedId>& set, uint64_t begin, uint64_t count);

// Symbols on the wire: for each, sum (32 bytes), checksum (8 bytes little-endian), count (varint,
// never negative on the wire). Decode refuses anything that is not exactly `expected` symbols.
std::string EncodeSymbols(const std::vector<Symbol>& symbols);
Result<std::vector<Symbol>> DecodeSymbols(std::string_view bytes, size_t expected);

struct DecoderOptions {
  // Symbols asked for in the first request; enough for about 50 differences in one round
  // (bench/sync_bench, docs/reconciliation.md).
  uint64_t first_request = 96;
  // Symbols asked for per estimated differing id (peeling needs about 1.35 for large differences).
  double symbols_per_difference = 1.5;
  // Symbols per request at most (the session derives it from its message size).
  uint64_t max_request = 65536;
  // Set sizes a server may claim; beyond, the exchange is refused.
  uint64_t max_set_size = uint64_t{1} << 22;
};

// The client's side of one exchange: ask (NextRequest), add the server's answer (Add), until
// done(); then have() holds the ids only this side holds and need() those only the server holds.
class Decoder {
 public:
  // `local` is this side's set of 32-byte ids (distinct), `key` the exchange's hash key.
  static Result<Decoder> Create(std::string_view key, const std::vector<std::string>& local,
                                DecoderOptions options = {});

  struct Request {
    uint64_t begin = 0;
    uint64_t count = 0;
  };
  // The symbols to ask for next. Fails once more symbols would be needed than two differing
  // sets of the claimed sizes can justify (the stream does not decode: a faulty peer).
  Result<Request> NextRequest() const;

  // Adds the server's symbols for the last request and its claimed set size, and peels.
  Status Add(uint64_t remote_set_size, const std::vector<Symbol>& symbols);

  bool done() const { return done_; }
  uint64_t symbols_received() const { return cells_.size(); }
  // Ids as 32-byte strings, each once, valid once done().
  std::vector<std::string> have() const;
  std::vector<std::string> need() const;

 private:
  struct Decoded {
    HashedId item;
    int sign;        // +1: only the server holds it; -1: only we do
    IndexWalk walk;  // positioned at the first index not yet applied
  };

  Decoder(std::string key, std::vector<HashedId> local, DecoderOptions options);
  Status Peel(std::vector<uint64_t> queue);
  bool Pure(const Symbol& cell) const;
  uint64_t EstimateDifference() const;

  std::string key_;
  Encoder local_encoder_;  // our own set, whose symbols are subtracted from the server's
  std::unordered_set<std::string> local_ids_;
  DecoderOptions options_;
  std::vector<Symbol> cells_;        // server's symbols minus ours
  std::vector<int64_t> raw_counts_;  // their counts before peeling, for the estimate
  std::vector<Decoded> decoded_;
  std::unordered_set<std::string> decoded_ids_;
  std::optional<uint64_t> remote_size_;
  bool done_ = false;
};

}  // namespace kring::riblt
