#include "app/analyze_input.h"

#include <algorithm>
#include <iostream>

#include "analytics/purchase_days.h"

namespace loyal::app {
namespace {

constexpr int64_t kBadRowsShown = 10;

}  // namespace

Result<LoadedTransactions> LoadTransactionFile(const std::string& path,
                                               importer::TransactionFormat format) {
  LoadedTransactions out;
  bool have_currency = false;
  Currency currency;
  // Files are often grouped by customer (CDNOW, `loyal demo`): remembering the last id
  // skips most hash look-ups. The string keeps its capacity, so this allocates rarely.
  std::string last_id;
  uint32_t last_customer = 0;
  auto on_row = [&](const importer::TransactionRow& row) -> Status {
    if (row.kind == importer::RowKind::kSkipped || row.customer_id.empty()) return {};
    if (!have_currency) {
      currency = row.currency;
      have_currency = true;
    } else if (!(row.currency == currency)) {
      return InvalidArgument(path + ":" + std::to_string(row.line) + ": currency " +
                                 std::string(row.currency.code()) + " differs from " +
                                 std::string(currency.code()) +
                                 "; analyse one currency at a time",
                             path + ":" + std::to_string(row.line));
    }
    if (out.ids.size() == 0 || row.customer_id != last_id) {
      last_id.assign(row.customer_id);
      last_customer = out.ids.Intern(row.customer_id);
    }
    const uint32_t customer = last_customer;
    if (row.kind == importer::RowKind::kReturn) {
      out.returns.Add(customer, row.day, -row.amount_minor);
      return {};
    }
    out.sales.Add(customer, row.day, row.amount_minor);
    out.first_day = std::min(out.first_day, row.day);
    out.last_day = std::max(out.last_day, row.day);
    return {};
  };
  auto on_bad_row = [&](const importer::BadRow& bad) -> Status {
    if (++out.bad_rows <= kBadRowsShown) std::cerr << bad.ToString() << "\n";
    return {};
  };
  importer::ReadOptions options;
  options.derive_order_ids = false;
  LOY_ASSIGN_OR_RETURN(auto counts,
                       importer::ReadTransactions(path, format, options, on_row, on_bad_row));
  out.rows = counts.rows;
  if (out.bad_rows > kBadRowsShown) {
    std::cerr << path << ": " << out.bad_rows << " unreadable rows skipped in all\n";
  }
  if (out.sales.size() == 0) {
    return FailedPrecondition(path + " has no purchases of identified customers", "--transactions");
  }
  out.currency = std::string(currency.code());
  out.currency_exponent = currency.exponent();
  out.sales.SetCustomers(out.ids.size());
  out.returns.SetCustomers(out.ids.size());
  return out;
}

Result<analytics::AnalysisData> LoadFileAnalysis(const std::string& path,
                                                 importer::TransactionFormat format,
                                                 const analytics::ReportRequest& request) {
  analytics::AnalysisData data;
  analytics::PurchaseDays days;
  std::vector<int64_t> refunds;
  analytics::SummaryWindow window;
  {
    // The raw rows go out of scope once grouped, before the models run.
    LOY_ASSIGN_OR_RETURN(LoadedTransactions loaded, LoadTransactionFile(path, format));
    LOY_ASSIGN_OR_RETURN(window, analytics::RequestWindow(request, loaded.last_day));
    days = analytics::PurchaseDays::Build(loaded.sales.View(), window.observation_end);
    refunds = analytics::SumByCustomer(loaded.returns.View(), window.calibration_end);
    data.ids = std::move(loaded.ids);
    data.currency = std::move(loaded.currency);
    data.currency_exponent = loaded.currency_exponent;
    data.last_purchase_day = loaded.last_day;
  }
  LOY_ASSIGN_OR_RETURN(data.stats, analytics::SummarizeCustomers(days, refunds, window));
  if (request.kind == analytics::ReportKind::kCohorts) {
    data.cohort_cells = analytics::CohortCells(days, window.calibration_end);
  }
  return data;
}

}  // namespace loyal::app
