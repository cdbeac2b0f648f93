#include "app/analyze_input.h"

#include <algorithm>
#include <iostream>
#include <thread>
#include <vector>

#include "analytics/purchase_days.h"

namespace loyal::app {
namespace {

constexpr int64_t kBadRowsShown = 10;

// Reads one byte range of the file into its own ids and columns; two of these run on two
// threads and are merged afterwards.
class PartReader {
 public:
  Status Row(const importer::TransactionRow& row, const std::string& path) {
    if (row.kind == importer::RowKind::kSkipped || row.customer_id.empty()) return {};
    if (!have_currency_) {
      currency_ = row.currency;
      have_currency_ = true;
    } else if (!(row.currency == currency_)) {
      return MixedCurrencies(path, row.line, row.currency, currency_);
    }
    // Files are often grouped by customer (CDNOW, `loyal demo`): remembering the last id
    // skips most hash look-ups. The string keeps its capacity, so this allocates rarely.
    if (out_.ids.size() == 0 || row.customer_id != last_id_) {
      last_id_.assign(row.customer_id);
      last_customer_ = out_.ids.Intern(row.customer_id);
    }
    if (row.kind == importer::RowKind::kReturn) {
      out_.returns.Add(last_customer_, row.day, -row.amount_minor);
      return {};
    }
    out_.sales.Add(last_customer_, row.day, row.amount_minor);
    out_.first_day = std::min(out_.first_day, row.day);
    out_.last_day = std::max(out_.last_day, row.day);
    return {};
  }

  void BadRow(const importer::BadRow& bad) {
    if (++out_.bad_rows <= kBadRowsShown) bad_shown_.push_back(bad.ToString());
  }

  static tl::unexpected<Error> MixedCurrencies(const std::string& path, int64_t line,
                                               const Currency& found, const Currency& first) {
    const std::string where = path + ":" + std::to_string(line);
    return InvalidArgument(where + ": currency " + std::string(found.code()) + " differs from " +
                               std::string(first.code()) + "; analyse one currency at a time",
                           where);
  }

  // Takes the other part's currency when this part had no sale of its own.
  void AdoptCurrency(const PartReader& other) {
    if (have_currency_ || !other.have_currency_) return;
    currency_ = other.currency_;
    have_currency_ = true;
  }

  LoadedTransactions& out() { return out_; }
  bool have_currency() const { return have_currency_; }
  const Currency& currency() const { return currency_; }
  const std::vector<std::string>& bad_shown() const { return bad_shown_; }

 private:
  LoadedTransactions out_;
  bool have_currency_ = false;
  Currency currency_;
  std::string last_id_;
  uint32_t last_customer_ = 0;
  std::vector<std::string> bad_shown_;
};

Status ReadPart(const std::string& path, importer::TransactionFormat format,
                importer::ByteRange range, PartReader& part) {
  importer::ReadOptions options;
  options.derive_order_ids = false;
  options.range = range;
  LOY_ASSIGN_OR_RETURN(
      const auto counts,
      importer::ReadTransactions(
          path, format, options,
          [&](const importer::TransactionRow& row) { return part.Row(row, path); },
          [&](const importer::BadRow& bad) -> Status {
            part.BadRow(bad);
            return {};
          }));
  part.out().rows = counts.rows;
  return {};
}

// Appends `second` (read from the later range) to `first`, as if one reader had read both.
Status MergeParts(const std::string& path, PartReader& first, PartReader& second) {
  LoadedTransactions& a = first.out();
  LoadedTransactions& b = second.out();
  if (first.have_currency() && second.have_currency() && !(first.currency() == second.currency())) {
    return PartReader::MixedCurrencies(path, 0, second.currency(), first.currency());
  }
  first.AdoptCurrency(second);
  const std::vector<uint32_t> remap = a.ids.Merge(b.ids);
  a.sales.AppendRemapped(b.sales, remap);
  a.returns.AppendRemapped(b.returns, remap);
  a.first_day = std::min(a.first_day, b.first_day);
  a.last_day = std::max(a.last_day, b.last_day);
  a.rows += b.rows;
  a.bad_rows += b.bad_rows;
  return {};
}

// Online Retail descriptions are free text that may hold quoted line breaks, which a
// split at a line start could cut; the other formats are read in two halves.
int ReadThreads(importer::TransactionFormat format) {
  return format == importer::TransactionFormat::kOnlineRetail ? 1 : 2;
}

}  // namespace

Result<LoadedTransactions> LoadTransactionFile(const std::string& path,
                                               importer::TransactionFormat format) {
  LOY_ASSIGN_OR_RETURN(const auto ranges,
                       importer::SplitForParallelRead(path, ReadThreads(format)));
  std::vector<PartReader> parts(ranges.size());
  std::vector<Status> results(ranges.size());
  {
    std::vector<std::jthread> threads;
    for (size_t i = 1; i < ranges.size(); ++i) {
      threads.emplace_back([&, i] { results[i] = ReadPart(path, format, ranges[i], parts[i]); });
    }
    results[0] = ReadPart(path, format, ranges[0], parts[0]);
  }
  for (const Status& result : results) LOY_RETURN_IF_ERROR(result);
  for (size_t i = 1; i < parts.size(); ++i) LOY_RETURN_IF_ERROR(MergeParts(path, parts[0], parts[i]));
  int64_t shown = 0;
  for (const PartReader& part : parts) {
    for (const std::string& bad : part.bad_shown()) {
      if (shown++ < kBadRowsShown) std::cerr << bad << "\n";
    }
  }
  LoadedTransactions out = std::move(parts[0].out());
  if (out.bad_rows > kBadRowsShown) {
    std::cerr << path << ": " << out.bad_rows << " unreadable rows skipped in all\n";
  }
  if (out.sales.size() == 0) {
    return FailedPrecondition(path + " has no purchases of identified customers", "--transactions");
  }
  out.currency = std::string(parts[0].currency().code());
  out.currency_exponent = parts[0].currency().exponent();
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
