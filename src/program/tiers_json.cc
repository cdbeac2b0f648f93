#include <algorithm>
#include <set>

#include "http/json_fields.h"
#include "program/program_json.h"
#include "program/program_json_parts.h"

namespace loyal::program::internal {
namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;
using http::JsonIndexPath;
using http::JsonPath;

constexpr size_t kMaxLevels = 20;
constexpr int64_t kMaxGraceDays = 3660;
constexpr int64_t kMaxEarlyAccessHours = 24 * 30;
constexpr size_t kMaxPerks = 20;

// "basis": "spend" or ["spend", "orders"]; at least one, no repeats.
Result<std::vector<TierBasis>> ParseBasis(const object& obj) {
  const value* v = obj.if_contains("basis");
  if (v == nullptr || v->is_null())
    return InvalidArgument("tiers.basis is required", "tiers.basis");
  array list;
  if (v->is_array()) list = v->get_array();
  if (v->is_string()) list.push_back(*v);
  if (list.empty()) {
    return tl::unexpected(
        OutOfRange("tiers.basis", "one of " + NameList(kTierBasisNames) + ", or a list of them"));
  }
  std::vector<TierBasis> out;
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string at = v->is_array() ? JsonIndexPath("tiers.basis", i) : "tiers.basis";
    std::optional<TierBasis> basis;
    if (list[i].is_string()) basis = FindByName(kTierBasisNames, list[i].get_string());
    if (!basis) return tl::unexpected(OutOfRange(at, "one of " + NameList(kTierBasisNames)));
    if (std::find(out.begin(), out.end(), *basis) != out.end()) {
      return InvalidArgument(at + " repeats a basis", at);
    }
    out.push_back(*basis);
  }
  return out;
}

// A threshold names exactly the program's bases: a member for another basis would never count.
Result<std::optional<TierAmounts>> ParseThreshold(const TierRules& rules, const object& level,
                                                  std::string_view name, const std::string& at) {
  LOY_ASSIGN_OR_RETURN(const object* obj, http::OptionalObject(level, name, at));
  if (obj == nullptr) return std::nullopt;
  const std::string path = JsonPath(at, name);
  LOY_RETURN_IF_ERROR(http::RejectUnknownFields(*obj, {"spend_minor", "orders", "points"}, path));
  for (const EnumName<TierBasis>& basis : kTierBasisNames) {
    const std::string member =
        basis.value == TierBasis::kSpend ? "spend_minor" : std::string(basis.name);
    const bool present = obj->contains(member);
    const std::string field = JsonPath(path, member);
    if (present && !rules.Uses(basis.value)) {
      return InvalidArgument(field + " is not a basis of tiers.basis", field);
    }
    if (!present && rules.Uses(basis.value)) return InvalidArgument(field + " is required", field);
  }
  TierAmounts amounts;
  LOY_ASSIGN_OR_RETURN(amounts.spend_minor, PerCurrency(*obj, "spend_minor", path, MinorUnits));
  if (rules.Uses(TierBasis::kSpend) && amounts.spend_minor.empty()) {
    return InvalidArgument(path + ".spend_minor must name at least one currency",
                           path + ".spend_minor");
  }
  LOY_ASSIGN_OR_RETURN(amounts.orders, ReadInt(*obj, "orders", path, 0, kMaxBonusPoints, 0));
  LOY_ASSIGN_OR_RETURN(amounts.points, ReadInt(*obj, "points", path, 0, kMaxBonusPoints, 0));
  return amounts;
}

// failed_precondition at the first amount of `upper` that is not above (strictly) or, for a
// retain threshold, not at most (`at_most`) the same amount of `lower`.
Status CheckOrder(const TierRules& rules, const TierAmounts& lower, const TierAmounts& upper,
                  const std::string& path, bool at_most, bool same_currencies) {
  auto wrong = [&](int64_t low, int64_t up) { return at_most ? up > low : up <= low; };
  const std::string why = at_most ? " must not exceed the entry threshold"
                                  : " must be above the level below's entry threshold";
  if (rules.Uses(TierBasis::kSpend)) {
    for (const auto& [currency, amount] : upper.spend_minor) {
      const std::string field = JsonPath(JsonPath(path, "spend_minor"), currency);
      auto it = lower.spend_minor.find(currency);
      if (same_currencies && it == lower.spend_minor.end()) {
        return FailedPrecondition(field + ": every level must name the same currencies", field);
      }
      if (wrong(it == lower.spend_minor.end() ? 0 : it->second, amount)) {
        return FailedPrecondition(field + why, field);
      }
    }
    if (same_currencies && upper.spend_minor.size() != lower.spend_minor.size()) {
      const std::string field = JsonPath(path, "spend_minor");
      return FailedPrecondition(field + ": every level must name the same currencies", field);
    }
  }
  if (rules.Uses(TierBasis::kOrders) && wrong(lower.orders, upper.orders)) {
    return FailedPrecondition(JsonPath(path, "orders") + why, JsonPath(path, "orders"));
  }
  if (rules.Uses(TierBasis::kPoints) && wrong(lower.points, upper.points)) {
    return FailedPrecondition(JsonPath(path, "points") + why, JsonPath(path, "points"));
  }
  return {};
}

Result<std::vector<std::string>> ParsePerks(const object& obj, const std::string& at) {
  std::vector<std::string> perks;
  LOY_ASSIGN_OR_RETURN(const array* list, http::OptionalArray(obj, "perks", at));
  if (list == nullptr) return perks;
  const std::string path = JsonPath(at, "perks");
  if (list->size() > kMaxPerks) return tl::unexpected(OutOfRange(path, "at most 20 perks"));
  for (size_t i = 0; i < list->size(); ++i) {
    const value& v = (*list)[i];
    if (!v.is_string() || v.get_string().empty() || v.get_string().size() > kMaxTextBytes) {
      return tl::unexpected(OutOfRange(JsonIndexPath(path, i), "a text of 1 to 200 bytes"));
    }
    perks.emplace_back(v.get_string());
  }
  return perks;
}

Result<TierBenefits> ParseBenefits(const object& level, const std::string& at) {
  TierBenefits b;
  LOY_ASSIGN_OR_RETURN(const object* obj, http::OptionalObject(level, "benefits", at));
  if (obj == nullptr) return b;
  const std::string path = JsonPath(at, "benefits");
  LOY_RETURN_IF_ERROR(http::RejectUnknownFields(
      *obj,
      {"earn_multiplier", "discount_percent", "free_shipping", "priority_service",
       "early_access_hours", "birthday_gift_reward", "perks"},
      path));
  if (const value* m = obj->if_contains("earn_multiplier"); m != nullptr && !m->is_null()) {
    LOY_ASSIGN_OR_RETURN(
        b.earn_multiplier_millionths,
        DecimalMillionths(*m, JsonPath(path, "earn_multiplier"), kMaxMultiplierMillionths));
  }
  LOY_ASSIGN_OR_RETURN(b.discount_percent, ReadInt(*obj, "discount_percent", path, 0, 100, 0));
  LOY_ASSIGN_OR_RETURN(auto shipping, http::OptionalBool(*obj, "free_shipping", path));
  b.free_shipping = shipping.value_or(false);
  LOY_ASSIGN_OR_RETURN(auto priority, http::OptionalBool(*obj, "priority_service", path));
  b.priority_service = priority.value_or(false);
  LOY_ASSIGN_OR_RETURN(b.early_access_hours,
                       ReadInt(*obj, "early_access_hours", path, 0, kMaxEarlyAccessHours, 0));
  if (obj->contains("birthday_gift_reward") && !obj->at("birthday_gift_reward").is_null()) {
    LOY_ASSIGN_OR_RETURN(b.birthday_gift_reward, ReadText(*obj, "birthday_gift_reward", path));
  }
  LOY_ASSIGN_OR_RETURN(b.perks, ParsePerks(*obj, path));
  return b;
}

Result<TierLevel> ParseLevel(const TierRules& rules, const object& obj, size_t index,
                             const std::string& at) {
  LOY_RETURN_IF_ERROR(
      http::RejectUnknownFields(obj, {"code", "name", "entry", "retain", "benefits"}, at));
  TierLevel level;
  LOY_ASSIGN_OR_RETURN(level.code, http::RequiredString(obj, "code", at));
  if (!IsSlug(level.code)) {
    return tl::unexpected(
        OutOfRange(JsonPath(at, "code"), "a lower-case slug of letters, digits and _ (1 to 64)"));
  }
  LOY_ASSIGN_OR_RETURN(level.name, ReadText(obj, "name", at));
  LOY_ASSIGN_OR_RETURN(auto entry, ParseThreshold(rules, obj, "entry", at));
  LOY_ASSIGN_OR_RETURN(auto retain, ParseThreshold(rules, obj, "retain", at));
  if (index == 0 && (entry || retain)) {
    const std::string field = JsonPath(at, entry ? "entry" : "retain");
    return InvalidArgument(field + ": the first level is the base level, which every member holds",
                           field);
  }
  if (index > 0 && !entry) return InvalidArgument(at + ".entry is required", at + ".entry");
  if (entry) level.entry = *entry;
  level.retain = retain.value_or(level.entry);
  if (retain)
    LOY_RETURN_IF_ERROR(CheckOrder(rules, level.entry, *retain, at + ".retain", true, true));
  LOY_ASSIGN_OR_RETURN(level.benefits, ParseBenefits(obj, at));
  return level;
}

Result<std::vector<TierLevel>> ParseLevels(const TierRules& rules, const object& obj) {
  LOY_ASSIGN_OR_RETURN(const array* list, http::RequiredArray(obj, "levels", "tiers"));
  if (list->empty() || list->size() > kMaxLevels) {
    return tl::unexpected(OutOfRange("tiers.levels", "a list of 1 to 20 levels"));
  }
  std::vector<TierLevel> levels;
  std::set<std::string> codes;
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string at = JsonIndexPath("tiers.levels", i);
    LOY_ASSIGN_OR_RETURN(const object* item, http::ObjectAt(*list, i, "tiers.levels"));
    LOY_ASSIGN_OR_RETURN(TierLevel level, ParseLevel(rules, *item, i, at));
    if (!codes.insert(level.code).second) {
      return FailedPrecondition(at + " repeats the level code " + level.code, at + ".code");
    }
    if (i > 0) {
      LOY_RETURN_IF_ERROR(
          CheckOrder(rules, levels.back().entry, level.entry, at + ".entry", false, i > 1));
    }
    levels.push_back(std::move(level));
  }
  return levels;
}

}  // namespace

Result<std::optional<TierRules>> ParseTiers(const object& document) {
  LOY_ASSIGN_OR_RETURN(const object* obj, http::OptionalObject(document, "tiers"));
  if (obj == nullptr) return std::nullopt;
  LOY_RETURN_IF_ERROR(http::RejectUnknownFields(
      *obj, {"basis", "window", "downgrade", "grace_days", "levels"}, "tiers"));
  TierRules rules;
  LOY_ASSIGN_OR_RETURN(rules.basis, ParseBasis(*obj));
  LOY_ASSIGN_OR_RETURN(rules.window, ReadEnum(*obj, "window", "tiers", kTierWindowNames,
                                              TierWindow::kRolling12Months));
  LOY_ASSIGN_OR_RETURN(rules.downgrade, ReadEnum(*obj, "downgrade", "tiers", kDowngradePolicyNames,
                                                 DowngradePolicy::kRecompute));
  LOY_ASSIGN_OR_RETURN(int64_t grace, ReadInt(*obj, "grace_days", "tiers", 0, kMaxGraceDays, 0));
  rules.grace_days = static_cast<int>(grace);
  LOY_ASSIGN_OR_RETURN(rules.levels, ParseLevels(rules, *obj));
  return rules;
}

object TiersJson(const TierRules& tiers) {
  array basis;
  for (TierBasis b : tiers.basis) basis.emplace_back(NameOf(kTierBasisNames, b));
  array levels;
  for (size_t i = 0; i < tiers.levels.size(); ++i) {
    const TierLevel& level = tiers.levels[i];
    object item{{"code", level.code}, {"name", level.name}};
    if (i > 0) {
      item["entry"] = program::TierAmountsJson(tiers, level.entry);
      item["retain"] = program::TierAmountsJson(tiers, level.retain);
    }
    item["benefits"] = program::TierBenefitsJson(level.benefits);
    levels.push_back(std::move(item));
  }
  return object{{"basis", std::move(basis)},
                {"window", NameOf(kTierWindowNames, tiers.window)},
                {"downgrade", NameOf(kDowngradePolicyNames, tiers.downgrade)},
                {"grace_days", tiers.grace_days},
                {"levels", std::move(levels)}};
}

}  // namespace loyal::program::internal

namespace loyal::program {

using boost::json::array;
using boost::json::object;
using boost::json::value;
using internal::FormatMillionths;
using internal::PerCurrencyJson;

boost::json::object TierAmountsJson(const TierRules& rules, const TierAmounts& amounts) {
  boost::json::object out;
  if (rules.Uses(TierBasis::kSpend))
    out["spend_minor"] = PerCurrencyJson(amounts.spend_minor, false);
  if (rules.Uses(TierBasis::kOrders)) out["orders"] = amounts.orders;
  if (rules.Uses(TierBasis::kPoints)) out["points"] = amounts.points;
  return out;
}

boost::json::object TierBenefitsJson(const TierBenefits& b) {
  array perks;
  for (const std::string& perk : b.perks) perks.emplace_back(perk);
  value gift = b.birthday_gift_reward ? value(*b.birthday_gift_reward) : value(nullptr);
  return object{{"earn_multiplier", FormatMillionths(b.earn_multiplier_millionths)},
                {"discount_percent", b.discount_percent},
                {"free_shipping", b.free_shipping},
                {"priority_service", b.priority_service},
                {"early_access_hours", b.early_access_hours},
                {"birthday_gift_reward", std::move(gift)},
                {"perks", std::move(perks)}};
}

}  // namespace loyal::program
