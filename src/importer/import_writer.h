// ImportWriter: writes imported history into the store in batches — customers (and a
// guest customer per guest order or return), orders with their lines and look-ups, then
// returns — inside the caller's transaction. Orders and returns are queued as the file is
// read and written a batch at a time: one look-up query per batch for the customers,
// orders and returns that already exist (so a re-import changes nothing), multi-row
// INSERTs for the rows (BulkInserter), and the orders room's own functions for the
// returns (AllocateReturn values them, its store writes them). Products go through the
// orders room's catalog store, once per sku per run.
//
// Thread-safety: none; one writer per import.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"
#include "importer/bulk_inserter.h"
#include "orders/catalog.h"
#include "orders/orders.h"

namespace date {
class time_zone;
}

namespace loyal::importer {

// What a file says about who bought; an empty external_id is a guest.
struct CustomerProfile {
  std::string external_id;
  std::optional<std::string> email, name, country;  // email normalized, country ISO alpha-2
  std::optional<DayNumber> birthday;
  bool marketing_consent = false;
};

struct PendingOrder {
  int64_t line = 0;  // where the order starts in the file
  CustomerProfile customer;
  orders::OrderInput input;  // normalized (NormalizeOrderInput), placed_at in UTC
};

struct PendingReturn {
  int64_t line = 0;
  std::string external_id;
  CustomerProfile customer;
  std::string sku;
  int64_t quantity = 0;      // > 0
  int64_t refund_minor = 0;  // >= 0
  Currency currency;
  Timestamp returned_at{};
  // Set when the source knows the order line (the demo); otherwise the return is matched
  // to the customer's most recent earlier purchase of the sku with enough left to return.
  std::optional<std::string> order_external_id;
  std::optional<int32_t> order_line_no;
};

struct ImportSummary {
  int64_t rows = 0;  // readable rows of the file
  int64_t customers = 0, guest_customers = 0, products = 0;
  int64_t orders = 0, lines = 0, guest_orders = 0;
  int64_t returns = 0, unmatched_returns = 0;
  int64_t orders_already_present = 0, returns_already_present = 0;
  int64_t bad_rows = 0;
  std::map<std::string, int64_t> skipped;  // reason -> rows
};

class ImportWriter {
 public:
  // `zone` is the shop's time zone for calendar days (nullptr: UTC); `summary` is updated
  // as rows are written and must outlive the writer.
  ImportWriter(const Clock& clock, const date::time_zone* zone, ImportSummary& summary);

  // Adds the product unless its sku is in the catalog (or was added by this writer).
  // Errors: invalid_argument for a product the catalog refuses; the transaction's.
  [[nodiscard]] Status AddProduct(db::Transaction& tx, const orders::ProductInput& product);
  // Whether AddProduct has seen `sku`: a cheap test before building a ProductInput.
  bool KnowsProduct(std::string_view sku) const { return skus_.find(sku) != skus_.end(); }

  // Queue an order or a return; a full batch is written through `tx`. Errors: the
  // transaction's, internal for an order the orders room cannot build.
  [[nodiscard]] Status Queue(db::Transaction& tx, PendingOrder&& order);
  [[nodiscard]] Status Queue(db::Transaction& tx, PendingReturn&& ret);

  // Writes everything queued. Errors: as Queue.
  [[nodiscard]] Status Flush(db::Transaction& tx);

 private:
  [[nodiscard]] Status ResolveCustomers(db::Transaction& tx);
  [[nodiscard]] Result<int64_t> CustomerFor(db::Transaction& tx, const CustomerProfile& profile,
                                            Timestamp first_seen);
  [[nodiscard]] Status WriteOrders(db::Transaction& tx);
  [[nodiscard]] Status WriteReturns(db::Transaction& tx);
  [[nodiscard]] Status WriteReturn(db::Transaction& tx, const PendingReturn& ret);
  [[nodiscard]] Status RecordReturnProgress(db::Transaction& tx, const orders::Order& order,
                                            int64_t refund_minor);

  const Clock& clock_;
  const date::time_zone* zone_;
  ImportSummary& summary_;
  std::vector<PendingOrder> orders_;
  std::vector<PendingReturn> returns_;
  std::map<std::string, int64_t> customer_ids_;  // this batch's known customers
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_set<std::string, StringHash, std::equal_to<>> skus_;  // ensured by this run
  BulkInserter customers_, customer_lookup_, orders_rows_, order_lookup_, order_lines_;
};

}  // namespace loyal::importer
