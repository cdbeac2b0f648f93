// loyal: one binary for the API server and the command-line jobs.
#include <CLI/CLI.hpp>

#include "app/analyze_command.h"
#include "app/demo_command.h"
#include "app/import_command.h"
#include "app/keys_command.h"
#include "app/serve_command.h"
#include "app/settings_command.h"

int main(int argc, char** argv) {
  CLI::App app{"Loyal: customer loyalty and retention engine"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show help for every subcommand");
  loyal::app::AddServeCommand(app);
  loyal::app::AddKeysCommand(app);
  loyal::app::AddAnalyzeCommand(app);
  loyal::app::AddImportCommand(app);
  loyal::app::AddDemoCommand(app);
  loyal::app::AddSettingsCommand(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
