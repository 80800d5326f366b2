// Public identities as coaches pass them to a group admin: one pasteable line that carries the
// signing and sealing keys and an alias, self-signed so a typo or tampering is caught.
#pragma once

#include <string>
#include <string_view>

#include "core/base/status.h"
#include "core/crypto/crypto.h"
#include "proto/store.pb.h"

namespace kring {

inline constexpr char kIdentityPrefix[] = "kring-id1:";
inline constexpr size_t kMaxAliasBytes = 64;

// Checks an alias a coach chose: 1..64 bytes of valid UTF-8, no control characters.
Status CheckAlias(std::string_view alias);

pb::PublicIdentity MakePublicIdentity(std::string_view signing_public_key,
                                      std::string_view sealing_public_key,
                                      const SecretBytes& signing_secret_key,
                                      std::string_view alias);
std::string EncodePublicIdentity(const pb::PublicIdentity& identity);
// Parses a pasted identity (surrounding whitespace and line breaks are ignored) and verifies it.
Result<pb::PublicIdentity> DecodePublicIdentity(std::string_view text);

// True when `text` is valid UTF-8 (no overlongs, no surrogates).
bool IsValidUtf8(std::string_view text);

}  // namespace kring
