// The node's SQLite store. Holds only ciphertext for content (sealing happens in core/store/node);
// this layer knows rows, transactions and the schema, and nothing of keys.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/base/status.h"
#include "core/store/sqlite.h"

namespace kring {

inline constexpr int kSchemaVersion = 4;

struct CaseRow {
  std::string id;          // 32 lowercase hex characters
  int64_t created_at = 0;  // unix milliseconds
  int64_t updated_at = 0;
  std::string sealed;  // AEAD(store key, pb::StoredCase), associated data = id
};

// A group entry as stored. The envelope (already encrypted with the group's epoch key for content
// kinds) is sealed once more with the store key, so the file reveals no membership metadata.
struct EntryRow {
  std::string id;        // 32 bytes, BLAKE2b-256 of the envelope
  std::string group_id;  // raw bytes
  int64_t created_at = 0;
  int kind = 0;
  std::optional<std::string> sealed;  // nullopt for a placeholder of a retracted, unseen case
  int64_t received_at = 0;
  bool retracted = false;  // a retraction removed the body; `sealed` then holds the header only
};

// A reconciliation item: (created_at, id).
struct EntryKey {
  int64_t created_at = 0;
  std::string id;
};

struct GroupRow {
  std::string group_id;
  std::string sealed;  // AEAD(store key, local group record)
};

struct PeerRow {
  int64_t id = 0;
  std::string address;      // host:port
  std::string signing_key;  // optional: the peer's expected key
  std::string label;
  int64_t added_at = 0;
  int64_t last_sync_at = 0;  // the last attempt, successful or not
  std::string last_error;
  int64_t last_ok_at = 0;  // the last successful sync; 0: never synced
  std::string last_key;    // the key the peer presented when last reached
};

class Store {
 public:
  // Creates a new store at `path`; fails when a file is already there.
  static Result<std::unique_ptr<Store>> Create(const std::string& path);
  // Opens an existing store, checking that it is a Kring database, and migrates an older schema.
  static Result<std::unique_ptr<Store>> Open(const std::string& path);

  Database& db() { return *db_; }
  Result<std::unique_ptr<Transaction>> Begin() { return Transaction::Begin(*db_); }
  // Differs whenever something may have changed in the store since the last call: SQLite's
  // data_version (commits by other connections, e.g. a command of this user) and this
  // connection's own change count. For caches of what was read (the app's groups).
  Result<std::pair<int64_t, int64_t>> ChangeStamp();
  int schema_version() const { return schema_version_; }

  Status PutMeta(const std::string& key, std::string_view value);
  Result<std::optional<std::string>> GetMeta(const std::string& key);

  Status PutCase(const CaseRow& row);  // insert or replace
  Result<std::optional<CaseRow>> GetCase(const std::string& id);
  Result<std::vector<CaseRow>> ListCases();
  // The `limit` cases changed last, the last changed first; and how many there are in all.
  Result<std::vector<CaseRow>> ListRecentCases(int64_t limit);
  Result<int64_t> CountCases();
  Result<bool> DeleteCase(const std::string& id);
  // Ids that start with `prefix` (already lower-case hex).
  Result<std::vector<std::string>> CaseIdsWithPrefix(const std::string& prefix);

  // --- entries
  // Inserts rows that are not there yet; returns how many were new. Call inside a transaction.
  Result<int> InsertEntries(const std::vector<EntryRow>& rows);
  Result<bool> HasEntry(const std::string& id);
  Result<std::optional<EntryRow>> GetEntry(const std::string& id);
  // All entries of a group in (created_at, id) order; bodies included.
  Result<std::vector<EntryRow>> ListEntries(const std::string& group_id);
  // The entries of a group of either kind (e.g. the two chain kinds), in the same order; so that
  // loading a group's chain does not read every case body.
  Result<std::vector<EntryRow>> ListEntriesOfKinds(const std::string& group_id, int kind_a,
                                                   int kind_b);
  // The reconciliation set of a group: every entry except retracted ones (whose bodies are gone
  // and cannot be passed on).
  Result<std::vector<EntryKey>> ListEntryKeys(const std::string& group_id);
  // Marks an entry retracted and replaces its sealed envelope by `sealed` (the envelope without
  // its body), or by nothing. The id stays known, so the case never comes back through a peer.
  Status MarkRetracted(const std::string& id, const std::optional<std::string>& sealed);
  Result<int64_t> CountEntries(const std::string& group_id);

  // --- groups this node takes part in (or relays)
  Status PutGroup(const GroupRow& row);
  Result<std::optional<GroupRow>> GetGroup(const std::string& group_id);
  Result<std::vector<GroupRow>> ListGroups();
  Status DeleteGroup(const std::string& group_id);

  // --- peers to sync with
  Result<int64_t> AddPeer(const PeerRow& row);
  Result<std::vector<PeerRow>> ListPeers();
  Status RemovePeer(int64_t id);
  // Records an attempt; an empty error is a success. `presented_key`, when known, is the key the
  // node at the address showed (also on a refusal, so the coach can be told whose it is).
  Status RecordPeerSync(int64_t id, int64_t at, const std::string& error,
                        std::string_view presented_key = {});
  // Pins (or with an empty key unpins) the key a peer must present.
  Status UpdatePeerKey(int64_t id, const std::string& signing_key);

  // Changes whenever another connection (another kring command) commits to the database.
  Result<int64_t> DataVersion();

  // PRAGMA integrity_check; ok when the database is sound.
  Status CheckIntegrity();

 private:
  explicit Store(std::unique_ptr<Database> db) : db_(std::move(db)) {}
  Status Configure();
  Status Migrate();
  std::unique_ptr<Database> db_;
  int schema_version_ = 0;
};

}  // namespace kring
