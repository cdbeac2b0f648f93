#include "app/program_command.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

#include "app/command_support.h"
#include "db/open.h"
#include "program/program_json.h"
#include "program/program_service.h"
#include "settings/settings_service.h"

namespace loyal::app {
namespace {

struct ProgramOptions {
  std::string db;
  std::string file;
  int64_t version = 0;  // 0: the current one
  std::string since;    // backfill: YYYY-MM-DD, empty for all
};

constexpr const char* kInitBy = "loyal program init";

Status PrintProgram(db::Transaction& tx, int64_t version) {
  std::optional<program::ProgramVersion> shown;
  if (version > 0) {
    LOY_ASSIGN_OR_RETURN(shown, program::GetProgramVersion(tx, version));
  } else {
    LOY_ASSIGN_OR_RETURN(shown, program::CurrentProgram(tx));
  }
  if (!shown)
    return NotFound("the store has no program yet: `loyal program init` installs a sample");
  std::printf("%s\n", boost::json::serialize(program::ProgramJson(shown->program)).c_str());
  std::fprintf(stderr, "version %lld, made %s by %s\n", static_cast<long long>(shown->version),
               FormatTimestamp(shown->created_at).c_str(), shown->created_by.c_str());
  return {};
}

void SetProgram(const ProgramOptions& o) {
  auto parsed = ReadProgramFile(o.file);
  if (!parsed) ExitWith(ReportError(parsed.error()));
  SystemClock clock;
  RunOnStore(
      o.db,
      [&](db::Transaction& tx) -> Status {
        LOY_ASSIGN_OR_RETURN(auto put,
                             program::PutProgram(tx, *parsed, "loyal program set", clock.Now()));
        std::fprintf(stderr,
                     put.created ? "program version %lld is now in force\n"
                                 : "program version %lld is already this document; "
                                   "nothing changed\n",
                     static_cast<long long>(put.version.version));
        return {};
      },
      StoreMode::kMustExist);
}

void RunBackfill(const ProgramOptions& o) {
  intake::BackfillOptions options;
  if (!o.since.empty()) {
    auto day = ParseDate(o.since);
    if (!day)
      ExitWith(ReportError(InvalidArgument("--since: " + day.error().message, "since").value()));
    options.since = *day;
  }
  auto db = db::OpenExistingDatabase(o.db);
  if (!db) ExitWith(ReportError(db.error()));
  SystemClock clock;
  if (auto done = BackfillAndReport(**db, options, clock); !done) {
    ExitWith(ReportError(done.error()));
  }
}

}  // namespace

Result<program::Program> ReadProgramFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  boost::system::error_code ec;
  boost::json::value document = boost::json::parse(text.str(), ec);
  if (ec || !document.is_object()) {
    return InvalidArgument(path + ": not a JSON object" + (ec ? " (" + ec.message() + ")" : ""));
  }
  auto parsed = program::ParseProgram(document.as_object());
  if (!parsed) return InvalidArgument(path + ": " + parsed.error().message, parsed.error().field);
  return parsed;
}

Status BackfillAndReport(db::Database& db, const intake::BackfillOptions& options,
                         const Clock& clock) {
  program::ProgramCache programs;
  LOY_ASSIGN_OR_RETURN(intake::BackfillCounts counts,
                       intake::Backfill(db, programs, options, clock.Now()));
  std::fprintf(stderr,
               "earned %lld points for %lld of %lld orders not earned before (%lld returns "
               "and %lld cancellations applied); %lld members moved to another tier\n",
               static_cast<long long>(counts.points), static_cast<long long>(counts.earned),
               static_cast<long long>(counts.orders), static_cast<long long>(counts.returns),
               static_cast<long long>(counts.cancelled), static_cast<long long>(counts.tier_moves));
  return {};
}

Result<bool> InstallSampleProgram(db::Database& db, std::string_view created_by,
                                  const Clock& clock) {
  return db::WithTransaction(db, [&](db::Transaction& tx) -> Result<bool> {
    LOY_ASSIGN_OR_RETURN(settings::ShopSettings shop, settings::Load(tx));
    LOY_ASSIGN_OR_RETURN(bool installed, program::InstallSampleProgramIfNone(
                                             tx, shop.default_currency, created_by, clock.Now()));
    if (installed) {
      std::fprintf(stderr,
                   "installed the sample loyalty program (a point per %s, a first-order bonus, "
                   "a sign-up event, 12-month expiry); see it with `loyal program show`\n",
                   std::string(shop.default_currency.code()).c_str());
    }
    return installed;
  });
}

void AddProgramCommand(CLI::App& app) {
  auto options = std::make_shared<ProgramOptions>();
  auto* program = app.add_subcommand("program", "Show or change the loyalty program document");
  program->require_subcommand(1);

  auto* init = program->add_subcommand("init", "Install the sample program on a store without one");
  AddDbOption(*init, options->db);
  init->callback([options] {
    auto db = db::OpenDatabase(options->db);
    if (!db) ExitWith(ReportError(db.error()));
    SystemClock clock;
    auto installed = InstallSampleProgram(**db, kInitBy, clock);
    if (!installed) ExitWith(ReportError(installed.error()));
    if (!*installed) {
      std::fprintf(stderr,
                   "the store has a program already; nothing changed (`loyal program show`)\n");
    }
  });

  auto* show =
      program->add_subcommand("show", "Print the program document in force (or --version N)");
  AddDbOption(*show, options->db);
  show->add_option("--version", options->version, "an earlier version's number")
      ->check(CLI::PositiveNumber);
  show->callback([options] {
    ReadFromStore(options->db,
                  [&](db::Transaction& tx) { return PrintProgram(tx, options->version); });
  });

  auto* set = program->add_subcommand("set", "Put a program document from a JSON file");
  AddDbOption(*set, options->db);
  set->add_option("file", options->file, "the program document (docs/loyalty.md)")->required();
  set->callback([options] { SetProgram(*options); });

  auto* backfill = program->add_subcommand(
      "backfill", "Earn under the program in force for stored orders that have not earned");
  AddDbOption(*backfill, options->db);
  backfill->add_option("--since", options->since,
                       "only orders placed on or after this day (YYYY-MM-DD, the shop's zone)");
  backfill->callback([options] { RunBackfill(*options); });

  AddSimulateCommand(*program);
}

}  // namespace loyal::app
