#include "importer/store_importer.h"

#include <list>
#include <memory>
#include <optional>
#include <unordered_set>

#include "core/text_rules.h"
#include "importer/country_names.h"
#include "settings/settings_service.h"

namespace loyal::importer {
namespace {

constexpr int64_t kCommitEveryOrders = 100000;
// Orders kept open for more rows: exports sometimes interleave two invoices' lines (the
// UCI file does), so an order is complete only once a few others have started since.
constexpr size_t kOpenOrders = 16;
constexpr std::string_view kCdnowSku = "CD";
constexpr size_t kMaxPathInMessage = 4096;

// The order being assembled from consecutive rows with the same order id.
struct Group {
  std::string order_id;
  int64_t rows = 0;         // rows of the group read so far, bad ones included
  int64_t sale_rows = 0;    // of which sales in `order`, the rows an invalid order takes with it
  int64_t total_minor = 0;  // of `order`, checked for overflow as lines come
  bool rejected = false;    // a bad row belongs to the order: none of it is imported
  std::optional<PendingOrder> order;
};

class StoreImporter {
 public:
  StoreImporter(db::Database& db, const ImportOptions& options, const Clock& clock)
      : db_(db), options_(options), writer_(clock, summary_) {}

  Result<ImportSummary> Run(const std::string& path) {
    LOY_ASSIGN_OR_RETURN(tx_, db_.Begin());
    LOY_ASSIGN_OR_RETURN(zone_, FileZone());
    ReadOptions read;
    read.progress = options_.progress;
    read.display_name = options_.display_name.empty() ? EscapeForMessage(path, kMaxPathInMessage)
                                                      : options_.display_name;
    file_ = read.display_name;
    LOY_RETURN_IF_ERROR(ReadTransactions(
        path, options_.format, read, [this](const TransactionRow& row) { return OnRow(row); },
        [this](const BadRow& bad) { return OnUnreadableRow(bad); }));
    while (!open_.empty()) LOY_RETURN_IF_ERROR(CloseOldest());
    LOY_RETURN_IF_ERROR(writer_.Flush(*tx_));
    LOY_RETURN_IF_ERROR(tx_->Commit());
    return summary_;
  }

 private:
  Status OnRow(const TransactionRow& row) {
    ++summary_.rows;
    LOY_ASSIGN_OR_RETURN(Group * group, GroupFor(row.order_id));
    ++group->rows;
    switch (row.kind) {
      case RowKind::kSkipped:
        ++summary_.skipped[std::string(row.skip_reason)];
        return {};
      case RowKind::kReturn:
        return AddReturn(*group, row);
      case RowKind::kSale:
        if (group->rejected) {
          ++summary_.rows_of_skipped_orders;
          return {};
        }
        return AddSale(*group, row);
    }
    return {};
  }

  // A row the reader could not take. When it names its order, the order is skipped whole:
  // stored without the line it would have the wrong total, and a corrected re-import could
  // not fix it (a stored order id is skipped). A cancellation's lines are returns each.
  Status OnUnreadableRow(const BadRow& bad) {
    ++summary_.rows;
    if (bad.order_id.empty()) return OnBadRow(bad);
    LOY_ASSIGN_OR_RETURN(Group * group, GroupFor(bad.order_id));
    ++group->rows;  // so that the ids of a cancellation's other lines stay put
    if (bad.cancellation) return OnBadRow(bad);
    BadRow named = bad;
    named.reason += OrderSkippedNote(*group);
    LOY_RETURN_IF_ERROR(OnBadRow(named));
    Reject(*group);
    return {};
  }

  // The words added to a bad row's reason when it takes its order with it.
  static std::string OrderSkippedNote(const Group& group) {
    if (group.rejected) return "";
    return " (order " + group.order_id + " skipped)";
  }

  // Drops the group's order: its lines read so far are counted as rows of a skipped order,
  // and so will be its later ones, even after the group is closed.
  void Reject(Group& group) {
    if (group.rejected) return;
    group.rejected = true;
    rejected_ids_.insert(group.order_id);
    summary_.rows_of_skipped_orders += group.sale_rows;
    group.sale_rows = 0;
    group.order.reset();
  }

  // The open group of `order_id`, made the most recent; a new one if there is none (the
  // least recently used is closed when too many are open).
  Result<Group*> GroupFor(std::string_view order_id) {
    for (auto it = open_.rbegin(); it != open_.rend(); ++it) {
      if (it->order_id != order_id) continue;
      if (it != open_.rbegin()) open_.splice(open_.end(), open_, std::prev(it.base()));
      return &open_.back();
    }
    if (open_.size() >= kOpenOrders) LOY_RETURN_IF_ERROR(CloseOldest());
    Group& group = open_.emplace_back();
    group.order_id.assign(order_id);
    group.rejected = rejected_ids_.count(group.order_id) > 0;
    return &group;
  }

  // The zone of the file's times without an offset: the caller's, else the shop's.
  Result<const date::time_zone*> FileZone() {
    if (options_.time_zone != nullptr) return options_.time_zone;
    LOY_ASSIGN_OR_RETURN(settings::ShopSettings shop, settings::Load(*tx_));
    return shop.time_zone;
  }

  // Counts and reports a bad row; with --strict, stops the import.
  Status OnBadRow(const BadRow& bad) {
    ++summary_.bad_rows;
    if (options_.on_bad_row) options_.on_bad_row(bad);
    if (options_.strict) return InvalidArgument(bad.ToString());
    return {};
  }

  Status BadRowAt(int64_t line, std::string reason) {
    return OnBadRow(BadRow{file_, line, std::move(reason), {}});
  }

  // A sale row that breaks a rule of its whole order: reported, and the order skipped.
  Status RejectAt(Group& group, const TransactionRow& row, std::string reason) {
    LOY_RETURN_IF_ERROR(BadRowAt(row.line, reason + OrderSkippedNote(group)));
    Reject(group);
    return {};
  }

  Timestamp When(const TransactionRow& row) const {
    return ToUtc(ParsedDateTime{row.placed_at, row.has_offset}, zone_);
  }

  CustomerProfile Profile(const TransactionRow& row) const {
    CustomerProfile p;
    p.external_id.assign(row.customer_id);
    if (!row.email.empty()) p.email.emplace(row.email);
    if (!row.country.empty()) p.country = CountryCode(row.country);
    return p;
  }

  Status AddSale(Group& group, const TransactionRow& row) {
    if (!group.order) {
      PendingOrder& o = group.order.emplace();
      o.line = row.line;
      o.customer = Profile(row);
      o.input.external_id.assign(row.order_id);
      if (!row.customer_id.empty()) o.input.customer.external_id.emplace(row.customer_id);
      o.input.customer.email = o.customer.email;
      o.input.placed_at = When(row);
      o.input.currency = row.currency;
      o.input.status = orders::OrderStatus::kDelivered;
    } else if (row.customer_id != group.order->customer.external_id) {
      return RejectAt(group, row,
                      "customer '" + std::string(row.customer_id) +
                          "' differs from the order's first line ('" +
                          group.order->customer.external_id + "')");
    } else if (row.currency.code() != group.order->input.currency.code()) {
      return RejectAt(group, row, "currency differs from the order's first line");
    }
    // The order's own limits, checked at the row that breaks them so that --strict names it.
    auto total = CheckedAdd(group.total_minor, row.amount_minor);
    if (!total) return RejectAt(group, row, "order total out of range");
    group.total_minor = *total;
    ++group.sale_rows;
    if (row.sku.empty()) return AddWholeOrder(*group.order, row);
    if (group.order->input.lines.size() >= orders::kMaxLinesPerOrder) {
      return RejectAt(group, row, "an order has at most 1000 lines");
    }
    group.order->input.lines.push_back(orders::LineInput{std::string(row.sku), row.quantity,
                                                         row.unit_price_micros, 0, std::nullopt});
    if (writer_.KnowsProduct(row.sku)) return {};
    std::string title(row.description.empty() ? row.sku : row.description);
    return writer_.AddProduct(*tx_, orders::ProductInput{std::string(row.sku), title, std::nullopt,
                                                         std::nullopt, std::nullopt, std::nullopt});
  }

  // CDNOW: the amount over the CDs as whole minor units, the remainder one unit each on
  // as many CDs, so that the lines add up to the amount exactly.
  Status AddWholeOrder(PendingOrder& order, const TransactionRow& row) {
    const int64_t units = std::max<int64_t>(row.quantity, 1);
    const int64_t base = row.amount_minor / units, extra = row.amount_minor % units;
    int64_t micros_per_minor = 1;
    for (int i = row.currency.exponent(); i < 6; ++i) micros_per_minor *= 10;
    auto& lines = order.input.lines;
    if (units - extra > 0) {
      lines.push_back({std::string(kCdnowSku), units - extra, base * micros_per_minor, 0, std::nullopt});
    }
    if (extra > 0) lines.push_back({std::string(kCdnowSku), extra, (base + 1) * micros_per_minor, 0, std::nullopt});
    if (writer_.KnowsProduct(kCdnowSku)) return {};
    return writer_.AddProduct(
        *tx_, orders::ProductInput{std::string(kCdnowSku), "CD (CDNOW)", std::nullopt, std::nullopt,
                                   std::nullopt, std::nullopt});
  }

  Status AddReturn(const Group& group, const TransactionRow& row) {
    // The customer's open orders go first, so the return can find them.
    if (!row.customer_id.empty()) {
      for (auto it = open_.begin(); it != open_.end();) {
        auto next = std::next(it);
        if (it->order && it->order->customer.external_id == row.customer_id) {
          LOY_RETURN_IF_ERROR(CloseGroup(it));
        }
        it = next;
      }
    }
    PendingReturn pending;
    pending.customer = Profile(row);
    orders::HistoricReturn& r = pending.ret;
    r.external_id = std::string(row.order_id) + "-" + std::to_string(group.rows);
    r.sku.assign(row.sku);
    r.quantity = -row.quantity;
    r.refund_minor = -row.amount_minor;
    r.currency = row.currency;
    r.returned_at = When(row);
    ++summary_.ok_rows;
    return writer_.Queue(*tx_, std::move(pending));
  }

  Status CloseOldest() { return CloseGroup(open_.begin()); }

  // Validates and queues the group's order, if it has one, and drops the group; commits
  // now and then unless --strict.
  Status CloseGroup(std::list<Group>::iterator it) {
    std::optional<PendingOrder> order = std::move(it->order);
    const int64_t sale_rows = it->sale_rows;
    open_.erase(it);
    if (!order) return {};
    // The rows were checked as they came (the reader's rules, AddSale's); this is the
    // orders room's word, which should agree.
    Status valid = Validate(*order);
    if (!valid) {
      const Error& e = valid.error();
      std::string where = e.field.empty() ? "" : e.field + ": ";
      summary_.rows_of_skipped_orders += sale_rows - 1;
      return BadRowAt(order->line, "order " + order->input.external_id + ": " + where + e.message +
                                       " (order skipped)");
    }
    summary_.ok_rows += sale_rows;
    LOY_RETURN_IF_ERROR(writer_.Queue(*tx_, std::move(*order)));
    if (!options_.strict && ++queued_since_commit_ >= kCommitEveryOrders) {
      queued_since_commit_ = 0;
      LOY_RETURN_IF_ERROR(writer_.Flush(*tx_));
      LOY_RETURN_IF_ERROR(tx_->Commit());
      LOY_ASSIGN_OR_RETURN(tx_, db_.Begin());
    }
    return {};
  }

  // The orders room's rules (the total's range was checked line by line in AddSale).
  static Status Validate(PendingOrder& order) {
    LOY_RETURN_IF_ERROR(orders::NormalizeOrderInput(order.input));
    order.customer.email = order.input.customer.email;
    return {};
  }

  db::Database& db_;
  const ImportOptions& options_;
  ImportSummary summary_;
  ImportWriter writer_;
  std::unique_ptr<db::Transaction> tx_;
  const date::time_zone* zone_ = nullptr;
  std::string file_;
  std::list<Group> open_;  // least recently used first
  std::unordered_set<std::string> rejected_ids_;  // orders skipped for a bad row
  int64_t queued_since_commit_ = 0;
};

}  // namespace

Result<ImportSummary> ImportFile(db::Database& db, const std::string& path,
                                 const ImportOptions& options, const Clock& clock) {
  StoreImporter importer(db, options, clock);
  return importer.Run(path);
}

std::string FormatImportSummary(const ImportSummary& s, HistorySource source) {
  const bool from_file = source == HistorySource::kFile;
  std::string out;
  auto line = [&](std::string_view label, int64_t value) {
    out += std::string(label) + ": " + std::to_string(value) + "\n";
  };
  if (from_file) {
    line("rows read", s.rows);
    line("rows imported", s.ok_rows);
    line("bad rows skipped", s.bad_rows);
    line("rows of skipped orders", s.rows_of_skipped_orders);
    for (const auto& [reason, count] : s.skipped) line("skipped: " + reason, count);
  }
  line("customers created", s.customers);
  line("guest customers created", s.guest_customers);
  line("  for guest orders", s.guest_customers - s.guest_return_customers);
  line("  for guest returns", s.guest_return_customers);
  line("products created", s.products);
  line("orders created", s.orders);
  line("order lines", s.lines);
  line("guest orders", s.guest_orders);
  line("returns created", s.returns);
  line("unmatched returns", s.unmatched_returns);
  line("orders already present", s.orders_already_present);
  line("returns already present", s.returns_already_present);
  return out;
}

}  // namespace loyal::importer
