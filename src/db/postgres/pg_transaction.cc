#include "db/postgres/pg_transaction.h"

#include <utility>

#include "db/postgres/pg_database.h"

namespace loyal::db::postgres {

PgTransaction::~PgTransaction() {
  if (conn_ != nullptr) (void)Rollback();
}

Result<internal::StatementRunner*> PgTransaction::Live() {
  if (conn_ == nullptr) return Internal("transaction already committed or rolled back");
  return conn_.get();
}

Result<int64_t> PgTransaction::NextId(std::string_view sequence) {
  LOY_RETURN_IF_ERROR(internal::CheckIdentifier(sequence, "sequence name"));
  LOY_RETURN_IF_ERROR(Live());
  if (!writer_) return InvalidArgument("NextId needs a read-write transaction");
  return db_.NextId(*conn_, sequence);
}

Status PgTransaction::Commit() {
  LOY_RETURN_IF_ERROR(Live());
  // COMMIT of a failed transaction "succeeds" as a ROLLBACK; say what really happened.
  if (conn_->Failed()) {
    (void)Rollback();
    return Internal("transaction had a failed statement and was rolled back");
  }
  Status status = conn_->Exec("COMMIT");
  Finish();
  return status;
}

Status PgTransaction::Rollback() {
  LOY_RETURN_IF_ERROR(Live());
  Status status = conn_->Exec("ROLLBACK");
  Finish();
  return status;
}

void PgTransaction::Finish() {
  db_.Release(std::move(conn_));
  conn_ = nullptr;
}

}  // namespace loyal::db::postgres
