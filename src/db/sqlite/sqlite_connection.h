// One SQLite connection with its prepared-statement cache: the unit the SQLite pool hands
// to a transaction. Runs single statements with $1..$n parameters and maps SQLite result
// codes to Loyal errors.
//
// Thread-safety: none; a connection is used by one thread at a time (the pool guarantees
// it), which is why it is opened with SQLITE_OPEN_NOMUTEX.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <sqlite3.h>

#include "core/error.h"
#include "db/database.h"
#include "db/driver_util.h"

namespace loyal::db::sqlite {

// Returns the Error for SQLite result code `rc` on `db` (null if the handle is gone):
// already_exists for UNIQUE/PRIMARY KEY, failed_precondition for other constraints,
// unavailable for BUSY/LOCKED/CANTOPEN, conflict for BUSY_SNAPSHOT, invalid_argument for
// SQL errors and writes to a read-only connection, internal otherwise.
Error SqliteError(sqlite3* db, int rc, std::string_view context = {});

class Connection final : public internal::StatementRunner {
 public:
  // Opens `path` (creating it) in WAL mode with synchronous=FULL, foreign keys on and
  // `busy_timeout` for locks held by other processes; `read_only` sets query_only.
  // Errors: unavailable if the file cannot be opened or put in WAL mode.
  [[nodiscard]] static Result<std::unique_ptr<Connection>> Open(
      const std::string& path, bool read_only, std::chrono::milliseconds busy_timeout);

  // Runs one statement, giving each result row to `sink` (may be null to discard rows);
  // SQLite always streams. Returns the rows changed (INSERT/UPDATE/DELETE) or, for a
  // read-only statement, the rows returned. invalid_argument for placeholders other than
  // $1..$n or a count that does not match params.size(), else the errors of SqliteError.
  [[nodiscard]] Result<int64_t> Run(std::string_view sql, std::span<const Value> params,
                                    const internal::CellSink* sink, bool stream = true) override;

  // Runs a parameterless script of ;-separated statements.
  [[nodiscard]] Status Exec(std::string_view script) override;

  // Returns whether a transaction is open on this connection.
  bool InTransaction() const { return sqlite3_get_autocommit(db_.get()) == 0; }

  // Turns SQLite's automatic checkpoints off on this connection (they run inside the COMMIT
  // that crosses the threshold, an fsync of the database file on the commit path) and calls
  // `on_commit(wal_pages)` after each of its commits instead, with the WAL's size in pages,
  // so that a WalCheckpointer can checkpoint on its own thread.
  void SetWalCommitHook(std::function<void(int)> on_commit);

  // Runs a checkpoint in `mode` (SQLITE_CHECKPOINT_PASSIVE: copies what it can without
  // waiting for anyone; SQLITE_CHECKPOINT_RESTART: also waits, up to the busy timeout, until
  // the next writer can start the WAL from its beginning). Returns the WAL's frames and how
  // many of them are now in the database file. Errors: unavailable when busy past the
  // timeout, else those of SqliteError.
  struct WalProgress {
    int frames = 0;
    int checkpointed = 0;
  };
  [[nodiscard]] Result<WalProgress> Checkpoint(int mode);

 private:
  struct DbCloser {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
  };
  struct StmtFinalizer {
    void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
  };
  struct Statement {
    std::unique_ptr<sqlite3_stmt, StmtFinalizer> stmt;
    // slots[k-1] is the bind index of $k, 0 when the SQL does not mention $k.
    std::vector<int> slots;
    bool in_use = false;
  };
  struct SqlHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  explicit Connection(sqlite3* db) : db_(db) {}
  static int OnWalCommit(void* self, sqlite3*, const char*, int pages);
  static int OnBusy(void* self, int attempts);
  Result<std::unique_ptr<Statement>> Prepare(std::string_view sql);
  Status Bind(Statement& statement, std::span<const Value> params);
  Result<int64_t> Step(Statement& statement, const internal::CellSink* sink);

  std::unique_ptr<sqlite3, DbCloser> db_;
  std::function<void(int)> on_wal_commit_;
  std::chrono::milliseconds busy_timeout_{0};
  std::chrono::steady_clock::time_point busy_since_;  // when the current lock wait began
  std::unordered_map<std::string, std::unique_ptr<Statement>, SqlHash, std::equal_to<>> cache_;
};

}  // namespace loyal::db::sqlite
