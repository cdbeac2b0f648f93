#include "app/settings_command.h"

#include <cstdio>

#include "app/command_support.h"
#include "settings/settings_service.h"

namespace loyal::app {
namespace {

struct SettingsOptions {
  std::string db;
  std::string key;
  std::string value;
};

void PrintSettings(const SettingsOptions& options) {
  ReadFromStore(options.db, [&](db::Transaction& tx) -> Status {
    LOY_ASSIGN_OR_RETURN(auto listed, settings::List(tx));
    for (const settings::SettingText& s : listed) {
      std::printf("%s=%s\n", s.key.c_str(), s.value.c_str());
    }
    return {};
  });
}

void SetSetting(const SettingsOptions& options) {
  RunOnStore(options.db,
             [&](db::Transaction& tx) { return settings::Set(tx, options.key, options.value); });
}

// "time_zone: IANA time zone...; default_currency: ISO 4217...": the table, for --help.
std::string KeyHelp() {
  std::string help;
  for (const settings::Setting& s : settings::KnownSettings()) {
    if (!help.empty()) help += "; ";
    help += std::string(s.key) + ": " + std::string(s.description);
  }
  return help;
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
  set->add_option("key", options->key, KeyHelp())->required();
  set->add_option("value", options->value, "the new value")->required();
  set->callback([options] { SetSetting(*options); });
}

}  // namespace loyal::app
