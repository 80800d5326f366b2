// A blind relay's registration for one group: an admin signs (group id, relay key, admin key,
// time) and hands the relay the group's chain, so the relay can check who may sync without
// holding any group key. Pure: encoding and verification only. See docs/sync.md, "Blind relay".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"
#include "core/crypto/crypto.h"
#include "core/groups/group_ledger.h"
#include "entry.pb.h"

namespace kring {

inline constexpr std::string_view kRelayRegistrationMagic = "KRINGRELAY1\n";
inline constexpr size_t kMaxRelayRegistrationBytes = 64u << 20;

// The file contents for `kring group register-relay`. The signer must be an admin of `ledger`.
Result<std::string> EncodeRelayRegistration(const GroupLedger& ledger, std::string_view admin_key,
                                            const SecretBytes& admin_secret,
                                            std::string_view relay_signing_key, uint64_t now_ms);

// The relay key a registration names, without checking anything else; empty when it is not one.
std::string RegistrationRelayKey(std::string_view file);

struct VerifiedRelayRegistration {
  std::string group_id;
  std::string admin_key;
  uint64_t created_at = 0;
  std::vector<pb::Entry> chain;
};

// Checks a registration file on the relay: well formed, meant for `my_signing_key`, signed by
// `admin_key`, and that key is an admin in the chain the file carries (validated with the one
// validation function). kUsage for a foreign file, kIntegrity for a bad signature or chain,
// kUser when it names another relay or the signer is not an admin.
Result<VerifiedRelayRegistration> VerifyRelayRegistration(std::string_view file,
                                                          std::string_view my_signing_key,
                                                          uint64_t now_ms);

}  // namespace kring
