#include "orders/catalog_store.h"

#include "db/sql_values.h"

namespace loyal::orders::store {
namespace {

constexpr std::string_view kColumns =
    "product_id, sku, title, description, category, price_micros, currency, created_at, "
    "updated_at";

using db::OptText;
using db::Seconds;

// price_micros, currency, title, description, category as $2..$6 (sku is $1).
std::vector<db::Value> FieldValues(const ProductInput& in) {
  return {db::Value(in.sku),
          in.price_micros ? db::Value(*in.price_micros) : db::Value(db::kNull),
          in.currency ? db::Value(std::string(in.currency->code())) : db::Value(db::kNull),
          db::Value(in.title),
          OptText(in.description),
          OptText(in.category)};
}

Result<Product> FromRow(const db::Row& row) {
  Product p;
  p.product_id = row.Int(0);
  p.sku = std::string(row.Text(1));
  p.title = std::string(row.Text(2));
  p.description = row.OptText(3);
  p.category = row.OptText(4);
  p.price_micros = row.OptInt(5);
  if (auto code = row.OptText(6)) {
    auto currency = Currency::ParseStored(*code);
    if (!currency) return Internal("products.currency holds a malformed code");
    p.currency = *currency;
  }
  p.created_at = db::AtSeconds(row.Int(7));
  p.updated_at = db::AtSeconds(row.Int(8));
  return p;
}

}  // namespace

Result<std::optional<Product>> FindProduct(db::Transaction& tx, std::string_view sku) {
  LOY_ASSIGN_OR_RETURN(auto rows,
                       tx.Query("SELECT " + std::string(kColumns) + " FROM products WHERE sku = $1",
                                {db::Value(std::string(sku))}));
  if (rows.empty()) return std::optional<Product>();
  LOY_ASSIGN_OR_RETURN(Product p, FromRow(rows[0]));
  return std::optional<Product>(std::move(p));
}

Result<bool> InsertProductIfAbsent(db::Transaction& tx, const ProductInput& input, Timestamp now) {
  LOY_ASSIGN_OR_RETURN(int64_t id, tx.NextId("products"));
  std::vector<db::Value> values = FieldValues(input);
  values.emplace_back(id);
  values.push_back(Seconds(now));
  LOY_ASSIGN_OR_RETURN(
      int64_t changed,
      tx.Execute("INSERT INTO products (sku, price_micros, currency, title, description, "
                 "category, product_id, created_at, updated_at) "
                 "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (sku) DO NOTHING",
                 values));
  return changed == 1;
}

Status UpdateProduct(db::Transaction& tx, const ProductInput& input, Timestamp now) {
  std::vector<db::Value> values = FieldValues(input);
  values.push_back(Seconds(now));
  LOY_ASSIGN_OR_RETURN(
      int64_t changed,
      tx.Execute("UPDATE products SET price_micros = $2, currency = $3, title = $4, "
                 "description = $5, category = $6, updated_at = $7 WHERE sku = $1",
                 values));
  if (changed == 0) return NotFound("no product with sku '" + input.sku + "'");
  return {};
}

Result<std::vector<Product>> ListProducts(db::Transaction& tx, std::string_view after_sku,
                                          int limit) {
  std::vector<Product> out;
  LOY_RETURN_IF_ERROR(tx.ForEach(
      "SELECT " + std::string(kColumns) + " FROM products WHERE sku > $1 ORDER BY sku LIMIT $2",
      {db::Value(std::string(after_sku)), db::Value(int64_t{limit})},
      [&](const db::Row& row) -> Status {
        LOY_ASSIGN_OR_RETURN(Product p, FromRow(row));
        out.push_back(std::move(p));
        return {};
      }));
  return out;
}

}  // namespace loyal::orders::store
