// The product catalog: what a shop sells, by sku. Shop-wide (not customer-owned), so it
// needs no customer_id. Order lines name a sku but do not require it in the catalog:
// shops may send orders before (or without) their catalog. Values and pure functions;
// thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/money.h"
#include "core/time.h"

namespace loyal::orders {

struct Product {
  int64_t product_id = 0;  // internal
  std::string sku;
  std::string title;
  std::optional<std::string> description;
  std::optional<std::string> category;
  std::optional<int64_t> price_micros;  // list price in micro-units; with currency
  std::optional<Currency> currency;
  Timestamp created_at{};
  Timestamp updated_at{};
};

// What a caller says about a product; an upsert replaces every field (a catalog feed
// describes the whole product each time).
struct ProductInput {
  std::string sku;
  std::string title;
  std::optional<std::string> description;
  std::optional<std::string> category;
  std::optional<int64_t> price_micros;
  std::optional<Currency> currency;
};

// What POST /v1/products says about a product: a merge onto the stored one
// (docs/api-customers-orders.md, "Upserts"): set fields replace, those named in `cleared`
// are cleared, the rest keep their stored values; a new product needs a title.
struct ProductPatch {
  std::string sku;
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<std::string> category;
  std::optional<int64_t> price_micros;
  std::optional<Currency> currency;
  // Fields given as JSON null, by their JSON names: any of "description", "category",
  // "price" (the price in either form, price_micros too) and "currency".
  std::vector<std::string> cleared;
};

// Returns the complete product `patch` makes of `stored` (nullopt: a new product), not yet
// validated (ValidateProductInput). Errors: invalid_argument (field "title") for a new
// product without a title.
[[nodiscard]] Result<ProductInput> MergeProduct(const std::optional<Product>& stored,
                                                const ProductPatch& patch);

// Checks a product by core/text_rules.h's rules (sku, title 1..500 bytes, description up to
// 10,000, category up to 200), price not negative, price and currency given together. Returns
// invalid_argument with the JSON field name ("sku", "title", "price", "currency").
[[nodiscard]] Status ValidateProductInput(const ProductInput& input);

}  // namespace loyal::orders
