#include "core/crypto/identity.h"

#include "core/base/utf8.h"
#include "core/i18n/messages.h"

namespace kring {
namespace {

std::string SignedPart(const pb::PublicIdentity& identity) {
  return "kring/identity/v1\n" + identity.signing_public_key() + identity.sealing_public_key() +
         identity.alias();
}

}  // namespace

bool IsValidUtf8(std::string_view text) { return !FindInvalidUtf8(text).has_value(); }

Status CheckAlias(std::string_view alias) {
  if (alias.empty()) return Status::User(i18n::Tr("crypto.alias_empty"));
  if (alias.size() > kMaxAliasBytes) {
    return Status::User(i18n::Tr("crypto.alias_too_long", {{"max", kMaxAliasBytes}}));
  }
  if (!IsValidUtf8(alias)) return Status::User(i18n::Tr("crypto.alias_not_utf8"));
  for (unsigned char c : alias) {
    if (c < 0x20 || c == 0x7F) return Status::User(i18n::Tr("crypto.alias_control_chars"));
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
  if (compact.size() > 4096) return Status::User(i18n::Tr("crypto.identity_too_long"));
  if (compact.rfind(prefix, 0) != 0) {
    return Status::User(i18n::Tr("crypto.identity_no_prefix"));
  }
  auto bytes = FromBase64Url(std::string_view(compact).substr(prefix.size()));
  pb::PublicIdentity identity;
  if (!bytes.ok() || !identity.ParseFromString(*bytes)) {
    return Status::User(i18n::Tr("crypto.identity_damaged"));
  }
  if (identity.signing_public_key().size() != kSignPublicKeyBytes ||
      identity.sealing_public_key().size() != kBoxPublicKeyBytes) {
    return Status::User(i18n::Tr("crypto.identity_key_length"));
  }
  KRING_RETURN_IF_ERROR(CheckAlias(identity.alias()));
  if (!VerifySignature(identity.signing_public_key(), SignedPart(identity),
                       identity.self_signature())) {
    return Status::Integrity(i18n::Tr("crypto.identity_signature"));
  }
  return identity;
}

}  // namespace kring
