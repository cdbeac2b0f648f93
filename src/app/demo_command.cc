#include "app/demo_command.h"

#include <cstdio>
#include <memory>
#include <stdexcept>

#include "app/command_support.h"
#include "app/program_command.h"
#include "db/open.h"
#include "importer/demo_store.h"
#include "importer/orders_csv_writer.h"
#include "importer/store_importer.h"

namespace loyal::app {
namespace {

struct DemoCommandOptions {
  std::string db;
  std::string orders_csv;
  importer::DemoOptions demo;
};

void WriteOrdersCsv(const DemoCommandOptions& o) {
  auto generator = importer::DemoGenerator::Create(o.demo);
  if (!generator) ExitWith(ReportError(generator.error()));
  auto writer = importer::OrdersCsvWriter::Create(o.orders_csv, generator->currency());
  if (!writer) ExitWith(ReportError(writer.error()));
  auto counts = generator->Run(**writer);
  if (!counts) ExitWith(ReportError(counts.error()));
  if (auto closed = (*writer)->Close(); !closed) ExitWith(ReportError(closed.error()));
  std::printf(
      "customers: %lld\nguests: %lld\norders: %lld\nlines: %lld\n"
      "returns: %lld (not part of orders-csv; left out of the file)\n",
      static_cast<long long>(counts->customers), static_cast<long long>(counts->guests),
      static_cast<long long>(counts->orders), static_cast<long long>(counts->lines),
      static_cast<long long>(counts->returns));
}

void WriteStore(const DemoCommandOptions& o) {
  auto db = db::OpenDatabase(o.db);
  if (!db) ExitWith(ReportError(db.error()));
  SystemClock clock;
  auto summary = importer::WriteDemoToStore(**db, o.demo, clock);
  if (!summary) ExitWith(ReportError(summary.error()));
  std::fputs(importer::FormatImportSummary(*summary, importer::HistorySource::kGenerated).c_str(),
             stdout);
  if (auto program = InstallSampleProgram(**db, "loyal demo", clock); !program) {
    ExitWith(ReportError(program.error()));
  }
}

}  // namespace

void AddDemoCommand(CLI::App& app) {
  auto options = std::make_shared<DemoCommandOptions>();
  auto* cmd = app.add_subcommand("demo", "Create a synthetic demo shop (store or orders-csv)");
  AddDbOption(*cmd, options->db);
  cmd->add_option("--customers", options->demo.customers, "number of customers")
      ->capture_default_str();
  cmd->add_option("--seed", options->demo.seed, "random seed; the same seed, the same shop")
      ->capture_default_str();
  cmd->add_option("--orders-csv", options->orders_csv,
                  "write the history to this orders-csv file instead of the store");
  cmd->callback([options] {
    if (options->orders_csv.empty()) {
      WriteStore(*options);
    } else {
      WriteOrdersCsv(*options);
    }
  });
}

}  // namespace loyal::app
