// loyal: one binary for the API server and the command-line jobs.
#include <CLI/CLI.hpp>
#include <iostream>
#include <string>
#include <string_view>

#include "app/analyze_command.h"
#include "app/demo_command.h"
#include "app/import_command.h"
#include "app/jobs_command.h"
#include "app/keys_command.h"
#include "app/program_command.h"
#include "app/serve_command.h"
#include "app/settings_command.h"
#include "app/tokens_command.h"

int main(int argc, char** argv) {
  CLI::App app{"Loyal: customer loyalty and retention engine", "loyal"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show help for every subcommand");
  loyal::app::AddServeCommand(app);
  loyal::app::AddKeysCommand(app);
  loyal::app::AddAnalyzeCommand(app);
  loyal::app::AddImportCommand(app);
  loyal::app::AddDemoCommand(app);
  loyal::app::AddSettingsCommand(app);
  loyal::app::AddProgramCommand(app);
  loyal::app::AddJobsCommand(app);
  loyal::app::AddTokensCommand(app);
  if (argc > 1 && argv[1][0] != '-') {
    if (std::string_view(argv[1]) == "help") {
      std::cout << app.help();
      return 0;
    }
    // CLI11 answers an unknown command with "A subcommand is required"; name it instead.
    bool found = false;
    std::string known;
    for (const CLI::App* command : app.get_subcommands([](CLI::App*) { return true; })) {
      found = found || command->get_name() == argv[1];
      known += (known.empty() ? "" : ", ") + command->get_name();
    }
    if (!found) {
      std::cerr << "unknown command '" << argv[1] << "' (commands: " << known
                << "; loyal help for more)\n";
      return 2;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::RuntimeError& e) {
    return app.exit(e);  // a command's own outcome (ExitWith in command_support.h)
  } catch (const CLI::ParseError& e) {
    // app.exit prints the message (or the help) and gives CLI11's own code, which differs by
    // mistake (105, 106, 109, ...); a usage mistake is exit status 2, whatever it was.
    return app.exit(e) == 0 ? 0 : 2;
  }
  return 0;
}
