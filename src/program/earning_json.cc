#include <map>
#include <set>
#include <utility>

#include "http/json_fields.h"
#include "program/program_json_parts.h"

namespace loyal::program::internal {
namespace {

using boost::json::object;
using boost::json::value;
using http::JsonIndexPath;
using http::JsonPath;

Result<Multiplier> ParseMultiplier(const object& obj, const std::string& path) {
  LOY_RETURN_IF_ERROR(http::RejectUnknownFields(obj, {"sku", "category", "factor"}, path));
  Multiplier m;
  LOY_ASSIGN_OR_RETURN(m.match.sku, http::OptionalString(obj, "sku", path));
  LOY_ASSIGN_OR_RETURN(m.match.category, http::OptionalString(obj, "category", path));
  if (m.match.sku.has_value() == m.match.category.has_value()) {
    return InvalidArgument(path + " must name exactly one of sku and category", path);
  }
  const value* factor = obj.if_contains("factor");
  if (factor == nullptr) return InvalidArgument(path + ".factor is required", path + ".factor");
  LOY_ASSIGN_OR_RETURN(m.factor_millionths,
                       DecimalMillionths(*factor, path + ".factor", kMaxMultiplierMillionths));
  return m;
}

// Refuses two multipliers for one sku or one category: the document would not say which.
Result<std::vector<Multiplier>> ParseMultipliers(const object& obj, const std::string& path) {
  std::vector<Multiplier> out;
  const std::string list_path = JsonPath(path, "multipliers");
  LOY_ASSIGN_OR_RETURN(const boost::json::array* list,
                       http::OptionalArray(obj, "multipliers", path));
  if (list == nullptr) return out;
  std::set<std::pair<bool, std::string>> seen;
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string at = JsonIndexPath(list_path, i);
    LOY_ASSIGN_OR_RETURN(const object* item, http::ObjectAt(*list, i, list_path));
    LOY_ASSIGN_OR_RETURN(Multiplier m, ParseMultiplier(*item, at));
    const bool by_sku = m.match.sku.has_value();
    if (!seen.emplace(by_sku, by_sku ? *m.match.sku : *m.match.category).second) {
      return FailedPrecondition(at + " overlaps an earlier multiplier for the same " +
                                    std::string(by_sku ? "sku" : "category"),
                                at);
    }
    out.push_back(std::move(m));
  }
  return out;
}

Result<SpendBonus> ParseSpendBonus(const object& item, const std::string& at) {
  LOY_RETURN_IF_ERROR(http::RejectUnknownFields(item, {"currency", "min_net_minor", "points"}, at));
  SpendBonus b;
  LOY_ASSIGN_OR_RETURN(auto code, http::RequiredString(item, "currency", at));
  LOY_ASSIGN_OR_RETURN(b.currency, CurrencyKey(code, JsonPath(at, "currency")));
  LOY_ASSIGN_OR_RETURN(b.min_net_minor, http::RequiredInt64(item, "min_net_minor", at));
  if (b.min_net_minor < 0)
    return tl::unexpected(OutOfRange(JsonPath(at, "min_net_minor"), "at least 0"));
  LOY_ASSIGN_OR_RETURN(b.points, http::RequiredInt64(item, "points", at));
  if (b.points < 1 || b.points > kMaxBonusPoints) {
    return tl::unexpected(
        OutOfRange(JsonPath(at, "points"), "between 1 and " + std::to_string(kMaxBonusPoints)));
  }
  return b;
}

Result<std::vector<SpendBonus>> ParseSpendBonuses(const object& obj, const std::string& path) {
  std::vector<SpendBonus> out;
  const std::string list_path = JsonPath(path, "spend_bonuses");
  LOY_ASSIGN_OR_RETURN(const boost::json::array* list,
                       http::OptionalArray(obj, "spend_bonuses", path));
  if (list == nullptr) return out;
  std::set<std::pair<std::string, int64_t>> seen;
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string at = JsonIndexPath(list_path, i);
    LOY_ASSIGN_OR_RETURN(const object* item, http::ObjectAt(*list, i, list_path));
    LOY_ASSIGN_OR_RETURN(SpendBonus b, ParseSpendBonus(*item, at));
    if (!seen.emplace(b.currency, b.min_net_minor).second) {
      return FailedPrecondition(at + " has the currency and threshold of an earlier bonus", at);
    }
    out.push_back(std::move(b));
  }
  return out;
}

}  // namespace

Result<EarningRules> ParseEarning(const object& document) {
  EarningRules rules;
  const std::string path = "earning";
  LOY_ASSIGN_OR_RETURN(const object* obj, http::OptionalObject(document, "earning"));
  if (obj == nullptr) return rules;
  LOY_RETURN_IF_ERROR(http::RejectUnknownFields(
      *obj,
      {"rates", "rounding", "multipliers", "minimum_order_minor", "first_order_bonus",
       "birthday_bonus", "spend_bonuses", "guests_earn"},
      path));
  LOY_ASSIGN_OR_RETURN(rules.rate_millionths,
                       PerCurrency(*obj, "rates", path, [](const value& v, const std::string& f) {
                         return DecimalMillionths(v, f, kMaxRateMillionths);
                       }));
  LOY_ASSIGN_OR_RETURN(rules.rounding,
                       ReadEnum(*obj, "rounding", path, kRoundingNames, Rounding::kDown));
  LOY_ASSIGN_OR_RETURN(rules.multipliers, ParseMultipliers(*obj, path));
  LOY_ASSIGN_OR_RETURN(rules.minimum_order_minor,
                       PerCurrency(*obj, "minimum_order_minor", path, MinorUnits));
  LOY_ASSIGN_OR_RETURN(rules.first_order_bonus,
                       ReadInt(*obj, "first_order_bonus", path, 0, kMaxBonusPoints, 0));
  LOY_ASSIGN_OR_RETURN(rules.birthday_bonus,
                       ReadInt(*obj, "birthday_bonus", path, 0, kMaxBonusPoints, 0));
  LOY_ASSIGN_OR_RETURN(rules.spend_bonuses, ParseSpendBonuses(*obj, path));
  LOY_ASSIGN_OR_RETURN(auto guests, http::OptionalBool(*obj, "guests_earn", path));
  rules.guests_earn = guests.value_or(false);
  return rules;
}

object EarningJson(const EarningRules& rules) {
  boost::json::array multipliers;
  for (const Multiplier& m : rules.multipliers) {
    object item;
    if (m.match.sku) item["sku"] = *m.match.sku;
    if (m.match.category) item["category"] = *m.match.category;
    item["factor"] = FormatMillionths(m.factor_millionths);
    multipliers.push_back(std::move(item));
  }
  boost::json::array bonuses;
  for (const SpendBonus& b : rules.spend_bonuses) {
    bonuses.push_back(
        object{{"currency", b.currency}, {"min_net_minor", b.min_net_minor}, {"points", b.points}});
  }
  return object{{"rates", PerCurrencyJson(rules.rate_millionths, true)},
                {"rounding", NameOf(kRoundingNames, rules.rounding)},
                {"multipliers", std::move(multipliers)},
                {"minimum_order_minor", PerCurrencyJson(rules.minimum_order_minor, false)},
                {"first_order_bonus", rules.first_order_bonus},
                {"birthday_bonus", rules.birthday_bonus},
                {"spend_bonuses", std::move(bonuses)},
                {"guests_earn", rules.guests_earn}};
}

}  // namespace loyal::program::internal
