#include "program/program_store.h"

#include "db/sql_values.h"

namespace loyal::program::store {
namespace {

constexpr std::string_view kColumns = "version, document, created_at, created_by";

StoredVersion FromRow(const db::Row& row) {
  return StoredVersion{row.Int(0), std::string(row.Text(1)), db::AtSeconds(row.Int(2)),
                       std::string(row.Text(3))};
}

Result<std::optional<StoredVersion>> First(Result<db::ResultSet> rows) {
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<StoredVersion>();
  return std::optional<StoredVersion>(FromRow((*rows)[0]));
}

}  // namespace

Result<std::optional<StoredVersion>> Latest(db::Transaction& tx) {
  return First(tx.Query("SELECT " + std::string(kColumns) +
                        " FROM program_versions ORDER BY version DESC LIMIT 1"));
}

Result<std::optional<StoredVersion>> Find(db::Transaction& tx, int64_t version) {
  return First(
      tx.Query("SELECT " + std::string(kColumns) + " FROM program_versions WHERE version = $1",
               {db::Int(version)}));
}

Result<std::vector<StoredVersion>> ListBefore(db::Transaction& tx, std::optional<int64_t> before,
                                              int limit) {
  LOY_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT " + std::string(kColumns) +
                              " FROM program_versions WHERE version < $1 ORDER BY version DESC "
                              "LIMIT $2",
                          {db::Int(before.value_or(INT64_MAX)), db::Int(limit)}));
  std::vector<StoredVersion> out;
  out.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) out.push_back(FromRow(rows[i]));
  return out;
}

Status Insert(db::Transaction& tx, const StoredVersion& v) {
  LOY_RETURN_IF_ERROR(
      tx.Execute("INSERT INTO program_versions (version, document, created_at, created_by) "
                 "VALUES ($1, $2, $3, $4)",
                 {db::Int(v.version), db::Text(v.document), db::Seconds(v.created_at),
                  db::Text(v.created_by)}));
  return {};
}

}  // namespace loyal::program::store
