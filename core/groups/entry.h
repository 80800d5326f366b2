// The entry envelope: how a group entry is built, signed, encrypted, identified, checked for
// shape and signature, and opened. Group rules (who may write what, when) live in group_ledger.h;
// this file knows nothing of membership. See docs/groups.md.
#pragma once

#include <google/protobuf/message.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"
#include "core/crypto/crypto.h"
#include "entry.pb.h"

namespace kring {

inline constexpr uint32_t kEntryFormatVersion = 1;
inline constexpr size_t kEntryIdBytes = 32;
inline constexpr size_t kGroupIdBytes = 32;

// Why an entry was rejected. Stable codes: the store may record them, tests assert on them.
enum class RejectReason {
  kNone = 0,
  kMalformed,           // cannot be parsed, unknown fields, missing fields
  kTooLarge,            // over ValidationLimits::max_entry_bytes
  kTooManyParents,      // over ValidationLimits::max_parents, or wrong count for its kind
  kBadKeyLength,        // a key, id or signature has the wrong length
  kUnsupportedVersion,  // written by a newer Kring
  kUnknownKind,
  kBadSignature,
  kWrongGroup,           // belongs to another group
  kUnknownGroup,         // the node holds no genesis for this group
  kMissingParent,        // refers to an entry this node does not have (yet)
  kNotMember,            // the author is not (or was not, at that epoch) a member
  kRoleNotAllowed,       // the author's role may not write this kind
  kNotCaseAuthor,        // revision or retraction of somebody else's case
  kCaseRetracted,        // refers to a case that was withdrawn
  kUnknownEpoch,         // epoch not yet started in this group
  kWrittenAfterRemoval,  // created after its author left, or after the epoch was closed
  kFromTheFuture,        // created_at too far ahead of this node's clock, or before the group
  kBadChainEntry,        // a membership or key_epoch entry that breaks the chain rules
};

// A short stable name for logs and JSON, e.g. "bad_signature".
const char* RejectReasonName(RejectReason reason);

// Bounds on everything an entry's author controls. Defaults suit a group of coaches.
struct ValidationLimits {
  size_t max_entry_bytes = 1 << 20;  // a case is text; 1 MiB is generous
  size_t max_parents = 8;
  size_t max_members = 500;                      // bounds a key_epoch entry
  uint64_t max_future_skew_ms = 10 * 60 * 1000;  // laptops' clocks drift; 10 minutes
};

// An entry whose shape and signature were checked; header is the parse of envelope.header().
struct CheckedEntry {
  std::string id;  // BLAKE2b-256 of the canonical serialized envelope
  pb::Entry envelope;
  pb::EntryHeader header;
};

// The outcome of validating one entry: either a CheckedEntry or a reason and a message that
// names the entry by short id and says what is wrong in words a coach understands.
class Verdict {
 public:
  static Verdict Accept(CheckedEntry entry);
  static Verdict Reject(RejectReason reason, std::string message);

  bool ok() const { return reason_ == RejectReason::kNone; }
  RejectReason reason() const { return reason_; }
  const std::string& message() const { return message_; }
  // kUser for "this node is not in that group", kIntegrity for everything else.
  Status status() const;
  const CheckedEntry& entry() const& { return entry_; }
  CheckedEntry&& entry() && { return std::move(entry_); }

 private:
  RejectReason reason_ = RejectReason::kNone;
  std::string message_;
  CheckedEntry entry_;
};

bool IsContentKind(pb::EntryKind kind);  // encrypted body
bool IsChainKind(pb::EntryKind kind);    // membership and key_epoch: signed, not encrypted
// "case", "case_revision", ... as people read them.
std::string KindName(pb::EntryKind kind);
// The kind with its article, in the process language, for messages: "a case" / "een casus".
std::string KindPhrase(pb::EntryKind kind);

// The id of an entry: BLAKE2b-256 of its canonical serialization (fields 1-3 in order).
std::string EntryId(const pb::Entry& entry);

// Parses entry bytes as received (file, network). Unknown fields are rejected so that one
// entry has exactly one encoding and thus one id.
Result<pb::Entry> ParseEntry(std::string_view bytes, const ValidationLimits& limits = {});

// Checks what needs no group knowledge: size, canonical shape, header fields and key lengths,
// parent count and lengths, version, kind and the author's signature.
Verdict CheckEnvelope(const pb::Entry& entry, const ValidationLimits& limits = {});

// --- Building entries. The header is serialized once here and signed as it is.

struct HeaderFields {
  std::string group_id;
  std::string author_key;
  pb::EntryKind kind = pb::ENTRY_KIND_UNSPECIFIED;
  uint64_t created_at_ms = 0;
  std::vector<std::string> parents;
  uint32_t key_epoch = 0;
};
std::string SerializeHeader(const HeaderFields& fields);

// A content entry: body encrypted with the epoch key, header as associated data, then signed.
pb::Entry MakeEncryptedEntry(const HeaderFields& fields, const google::protobuf::Message& body,
                             const SecretBytes& epoch_key, const SecretBytes& signing_secret);
// A chain entry: body in the clear, signed. The header bytes are passed in because a membership
// body seals the member's profile with the header as associated data.
pb::Entry MakePlainEntry(std::string header_bytes, const google::protobuf::Message& body,
                         const SecretBytes& signing_secret);

// The exact bytes an author signs.
std::string SignedBytes(std::string_view header_bytes, std::string_view body);

// --- Opening entries. Each overload checks that the entry has the matching kind.

Status OpenBody(const pb::Entry& entry, const SecretBytes& epoch_key, pb::CaseBody* out);
Status OpenBody(const pb::Entry& entry, const SecretBytes& epoch_key, pb::CaseRevisionBody* out);
Status OpenBody(const pb::Entry& entry, const SecretBytes& epoch_key, pb::ReviewBody* out);
Status OpenBody(const pb::Entry& entry, const SecretBytes& epoch_key, pb::FeedbackRequestBody* out);
Status OpenBody(const pb::Entry& entry, const SecretBytes& epoch_key, pb::RetractionBody* out);
Status ReadChainBody(const pb::Entry& entry, pb::MembershipBody* out);
Status ReadChainBody(const pb::Entry& entry, pb::KeyEpochBody* out);

// The case a revision, retraction, review or feedback request refers to (header.parents[0]),
// or empty for other kinds.
std::string ReferencedCase(const pb::EntryHeader& header);

}  // namespace kring
