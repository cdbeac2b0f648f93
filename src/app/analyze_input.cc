#include "app/analyze_input.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>
#include <span>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

#include "analytics/purchase_days.h"

namespace loyal::app {
namespace {

constexpr int64_t kBadRowsShown = 10;

// Rows waiting for their customer ids to be interned: ids are interned a batch at a time
// so that the hash-table slots of a batch are fetched from memory together (a file in time
// order looks its customers up in random order, one cache miss each).
class PendingRows {
 public:
  struct Row {
    DayNumber day;
    int64_t amount_minor;
    bool is_return;
  };
  PendingRows() {
    rows_.reserve(kRows);
    ends_.reserve(kRows);
  }
  bool full() const { return rows_.size() == kRows; }
  const Row& row(size_t i) const { return rows_[i]; }
  // Copies the id: the reader's row is valid only during its callback.
  void Add(std::string_view customer_id, DayNumber day, int64_t amount_minor, bool is_return) {
    id_bytes_.append(customer_id);
    ends_.push_back(id_bytes_.size());
    rows_.push_back(Row{day, amount_minor, is_return});
  }
  // Returns each buffered row's customer index in `ids` (valid until Clear()).
  std::span<const uint32_t> Intern(analytics::CustomerIndex& ids) {
    views_.clear();
    size_t begin = 0;
    for (size_t end : ends_) {
      views_.push_back(std::string_view(id_bytes_).substr(begin, end - begin));
      begin = end;
    }
    customers_.resize(views_.size());
    ids.InternBatch(views_, customers_);
    return customers_;
  }
  void Clear() {
    id_bytes_.clear();
    ends_.clear();
    rows_.clear();
  }

 private:
  static constexpr size_t kRows = 256;
  std::string id_bytes_;
  std::vector<size_t> ends_;
  std::vector<Row> rows_;
  std::vector<std::string_view> views_;
  std::vector<uint32_t> customers_;
};

// Reads one byte range of the file into its own ids and columns; two of these run on two
// threads and are merged afterwards. Line numbers count from the range's first line (see
// ReadOptions::first_line): the file's are known only once the earlier parts are read.
class PartReader {
 public:
  // A sale in another currency than the part's first.
  struct CurrencyChange {
    int64_t line = 0;
    Currency found;
  };

  Status Row(const importer::Purchase& row) {
    if (!have_currency_) {
      currency_ = row.currency;
      currency_line_ = row.line;
      have_currency_ = true;
    } else if (!(row.currency == currency_)) {
      // Stops the read; LoadTransactionFile reports it with the file's line number.
      change_ = CurrencyChange{row.line, row.currency};
      return FailedPrecondition("the file mixes currencies");
    }
    pending_.Add(row.customer_id, row.day, row.amount_minor, row.is_return);
    if (pending_.full()) Flush();
    return {};
  }

  // Interns the buffered rows' ids and files the rows: whenever the buffer fills, and
  // once more when the reader is done.
  void Flush() {
    const std::span<const uint32_t> customers = pending_.Intern(out_.ids);
    for (size_t i = 0; i < customers.size(); ++i) {
      const PendingRows::Row& row = pending_.row(i);
      if (row.is_return) {
        out_.returns.Add(customers[i], row.day, -row.amount_minor);
        continue;
      }
      out_.sales.Add(customers[i], row.day, row.amount_minor);
      out_.first_day = std::min(out_.first_day, row.day);
      out_.last_day = std::max(out_.last_day, row.day);
    }
    pending_.Clear();
  }

  // Sizes the id table for `bytes` of file and the columns for `row_bytes`, so they need not
  // grow as often while reading. Lines run to ~60 bytes, and customers usually have several.
  void Presize(int64_t bytes, int64_t row_bytes) {
    out_.ids = analytics::CustomerIndex(static_cast<size_t>(bytes / 128));
    out_.sales.Reserve(static_cast<size_t>(row_bytes / 48));
  }

  void BadRow(const importer::BadRow& bad) {
    if (++out_.bad_rows <= kBadRowsShown) bad_shown_.push_back(bad);
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
  int64_t currency_line() const { return currency_line_; }
  const std::optional<CurrencyChange>& currency_change() const { return change_; }
  // The first few unreadable rows, with the part's line numbers.
  const std::vector<importer::BadRow>& bad_shown() const { return bad_shown_; }
  // The line after the part's last, as the part numbered them.
  int64_t next_line() const { return next_line_; }
  void set_next_line(int64_t line) { next_line_ = line; }

 private:
  LoadedTransactions out_;
  bool have_currency_ = false;
  Currency currency_;
  int64_t currency_line_ = 0;  // where currency_ was first seen
  std::optional<CurrencyChange> change_;
  PendingRows pending_;
  std::vector<importer::BadRow> bad_shown_;
  int64_t next_line_ = 1;
};

// The size of `range` of `path` in bytes (of the file as stored, so compressed for gzip);
// 0 when the file cannot be measured (the reader reports that).
int64_t RangeBytes(const std::string& path, importer::ByteRange range) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (error) return 0;
  // The last range runs to the end of the file (end < 0).
  const int64_t end = range.end >= 0 ? range.end : static_cast<int64_t>(size);
  return std::max<int64_t>(0, end - range.begin);
}

Status ReadPart(const std::string& path, importer::TransactionFormat format,
                importer::ByteRange range, PartReader& part) {
  importer::ReadOptions options;
  options.range = range;
  options.first_line = 1;  // lines of later parts are renumbered once the earlier are read
  // The first part also receives the other parts' rows when they are merged: its columns are
  // reserved for the whole file (address space only until rows arrive), so that append
  // neither reallocates nor copies.
  const int64_t bytes = RangeBytes(path, range);
  part.Presize(bytes, range.begin == 0 ? RangeBytes(path, {}) : bytes);
  LOY_ASSIGN_OR_RETURN(
      const auto counts,
      importer::ReadPurchases(
          path, format, options, [&](const importer::Purchase& row) { return part.Row(row); },
          [&](const importer::BadRow& bad) -> Status {
            part.BadRow(bad);
            return {};
          }));
  part.Flush();
  part.out().rows = counts.rows;
  part.set_next_line(counts.next_line);
  return {};
}

// Appends `second` (read from the later range, whose line numbers are `line_offset` short of
// the file's) to `first`, as if one reader had read both.
Status MergeParts(const std::string& path, PartReader& first, PartReader& second,
                  int64_t line_offset) {
  LoadedTransactions& a = first.out();
  LoadedTransactions& b = second.out();
  if (first.have_currency() && second.have_currency() && !(first.currency() == second.currency())) {
    return PartReader::MixedCurrencies(path, line_offset + second.currency_line(),
                                       second.currency(), first.currency());
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

  // Part i's line numbers become the file's by adding the lines of the parts before it.
  std::vector<int64_t> line_offset(parts.size(), 0);
  for (size_t i = 1; i < parts.size(); ++i) {
    line_offset[i] = line_offset[i - 1] + parts[i - 1].next_line() - 1;
  }
  for (size_t i = 0; i < parts.size(); ++i) {
    if (const auto& change = parts[i].currency_change()) {
      return PartReader::MixedCurrencies(path, line_offset[i] + change->line, change->found,
                                         parts[i].currency());
    }
    LOY_RETURN_IF_ERROR(results[i]);
  }
  for (size_t i = 1; i < parts.size(); ++i) {
    LOY_RETURN_IF_ERROR(MergeParts(path, parts[0], parts[i], line_offset[i]));
  }
  int64_t shown = 0;
  for (size_t i = 0; i < parts.size(); ++i) {
    for (importer::BadRow bad : parts[i].bad_shown()) {
      bad.line += line_offset[i];
      if (shown++ < kBadRowsShown) std::cerr << bad.ToString() << "\n";
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
