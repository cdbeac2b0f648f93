// A transaction on one pooled SQLite connection (see sqlite_database.h). NextId keeps the
// sequences it touches in memory and writes them back to id_sequences at commit: writers
// are serialised, so nobody else can move a sequence while this transaction holds the
// write lock, and an id costs a map look-up instead of a statement.
//
// Thread-safety: used by one thread at a time (database.h).
#pragma once

#include <map>
#include <memory>
#include <string>

#include "db/database.h"
#include "db/driver_util.h"
#include "db/sqlite/sqlite_connection.h"

namespace loyal::db::sqlite {

class SqliteDatabase;

class SqliteTransaction final : public internal::TransactionBase {
 public:
  // Takes `conn` on which BEGIN has already run; gives it back to `db` when it ends.
  SqliteTransaction(SqliteDatabase& db, std::unique_ptr<Connection> conn, bool writer)
      : db_(db), conn_(std::move(conn)), writer_(writer) {}
  ~SqliteTransaction() override;

  [[nodiscard]] Result<int64_t> NextId(std::string_view sequence) override;
  [[nodiscard]] Status Commit() override;
  [[nodiscard]] Status Rollback() override;
  Backend backend() const override { return Backend::kSqlite; }

 private:
  Result<internal::StatementRunner*> Live() override;
  Status WriteBackSequences();
  // Returns the connection to the pool; the transaction is over.
  void Finish();

  SqliteDatabase& db_;
  std::unique_ptr<Connection> conn_;  // null once committed or rolled back
  const bool writer_;
  std::map<std::string, int64_t, std::less<>> last_ids_;  // sequence -> last id handed out
};

}  // namespace loyal::db::sqlite
