#include "core/crypto/identity.h"

#include "core/base/utf8.h"

namespace kring {
namespace {

std::string SignedPart(const pb::PublicIdentity& identity) {
  return "kring/identity/v1\n" + identity.signing_public_key() + identity.sealing_public_key() +
         identity.alias();
}

}  // namespace

bool IsValidUtf8(std::string_view text) { return !FindInvalidUtf8(text).has_value(); }

Status CheckAlias(std::string_view alias) {
  if (alias.empty())
    return Status::User("the alias is empty: choose a name your group knows you by");
  if (alias.size() > kMaxAliasBytes) {
    return Status::User("the alias is too long (at most 64 bytes)");
  }
  if (!IsValidUtf8(alias)) return Status::User("the alias is not valid text (UTF-8)");
  for (unsigned char c : alias) {
    if (c < 0x20 || c == 0x7F) return Status::User("the alias contains control characters");
  }
  return Status::Ok();
}

pb::PublicIdentity MakePublicIdentity(std::string_view signing_public_key,
                                      std::string_view sealing_public_key,
                                      const SecretBytes& signing_secret_key,
                                      std::string_view alias) {
  pb::PublicIdentity identity;
  identity.set_signing_public_key(std::string(signing_public_key));
  identity.set_sealing_public_key(std::string(sealing_public_key));
  identity.set_alias(std::string(alias));
  identity.set_self_signature(Sign(signing_secret_key, SignedPart(identity)));
  return identity;
}

std::string EncodePublicIdentity(const pb::PublicIdentity& identity) {
  return kIdentityPrefix + Base64Url(identity.SerializeAsString());
}

Result<pb::PublicIdentity> DecodePublicIdentity(std::string_view text) {
  std::string compact;
  for (char c : text) {
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') compact.push_back(c);
  }
  const std::string_view prefix = kIdentityPrefix;
  if (compact.size() > 4096) return Status::User("this is not a Kring identity (too long)");
  if (compact.rfind(prefix, 0) != 0) {
    return Status::User(
        "this is not a Kring identity: it should start with 'kring-id1:' (ask the coach to send "
        "the output of `kring whoami --export`)");
  }
  auto bytes = FromBase64Url(std::string_view(compact).substr(prefix.size()));
  pb::PublicIdentity identity;
  if (!bytes.ok() || !identity.ParseFromString(*bytes)) {
    return Status::User("the identity text is damaged (was it copied completely?)");
  }
  if (identity.signing_public_key().size() != kSignPublicKeyBytes ||
      identity.sealing_public_key().size() != kBoxPublicKeyBytes) {
    return Status::User("the identity text is damaged (a key has the wrong length)");
  }
  KRING_RETURN_IF_ERROR(CheckAlias(identity.alias()));
  if (!VerifySignature(identity.signing_public_key(), SignedPart(identity),
                       identity.self_signature())) {
    return Status::Integrity(
        "the identity's signature does not match: it was altered or copied incompletely");
  }
  return identity;
}

}  // namespace kring
