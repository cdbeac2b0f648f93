// A transaction on one pooled PostgreSQL connection (see pg_database.h).
//
// Thread-safety: used by one thread at a time (database.h).
#pragma once

#include <memory>

#include "db/database.h"
#include "db/driver_util.h"
#include "db/postgres/pg_connection.h"

namespace loyal::db::postgres {

class PgDatabase;

class PgTransaction final : public internal::TransactionBase {
 public:
  // Takes `conn` on which BEGIN has already run; gives it back to `db` when it ends.
  PgTransaction(PgDatabase& db, std::unique_ptr<PgConnection> conn, bool writer)
      : db_(db), conn_(std::move(conn)), writer_(writer) {}
  ~PgTransaction() override;

  [[nodiscard]] Result<int64_t> NextId(std::string_view sequence) override;
  [[nodiscard]] Status Commit() override;
  [[nodiscard]] Status Rollback() override;
  Backend backend() const override { return Backend::kPostgres; }

 private:
  Result<internal::StatementRunner*> Live() override;
  // Returns the connection to the pool (which drops it unless idle); the transaction is over.
  void Finish();

  PgDatabase& db_;
  std::unique_ptr<PgConnection> conn_;  // null once committed or rolled back
  const bool writer_;
};

}  // namespace loyal::db::postgres
