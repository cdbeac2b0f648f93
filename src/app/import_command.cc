#include "app/import_command.h"

#include <date/tz.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <stdexcept>

#include "app/command_support.h"
#include "db/open.h"
#include "importer/store_importer.h"
#include "settings/settings.h"

namespace loyal::app {
namespace {

struct ImportCommandOptions {
  std::string db;
  std::string file;
  std::string format;
  std::string time_zone;
  bool strict = false;
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

void RunImport(const ImportCommandOptions& o) {
  auto format = importer::ParseTransactionFormat(o.format);
  if (!format) ExitWith(ReportError(format.error()));
  auto db = db::OpenDatabase(o.db);
  if (!db) ExitWith(ReportError(db.error()));
  auto zone = FlagZone(o.time_zone);
  if (!zone) ExitWith(ReportError(zone.error()));

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
  cmd->add_option("--time-zone", options->time_zone,
                  "zone of times without an offset (default: the shop's time_zone setting)");
  cmd->callback([options] { RunImport(*options); });
}

}  // namespace loyal::app
