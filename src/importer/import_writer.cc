#include "importer/import_writer.h"

#include <algorithm>

#include "customers/customers.h"
#include "db/sql_values.h"
#include "intake/batch_intake.h"
#include "orders/catalog_store.h"

namespace loyal::importer {
namespace {

constexpr size_t kBatch = 2000;  // orders and returns queued before a write
using db::OptText;
using db::Seconds;
using db::Text;

}  // namespace

ImportWriter::ImportWriter(const Clock& clock, ImportSummary& summary)
    : clock_(clock),
      summary_(summary),
      customers_("customers",
                 {"customer_id", "external_id", "email", "name", "country", "birthday",
                  "created_at", "updated_at", "marketing_consent", "kind", "guest_id"}),
      customer_lookup_("customer_lookup", {"external_id", "customer_id"}) {}

Status ImportWriter::AddProduct(db::Transaction& tx, const orders::ProductInput& product) {
  if (!skus_.insert(product.sku).second) return {};
  LOY_RETURN_IF_ERROR(orders::ValidateProductInput(product));
  LOY_ASSIGN_OR_RETURN(bool inserted,
                       orders::store::InsertProductIfAbsent(tx, product, clock_.Now()));
  if (inserted) ++summary_.products;
  return {};
}

Status ImportWriter::Queue(db::Transaction& tx, PendingOrder&& order) {
  orders_.push_back(std::move(order.input));
  order_buyers_.push_back(std::move(order.customer));
  if (orders_.size() + returns_.size() >= kBatch) return Flush(tx);
  return {};
}

Status ImportWriter::Queue(db::Transaction& tx, PendingReturn&& ret) {
  returns_.push_back(std::move(ret.ret));
  return_buyers_.push_back(std::move(ret.customer));
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
  order_buyers_.clear();
  returns_.clear();
  return_buyers_.clear();
  customer_ids_.clear();
  return {};
}

Status ImportWriter::ResolveCustomers(db::Transaction& tx) {
  std::vector<std::string> keys;
  for (const auto* buyers : {&order_buyers_, &return_buyers_}) {
    for (const CustomerProfile& c : *buyers) {
      if (!c.external_id.empty()) keys.push_back(c.external_id);
    }
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return db::SelectIn(
      tx, "SELECT external_id, customer_id FROM customer_lookup WHERE external_id IN ", keys,
      [&](const db::Row& row) -> Status {
        customer_ids_.emplace(std::string(row.Text(0)), row.Int(1));
        return {};
      });
}

Result<int64_t> ImportWriter::CustomerFor(db::Transaction& tx, const CustomerProfile& profile,
                                          Timestamp first_seen, const std::string& guest_id,
                                          bool for_return) {
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
      db::Value(int64_t{profile.marketing_consent ? 1 : 0}), Text(guest ? "guest" : "customer"),
      guest ? Text(guest_id) : db::Value(db::kNull)));
  if (guest) {
    // Looked up like a shop's id, so GET /v1/customers/{guest id} finds it.
    LOY_RETURN_IF_ERROR(customer_lookup_.Add(tx, Text(guest_id), db::Value(id)));
    ++summary_.guest_customers;
    if (for_return) ++summary_.guest_return_customers;
    return id;
  }
  LOY_RETURN_IF_ERROR(customer_lookup_.Add(tx, Text(profile.external_id), db::Value(id)));
  customer_ids_.emplace(profile.external_id, id);
  ++summary_.customers;
  return id;
}

Status ImportWriter::WriteOrders(db::Transaction& tx) {
  auto buyer = [&](size_t i) {
    return CustomerFor(tx, order_buyers_[i], *orders_[i].placed_at,
                       customers::GuestIdForOrder(orders_[i].external_id), /*for_return=*/false);
  };
  LOY_ASSIGN_OR_RETURN(intake::OrderBatchCounts counts,
                       intake::RecordOrderBatch(tx, orders_, buyer, clock_.Now()));
  summary_.orders += counts.created;
  if (summary_.first_order_id == 0 ||
      (counts.first_order_id != 0 && counts.first_order_id < summary_.first_order_id)) {
    summary_.first_order_id = counts.first_order_id;
  }
  summary_.lines += counts.lines;
  summary_.guest_orders += counts.guests;
  summary_.orders_already_present += counts.already_present;
  return {};
}

Status ImportWriter::WriteReturns(db::Transaction& tx) {
  auto buyer = [&](size_t i) {
    return CustomerFor(tx, return_buyers_[i], returns_[i].returned_at,
                       customers::GuestIdForReturn(returns_[i].external_id), /*for_return=*/true);
  };
  LOY_ASSIGN_OR_RETURN(intake::ReturnBatchCounts counts,
                       intake::RecordReturnBatch(tx, returns_, buyer, clock_.Now()));
  summary_.returns += counts.created;
  summary_.unmatched_returns += counts.unmatched;
  summary_.returns_already_present += counts.already_present;
  return {};
}

}  // namespace loyal::importer
