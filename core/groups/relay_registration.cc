#include "core/groups/relay_registration.h"

#include "core/i18n/messages.h"
#include "sync.pb.h"

namespace kring {
namespace {

constexpr std::string_view kSignatureContext = "kring/relay-registration/v1";

std::string SignedBytes(std::string_view registration) {
  return std::string(kSignatureContext) + std::string(registration);
}

}  // namespace

Result<std::string> EncodeRelayRegistration(const GroupLedger& ledger, std::string_view admin_key,
                                            const SecretBytes& admin_secret,
                                            std::string_view relay_signing_key, uint64_t now_ms) {
  const GroupMember* admin = ledger.state().FindMember(admin_key);
  if (admin == nullptr || admin->role != pb::ROLE_ADMIN) {
    return Status::User(i18n::Tr("groups.relay.admin_only", {{"group", ledger.Label()}}));
  }
  if (relay_signing_key.size() != 32) {
    return Status::Usage(i18n::Tr("groups.relay.bad_key"));
  }
  pb::RelayRegistration registration;
  registration.set_group_id(ledger.group_id());
  registration.set_relay_signing_key(std::string(relay_signing_key));
  registration.set_admin_key(std::string(admin_key));
  registration.set_created_at(now_ms);
  pb::RelayRegistrationFile file;
  file.set_registration(registration.SerializeAsString());
  file.set_signature(Sign(admin_secret, SignedBytes(file.registration())));
  for (const pb::Entry& entry : ledger.ChainEntries()) {
    file.add_chain(entry.SerializeAsString());
  }
  return std::string(kRelayRegistrationMagic) + file.SerializeAsString();
}

std::string RegistrationRelayKey(std::string_view bytes) {
  if (bytes.size() > kMaxRelayRegistrationBytes ||
      bytes.substr(0, kRelayRegistrationMagic.size()) != kRelayRegistrationMagic) {
    return "";
  }
  bytes.remove_prefix(kRelayRegistrationMagic.size());
  pb::RelayRegistrationFile file;
  pb::RelayRegistration registration;
  if (!file.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())) ||
      !registration.ParseFromString(file.registration())) {
    return "";
  }
  return registration.relay_signing_key();
}

Result<VerifiedRelayRegistration> VerifyRelayRegistration(std::string_view bytes,
                                                          std::string_view my_signing_key,
                                                          uint64_t now_ms) {
  if (bytes.size() > kMaxRelayRegistrationBytes) {
    return Status::Usage(i18n::Tr("groups.relay.too_large"));
  }
  if (bytes.substr(0, kRelayRegistrationMagic.size()) != kRelayRegistrationMagic) {
    return Status::Usage(i18n::Tr("groups.relay.not_a_registration"));
  }
  bytes.remove_prefix(kRelayRegistrationMagic.size());
  pb::RelayRegistrationFile file;
  pb::RelayRegistration registration;
  if (!file.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())) ||
      !registration.ParseFromString(file.registration())) {
    return Status::Integrity(i18n::Tr("groups.relay.damaged"));
  }
  if (registration.group_id().size() != 32 || registration.admin_key().size() != 32) {
    return Status::Integrity(i18n::Tr("groups.relay.damaged"));
  }
  if (registration.relay_signing_key() != my_signing_key) {
    return Status::User(i18n::Tr("groups.relay.other_relay",
                                 {{"relay", Fingerprint(registration.relay_signing_key())},
                                  {"node", Fingerprint(my_signing_key)}}));
  }
  if (!VerifySignature(registration.admin_key(), SignedBytes(file.registration()),
                       file.signature())) {
    return Status::Integrity(i18n::Tr("groups.relay.bad_signature"));
  }
  VerifiedRelayRegistration out;
  out.group_id = registration.group_id();
  out.admin_key = registration.admin_key();
  out.created_at = registration.created_at();
  GroupLedger ledger(out.group_id);
  for (const std::string& raw : file.chain()) {
    pb::Entry entry;
    if (!entry.ParseFromString(raw)) return Status::Integrity(i18n::Tr("groups.relay.damaged"));
    out.chain.push_back(std::move(entry));
  }
  for (const Verdict& verdict : ledger.AdmitBatch(out.chain, NoEntries, now_ms)) {
    if (!verdict.ok()) {
      return Status::Integrity(
          i18n::Tr("groups.relay.chain_invalid", {{"reason", verdict.message()}}));
    }
  }
  const GroupMember* admin = ledger.state().FindMember(out.admin_key);
  if (admin == nullptr || admin->role != pb::ROLE_ADMIN) {
    return Status::User(
        i18n::Tr("groups.relay.signer_not_admin",
                 {{"admin", Fingerprint(out.admin_key)},
                  {"group", i18n::Tr("groups.label.id", {{"id", ShortId(out.group_id)}})}}));
  }
  return out;
}

}  // namespace kring
