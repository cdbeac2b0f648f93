#include "orders/catalog.h"

#include "orders/orders.h"

namespace loyal::orders {
namespace {

Status CheckLength(const std::optional<std::string>& text, size_t max, const char* field) {
  if (text && text->size() > max) {
    return InvalidArgument("must be at most " + std::to_string(max) + " bytes", field);
  }
  return {};
}

}  // namespace

Status ValidateProductInput(const ProductInput& input) {
  LOY_RETURN_IF_ERROR(ValidateSku(input.sku, "sku"));
  if (input.title.empty()) return InvalidArgument("must not be empty", "title");
  LOY_RETURN_IF_ERROR(CheckLength(input.title, 500, "title"));
  LOY_RETURN_IF_ERROR(CheckLength(input.description, 10'000, "description"));
  LOY_RETURN_IF_ERROR(CheckLength(input.category, 200, "category"));
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
