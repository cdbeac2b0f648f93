// ImportWriter: writes imported history into the store in batches, through order intake
// (intake/batch_intake.h), inside the caller's transaction. Orders and returns are queued as
// the file is read and handed to intake a batch at a time, so an imported order or return
// gets what one sent to the API gets; intake and the orders room skip what is already
// stored (a re-import changes nothing) and write orders with multi-row INSERTs. The writer
// supplies the buyers: customers (and a guest customer per guest order or unmatched guest
// return) with the profiles files carry, one look-up query per batch for those that exist
// and multi-row INSERTs for the new ones. Products go through the orders room's catalog
// store, once per sku per run.
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
#include "db/bulk_inserter.h"
#include "orders/catalog.h"
#include "orders/order_batch_service.h"
#include "orders/orders.h"

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
  CustomerProfile customer;
  orders::HistoricReturn ret;  // matched to the customer's purchases unless it names its line
};

// What an import did; store_importer.h's FormatImportSummary says how the row counts add up.
struct ImportSummary {
  int64_t rows = 0;     // data rows of the file (the header not counted)
  int64_t ok_rows = 0;  // of which in an order or a return (created or already present)
  int64_t rows_of_skipped_orders = 0;  // sale rows of an order skipped for a bad row
  int64_t customers = 0, guest_customers = 0, products = 0;
  int64_t guest_return_customers = 0;  // of guest_customers, those made for a guest return
  int64_t orders = 0, lines = 0, guest_orders = 0;
  int64_t first_order_id = 0;  // the lowest internal id of the created orders (0: none)
  int64_t returns = 0, unmatched_returns = 0;
  int64_t orders_already_present = 0, returns_already_present = 0;
  int64_t bad_rows = 0;                    // rows reported as bad, once each
  std::map<std::string, int64_t> skipped;  // reason -> rows
};

class ImportWriter {
 public:
  // `summary` is updated as rows are written and must outlive the writer.
  ImportWriter(const Clock& clock, ImportSummary& summary);

  // Adds the product unless its sku is in the catalog (or was added by this writer).
  // Errors: invalid_argument for a product the catalog refuses; the transaction's.
  [[nodiscard]] Status AddProduct(db::Transaction& tx, const orders::ProductInput& product);
  // Whether AddProduct has seen `sku`: a cheap test before building a ProductInput.
  bool KnowsProduct(std::string_view sku) const { return skus_.find(sku) != skus_.end(); }

  // Queue an order or a return; a full batch is written through `tx`. Errors: as Flush.
  [[nodiscard]] Status Queue(db::Transaction& tx, PendingOrder&& order);
  [[nodiscard]] Status Queue(db::Transaction& tx, PendingReturn&& ret);

  // Writes everything queued. Errors: intake's (intake/batch_intake.h), the transaction's.
  [[nodiscard]] Status Flush(db::Transaction& tx);

 private:
  [[nodiscard]] Status ResolveCustomers(db::Transaction& tx);
  // `guest_id` is the public id a guest buyer gets (customers::GuestIdForOrder/ForReturn);
  // `for_return` counts such a guest among the guests of unmatched returns.
  [[nodiscard]] Result<int64_t> CustomerFor(db::Transaction& tx, const CustomerProfile& profile,
                                            Timestamp first_seen, const std::string& guest_id,
                                            bool for_return);
  [[nodiscard]] Status WriteOrders(db::Transaction& tx);
  [[nodiscard]] Status WriteReturns(db::Transaction& tx);

  const Clock& clock_;
  ImportSummary& summary_;
  // The queued batch: what intake takes, and beside it (same index) who bought.
  std::vector<orders::OrderInput> orders_;
  std::vector<CustomerProfile> order_buyers_;
  std::vector<orders::HistoricReturn> returns_;
  std::vector<CustomerProfile> return_buyers_;
  std::map<std::string, int64_t> customer_ids_;  // this batch's known customers
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_set<std::string, StringHash, std::equal_to<>> skus_;  // ensured by this run
  db::BulkInserter customers_, customer_lookup_;
};

}  // namespace loyal::importer
