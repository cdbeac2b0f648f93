#include "db/bulk_inserter.h"

#include <algorithm>
#include <stdexcept>

namespace loyal::db {
namespace {
// PostgreSQL allows 65,535 parameters a statement; past a few hundred rows a bigger
// statement gains nothing. SQLite's prepare is quadratic in parameters (see the header).
constexpr size_t kMaxParams = 30000;
constexpr size_t kPostgresRows = 512;
constexpr size_t kSqliteRows = 64;
constexpr size_t kInListChunk = 500;  // keys per IN (...) look-up

size_t Log2(size_t n) {
  size_t k = 0;
  while ((size_t{1} << (k + 1)) <= n) ++k;
  return k;
}
}  // namespace

BulkInserter::BulkInserter(std::string_view table, std::vector<std::string_view> columns,
                           std::string_view suffix)
    : suffix_(suffix), columns_(columns.size()) {
  if (columns.empty()) throw std::logic_error("BulkInserter needs columns");
  head_ = "INSERT INTO " + std::string(table) + " (";
  for (size_t i = 0; i < columns.size(); ++i) {
    head_ += (i > 0 ? ", " : "") + std::string(columns[i]);
  }
  head_ += ") VALUES ";
}

const std::string& BulkInserter::Sql(size_t rows) {
  size_t k = Log2(rows);
  if (sql_by_log2_rows_.size() <= k) sql_by_log2_rows_.resize(k + 1);
  std::string& sql = sql_by_log2_rows_[k];
  if (!sql.empty()) return sql;
  sql = head_;
  size_t param = 1;
  for (size_t r = 0; r < rows; ++r) {
    sql += r > 0 ? ", (" : "(";
    for (size_t c = 0; c < columns_; ++c) {
      if (c > 0) sql += ", ";
      sql += "$" + std::to_string(param++);
    }
    sql += ")";
  }
  if (!suffix_.empty()) sql += " " + suffix_;
  return sql;
}

void BulkInserter::ChooseStatementSize(Backend backend) {
  size_t rows = backend == Backend::kSqlite ? kSqliteRows : kPostgresRows;
  while (rows > 1 && rows * columns_ > kMaxParams) rows /= 2;
  rows_per_statement_ = rows;
  values_.reserve(rows * columns_);
}

Status BulkInserter::Write(Transaction& tx, size_t first, size_t rows) {
  std::span<const Value> params(values_.data() + first * columns_, rows * columns_);
  LOY_ASSIGN_OR_RETURN(int64_t changed, tx.Execute(Sql(rows), params));
  inserted_ += changed;
  return {};
}

Status BulkInserter::Flush(Transaction& tx) {
  size_t rows = values_.size() / columns_;
  size_t first = 0;
  // Largest power of two first: 37 rows go as 32 + 4 + 1.
  for (size_t chunk = rows_per_statement_; chunk > 0 && first < rows; chunk /= 2) {
    while (rows - first >= chunk) {
      LOY_RETURN_IF_ERROR(Write(tx, first, chunk));
      first += chunk;
    }
  }
  values_.clear();
  return {};
}

Status SelectIn(Transaction& tx, std::string_view select_head,
                const std::vector<std::string>& keys, const RowCallback& on_row) {
  for (size_t from = 0; from < keys.size(); from += kInListChunk) {
    size_t n = std::min(kInListChunk, keys.size() - from);
    std::string sql(select_head);
    sql += "(";
    std::vector<Value> params;
    params.reserve(n);
    for (size_t i = 0; i < n; ++i) {
      sql += (i > 0 ? ", $" : "$") + std::to_string(i + 1);
      params.emplace_back(keys[from + i]);
    }
    sql += ")";
    LOY_RETURN_IF_ERROR(tx.ForEach(sql, std::span<const Value>(params), on_row));
  }
  return {};
}

}  // namespace loyal::db
