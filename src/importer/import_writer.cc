#include "importer/import_writer.h"

#include <chrono>
#include <functional>

#include "orders/catalog_store.h"
#include "orders/order_store.h"

namespace loyal::importer {
namespace {

constexpr size_t kBatch = 2000;       // orders and returns queued before a write
constexpr size_t kInListChunk = 500;  // keys per IN (...) look-up

db::Value Text(std::string_view s) { return db::Value(std::string(s)); }
db::Value OptText(const std::optional<std::string>& s) {
  return s ? db::Value(*s) : db::Value(db::kNull);
}
db::Value Seconds(Timestamp t) { return db::Value(int64_t{t.time_since_epoch().count()}); }

// Runs `select_head` + "($1, ..., $n)" over `keys` in chunks, giving every row to on_row.
Status SelectIn(db::Transaction& tx, std::string_view select_head,
                const std::vector<std::string>& keys,
                const std::function<Status(const db::Row&)>& on_row) {
  for (size_t from = 0; from < keys.size(); from += kInListChunk) {
    size_t n = std::min(kInListChunk, keys.size() - from);
    std::string sql(select_head);
    sql += "(";
    std::vector<db::Value> params;
    params.reserve(n);
    for (size_t i = 0; i < n; ++i) {
      sql += (i > 0 ? ", $" : "$") + std::to_string(i + 1);
      params.emplace_back(keys[from + i]);
    }
    sql += ")";
    LOY_RETURN_IF_ERROR(tx.ForEach(sql, std::span<const db::Value>(params), on_row));
  }
  return {};
}

// The external ids among `keys` that `lookup_table` already holds.
Result<std::unordered_set<std::string>> Existing(db::Transaction& tx, std::string_view lookup_table,
                                                 const std::vector<std::string>& keys) {
  std::unordered_set<std::string> found;
  LOY_RETURN_IF_ERROR(SelectIn(
      tx, "SELECT external_id FROM " + std::string(lookup_table) + " WHERE external_id IN ", keys,
      [&](const db::Row& row) -> Status {
        found.emplace(row.Text(0));
        return {};
      }));
  return found;
}

}  // namespace

ImportWriter::ImportWriter(const Clock& clock, const date::time_zone* zone, ImportSummary& summary)
    : clock_(clock),
      zone_(zone),
      summary_(summary),
      customers_("customers", {"customer_id", "external_id", "email", "name", "country", "birthday",
                               "created_at", "updated_at", "marketing_consent", "kind"}),
      customer_lookup_("customer_lookup", {"external_id", "customer_id"}),
      orders_rows_("orders", {"customer_id", "order_id", "external_id", "placed_at", "placed_day",
                              "currency", "status", "total_minor", "refunded_minor", "line_count",
                              "request_hash", "created_at", "updated_at"}),
      order_lookup_("order_lookup", {"external_id", "customer_id", "order_id"}),
      order_lines_("order_lines", {"customer_id", "order_id", "line_no", "sku", "quantity",
                                   "unit_price_micros", "amount_minor", "returned_quantity"}) {}

Status ImportWriter::AddProduct(db::Transaction& tx, const orders::ProductInput& product) {
  if (!skus_.insert(product.sku).second) return {};
  LOY_RETURN_IF_ERROR(orders::ValidateProductInput(product));
  LOY_ASSIGN_OR_RETURN(bool inserted,
                       orders::store::InsertProductIfAbsent(tx, product, clock_.Now()));
  if (inserted) ++summary_.products;
  return {};
}

Status ImportWriter::Queue(db::Transaction& tx, PendingOrder&& order) {
  orders_.push_back(std::move(order));
  if (orders_.size() + returns_.size() >= kBatch) return Flush(tx);
  return {};
}

Status ImportWriter::Queue(db::Transaction& tx, PendingReturn&& ret) {
  returns_.push_back(std::move(ret));
  if (orders_.size() + returns_.size() >= kBatch) return Flush(tx);
  return {};
}

Status ImportWriter::Flush(db::Transaction& tx) {
  LOY_RETURN_IF_ERROR(ResolveCustomers(tx));
  LOY_RETURN_IF_ERROR(WriteOrders(tx));
  LOY_RETURN_IF_ERROR(WriteReturns(tx));
  LOY_RETURN_IF_ERROR(customers_.Flush(tx));
  LOY_RETURN_IF_ERROR(customer_lookup_.Flush(tx));
  orders_.clear();
  returns_.clear();
  customer_ids_.clear();
  return {};
}

Status ImportWriter::ResolveCustomers(db::Transaction& tx) {
  std::vector<std::string> keys;
  for (const auto& o : orders_) {
    if (!o.customer.external_id.empty()) keys.push_back(o.customer.external_id);
  }
  for (const auto& r : returns_) {
    if (!r.customer.external_id.empty()) keys.push_back(r.customer.external_id);
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return SelectIn(tx, "SELECT external_id, customer_id FROM customer_lookup WHERE external_id IN ",
                  keys, [&](const db::Row& row) -> Status {
                    customer_ids_.emplace(std::string(row.Text(0)), row.Int(1));
                    return {};
                  });
}

Result<int64_t> ImportWriter::CustomerFor(db::Transaction& tx, const CustomerProfile& profile,
                                          Timestamp first_seen) {
  bool guest = profile.external_id.empty();
  if (!guest) {
    auto it = customer_ids_.find(profile.external_id);
    if (it != customer_ids_.end()) return it->second;
  }
  LOY_ASSIGN_OR_RETURN(int64_t id, tx.NextId("customers"));
  db::Value birthday =
      profile.birthday ? db::Value(int64_t{*profile.birthday}) : db::Value(db::kNull);
  LOY_RETURN_IF_ERROR(customers_.Add(
      tx, db::Value(id), guest ? db::Value(db::kNull) : Text(profile.external_id),
      OptText(profile.email), OptText(profile.name), OptText(profile.country), birthday,
      Seconds(first_seen), Seconds(clock_.Now()),
      db::Value(int64_t{profile.marketing_consent ? 1 : 0}), Text(guest ? "guest" : "customer")));
  if (guest) {
    ++summary_.guest_customers;
    return id;
  }
  LOY_RETURN_IF_ERROR(customer_lookup_.Add(tx, Text(profile.external_id), db::Value(id)));
  customer_ids_.emplace(profile.external_id, id);
  ++summary_.customers;
  return id;
}

Status ImportWriter::WriteOrders(db::Transaction& tx) {
  std::vector<std::string> keys;
  for (const auto& o : orders_) keys.push_back(o.input.external_id);
  LOY_ASSIGN_OR_RETURN(auto seen, Existing(tx, "order_lookup", keys));
  const Timestamp now = clock_.Now();
  for (const PendingOrder& pending : orders_) {
    // Already in the store (a re-import), or earlier in this batch.
    if (!seen.insert(pending.input.external_id).second) {
      ++summary_.orders_already_present;
      continue;
    }
    LOY_ASSIGN_OR_RETURN(int64_t customer_id,
                         CustomerFor(tx, pending.customer, *pending.input.placed_at));
    LOY_ASSIGN_OR_RETURN(int64_t order_id, tx.NextId("orders"));
    LOY_ASSIGN_OR_RETURN(orders::Order o,
                         orders::BuildOrder(pending.input, customer_id, order_id, now, zone_));
    LOY_RETURN_IF_ERROR(orders_rows_.Add(
        tx, db::Value(customer_id), db::Value(order_id), Text(o.external_id), Seconds(o.placed_at),
        db::Value(int64_t{o.placed_day}), Text(o.currency.code()),
        Text(orders::StatusName(o.status)), db::Value(o.total_minor), db::Value(int64_t{0}),
        db::Value(static_cast<int64_t>(o.lines.size())), Text(o.request_hash), Seconds(now),
        Seconds(now)));
    LOY_RETURN_IF_ERROR(
        order_lookup_.Add(tx, Text(o.external_id), db::Value(customer_id), db::Value(order_id)));
    for (const orders::OrderLine& l : o.lines) {
      LOY_RETURN_IF_ERROR(order_lines_.Add(tx, db::Value(customer_id), db::Value(order_id),
                                           db::Value(int64_t{l.line_no}), Text(l.sku),
                                           db::Value(l.quantity), db::Value(l.unit_price_micros),
                                           db::Value(l.amount_minor), db::Value(int64_t{0})));
    }
    ++summary_.orders;
    summary_.lines += static_cast<int64_t>(o.lines.size());
    if (pending.customer.external_id.empty()) ++summary_.guest_orders;
  }
  // Returns read these rows back, so they must be in the database first.
  for (BulkInserter* inserter :
       {&customers_, &customer_lookup_, &orders_rows_, &order_lookup_, &order_lines_}) {
    LOY_RETURN_IF_ERROR(inserter->Flush(tx));
  }
  return {};
}

Status ImportWriter::WriteReturns(db::Transaction& tx) {
  std::vector<std::string> keys;
  for (const auto& r : returns_) keys.push_back(r.external_id);
  LOY_ASSIGN_OR_RETURN(auto seen, Existing(tx, "return_lookup", keys));
  for (const PendingReturn& ret : returns_) {
    if (!seen.insert(ret.external_id).second) {
      ++summary_.returns_already_present;
      continue;
    }
    LOY_RETURN_IF_ERROR(WriteReturn(tx, ret));
  }
  return {};
}

}  // namespace loyal::importer
