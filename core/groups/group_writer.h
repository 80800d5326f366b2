// Writing to a group: builds the signed (and, for content, encrypted) entries for each thing a
// coach does — create, add, remove, leave, rotate, change a role, share, revise, retract, review,
// ask for feedback. Every builder checks its result against the same rules peers will apply
// (group_ledger.h), so a coach hears "only an admin can add members" before anything is stored.
// The caller admits the returned entries to its ledger and stores them, in order.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"
#include "core/crypto/crypto.h"
#include "core/groups/group_keys.h"
#include "core/groups/group_ledger.h"
#include "entry.pb.h"
#include "store.pb.h"

namespace kring {

// The public identity of the coach writing (the secret part is passed separately).
struct WriterIdentity {
  std::string signing_public_key;
  std::string sealing_public_key;
  std::string alias;
};

struct CreatedGroup {
  std::string group_id;
  std::vector<pb::Entry> entries;  // the genesis membership entry and the epoch-1 key_epoch
};
Result<CreatedGroup> CreateGroup(std::string_view name, const WriterIdentity& me,
                                 const SecretBytes& my_signing_secret, uint64_t now_ms);

// An admin adds a member: a membership entry and a key_epoch entry that re-seals the current
// key to every member including the newcomer (who thereby reads the group's history).
Result<std::vector<pb::Entry>> AddMember(const GroupLedger& ledger, const EpochKeys& keys,
                                         const WriterIdentity& me, const SecretBytes& secret,
                                         const pb::PublicIdentity& newcomer, pb::Role role,
                                         uint64_t now_ms);

// An admin removes a member: a membership entry and a key_epoch entry with a fresh key for the
// next epoch, sealed to the remaining members only.
Result<std::vector<pb::Entry>> RemoveMember(const GroupLedger& ledger, const EpochKeys& keys,
                                            const WriterIdentity& me, const SecretBytes& secret,
                                            std::string_view member_key, uint64_t now_ms);

// A member leaves. Any remaining member then rotates the key with RotateGroupKey.
// A member's new alias, as seen by the group (the group's name stays as its creator gave it).
Result<pb::Entry> UpdateOwnProfile(const GroupLedger& ledger, const EpochKeys& keys,
                                   const WriterIdentity& me, const SecretBytes& secret,
                                   std::string_view alias, uint64_t now_ms);
Result<pb::Entry> LeaveGroup(const GroupLedger& ledger, const WriterIdentity& me,
                             const SecretBytes& secret, uint64_t now_ms);

// A fresh key for the next epoch: due after a leave (any member), or at will (admins).
Result<pb::Entry> RotateGroupKey(const GroupLedger& ledger, const EpochKeys& keys,
                                 const WriterIdentity& me, const SecretBytes& secret,
                                 uint64_t now_ms);

Result<pb::Entry> ChangeRole(const GroupLedger& ledger, const WriterIdentity& me,
                             const SecretBytes& secret, std::string_view member_key, pb::Role role,
                             uint64_t now_ms);

// An admin sets the group's mailbox: its key in the clear (so the mailbox can check who syncs),
// its addresses sealed with the current epoch key. Replaces an earlier mailbox.
Result<pb::Entry> SetMailbox(const GroupLedger& ledger, const EpochKeys& keys,
                             const WriterIdentity& me, const SecretBytes& secret,
                             std::string_view mailbox_key,
                             const std::vector<std::string>& addresses, uint64_t now_ms);
// An admin stops using the group's mailbox.
Result<pb::Entry> StopMailbox(const GroupLedger& ledger, const WriterIdentity& me,
                              const SecretBytes& secret, uint64_t now_ms);

// Content. `reflection` must already be the anonymised text (the caller runs the gate).
Result<pb::Entry> ShareCase(const GroupLedger& ledger, const EpochKeys& keys,
                            const WriterIdentity& me, const SecretBytes& secret,
                            const pb::CaseReflection& reflection, uint64_t now_ms);
Result<pb::Entry> ReviseCase(const GroupLedger& ledger, const EpochKeys& keys,
                             const WriterIdentity& me, const SecretBytes& secret,
                             std::string_view case_id, const pb::CaseRevisionBody& body,
                             uint64_t now_ms);
// Works for former members too: they sign with the last epoch key they hold.
Result<pb::Entry> RetractCase(const GroupLedger& ledger, const EpochKeys& keys,
                              const WriterIdentity& me, const SecretBytes& secret,
                              std::string_view case_id, std::string_view reason, uint64_t now_ms);
Result<pb::Entry> WriteReview(const GroupLedger& ledger, const EpochKeys& keys,
                              const WriterIdentity& me, const SecretBytes& secret,
                              std::string_view case_id, const pb::ReviewBody& body,
                              uint64_t now_ms);
Result<pb::Entry> RequestFeedback(const GroupLedger& ledger, const EpochKeys& keys,
                                  const WriterIdentity& me, const SecretBytes& secret,
                                  std::string_view case_id, const pb::FeedbackRequestBody& body,
                                  uint64_t now_ms);

}  // namespace kring
