// Catalog use cases: upsert a product by sku, get one, list them by cursor. Each runs in
// the caller's transaction (design.md).
//
// Thread-safety: stateless functions; the transaction belongs to the calling thread.
// Concurrent upserts of one sku leave one product holding the last writer's fields.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"
#include "orders/catalog.h"

namespace loyal::orders {

struct UpsertProductResult {
  Product product;
  bool created = false;
};

// Creates the product or merges `patch` into it (MergeProduct: omitted fields keep their
// values, cleared ones are cleared); when that changes nothing the product, updated_at
// included, is left as it was. Errors: invalid_argument (field named) when the patch or
// the merged product is invalid (ValidateProductInput).
[[nodiscard]] Result<UpsertProductResult> UpsertProduct(db::Transaction& tx,
                                                        const ProductPatch& patch, Timestamp now);

// Returns the product with that sku. Errors: not_found.
[[nodiscard]] Result<Product> GetProduct(db::Transaction& tx, std::string_view sku);

struct ProductPage {
  std::vector<Product> products;
  std::string next_after;  // cursor (the last sku) for the next page; empty when last
};

// Returns up to `limit` (1..500) products after the cursor `after` in sku order.
// Errors: invalid_argument for a limit out of range (field "limit").
[[nodiscard]] Result<ProductPage> ListProducts(db::Transaction& tx, std::string_view after,
                                               int limit);

}  // namespace loyal::orders
