#include "settings/settings_service.h"

#include "core/hashing.h"
#include "core/text_rules.h"
#include "settings/settings_store.h"

namespace loyal::settings {

Result<ShopSettings> Load(db::Transaction& tx) {
  ShopSettings settings = DefaultSettings();
  LOY_ASSIGN_OR_RETURN(auto stored, store::ReadAll(tx));
  for (const store::StoredSetting& row : stored) {
    // Not a shop setting: written by a newer version, or by a room that reads it itself.
    const Setting* setting = FindKnownSetting(row.key);
    if (setting == nullptr) continue;
    // Set checked it when it was written; what fails now changed under it (tz data).
    if (auto applied = setting->apply(row.value, settings); !applied) {
      return FailedPrecondition("the shop's " + row.key + " '" + EscapeForMessage(row.value) +
                                    "' is no longer valid (" + applied.error().message +
                                    "); change it with `loyal settings set`",
                                row.key);
    }
  }
  return settings;
}

Status Set(db::Transaction& tx, std::string_view key, std::string_view value) {
  LOY_ASSIGN_OR_RETURN(const Setting* setting, FindSetting(key));
  ShopSettings scratch;
  LOY_RETURN_IF_ERROR(setting->apply(value, scratch));
  return store::Write(tx, key, value);
}

Result<std::string> CustomerTokenSecret(db::Transaction& tx) {
  // Read first: after the first need this is a plain read, and fits a read transaction.
  LOY_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT value FROM settings WHERE key = $1",
                                           {db::Value(std::string(kCustomerTokenSecretKey))}));
  if (!rows.empty()) return std::string(rows[0].Text(0));
  LOY_ASSIGN_OR_RETURN(std::string fresh, RandomToken(32));
  return store::WriteIfAbsent(tx, kCustomerTokenSecretKey, fresh);
}

Result<std::vector<SettingText>> List(db::Transaction& tx) {
  LOY_ASSIGN_OR_RETURN(auto stored, store::ReadAll(tx));
  std::vector<SettingText> out;
  for (const Setting& setting : KnownSettings()) {
    SettingText text{std::string(setting.key), std::string(setting.default_value)};
    for (const store::StoredSetting& row : stored) {
      if (row.key == setting.key) text.value = row.value;
    }
    out.push_back(std::move(text));
  }
  return out;
}

}  // namespace loyal::settings
