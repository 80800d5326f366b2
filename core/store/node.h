// A Kring node: its home directory, unlocked store and identity. Everything a command does to
// local data goes through an unlocked Node.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/base/status.h"
#include "core/crypto/crypto.h"
#include "core/store/store.h"
#include "proto/store.pb.h"

namespace kring {

// Where the node lives: the --home flag, else $KRING_HOME, else $XDG_DATA_HOME/kring, else
// ~/.local/share/kring.
Result<std::string> ResolveHome(const std::string& home_flag);
std::string DatabasePath(const std::string& home);

// The node's settings that are not secret (today: "language", "nl" or "en"). They sit in the
// store's meta table in the clear, so that they can be read before the store is unlocked: the
// passphrase prompt itself speaks the coach's language. nullopt when there is no node, no such
// setting, or the store cannot be read (the caller falls back to a default).
std::optional<std::string> ReadNodeSetting(const std::string& home, const std::string& key);
// Writes a setting without unlocking (it is not secret); fails when there is no node. Opens the
// store for this one write: never while this process has the node open (a second connection
// to the file in the same process, closed again, cuts the first one's writes off from other
// processes until it exits; SQLite's WAL and POSIX locks). With the node open, use the overload.
Status WriteNodeSetting(const std::string& home, const std::string& key, std::string_view value);
Status WriteNodeSetting(Store& store, const std::string& key, std::string_view value);

// Passphrase rules, checked at init.
Status CheckNewPassphrase(std::string_view passphrase);

struct CaseRecord {
  std::string id;  // 32 hex characters
  pb::StoredCase stored;
};

class Node {
 public:
  // Creates the home directory (0700), the store, the identity and the wrapped store key.
  static Result<std::unique_ptr<Node>> Init(const std::string& home, std::string_view passphrase,
                                            const std::string& alias);
  // Opens and unlocks an existing node.
  // Opens and unlocks an existing node. A node whose passphrase was wrapped with weaker limits
  // than today's (PwhashWeakerThanChosen) is re-wrapped with today's, with a fresh salt.
  static Result<std::unique_ptr<Node>> Open(const std::string& home, std::string_view passphrase);
  // Opens an existing node with its store key, as handed over by the running node of the same
  // user (net/agent.h), so that a command in the coach's session needs no passphrase.
  static Result<std::unique_ptr<Node>> OpenWithStoreKey(const std::string& home,
                                                        const SecretBytes& store_key);
  // The key every record is sealed with. Only the local agent (net/agent.h) reads it, to hand
  // it to the same user's commands; it never leaves the machine.
  const SecretBytes& store_key_for_agent() const { return store_key_; }
  // The Argon2id limits the passphrase is wrapped with (docs/security.md).
  uint64_t pwhash_memlimit() const { return vault_.pwhash_memlimit(); }

  const std::string& home() const { return home_; }
  Store& store() { return *store_; }
  const std::string& signing_public_key() const { return vault_.signing_public_key(); }
  const std::string& sealing_public_key() const { return vault_.sealing_public_key(); }
  const SecretBytes& signing_secret_key() const { return signing_secret_; }
  const SecretBytes& sealing_secret_key() const { return sealing_secret_; }
  const std::string& alias() const { return vault_.alias(); }
  // Changes the alias kept with the identity (CheckAlias first); the groups learn it from a
  // signed profile entry (UpdateOwnProfile).
  Status SetAlias(const std::string& alias);
  std::string fingerprint() const { return Fingerprint(signing_public_key()); }

  // Seals and opens records with the store key; the associated data binds a record to its row.
  std::string SealRecord(std::string_view plaintext, std::string_view associated_data) const;
  Result<std::string> OpenRecord(std::string_view sealed, std::string_view associated_data) const;

  // --- cases
  Result<CaseRecord> CreateCase(const pb::CaseReflection& reflection);
  Status SaveCase(CaseRecord& record);  // updates updated_at
  Result<CaseRecord> LoadCase(const std::string& id);
  Result<std::vector<CaseRecord>> ListCases();
  // The `limit` cases changed last, the last changed first (only those are opened).
  Result<std::vector<CaseRecord>> ListRecentCases(int64_t limit);
  Status DeleteCase(const std::string& id);
  // Resolves a full id or a unique prefix (at least 4 hex characters) to a full case id.
  Result<std::string> ResolveCaseId(const std::string& id_or_prefix);

 private:
  Node(std::string home, std::unique_ptr<Store> store, pb::KeyVault vault, SecretBytes store_key,
       SecretBytes signing_secret, SecretBytes sealing_secret);
  Result<CaseRecord> DecodeCaseRow(const CaseRow& row) const;
  static Result<std::unique_ptr<Node>> Unlock(const std::string& home, std::unique_ptr<Store> store,
                                              pb::KeyVault vault, SecretBytes store_key);
  // Wraps the store key again under `passphrase` with today's limits and a fresh salt.
  Status Rewrap(std::string_view passphrase);

  std::string home_;
  std::unique_ptr<Store> store_;
  pb::KeyVault vault_;
  SecretBytes store_key_;
  SecretBytes signing_secret_;
  SecretBytes sealing_secret_;
};

int64_t NowMillis();

}  // namespace kring
