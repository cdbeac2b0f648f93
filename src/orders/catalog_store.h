// The SQL for the products table (migration 0003): plain functions over the caller's
// transaction, reused by the catalog service and the importers (which fill the catalog
// from order files). No business rules: callers pass validated input.
//
// Thread-safety: as the Transaction they are given (one thread at a time).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "db/database.h"
#include "orders/catalog.h"

namespace loyal::orders::store {

// Returns the product with that sku, or nullopt.
[[nodiscard]] Result<std::optional<Product>> FindProduct(db::Transaction& tx, std::string_view sku);

// Inserts the product (id from sequence "products") unless its sku exists. Returns true
// when inserted, false when the sku was already there (then nothing changed).
[[nodiscard]] Result<bool> InsertProductIfAbsent(db::Transaction& tx, const ProductInput& input,
                                                 Timestamp now);

// Rewrites the product's fields by sku and sets updated_at. Errors: not_found.
[[nodiscard]] Status UpdateProduct(db::Transaction& tx, const ProductInput& input, Timestamp now);

// Returns up to `limit` products with sku > `after_sku`, in sku order.
[[nodiscard]] Result<std::vector<Product>> ListProducts(db::Transaction& tx,
                                                        std::string_view after_sku, int limit);

}  // namespace loyal::orders::store
