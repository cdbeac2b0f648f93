#include "app/import_command.h"

#include <date/tz.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <stdexcept>

#include "app/command_support.h"
#include "app/program_command.h"
#include "db/open.h"
#include "importer/store_importer.h"
#include "program/program_service.h"
#include "settings/settings.h"

namespace loyal::app {
namespace {

struct ImportCommandOptions {
  std::string db;
  std::string file;
  std::string format;
  std::string time_zone;
  bool strict = false;
  bool earn = false;
};

// A one-line bar on stderr, redrawn at most ten times a second; silent when disabled.
class ProgressBar {
 public:
  explicit ProgressBar(bool enabled) : enabled_(enabled) {}

  void Update(int64_t done, int64_t total) {
    if (!enabled_ || total <= 0) return;
    auto now = std::chrono::steady_clock::now();
    if (done < total && now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    constexpr int kWidth = 30;
    int filled = static_cast<int>(kWidth * done / total);
    std::string bar(static_cast<size_t>(filled), '#');
    bar.append(static_cast<size_t>(kWidth - filled), '-');
    std::fprintf(stderr, "\r[%s] %3d%%  %.1f / %.1f MB\033[K", bar.c_str(),
                 static_cast<int>(100 * done / total), static_cast<double>(done) / 1e6,
                 static_cast<double>(total) / 1e6);
    drawn_ = true;
  }

  // Erases the bar so other output starts on a clean line.
  void Clear() {
    if (drawn_) std::fprintf(stderr, "\r\033[K");
    drawn_ = false;
    last_draw_ = {};
  }

 private:
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_draw_{};
};

// The zone named on the command line; nullptr (the shop's setting) without one.
Result<const date::time_zone*> FlagZone(const std::string& flag) {
  if (flag.empty()) return nullptr;
  return settings::LocateTimeZone(flag, "time-zone");
}

// --earn needs a program to earn under; without one, refuse before importing anything.
void RequireProgram(db::Database& db) {
  auto current = db::WithReadTransaction(db, program::CurrentProgram);
  if (!current) ExitWith(ReportError(current.error()));
  if (!*current) {
    ExitWith(ReportError(
        FailedPrecondition(
            "--earn: the store has no program to earn under (`loyal program init` or `loyal "
            "program set` first)",
            "earn")
            .value()));
  }
}

void RunImport(const ImportCommandOptions& o) {
  auto format = importer::ParseTransactionFormat(o.format);
  if (!format) ExitWith(ReportError(format.error()));
  auto db = db::OpenDatabase(o.db);
  if (!db) ExitWith(ReportError(db.error()));
  auto zone = FlagZone(o.time_zone);
  if (!zone) ExitWith(ReportError(zone.error()));
  if (o.earn) RequireProgram(**db);

  ProgressBar bar(::isatty(STDERR_FILENO) == 1);
  importer::ImportOptions options;
  options.format = *format;
  options.strict = o.strict;
  options.time_zone = *zone;
  options.progress = [&bar](int64_t done, int64_t total) { bar.Update(done, total); };
  // With --strict the first bad row is the error itself, reported once below.
  if (!o.strict) {
    options.on_bad_row = [&bar](const importer::BadRow& row) {
      bar.Clear();
      std::fprintf(stderr, "%s\n", row.ToString().c_str());
    };
  }
  SystemClock clock;
  auto summary = importer::ImportFile(**db, o.file, options, clock);
  bar.Clear();
  if (!summary) ExitWith(ReportError(summary.error()));
  std::fputs(importer::FormatImportSummary(*summary).c_str(), stdout);
  // What this import created earns as a backfill of it would (intake/backfill.h).
  if (o.earn && summary->first_order_id > 0) {
    intake::BackfillOptions earn;
    earn.first_order_id = summary->first_order_id;
    if (auto earned = BackfillAndReport(**db, earn, clock); !earned) {
      ExitWith(ReportError(earned.error()));
    }
  }
}

}  // namespace

void AddImportCommand(CLI::App& app) {
  auto options = std::make_shared<ImportCommandOptions>();
  auto* cmd = app.add_subcommand("import", "Import an order-history file into the store");
  AddDbOption(*cmd, options->db);
  cmd->add_option("file", options->file, "the file to import (plain or gzip)")->required();
  cmd->add_option("--format", options->format, "online-retail, cdnow, cdnow-sample or orders-csv")
      ->required();
  cmd->add_flag("--strict", options->strict,
                "abort at the first bad row and keep nothing of the import");
  cmd->add_flag("--earn", options->earn,
                "earn points under the program in force for the orders imported, as `loyal "
                "program backfill` would");
  cmd->add_option("--time-zone", options->time_zone,
                  "zone of times without an offset (default: the shop's time_zone setting)");
  cmd->callback([options] { RunImport(*options); });
}

}  // namespace loyal::app
