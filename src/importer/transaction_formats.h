// Readers of order-history files into one normalised row, streamed to a callback: the UCI
// Online Retail CSV, the CDNOW master and sample logs, and Loyal's generic orders-csv
// (docs/orders-csv.md). The importer writes these rows into the store; analytics reads
// the same files through ReadPurchases, a lean view of (customer, day, amount).
//
// Files may be gzip-compressed; memory does not grow with the file (the CDNOW readers
// keep one small counter per customer-day to number same-day orders). A row that cannot
// be read is reported as `file:line: reason` to the bad-row callback and skipped; the
// callback may return an error to stop (--strict).
//
// Thread-safety: the functions are reentrant; rows are valid only during the callback.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/money.h"
#include "core/time.h"
#include "importer/byte_source.h"

namespace loyal::importer {

enum class TransactionFormat { kOnlineRetail, kCdnow, kCdnowSample, kOrdersCsv };

// Returns the format called `name` ("online-retail", "cdnow", "cdnow-sample",
// "orders-csv"), or invalid_argument naming the accepted ones.
[[nodiscard]] Result<TransactionFormat> ParseTransactionFormat(std::string_view name);
std::string_view TransactionFormatName(TransactionFormat format);

enum class RowKind {
  kSale,     // a purchased line (or, for CDNOW, a whole order)
  kReturn,   // a line of an Online Retail cancellation invoice ("C..."); quantity < 0
  kSkipped,  // well-formed but neither: skip_reason says why
};

// Skip reasons (compare by value; they are also the labels of the import summary).
inline constexpr std::string_view kSkipAdjustment = "adjustment invoice (A...)";
inline constexpr std::string_view kSkipNegativeSale = "negative quantity outside a cancellation";
inline constexpr std::string_view kSkipZeroQuantity = "zero quantity";
inline constexpr std::string_view kSkipPositiveCancellation =
    "cancellation with a positive quantity";
inline constexpr std::string_view kSkipNegativePrice = "negative unit price";

struct TransactionRow {
  int64_t line = 0;  // line of the file the row starts on
  RowKind kind = RowKind::kSale;
  std::string_view skip_reason;   // set when kind == kSkipped
  std::string_view order_id;      // invoice number; derived for CDNOW (see ReadOptions)
  std::string_view customer_id;   // empty for a guest; CDNOW ids without leading zeros
  std::string_view email;         // orders-csv only
  std::string_view sku;           // empty when the format has no line items (CDNOW)
  std::string_view description;   // Online Retail only
  std::string_view country;       // Online Retail only
  int64_t placed_at = 0;          // seconds since the epoch as written (see has_offset)
  bool has_offset = false;        // false: wall-clock time in the shop's time zone
  DayNumber day = 0;              // calendar day of placed_at as written
  int64_t quantity = 0;           // negative for returns; number of CDs for CDNOW
  int64_t unit_price_micros = 0;  // 0 for CDNOW (whole orders, no unit price)
  int64_t amount_minor = 0;       // quantity × unit price, half-even; the order total for CDNOW
  Currency currency;
};

// A row that could not be read, or whose text breaks the input rules (core/text_rules.h:
// ids, skus, descriptions, e-mails). Messages quote no raw bytes of the file.
struct BadRow {
  std::string file;
  int64_t line = 0;
  std::string reason;
  // The order the row belongs to, when its id could be read (and is a valid id): the importer
  // skips the whole order rather than store it without a line. Empty otherwise.
  std::string order_id;
  // The order is an Online Retail cancellation ("C..."), whose lines are returns of their
  // own: a bad one takes no other with it.
  bool cancellation = false;
  std::string ToString() const;  // "file:line: reason"
};

struct ReadOptions {
  ProgressFn progress;
  // How errors name the file (valid UTF-8); when empty, the path with bytes that are not
  // text escaped.
  std::string display_name;
  // CDNOW order ids are "cdnow-<customer>-<yyyymmdd>-<n>", n counting that customer's
  // rows of that day from 1, so a re-import finds the same ids. Building them costs a
  // hash map; readers that do not need order ids turn it off.
  bool derive_order_ids = true;
  // Read only this part of a plain file, as planned by SplitForParallelRead.
  ByteRange range;
  // The line number of the range's first line. 0: found by counting the newlines before the
  // range, so line numbers are those of the whole file. A caller reading the parts in parallel
  // may instead pass 1 and add the earlier parts' line counts (ReadCounts::next_line) itself,
  // which spares that pass over the file on the critical path.
  int64_t first_line = 0;
  // Records longer than this are bad rows, "record longer than N bytes", skipped without
  // being held in memory (record_scanner.h; the default is RecordScanner's, 1 MiB).
  size_t max_record_bytes = size_t{1} << 20;
};

struct ReadCounts {
  int64_t rows = 0;       // rows delivered to on_row (sales, returns and skipped)
  int64_t bad_rows = 0;   // rows reported to on_bad_row
  int64_t next_line = 0;  // the number of the line after the range, as the range numbered them
};

using RowFn = std::function<Status(const TransactionRow&)>;
using BadRowFn = std::function<Status(const BadRow&)>;

// Reads `path` in `format`, calling on_row for every readable row and on_bad_row for every
// row that is not. Returns the counts, or: not_found / unavailable for the file,
// invalid_argument when the header is not the format's (a wrong --format) or the gzip
// data is corrupt, or the first error a callback returns.
[[nodiscard]] Result<ReadCounts> ReadTransactions(const std::string& path, TransactionFormat format,
                                                  const ReadOptions& options, const RowFn& on_row,
                                                  const BadRowFn& on_bad_row);

// The analytics view: one purchase or return of a known customer.
struct Purchase {
  int64_t line = 0;              // as TransactionRow::line
  std::string_view customer_id;  // never empty: guest rows are not delivered
  DayNumber day = 0;
  int64_t amount_minor = 0;  // negative for returns
  bool is_return = false;
  Currency currency;
};
using PurchaseFn = std::function<Status(const Purchase&)>;

// Reads `path` as ReadTransactions does without deriving order ids, delivering only sales
// and returns of identified customers (guest and skipped rows are counted in rows but not
// delivered). Same errors.
[[nodiscard]] Result<ReadCounts> ReadPurchases(const std::string& path, TransactionFormat format,
                                               const ReadOptions& options,
                                               const PurchaseFn& on_purchase,
                                               const BadRowFn& on_bad_row);

// Plans reading `path` in up to `parts` pieces on as many threads: byte ranges that start
// at line starts, in file order, covering the file. A gzip file, or a file too small to be
// worth splitting, comes back as one range. The file must not have line breaks inside
// quoted fields (true of the CDNOW files, of orders-csv as Loyal writes it, and of most
// exports); where it may, read it whole. Errors: as ByteSource::Open.
[[nodiscard]] Result<std::vector<ByteRange>> SplitForParallelRead(const std::string& path,
                                                                  int parts);

}  // namespace loyal::importer
