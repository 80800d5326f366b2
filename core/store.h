// The node's SQLite store. Holds only ciphertext for content (sealing happens in core/node);
// this layer knows rows, transactions and the schema, and nothing of keys.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/sqlite.h"
#include "core/status.h"

namespace kring {

inline constexpr int kSchemaVersion = 1;

struct CaseRow {
  std::string id;  // 32 lowercase hex characters
  int64_t created_at = 0;  // unix milliseconds
  int64_t updated_at = 0;
  std::string sealed;  // AEAD(store key, pb::StoredCase), associated data = id
};

class Store {
 public:
  // Creates a new store at `path`; fails when a file is already there.
  static Result<std::unique_ptr<Store>> Create(const std::string& path);
  // Opens an existing store, checking that it is a Kring database, and migrates an older schema.
  static Result<std::unique_ptr<Store>> Open(const std::string& path);

  Database& db() { return *db_; }
  Result<std::unique_ptr<Transaction>> Begin() { return Transaction::Begin(*db_); }
  int schema_version() const { return schema_version_; }

  Status PutMeta(const std::string& key, std::string_view value);
  Result<std::optional<std::string>> GetMeta(const std::string& key);

  Status PutCase(const CaseRow& row);  // insert or replace
  Result<std::optional<CaseRow>> GetCase(const std::string& id);
  Result<std::vector<CaseRow>> ListCases();
  Result<bool> DeleteCase(const std::string& id);
  // Ids that start with `prefix` (already lower-case hex).
  Result<std::vector<std::string>> CaseIdsWithPrefix(const std::string& prefix);

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
