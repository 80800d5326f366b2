#include "core/store/node.h"

#include <sys/stat.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "core/crypto/identity.h"
#include "core/i18n/messages.h"

namespace kring {
namespace {

constexpr char kVaultKey[] = "vault";
constexpr char kStoreKeyAd[] = "kring/store-key/v1";
constexpr char kSecretsAd[] = "kring/identity-secrets/v1";
constexpr char kCaseAdPrefix[] = "kring/case/v1/";

bool IsHexId(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

Status MakeHomeDir(const std::string& home) {
  std::error_code ec;
  std::filesystem::create_directories(home, ec);
  if (ec) {
    return Status::User(
        i18n::Tr("store.home_dir_failed", {{"path", home}, {"reason", ec.message()}}));
  }
  ::chmod(home.c_str(), 0700);
  return Status::Ok();
}

void WipeSecrets(pb::IdentitySecrets& secrets) {
  WipeString(*secrets.mutable_signing_secret_key());
  WipeString(*secrets.mutable_sealing_secret_key());
}

void RemoveDatabaseFiles(const std::string& db_path) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::error_code ec;
    std::filesystem::remove(db_path + suffix, ec);
  }
}

}  // namespace

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<std::string> ResolveHome(const std::string& home_flag) {
  if (!home_flag.empty()) return home_flag;
  if (const char* env = std::getenv("KRING_HOME"); env != nullptr && *env != '\0') {
    return std::string(env);
  }
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg != '\0') {
    return std::string(xdg) + "/kring";
  }
  if (const char* user_home = std::getenv("HOME"); user_home != nullptr && *user_home != '\0') {
    return std::string(user_home) + "/.local/share/kring";
  }
  return Status::Usage(i18n::Tr("store.home_unknown"));
}

std::string DatabasePath(const std::string& home) { return home + "/kring.db"; }

std::optional<std::string> ReadNodeSetting(const std::string& home, const std::string& key) {
  std::error_code ec;
  if (!std::filesystem::exists(DatabasePath(home), ec)) return std::nullopt;
  auto store = Store::Open(DatabasePath(home));
  if (!store.ok()) return std::nullopt;
  auto value = (*store)->GetMeta("setting." + key);
  if (!value.ok()) return std::nullopt;
  return *value;
}

Status WriteNodeSetting(const std::string& home, const std::string& key, std::string_view value) {
  std::error_code ec;
  if (!std::filesystem::exists(DatabasePath(home), ec)) {
    return Status::User(i18n::Tr("store.no_node_short", {{"home", home}}));
  }
  KRING_ASSIGN_OR_RETURN(auto store, Store::Open(DatabasePath(home)));
  return WriteNodeSetting(*store, key, value);
}

Status WriteNodeSetting(Store& store, const std::string& key, std::string_view value) {
  return store.PutMeta("setting." + key, value);
}

Status CheckNewPassphrase(std::string_view passphrase) {
  if (passphrase.size() < 8) {
    return Status::User(i18n::Tr("store.passphrase_too_short", {{"min", 8}}));
  }
  if (passphrase.size() > 1024) {
    return Status::User(i18n::Tr("store.passphrase_too_long", {{"max", 1024}}));
  }
  return Status::Ok();
}

Node::Node(std::string home, std::unique_ptr<Store> store, pb::KeyVault vault,
           SecretBytes store_key, SecretBytes signing_secret, SecretBytes sealing_secret)
    : home_(std::move(home)),
      store_(std::move(store)),
      vault_(std::move(vault)),
      store_key_(std::move(store_key)),
      signing_secret_(std::move(signing_secret)),
      sealing_secret_(std::move(sealing_secret)) {}

Status Node::SetAlias(const std::string& alias) {
  KRING_RETURN_IF_ERROR(CheckAlias(alias));
  pb::KeyVault updated = vault_;
  updated.set_alias(alias);
  KRING_RETURN_IF_ERROR(store_->PutMeta(kVaultKey, updated.SerializeAsString()));
  vault_ = std::move(updated);
  return Status::Ok();
}

Result<std::unique_ptr<Node>> Node::Init(const std::string& home, std::string_view passphrase,
                                         const std::string& alias) {
  KRING_RETURN_IF_ERROR(CheckNewPassphrase(passphrase));
  const std::string db_path = DatabasePath(home);
  struct stat st {};
  if (::stat(db_path.c_str(), &st) == 0) {
    return Status::User(i18n::Tr("store.node_exists", {{"home", home}}));
  }
  KRING_RETURN_IF_ERROR(MakeHomeDir(home));

  SecretBytes store_key = RandomSecret(kAeadKeyBytes);
  SigningKeyPair signing = GenerateSigningKeyPair();
  BoxKeyPair sealing = GenerateBoxKeyPair();
  PwhashParams params = NewPwhashParams();
  KRING_ASSIGN_OR_RETURN(SecretBytes wrapping_key, DeriveKeyFromPassphrase(passphrase, params));

  pb::KeyVault vault;
  vault.set_version(1);
  vault.set_pwhash_salt(params.salt);
  vault.set_pwhash_opslimit(params.opslimit);
  vault.set_pwhash_memlimit(params.memlimit);
  vault.set_wrapped_store_key(AeadSeal(wrapping_key, store_key.view(), kStoreKeyAd));
  vault.set_signing_public_key(signing.public_key);
  vault.set_sealing_public_key(sealing.public_key);
  vault.set_alias(alias);
  {
    pb::IdentitySecrets secrets;
    secrets.set_signing_secret_key(std::string(signing.secret_key.view()));
    secrets.set_sealing_secret_key(std::string(sealing.secret_key.view()));
    SecretBytes serialized(secrets.SerializeAsString());
    vault.set_sealed_secrets(AeadSeal(store_key, serialized.view(), kSecretsAd));
    // The protobuf copies of the secrets are wiped before they are freed.
    WipeSecrets(secrets);
  }

  auto created = [&]() -> Result<std::unique_ptr<Store>> {
    KRING_ASSIGN_OR_RETURN(auto store, Store::Create(db_path));
    KRING_ASSIGN_OR_RETURN(auto tx, store->Begin());
    KRING_RETURN_IF_ERROR(store->PutMeta(kVaultKey, vault.SerializeAsString()));
    KRING_RETURN_IF_ERROR(tx->Commit());
    return store;
  }();
  if (!created.ok()) {
    RemoveDatabaseFiles(db_path);  // never leave a half-made node behind
    return created.status();
  }
  return std::unique_ptr<Node>(new Node(home, std::move(created).value(), std::move(vault),
                                        std::move(store_key), std::move(signing.secret_key),
                                        std::move(sealing.secret_key)));
}

namespace {

// The node's store and its vault (the wrapped keys), still locked.
Result<std::pair<std::unique_ptr<Store>, pb::KeyVault>> OpenVault(const std::string& home) {
  const std::string db_path = DatabasePath(home);
  struct stat st {};
  if (::stat(db_path.c_str(), &st) != 0) {
    return Status::User(i18n::Tr("store.no_node", {{"home", home}}));
  }
  KRING_ASSIGN_OR_RETURN(auto store, Store::Open(db_path));
  KRING_ASSIGN_OR_RETURN(auto vault_bytes, store->GetMeta(kVaultKey));
  pb::KeyVault vault;
  if (!vault_bytes || !vault.ParseFromString(*vault_bytes) || vault.version() != 1) {
    return Status::Integrity(i18n::Tr("store.vault_damaged", {{"path", db_path}}));
  }
  return std::make_pair(std::move(store), std::move(vault));
}

}  // namespace

Result<std::unique_ptr<Node>> Node::Unlock(const std::string& home, std::unique_ptr<Store> store,
                                           pb::KeyVault vault, SecretBytes store_key) {
  KRING_ASSIGN_OR_RETURN(SecretBytes secret_bytes,
                         AeadOpenSecret(store_key, vault.sealed_secrets(), kSecretsAd));
  pb::IdentitySecrets secrets;
  if (!secrets.ParseFromArray(secret_bytes.data(), static_cast<int>(secret_bytes.size())) ||
      secrets.signing_secret_key().size() != 64 || secrets.sealing_secret_key().size() != 32) {
    return Status::Integrity(i18n::Tr("store.identity_damaged", {{"path", DatabasePath(home)}}));
  }
  SecretBytes signing(secrets.signing_secret_key());
  SecretBytes sealing(secrets.sealing_secret_key());
  WipeSecrets(secrets);
  return std::unique_ptr<Node>(new Node(home, std::move(store), std::move(vault),
                                        std::move(store_key), std::move(signing),
                                        std::move(sealing)));
}

Result<std::unique_ptr<Node>> Node::Open(const std::string& home, std::string_view passphrase) {
  KRING_ASSIGN_OR_RETURN(auto opened, OpenVault(home));
  auto& [store, vault] = opened;
  PwhashParams params{vault.pwhash_salt(), vault.pwhash_opslimit(), vault.pwhash_memlimit()};
  KRING_ASSIGN_OR_RETURN(SecretBytes wrapping_key, DeriveKeyFromPassphrase(passphrase, params));
  auto store_key = AeadOpenSecret(wrapping_key, vault.wrapped_store_key(), kStoreKeyAd);
  if (!store_key.ok()) {
    return Status::Integrity(i18n::Tr("store.wrong_passphrase", {{"home", home}}));
  }
  KRING_ASSIGN_OR_RETURN(auto node,
                         Unlock(home, std::move(store), std::move(vault), std::move(*store_key)));
  if (PwhashWeakerThanChosen(params)) {
    // Best effort: a node that cannot be re-wrapped now (a read-only store, too little memory)
    // opens all the same and tries again next time.
    (void)node->Rewrap(passphrase);
  }
  return node;
}

Result<std::unique_ptr<Node>> Node::OpenWithStoreKey(const std::string& home,
                                                     const SecretBytes& store_key) {
  KRING_ASSIGN_OR_RETURN(auto opened, OpenVault(home));
  auto& [store, vault] = opened;
  SecretBytes key = store_key.Clone();
  // The key must be this node's: it opens the identity sealed with it, or nothing opens.
  auto node = Unlock(home, std::move(store), std::move(vault), std::move(key));
  if (!node.ok()) return Status::Integrity(i18n::Tr("store.agent_key_wrong", {{"home", home}}));
  return node;
}

Status Node::Rewrap(std::string_view passphrase) {
  PwhashParams params = NewPwhashParams();
  KRING_ASSIGN_OR_RETURN(SecretBytes wrapping_key, DeriveKeyFromPassphrase(passphrase, params));
  pb::KeyVault updated = vault_;
  updated.set_pwhash_salt(params.salt);
  updated.set_pwhash_opslimit(params.opslimit);
  updated.set_pwhash_memlimit(params.memlimit);
  updated.set_wrapped_store_key(AeadSeal(wrapping_key, store_key_.view(), kStoreKeyAd));
  KRING_RETURN_IF_ERROR(store_->PutMeta(kVaultKey, updated.SerializeAsString()));
  vault_ = std::move(updated);
  return Status::Ok();
}

std::string Node::SealRecord(std::string_view plaintext, std::string_view associated_data) const {
  return AeadSeal(store_key_, plaintext, associated_data);
}

Result<std::string> Node::OpenRecord(std::string_view sealed,
                                     std::string_view associated_data) const {
  auto opened = AeadOpen(store_key_, sealed, associated_data);
  if (!opened.ok()) {
    return Status::Integrity(i18n::Tr("store.record_damaged"));
  }
  return opened;
}

// ------------------------------------------------------------------- cases

Result<CaseRecord> Node::DecodeCaseRow(const CaseRow& row) const {
  KRING_ASSIGN_OR_RETURN(std::string plain, OpenRecord(row.sealed, kCaseAdPrefix + row.id));
  CaseRecord record{row.id, {}};
  bool parsed = record.stored.ParseFromString(plain);
  WipeString(plain);
  if (!parsed) {
    return Status::Integrity(i18n::Tr("store.case_damaged", {{"id", row.id.substr(0, 8)}}));
  }
  return record;
}

Result<CaseRecord> Node::CreateCase(const pb::CaseReflection& reflection) {
  CaseRecord record{ToHex(RandomBytes(16)), {}};
  *record.stored.mutable_reflection() = reflection;
  record.stored.set_created_at(NowMillis());
  KRING_RETURN_IF_ERROR(SaveCase(record));
  return record;
}

Status Node::SaveCase(CaseRecord& record) {
  record.stored.set_updated_at(NowMillis());
  std::string plain = record.stored.SerializeAsString();
  CaseRow row{record.id, record.stored.created_at(), record.stored.updated_at(),
              SealRecord(plain, kCaseAdPrefix + record.id)};
  WipeString(plain);
  KRING_ASSIGN_OR_RETURN(auto tx, store_->Begin());
  KRING_RETURN_IF_ERROR(store_->PutCase(row));
  return tx->Commit();
}

Result<CaseRecord> Node::LoadCase(const std::string& id) {
  KRING_ASSIGN_OR_RETURN(auto row, store_->GetCase(id));
  if (!row) return Status::User(i18n::Tr("store.no_case", {{"id", id}}));
  return DecodeCaseRow(*row);
}

Result<std::vector<CaseRecord>> Node::ListCases() {
  KRING_ASSIGN_OR_RETURN(auto rows, store_->ListCases());
  std::vector<CaseRecord> records;
  for (const CaseRow& row : rows) {
    KRING_ASSIGN_OR_RETURN(auto record, DecodeCaseRow(row));
    records.push_back(std::move(record));
  }
  return records;
}

Result<std::vector<CaseRecord>> Node::ListRecentCases(int64_t limit) {
  KRING_ASSIGN_OR_RETURN(auto rows, store_->ListRecentCases(limit));
  std::vector<CaseRecord> records;
  for (const CaseRow& row : rows) {
    KRING_ASSIGN_OR_RETURN(auto record, DecodeCaseRow(row));
    records.push_back(std::move(record));
  }
  return records;
}

Status Node::DeleteCase(const std::string& id) {
  KRING_ASSIGN_OR_RETURN(auto tx, store_->Begin());
  KRING_ASSIGN_OR_RETURN(bool deleted, store_->DeleteCase(id));
  if (!deleted) return Status::User(i18n::Tr("store.no_case", {{"id", id}}));
  return tx->Commit();
}

Result<std::string> Node::ResolveCaseId(const std::string& id_or_prefix) {
  std::string prefix;
  for (char c : id_or_prefix) prefix.push_back(static_cast<char>(std::tolower(c)));
  if (!IsHexId(prefix) || prefix.size() > 32) {
    return Status::User(i18n::Tr("store.not_a_case_id", {{"id", id_or_prefix}}));
  }
  if (prefix.size() < 4) {
    return Status::User(i18n::Tr("store.case_id_too_short", {{"id", id_or_prefix}, {"min", 4}}));
  }
  KRING_ASSIGN_OR_RETURN(auto ids, store_->CaseIdsWithPrefix(prefix));
  if (ids.empty()) {
    return Status::User(i18n::Tr("store.no_case", {{"id", id_or_prefix}}));
  }
  if (ids.size() > 1) {
    std::string list;
    for (const auto& id : ids) list += (list.empty() ? "" : " ") + id.substr(0, 12);
    return Status::User(
        i18n::Tr("store.case_id_ambiguous", {{"id", id_or_prefix}, {"matches", list}}));
  }
  return ids.front();
}

}  // namespace kring
