#include "importer/bulk_inserter.h"

#include <algorithm>
#include <stdexcept>

namespace loyal::importer {
namespace {
// SQLite allows 32,766 parameters a statement, PostgreSQL 65,535; past a few hundred rows
// a bigger statement gains nothing.
constexpr size_t kMaxParams = 30000;
constexpr size_t kMaxRows = 500;
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
  rows_per_statement_ = std::min(kMaxRows, kMaxParams / columns_);
  full_batch_sql_ = Sql(rows_per_statement_);
  values_.reserve(rows_per_statement_ * columns_);
}

std::string BulkInserter::Sql(size_t rows) const {
  std::string sql = head_;
  sql.reserve(head_.size() + rows * columns_ * 6 + suffix_.size());
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

Status BulkInserter::Add(db::Transaction& tx, std::vector<db::Value>&& row) {
  if (row.size() != columns_) throw std::logic_error("BulkInserter row has the wrong width");
  for (db::Value& v : row) values_.push_back(std::move(v));
  if (values_.size() == rows_per_statement_ * columns_) return Flush(tx);
  return {};
}

Status BulkInserter::Flush(db::Transaction& tx) {
  size_t rows = values_.size() / columns_;
  if (rows == 0) return {};
  std::string partial;
  if (rows != rows_per_statement_) partial = Sql(rows);
  LOY_ASSIGN_OR_RETURN(int64_t changed,
                       tx.Execute(rows == rows_per_statement_ ? full_batch_sql_ : partial,
                                  std::span<const db::Value>(values_)));
  inserted_ += changed;
  values_.clear();
  return {};
}

}  // namespace loyal::importer
