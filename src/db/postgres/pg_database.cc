#include "db/postgres/pg_database.h"

#include <utility>

#include "db/postgres/pg_transaction.h"

namespace loyal::db::postgres {

Result<std::unique_ptr<PgDatabase>> PgDatabase::Open(std::string url, PgOptions options) {
  std::unique_ptr<PgDatabase> db(new PgDatabase(std::move(url), options));
  // Connecting now reports an unreachable server at start-up, not at the first request.
  LOY_ASSIGN_OR_RETURN(std::unique_ptr<PgConnection> first, PgConnection::Open(db->url_));
  db->open_ = 1;
  db->idle_.push_back(std::move(first));
  return db;
}

Result<std::unique_ptr<PgConnection>> PgDatabase::Acquire() {
  {
    std::unique_lock lock(mu_);
    bool ready = released_.wait_for(lock, options_.acquire_timeout, [&] {
      return !idle_.empty() || open_ < options_.max_connections;
    });
    if (!ready) {
      return Unavailable("all " + std::to_string(options_.max_connections) +
                         " PostgreSQL connections stayed busy past the timeout");
    }
    if (!idle_.empty()) {
      std::unique_ptr<PgConnection> conn = std::move(idle_.back());
      idle_.pop_back();
      return conn;
    }
    ++open_;  // reserve the slot before connecting outside the lock
  }
  auto conn = PgConnection::Open(url_);
  if (!conn) Release(nullptr);
  return conn;
}

void PgDatabase::Release(std::unique_ptr<PgConnection> conn) {
  {
    std::lock_guard lock(mu_);
    if (conn != nullptr && conn->Idle()) {
      idle_.push_back(std::move(conn));
    } else {
      --open_;
    }
  }
  released_.notify_one();
}

Result<std::unique_ptr<Transaction>> PgDatabase::BeginWith(bool writer) {
  // REPEATABLE READ, because READ ONLY alone runs at READ COMMITTED, where every
  // statement takes a fresh snapshot and a report reading orders and then their returns
  // could see a return whose order it missed. Read-only transactions at this level never
  // get serialization failures, so readers still need no retry.
  const char* begin_sql = writer ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
  // A pooled connection may have died (server restart); one fresh try covers that.
  for (int attempt = 0;; ++attempt) {
    LOY_ASSIGN_OR_RETURN(std::unique_ptr<PgConnection> conn, Acquire());
    Status begun = conn->Exec(begin_sql);
    if (begun) {
      return std::make_unique<PgTransaction>(*this, std::move(conn), writer);
    }
    Release(std::move(conn));
    if (attempt == 1 || begun.error().code != ErrorCode::kUnavailable) {
      return tl::unexpected(begun.error());
    }
  }
}

Result<std::unique_ptr<Transaction>> PgDatabase::Begin() { return BeginWith(true); }

Result<std::unique_ptr<Transaction>> PgDatabase::BeginReadOnly() { return BeginWith(false); }

Status PgDatabase::CreateSequence(const std::string& sequence_name) {
  // On its own connection, so a rollback of the caller's transaction cannot undo it.
  LOY_ASSIGN_OR_RETURN(std::unique_ptr<PgConnection> conn, PgConnection::Open(url_));
  std::string sql = "CREATE SEQUENCE IF NOT EXISTS " + sequence_name + " AS BIGINT INCREMENT BY " +
                    std::to_string(kIdBlock) + " MINVALUE 1 START WITH 1";
  Status status = conn->Exec(sql);
  // Two processes creating it at once: the loser sees a duplicate, and the sequence exists.
  if (!status && status.error().code == ErrorCode::kAlreadyExists) return {};
  return status;
}

Result<int64_t> PgDatabase::NextId(PgConnection& conn, std::string_view sequence) {
  std::lock_guard lock(ids_mu_);
  auto it = blocks_.find(sequence);
  if (it != blocks_.end() && it->second.next < it->second.end) return it->second.next++;
  std::string sequence_name = "loyal_seq_" + std::string(sequence);
  if (!created_.contains(sequence_name)) {
    LOY_RETURN_IF_ERROR(CreateSequence(sequence_name));
    created_.insert(sequence_name);
  }
  int64_t start = 0;
  internal::CellSink read = [&](std::vector<Value>& row) -> Status {
    start = Row(row).Int(0);
    return {};
  };
  const Value params[] = {Value(sequence_name)};
  LOY_RETURN_IF_ERROR(conn.Run("SELECT nextval($1)", params, &read, false));
  if (it == blocks_.end()) it = blocks_.emplace(std::string(sequence), Block{}).first;
  it->second = Block{start + 1, start + kIdBlock};
  return start;
}

}  // namespace loyal::db::postgres
