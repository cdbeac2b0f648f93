#include "orders/catalog_service.h"

#include "core/text_rules.h"
#include "http/paging.h"
#include "orders/catalog_store.h"

namespace loyal::orders {
namespace {

bool SameFields(const ProductInput& merged, const Product& stored) {
  return merged.title == stored.title && merged.description == stored.description &&
         merged.category == stored.category && merged.price_micros == stored.price_micros &&
         merged.currency == stored.currency;
}

}  // namespace

Result<UpsertProductResult> UpsertProduct(db::Transaction& tx, const ProductPatch& patch,
                                          Timestamp now) {
  LOY_ASSIGN_OR_RETURN(auto existing, store::FindProduct(tx, patch.sku));
  bool created = false;
  if (!existing) {
    LOY_ASSIGN_OR_RETURN(ProductInput fresh, MergeProduct(std::nullopt, patch));
    LOY_RETURN_IF_ERROR(ValidateProductInput(fresh));
    // A concurrent upsert may insert the sku between our read and insert: then merge into
    // what it wrote.
    LOY_ASSIGN_OR_RETURN(created, store::InsertProductIfAbsent(tx, fresh, now));
    if (!created) {
      LOY_ASSIGN_OR_RETURN(existing, store::FindProduct(tx, patch.sku));
      if (!existing) return Internal("product vanished during a concurrent upsert");
    }
  }
  if (!created) {
    LOY_ASSIGN_OR_RETURN(ProductInput merged, MergeProduct(existing, patch));
    LOY_RETURN_IF_ERROR(ValidateProductInput(merged));
    if (SameFields(merged, *existing)) return UpsertProductResult{std::move(*existing), false};
    LOY_RETURN_IF_ERROR(store::UpdateProduct(tx, merged, now));
  }
  LOY_ASSIGN_OR_RETURN(auto stored, store::FindProduct(tx, patch.sku));
  if (!stored) return Internal("product vanished after its upsert");
  return UpsertProductResult{std::move(*stored), created};
}

Result<Product> GetProduct(db::Transaction& tx, std::string_view sku) {
  LOY_ASSIGN_OR_RETURN(auto found, store::FindProduct(tx, sku));
  if (!found) return NotFound("no product with sku '" + EscapeForMessage(sku) + "'");
  return std::move(*found);
}

Result<ProductPage> ListProducts(db::Transaction& tx, std::string_view after, int limit) {
  if (limit < 1 || limit > http::kMaxPageSize) {
    return InvalidArgument("must be between 1 and 500", "limit");
  }
  ProductPage page;
  LOY_ASSIGN_OR_RETURN(page.products, store::ListProducts(tx, after, limit));
  if (static_cast<int>(page.products.size()) == limit) page.next_after = page.products.back().sku;
  return page;
}

}  // namespace loyal::orders
