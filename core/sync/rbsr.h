// Range-based set reconciliation speaking the Negentropy Protocol V1 wire format, byte for byte.
//
// A pure state machine: messages in, messages out; no sockets, no files. The client (initiator)
// calls Initiate() and sends the result; the server answers each message with Reconcile(msg);
// the client feeds each answer to Reconcile(msg, &have, &need), which yields the next message to
// send, or nothing once both sets are known to be reconciled. `have` collects the ids only the
// client holds, `need` the ids only the server holds.
//
// Every message from the peer is treated as hostile: any malformed input yields a Status
// (kNetwork) and never reads out of bounds or allocates more than the message's own size.
// Bounding the number of rounds (a malicious server could keep asking forever) is the session's
// job: it must put a deadline on the whole exchange.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"
#include "core/sync/rbsr_encoding.h"
#include "core/sync/rbsr_storage.h"

namespace kring::rbsr {

inline constexpr uint8_t kProtocolVersion = 0x61;  // Negentropy Protocol V1
// The reference implementation refuses frame-size limits below this: the initial message and
// one split range must always fit.
inline constexpr uint64_t kMinFrameSizeLimit = 4096;

struct ReconcilerOptions {
  // Upper bound, in bytes, on every message this side emits; 0 means unlimited.
  uint64_t frame_size_limit = 0;
  // A differing range is split into this many sub-ranges, each sent as a fingerprint...
  uint64_t buckets = 16;
  // ...unless it holds fewer than this many items, in which case its ids are listed.
  // Defaults are the reference implementation's, so that messages match it byte for byte; other
  // values stay wire-compatible (a receiver accepts any range boundaries).
  uint64_t id_list_threshold = 32;
};

// What Kring's own sync sessions use: a finer split than the reference's. On 100k-entry sets
// differing by 1% or 10% it sends less than half the bytes of the defaults, for one extra round
// trip (bench/sync_bench, docs/reconciliation.md). Still plain Negentropy V1 on the wire.
inline ReconcilerOptions SyncTunedOptions(uint64_t frame_size_limit = 0) {
  ReconcilerOptions options;
  options.frame_size_limit = frame_size_limit;
  options.buckets = 8;
  options.id_list_threshold = 8;
  return options;
}

class Reconciler {
 public:
  // `storage` must be sealed and outlive the reconciler.
  static Result<Reconciler> Create(const VectorStorage* storage, ReconcilerOptions options = {});

  // Client: the first message. Makes this side the initiator.
  Result<std::string> Initiate();

  // Server: the reply to a client's message. A message of an unknown protocol version gets the
  // one-byte reply kProtocolVersion, so that the client can downgrade.
  Result<std::string> Reconcile(std::string_view message);

  // Client: processes the server's reply, appending 32-byte ids to *have / *need. Each id is
  // reported once per reconciliation, even when frame-size limits make the peers go over a range
  // twice. Returns the next message to send, or std::nullopt when reconciliation is complete.
  Result<std::optional<std::string>> Reconcile(std::string_view message,
                                               std::vector<std::string>* have,
                                               std::vector<std::string>* need);

  bool is_initiator() const { return initiator_; }

 private:
  class Encoder;

  Reconciler(const VectorStorage* storage, ReconcilerOptions options)
      : storage_(storage), options_(options) {}

  Result<std::string> Process(std::string_view message, std::vector<std::string>* have,
                              std::vector<std::string>* need);
  // Compares the peer's id list for items [lower, upper) with ours: the client records
  // have/need, the server appends its own ids for the range to *out.
  Status ProcessIdList(Reader* in, size_t lower, size_t* upper, const Bound& bound,
                       Encoder* encoder, size_t output_size, std::vector<std::string>* have,
                       std::vector<std::string>* need, std::string* out);
  void SplitRange(size_t lower, size_t upper, const Bound& upper_bound, Encoder* encoder,
                  std::string* out) const;
  bool ExceedsFrameLimit(size_t size) const;

  const VectorStorage* storage_;
  ReconcilerOptions options_;
  bool initiator_ = false;
  // Client: every id already reported as have or need. When a server runs out of frame space it
  // closes its reply with one fingerprint up to infinity, which can re-open ranges the client had
  // already settled (the reference reports such ids twice).
  std::set<Id> reported_;
};

// The shortest bound that is above `prev` and not above `curr` (prev < curr): the timestamp
// alone if they differ, otherwise the id prefix one byte past their common prefix.
Bound MinimalBound(const Item& prev, const Item& curr);

}  // namespace kring::rbsr
