// Internal to program/: the pieces program_json.cc assembles, one file per part of the
// document (earning_json.cc, events_json.cc, tiers_json.cc, rewards_json.cc), and the typed
// readers they share. Each parser reads its member of the document and gives errors as
// program_json.h describes.
// Pure functions; thread-safe.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "http/json_fields.h"
#include "program/program.h"

namespace loyal::program::internal {

// Names and texts shown to customers: at most this many bytes.
inline constexpr size_t kMaxTextBytes = 200;

// Bonus and event points: generous, but far from anything that could overflow a balance.
inline constexpr int64_t kMaxBonusPoints = 1'000'000'000;

// invalid_argument "<field> must be <range>" with `field` set.
Error OutOfRange(const std::string& field, const std::string& range);

// An integer member in [min, max], or `fallback` when absent.
[[nodiscard]] Result<int64_t> ReadInt(const boost::json::object& obj, std::string_view name,
                                      std::string_view path, int64_t min, int64_t max,
                                      int64_t fallback);

// A decimal written as a string ("1.5") or an integer, in millionths within [0, max].
[[nodiscard]] Result<int64_t> DecimalMillionths(const boost::json::value& v,
                                                const std::string& field, int64_t max);

// The minimal decimal string of `millionths`: 1'500'000 -> "1.5", 2'000'000 -> "2".
std::string FormatMillionths(int64_t millionths);

// The enum named by string member `name`, `fallback` when absent, or invalid_argument
// listing the names `table` accepts.
template <class Enum, size_t N>
[[nodiscard]] Result<Enum> ReadEnum(const boost::json::object& obj, std::string_view name,
                                    std::string_view path, const EnumName<Enum> (&table)[N],
                                    Enum fallback) {
  const boost::json::value* v = obj.if_contains(name);
  if (v == nullptr || v->is_null()) return fallback;
  std::optional<Enum> found;
  if (v->is_string()) found = FindByName(table, v->get_string());
  if (!found)
    return tl::unexpected(OutOfRange(http::JsonPath(path, name), "one of " + NameList(table)));
  return *found;
}

// An ISO 4217 code, upper case, or invalid_argument naming `field`.
[[nodiscard]] Result<std::string> CurrencyKey(std::string_view code, const std::string& field);

// A non-negative integer of minor units, or invalid_argument naming `field`.
[[nodiscard]] Result<int64_t> MinorUnits(const boost::json::value& v, const std::string& field);

// Object member `name`, {"GBP": value, ...}, with each value read by `read(value, field)`;
// empty when absent. Errors: those of `read`, and invalid_argument for a bad currency key.
template <class Read>
[[nodiscard]] Result<std::map<std::string, int64_t>> PerCurrency(const boost::json::object& obj,
                                                                 std::string_view name,
                                                                 std::string_view path, Read read) {
  std::map<std::string, int64_t> out;
  LOY_ASSIGN_OR_RETURN(const boost::json::object* map, http::OptionalObject(obj, name, path));
  if (map == nullptr) return out;
  for (const auto& member : *map) {
    const std::string field = http::JsonPath(http::JsonPath(path, name), member.key());
    LOY_ASSIGN_OR_RETURN(std::string code, CurrencyKey(member.key(), field));
    LOY_ASSIGN_OR_RETURN(out[code], read(member.value(), field));
  }
  return out;
}

// {"GBP": value, ...}, each value an integer, or a decimal string of millionths.
boost::json::object PerCurrencyJson(const std::map<std::string, int64_t>& values, bool as_decimal);

// Required string member `name` of 1 to kMaxTextBytes bytes, or invalid_argument at its path.
[[nodiscard]] Result<std::string> ReadText(const boost::json::object& obj, std::string_view name,
                                           std::string_view path);

// Whether `name` is a lower-case slug (a letter, then letters, digits and _; 1 to 64
// bytes), so names read the same in the API, the ledger and the dashboard.
bool IsSlug(std::string_view name);

[[nodiscard]] Result<EarningRules> ParseEarning(const boost::json::object& document);
boost::json::object EarningJson(const EarningRules& rules);

[[nodiscard]] Result<std::vector<EventRule>> ParseEvents(const boost::json::object& document);
boost::json::array EventsJson(const std::vector<EventRule>& events);

[[nodiscard]] Result<ExpiryRules> ParseExpiry(const boost::json::object& document);
boost::json::object ExpiryJson(const ExpiryRules& expiry);

// The optional "tiers" member; nullopt when absent.
[[nodiscard]] Result<std::optional<TierRules>> ParseTiers(const boost::json::object& document);
boost::json::object TiersJson(const TierRules& tiers);

// The optional "rewards" member (empty when absent); a reward's tier must be a level of
// `tiers`, and every tier's birthday gift a reward of the catalog (failed_precondition).
[[nodiscard]] Result<std::vector<Reward>> ParseRewards(const boost::json::object& document,
                                                       const std::optional<TierRules>& tiers);
boost::json::array RewardsJson(const std::vector<Reward>& rewards);
// One reward of the catalog at `at` ("rewards[2]"; "" for a reward on its own).
[[nodiscard]] Result<Reward> ParseReward(const boost::json::object& obj,
                                         const std::optional<TierRules>& tiers,
                                         const std::string& at);
boost::json::object RewardJson(const Reward& reward);

}  // namespace loyal::program::internal
