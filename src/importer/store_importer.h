// `loyal import`: reads an order-history file (transaction_formats.h) and writes it into
// the store (import_writer.h). An invoice or order id is an order (its consecutive rows
// are its lines); an empty customer id makes a guest order; Online Retail cancellation
// lines ("C..." invoices) become returns matched to the customer's most recent earlier
// purchase of the same StockCode, one return per line with the id "<invoice>-<n>" (n: the
// line's position in the invoice), unmatched ones kept as unmatched returns; rows that
// are neither are skipped with their reason counted. CDNOW rows are whole orders with one
// "CD" line (two when the amount does not divide evenly by the number of CDs, so the
// total stays exact).
//
// Idempotent: orders and returns already in the store (by external id) are left alone,
// so importing a file twice changes nothing the second time. A malformed row is reported
// as `file:line: reason`, skipped and counted; with `strict` the first one aborts the
// import, which runs in one transaction so that nothing of it is kept. Without `strict`
// the import commits every 100,000 orders, so a huge file does not make one huge
// transaction (re-running after a failure picks up where it stopped).
//
// Thread-safety: ImportFile may run on any thread with its own arguments.
#pragma once

#include <functional>
#include <string>

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"
#include "importer/import_writer.h"
#include "importer/transaction_formats.h"

namespace loyal::importer {

struct ImportOptions {
  TransactionFormat format = TransactionFormat::kOrdersCsv;
  bool strict = false;
  // The zone the file's times without an offset are in; nullptr: the shop's time_zone
  // setting as the import starts. Calendar days are always the shop's (intake reads the
  // setting in each batch's transaction).
  const date::time_zone* time_zone = nullptr;
  ProgressFn progress;
  // Told about every bad row (the command prints it to stderr).
  std::function<void(const BadRow&)> on_bad_row;
  // How messages name the file; the path when empty.
  std::string display_name;
};

// Imports `path`. Returns what was written and skipped, or: not_found / unavailable for
// the file; invalid_argument when it is not in `format` (wrong header) or, with `strict`,
// for the first bad row in file order ("file:line: reason"); the database's errors.
[[nodiscard]] Result<ImportSummary> ImportFile(db::Database& db, const std::string& path,
                                               const ImportOptions& options, const Clock& clock);

// The summary as the command prints it: one "label: count" line each. Every data row of the
// file is counted once: rows read = rows imported (into an order or a return, new or already
// present) + bad rows skipped (each reported as file:line) + rows of skipped orders (the
// other lines of an order a bad row took with it) + the rows skipped by each reason. Guest
// customers are those created: one per new guest order and one per guest return (a guest's
// return matches no purchase, and is kept unmatched with a guest of its own). Generated
// history (the demo shop) was not read from a file, so the file's lines are left out.
enum class HistorySource { kFile, kGenerated };
std::string FormatImportSummary(const ImportSummary& summary,
                                HistorySource source = HistorySource::kFile);

}  // namespace loyal::importer
