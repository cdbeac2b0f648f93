// Output of `loyal analyze`: readable tables for each report on stdout, and the
// per-customer CSV of `clv --customers-out` formatted with std::to_chars on two threads
// and written in large blocks (a million rows in well under a second).
//
// Thread-safety: call from one thread; WriteCustomersCsv uses a helper thread of its own
// that only reads the report.
#pragma once

#include <cstdio>
#include <string>

#include "analytics/report_runner.h"
#include "core/error.h"

namespace loyal::app {

// Prints `report` as tables to `out`.
void PrintReportText(const analytics::ComputedReport& report, std::FILE* out);

// The header row of WriteCustomersCsv's file (without the line end).
extern const char kCustomersCsvHeader[];

// Writes kCustomersCsvHeader's columns for every customer of a CLV report to `path`:
// frequency as an integer, recency, T, P(alive) and expected purchases as plain decimals,
// and each amount (monetary_value, the mean spend of a repeat purchase; expected_spend;
// clv) rounded to minor units as its decimal and its *_minor integer, with the currency
// last. Errors: unavailable when the file cannot be written.
[[nodiscard]] Status WriteCustomersCsv(const analytics::ComputedReport& report,
                                       const std::string& path);

}  // namespace loyal::app
