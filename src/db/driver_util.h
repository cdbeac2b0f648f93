// Pieces both drivers share: how a driver hands rows to Query/ForEach, the identifier rule
// for names spliced into SQL (savepoints, sequences), and the part of a Transaction that
// is the same over any connection. Not for rooms: use database.h.
// Thread-safety: the functions are stateless; the classes as Transaction (database.h).
#pragma once

#include <functional>
#include <span>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "db/database.h"

namespace loyal::db::internal {

// Receives one row's cells; it may move them out (the driver refills the vector).
using CellSink = std::function<Status(std::vector<Value>&)>;

// Returns OK if `name` is [A-Za-z_][A-Za-z0-9_]* and at most 48 characters, else
// invalid_argument naming `what` ("savepoint name").
[[nodiscard]] Status CheckIdentifier(std::string_view name, std::string_view what);

// What a driver's connection offers a transaction.
class StatementRunner {
 public:
  virtual ~StatementRunner() = default;
  // Runs one statement, giving each row to `sink` (null to discard); `stream` asks not to
  // hold all rows at once. Returns the rows changed, or returned by a query.
  [[nodiscard]] virtual Result<int64_t> Run(std::string_view sql, std::span<const Value> params,
                                            const CellSink* sink, bool stream) = 0;
  // Runs a parameterless script of ;-separated statements.
  [[nodiscard]] virtual Status Exec(std::string_view script) = 0;
};

// Execute/Query/ForEach/ExecuteScript/savepoints over the connection Live() returns.
class TransactionBase : public Transaction {
 public:
  using Transaction::Execute;
  using Transaction::ForEach;
  using Transaction::Query;
  [[nodiscard]] Result<int64_t> Execute(std::string_view sql, std::span<const Value> params) override;
  [[nodiscard]] Result<ResultSet> Query(std::string_view sql, std::span<const Value> params) override;
  [[nodiscard]] Status ForEach(std::string_view sql, std::span<const Value> params,
                               const RowCallback& on_row) override;
  [[nodiscard]] Status ExecuteScript(std::string_view sql) override;
  [[nodiscard]] Status Savepoint(std::string_view name) override;
  [[nodiscard]] Status ReleaseSavepoint(std::string_view name) override;
  [[nodiscard]] Status RollbackToSavepoint(std::string_view name) override;

 protected:
  // Returns the transaction's connection; internal once it has been committed or rolled back.
  [[nodiscard]] virtual Result<StatementRunner*> Live() = 0;

 private:
  Status SavepointCommand(std::string_view verb, std::string_view name);
};

}  // namespace loyal::db::internal
