#include "core/store/sqlite.h"

#include <sys/resource.h>
#include <sys/statvfs.h>

#include <cerrno>
#include <cstdint>
#include <filesystem>

#include "core/i18n/messages.h"

namespace kring {

namespace {

// Where the database lives, for messages ("the Kring database /home/anna/.local/share/kring/...").
std::string DatabaseName(sqlite3* db) {
  const char* file = db != nullptr ? sqlite3_db_filename(db, "main") : nullptr;
  return file != nullptr && *file != '\0' ? i18n::Tr("store.database_at", {{"path", file}})
                                          : i18n::Tr("store.database");
}

// Whether the file system holding the database has (almost) no room left for this user.
bool DiskNearlyFull(sqlite3* db) {
  const char* file = db != nullptr ? sqlite3_db_filename(db, "main") : nullptr;
  if (file == nullptr || *file == '\0') return false;
  struct statvfs fs {};
  if (::statvfs(std::filesystem::path(file).parent_path().c_str(), &fs) != 0) return false;
  constexpr uint64_t kNearlyFull = 8u << 20;
  return static_cast<uint64_t>(fs.f_bavail) * fs.f_frsize < kNearlyFull;
}

// A write that failed because the disk, the user's quota or a file-size limit is full. SQLite
// reports SQLITE_FULL only for ENOSPC; a quota (EDQUOT) or a file-size limit (EFBIG) arrive as
// SQLITE_IOERR_WRITE, and the errno is often gone by then, so the likely causes are checked.
bool IsOutOfSpace(int rc, sqlite3* db) {
  if ((rc & 0xff) == SQLITE_FULL) return true;
  if (rc != SQLITE_IOERR_WRITE || db == nullptr) return false;
  const int error = sqlite3_system_errno(db);
  if (error == ENOSPC || error == EFBIG || error == EDQUOT) return true;
  rlimit limit{};
  if (::getrlimit(RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) return true;
  return DiskNearlyFull(db);
}

}  // namespace

Status SqliteStatus(int rc, sqlite3* db, std::string_view what) {
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return Status::Ok();
  std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  if (IsOutOfSpace(rc, db)) {
    return Status::User(i18n::Tr("store.disk_full", {{"what", what}}));
  }
  switch (rc & 0xff) {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return Status::Integrity(
          i18n::Tr("store.database_damaged", {{"database", DatabaseName(db)}, {"detail", detail}}));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::User(i18n::Tr("store.database_busy"));
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      return Status::User(i18n::Tr("store.database_not_writable",
                                   {{"database", DatabaseName(db)}, {"detail", detail}}));
    case SQLITE_IOERR:
      return Status::User(i18n::Tr("store.disk_error", {{"what", what}, {"detail", detail}}));
    default:
      return Status::Integrity(
          i18n::Tr("store.database_error", {{"what", what}, {"detail", detail}}));
  }
}

Statement& Statement::Bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::Bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::BindBlob(int index, std::string_view bytes) {
  // A zero-length blob must still be a BLOB, not NULL.
  static const char kEmpty = 0;
  sqlite3_bind_blob(stmt_, index, bytes.empty() ? &kEmpty : bytes.data(),
                    static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteStatus(rc, db_, i18n::Tr("store.doing.read_write"));
}

Status Statement::Run() {
  while (true) {
    KRING_ASSIGN_OR_RETURN(bool row, Step());
    if (!row) return Status::Ok();
  }
}

std::string Statement::ColumnText(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text), sqlite3_column_bytes(stmt_, column));
}

std::string Statement::ColumnBlob(int column) const {
  const void* blob = sqlite3_column_blob(stmt_, column);
  if (blob == nullptr) return {};
  return std::string(static_cast<const char*>(blob), sqlite3_column_bytes(stmt_, column));
}

Result<std::unique_ptr<Database>> Database::Open(const std::string& path, bool create) {
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  std::unique_ptr<Database> db(new Database(raw));  // owns raw even on failure
  if (rc != SQLITE_OK) return SqliteStatus(rc, raw, i18n::Tr("store.doing.open"));
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, 5000);
  return db;
}

Database::~Database() {
  for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.stmt);
  sqlite3_close_v2(db_);
}

Result<sqlite3_stmt*> Database::Compile(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return SqliteStatus(rc, db_, i18n::Tr("store.doing.prepare"));
  }
  return stmt;
}

Result<Statement> Database::Prepare(std::string_view sql) {
  auto it = cache_.find(std::string(sql));
  if (it == cache_.end() && cache_.size() < kMaxCachedStatements) {
    KRING_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Compile(sql));
    it = cache_.emplace(std::string(sql), Cached{stmt, false}).first;
  }
  if (it != cache_.end() && !it->second.in_use) {
    it->second.in_use = true;
    return Statement(db_, it->second.stmt, &it->second.in_use);
  }
  KRING_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Compile(sql));
  return Statement(db_, stmt);
}

Statement::~Statement() {
  if (in_use_ == nullptr) {
    sqlite3_finalize(stmt_);
    return;
  }
  // Back to the cache: no row left pending (which would hold a read transaction open) and no
  // bound value, which may be case text, left behind in memory.
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  *in_use_ = false;
}

Status Database::ExecTrusted(const char* sql) {
  char* error = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &error);
  sqlite3_free(error);
  if (rc == SQLITE_OK) return Status::Ok();
  return SqliteStatus(rc, db_, i18n::Tr("store.doing.update"));
}

Result<std::unique_ptr<Transaction>> Transaction::Begin(Database& db) {
  const bool nested = sqlite3_get_autocommit(db.handle()) == 0;
  KRING_RETURN_IF_ERROR(db.ExecTrusted(nested ? "SAVEPOINT kring_nested" : "BEGIN IMMEDIATE"));
  return std::unique_ptr<Transaction>(new Transaction(db, nested));
}

Transaction::~Transaction() {
  if (done_) return;
  if (nested_) {
    (void)db_.ExecTrusted("ROLLBACK TO kring_nested; RELEASE kring_nested");
  } else {
    (void)db_.ExecTrusted("ROLLBACK");
  }
}

Status Transaction::Commit() {
  Status status = db_.ExecTrusted(nested_ ? "RELEASE kring_nested" : "COMMIT");
  if (status.ok()) done_ = true;
  return status;
}

}  // namespace kring
