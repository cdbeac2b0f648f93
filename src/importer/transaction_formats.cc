#include "importer/transaction_formats.h"

#include <date/date.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <unordered_map>

#include "core/text_rules.h"
#include "importer/field_parsers.h"
#include "importer/record_scanner.h"

namespace loyal::importer {
namespace {

constexpr std::array<std::string_view, 8> kOnlineRetailHeader = {
    "InvoiceNo",   "StockCode", "Description", "Quantity",
    "InvoiceDate", "UnitPrice", "CustomerID",  "Country"};
constexpr std::array<std::string_view, 8> kOrdersCsvHeader = {
    "order_id", "customer_id", "email", "placed_at", "sku", "quantity", "unit_price", "currency"};
constexpr size_t kCdnowFields = 4;
constexpr size_t kMaxPathInMessage = 4096;
constexpr size_t kCdnowSampleFields = 5;

const Currency kGbp = *Currency::Parse("GBP");
const Currency kUsd = *Currency::Parse("USD");

std::string FieldCountReason(size_t expected, size_t found) {
  return "expected " + std::to_string(expected) + " fields, found " + std::to_string(found);
}

std::string JoinHeader(std::span<const std::string_view> names) {
  std::string out;
  for (auto n : names) out += (out.empty() ? "" : ",") + std::string(n);
  return out;
}

// CDNOW ids are zero-padded ("00042"); cdnow_customers_summary.csv writes them bare.
std::string_view StripLeadingZeros(std::string_view id) {
  while (id.size() > 1 && id[0] == '0') id.remove_prefix(1);
  return id;
}

void ClassifyOnlineRetail(TransactionRow& row) {
  char first = row.order_id[0];
  if (first == 'A') {
    row.kind = RowKind::kSkipped, row.skip_reason = kSkipAdjustment;
  } else if (row.unit_price_micros < 0) {
    row.kind = RowKind::kSkipped, row.skip_reason = kSkipNegativePrice;
  } else if (row.quantity == 0) {
    row.kind = RowKind::kSkipped, row.skip_reason = kSkipZeroQuantity;
  } else if (first == 'C') {
    if (row.quantity < 0)
      row.kind = RowKind::kReturn;
    else
      row.kind = RowKind::kSkipped, row.skip_reason = kSkipPositiveCancellation;
  } else if (row.quantity < 0) {
    row.kind = RowKind::kSkipped, row.skip_reason = kSkipNegativeSale;
  }
}

// The input rules (core/text_rules.h) for a column's text; errors name the column.
Status CheckColumn(std::string_view text, const TextRule& rule, std::string_view column) {
  Status status = CheckText(text, rule, column);
  if (!status) return InvalidArgument(std::string(column) + ": " + status.error().message);
  return {};
}

Status CheckOptionalColumn(std::string_view text, const TextRule& rule, std::string_view column) {
  return text.empty() ? Status{} : CheckColumn(text, rule, column);
}

// row.order_id is set only once it has passed its rule, so that a bad row with an order id
// names an order the importer can skip whole.
Status ParseOnlineRetail(const RawRecord& rec, TransactionRow& row) {
  if (rec.field_count != 8) return InvalidArgument(FieldCountReason(8, rec.field_count));
  const auto& f = rec.fields;
  LOY_RETURN_IF_ERROR(CheckColumn(f[0], rules::kExternalId, "InvoiceNo"));
  row.order_id = f[0];
  LOY_RETURN_IF_ERROR(CheckColumn(f[1], rules::kSku, "StockCode"));
  // The description is the product's title.
  LOY_RETURN_IF_ERROR(CheckOptionalColumn(f[2], rules::kProductTitle, "Description"));
  LOY_RETURN_IF_ERROR(CheckOptionalColumn(f[6], rules::kExternalId, "CustomerID"));
  row.sku = f[1];
  row.description = f[2];
  LOY_ASSIGN_OR_RETURN(row.quantity, ParseInteger(f[3], "Quantity"));
  LOY_ASSIGN_OR_RETURN(ParsedDateTime when, ParseWhen(f[4], "InvoiceDate"));
  LOY_ASSIGN_OR_RETURN(row.unit_price_micros, ParseDecimal(f[5], 6, "UnitPrice"));
  row.customer_id = f[6];
  row.country = f[7];
  row.placed_at = when.seconds;
  row.has_offset = when.has_offset;
  row.day = DayOf(when.seconds);
  row.currency = kGbp;
  LOY_ASSIGN_OR_RETURN(row.amount_minor, LineTotalMinor(row.quantity, row.unit_price_micros, kGbp));
  ClassifyOnlineRetail(row);
  return {};
}

Status ParseOrdersCsv(const RawRecord& rec, CurrencyCache& currencies, TransactionRow& row) {
  if (rec.field_count != 8) return InvalidArgument(FieldCountReason(8, rec.field_count));
  const auto& f = rec.fields;
  LOY_RETURN_IF_ERROR(CheckColumn(f[0], rules::kExternalId, "order_id"));
  row.order_id = f[0];
  LOY_RETURN_IF_ERROR(CheckOptionalColumn(f[1], rules::kExternalId, "customer_id"));
  if (!f[2].empty()) {
    Status email = CheckEmail(TrimSpaces(f[2]), "email");
    if (!email) return InvalidArgument("email: " + email.error().message);
  }
  LOY_RETURN_IF_ERROR(CheckColumn(f[4], rules::kSku, "sku"));
  row.customer_id = f[1];
  row.email = f[2];
  row.sku = f[4];
  LOY_ASSIGN_OR_RETURN(ParsedDateTime when, ParseWhen(f[3], "placed_at"));
  LOY_ASSIGN_OR_RETURN(row.quantity, ParseInteger(f[5], "quantity"));
  if (row.quantity <= 0) return InvalidArgument("quantity must be positive");
  LOY_ASSIGN_OR_RETURN(row.unit_price_micros, ParseDecimal(f[6], 6, "unit_price"));
  if (row.unit_price_micros < 0) return InvalidArgument("unit_price must not be negative");
  LOY_ASSIGN_OR_RETURN(row.currency, currencies.Parse(f[7], "currency"));
  row.placed_at = when.seconds;
  row.has_offset = when.has_offset;
  row.day = DayOf(when.seconds);
  LOY_ASSIGN_OR_RETURN(row.amount_minor,
                       LineTotalMinor(row.quantity, row.unit_price_micros, row.currency));
  return {};
}

// Both CDNOW layouts end in `date number_of_cds dollar_value`.
Status ParseCdnow(const RawRecord& rec, size_t expected, TransactionRow& row) {
  if (rec.field_count != expected) {
    return InvalidArgument(FieldCountReason(expected, rec.field_count));
  }
  const auto& f = rec.fields;
  size_t d = expected - 3;
  LOY_RETURN_IF_ERROR(CheckColumn(f[d - 1], rules::kExternalId, "customer_id"));
  row.customer_id = StripLeadingZeros(f[d - 1]);
  LOY_ASSIGN_OR_RETURN(row.day, ParseDay(f[d], "date"));
  LOY_ASSIGN_OR_RETURN(row.quantity, ParseInteger(f[d + 1], "number_of_cds"));
  if (row.quantity < 0) return InvalidArgument("number_of_cds must not be negative");
  LOY_ASSIGN_OR_RETURN(row.amount_minor, ParseDecimal(f[d + 2], 2, "dollar_value"));
  if (row.amount_minor < 0) return InvalidArgument("dollar_value must not be negative");
  row.placed_at = int64_t{row.day} * 86400;
  row.currency = kUsd;
  return {};
}

// Turns raw records into rows for one file; the state a format needs across rows.
class FormatReader {
 public:
  FormatReader(TransactionFormat format, const ReadOptions& options, std::string_view file,
               const RowFn& on_row, const BadRowFn& on_bad_row, bool starts_file)
      : format_(format),
        options_(options),
        file_(file),
        on_row_(on_row),
        on_bad_row_(on_bad_row),
        first_record_seen_(!starts_file) {}

  Status OnRecord(const RawRecord& rec) {
    if (!first_record_seen_) {
      first_record_seen_ = true;
      LOY_ASSIGN_OR_RETURN(bool was_header, CheckFirstRecord(rec));
      if (was_header) return {};
    }
    TransactionRow row;
    row.line = rec.line;
    Status parsed = Parse(rec, row);
    if (!parsed) return OnBadRow(rec.line, parsed.error().message, row.order_id);
    ++counts_.rows;
    return on_row_(row);
  }

  Status OnBadRow(int64_t line, std::string_view reason, std::string_view order_id = {}) {
    ++counts_.bad_rows;
    const bool cancellation =
        format_ == TransactionFormat::kOnlineRetail && order_id.starts_with('C');
    return on_bad_row_(
        BadRow{std::string(file_), line, std::string(reason), std::string(order_id), cancellation});
  }

  const ReadCounts& counts() const { return counts_; }

 private:
  Status Parse(const RawRecord& rec, TransactionRow& row) {
    switch (format_) {
      case TransactionFormat::kOnlineRetail:
        return ParseOnlineRetail(rec, row);
      case TransactionFormat::kOrdersCsv:
        return ParseOrdersCsv(rec, currencies_, row);
      case TransactionFormat::kCdnow:
      case TransactionFormat::kCdnowSample: {
        bool sample = format_ == TransactionFormat::kCdnowSample;
        LOY_RETURN_IF_ERROR(ParseCdnow(rec, sample ? kCdnowSampleFields : kCdnowFields, row));
        if (options_.derive_order_ids) DeriveCdnowOrderId(row);
        return {};
      }
    }
    return Internal("unknown transaction format");
  }

  // Returns true if `rec` is the header (to be skipped); invalid_argument when the file
  // does not look like the format at all, which is a wrong --format rather than a bad row.
  Result<bool> CheckFirstRecord(const RawRecord& rec) {
    auto wrong = [&](std::string what) {
      const std::string_view name = TransactionFormatName(format_);
      const bool vowel = std::string_view("aeiou").find(name.front()) != std::string_view::npos;
      return InvalidArgument(std::string(file_) + ":" + std::to_string(rec.line) + ": not " +
                             (vowel ? "an " : "a ") + std::string(name) + " file: " + what);
    };
    std::span<const std::string_view> header;
    if (format_ == TransactionFormat::kOnlineRetail) header = kOnlineRetailHeader;
    if (format_ == TransactionFormat::kOrdersCsv) header = kOrdersCsvHeader;
    if (!header.empty()) {
      bool same = rec.field_count == header.size() &&
                  std::equal(header.begin(), header.end(), rec.fields.begin());
      if (!same) return wrong("the header must be " + JoinHeader(header));
      return true;
    }
    size_t expected =
        format_ == TransactionFormat::kCdnowSample ? kCdnowSampleFields : kCdnowFields;
    if (rec.field_count != expected) {
      return wrong("expected " + std::to_string(expected) + " whitespace-separated columns");
    }
    return rec.fields[0] == "customer_id";
  }

  void DeriveCdnowOrderId(TransactionRow& row) {
    date::year_month_day ymd{date::sys_days{date::days{row.day}}};
    char digits[16];
    std::snprintf(digits, sizeof digits, "%04d%02u%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    key_.assign(row.customer_id).append("-").append(digits);
    int n = ++same_day_count_[key_];
    order_id_.assign("cdnow-").append(key_).append("-").append(std::to_string(n));
    row.order_id = order_id_;
  }

  TransactionFormat format_;
  const ReadOptions& options_;
  std::string_view file_;
  const RowFn& on_row_;
  const BadRowFn& on_bad_row_;
  bool first_record_seen_;  // the header (or first row) has been checked
  ReadCounts counts_;
  CurrencyCache currencies_;
  std::unordered_map<std::string, int> same_day_count_;
  std::string key_;
  std::string order_id_;
};

// The line number of the line starting at byte `offset`: one more than the newlines before.
// (A parallel reader that numbers its own lines skips this pass; see ReadOptions::first_line.)
Result<int64_t> LineAt(const std::string& path, int64_t offset) {
  LOY_ASSIGN_OR_RETURN(auto source, ByteSource::Open(path, {}, ByteRange{0, offset}));
  std::vector<char> buf(1 << 20);
  int64_t lines = 1;
  while (true) {
    LOY_ASSIGN_OR_RETURN(size_t n, source->Read(std::span<char>(buf.data(), buf.size())));
    lines += std::count(buf.data(), buf.data() + n, '\n');
    if (n < buf.size()) return lines;
  }
}

}  // namespace

Result<std::vector<ByteRange>> SplitForParallelRead(const std::string& path, int parts) {
  constexpr int64_t kMinPart = 1 << 20;
  LOY_ASSIGN_OR_RETURN(auto source, ByteSource::Open(path));
  const int64_t size = source->total_bytes();
  std::vector<ByteRange> ranges;
  if (source->compressed() || parts <= 1 || size < 2 * kMinPart) {
    return std::vector<ByteRange>{ByteRange{0, size}};
  }
  int64_t begin = 0;
  for (int k = 1; k < parts; ++k) {
    // The next part starts after the first newline at or past the even split point.
    int64_t from = std::max(begin, size * k / parts - 1);
    LOY_ASSIGN_OR_RETURN(auto window, ByteSource::Open(path, {}, ByteRange{from, size}));
    std::vector<char> buf(1 << 16);
    int64_t split = -1;
    for (int64_t at = from; split < 0 && at < size;) {
      LOY_ASSIGN_OR_RETURN(size_t n, window->Read(std::span<char>(buf.data(), buf.size())));
      if (n == 0) break;
      const char* nl = static_cast<const char*>(std::memchr(buf.data(), '\n', n));
      if (nl != nullptr) split = at + (nl - buf.data()) + 1;
      at += static_cast<int64_t>(n);
    }
    if (split < 0 || split >= size) break;
    ranges.push_back(ByteRange{begin, split});
    begin = split;
  }
  ranges.push_back(ByteRange{begin, size});
  return ranges;
}

Result<TransactionFormat> ParseTransactionFormat(std::string_view name) {
  for (auto f : {TransactionFormat::kOnlineRetail, TransactionFormat::kCdnow,
                 TransactionFormat::kCdnowSample, TransactionFormat::kOrdersCsv}) {
    if (TransactionFormatName(f) == name) return f;
  }
  return InvalidArgument("unknown format '" + EscapeForMessage(name) +
                             "' (expected online-retail, cdnow, cdnow-sample or orders-csv)",
                         "format");
}

std::string_view TransactionFormatName(TransactionFormat format) {
  switch (format) {
    case TransactionFormat::kOnlineRetail:
      return "online-retail";
    case TransactionFormat::kCdnow:
      return "cdnow";
    case TransactionFormat::kCdnowSample:
      return "cdnow-sample";
    case TransactionFormat::kOrdersCsv:
      return "orders-csv";
  }
  return "unknown";
}

std::string BadRow::ToString() const {
  return std::string(file) + ":" + std::to_string(line) + ": " + reason;
}

Result<ReadCounts> ReadTransactions(const std::string& path, TransactionFormat format,
                                    const ReadOptions& options, const RowFn& on_row,
                                    const BadRowFn& on_bad_row) {
  LOY_ASSIGN_OR_RETURN(auto source, ByteSource::Open(path, options.progress, options.range));
  // Named in messages, which must be text whatever bytes the path has.
  const std::string file = options.display_name.empty() ? EscapeForMessage(path, kMaxPathInMessage)
                                                        : options.display_name;
  bool starts_file = options.range.begin == 0;
  int64_t first_line = options.first_line > 0 ? options.first_line : 1;
  if (!starts_file && options.first_line <= 0) {
    LOY_ASSIGN_OR_RETURN(first_line, LineAt(path, options.range.begin));
  }
  FormatReader reader(format, options, file, on_row, on_bad_row, starts_file);
  bool csv = format == TransactionFormat::kOnlineRetail || format == TransactionFormat::kOrdersCsv;
  RecordScanner scanner(*source, csv ? Splitting::kComma : Splitting::kWhitespace, first_line,
                        options.max_record_bytes);
  LOY_RETURN_IF_ERROR(scanner.Run(
      [&](const RawRecord& rec) { return reader.OnRecord(rec); },
      [&](int64_t line, std::string_view reason) { return reader.OnBadRow(line, reason); }));
  ReadCounts counts = reader.counts();
  counts.next_line = scanner.next_line();
  return counts;
}

Result<ReadCounts> ReadPurchases(const std::string& path, TransactionFormat format,
                                 const ReadOptions& options, const PurchaseFn& on_purchase,
                                 const BadRowFn& on_bad_row) {
  ReadOptions lean = options;
  lean.derive_order_ids = false;
  return ReadTransactions(
      path, format, lean,
      [&](const TransactionRow& row) -> Status {
        if (row.kind == RowKind::kSkipped || row.customer_id.empty()) return {};
        return on_purchase(Purchase{row.line, row.customer_id, row.day, row.amount_minor,
                                    row.kind == RowKind::kReturn, row.currency});
      },
      on_bad_row);
}

}  // namespace loyal::importer
