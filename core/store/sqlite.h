// A small RAII layer over SQLite: prepared statements and bound parameters only, transactions
// that roll back unless committed. Used only by core/store*.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "core/base/status.h"

namespace kring {

class Statement {
 public:
  // A statement of its own, finalized with this object.
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  // A statement lent from Database's cache: reset and handed back (`*in_use` = false) instead.
  Statement(sqlite3* db, sqlite3_stmt* stmt, bool* in_use)
      : db_(db), stmt_(stmt), in_use_(in_use) {}
  Statement(Statement&& other) noexcept
      : db_(other.db_), stmt_(other.stmt_), in_use_(other.in_use_) {
    other.stmt_ = nullptr;
    other.in_use_ = nullptr;
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Parameters are 1-based, as in SQLite.
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, std::string_view text);       // TEXT
  Statement& BindBlob(int index, std::string_view bytes);  // BLOB
  Statement& BindNull(int index);

  // Returns true while a row is available, false when done; errors become a Status.
  Result<bool> Step();
  Status Run();  // Step until done, for statements that return no rows.

  sqlite3_stmt* raw() { return stmt_; }
  // Makes the statement ready to run again with new bindings.
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  int64_t ColumnInt(int column) const { return sqlite3_column_int64(stmt_, column); }
  std::string ColumnText(int column) const;
  std::string ColumnBlob(int column) const;
  bool ColumnIsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  bool* in_use_ = nullptr;
};

class Database {
 public:
  // Opens (and with create=true, creates) a database file. A file that is not an SQLite
  // database fails with kIntegrity.
  static Result<std::unique_ptr<Database>> Open(const std::string& path, bool create);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Statements are compiled once and kept (up to kMaxCachedStatements distinct texts): the
  // store runs the same few dozen queries for every entry of a sync. A text already lent out
  // (a query run while another with the same text is still stepping) gets a fresh statement.
  Result<Statement> Prepare(std::string_view sql);
  // Runs SQL without parameters (schema changes, pragmas); never used with outside input.
  Status ExecTrusted(const char* sql);
  std::string ErrorMessage() const { return sqlite3_errmsg(db_); }
  sqlite3* handle() { return db_; }

 private:
  static constexpr size_t kMaxCachedStatements = 128;
  struct Cached {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };
  explicit Database(sqlite3* db) : db_(db) {}
  Result<sqlite3_stmt*> Compile(std::string_view sql);
  sqlite3* db_;
  std::unordered_map<std::string, Cached> cache_;  // node-based: `in_use` addresses stay valid
};

// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless Commit() succeeded. Inside an
// open transaction it becomes a SAVEPOINT, so a step that is atomic on its own can also be part
// of a larger atomic change (share a case and record that it was shared, or neither).
class Transaction {
 public:
  static Result<std::unique_ptr<Transaction>> Begin(Database& db);
  ~Transaction();
  Status Commit();

 private:
  Transaction(Database& db, bool nested) : db_(db), nested_(nested) {}
  Database& db_;
  bool nested_;
  bool done_ = false;
};

// Steps `stmt` through all its rows and returns `read_row(stmt)` of each, in order; the first
// failing step's Status otherwise. `read_row` reads the current row's columns.
template <typename ReadRow>
auto CollectRows(Statement& stmt, ReadRow read_row)
    -> Result<std::vector<std::invoke_result_t<ReadRow&, const Statement&>>> {
  std::vector<std::invoke_result_t<ReadRow&, const Statement&>> rows;
  while (true) {
    KRING_ASSIGN_OR_RETURN(bool has_row, stmt.Step());
    if (!has_row) break;
    rows.push_back(read_row(stmt));
  }
  return rows;
}

// Translates an SQLite result code into a Status a coach can act on.
Status SqliteStatus(int rc, sqlite3* db, std::string_view what);

}  // namespace kring
