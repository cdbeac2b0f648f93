#include "orders/catalog.h"

#include <algorithm>
#include <string_view>

#include "core/text_rules.h"
#include "orders/orders.h"

namespace loyal::orders {
namespace {

Status CheckOptional(const std::optional<std::string>& text, const TextRule& rule,
                     std::string_view field) {
  return text ? CheckText(*text, rule, field) : Status{};
}

bool Cleared(const ProductPatch& patch, std::string_view field) {
  return std::find(patch.cleared.begin(), patch.cleared.end(), field) != patch.cleared.end();
}

template <class T>
void Merge(std::optional<T>& stored, const std::optional<T>& given, bool cleared) {
  if (cleared) stored.reset();
  if (given) stored = given;
}

}  // namespace

Result<ProductInput> MergeProduct(const std::optional<Product>& stored, const ProductPatch& patch) {
  ProductInput out;
  out.sku = patch.sku;
  if (stored) {
    out.title = stored->title;
    out.description = stored->description;
    out.category = stored->category;
    out.price_micros = stored->price_micros;
    out.currency = stored->currency;
  } else if (!patch.title) {
    return InvalidArgument("title is required for a new product", "title");
  }
  if (patch.title) out.title = *patch.title;
  Merge(out.description, patch.description, Cleared(patch, "description"));
  Merge(out.category, patch.category, Cleared(patch, "category"));
  Merge(out.price_micros, patch.price_micros, Cleared(patch, "price"));
  Merge(out.currency, patch.currency, Cleared(patch, "currency"));
  return out;
}

Status ValidateProductInput(const ProductInput& input) {
  LOY_RETURN_IF_ERROR(CheckText(input.sku, rules::kSku, "sku"));
  LOY_RETURN_IF_ERROR(CheckText(input.title, rules::kProductTitle, "title"));
  LOY_RETURN_IF_ERROR(CheckOptional(input.description, rules::kProductDescription, "description"));
  LOY_RETURN_IF_ERROR(CheckOptional(input.category, rules::kProductCategory, "category"));
  if (input.price_micros && *input.price_micros < 0) {
    return InvalidArgument("must not be negative", "price");
  }
  if (input.price_micros.has_value() != input.currency.has_value()) {
    return InvalidArgument("a price needs a currency and a currency a price",
                           input.price_micros ? "currency" : "price");
  }
  return {};
}

}  // namespace loyal::orders
