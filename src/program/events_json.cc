#include <set>

#include "http/json_fields.h"
#include "program/program_json_parts.h"

namespace loyal::program::internal {
namespace {

using boost::json::object;
using http::JsonIndexPath;
using http::JsonPath;

constexpr int64_t kMaxExpiryMonths = 120;
constexpr int64_t kMaxWarningDays = 365;

Status ParseCap(const object& event, const std::string& at, EventRule& rule) {
  LOY_ASSIGN_OR_RETURN(const object* cap, http::OptionalObject(event, "cap", at));
  if (cap == nullptr) return {};
  const std::string cap_path = JsonPath(at, "cap");
  LOY_RETURN_IF_ERROR(http::RejectUnknownFields(*cap, {"count", "per"}, cap_path));
  LOY_ASSIGN_OR_RETURN(int64_t count, http::RequiredInt64(*cap, "count", cap_path));
  if (count < 1) return tl::unexpected(OutOfRange(JsonPath(cap_path, "count"), "at least 1"));
  rule.cap_count = count;
  LOY_ASSIGN_OR_RETURN(rule.cap_period,
                       ReadEnum(*cap, "per", cap_path, kCapPeriodNames, CapPeriod::kLifetime));
  return {};
}

Result<EventRule> ParseEvent(const object& event, const std::string& at) {
  LOY_RETURN_IF_ERROR(http::RejectUnknownFields(event, {"name", "points", "cap"}, at));
  EventRule rule;
  LOY_ASSIGN_OR_RETURN(rule.name, http::RequiredString(event, "name", at));
  if (!IsSlug(rule.name)) {
    return tl::unexpected(
        OutOfRange(JsonPath(at, "name"), "a lower-case slug of letters, digits and _ (1 to 64)"));
  }
  LOY_ASSIGN_OR_RETURN(rule.points, http::RequiredInt64(event, "points", at));
  if (rule.points < 1 || rule.points > kMaxBonusPoints) {
    return tl::unexpected(
        OutOfRange(JsonPath(at, "points"), "between 1 and " + std::to_string(kMaxBonusPoints)));
  }
  LOY_RETURN_IF_ERROR(ParseCap(event, at, rule));
  return rule;
}

}  // namespace

Result<std::vector<EventRule>> ParseEvents(const object& document) {
  std::vector<EventRule> events;
  LOY_ASSIGN_OR_RETURN(const boost::json::array* list, http::OptionalArray(document, "events"));
  if (list == nullptr) return events;
  std::set<std::string> seen;
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string at = JsonIndexPath("events", i);
    LOY_ASSIGN_OR_RETURN(const object* item, http::ObjectAt(*list, i, "events"));
    LOY_ASSIGN_OR_RETURN(EventRule rule, ParseEvent(*item, at));
    if (!seen.insert(rule.name).second) {
      return FailedPrecondition(at + " repeats the event name " + rule.name, JsonPath(at, "name"));
    }
    events.push_back(std::move(rule));
  }
  return events;
}

boost::json::array EventsJson(const std::vector<EventRule>& events) {
  boost::json::array out;
  for (const EventRule& e : events) {
    object item{{"name", e.name}, {"points", e.points}};
    if (e.cap_count)
      item["cap"] = object{{"count", *e.cap_count}, {"per", NameOf(kCapPeriodNames, e.cap_period)}};
    out.push_back(std::move(item));
  }
  return out;
}

Result<ExpiryRules> ParseExpiry(const object& document) {
  ExpiryRules expiry;
  LOY_ASSIGN_OR_RETURN(const object* obj, http::OptionalObject(document, "expiry"));
  if (obj == nullptr) return expiry;
  LOY_RETURN_IF_ERROR(http::RejectUnknownFields(
      *obj, {"policy", "months", "round_to_month_end", "warning_days"}, "expiry"));
  LOY_ASSIGN_OR_RETURN(
      expiry.policy, ReadEnum(*obj, "policy", "expiry", kExpiryPolicyNames, ExpiryPolicy::kNever));
  const bool expires = expiry.policy != ExpiryPolicy::kNever;
  LOY_ASSIGN_OR_RETURN(int64_t months, ReadInt(*obj, "months", "expiry", expires ? 1 : 0,
                                               expires ? kMaxExpiryMonths : 0, 0));
  if (expires && months == 0) return InvalidArgument("expiry.months is required", "expiry.months");
  expiry.months = static_cast<int>(months);
  LOY_ASSIGN_OR_RETURN(auto month_end, http::OptionalBool(*obj, "round_to_month_end", "expiry"));
  if (month_end.value_or(false) && expiry.policy != ExpiryPolicy::kAfterEarning) {
    return InvalidArgument("expiry.round_to_month_end applies only to the after_earning policy",
                           "expiry.round_to_month_end");
  }
  expiry.round_to_month_end = month_end.value_or(false);
  LOY_ASSIGN_OR_RETURN(int64_t warning,
                       ReadInt(*obj, "warning_days", "expiry", 0, kMaxWarningDays, 0));
  expiry.warning_days = static_cast<int>(warning);
  return expiry;
}

object ExpiryJson(const ExpiryRules& expiry) {
  return object{{"policy", NameOf(kExpiryPolicyNames, expiry.policy)},
                {"months", expiry.months},
                {"round_to_month_end", expiry.round_to_month_end},
                {"warning_days", expiry.warning_days}};
}

}  // namespace loyal::program::internal
