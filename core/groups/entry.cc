#include "core/groups/entry.h"

#include <google/protobuf/unknown_field_set.h>

#include <memory>
#include <utility>

#include "core/groups/padding.h"
#include "core/i18n/messages.h"

namespace kring {
namespace {

constexpr std::string_view kSignatureContext{"kring-entry-v1\0", 15};
constexpr size_t kAeadOverheadBytes = 24 + 16;  // XChaCha20 nonce + Poly1305 tag

bool HasUnknownFields(const google::protobuf::Message& message) {
  return !message.GetReflection()->GetUnknownFields(message).empty();
}

std::string LittleEndian64(uint64_t value) {
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((value >> (8 * i)) & 0xff);
  return out;
}

Verdict RejectEntry(const std::string& id, RejectReason reason, const std::string& what) {
  return Verdict::Reject(
      reason, i18n::Tr("groups.entry_rejected", {{"id", ShortId(id)}, {"reason", what}}));
}

// Parses a body and checks it has no fields this version does not know.
Status ParseBody(std::string_view bytes, google::protobuf::Message* out) {
  if (!out->ParseFromArray(bytes.data(), static_cast<int>(bytes.size())) ||
      HasUnknownFields(*out)) {
    return Status::Integrity(i18n::Tr("groups.entry.content_damaged"));
  }
  return Status::Ok();
}

Status OpenEncrypted(const pb::Entry& entry, pb::EntryKind expected, const SecretBytes& key,
                     google::protobuf::Message* out) {
  pb::EntryHeader header;
  if (!header.ParseFromString(entry.header())) {
    return Status::Integrity(i18n::Tr("groups.entry.header_damaged"));
  }
  if (header.kind() != expected) {
    return Status::Integrity(
        i18n::Tr("groups.entry.wrong_kind",
                 {{"kind", KindPhrase(header.kind())}, {"expected", KindPhrase(expected)}}));
  }
  auto plain = AeadOpen(key, entry.body(), entry.header());
  if (!plain.ok()) {
    return Status::Integrity(
        i18n::Tr("groups.entry.undecryptable",
                 {{"id", ShortId(EntryId(entry))}, {"epoch", header.key_epoch()}}));
  }
  return ParseBody(*plain, out);
}

Status ReadPlain(const pb::Entry& entry, pb::EntryKind expected, google::protobuf::Message* out) {
  pb::EntryHeader header;
  if (!header.ParseFromString(entry.header()) || header.kind() != expected) {
    return Status::Integrity(i18n::Tr("groups.entry.not_kind", {{"kind", KindPhrase(expected)}}));
  }
  return ParseBody(entry.body(), out);
}

}  // namespace

const char* RejectReasonName(RejectReason reason) {
  switch (reason) {
    case RejectReason::kNone:
      return "none";
    case RejectReason::kMalformed:
      return "malformed";
    case RejectReason::kTooLarge:
      return "too_large";
    case RejectReason::kTooManyParents:
      return "bad_parents";
    case RejectReason::kBadKeyLength:
      return "bad_key_length";
    case RejectReason::kUnsupportedVersion:
      return "unsupported_version";
    case RejectReason::kUnknownKind:
      return "unknown_kind";
    case RejectReason::kBadSignature:
      return "bad_signature";
    case RejectReason::kWrongGroup:
      return "wrong_group";
    case RejectReason::kUnknownGroup:
      return "unknown_group";
    case RejectReason::kMissingParent:
      return "missing_parent";
    case RejectReason::kNotMember:
      return "not_member";
    case RejectReason::kRoleNotAllowed:
      return "role_not_allowed";
    case RejectReason::kNotCaseAuthor:
      return "not_case_author";
    case RejectReason::kCaseRetracted:
      return "case_retracted";
    case RejectReason::kUnknownEpoch:
      return "unknown_epoch";
    case RejectReason::kWrittenAfterRemoval:
      return "written_after_removal";
    case RejectReason::kFromTheFuture:
      return "bad_time";
    case RejectReason::kBadChainEntry:
      return "bad_chain_entry";
  }
  return "unknown";
}

Verdict Verdict::Accept(CheckedEntry entry) {
  Verdict v;
  v.entry_ = std::move(entry);
  return v;
}

Verdict Verdict::Reject(RejectReason reason, std::string message) {
  Verdict v;
  v.reason_ = reason;
  v.message_ = std::move(message);
  return v;
}

Status Verdict::status() const {
  if (ok()) return Status::Ok();
  if (reason_ == RejectReason::kUnknownGroup) return Status::User(message_);
  return Status::Integrity(message_);
}

bool IsContentKind(pb::EntryKind kind) {
  return kind == pb::ENTRY_KIND_CASE || kind == pb::ENTRY_KIND_CASE_REVISION ||
         kind == pb::ENTRY_KIND_REVIEW || kind == pb::ENTRY_KIND_FEEDBACK_REQUEST ||
         kind == pb::ENTRY_KIND_RETRACTION;
}

bool IsChainKind(pb::EntryKind kind) {
  return kind == pb::ENTRY_KIND_MEMBERSHIP || kind == pb::ENTRY_KIND_KEY_EPOCH;
}

std::string KindName(pb::EntryKind kind) {
  switch (kind) {
    case pb::ENTRY_KIND_CASE:
      return "case";
    case pb::ENTRY_KIND_CASE_REVISION:
      return "case_revision";
    case pb::ENTRY_KIND_REVIEW:
      return "review";
    case pb::ENTRY_KIND_FEEDBACK_REQUEST:
      return "feedback_request";
    case pb::ENTRY_KIND_RETRACTION:
      return "retraction";
    case pb::ENTRY_KIND_MEMBERSHIP:
      return "membership";
    case pb::ENTRY_KIND_KEY_EPOCH:
      return "key_epoch";
    default:
      // i18n-ok: a developer's name of the kind; messages use KindPhrase
      return "unknown kind " + std::to_string(static_cast<int>(kind));
  }
}

std::string KindPhrase(pb::EntryKind kind) {
  switch (kind) {
    case pb::ENTRY_KIND_CASE:
      return i18n::Tr("groups.kind.case");
    case pb::ENTRY_KIND_CASE_REVISION:
      return i18n::Tr("groups.kind.case_revision");
    case pb::ENTRY_KIND_REVIEW:
      return i18n::Tr("groups.kind.review");
    case pb::ENTRY_KIND_FEEDBACK_REQUEST:
      return i18n::Tr("groups.kind.feedback_request");
    case pb::ENTRY_KIND_RETRACTION:
      return i18n::Tr("groups.kind.retraction");
    case pb::ENTRY_KIND_MEMBERSHIP:
      return i18n::Tr("groups.kind.membership");
    case pb::ENTRY_KIND_KEY_EPOCH:
      return i18n::Tr("groups.kind.key_epoch");
    default:
      return i18n::Tr("groups.kind.unknown", {{"kind", static_cast<int>(kind)}});
  }
}

std::string EntryId(const pb::Entry& entry) {
  // Fields 1-3 are bytes and there are no unknown fields (CheckEnvelope), so this serialization
  // is canonical.
  return Blake2b256(entry.SerializeAsString());
}

Result<pb::Entry> ParseEntry(std::string_view bytes, const ValidationLimits& limits) {
  if (bytes.size() > limits.max_entry_bytes) {
    return Status::Integrity(i18n::Tr("groups.entry.too_large", {{"max", limits.max_entry_bytes}}));
  }
  pb::Entry entry;
  if (!entry.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())) ||
      HasUnknownFields(entry)) {
    return Status::Integrity(i18n::Tr("groups.entry.unreadable"));
  }
  return entry;
}

Verdict CheckEnvelope(const pb::Entry& entry, const ValidationLimits& limits) {
  if (HasUnknownFields(entry)) {
    return Verdict::Reject(RejectReason::kMalformed, i18n::Tr("groups.entry.unknown_fields"));
  }
  CheckedEntry checked;
  checked.id = EntryId(entry);
  const std::string& id = checked.id;
  if (entry.ByteSizeLong() > limits.max_entry_bytes) {
    return RejectEntry(id, RejectReason::kTooLarge,
                       i18n::Tr("groups.reject.too_large", {{"max", limits.max_entry_bytes}}));
  }
  if (!checked.header.ParseFromString(entry.header()) || HasUnknownFields(checked.header)) {
    return RejectEntry(id, RejectReason::kMalformed, i18n::Tr("groups.reject.header_damaged"));
  }
  // One header, one encoding: re-serializing must give back the signed bytes.
  if (checked.header.SerializeAsString() != entry.header()) {
    return RejectEntry(id, RejectReason::kMalformed,
                       i18n::Tr("groups.reject.header_not_canonical"));
  }
  const pb::EntryHeader& h = checked.header;
  if (h.version() == 0) {
    return RejectEntry(id, RejectReason::kMalformed, i18n::Tr("groups.reject.header_missing"));
  }
  if (h.version() != kEntryFormatVersion) {
    return RejectEntry(id, RejectReason::kUnsupportedVersion,
                       i18n::Tr("groups.reject.format",
                                {{"format", h.version()}, {"known", kEntryFormatVersion}}));
  }
  if (!IsContentKind(h.kind()) && !IsChainKind(h.kind())) {
    return RejectEntry(
        id, RejectReason::kUnknownKind,
        i18n::Tr("groups.reject.unknown_kind", {{"kind", static_cast<int>(h.kind())}}));
  }
  if (h.group_id().size() != kGroupIdBytes) {
    return RejectEntry(id, RejectReason::kBadKeyLength, i18n::Tr("groups.reject.group_id_length"));
  }
  if (h.author_key().size() != kSignPublicKeyBytes) {
    return RejectEntry(id, RejectReason::kBadKeyLength,
                       i18n::Tr("groups.reject.author_key_length"));
  }
  if (entry.signature().size() != kSignatureBytes) {
    return RejectEntry(id, RejectReason::kBadKeyLength, i18n::Tr("groups.reject.signature_length"));
  }
  if (static_cast<size_t>(h.parents_size()) > limits.max_parents) {
    return RejectEntry(id, RejectReason::kTooManyParents,
                       i18n::Tr("groups.reject.too_many_parents",
                                {{"n", h.parents_size()}, {"max", limits.max_parents}}));
  }
  for (const std::string& parent : h.parents()) {
    if (parent.size() != kEntryIdBytes) {
      return RejectEntry(id, RejectReason::kBadKeyLength,
                         i18n::Tr("groups.reject.parent_id_length"));
    }
  }
  if (IsContentKind(h.kind()) && entry.body().size() < kAeadOverheadBytes) {
    return RejectEntry(id, RejectReason::kMalformed, i18n::Tr("groups.reject.content_truncated"));
  }
  if (h.created_at() == 0) {
    return RejectEntry(id, RejectReason::kMalformed, i18n::Tr("groups.reject.no_creation_time"));
  }
  if (!VerifySignature(h.author_key(), SignedBytes(entry.header(), entry.body()),
                       entry.signature())) {
    return RejectEntry(
        id, RejectReason::kBadSignature,
        i18n::Tr("groups.reject.bad_signature", {{"author", Fingerprint(h.author_key())}}));
  }
  checked.envelope = entry;
  return Verdict::Accept(std::move(checked));
}

std::string SerializeHeader(const HeaderFields& fields) {
  pb::EntryHeader header;
  header.set_version(kEntryFormatVersion);
  header.set_group_id(fields.group_id);
  header.set_author_key(fields.author_key);
  header.set_kind(fields.kind);
  header.set_created_at(fields.created_at_ms);
  for (const std::string& parent : fields.parents) header.add_parents(parent);
  header.set_key_epoch(fields.key_epoch);
  return header.SerializeAsString();
}

std::string SignedBytes(std::string_view header_bytes, std::string_view body) {
  // The length prefix makes the split between header and body unambiguous.
  std::string out;
  out.reserve(kSignatureContext.size() + 8 + header_bytes.size() + body.size());
  out.append(kSignatureContext);
  out.append(LittleEndian64(header_bytes.size()));
  out.append(header_bytes);
  out.append(body);
  return out;
}

pb::Entry MakeEncryptedEntry(const HeaderFields& fields, const google::protobuf::Message& body,
                             const SecretBytes& epoch_key, const SecretBytes& signing_secret) {
  pb::Entry entry;
  entry.set_header(SerializeHeader(fields));
  // Padded before encryption (Padmé): what the ciphertext's length tells is the bucket only.
  std::unique_ptr<google::protobuf::Message> padded(body.New());
  padded->CopyFrom(body);
  PadBody(*padded);
  entry.set_body(AeadSeal(epoch_key, padded->SerializeAsString(), entry.header()));
  entry.set_signature(Sign(signing_secret, SignedBytes(entry.header(), entry.body())));
  return entry;
}

pb::Entry MakePlainEntry(std::string header_bytes, const google::protobuf::Message& body,
                         const SecretBytes& signing_secret) {
  pb::Entry entry;
  entry.set_header(std::move(header_bytes));
  entry.set_body(body.SerializeAsString());
  entry.set_signature(Sign(signing_secret, SignedBytes(entry.header(), entry.body())));
  return entry;
}

Status OpenBody(const pb::Entry& entry, const SecretBytes& key, pb::CaseBody* out) {
  return OpenEncrypted(entry, pb::ENTRY_KIND_CASE, key, out);
}
Status OpenBody(const pb::Entry& entry, const SecretBytes& key, pb::CaseRevisionBody* out) {
  return OpenEncrypted(entry, pb::ENTRY_KIND_CASE_REVISION, key, out);
}
Status OpenBody(const pb::Entry& entry, const SecretBytes& key, pb::ReviewBody* out) {
  return OpenEncrypted(entry, pb::ENTRY_KIND_REVIEW, key, out);
}
Status OpenBody(const pb::Entry& entry, const SecretBytes& key, pb::FeedbackRequestBody* out) {
  return OpenEncrypted(entry, pb::ENTRY_KIND_FEEDBACK_REQUEST, key, out);
}
Status OpenBody(const pb::Entry& entry, const SecretBytes& key, pb::RetractionBody* out) {
  return OpenEncrypted(entry, pb::ENTRY_KIND_RETRACTION, key, out);
}
Status ReadChainBody(const pb::Entry& entry, pb::MembershipBody* out) {
  return ReadPlain(entry, pb::ENTRY_KIND_MEMBERSHIP, out);
}
Status ReadChainBody(const pb::Entry& entry, pb::KeyEpochBody* out) {
  return ReadPlain(entry, pb::ENTRY_KIND_KEY_EPOCH, out);
}

std::string ReferencedCase(const pb::EntryHeader& header) {
  switch (header.kind()) {
    case pb::ENTRY_KIND_CASE_REVISION:
    case pb::ENTRY_KIND_RETRACTION:
    case pb::ENTRY_KIND_REVIEW:
    case pb::ENTRY_KIND_FEEDBACK_REQUEST:
      return header.parents_size() == 1 ? header.parents(0) : std::string();
    default:
      return {};
  }
}

}  // namespace kring
