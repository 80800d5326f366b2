#include "core/sync/rbsr.h"

#include <algorithm>
#include <cstring>

#include "core/crypto/crypto.h"
#include "core/i18n/messages.h"

namespace kring::rbsr {

namespace {

enum class Mode : uint64_t { kSkip = 0, kFingerprint = 1, kIdList = 2 };

// The reference keeps this much headroom under the frame-size limit for the closing range.
constexpr uint64_t kFrameHeadroom = 200;

// `detail` is one of the syncdata.malformed.* clauses.
Status Malformed(const std::string& detail) {
  return Status::Network(i18n::Tr("syncdata.malformed", {{"detail", detail}}));
}

std::string ToString(const Id& id) {
  return std::string(reinterpret_cast<const char*>(id.data()), id.size());
}

// Decodes a bound; timestamps are deltas against the previous bound of the same message.
Result<Bound> DecodeBound(Reader* in, uint64_t* last_timestamp) {
  KRING_ASSIGN_OR_RETURN(uint64_t encoded, in->Varint());
  uint64_t timestamp = kInfinity;
  if (encoded != 0) {
    timestamp = *last_timestamp + (encoded - 1);
    if (timestamp < *last_timestamp) timestamp = kInfinity;  // saturate, as the reference does
  }
  *last_timestamp = timestamp;
  KRING_ASSIGN_OR_RETURN(uint64_t prefix_len, in->Varint());
  if (prefix_len > kIdSize) {
    return Malformed(i18n::Tr("syncdata.malformed.prefix", {{"n", prefix_len}, {"max", kIdSize}}));
  }
  KRING_ASSIGN_OR_RETURN(std::string_view prefix, in->Bytes(prefix_len));
  Bound bound;
  bound.item.timestamp = timestamp;
  std::memcpy(bound.item.id.data(), prefix.data(), prefix.size());
  bound.prefix_len = prefix_len;
  return bound;
}

}  // namespace

// Encodes bounds with timestamps as deltas against the previous bound of the same message.
class Reconciler::Encoder {
 public:
  void AppendBound(const Bound& bound, std::string* out) {
    if (bound.IsInfinity()) {
      last_timestamp_ = kInfinity;
      AppendVarint(0, out);
    } else {
      AppendVarint(bound.item.timestamp - last_timestamp_ + 1, out);
      last_timestamp_ = bound.item.timestamp;
    }
    AppendVarint(bound.prefix_len, out);
    out->append(reinterpret_cast<const char*>(bound.item.id.data()), bound.prefix_len);
  }

 private:
  uint64_t last_timestamp_ = 0;
};

Bound MinimalBound(const Item& prev, const Item& curr) {
  Bound bound;
  bound.item.timestamp = curr.timestamp;
  if (curr.timestamp != prev.timestamp) return bound;
  size_t shared = 0;
  while (shared < kIdSize && curr.id[shared] == prev.id[shared]) ++shared;
  // Items are distinct, so shared < kIdSize; the first differing byte is enough to separate them.
  bound.prefix_len = std::min(shared + 1, kIdSize);
  std::memcpy(bound.item.id.data(), curr.id.data(), bound.prefix_len);
  return bound;
}

Result<Reconciler> Reconciler::Create(const VectorStorage* storage, ReconcilerOptions options) {
  if (storage == nullptr || !storage->sealed()) {
    return Status::Usage("the reconciliation set must be sealed before syncing");  // i18n-ok: a bug
  }
  if (options.frame_size_limit != 0 && options.frame_size_limit < kMinFrameSizeLimit) {
    // i18n-ok: a programming error (the options are Kring's own), never the coach's doing
    return Status::Usage("the sync frame-size limit must be 0 (none) or at least " +
                         std::to_string(kMinFrameSizeLimit) + " bytes");
  }
  if (options.buckets < 2 || options.id_list_threshold < options.buckets) {
    return Status::Usage(
        // i18n-ok: a programming error (the options are Kring's own), never the coach's doing
        "reconciliation needs at least 2 buckets and an id-list threshold of "  // i18n-ok
        "at least the bucket count");
  }
  return Reconciler(storage, options);
}

Result<std::string> Reconciler::Initiate() {
  // i18n-ok: a programming error (misuse of the API), never the coach's doing
  if (initiator_) return Status::Usage("this reconciliation was already started");
  initiator_ = true;
  std::string out(1, static_cast<char>(kProtocolVersion));
  Encoder encoder;
  SplitRange(0, storage_->size(), Bound::Infinity(), &encoder, &out);
  return out;
}

Result<std::string> Reconciler::Reconcile(std::string_view message) {
  // i18n-ok: a programming error (misuse of the API), never the coach's doing
  if (initiator_) return Status::Usage("the initiating side must collect have/need ids");
  return Process(message, nullptr, nullptr);
}

Result<std::optional<std::string>> Reconciler::Reconcile(std::string_view message,
                                                         std::vector<std::string>* have,
                                                         std::vector<std::string>* need) {
  // i18n-ok: a programming error (misuse of the API), never the coach's doing
  if (!initiator_) return Status::Usage("only the initiating side collects have/need ids");
  KRING_ASSIGN_OR_RETURN(std::string out, Process(message, have, need));
  if (out.size() == 1) return std::optional<std::string>();  // nothing left to ask about
  return std::optional<std::string>(std::move(out));
}

bool Reconciler::ExceedsFrameLimit(size_t size) const {
  return options_.frame_size_limit != 0 && size > options_.frame_size_limit - kFrameHeadroom;
}

Result<std::string> Reconciler::Process(std::string_view message, std::vector<std::string>* have,
                                        std::vector<std::string>* need) {
  Reader in(message);
  std::string full(1, static_cast<char>(kProtocolVersion));

  if (in.empty()) return Malformed(i18n::Tr("syncdata.malformed.empty"));
  KRING_ASSIGN_OR_RETURN(uint8_t version, in.Byte());
  if (version < 0x60 || version > 0x6f) {
    return Malformed(i18n::Tr("syncdata.malformed.no_version"));
  }
  if (version != kProtocolVersion) {
    if (initiator_) {
      return Status::Network(i18n::Tr(
          "syncdata.version", {{"version", version - 0x60}, {"ours", kProtocolVersion - 0x60}}));
    }
    return full;  // tell the client which version we speak, so it can downgrade
  }

  const size_t size = storage_->size();
  Encoder encoder;
  uint64_t last_timestamp_in = 0;
  Bound prev_bound;
  size_t prev_index = 0;
  bool skip = false;

  while (!in.empty()) {
    std::string o;
    // Restored if this range's output has to be dropped for lack of room.
    const bool skip_pending_before = skip;
    const Encoder encoder_before = encoder;
    bool answer_kept = false;
    // Adjacent ranges we do not need to talk about are merged into one skip range, written only
    // once something non-skipped follows (a trailing skip is implicit).
    auto flush_skip = [&] {
      if (!skip) return;
      skip = false;
      encoder.AppendBound(prev_bound, &o);
      AppendVarint(static_cast<uint64_t>(Mode::kSkip), &o);
    };

    KRING_ASSIGN_OR_RETURN(Bound bound, DecodeBound(&in, &last_timestamp_in));
    if (bound.item < prev_bound.item) {
      return Malformed(i18n::Tr("syncdata.malformed.out_of_order"));
    }
    KRING_ASSIGN_OR_RETURN(uint64_t mode, in.Varint());

    const size_t lower = prev_index;
    size_t upper = storage_->LowerBound(prev_index, size, bound);

    if (mode == static_cast<uint64_t>(Mode::kSkip)) {
      skip = true;
    } else if (mode == static_cast<uint64_t>(Mode::kFingerprint)) {
      KRING_ASSIGN_OR_RETURN(std::string_view theirs, in.Bytes(kFingerprintSize));
      if (theirs != storage_->Fingerprint(lower, upper)) {
        flush_skip();
        SplitRange(lower, upper, bound, &encoder, &o);
      } else {
        skip = true;
      }
    } else if (mode == static_cast<uint64_t>(Mode::kIdList)) {
      if (initiator_) {
        skip = true;
      } else {
        flush_skip();
      }
      KRING_RETURN_IF_ERROR(
          ProcessIdList(&in, lower, &upper, bound, &encoder, full.size(), have, need, &o));
      if (!initiator_) {
        // The server's answer is kept even if the frame is now full: it was already cut to fit.
        full += o;
        o.clear();
        answer_kept = true;
      }
    } else {
      return Malformed(i18n::Tr("syncdata.malformed.mode", {{"mode", mode}}));
    }

    if (ExceedsFrameLimit(full.size() + o.size())) {
      // Out of room: drop this range's answer and close the message with one fingerprint for
      // everything not yet dealt with, so the peer comes back to it in the next round. Unlike
      // the reference (docs/reconciliation.md, "Deviations"), a pending skip is written first
      // and the fingerprint covers exactly the closing range: otherwise ranges already settled
      // are examined again (ids reported twice), or the closing fingerprint can falsely match
      // the peer's and drop items that still differ.
      size_t closing_start = upper;
      if (!answer_kept) {
        encoder = encoder_before;
        if (skip_pending_before) {
          encoder.AppendBound(prev_bound, &full);
          AppendVarint(static_cast<uint64_t>(Mode::kSkip), &full);
        }
        closing_start = lower;
      }
      encoder.AppendBound(Bound::Infinity(), &full);
      AppendVarint(static_cast<uint64_t>(Mode::kFingerprint), &full);
      full += storage_->Fingerprint(closing_start, size);
      break;
    }
    full += o;
    prev_index = upper;
    prev_bound = bound;
  }
  return full;
}

Status Reconciler::ProcessIdList(Reader* in, size_t lower, size_t* upper, const Bound& bound,
                                 Encoder* encoder, size_t output_size,
                                 std::vector<std::string>* have, std::vector<std::string>* need,
                                 std::string* out) {
  KRING_ASSIGN_OR_RETURN(uint64_t count, in->Varint());
  // Check the claim against the bytes actually present before allocating anything for it.
  if (count > in->remaining() / kIdSize) {
    return Malformed(
        i18n::Tr("syncdata.malformed.count", {{"count", count}, {"bytes", in->remaining()}}));
  }
  std::vector<Id> theirs(count);
  for (Id& id : theirs) {
    KRING_ASSIGN_OR_RETURN(std::string_view bytes, in->Bytes(kIdSize));
    std::memcpy(id.data(), bytes.data(), kIdSize);
  }
  std::sort(theirs.begin(), theirs.end());
  theirs.erase(std::unique(theirs.begin(), theirs.end()), theirs.end());

  std::vector<bool> matched(theirs.size(), false);
  for (size_t i = lower; i < *upper; ++i) {
    const Id& ours = storage_->item(i).id;
    auto it = std::lower_bound(theirs.begin(), theirs.end(), ours);
    if (it != theirs.end() && *it == ours) {
      matched[static_cast<size_t>(it - theirs.begin())] = true;
    } else if (initiator_ && reported_.insert(ours).second) {
      have->push_back(ToString(ours));
    }
  }

  if (initiator_) {
    for (size_t i = 0; i < theirs.size(); ++i) {
      if (!matched[i] && reported_.insert(theirs[i]).second) need->push_back(ToString(theirs[i]));
    }
    return Status::Ok();
  }

  // Server: answer with all our ids in the range, cutting it short if the frame would overflow;
  // the rest of the range is then covered by the closing fingerprint.
  std::string reply_ids;
  uint64_t reply_count = 0;
  Bound end_bound = bound;
  for (size_t i = lower; i < *upper; ++i) {
    if (ExceedsFrameLimit(output_size + reply_ids.size())) {
      end_bound = Bound{storage_->item(i), kIdSize};
      *upper = i;
      break;
    }
    reply_ids += storage_->item(i).IdView();
    ++reply_count;
  }
  encoder->AppendBound(end_bound, out);
  AppendVarint(static_cast<uint64_t>(Mode::kIdList), out);
  AppendVarint(reply_count, out);
  *out += reply_ids;
  return Status::Ok();
}

void Reconciler::SplitRange(size_t lower, size_t upper, const Bound& upper_bound, Encoder* encoder,
                            std::string* out) const {
  const uint64_t count = upper - lower;
  if (count < options_.id_list_threshold) {
    encoder->AppendBound(upper_bound, out);
    AppendVarint(static_cast<uint64_t>(Mode::kIdList), out);
    AppendVarint(count, out);
    for (size_t i = lower; i < upper; ++i) *out += storage_->item(i).IdView();
    return;
  }
  const uint64_t per_bucket = count / options_.buckets;
  const uint64_t with_extra = count % options_.buckets;
  size_t curr = lower;
  for (uint64_t b = 0; b < options_.buckets; ++b) {
    const size_t bucket_size = per_bucket + (b < with_extra ? 1 : 0);
    std::string fingerprint = storage_->Fingerprint(curr, curr + bucket_size);
    curr += bucket_size;
    const Bound next =
        curr == upper ? upper_bound : MinimalBound(storage_->item(curr - 1), storage_->item(curr));
    encoder->AppendBound(next, out);
    AppendVarint(static_cast<uint64_t>(Mode::kFingerprint), out);
    *out += fingerprint;
  }
}

}  // namespace kring::rbsr
