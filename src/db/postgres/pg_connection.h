// One libpq connection with its prepared statements: the unit the PostgreSQL pool hands to
// a transaction. Runs single statements with $1..$n text parameters (integers and reals
// typed BIGINT / DOUBLE PRECISION), streams rows in single-row mode, and maps SQLSTATEs to
// Loyal errors.
//
// Thread-safety: none; one thread at a time (the pool guarantees it).
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include <libpq-fe.h>

#include "core/error.h"
#include "db/database.h"
#include "db/driver_util.h"

namespace loyal::db::postgres {

// Returns the Error for a failed result (or, with res == null, a failed call on `conn`):
// already_exists for 23505, failed_precondition for other 23xxx, conflict for 40001 and
// 40P01, unavailable for connection failures (08xxx, 57P0x, 53xxx or a dead connection),
// invalid_argument for 42xxx, 22xxx and writes in a read-only transaction, internal
// otherwise.
Error PgError(const PGresult* res, PGconn* conn, std::string_view context = {});

class PgConnection final : public internal::StatementRunner {
 public:
  // Connects to `url` (postgresql://...) with synchronous_commit=on, UTF-8, UTC.
  // Errors: unavailable, naming host, port and database but never the password.
  [[nodiscard]] static Result<std::unique_ptr<PgConnection>> Open(const std::string& url);

  // Runs one statement (prepared once per connection), giving each row to `sink` (null to
  // discard). `stream` uses single-row mode so rows are not all held in memory. Returns
  // the rows changed or returned. Errors: see PgError.
  [[nodiscard]] Result<int64_t> Run(std::string_view sql, std::span<const Value> params,
                                    const internal::CellSink* sink, bool stream) override;

  // Runs a parameterless script of ;-separated statements.
  [[nodiscard]] Status Exec(std::string_view script) override;

  // Returns whether the connection can take another transaction.
  bool Idle() const;
  // Returns whether the open transaction has had a failed statement.
  bool Failed() const { return PQtransactionStatus(conn_.get()) == PQTRANS_INERROR; }

 private:
  struct ConnCloser {
    void operator()(PGconn* conn) const { PQfinish(conn); }
  };
  struct SqlHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  // Returns the name of the prepared statement for `key`, preparing it if needed; "" when
  // the cache is full (run unprepared).
  Result<std::string> Prepared(const std::string& key, std::string_view sql,
                               std::span<const Oid> types);

  std::unique_ptr<PGconn, ConnCloser> conn_;
  // "types\nsql" -> statement name: one statement per parameter-type signature.
  std::unordered_map<std::string, std::string, SqlHash, std::equal_to<>> prepared_;
};

}  // namespace loyal::db::postgres
