// BulkInserter: buffers rows for one table and writes them as multi-row INSERT statements
// (`INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4), ...`), hundreds of rows per statement,
// the same SQL text for every full batch so the driver's prepared-statement cache reuses
// it. One round trip per batch instead of per row is what makes imports fast on
// PostgreSQL, and binding in bulk helps SQLite too. The importers' write path.
//
// Thread-safety: none; use with the one transaction of its thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "db/database.h"

namespace loyal::importer {

class BulkInserter {
 public:
  // `suffix` follows the VALUES list, e.g. "ON CONFLICT (external_id) DO NOTHING".
  BulkInserter(std::string_view table, std::vector<std::string_view> columns,
               std::string_view suffix = {});

  // Buffers one row of columns().size() values (checked: a wrong count is a programming
  // error and throws std::logic_error); writes the batch through `tx` when it is full.
  // Errors: the transaction's.
  [[nodiscard]] Status Add(db::Transaction& tx, std::vector<db::Value>&& row);

  // Writes whatever is buffered. Errors: the transaction's.
  [[nodiscard]] Status Flush(db::Transaction& tx);

  // Rows the database reported as inserted so far (with ON CONFLICT DO NOTHING, fewer
  // than added).
  int64_t inserted() const { return inserted_; }
  size_t pending_rows() const { return values_.size() / columns_; }

 private:
  std::string Sql(size_t rows) const;

  std::string head_;    // INSERT INTO t (a, b) VALUES
  std::string suffix_;
  size_t columns_;
  size_t rows_per_statement_;
  std::string full_batch_sql_;
  std::vector<db::Value> values_;
  int64_t inserted_ = 0;
};

}  // namespace loyal::importer
