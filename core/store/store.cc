#include "core/store/store.h"

#include <sys/stat.h>

#include <array>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/i18n/messages.h"

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
    // 1 -> 2: group entries, groups, peers.
    "CREATE TABLE entries(id BLOB PRIMARY KEY, group_id BLOB NOT NULL,"
    "  created_at INTEGER NOT NULL, kind INTEGER NOT NULL, sealed BLOB,"
    "  received_at INTEGER NOT NULL, retracted INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX entries_by_group ON entries(group_id, created_at, id);"
    "CREATE TABLE groups(group_id BLOB PRIMARY KEY, sealed BLOB NOT NULL);"
    "CREATE TABLE peers(id INTEGER PRIMARY KEY AUTOINCREMENT, address TEXT NOT NULL,"
    "  signing_key BLOB NOT NULL, label TEXT NOT NULL, added_at INTEGER NOT NULL,"
    "  last_sync_at INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '');",
    // 2 -> 3: a group's chain entries without scanning its content (GroupBook::Load runs for
    // every batch a sync imports).
    "CREATE INDEX entries_by_kind ON entries(group_id, kind, created_at, id);",
    // 3 -> 4: when a peer was last reached, and with which key (peer list shows whose node it
    // is and "never synced").
    "ALTER TABLE peers ADD COLUMN last_ok_at INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE peers ADD COLUMN last_key BLOB NOT NULL DEFAULT x'';",
};

bool FileExists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

uint32_t BigEndian32(const unsigned char* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

// SQLite reads a cut-off file as if the missing pages were zeros and only fails (if at all) when
// a query reaches them. The header records how many pages the file holds, so a file that was cut
// off (an interrupted copy or backup) is recognised before anything is read or written.
// With a write-ahead log next to it the file may legitimately be short (a checkpoint cut short by
// a crash writes page 1 first); SQLite finishes that checkpoint from the log, so it is left alone.
Status CheckNotTruncated(const std::string& path) {
  std::error_code wal_error;
  const uintmax_t wal_size = std::filesystem::file_size(path + "-wal", wal_error);
  if (!wal_error && wal_size > 0) return Status::Ok();
  std::ifstream in(path, std::ios::binary);
  unsigned char header[100] = {};
  in.read(reinterpret_cast<char*>(header), sizeof header);
  if (in.gcount() < static_cast<std::streamsize>(sizeof header) ||
      std::memcmp(header, "SQLite format 3", 16) != 0) {
    return Status::Ok();  // not an SQLite file at all: the application id check says so
  }
  const uint32_t raw_page_size = (uint32_t{header[16]} << 8) | header[17];
  const uint64_t page_size = raw_page_size == 1 ? 65536 : raw_page_size;
  const uint32_t change_counter = BigEndian32(header + 24);
  const uint32_t pages = BigEndian32(header + 28);
  const uint32_t valid_for = BigEndian32(header + 92);
  if (valid_for != change_counter || pages == 0) return Status::Ok();  // SQLite ignores it too
  std::error_code ec;
  const uintmax_t size = std::filesystem::file_size(path, ec);
  if (!ec && size < pages * page_size) {
    return Status::Integrity(
        i18n::Tr("store.database_cut_off",
                 {{"path", path}, {"size", uint64_t{size}}, {"expected", pages * page_size}}));
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<Store>> Store::Create(const std::string& path) {
  if (FileExists(path)) return Status::User(i18n::Tr("store.database_exists", {{"path", path}}));
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
  if (!FileExists(path)) return Status::User(i18n::Tr("store.no_database", {{"path", path}}));
  KRING_RETURN_IF_ERROR(CheckNotTruncated(path));
  KRING_ASSIGN_OR_RETURN(auto db, Database::Open(path, /*create=*/false));
  std::unique_ptr<Store> store(new Store(std::move(db)));
  // Reading the header first turns "not a database" into a clear error before any write.
  {
    KRING_ASSIGN_OR_RETURN(auto app_id, store->db_->Prepare("PRAGMA application_id"));
    KRING_ASSIGN_OR_RETURN(bool has_row, app_id.Step());
    if (!has_row || app_id.ColumnInt(0) != kApplicationId) {
      return Status::Integrity(i18n::Tr("store.not_a_database", {{"path", path}}));
    }
  }  // the statement is finalized here, ending its read transaction
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
    return Status::User(
        i18n::Tr("store.schema_too_new", {{"schema", version}, {"known", kSchemaVersion}}));
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
  KRING_ASSIGN_OR_RETURN(
      auto stmt,
      db_->Prepare(
          "INSERT OR REPLACE INTO cases(id, created_at, updated_at, sealed) VALUES(?, ?, ?, ?)"));
  return stmt.Bind(1, row.id)
      .Bind(2, row.created_at)
      .Bind(3, row.updated_at)
      .BindBlob(4, row.sealed)
      .Run();
}

namespace {
CaseRow ReadCaseRow(const Statement& stmt) {
  return CaseRow{stmt.ColumnText(0), stmt.ColumnInt(1), stmt.ColumnInt(2), stmt.ColumnBlob(3)};
}
}  // namespace

Result<std::optional<CaseRow>> Store::GetCase(const std::string& id) {
  KRING_ASSIGN_OR_RETURN(
      auto stmt, db_->Prepare("SELECT id, created_at, updated_at, sealed FROM cases WHERE id = ?"));
  stmt.Bind(1, id);
  KRING_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return std::optional<CaseRow>();
  return std::optional<CaseRow>(ReadCaseRow(stmt));
}

Result<std::vector<CaseRow>> Store::ListCases() {
  KRING_ASSIGN_OR_RETURN(
      auto stmt,
      db_->Prepare("SELECT id, created_at, updated_at, sealed FROM cases ORDER BY created_at, id"));
  return CollectRows(stmt, ReadCaseRow);
}

Result<std::vector<CaseRow>> Store::ListRecentCases(int64_t limit) {
  // The order is found without reading the sealed records; only the chosen rows are read whole.
  KRING_ASSIGN_OR_RETURN(
      auto stmt,
      db_->Prepare(
          "SELECT id, created_at, updated_at, sealed FROM cases WHERE id IN (SELECT id "
          "FROM cases ORDER BY updated_at DESC, id LIMIT ?) ORDER BY updated_at DESC, id"));
  stmt.Bind(1, limit);
  return CollectRows(stmt, ReadCaseRow);
}

Result<int64_t> Store::CountCases() {
  KRING_ASSIGN_OR_RETURN(auto stmt, db_->Prepare("SELECT count(*) FROM cases"));
  KRING_ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? stmt.ColumnInt(0) : 0;
}

Result<bool> Store::DeleteCase(const std::string& id) {
  KRING_ASSIGN_OR_RETURN(auto stmt, db_->Prepare("DELETE FROM cases WHERE id = ?"));
  KRING_RETURN_IF_ERROR(stmt.Bind(1, id).Run());
  return sqlite3_changes(db_->handle()) > 0;
}

Result<std::vector<std::string>> Store::CaseIdsWithPrefix(const std::string& prefix) {
  KRING_ASSIGN_OR_RETURN(
      auto stmt,
      db_->Prepare(
          "SELECT id FROM cases WHERE substr(id, 1, length(?1)) = ?1 ORDER BY id LIMIT 10"));
  stmt.Bind(1, prefix);
  return CollectRows(stmt, [](const Statement& row) { return row.ColumnText(0); });
}

// ------------------------------------------------------------------- entries

namespace {
constexpr char kEntryColumns[] =
    "SELECT id, group_id, created_at, kind, sealed, received_at, retracted FROM entries ";

EntryRow ReadEntryRow(const Statement& stmt) {
  EntryRow row{stmt.ColumnBlob(0), stmt.ColumnBlob(1),
               stmt.ColumnInt(2),  static_cast<int>(stmt.ColumnInt(3)),
               std::nullopt,       stmt.ColumnInt(5)};
  if (!stmt.ColumnIsNull(4)) row.sealed = stmt.ColumnBlob(4);
  row.retracted = stmt.ColumnInt(6) != 0;
  return row;
}
}  // namespace

Result<int> Store::InsertEntries(const std::vector<EntryRow>& rows) {
  KRING_ASSIGN_OR_RETURN(
      auto stmt,
      db_->Prepare(
          "INSERT OR IGNORE INTO entries(id, group_id, created_at, kind, sealed, received_at, "
          "retracted) VALUES(?, ?, ?, ?, ?, ?, ?)"));
  int inserted = 0;
  for (const EntryRow& row : rows) {
    stmt.Reset();
    stmt.BindBlob(1, row.id)
        .BindBlob(2, row.group_id)
        .Bind(3, row.created_at)
        .Bind(4, int64_t{row.kind})
        .Bind(6, row.received_at)
        .Bind(7, int64_t{row.retracted});
    if (row.sealed) {
      stmt.BindBlob(5, *row.sealed);
    } else {
      stmt.BindNull(5);
    }
    KRING_RETURN_IF_ERROR(stmt.Run());
    inserted += sqlite3_changes(db_->handle());
  }
  return inserted;
}

Result<bool> Store::HasEntry(const std::string& id) {
  KRING_ASSIGN_OR_RETURN(auto stmt, db_->Prepare("SELECT 1 FROM entries WHERE id = ?"));
  stmt.BindBlob(1, id);
  return stmt.Step();
}

Result<std::optional<EntryRow>> Store::GetEntry(const std::string& id) {
  KRING_ASSIGN_OR_RETURN(auto stmt, db_->Prepare(std::string(kEntryColumns) + "WHERE id = ?"));
  stmt.BindBlob(1, id);
  KRING_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return std::optional<EntryRow>();
  return std::optional<EntryRow>(ReadEntryRow(stmt));
}

Result<std::vector<EntryRow>> Store::ListEntries(const std::string& group_id) {
  KRING_ASSIGN_OR_RETURN(auto stmt, db_->Prepare(std::string(kEntryColumns) +
                                                 "WHERE group_id = ? ORDER BY created_at, id"));
  stmt.BindBlob(1, group_id);
  return CollectRows(stmt, ReadEntryRow);
}

Result<std::vector<EntryRow>> Store::ListEntriesOfKinds(const std::string& group_id, int kind_a,
                                                        int kind_b) {
  KRING_ASSIGN_OR_RETURN(
      auto stmt, db_->Prepare(std::string(kEntryColumns) + "INDEXED BY entries_by_kind "
                                                           "WHERE group_id = ? AND kind IN (?, ?) "
                                                           "ORDER BY created_at, id"));
  stmt.BindBlob(1, group_id)
      .Bind(2, static_cast<int64_t>(kind_a))
      .Bind(3, static_cast<int64_t>(kind_b));
  return CollectRows(stmt, ReadEntryRow);
}

Result<std::vector<EntryKey>> Store::ListEntryKeys(const std::string& group_id) {
  KRING_ASSIGN_OR_RETURN(
      auto stmt,
      db_->Prepare("SELECT created_at, id FROM entries WHERE group_id = ? AND retracted = 0 "
                   "ORDER BY created_at, id"));
  stmt.BindBlob(1, group_id);
  return CollectRows(stmt, [](const Statement& row) {
    return EntryKey{row.ColumnInt(0), row.ColumnBlob(1)};
  });
}

Status Store::MarkRetracted(const std::string& id, const std::optional<std::string>& sealed) {
  KRING_ASSIGN_OR_RETURN(auto stmt,
                         db_->Prepare("UPDATE entries SET sealed = ?, retracted = 1 WHERE id = ?"));
  if (sealed) {
    stmt.BindBlob(1, *sealed);
  } else {
    stmt.BindNull(1);
  }
  return stmt.BindBlob(2, id).Run();
}

Result<int64_t> Store::CountEntries(const std::string& group_id) {
  KRING_ASSIGN_OR_RETURN(auto stmt,
                         db_->Prepare("SELECT count(*) FROM entries WHERE group_id = ?"));
  stmt.BindBlob(1, group_id);
  KRING_ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? stmt.ColumnInt(0) : 0;
}

// ------------------------------------------------------------------- groups

namespace {
GroupRow ReadGroupRow(const Statement& stmt) {
  return GroupRow{stmt.ColumnBlob(0), stmt.ColumnBlob(1)};
}
}  // namespace

Status Store::PutGroup(const GroupRow& row) {
  KRING_ASSIGN_OR_RETURN(
      auto stmt, db_->Prepare("INSERT OR REPLACE INTO groups(group_id, sealed) VALUES(?, ?)"));
  return stmt.BindBlob(1, row.group_id).BindBlob(2, row.sealed).Run();
}

Result<std::optional<GroupRow>> Store::GetGroup(const std::string& group_id) {
  KRING_ASSIGN_OR_RETURN(auto stmt,
                         db_->Prepare("SELECT group_id, sealed FROM groups WHERE group_id = ?"));
  stmt.BindBlob(1, group_id);
  KRING_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return std::optional<GroupRow>();
  return std::optional<GroupRow>(ReadGroupRow(stmt));
}

Result<std::vector<GroupRow>> Store::ListGroups() {
  KRING_ASSIGN_OR_RETURN(auto stmt, db_->Prepare("SELECT group_id, sealed FROM groups"));
  return CollectRows(stmt, ReadGroupRow);
}

Status Store::DeleteGroup(const std::string& group_id) {
  KRING_ASSIGN_OR_RETURN(auto stmt, db_->Prepare("DELETE FROM groups WHERE group_id = ?"));
  return stmt.BindBlob(1, group_id).Run();
}

// ------------------------------------------------------------------- peers

Result<int64_t> Store::AddPeer(const PeerRow& row) {
  KRING_ASSIGN_OR_RETURN(
      auto stmt,
      db_->Prepare("INSERT INTO peers(address, signing_key, label, added_at) VALUES(?, ?, ?, ?)"));
  KRING_RETURN_IF_ERROR(stmt.Bind(1, row.address)
                            .BindBlob(2, row.signing_key)
                            .Bind(3, row.label)
                            .Bind(4, row.added_at)
                            .Run());
  return sqlite3_last_insert_rowid(db_->handle());
}

Result<std::vector<PeerRow>> Store::ListPeers() {
  KRING_ASSIGN_OR_RETURN(
      auto stmt,
      db_->Prepare(
          "SELECT id, address, signing_key, label, added_at, last_sync_at, last_error, last_ok_at,"
          " last_key FROM peers ORDER BY id"));
  return CollectRows(stmt, [](const Statement& row) {
    return PeerRow{row.ColumnInt(0),  row.ColumnText(1), row.ColumnBlob(2),
                   row.ColumnText(3), row.ColumnInt(4),  row.ColumnInt(5),
                   row.ColumnText(6), row.ColumnInt(7),  row.ColumnBlob(8)};
  });
}

Status Store::RemovePeer(int64_t id) {
  KRING_ASSIGN_OR_RETURN(auto stmt, db_->Prepare("DELETE FROM peers WHERE id = ?"));
  return stmt.Bind(1, id).Run();
}

Status Store::RecordPeerSync(int64_t id, int64_t at, const std::string& error,
                             std::string_view presented_key) {
  KRING_ASSIGN_OR_RETURN(
      auto stmt,
      db_->Prepare("UPDATE peers SET last_sync_at = ?1, last_error = ?2,"
                   " last_ok_at = CASE WHEN ?2 = '' THEN ?1 ELSE last_ok_at END,"
                   " last_key = CASE WHEN length(?3) > 0 THEN ?3 ELSE last_key END WHERE id = ?4"));
  return stmt.Bind(1, at).Bind(2, error).BindBlob(3, presented_key).Bind(4, id).Run();
}

Status Store::UpdatePeerKey(int64_t id, const std::string& signing_key) {
  KRING_ASSIGN_OR_RETURN(auto stmt, db_->Prepare("UPDATE peers SET signing_key = ? WHERE id = ?"));
  return stmt.BindBlob(1, signing_key).Bind(2, id).Run();
}

Result<int64_t> Store::DataVersion() {
  KRING_ASSIGN_OR_RETURN(auto stmt, db_->Prepare("PRAGMA data_version"));
  KRING_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Status::Integrity(i18n::Tr("store.no_data_version"));
  return stmt.ColumnInt(0);
}

Status Store::CheckIntegrity() {
  KRING_ASSIGN_OR_RETURN(auto stmt, db_->Prepare("PRAGMA integrity_check"));
  KRING_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row || stmt.ColumnText(0) != "ok") {
    return Status::Integrity(
        row ? i18n::Tr("store.integrity_failed", {{"detail", stmt.ColumnText(0)}})
            : i18n::Tr("store.integrity_no_answer"));
  }
  return Status::Ok();
}

}  // namespace kring

namespace kring {

Result<std::pair<int64_t, int64_t>> Store::ChangeStamp() {
  KRING_ASSIGN_OR_RETURN(auto query, db_->Prepare("PRAGMA data_version"));
  KRING_ASSIGN_OR_RETURN(bool has_row, query.Step());
  const int64_t version = has_row ? query.ColumnInt(0) : 0;
  return std::make_pair(version, static_cast<int64_t>(sqlite3_total_changes64(db_->handle())));
}

}  // namespace kring
