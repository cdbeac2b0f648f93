// The store interface every room uses: a Database hands out Transactions; a Transaction
// runs SQL with $1..$n placeholders, written once for both backends (SQLite and
// PostgreSQL). Drivers live in db/sqlite/ and db/postgres/; only app/ picks one, with
// OpenDatabase() in db/open.h.
//
// Thread-safety: a Database is shared by all threads; each Transaction belongs to the one
// thread that began it until it is committed, rolled back or destroyed.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/error.h"

namespace loyal::db {

enum class Backend { kSqlite, kPostgres };

// A bound parameter or a result cell: NULL, integer, real or text.
using Value = std::variant<std::monostate, int64_t, double, std::string>;
inline constexpr std::monostate kNull{};

// One result row; cells are valid while the Row is. Accessors on a NULL cell return 0 / ""
// (use IsNull or the Opt* forms where NULL means something). Int and Double also read a
// numeric text cell (PostgreSQL's NUMERIC, e.g. SUM over BIGINT, arrives as text), Double
// reads an integer cell, Text reads a text cell only. Asking a cell for what it cannot be
// (Text of an integer, Int of "abc") is a programming error: std::logic_error. A column
// index out of range is one too.
class Row {
 public:
  explicit Row(std::span<const Value> cells) : cells_(cells) {}
  size_t size() const { return cells_.size(); }
  bool IsNull(size_t col) const;
  int64_t Int(size_t col) const;
  double Double(size_t col) const;
  std::string_view Text(size_t col) const;
  std::optional<int64_t> OptInt(size_t col) const;
  std::optional<std::string> OptText(size_t col) const;

 private:
  std::span<const Value> cells_;
};

// A fully read result.
class ResultSet {
 public:
  ResultSet() = default;
  ResultSet(size_t columns, std::vector<Value> cells)
      : columns_(columns), cells_(std::move(cells)) {}
  size_t size() const { return columns_ == 0 ? 0 : cells_.size() / columns_; }
  bool empty() const { return size() == 0; }
  size_t columns() const { return columns_; }
  Row operator[](size_t row) const {
    return Row(std::span<const Value>(cells_).subspan(row * columns_, columns_));
  }

 private:
  size_t columns_ = 0;
  std::vector<Value> cells_;
};

using RowCallback = std::function<Status(const Row&)>;

// A transaction: read-write (SQLite: BEGIN IMMEDIATE, one writer at a time; PostgreSQL:
// READ COMMITTED) or read-only (SQLite: a WAL snapshot; PostgreSQL: REPEATABLE READ READ
// ONLY). A read-only transaction sees one snapshot, the database as committed when its
// first statement ran, in every statement until it ends; it neither waits for writers
// nor holds them up (schema changes aside). Destroying it without Commit() rolls it
// back. The Database must outlive it.
//
// SQL: one statement per call with $1..$n placeholders, n == params.size(). Integer and
// real parameters are typed (BIGINT, DOUBLE PRECISION); text and NULL take the type the
// statement gives them. Portable SQL rules: src/db/migrations/README.md.
//
// Errors from every call: already_exists for a unique/primary-key violation (so a service
// can tell a racing duplicate from a failure), failed_precondition for another constraint
// (NOT NULL, CHECK, FOREIGN KEY), conflict for a serialization failure or deadlock (retry
// the whole transaction), unavailable when the database cannot be reached or is busy past
// the timeout, invalid_argument for SQL the database rejects (syntax, unknown table, wrong
// parameter count, a write in a read-only transaction), internal otherwise. After any error
// other than from a statement inside a savepoint that was rolled back, the transaction can
// only be rolled back (PostgreSQL refuses further statements; do not rely on SQLite not).
class Transaction {
 public:
  virtual ~Transaction() = default;

  // Runs a statement; returns the number of rows it changed (for a query: returned).
  [[nodiscard]] virtual Result<int64_t> Execute(std::string_view sql,
                                                std::span<const Value> params) = 0;
  // Runs a query and reads all its rows.
  [[nodiscard]] virtual Result<ResultSet> Query(std::string_view sql,
                                                std::span<const Value> params) = 0;
  // Runs a query and calls `on_row` for each row as it arrives, without holding them all
  // (PostgreSQL single-row mode, SQLite step). The first error from on_row stops it.
  [[nodiscard]] virtual Status ForEach(std::string_view sql, std::span<const Value> params,
                                       const RowCallback& on_row) = 0;

  // Runs several ;-separated statements without parameters (migrations, test set-up).
  [[nodiscard]] virtual Status ExecuteScript(std::string_view sql) = 0;

  // Savepoints let one bad request in a group commit roll back alone. Names are
  // identifiers ([A-Za-z_][A-Za-z0-9_]*), else invalid_argument.
  [[nodiscard]] virtual Status Savepoint(std::string_view name) = 0;
  [[nodiscard]] virtual Status ReleaseSavepoint(std::string_view name) = 0;
  [[nodiscard]] virtual Status RollbackToSavepoint(std::string_view name) = 0;

  // Returns the next value of a named id sequence (created on first use, starts at 1; the
  // name is an identifier). Ids are unique and, within one process, increasing; they may
  // have gaps (a rolled-back transaction's ids, PostgreSQL's cached blocks). Durable with
  // the transaction that uses them. invalid_argument in a read-only transaction.
  [[nodiscard]] virtual Result<int64_t> NextId(std::string_view sequence) = 0;

  // Makes the transaction durable before returning (WAL + synchronous=FULL;
  // synchronous_commit=on). On PostgreSQL, committing after a failed statement (outside a
  // rolled-back savepoint) rolls back instead and returns internal. Either way, the
  // transaction is over: later calls return internal.
  [[nodiscard]] virtual Status Commit() = 0;
  [[nodiscard]] virtual Status Rollback() = 0;

  virtual Backend backend() const = 0;

  // Convenience forms: tx.Execute(sql, {Value(id), Value(name)}).
  [[nodiscard]] Result<int64_t> Execute(std::string_view sql,
                                        std::initializer_list<Value> params = {}) {
    return Execute(sql, std::span<const Value>(params.begin(), params.size()));
  }
  [[nodiscard]] Result<ResultSet> Query(std::string_view sql,
                                        std::initializer_list<Value> params = {}) {
    return Query(sql, std::span<const Value>(params.begin(), params.size()));
  }
  [[nodiscard]] Status ForEach(std::string_view sql, std::initializer_list<Value> params,
                               const RowCallback& on_row) {
    return ForEach(sql, std::span<const Value>(params.begin(), params.size()), on_row);
  }
};

class Database {
 public:
  virtual ~Database() = default;
  // Begins a read-write transaction. Errors: unavailable (unreachable, or on SQLite another
  // writer held the database past the busy timeout).
  [[nodiscard]] virtual Result<std::unique_ptr<Transaction>> Begin() = 0;
  // Begins a read-only transaction: one snapshot, taken by its first statement, that does
  // not wait for writers. Writes in it fail with invalid_argument. Errors: unavailable.
  [[nodiscard]] virtual Result<std::unique_ptr<Transaction>> BeginReadOnly() = 0;
  virtual Backend backend() const = 0;
};

// Runs `work` in a fresh read-write transaction and commits it, retrying the whole thing a
// few times on conflict (serialization failure, deadlock), so `work` must not have effects
// outside the transaction. Returns work's error (the transaction is rolled back), or the
// commit's; conflict if every attempt conflicted.
[[nodiscard]] Status RunInTransaction(Database& db,
                                      const std::function<Status(Transaction&)>& work);

// The same in a read-only transaction (no retry needed: reads do not conflict).
[[nodiscard]] Status RunInReadTransaction(Database& db,
                                          const std::function<Status(Transaction&)>& work);

namespace internal {
// Runs `run(db, wrapped)` with a wrapped `work` that keeps the value of its Result<T>.
template <class Run, class Work>
auto KeepingValue(Run run, Database& db, Work&& work)
    -> decltype(work(std::declval<Transaction&>())) {
  using Value = typename decltype(work(std::declval<Transaction&>()))::value_type;
  std::optional<Value> out;
  LOY_RETURN_IF_ERROR(run(db, [&](Transaction& tx) -> Status {
    LOY_ASSIGN_OR_RETURN(Value value, work(tx));
    out.emplace(std::move(value));
    return {};
  }));
  return std::move(*out);
}
}  // namespace internal

// RunInTransaction for work that returns a Result<T>: returns its value once committed.
// Requests served over HTTP write through group commit (db/group_commit.h) instead.
template <class Work>
[[nodiscard]] auto WithTransaction(Database& db, Work&& work) {
  return internal::KeepingValue(RunInTransaction, db, std::forward<Work>(work));
}

// RunInReadTransaction for work that returns a Result<T>: returns its value.
template <class Work>
[[nodiscard]] auto WithReadTransaction(Database& db, Work&& work) {
  return internal::KeepingValue(RunInReadTransaction, db, std::forward<Work>(work));
}

}  // namespace loyal::db
