#include "promotions/coupon_store.h"

#include "db/customer_rows.h"
#include "db/sql_values.h"

namespace loyal::promotions::store {
namespace {

using db::AtSeconds;
using db::Int;
using db::Seconds;
using db::Text;

constexpr char kCouponColumns[] =
    "code, kind, percent_off, sku, cause, source, state, valid_from, valid_until, order_ref, "
    "created_at, resolved_at";

Result<Coupon> CouponFrom(int64_t customer_id, int64_t coupon_id, const db::Row& row) {
  Coupon c;
  c.customer_id = customer_id;
  c.coupon_id = coupon_id;
  c.code = row.Text(0);
  auto kind = FindByName(kCouponKindNames, row.Text(1));
  auto state = FindByName(kCouponStateNames, row.Text(6));
  if (!kind || !state) return Internal("coupons holds a kind or state it cannot read");
  c.value.kind = *kind;
  c.value.percent_off = row.OptInt(2);
  c.value.sku = row.OptText(3);
  c.value.cause = row.OptText(4);
  c.source = row.Text(5);
  c.state = *state;
  c.valid_from = AtSeconds(row.Int(7));
  c.valid_until = AtSeconds(row.Int(8));
  c.order_ref = row.OptText(9);
  c.created_at = AtSeconds(row.Int(10));
  if (auto at = row.OptInt(11)) c.resolved_at = AtSeconds(*at);
  return c;
}

}  // namespace

Result<int64_t> NewCouponId(db::Transaction& tx) { return tx.NextId("coupons"); }

Status InsertCoupon(db::Transaction& tx, const Coupon& c) {
  LOY_RETURN_IF_ERROR(
      tx.Execute("INSERT INTO coupon_lookup (code, customer_id, coupon_id) VALUES ($1, $2, $3)",
                 {Text(c.code), Int(c.customer_id), Int(c.coupon_id)}));
  LOY_RETURN_IF_ERROR(
      tx.Execute(std::string("INSERT INTO coupons (customer_id, coupon_id, ") + kCouponColumns +
                     ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
                 {Int(c.customer_id), Int(c.coupon_id), Text(c.code),
                  Text(NameOf(kCouponKindNames, c.value.kind)), db::OptInt(c.value.percent_off),
                  db::OptText(c.value.sku), db::OptText(c.value.cause), Text(c.source),
                  Text(NameOf(kCouponStateNames, c.state)), Seconds(c.valid_from),
                  Seconds(c.valid_until), db::OptText(c.order_ref), Seconds(c.created_at),
                  c.resolved_at ? Seconds(*c.resolved_at) : db::Value(db::kNull)}));
  for (const auto& [currency, amount] : c.value.amount_minor) {
    LOY_RETURN_IF_ERROR(
        tx.Execute("INSERT INTO coupon_amounts (customer_id, coupon_id, currency, amount_minor) "
                   "VALUES ($1, $2, $3, $4)",
                   {Int(c.customer_id), Int(c.coupon_id), Text(currency), Int(amount)}));
  }
  return {};
}

Result<std::optional<std::pair<int64_t, int64_t>>> LookupCoupon(db::Transaction& tx,
                                                                std::string_view code) {
  return db::LookupCustomerRow(tx, "coupon_lookup", "code", "coupon_id", code);
}

Result<std::optional<Coupon>> FindCoupon(db::Transaction& tx, int64_t customer_id,
                                         int64_t coupon_id) {
  LOY_ASSIGN_OR_RETURN(auto rows, tx.Query(std::string("SELECT ") + kCouponColumns +
                                               " FROM coupons WHERE customer_id = $1 AND "
                                               "coupon_id = $2",
                                           {Int(customer_id), Int(coupon_id)}));
  if (rows.empty()) return std::optional<Coupon>();
  LOY_ASSIGN_OR_RETURN(Coupon coupon, CouponFrom(customer_id, coupon_id, rows[0]));
  LOY_ASSIGN_OR_RETURN(auto amounts, tx.Query("SELECT currency, amount_minor FROM coupon_amounts "
                                              "WHERE customer_id = $1 AND coupon_id = $2",
                                              {Int(customer_id), Int(coupon_id)}));
  for (size_t i = 0; i < amounts.size(); ++i) {
    coupon.value.amount_minor[std::string(amounts[i].Text(0))] = amounts[i].Int(1);
  }
  return std::optional<Coupon>(std::move(coupon));
}

Result<bool> ResolveIssued(db::Transaction& tx, int64_t customer_id, int64_t coupon_id,
                           CouponState state, std::optional<std::string_view> order_ref,
                           Timestamp now) {
  LOY_ASSIGN_OR_RETURN(
      int64_t changed,
      tx.Execute("UPDATE coupons SET state = $3, order_ref = $4, resolved_at = $5 "
                 "WHERE customer_id = $1 AND coupon_id = $2 AND state = 'issued'",
                 {Int(customer_id), Int(coupon_id), Text(NameOf(kCouponStateNames, state)),
                  order_ref ? Text(*order_ref) : db::Value(db::kNull), Seconds(now)}));
  return changed == 1;
}

}  // namespace loyal::promotions::store
