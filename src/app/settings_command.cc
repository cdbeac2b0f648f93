#include "app/settings_command.h"

#include <cstdio>

#include "app/command_support.h"
#include "app/shop_settings.h"

namespace loyal::app {
namespace {

struct SettingsOptions {
  std::string db;
  std::string key;
  std::string value;
};

void PrintSettings(const SettingsOptions& options) {
  ReadFromStore(options.db, [&](db::Transaction& tx) -> Status {
    LOY_ASSIGN_OR_RETURN(auto settings, LoadShopSettings(tx));
    std::printf("time_zone=%s\ndefault_currency=%s\n", settings.time_zone.c_str(),
                settings.default_currency.c_str());
    return {};
  });
}

void SetSetting(const SettingsOptions& options) {
  RunOnStore(options.db,
             [&](db::Transaction& tx) { return SetShopSetting(tx, options.key, options.value); });
}

}  // namespace

void AddSettingsCommand(CLI::App& app) {
  auto options = std::make_shared<SettingsOptions>();
  auto* settings = app.add_subcommand("settings", "Show or change the shop's settings");
  settings->require_subcommand(1);
  auto* get = settings->add_subcommand("get", "Print every setting");
  AddDbOption(*get, options->db);
  get->callback([options] { PrintSettings(*options); });
  auto* set = settings->add_subcommand("set", "Change one setting");
  AddDbOption(*set, options->db);
  set->add_option("key", options->key, "time_zone or default_currency")->required();
  set->add_option("value", options->value, "the new value")->required();
  set->callback([options] { SetSetting(*options); });
}

}  // namespace loyal::app
