#include "db/sqlite/sqlite_transaction.h"

#include <utility>

#include "db/driver_util.h"
#include "db/sqlite/sqlite_database.h"

namespace loyal::db::sqlite {

SqliteTransaction::~SqliteTransaction() {
  if (conn_ != nullptr) (void)Rollback();
}

Result<internal::StatementRunner*> SqliteTransaction::Live() {
  if (conn_ == nullptr) return Internal("transaction already committed or rolled back");
  return conn_.get();
}

Result<int64_t> SqliteTransaction::NextId(std::string_view sequence) {
  LOY_RETURN_IF_ERROR(internal::CheckIdentifier(sequence, "sequence name"));
  LOY_ASSIGN_OR_RETURN(internal::StatementRunner * conn, Live());
  if (!writer_) return InvalidArgument("NextId needs a read-write transaction");
  auto it = last_ids_.find(sequence);
  if (it == last_ids_.end()) {
    int64_t last = 0;
    internal::CellSink read = [&](std::vector<Value>& row) -> Status {
      last = Row(row).Int(0);
      return {};
    };
    const Value params[] = {Value(std::string(sequence))};
    LOY_RETURN_IF_ERROR(conn->Run("SELECT value FROM id_sequences WHERE name = $1", params, &read, false));
    it = last_ids_.emplace(std::string(sequence), last).first;
  }
  return ++it->second;
}

Status SqliteTransaction::WriteBackSequences() {
  for (const auto& [name, last] : last_ids_) {
    const Value params[] = {Value(name), Value(last)};
    LOY_RETURN_IF_ERROR(conn_->Run(
        "INSERT INTO id_sequences (name, value) VALUES ($1, $2) "
        "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        params, nullptr, false));
  }
  return {};
}

Status SqliteTransaction::Commit() {
  LOY_RETURN_IF_ERROR(Live());
  Status status = WriteBackSequences();
  if (status) status = conn_->Exec("COMMIT");
  if (!status) {
    (void)Rollback();
    return status;
  }
  Finish();
  return {};
}

Status SqliteTransaction::Rollback() {
  if (conn_ == nullptr) return Internal("transaction already committed or rolled back");
  Connection* conn = conn_.get();
  // Some errors (a full disk, an interrupt) make SQLite roll back by itself.
  Status status = conn->InTransaction() ? conn->Exec("ROLLBACK") : Status{};
  // A connection stuck in a transaction must not go back to the pool.
  if (conn->InTransaction()) conn_ = nullptr;
  Finish();
  return status;
}

void SqliteTransaction::Finish() {
  db_.Release(std::move(conn_), writer_);
  conn_ = nullptr;
}

}  // namespace loyal::db::sqlite
