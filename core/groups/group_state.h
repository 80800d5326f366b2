// A group's state — name, members with roles and keys, epochs — as a deterministic fold over its
// membership and key_epoch entries, applied one by one along the chain. Pure: no keys are needed
// (a relay folds the same chain), and no storage. See docs/groups.md, "The membership chain".
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/groups/entry.h"
#include "entry.pb.h"

namespace kring {

std::string RoleName(pb::Role role);  // "admin", "coach", "supervisor"

// Who may write a content kind (docs/groups.md, "Validation rules").
bool RoleMayWrite(pb::Role role, pb::EntryKind kind);

// group_id = BLAKE2b-256("kring-group-v1\0" || creator signing key || nonce).
std::string DeriveGroupId(std::string_view creator_signing_key, std::string_view nonce);

// Associated data of a member's sealed profile.
std::string ProfileAssociatedData(std::string_view group_id, std::string_view member_key);

// Associated data of a group's sealed mailbox addresses (MEMBERSHIP_ACTION_MAILBOX).
std::string MailboxAssociatedData(std::string_view group_id, std::string_view mailbox_key);

// Keyed BLAKE2b-256 that commits to an epoch key without revealing it.
std::string EpochKeyCommitment(const SecretBytes& key, std::string_view group_id, uint32_t epoch);

struct GroupMember {
  std::string signing_key;
  std::string sealing_key;
  pb::Role role = pb::ROLE_UNSPECIFIED;
  std::string sealed_profile;  // alias, readable by members only
  uint32_t profile_epoch = 0;  // the epoch whose key seals the profile
  uint32_t since_epoch = 0;
  uint64_t since_ms = 0;
};

// One stretch of time in which a key held one role. A removal, a leave or a role change ends it.
struct Tenure {
  pb::Role role = pb::ROLE_UNSPECIFIED;
  uint32_t from_epoch = 0;
  uint64_t from_ms = 0;
  bool ended = false;
  uint32_t to_epoch = 0;  // last epoch of the tenure, when ended
  uint64_t to_ms = 0;     // created_at of the entry that ended it
};

struct EpochInfo {
  std::string key_commitment;
  std::string key_entry_id;  // the key_epoch entry that started it
  uint64_t started_ms = 0;
  // Set by the first removal or leave in this epoch: entries written at this epoch afterwards
  // would be readable by the member who left, so they are refused.
  bool closed = false;
  uint64_t closed_ms = 0;
};

// The group's mailbox (kring group use-mailbox): a blind relay every member syncs through.
struct GroupMailbox {
  std::string key;               // the mailbox node's signing key
  std::string sealed_addresses;  // a MailboxProfile, readable by members only
  uint32_t epoch = 0;            // the epoch whose key seals the addresses
  std::string set_by;            // the admin who set it
  uint64_t set_ms = 0;
};

// What must come next on the chain.
enum class KeysPending {
  kNone,
  kInitial,   // after create: a key_epoch for epoch 1
  kReseal,    // after add: a key_epoch re-sealing the current epoch key to all incl. the newcomer
  kRotation,  // after remove or leave: a key_epoch with a fresh key for epoch + 1
};

// The reason an entry cannot be applied or written, with words for the coach.
struct RuleBreach {
  RejectReason reason = RejectReason::kNone;
  std::string why;  // completes "entry 3fa2c1d0: ..."
  bool ok() const { return reason == RejectReason::kNone; }
};

class GroupState {
 public:
  // The empty state before the genesis entry.
  explicit GroupState(std::string group_id);

  // Applies one chain entry (envelope already checked, parent already verified to be this
  // state's head) and returns what is wrong with it if it breaks a rule; then *this is unchanged.
  RuleBreach Apply(const CheckedEntry& entry);
  // Limits the number of members an add may reach (ValidationLimits::max_members).
  void set_max_members(size_t max_members) { max_members_ = max_members; }

  // May `author` write a content entry of `kind` at `epoch`, created at `created_at_ms`?
  // Checks epoch known, membership with a permitting role during that epoch, and that the entry
  // was created before the author's tenure ended and before the epoch was closed.
  // `group_label` names the group in messages, e.g. "group 'Kring Utrecht'".
  RuleBreach CheckContentAuthor(std::string_view author, pb::EntryKind kind, uint32_t epoch,
                                uint64_t created_at_ms, std::string_view group_label) const;
  // Was `author` ever a member with any role during `epoch`? (A retraction by a former member.)
  bool WasMemberDuring(std::string_view author, uint32_t epoch) const;

  bool has_genesis() const { return !head_id_.empty(); }
  const std::string& group_id() const { return group_id_; }
  const std::string& creator_key() const { return creator_key_; }
  const std::string& sealed_name() const { return sealed_name_; }  // inside creator's profile
  const std::string& head_id() const { return head_id_; }
  uint64_t head_created_ms() const { return head_created_ms_; }
  uint64_t genesis_created_ms() const { return genesis_created_ms_; }
  uint32_t epoch() const { return epoch_; }  // 0 until the first key_epoch entry
  KeysPending pending() const { return pending_; }
  const std::map<std::string, GroupMember, std::less<>>& members() const { return members_; }
  const GroupMember* FindMember(std::string_view signing_key) const;
  // Members who were removed or left, as they were when they went (their profiles stay
  // readable so old entries keep their authors' aliases).
  const std::map<std::string, GroupMember, std::less<>>& former_members() const {
    return former_members_;
  }
  const std::map<uint32_t, EpochInfo>& epochs() const { return epochs_; }
  const std::map<std::string, std::vector<Tenure>, std::less<>>& tenures() const {
    return tenures_;
  }
  size_t AdminCount() const;
  // The mailbox the group syncs through, if an admin set one (and did not stop it).
  const GroupMailbox* mailbox() const { return mailbox_ ? &*mailbox_ : nullptr; }

 private:
  RuleBreach ApplyUnchecked(const CheckedEntry& entry);
  RuleBreach ApplyMembership(const CheckedEntry& entry, const pb::MembershipBody& body);
  RuleBreach ApplyGenesis(const CheckedEntry& entry, const pb::MembershipBody& body);
  RuleBreach ApplyAdd(const CheckedEntry& entry, const pb::MembershipBody& body);
  RuleBreach ApplyRemoveOrLeave(const CheckedEntry& entry, const pb::MembershipBody& body);
  RuleBreach ApplyProfile(const CheckedEntry& entry, const pb::MembershipBody& body);
  RuleBreach ApplyRoleChange(const CheckedEntry& entry, const pb::MembershipBody& body);
  RuleBreach ApplyMailbox(const CheckedEntry& entry, const pb::MembershipBody& body);
  RuleBreach ApplyKeyEpoch(const CheckedEntry& entry, const pb::KeyEpochBody& body);
  RuleBreach CheckSealedKeys(const pb::KeyEpochBody& body) const;
  void OpenTenure(const std::string& key, pb::Role role, uint64_t at_ms);
  void EndTenure(const std::string& key, uint64_t at_ms);

  std::string group_id_;
  size_t max_members_ = 500;
  std::string creator_key_;
  std::string sealed_name_;
  std::string head_id_;
  uint64_t head_created_ms_ = 0;
  uint64_t genesis_created_ms_ = 0;
  uint32_t epoch_ = 0;
  KeysPending pending_ = KeysPending::kNone;
  std::map<std::string, GroupMember, std::less<>> members_;  // current, by signing key
  std::map<std::string, GroupMember, std::less<>> former_members_;
  std::map<std::string, std::vector<Tenure>, std::less<>> tenures_;  // every key ever a member
  std::map<uint32_t, EpochInfo> epochs_;
  std::optional<GroupMailbox> mailbox_;
};

}  // namespace kring
