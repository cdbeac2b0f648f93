#include "db/driver_util.h"

#include <utility>

namespace loyal::db::internal {

Status CheckIdentifier(std::string_view name, std::string_view what) {
  auto is_alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  bool ok = !name.empty() && name.size() <= 48 && is_alpha(name[0]);
  for (char c : name) ok = ok && (is_alpha(c) || (c >= '0' && c <= '9'));
  if (!ok) {
    return InvalidArgument(std::string(what) + " \"" + std::string(name) +
                           "\" must be letters, digits and _ (at most 48, not starting with a digit)");
  }
  return {};
}

Result<int64_t> TransactionBase::Execute(std::string_view sql, std::span<const Value> params) {
  LOY_ASSIGN_OR_RETURN(StatementRunner * conn, Live());
  return conn->Run(sql, params, nullptr, false);
}

Result<ResultSet> TransactionBase::Query(std::string_view sql, std::span<const Value> params) {
  LOY_ASSIGN_OR_RETURN(StatementRunner * conn, Live());
  std::vector<Value> cells;
  size_t columns = 0;
  CellSink collect = [&](std::vector<Value>& row) -> Status {
    columns = row.size();
    for (Value& cell : row) cells.push_back(std::move(cell));
    return {};
  };
  LOY_RETURN_IF_ERROR(conn->Run(sql, params, &collect, false));
  return ResultSet(columns, std::move(cells));
}

Status TransactionBase::ForEach(std::string_view sql, std::span<const Value> params,
                                const RowCallback& on_row) {
  LOY_ASSIGN_OR_RETURN(StatementRunner * conn, Live());
  CellSink forward = [&](std::vector<Value>& row) { return on_row(Row(row)); };
  LOY_RETURN_IF_ERROR(conn->Run(sql, params, &forward, true));
  return {};
}

Status TransactionBase::ExecuteScript(std::string_view sql) {
  LOY_ASSIGN_OR_RETURN(StatementRunner * conn, Live());
  return conn->Exec(sql);
}

Status TransactionBase::SavepointCommand(std::string_view verb, std::string_view name) {
  LOY_RETURN_IF_ERROR(CheckIdentifier(name, "savepoint name"));
  LOY_ASSIGN_OR_RETURN(StatementRunner * conn, Live());
  return conn->Exec(std::string(verb) + " " + std::string(name));
}

Status TransactionBase::Savepoint(std::string_view name) { return SavepointCommand("SAVEPOINT", name); }

Status TransactionBase::ReleaseSavepoint(std::string_view name) {
  return SavepointCommand("RELEASE SAVEPOINT", name);
}

Status TransactionBase::RollbackToSavepoint(std::string_view name) {
  return SavepointCommand("ROLLBACK TO SAVEPOINT", name);
}

}  // namespace loyal::db::internal
