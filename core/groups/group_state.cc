#include "core/groups/group_state.h"

#include <utility>

#include "core/i18n/messages.h"

namespace kring {
namespace {

constexpr std::string_view kGroupIdContext{"kring-group-v1\0", 15};
constexpr std::string_view kProfileContext{"kring-profile-v1\0", 17};
constexpr std::string_view kMailboxContext{"kring-mailbox-v1\0", 17};
constexpr std::string_view kEpochKeyContext{"kring-epoch-key-v1\0", 19};
constexpr size_t kAeadOverhead = 24 + 16;
constexpr size_t kSealedKeyBytes = kAeadKeyBytes + 48;  // crypto_box_SEALBYTES
constexpr size_t kPreviousKeyBytes = kAeadKeyBytes + kAeadOverhead;
constexpr size_t kMinNonceBytes = 16;
constexpr size_t kMaxNonceBytes = 64;
constexpr size_t kMaxProfileBytes = 4096;

RuleBreach Breach(RejectReason reason, std::string why) { return {reason, std::move(why)}; }

std::string Who(std::string_view key) {
  return i18n::Tr("groups.member", {{"fingerprint", Fingerprint(key)}});
}

bool IsValidRole(pb::Role role) {
  return role == pb::ROLE_ADMIN || role == pb::ROLE_COACH || role == pb::ROLE_SUPERVISOR;
}

// The role with its article, for messages: "an admin" / "een beheerder".
std::string RolePhrase(pb::Role role) {
  switch (role) {
    case pb::ROLE_ADMIN:
      return i18n::Tr("groups.role_phrase.admin");
    case pb::ROLE_COACH:
      return i18n::Tr("groups.role_phrase.coach");
    case pb::ROLE_SUPERVISOR:
      return i18n::Tr("groups.role_phrase.supervisor");
    default:
      return i18n::Tr("groups.role_phrase.none");
  }
}

bool Covers(const Tenure& t, uint32_t epoch) {
  return t.from_epoch <= epoch && (!t.ended || t.to_epoch >= epoch);
}

}  // namespace

std::string RoleName(pb::Role role) {
  switch (role) {
    case pb::ROLE_ADMIN:
      return "admin";
    case pb::ROLE_COACH:
      return "coach";
    case pb::ROLE_SUPERVISOR:
      return "supervisor";
    default:
      return "no role";  // i18n-ok: a machine name (JSON), next to "admin" and "coach"
  }
}

bool RoleMayWrite(pb::Role role, pb::EntryKind kind) {
  switch (kind) {
    case pb::ENTRY_KIND_CASE:
    case pb::ENTRY_KIND_CASE_REVISION:
    case pb::ENTRY_KIND_RETRACTION:
      // Supervisors read cases and review them; they do not share cases.
      return role == pb::ROLE_ADMIN || role == pb::ROLE_COACH;
    case pb::ENTRY_KIND_REVIEW:
    case pb::ENTRY_KIND_FEEDBACK_REQUEST:
      return IsValidRole(role);
    default:
      return false;
  }
}

std::string DeriveGroupId(std::string_view creator_signing_key, std::string_view nonce) {
  std::string input(kGroupIdContext);
  input.append(creator_signing_key);
  input.append(nonce);
  return Blake2b256(input);
}

std::string ProfileAssociatedData(std::string_view group_id, std::string_view member_key) {
  std::string ad(kProfileContext);
  ad.append(group_id);
  ad.append(member_key);
  return ad;
}

std::string MailboxAssociatedData(std::string_view group_id, std::string_view mailbox_key) {
  std::string ad(kMailboxContext);
  ad.append(group_id);
  ad.append(mailbox_key);
  return ad;
}

std::string EpochKeyCommitment(const SecretBytes& key, std::string_view group_id, uint32_t epoch) {
  std::string input(kEpochKeyContext);
  input.append(group_id);
  for (int i = 0; i < 4; ++i) input.push_back(static_cast<char>((epoch >> (8 * i)) & 0xff));
  return KeyedBlake2b256(key, input);
}

GroupState::GroupState(std::string group_id) : group_id_(std::move(group_id)) {}

const GroupMember* GroupState::FindMember(std::string_view signing_key) const {
  auto it = members_.find(signing_key);
  return it == members_.end() ? nullptr : &it->second;
}

size_t GroupState::AdminCount() const {
  size_t n = 0;
  for (const auto& [key, member] : members_) n += member.role == pb::ROLE_ADMIN ? 1 : 0;
  return n;
}

RuleBreach GroupState::Apply(const CheckedEntry& entry) {
  // Work on a copy so that a rejected entry leaves no trace.
  GroupState next = *this;
  RuleBreach breach = next.ApplyUnchecked(entry);
  if (breach.ok()) *this = std::move(next);
  return breach;
}

RuleBreach GroupState::ApplyUnchecked(const CheckedEntry& entry) {
  const pb::EntryHeader& h = entry.header;
  if (h.group_id() != group_id_) {
    return Breach(RejectReason::kWrongGroup, i18n::Tr("groups.reject.another_group"));
  }
  if (has_genesis()) {
    if (h.parents_size() != 1 || h.parents(0) != head_id_) {
      return Breach(RejectReason::kBadChainEntry, i18n::Tr("groups.reject.one_parent"));
    }
    if (h.created_at() < head_created_ms_) {
      return Breach(RejectReason::kBadChainEntry, i18n::Tr("groups.reject.older_than_parent"));
    }
  }
  RuleBreach breach;
  if (h.kind() == pb::ENTRY_KIND_MEMBERSHIP) {
    pb::MembershipBody body;
    if (!ReadChainBody(entry.envelope, &body).ok()) {
      return Breach(RejectReason::kMalformed, i18n::Tr("groups.reject.membership_unreadable"));
    }
    breach = ApplyMembership(entry, body);
  } else if (h.kind() == pb::ENTRY_KIND_KEY_EPOCH) {
    if (!has_genesis()) {
      return Breach(RejectReason::kBadChainEntry, i18n::Tr("groups.reject.no_creation"));
    }
    pb::KeyEpochBody body;
    if (!ReadChainBody(entry.envelope, &body).ok()) {
      return Breach(RejectReason::kMalformed, i18n::Tr("groups.reject.key_renewal_unreadable"));
    }
    breach = ApplyKeyEpoch(entry, body);
  } else {
    return Breach(RejectReason::kBadChainEntry,
                  i18n::Tr("groups.reject.not_membership", {{"kind", KindPhrase(h.kind())}}));
  }
  if (!breach.ok()) return breach;
  head_id_ = entry.id;
  head_created_ms_ = h.created_at();
  return {};
}

RuleBreach GroupState::ApplyMembership(const CheckedEntry& entry, const pb::MembershipBody& body) {
  const std::string& author = entry.header.author_key();
  if (!has_genesis()) return ApplyGenesis(entry, body);
  if (body.action() == pb::MEMBERSHIP_ACTION_CREATE) {
    return Breach(RejectReason::kBadChainEntry, i18n::Tr("groups.reject.already_created"));
  }
  const bool profile = body.action() == pb::MEMBERSHIP_ACTION_PROFILE;
  if (pending_ != KeysPending::kNone && !profile) {
    return Breach(RejectReason::kBadChainEntry, i18n::Tr("groups.reject.renew_key_first"));
  }
  const GroupMember* writer = FindMember(author);
  if (writer == nullptr) {
    return Breach(RejectReason::kNotMember,
                  i18n::Tr("groups.reject.signer_not_member", {{"author", Fingerprint(author)}}));
  }
  if (body.action() != pb::MEMBERSHIP_ACTION_LEAVE && !profile && writer->role != pb::ROLE_ADMIN) {
    return Breach(RejectReason::kRoleNotAllowed,
                  i18n::Tr("groups.reject.admin_only_membership",
                           {{"author", Fingerprint(author)}, {"role", RolePhrase(writer->role)}}));
  }
  if (body.member_signing_key().size() != kSignPublicKeyBytes) {
    return Breach(RejectReason::kBadKeyLength, i18n::Tr("groups.reject.member_key_length"));
  }
  switch (body.action()) {
    case pb::MEMBERSHIP_ACTION_ADD:
      return ApplyAdd(entry, body);
    case pb::MEMBERSHIP_ACTION_REMOVE:
    case pb::MEMBERSHIP_ACTION_LEAVE:
      return ApplyRemoveOrLeave(entry, body);
    case pb::MEMBERSHIP_ACTION_ROLE_CHANGE:
      return ApplyRoleChange(entry, body);
    case pb::MEMBERSHIP_ACTION_PROFILE:
      return ApplyProfile(entry, body);
    case pb::MEMBERSHIP_ACTION_MAILBOX:
      return ApplyMailbox(entry, body);
    default:
      return Breach(RejectReason::kMalformed, i18n::Tr("groups.reject.unknown_action"));
  }
}

RuleBreach GroupState::ApplyGenesis(const CheckedEntry& entry, const pb::MembershipBody& body) {
  const pb::EntryHeader& h = entry.header;
  if (body.action() != pb::MEMBERSHIP_ACTION_CREATE || h.parents_size() != 0) {
    return Breach(RejectReason::kMissingParent, i18n::Tr("groups.reject.missing_changes"));
  }
  if (body.member_signing_key() != h.author_key() || body.role() != pb::ROLE_ADMIN) {
    return Breach(RejectReason::kBadChainEntry, i18n::Tr("groups.reject.creator_not_admin"));
  }
  if (body.member_sealing_key().size() != kBoxPublicKeyBytes) {
    return Breach(RejectReason::kBadKeyLength, i18n::Tr("groups.reject.creator_sealing_key"));
  }
  if (body.group_nonce().size() < kMinNonceBytes || body.group_nonce().size() > kMaxNonceBytes ||
      DeriveGroupId(h.author_key(), body.group_nonce()) != group_id_) {
    return Breach(RejectReason::kWrongGroup, i18n::Tr("groups.reject.group_id_not_derived"));
  }
  if (h.key_epoch() != 1) {
    return Breach(RejectReason::kBadChainEntry, i18n::Tr("groups.reject.first_epoch"));
  }
  if (body.sealed_profile().size() < kAeadOverhead ||
      body.sealed_profile().size() > kMaxProfileBytes) {
    return Breach(RejectReason::kMalformed, i18n::Tr("groups.reject.creator_profile"));
  }
  creator_key_ = h.author_key();
  sealed_name_ = body.sealed_profile();
  genesis_created_ms_ = h.created_at();
  members_[creator_key_] = GroupMember{
      creator_key_,  body.member_sealing_key(), pb::ROLE_ADMIN, body.sealed_profile(), 1, 1,
      h.created_at()};
  epoch_ = 0;
  OpenTenure(creator_key_, pb::ROLE_ADMIN, h.created_at());
  tenures_[creator_key_].back().from_epoch = 1;
  pending_ = KeysPending::kInitial;
  return {};
}

RuleBreach GroupState::ApplyAdd(const CheckedEntry& entry, const pb::MembershipBody& body) {
  const pb::EntryHeader& h = entry.header;
  const std::string& key = body.member_signing_key();
  if (members_.contains(key)) {
    return Breach(RejectReason::kBadChainEntry,
                  i18n::Tr("groups.reject.already_member", {{"member", Who(key)}}));
  }
  if (mailbox_ && mailbox_->key == key) {
    return Breach(RejectReason::kBadChainEntry, i18n::Tr("groups.reject.mailbox_is_member"));
  }
  if (members_.size() >= max_members_) {
    return Breach(RejectReason::kBadChainEntry,
                  i18n::Tr("groups.reject.group_full", {{"n", members_.size()}}));
  }
  if (body.member_sealing_key().size() != kBoxPublicKeyBytes) {
    return Breach(RejectReason::kBadKeyLength, i18n::Tr("groups.reject.new_member_sealing_key"));
  }
  if (!IsValidRole(body.role())) {
    return Breach(RejectReason::kMalformed, i18n::Tr("groups.reject.new_member_role"));
  }
  if (h.key_epoch() != epoch_) {
    return Breach(RejectReason::kBadChainEntry,
                  i18n::Tr("groups.reject.new_member_profile_epoch",
                           {{"epoch", h.key_epoch()}, {"current", epoch_}}));
  }
  if (body.sealed_profile().size() < kAeadOverhead ||
      body.sealed_profile().size() > kMaxProfileBytes) {
    return Breach(RejectReason::kMalformed, i18n::Tr("groups.reject.new_member_profile"));
  }
  former_members_.erase(key);  // re-admitted
  members_[key] = GroupMember{
      key,           body.member_sealing_key(), body.role(), body.sealed_profile(), epoch_, epoch_,
      h.created_at()};
  OpenTenure(key, body.role(), h.created_at());
  pending_ = KeysPending::kReseal;
  return {};
}

RuleBreach GroupState::ApplyRemoveOrLeave(const CheckedEntry& entry,
                                          const pb::MembershipBody& body) {
  const pb::EntryHeader& h = entry.header;
  const std::string& key = body.member_signing_key();
  const bool leave = body.action() == pb::MEMBERSHIP_ACTION_LEAVE;
  const GroupMember* member = FindMember(key);
  if (member == nullptr) {
    return Breach(RejectReason::kBadChainEntry,
                  i18n::Tr("groups.reject.not_in_the_group", {{"member", Who(key)}}));
  }
  if (leave && key != h.author_key()) {
    return Breach(RejectReason::kBadChainEntry, i18n::Tr("groups.reject.leave_for_self"));
  }
  if (!leave && key == h.author_key()) {
    return Breach(RejectReason::kBadChainEntry, i18n::Tr("groups.reject.remove_self"));
  }
  if (member->role == pb::ROLE_ADMIN && AdminCount() == 1 && members_.size() > 1) {
    return Breach(RejectReason::kBadChainEntry, i18n::Tr("groups.reject.only_admin_leaves"));
  }
  former_members_[key] = *member;
  members_.erase(key);
  EndTenure(key, h.created_at());
  EpochInfo& info = epochs_[epoch_];
  if (!info.closed) {
    info.closed = true;
    info.closed_ms = h.created_at();
  }
  pending_ = members_.empty() ? KeysPending::kNone : KeysPending::kRotation;
  return {};
}

RuleBreach GroupState::ApplyProfile(const CheckedEntry& entry, const pb::MembershipBody& body) {
  const pb::EntryHeader& h = entry.header;
  const std::string& key = body.member_signing_key();
  if (key != h.author_key()) {
    return Breach(RejectReason::kBadChainEntry, i18n::Tr("groups.reject.profile_for_self"));
  }
  if (h.key_epoch() != epoch_) {
    return Breach(
        RejectReason::kBadChainEntry,
        i18n::Tr("groups.reject.profile_epoch", {{"epoch", h.key_epoch()}, {"current", epoch_}}));
  }
  if (body.sealed_profile().size() < kAeadOverhead ||
      body.sealed_profile().size() > kMaxProfileBytes) {
    return Breach(RejectReason::kMalformed, i18n::Tr("groups.reject.profile"));
  }
  GroupMember& member = members_[key];
  member.sealed_profile = body.sealed_profile();
  member.profile_epoch = epoch_;
  return {};
}

RuleBreach GroupState::ApplyMailbox(const CheckedEntry& entry, const pb::MembershipBody& body) {
  const pb::EntryHeader& h = entry.header;
  const std::string& key = body.member_signing_key();
  if (body.sealed_profile().empty()) {
    if (!mailbox_ || mailbox_->key != key) {
      return Breach(RejectReason::kBadChainEntry, i18n::Tr("groups.reject.not_the_mailbox"));
    }
    mailbox_.reset();
    return {};
  }
  if (members_.contains(key) || former_members_.contains(key)) {
    return Breach(RejectReason::kBadChainEntry, i18n::Tr("groups.reject.mailbox_is_member"));
  }
  if (h.key_epoch() != epoch_) {
    return Breach(
        RejectReason::kBadChainEntry,
        i18n::Tr("groups.reject.profile_epoch", {{"epoch", h.key_epoch()}, {"current", epoch_}}));
  }
  if (body.sealed_profile().size() < kAeadOverhead ||
      body.sealed_profile().size() > kMaxProfileBytes) {
    return Breach(RejectReason::kMalformed, i18n::Tr("groups.reject.mailbox_addresses"));
  }
  mailbox_ = GroupMailbox{key, body.sealed_profile(), epoch_, h.author_key(), h.created_at()};
  return {};
}

RuleBreach GroupState::ApplyRoleChange(const CheckedEntry& entry, const pb::MembershipBody& body) {
  const std::string& key = body.member_signing_key();
  const GroupMember* member = FindMember(key);
  if (member == nullptr) {
    return Breach(RejectReason::kBadChainEntry,
                  i18n::Tr("groups.reject.not_in_the_group", {{"member", Who(key)}}));
  }
  if (!IsValidRole(body.role())) {
    return Breach(RejectReason::kMalformed, i18n::Tr("groups.reject.no_valid_role"));
  }
  if (member->role == body.role()) {
    return Breach(RejectReason::kBadChainEntry,
                  i18n::Tr("groups.reject.already_role",
                           {{"member", Who(key)}, {"role", RolePhrase(body.role())}}));
  }
  if (member->role == pb::ROLE_ADMIN && AdminCount() == 1) {
    return Breach(RejectReason::kBadChainEntry, i18n::Tr("groups.reject.no_admin_left"));
  }
  EndTenure(key, entry.header.created_at());
  members_[key].role = body.role();
  OpenTenure(key, body.role(), entry.header.created_at());
  return {};
}

RuleBreach GroupState::ApplyKeyEpoch(const CheckedEntry& entry, const pb::KeyEpochBody& body) {
  const pb::EntryHeader& h = entry.header;
  const GroupMember* writer = FindMember(h.author_key());
  if (writer == nullptr) {
    return Breach(RejectReason::kNotMember, i18n::Tr("groups.reject.signer_not_member",
                                                     {{"author", Fingerprint(h.author_key())}}));
  }
  if (body.epoch() != h.key_epoch()) {
    return Breach(RejectReason::kBadChainEntry, i18n::Tr("groups.reject.epochs_differ"));
  }
  // Any remaining member may rotate after a removal or leave, so an absent admin cannot keep
  // the group writing under a key the departed member still holds; otherwise only admins.
  if (pending_ != KeysPending::kRotation && writer->role != pb::ROLE_ADMIN) {
    return Breach(RejectReason::kRoleNotAllowed,
                  i18n::Tr("groups.reject.admin_only_key", {{"author", Fingerprint(h.author_key())},
                                                            {"role", RolePhrase(writer->role)}}));
  }
  const bool reseal = pending_ == KeysPending::kReseal;
  const uint32_t expected = reseal ? epoch_ : epoch_ + 1;
  if (body.epoch() != expected) {
    return Breach(
        RejectReason::kBadChainEntry,
        i18n::Tr("groups.reject.wrong_epoch", {{"epoch", body.epoch()}, {"due", expected}}));
  }
  if (body.key_commitment().size() != 32) {
    return Breach(RejectReason::kBadKeyLength, i18n::Tr("groups.reject.commitment_length"));
  }
  if (reseal && body.key_commitment() != epochs_[epoch_].key_commitment) {
    return Breach(RejectReason::kBadChainEntry,
                  i18n::Tr("groups.reject.reseal_different", {{"epoch", epoch_}}));
  }
  const bool chained = !reseal && expected > 1;
  if (chained ? body.previous_key().size() != kPreviousKeyBytes : !body.previous_key().empty()) {
    return Breach(RejectReason::kBadKeyLength, i18n::Tr("groups.reject.previous_key_length"));
  }
  RuleBreach sealed = CheckSealedKeys(body);
  if (!sealed.ok()) return sealed;
  if (!reseal) {
    epochs_[expected] = EpochInfo{body.key_commitment(), entry.id, h.created_at(), false, 0};
    epoch_ = expected;
  }
  pending_ = KeysPending::kNone;
  return {};
}

RuleBreach GroupState::CheckSealedKeys(const pb::KeyEpochBody& body) const {
  if (static_cast<size_t>(body.sealed_keys_size()) != members_.size()) {
    return Breach(RejectReason::kBadChainEntry,
                  i18n::Tr("groups.reject.sealed_count",
                           {{"sealed", body.sealed_keys_size()}, {"members", members_.size()}}));
  }
  std::map<std::string, int, std::less<>> seen;
  for (const pb::SealedGroupKey& sealed : body.sealed_keys()) {
    if (!members_.contains(sealed.member_signing_key())) {
      return Breach(RejectReason::kBadChainEntry,
                    i18n::Tr("groups.reject.sealed_to_stranger",
                             {{"member", Fingerprint(sealed.member_signing_key())}}));
    }
    if (++seen[sealed.member_signing_key()] > 1) {
      return Breach(RejectReason::kBadChainEntry, i18n::Tr("groups.reject.sealed_twice"));
    }
    if (sealed.sealed_key().size() != kSealedKeyBytes) {
      return Breach(RejectReason::kBadKeyLength, i18n::Tr("groups.reject.sealed_key_length"));
    }
  }
  return {};
}

void GroupState::OpenTenure(const std::string& key, pb::Role role, uint64_t at_ms) {
  tenures_[key].push_back(Tenure{role, epoch_, at_ms, false, 0, 0});
}

void GroupState::EndTenure(const std::string& key, uint64_t at_ms) {
  Tenure& open = tenures_[key].back();
  open.ended = true;
  open.to_epoch = epoch_;
  open.to_ms = at_ms;
}

bool GroupState::WasMemberDuring(std::string_view author, uint32_t epoch) const {
  auto it = tenures_.find(author);
  if (it == tenures_.end()) return false;
  for (const Tenure& t : it->second) {
    if (Covers(t, epoch)) return true;
  }
  return false;
}

RuleBreach GroupState::CheckContentAuthor(std::string_view author, pb::EntryKind kind,
                                          uint32_t epoch, uint64_t created_at_ms,
                                          std::string_view group_label) const {
  const std::string label(group_label);
  auto epoch_it = epochs_.find(epoch);
  if (epoch_it == epochs_.end()) {
    return Breach(RejectReason::kUnknownEpoch,
                  i18n::Tr("groups.reject.epoch_ahead",
                           {{"epoch", epoch}, {"group", label}, {"current", epoch_}}));
  }
  auto it = tenures_.find(author);
  if (it == tenures_.end()) {
    return Breach(RejectReason::kNotMember,
                  i18n::Tr("groups.reject.not_a_member",
                           {{"author", Fingerprint(author)}, {"group", label}}));
  }
  const Tenure* covering = nullptr;
  const Tenure* permitted_but_ended = nullptr;
  for (const Tenure& t : it->second) {
    if (!Covers(t, epoch)) continue;
    covering = &t;
    if (!RoleMayWrite(t.role, kind)) continue;
    if (t.ended && created_at_ms >= t.to_ms) {
      permitted_but_ended = &t;
      continue;
    }
    if (epoch_it->second.closed && created_at_ms >= epoch_it->second.closed_ms) {
      return Breach(
          RejectReason::kWrittenAfterRemoval,
          i18n::Tr("groups.reject.old_key_after_leave", {{"epoch", epoch}, {"group", label}}));
    }
    return {};
  }
  if (covering == nullptr) {
    return Breach(RejectReason::kNotMember,
                  i18n::Tr("groups.reject.not_a_member_at",
                           {{"author", Fingerprint(author)}, {"group", label}, {"epoch", epoch}}));
  }
  if (permitted_but_ended != nullptr) {
    return Breach(
        RejectReason::kWrittenAfterRemoval,
        i18n::Tr("groups.reject.written_after_leave",
                 {{"author", Fingerprint(author)}, {"group", label}, {"kind", KindPhrase(kind)}}));
  }
  return Breach(RejectReason::kRoleNotAllowed,
                i18n::Tr("groups.reject.role_may_not_write", {{"author", Fingerprint(author)},
                                                              {"role", RolePhrase(covering->role)},
                                                              {"group", label},
                                                              {"kind", KindPhrase(kind)}}));
}

}  // namespace kring
