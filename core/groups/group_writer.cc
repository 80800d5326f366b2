#include "core/groups/group_writer.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "core/i18n/messages.h"

namespace kring {
namespace {

constexpr size_t kGroupNonceBytes = 32;
constexpr size_t kMaxNameBytes = 200;

// A builder's refusal is about what the coach asked for, not about a damaged entry: drop the
// "entry 3fa2c1d0: " prefix (groups.entry_rejected), which names an entry that was never stored.
Status Refusal(const Verdict& verdict) {
  const std::string& message = verdict.message();
  // The message's shape in this language: what comes before the id, and between id and reason.
  const std::string shape = i18n::Tr("groups.entry_rejected", {{"id", "\x01"}, {"reason", "\x02"}});
  const size_t id_at = shape.find('\x01');
  const size_t reason_at = shape.find('\x02');
  std::string why = message;
  if (id_at != std::string::npos && reason_at != std::string::npos && id_at < reason_at &&
      reason_at == shape.size() - 1) {
    const std::string before = shape.substr(0, id_at);
    const std::string between = shape.substr(id_at + 1, reason_at - id_at - 1);
    const size_t split = message.find(between, before.size());
    if (message.rfind(before, 0) == 0 && !between.empty() && split != std::string::npos) {
      why = message.substr(split + between.size());
    }
  }
  return Status::User(i18n::Tr("groups.writer.refused", {{"reason", why}}));
}

Status CheckInGroup(const GroupLedger& ledger) {
  if (!ledger.state().has_genesis()) {
    return Status::User(i18n::Tr("groups.writer.not_in_group", {{"group", ledger.Label()}}));
  }
  return Status::Ok();
}

Result<const SecretBytes*> CurrentKey(const GroupLedger& ledger, const EpochKeys& keys) {
  const SecretBytes* key = keys.Find(ledger.state().epoch());
  if (key == nullptr) {
    return Status::User(i18n::Tr("groups.writer.no_current_key",
                                 {{"epoch", ledger.state().epoch()}, {"group", ledger.Label()}}));
  }
  return key;
}

std::string SealProfile(const SecretBytes& key, std::string_view group_id,
                        std::string_view member_key, std::string_view alias,
                        std::string_view group_name) {
  pb::MemberProfile profile;
  profile.set_alias(std::string(alias));
  profile.set_group_name(std::string(group_name));
  return AeadSeal(key, profile.SerializeAsString(), ProfileAssociatedData(group_id, member_key));
}

// Chain entries never claim to be older than the change they build on.
uint64_t ChainTime(const GroupLedger& ledger, uint64_t now_ms) {
  return std::max(now_ms, ledger.state().head_created_ms());
}

HeaderFields ChainHeader(const GroupLedger& ledger, const WriterIdentity& me, pb::EntryKind kind,
                         uint32_t epoch, uint64_t now_ms) {
  return HeaderFields{ledger.group_id(),         me.signing_public_key,      kind,
                      ChainTime(ledger, now_ms), {ledger.state().head_id()}, epoch};
}

pb::KeyEpochBody SealKeyToMembers(const GroupState& state, const SecretBytes& key, uint32_t epoch,
                                  const SecretBytes* previous) {
  pb::KeyEpochBody body;
  body.set_epoch(epoch);
  for (const auto& [signing_key, member] : state.members()) {
    pb::SealedGroupKey* sealed = body.add_sealed_keys();
    sealed->set_member_signing_key(signing_key);
    sealed->set_sealed_key(SealToPublicKey(member.sealing_key, key.view()));
  }
  body.set_key_commitment(EpochKeyCommitment(key, state.group_id(), epoch));
  if (previous != nullptr) {
    body.set_previous_key(
        AeadSeal(key, previous->view(), PreviousKeyAssociatedData(state.group_id(), epoch)));
  }
  return body;
}

// Admits a freshly built chain entry to a scratch copy of the ledger: the same check every peer
// will make.
Status AdmitOwn(GroupLedger* scratch, const pb::Entry& entry, uint64_t now_ms) {
  Verdict verdict = scratch->Admit(entry, NoEntries, ChainTime(*scratch, now_ms));
  return verdict.ok() ? Status::Ok() : Refusal(verdict);
}

Result<pb::Entry> BuildKeyEpoch(const GroupLedger& ledger, const WriterIdentity& me,
                                const SecretBytes& secret, const SecretBytes& key, uint32_t epoch,
                                const SecretBytes* previous, uint64_t now_ms) {
  pb::KeyEpochBody body = SealKeyToMembers(ledger.state(), key, epoch, previous);
  HeaderFields header = ChainHeader(ledger, me, pb::ENTRY_KIND_KEY_EPOCH, epoch, now_ms);
  return MakePlainEntry(SerializeHeader(header), body, secret);
}

Result<pb::Entry> BuildMembership(const GroupLedger& ledger, const WriterIdentity& me,
                                  const SecretBytes& secret, const pb::MembershipBody& body,
                                  uint64_t now_ms) {
  HeaderFields header =
      ChainHeader(ledger, me, pb::ENTRY_KIND_MEMBERSHIP, ledger.state().epoch(), now_ms);
  pb::Entry entry = MakePlainEntry(SerializeHeader(header), body, secret);
  GroupLedger scratch = ledger;
  KRING_RETURN_IF_ERROR(AdmitOwn(&scratch, entry, now_ms));
  return entry;
}

// Writes a content entry at `epoch` after checking the author may.
Result<pb::Entry> BuildContent(const GroupLedger& ledger, const EpochKeys& keys,
                               const WriterIdentity& me, const SecretBytes& secret,
                               pb::EntryKind kind, std::vector<std::string> parents,
                               const google::protobuf::Message& body, uint64_t now_ms) {
  KRING_RETURN_IF_ERROR(CheckInGroup(ledger));
  const GroupState& state = ledger.state();
  if (state.pending() == KeysPending::kRotation) {
    return Status::User(i18n::Tr("groups.writer.renew_first", {{"group", ledger.Label()}}));
  }
  RuleBreach breach =
      state.CheckContentAuthor(me.signing_public_key, kind, state.epoch(), now_ms, ledger.Label());
  if (!breach.ok())
    return Status::User(i18n::Tr("groups.writer.refused", {{"reason", breach.why}}));
  KRING_ASSIGN_OR_RETURN(const SecretBytes* key, CurrentKey(ledger, keys));
  HeaderFields header{ledger.group_id(),  me.signing_public_key, kind, now_ms,
                      std::move(parents), state.epoch()};
  return MakeEncryptedEntry(header, body, *key, secret);
}

Status CheckCaseId(std::string_view case_id) {
  if (case_id.size() != kEntryIdBytes) {
    return Status::Usage(i18n::Tr("groups.writer.case_id_length", {{"n", kEntryIdBytes}}));
  }
  return Status::Ok();
}

bool IsIsoDate(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!std::isdigit(static_cast<unsigned char>(date[i]))) return false;
  }
  return true;
}

}  // namespace

Result<CreatedGroup> CreateGroup(std::string_view name, const WriterIdentity& me,
                                 const SecretBytes& my_signing_secret, uint64_t now_ms) {
  if (name.empty() || name.size() > kMaxNameBytes) {
    return Status::Usage(i18n::Tr("groups.writer.name_length", {{"max", kMaxNameBytes}}));
  }
  const std::string nonce = RandomBytes(kGroupNonceBytes);
  CreatedGroup created{DeriveGroupId(me.signing_public_key, nonce), {}};
  const SecretBytes key = RandomSecret(kAeadKeyBytes);

  pb::MembershipBody body;
  body.set_action(pb::MEMBERSHIP_ACTION_CREATE);
  body.set_member_signing_key(me.signing_public_key);
  body.set_member_sealing_key(me.sealing_public_key);
  body.set_role(pb::ROLE_ADMIN);
  body.set_sealed_profile(
      SealProfile(key, created.group_id, me.signing_public_key, me.alias, name));
  body.set_group_nonce(nonce);
  HeaderFields header{
      created.group_id, me.signing_public_key, pb::ENTRY_KIND_MEMBERSHIP, now_ms, {}, 1};
  pb::Entry genesis = MakePlainEntry(SerializeHeader(header), body, my_signing_secret);

  GroupLedger scratch(created.group_id);
  KRING_RETURN_IF_ERROR(AdmitOwn(&scratch, genesis, now_ms));
  KRING_ASSIGN_OR_RETURN(pb::Entry first_key,
                         BuildKeyEpoch(scratch, me, my_signing_secret, key, 1, nullptr, now_ms));
  KRING_RETURN_IF_ERROR(AdmitOwn(&scratch, first_key, now_ms));
  created.entries = {std::move(genesis), std::move(first_key)};
  return created;
}

Result<std::vector<pb::Entry>> AddMember(const GroupLedger& ledger, const EpochKeys& keys,
                                         const WriterIdentity& me, const SecretBytes& secret,
                                         const pb::PublicIdentity& newcomer, pb::Role role,
                                         uint64_t now_ms) {
  KRING_RETURN_IF_ERROR(CheckInGroup(ledger));
  if (newcomer.signing_public_key().size() != kSignPublicKeyBytes ||
      newcomer.sealing_public_key().size() != kBoxPublicKeyBytes) {
    return Status::Usage(i18n::Tr("groups.writer.identity_damaged"));
  }
  KRING_ASSIGN_OR_RETURN(const SecretBytes* key, CurrentKey(ledger, keys));
  const uint32_t epoch = ledger.state().epoch();
  pb::MembershipBody body;
  body.set_action(pb::MEMBERSHIP_ACTION_ADD);
  body.set_member_signing_key(newcomer.signing_public_key());
  body.set_member_sealing_key(newcomer.sealing_public_key());
  body.set_role(role);
  body.set_sealed_profile(
      SealProfile(*key, ledger.group_id(), newcomer.signing_public_key(), newcomer.alias(), ""));
  KRING_ASSIGN_OR_RETURN(pb::Entry add, BuildMembership(ledger, me, secret, body, now_ms));
  GroupLedger scratch = ledger;
  KRING_RETURN_IF_ERROR(AdmitOwn(&scratch, add, now_ms));
  KRING_ASSIGN_OR_RETURN(pb::Entry reseal,
                         BuildKeyEpoch(scratch, me, secret, *key, epoch, nullptr, now_ms));
  KRING_RETURN_IF_ERROR(AdmitOwn(&scratch, reseal, now_ms));
  return std::vector<pb::Entry>{std::move(add), std::move(reseal)};
}

Result<std::vector<pb::Entry>> RemoveMember(const GroupLedger& ledger, const EpochKeys& keys,
                                            const WriterIdentity& me, const SecretBytes& secret,
                                            std::string_view member_key, uint64_t now_ms) {
  KRING_RETURN_IF_ERROR(CheckInGroup(ledger));
  KRING_ASSIGN_OR_RETURN(const SecretBytes* old_key, CurrentKey(ledger, keys));
  pb::MembershipBody body;
  body.set_action(pb::MEMBERSHIP_ACTION_REMOVE);
  body.set_member_signing_key(std::string(member_key));
  KRING_ASSIGN_OR_RETURN(pb::Entry remove, BuildMembership(ledger, me, secret, body, now_ms));
  GroupLedger scratch = ledger;
  KRING_RETURN_IF_ERROR(AdmitOwn(&scratch, remove, now_ms));
  const SecretBytes new_key = RandomSecret(kAeadKeyBytes);
  KRING_ASSIGN_OR_RETURN(
      pb::Entry rotation,
      BuildKeyEpoch(scratch, me, secret, new_key, scratch.state().epoch() + 1, old_key, now_ms));
  KRING_RETURN_IF_ERROR(AdmitOwn(&scratch, rotation, now_ms));
  return std::vector<pb::Entry>{std::move(remove), std::move(rotation)};
}

Result<pb::Entry> UpdateOwnProfile(const GroupLedger& ledger, const EpochKeys& keys,
                                   const WriterIdentity& me, const SecretBytes& secret,
                                   std::string_view alias, uint64_t now_ms) {
  KRING_RETURN_IF_ERROR(CheckInGroup(ledger));
  KRING_ASSIGN_OR_RETURN(const SecretBytes* key, CurrentKey(ledger, keys));
  pb::MembershipBody body;
  body.set_action(pb::MEMBERSHIP_ACTION_PROFILE);
  body.set_member_signing_key(me.signing_public_key);
  body.set_sealed_profile(SealProfile(*key, ledger.group_id(), me.signing_public_key, alias, ""));
  KRING_ASSIGN_OR_RETURN(pb::Entry entry, BuildMembership(ledger, me, secret, body, now_ms));
  GroupLedger scratch = ledger;
  KRING_RETURN_IF_ERROR(AdmitOwn(&scratch, entry, now_ms));
  return entry;
}

Result<pb::Entry> LeaveGroup(const GroupLedger& ledger, const WriterIdentity& me,
                             const SecretBytes& secret, uint64_t now_ms) {
  KRING_RETURN_IF_ERROR(CheckInGroup(ledger));
  pb::MembershipBody body;
  body.set_action(pb::MEMBERSHIP_ACTION_LEAVE);
  body.set_member_signing_key(me.signing_public_key);
  return BuildMembership(ledger, me, secret, body, now_ms);
}

Result<pb::Entry> RotateGroupKey(const GroupLedger& ledger, const EpochKeys& keys,
                                 const WriterIdentity& me, const SecretBytes& secret,
                                 uint64_t now_ms) {
  KRING_RETURN_IF_ERROR(CheckInGroup(ledger));
  KRING_ASSIGN_OR_RETURN(const SecretBytes* old_key, CurrentKey(ledger, keys));
  const SecretBytes new_key = RandomSecret(kAeadKeyBytes);
  KRING_ASSIGN_OR_RETURN(
      pb::Entry rotation,
      BuildKeyEpoch(ledger, me, secret, new_key, ledger.state().epoch() + 1, old_key, now_ms));
  GroupLedger scratch = ledger;
  KRING_RETURN_IF_ERROR(AdmitOwn(&scratch, rotation, now_ms));
  return rotation;
}

Result<pb::Entry> ChangeRole(const GroupLedger& ledger, const WriterIdentity& me,
                             const SecretBytes& secret, std::string_view member_key, pb::Role role,
                             uint64_t now_ms) {
  KRING_RETURN_IF_ERROR(CheckInGroup(ledger));
  pb::MembershipBody body;
  body.set_action(pb::MEMBERSHIP_ACTION_ROLE_CHANGE);
  body.set_member_signing_key(std::string(member_key));
  body.set_role(role);
  return BuildMembership(ledger, me, secret, body, now_ms);
}

Result<pb::Entry> ShareCase(const GroupLedger& ledger, const EpochKeys& keys,
                            const WriterIdentity& me, const SecretBytes& secret,
                            const pb::CaseReflection& reflection, uint64_t now_ms) {
  pb::CaseBody body;
  *body.mutable_reflection() = reflection;
  return BuildContent(ledger, keys, me, secret, pb::ENTRY_KIND_CASE, {}, body, now_ms);
}

Result<pb::Entry> ReviseCase(const GroupLedger& ledger, const EpochKeys& keys,
                             const WriterIdentity& me, const SecretBytes& secret,
                             std::string_view case_id, const pb::CaseRevisionBody& body,
                             uint64_t now_ms) {
  KRING_RETURN_IF_ERROR(CheckCaseId(case_id));
  return BuildContent(ledger, keys, me, secret, pb::ENTRY_KIND_CASE_REVISION,
                      {std::string(case_id)}, body, now_ms);
}

Result<pb::Entry> RetractCase(const GroupLedger& ledger, const EpochKeys& keys,
                              const WriterIdentity& me, const SecretBytes& secret,
                              std::string_view case_id, std::string_view reason, uint64_t now_ms) {
  KRING_RETURN_IF_ERROR(CheckCaseId(case_id));
  KRING_RETURN_IF_ERROR(CheckInGroup(ledger));
  const GroupState& state = ledger.state();
  // A current member uses the current key; a former member the last key it holds.
  const uint32_t epoch =
      state.FindMember(me.signing_public_key) != nullptr ? state.epoch() : keys.latest();
  const SecretBytes* key = keys.Find(epoch);
  if (key == nullptr || !state.WasMemberDuring(me.signing_public_key, epoch)) {
    return Status::User(i18n::Tr("groups.writer.no_member_key", {{"group", ledger.Label()}}));
  }
  pb::RetractionBody body;
  body.set_reason(std::string(reason));
  HeaderFields header{ledger.group_id(),         me.signing_public_key,
                      pb::ENTRY_KIND_RETRACTION, now_ms,
                      {std::string(case_id)},    epoch};
  return MakeEncryptedEntry(header, body, *key, secret);
}

Result<pb::Entry> WriteReview(const GroupLedger& ledger, const EpochKeys& keys,
                              const WriterIdentity& me, const SecretBytes& secret,
                              std::string_view case_id, const pb::ReviewBody& body,
                              uint64_t now_ms) {
  KRING_RETURN_IF_ERROR(CheckCaseId(case_id));
  for (uint32_t score : {body.reflection_on_action(), body.context_versus_choices(),
                         body.learning_from_experience(), body.self_direction()}) {
    if (score < 1 || score > 5) return Status::Usage(i18n::Tr("groups.writer.score_range"));
  }
  if (body.focused() == pb::FOCUSED_UNSPECIFIED) {
    return Status::Usage(i18n::Tr("groups.writer.focused_missing"));
  }
  return BuildContent(ledger, keys, me, secret, pb::ENTRY_KIND_REVIEW, {std::string(case_id)}, body,
                      now_ms);
}

Result<pb::Entry> RequestFeedback(const GroupLedger& ledger, const EpochKeys& keys,
                                  const WriterIdentity& me, const SecretBytes& secret,
                                  std::string_view case_id, const pb::FeedbackRequestBody& body,
                                  uint64_t now_ms) {
  KRING_RETURN_IF_ERROR(CheckCaseId(case_id));
  if (!body.whole_group() && body.recipient_keys().empty()) {
    return Status::Usage(i18n::Tr("groups.writer.no_recipients"));
  }
  for (const std::string& recipient : body.recipient_keys()) {
    if (ledger.state().FindMember(recipient) == nullptr) {
      return Status::User(
          i18n::Tr("groups.writer.recipient_not_member",
                   {{"member", Fingerprint(recipient)}, {"group", ledger.Label()}}));
    }
  }
  if (!body.due_date().empty() && !IsIsoDate(body.due_date())) {
    return Status::Usage(i18n::Tr("groups.writer.due_date"));
  }
  return BuildContent(ledger, keys, me, secret, pb::ENTRY_KIND_FEEDBACK_REQUEST,
                      {std::string(case_id)}, body, now_ms);
}

}  // namespace kring
