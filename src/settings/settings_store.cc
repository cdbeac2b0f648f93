#include "settings/settings_store.h"

namespace loyal::settings::store {

Result<std::vector<StoredSetting>> ReadAll(db::Transaction& tx) {
  LOY_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT key, value FROM settings ORDER BY key"));
  std::vector<StoredSetting> out;
  out.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    out.push_back({std::string(rows[i].Text(0)), std::string(rows[i].Text(1))});
  }
  return out;
}

Status Write(db::Transaction& tx, std::string_view key, std::string_view value) {
  LOY_RETURN_IF_ERROR(
      tx.Execute("INSERT INTO settings (key, value) VALUES ($1, $2) "
                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                 {db::Value(std::string(key)), db::Value(std::string(value))}));
  return {};
}

Result<std::string> WriteIfAbsent(db::Transaction& tx, std::string_view key,
                                  std::string_view value) {
  // On PostgreSQL a concurrent insert of the key makes this wait for that transaction, then
  // do nothing; the read below sees the winner's row either way.
  LOY_RETURN_IF_ERROR(
      tx.Execute("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
                 {db::Value(std::string(key)), db::Value(std::string(value))}));
  LOY_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT value FROM settings WHERE key = $1",
                                           {db::Value(std::string(key))}));
  if (rows.empty()) return Internal("setting " + std::string(key) + " vanished after its write");
  return std::string(rows[0].Text(0));
}

}  // namespace loyal::settings::store
