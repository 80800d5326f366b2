#include "core/store.h"

#include <sys/stat.h>

#include <array>

namespace kring {
namespace {

// 'KRNG': marks the file as a Kring database so a foreign SQLite file is recognised.
constexpr int64_t kApplicationId = 0x4B524E47;

// Schema migrations, in order; migration i brings the schema from version i to i + 1. Each runs
// in the same transaction as the version bump, so a crash leaves the old or the new schema.
constexpr std::array<const char*, kSchemaVersion> kMigrations = {
    // 0 -> 1: key vault, cases.
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value BLOB NOT NULL);"
    "CREATE TABLE cases(id TEXT PRIMARY KEY, created_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL, sealed BLOB NOT NULL);",
};

bool FileExists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

}  // namespace

Result<std::unique_ptr<Store>> Store::Create(const std::string& path) {
  if (FileExists(path)) return Status::User("a Kring database already exists at " + path);
  KRING_ASSIGN_OR_RETURN(auto db, Database::Open(path, /*create=*/true));
  ::chmod(path.c_str(), 0600);
  std::unique_ptr<Store> store(new Store(std::move(db)));
  KRING_RETURN_IF_ERROR(store->Configure());
  KRING_RETURN_IF_ERROR(store->db_->ExecTrusted(
      "PRAGMA application_id = 1263685191;"  // kApplicationId
      "CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL);"));
  KRING_RETURN_IF_ERROR(store->Migrate());
  return store;
}

Result<std::unique_ptr<Store>> Store::Open(const std::string& path) {
  if (!FileExists(path)) return Status::User("no Kring database at " + path);
  KRING_ASSIGN_OR_RETURN(auto db, Database::Open(path, /*create=*/false));
  std::unique_ptr<Store> store(new Store(std::move(db)));
  // Reading the header first turns "not a database" into a clear error before any write.
  KRING_ASSIGN_OR_RETURN(auto app_id, store->db_->Prepare("PRAGMA application_id"));
  KRING_ASSIGN_OR_RETURN(bool has_row, app_id.Step());
  if (!has_row || app_id.ColumnInt(0) != kApplicationId) {
    return Status::Integrity(path + " is not a Kring database (it may belong to another program)");
  }
  KRING_RETURN_IF_ERROR(store->Configure());
  KRING_RETURN_IF_ERROR(store->Migrate());
  return store;
}

Status Store::Configure() {
  // WAL for concurrent readers (serve + CLI); FULL sync so a committed write survives power loss.
  return db_->ExecTrusted(
      "PRAGMA journal_mode = WAL;"
      "PRAGMA synchronous = FULL;"
      "PRAGMA foreign_keys = ON;"
      "PRAGMA secure_delete = ON;");
}

Status Store::Migrate() {
  KRING_ASSIGN_OR_RETURN(auto tx, Begin());
  KRING_ASSIGN_OR_RETURN(auto query, db_->Prepare("SELECT version FROM schema_version"));
  KRING_ASSIGN_OR_RETURN(bool has_row, query.Step());
  int version = has_row ? static_cast<int>(query.ColumnInt(0)) : 0;
  if (version > kSchemaVersion) {
    return Status::User("this Kring database was written by a newer version of Kring (schema " +
                        std::to_string(version) + ", this kring understands up to " +
                        std::to_string(kSchemaVersion) + "); please update kring");
  }
  for (int v = version; v < kSchemaVersion; ++v) {
    KRING_RETURN_IF_ERROR(db_->ExecTrusted(kMigrations[v]));
  }
  if (version != kSchemaVersion) {
    KRING_RETURN_IF_ERROR(db_->ExecTrusted("DELETE FROM schema_version"));
    KRING_ASSIGN_OR_RETURN(auto set, db_->Prepare("INSERT INTO schema_version(version) VALUES(?)"));
    KRING_RETURN_IF_ERROR(set.Bind(1, int64_t{kSchemaVersion}).Run());
  }
  KRING_RETURN_IF_ERROR(tx->Commit());
  schema_version_ = kSchemaVersion;
  return Status::Ok();
}

Status Store::PutMeta(const std::string& key, std::string_view value) {
  KRING_ASSIGN_OR_RETURN(auto stmt,
                         db_->Prepare("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)"));
  return stmt.Bind(1, key).BindBlob(2, value).Run();
}

Result<std::optional<std::string>> Store::GetMeta(const std::string& key) {
  KRING_ASSIGN_OR_RETURN(auto stmt, db_->Prepare("SELECT value FROM meta WHERE key = ?"));
  stmt.Bind(1, key);
  KRING_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(stmt.ColumnBlob(0));
}

Status Store::PutCase(const CaseRow& row) {
  KRING_ASSIGN_OR_RETURN(auto stmt, db_->Prepare(
      "INSERT OR REPLACE INTO cases(id, created_at, updated_at, sealed) VALUES(?, ?, ?, ?)"));
  return stmt.Bind(1, row.id).Bind(2, row.created_at).Bind(3, row.updated_at)
      .BindBlob(4, row.sealed).Run();
}

namespace {
CaseRow ReadCaseRow(const Statement& stmt) {
  return CaseRow{stmt.ColumnText(0), stmt.ColumnInt(1), stmt.ColumnInt(2), stmt.ColumnBlob(3)};
}
}  // namespace

Result<std::optional<CaseRow>> Store::GetCase(const std::string& id) {
  KRING_ASSIGN_OR_RETURN(auto stmt, db_->Prepare(
      "SELECT id, created_at, updated_at, sealed FROM cases WHERE id = ?"));
  stmt.Bind(1, id);
  KRING_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return std::optional<CaseRow>();
  return std::optional<CaseRow>(ReadCaseRow(stmt));
}

Result<std::vector<CaseRow>> Store::ListCases() {
  KRING_ASSIGN_OR_RETURN(auto stmt, db_->Prepare(
      "SELECT id, created_at, updated_at, sealed FROM cases ORDER BY created_at, id"));
  std::vector<CaseRow> rows;
  while (true) {
    KRING_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    rows.push_back(ReadCaseRow(stmt));
  }
  return rows;
}

Result<bool> Store::DeleteCase(const std::string& id) {
  KRING_ASSIGN_OR_RETURN(auto stmt, db_->Prepare("DELETE FROM cases WHERE id = ?"));
  KRING_RETURN_IF_ERROR(stmt.Bind(1, id).Run());
  return sqlite3_changes(db_->handle()) > 0;
}

Result<std::vector<std::string>> Store::CaseIdsWithPrefix(const std::string& prefix) {
  KRING_ASSIGN_OR_RETURN(auto stmt, db_->Prepare(
      "SELECT id FROM cases WHERE substr(id, 1, length(?1)) = ?1 ORDER BY id LIMIT 10"));
  stmt.Bind(1, prefix);
  std::vector<std::string> ids;
  while (true) {
    KRING_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    ids.push_back(stmt.ColumnText(0));
  }
  return ids;
}

Status Store::CheckIntegrity() {
  KRING_ASSIGN_OR_RETURN(auto stmt, db_->Prepare("PRAGMA integrity_check"));
  KRING_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row || stmt.ColumnText(0) != "ok") {
    return Status::Integrity("the Kring database failed its integrity check: " +
                             (row ? stmt.ColumnText(0) : std::string("no answer")));
  }
  return Status::Ok();
}

}  // namespace kring
