#include "db/customer_rows.h"

#include <algorithm>

namespace loyal::db {

Result<std::vector<std::string>> TablesWithCustomerId(Transaction& tx) {
  std::string sql = tx.backend() == Backend::kSqlite
                        ? "SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) c "
                          "WHERE m.type = 'table' AND c.name = 'customer_id' ORDER BY m.name"
                        : "SELECT table_name FROM information_schema.columns WHERE table_schema = "
                          "current_schema() "
                          "AND column_name = 'customer_id' ORDER BY table_name";
  LOY_ASSIGN_OR_RETURN(ResultSet rows, tx.Query(sql));
  std::vector<std::string> tables;
  for (size_t i = 0; i < rows.size(); ++i) tables.emplace_back(rows[i].Text(0));
  return tables;
}

Result<std::vector<std::string>> TableColumns(Transaction& tx, const std::string& table) {
  std::string sql = tx.backend() == Backend::kSqlite
                        ? "SELECT name FROM pragma_table_info($1) ORDER BY cid"
                        : "SELECT column_name FROM information_schema.columns WHERE table_schema "
                          "= current_schema() AND table_name = $1 ORDER BY ordinal_position";
  LOY_ASSIGN_OR_RETURN(ResultSet rows, tx.Query(sql, {Value(table)}));
  std::vector<std::string> columns;
  for (size_t i = 0; i < rows.size(); ++i) columns.emplace_back(rows[i].Text(0));
  return columns;
}

Result<int64_t> MoveCustomerRows(Transaction& tx, const std::string& table, int64_t from,
                                 int64_t to) {
  LOY_ASSIGN_OR_RETURN(std::vector<std::string> columns, TableColumns(tx, table));
  // The names go into SQL text, so they must be the schema's own (read just above).
  if (std::find(columns.begin(), columns.end(), "customer_id") == columns.end()) {
    return Internal("table " + table + " has no customer_id column");
  }
  std::string names, selected;
  for (const std::string& column : columns) {
    names += (names.empty() ? "" : ", ") + column;
    selected += (selected.empty() ? "" : ", ") + (column == "customer_id" ? "$2" : column);
  }
  LOY_ASSIGN_OR_RETURN(int64_t moved,
                       tx.Execute("INSERT INTO " + table + " (" + names + ") SELECT " + selected +
                                      " FROM " + table + " WHERE customer_id = $1",
                                  {Value(from), Value(to)}));
  LOY_RETURN_IF_ERROR(
      tx.Execute("DELETE FROM " + table + " WHERE customer_id = $1", {Value(from)}));
  return moved;
}

Result<std::optional<std::pair<int64_t, int64_t>>> LookupCustomerRow(Transaction& tx,
                                                                     std::string_view table,
                                                                     std::string_view key_column,
                                                                     std::string_view id_column,
                                                                     std::string_view key) {
  const std::string sql = "SELECT customer_id, " + std::string(id_column) + " FROM " +
                          std::string(table) + " WHERE " + std::string(key_column) + " = $1";
  LOY_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, {Value(std::string(key))}));
  if (rows.empty()) return std::optional<std::pair<int64_t, int64_t>>();
  return std::optional<std::pair<int64_t, int64_t>>({rows[0].Int(0), rows[0].Int(1)});
}

}  // namespace loyal::db
