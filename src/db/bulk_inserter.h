// BulkInserter: buffers rows for one table and writes them as multi-row INSERT statements
// (`INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4), ...`). One round trip per batch
// instead of per row is what makes imports fast on PostgreSQL (500 rows a statement);
// SQLite gains less and takes 64 rows a statement, because preparing a statement costs it
// time quadratic in the number of $n parameters. Statements only ever have a power-of-two
// number of rows (a remainder is written as 32 + 8 + 1 rows, say), so a handful of SQL
// texts serve a whole import from the driver's prepared-statement cache. SelectIn is the
// reading side: "which of these keys exist" in one query per 500 keys.
//
// Used by the orders room's bulk store (order_batch_store.cc) and the importer's customer
// rows.
//
// Thread-safety: none; use with the one transaction of its thread.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "db/database.h"

namespace loyal::db {

class BulkInserter {
 public:
  // `suffix` follows the VALUES list, e.g. "ON CONFLICT (external_id) DO NOTHING".
  BulkInserter(std::string_view table, std::vector<std::string_view> columns,
               std::string_view suffix = {});

  // Buffers one row, one value per column (checked: a wrong count is a programming error
  // and throws std::logic_error); writes the batch through `tx` when it is full.
  // Errors: the transaction's.
  template <class... Values>
  [[nodiscard]] Status Add(Transaction& tx, Values&&... row) {
    if (sizeof...(row) != columns_) throw std::logic_error("BulkInserter row has the wrong width");
    if (rows_per_statement_ == 0) ChooseStatementSize(tx.backend());
    (values_.emplace_back(std::forward<Values>(row)), ...);
    if (values_.size() == rows_per_statement_ * columns_) return Flush(tx);
    return {};
  }

  // Writes whatever is buffered. Errors: the transaction's.
  [[nodiscard]] Status Flush(Transaction& tx);

  // Rows the database reported as inserted so far (with ON CONFLICT DO NOTHING, fewer
  // than added).
  int64_t inserted() const { return inserted_; }
  size_t pending_rows() const { return values_.size() / columns_; }

 private:
  void ChooseStatementSize(Backend backend);
  // The SQL for `rows` rows (a power of two), built once.
  const std::string& Sql(size_t rows);
  // Writes `rows` rows from values_ starting at row `first`.
  [[nodiscard]] Status Write(Transaction& tx, size_t first, size_t rows);

  std::string head_;  // INSERT INTO t (a, b) VALUES
  std::string suffix_;
  size_t columns_;
  size_t rows_per_statement_ = 0;  // chosen for the backend on the first write
  std::vector<std::string> sql_by_log2_rows_;
  std::vector<Value> values_;
  int64_t inserted_ = 0;
};

// Runs `select_head` + "($1, ..., $n)" over `keys` in chunks of at most 500, giving every
// row to `on_row`. Errors: the transaction's, on_row's.
[[nodiscard]] Status SelectIn(Transaction& tx, std::string_view select_head,
                              const std::vector<std::string>& keys, const RowCallback& on_row);

}  // namespace loyal::db
