#include "orders/catalog_service.h"

#include "core/text_rules.h"
#include "orders/catalog_store.h"

namespace loyal::orders {
namespace {
constexpr int kMaxPageSize = 500;
}  // namespace

Result<UpsertProductResult> UpsertProduct(db::Transaction& tx, const ProductInput& input,
                                          Timestamp now) {
  LOY_RETURN_IF_ERROR(ValidateProductInput(input));
  LOY_ASSIGN_OR_RETURN(auto existing, store::FindProduct(tx, input.sku));
  bool created = false;
  if (!existing) {
    // A concurrent upsert may insert the sku between our read and insert: then update it.
    LOY_ASSIGN_OR_RETURN(created, store::InsertProductIfAbsent(tx, input, now));
  }
  if (!created) LOY_RETURN_IF_ERROR(store::UpdateProduct(tx, input, now));
  LOY_ASSIGN_OR_RETURN(auto stored, store::FindProduct(tx, input.sku));
  if (!stored) return Internal("product vanished after its upsert");
  return UpsertProductResult{std::move(*stored), created};
}

Result<Product> GetProduct(db::Transaction& tx, std::string_view sku) {
  LOY_ASSIGN_OR_RETURN(auto found, store::FindProduct(tx, sku));
  if (!found) return NotFound("no product with sku '" + EscapeForMessage(sku) + "'");
  return std::move(*found);
}

Result<ProductPage> ListProducts(db::Transaction& tx, std::string_view after, int limit) {
  if (limit < 1 || limit > kMaxPageSize) {
    return InvalidArgument("must be between 1 and 500", "limit");
  }
  ProductPage page;
  LOY_ASSIGN_OR_RETURN(page.products, store::ListProducts(tx, after, limit));
  if (static_cast<int>(page.products.size()) == limit) page.next_after = page.products.back().sku;
  return page;
}

}  // namespace loyal::orders
