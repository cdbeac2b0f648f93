// Reading a transaction file into the analytics column arrays for `loyal analyze`: the
// importer's readers parse the formats; this interns customer ids into dense indices and
// keeps sales and refunds apart (refunds reduce revenue but are not purchases).
//
// Thread-safety: reentrant; the result is a value.
#pragma once

#include <cstdint>
#include <string>

#include "analytics/analysis_data.h"
#include "analytics/customer_index.h"
#include "analytics/report_runner.h"
#include "analytics/transactions.h"
#include "core/error.h"
#include "core/time.h"
#include "importer/transaction_formats.h"

namespace loyal::app {

struct LoadedTransactions {
  analytics::CustomerIndex ids;
  analytics::TransactionColumns sales;    // one row per sale (line or order)
  analytics::TransactionColumns returns;  // refunds as positive amounts
  std::string currency;                   // the file's one currency ("" when empty)
  int currency_exponent = 2;
  DayNumber first_day = INT32_MAX, last_day = INT32_MIN;  // over sales
  int64_t rows = 0, bad_rows = 0;
};

// Reads `path` in `format`. Unreadable rows are reported on stderr as "file:line: reason"
// (the first few; all are counted) and skipped. Errors: the reader's (not_found,
// unavailable, invalid_argument for a header that is not the format's); invalid_argument
// when the file mixes currencies; failed_precondition when it has no sale of an identified
// customer.
[[nodiscard]] Result<LoadedTransactions> LoadTransactionFile(const std::string& path,
                                                             importer::TransactionFormat format);

// Reads `path` and summarises it for `request` (its window defaults to the file's last
// purchase day): the file-side twin of analytics::ComputeStoreReport's reading. Errors:
// LoadTransactionFile's; invalid_argument for dates out of order; failed_precondition
// when nobody bought on or before the calibration end.
[[nodiscard]] Result<analytics::AnalysisData> LoadFileAnalysis(
    const std::string& path, importer::TransactionFormat format,
    const analytics::ReportRequest& request);

}  // namespace loyal::app
