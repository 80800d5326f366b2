// Access to a group's epoch keys from my own identity: every epoch key sealed to me, plus every
// older one reachable through the back links that rotations carry. A member removed at epoch E
// holds keys up to E and nothing after. See docs/groups.md, "Keys and rotation".
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"
#include "core/crypto/crypto.h"
#include "core/groups/group_ledger.h"

namespace kring {

class EpochKeys {
 public:
  const SecretBytes* Find(uint32_t epoch) const;
  uint32_t latest() const { return keys_.empty() ? 0 : keys_.rbegin()->first; }
  bool empty() const { return keys_.empty(); }
  std::vector<uint32_t> epochs() const;
  void Insert(uint32_t epoch, SecretBytes key);

 private:
  std::map<uint32_t, SecretBytes> keys_;
};

// Opens every key of the resolved chain that was sealed to me, checks each against the epoch's
// commitment, and follows back links to older epochs. Fails only when not a single key could be
// obtained (e.g. I was never added, or my key_epoch entry has not arrived yet). A sealed key
// that does not match its epoch's commitment is skipped and reported in *problems.
Result<EpochKeys> UnlockEpochKeys(const GroupLedger& ledger, std::string_view my_signing_key,
                                  const BoxKeyPair& my_sealing,
                                  std::vector<std::string>* problems = nullptr);

// Associated data of the back link from epoch `epoch` to epoch - 1.
std::string PreviousKeyAssociatedData(std::string_view group_id, uint32_t epoch);

// The human names a relay cannot see: the group's name and every member's alias (current and
// former), decrypted with the epoch keys I hold. Names I cannot decrypt are left out.
struct GroupNames {
  std::string group_name;
  std::map<std::string, std::string, std::less<>> alias_by_key;
};
GroupNames RevealNames(const GroupState& state, const EpochKeys& keys);

// Where the group's mailbox answers (host:port), decrypted with the epoch keys I hold; empty
// when the group has no mailbox or I cannot read its addresses.
std::vector<std::string> RevealMailboxAddresses(const GroupState& state, const EpochKeys& keys);

}  // namespace kring
