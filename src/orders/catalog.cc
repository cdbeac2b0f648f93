#include "orders/catalog.h"

#include "core/text_rules.h"

namespace loyal::orders {
namespace {

Status CheckOptional(const std::optional<std::string>& text, const TextRule& rule,
                     std::string_view field) {
  return text ? CheckText(*text, rule, field) : Status{};
}

}  // namespace

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
