#include <set>

#include "http/json_fields.h"
#include "program/program_json_parts.h"

namespace loyal::program::internal {
namespace {

constexpr size_t kMaxRewards = 500;

using boost::json::array;
using boost::json::object;
using http::JsonIndexPath;
using http::JsonPath;
constexpr int64_t kMaxCouponValidDays = 3660;
constexpr int64_t kMaxCount = 1'000'000'000;  // stock and per-customer limits

// The members that carry a kind's value; each kind needs exactly its own.
struct KindMembers {
  bool amount = false;
  bool percent = false;
  bool sku = false;
  bool cause = false;
};

KindMembers MembersOf(RewardKind kind) {
  switch (kind) {
    case RewardKind::kAmountOff:
      return {.amount = true};
    case RewardKind::kPercentOff:
      return {.percent = true};
    case RewardKind::kFreeProduct:
      return {.sku = true};
    case RewardKind::kFreeShipping:
      return {};
    case RewardKind::kDonation:
      return {.amount = true, .cause = true};
  }
  return {};
}

// invalid_argument when `name` is present but `wanted` is false, or absent but wanted.
Status CheckKindMember(const object& obj, std::string_view name, bool wanted, RewardKind kind,
                       const std::string& at) {
  const std::string field = JsonPath(at, name);
  const bool present = obj.contains(name) && !obj.at(name).is_null();
  if (present && !wanted) {
    return InvalidArgument(
        field + " is not a member of a " + std::string(NameOf(kRewardKindNames, kind)) + " reward",
        field);
  }
  if (!present && wanted) {
    return InvalidArgument(
        field + " is required for a " + std::string(NameOf(kRewardKindNames, kind)) + " reward",
        field);
  }
  return {};
}

Status ParseValue(const object& obj, const std::string& at, Reward& r) {
  const KindMembers m = MembersOf(r.kind);
  LOY_RETURN_IF_ERROR(CheckKindMember(obj, "amount_minor", m.amount, r.kind, at));
  LOY_RETURN_IF_ERROR(CheckKindMember(obj, "percent_off", m.percent, r.kind, at));
  LOY_RETURN_IF_ERROR(CheckKindMember(obj, "sku", m.sku, r.kind, at));
  LOY_RETURN_IF_ERROR(CheckKindMember(obj, "cause", m.cause, r.kind, at));
  if (m.amount) {
    LOY_ASSIGN_OR_RETURN(r.amount_minor, PerCurrency(obj, "amount_minor", at, MinorUnits));
    if (r.amount_minor.empty()) {
      const std::string field = JsonPath(at, "amount_minor");
      return InvalidArgument(field + " must name at least one currency", field);
    }
  }
  if (m.percent) {
    LOY_ASSIGN_OR_RETURN(r.percent_off, ReadInt(obj, "percent_off", at, 1, 100, 0));
  }
  if (m.sku) {
    LOY_ASSIGN_OR_RETURN(r.sku, ReadText(obj, "sku", at));
  }
  if (m.cause) {
    LOY_ASSIGN_OR_RETURN(r.cause, ReadText(obj, "cause", at));
  }
  return {};
}

// The readers with a fallback take absence for the default; these members have none.
Status Require(const object& obj, std::string_view name, const std::string& at) {
  if (obj.contains(name) && !obj.at(name).is_null()) return {};
  const std::string field = JsonPath(at, name);
  return InvalidArgument(field + " is required", field);
}

// An optional count in 1..kMaxCount: a stock or limit of 0 would be a reward nobody can have.
Result<std::optional<int64_t>> ReadCount(const object& obj, std::string_view name,
                                         const std::string& at) {
  if (!obj.contains(name) || obj.at(name).is_null()) return std::optional<int64_t>();
  LOY_ASSIGN_OR_RETURN(int64_t n, ReadInt(obj, name, at, 1, kMaxCount, 0));
  return std::optional<int64_t>(n);
}

// Only two times written the same way (both with an offset or both in the shop's zone) can
// be compared without the zone; a mixed pair is compared when the reward is redeemed.
Status CheckWindow(const Reward& r, const std::string& at) {
  if (r.valid_from && r.valid_until && r.valid_from->has_offset == r.valid_until->has_offset &&
      r.valid_until->seconds <= r.valid_from->seconds) {
    const std::string field = JsonPath(at, "valid_until");
    return FailedPrecondition(field + " must be after valid_from", field);
  }
  return {};
}

}  // namespace

Result<Reward> ParseReward(const object& obj, const std::optional<TierRules>& tiers,
                           const std::string& at) {
  LOY_RETURN_IF_ERROR(http::RejectUnknownFields(
      obj,
      {"code", "name", "kind", "amount_minor", "percent_off", "sku", "cause", "points_cost", "tier",
       "stock", "per_customer_limit", "valid_from", "valid_until", "coupon_valid_days"},
      at));
  Reward r;
  LOY_ASSIGN_OR_RETURN(r.code, http::RequiredString(obj, "code", at));
  if (!IsSlug(r.code)) {
    return tl::unexpected(
        OutOfRange(JsonPath(at, "code"), "a lower-case slug of letters, digits and _ (1 to 64)"));
  }
  LOY_ASSIGN_OR_RETURN(r.name, ReadText(obj, "name", at));
  LOY_RETURN_IF_ERROR(Require(obj, "kind", at));
  LOY_ASSIGN_OR_RETURN(r.kind, ReadEnum(obj, "kind", at, kRewardKindNames, RewardKind::kAmountOff));
  LOY_RETURN_IF_ERROR(ParseValue(obj, at, r));
  LOY_RETURN_IF_ERROR(Require(obj, "points_cost", at));
  LOY_ASSIGN_OR_RETURN(r.points_cost, ReadInt(obj, "points_cost", at, 1, kMaxBonusPoints, 0));
  LOY_ASSIGN_OR_RETURN(r.stock, ReadCount(obj, "stock", at));
  LOY_ASSIGN_OR_RETURN(r.per_customer_limit, ReadCount(obj, "per_customer_limit", at));
  LOY_ASSIGN_OR_RETURN(r.valid_from, http::OptionalDateTime(obj, "valid_from", at));
  LOY_ASSIGN_OR_RETURN(r.valid_until, http::OptionalDateTime(obj, "valid_until", at));
  LOY_RETURN_IF_ERROR(CheckWindow(r, at));
  LOY_ASSIGN_OR_RETURN(int64_t days, ReadInt(obj, "coupon_valid_days", at, 1, kMaxCouponValidDays,
                                             kDefaultCouponValidDays));
  r.coupon_valid_days = static_cast<int>(days);
  LOY_ASSIGN_OR_RETURN(auto tier, http::OptionalString(obj, "tier", at));
  if (tier && !(tiers && tiers->FindLevel(*tier))) {
    const std::string field = JsonPath(at, "tier");
    return FailedPrecondition(field + ": the program has no tier level " + *tier, field);
  }
  r.tier = std::move(tier);
  return r;
}

namespace {

Status CheckBirthdayGifts(const TierRules& tiers, const std::vector<Reward>& rewards) {
  for (size_t i = 0; i < tiers.levels.size(); ++i) {
    const auto& gift = tiers.levels[i].benefits.birthday_gift_reward;
    if (!gift) continue;
    bool found = false;
    for (const Reward& r : rewards) found = found || r.code == *gift;
    if (!found) {
      const std::string field = JsonIndexPath("tiers.levels", i) + ".benefits.birthday_gift_reward";
      return FailedPrecondition(field + ": the rewards catalog has no reward " + *gift, field);
    }
  }
  return {};
}

// What ParseDateTime reads back: UTC with "Z" when written with an offset, else wall-clock
// time in the shop's zone without one.
std::string DateTimeText(const ParsedDateTime& t) {
  std::string text = FormatTimestamp(Timestamp(std::chrono::seconds(t.seconds)));
  if (!t.has_offset) text.pop_back();
  return text;
}

}  // namespace

object RewardJson(const Reward& r) {
  object out{{"code", r.code},
             {"name", r.name},
             {"kind", NameOf(kRewardKindNames, r.kind)},
             {"points_cost", r.points_cost}};
  const KindMembers m = MembersOf(r.kind);
  if (m.amount) out["amount_minor"] = PerCurrencyJson(r.amount_minor, false);
  if (m.percent) out["percent_off"] = r.percent_off;
  if (m.sku) out["sku"] = r.sku;
  if (m.cause) out["cause"] = r.cause;
  using boost::json::value;
  auto or_null = [](const auto& v) { return v ? value(*v) : value(nullptr); };
  out["tier"] = or_null(r.tier);
  out["stock"] = or_null(r.stock);
  out["per_customer_limit"] = or_null(r.per_customer_limit);
  out["valid_from"] = r.valid_from ? value(DateTimeText(*r.valid_from)) : value(nullptr);
  out["valid_until"] = r.valid_until ? value(DateTimeText(*r.valid_until)) : value(nullptr);
  out["coupon_valid_days"] = r.coupon_valid_days;
  return out;
}

Result<std::vector<Reward>> ParseRewards(const object& document,
                                         const std::optional<TierRules>& tiers) {
  std::vector<Reward> rewards;
  LOY_ASSIGN_OR_RETURN(const array* list, http::OptionalArray(document, "rewards"));
  if (list != nullptr) {
    if (list->size() > kMaxRewards) {
      return tl::unexpected(OutOfRange("rewards", "a list of at most 500 rewards"));
    }
    std::set<std::string> codes;
    for (size_t i = 0; i < list->size(); ++i) {
      const std::string at = JsonIndexPath("rewards", i);
      LOY_ASSIGN_OR_RETURN(const object* item, http::ObjectAt(*list, i, "rewards"));
      LOY_ASSIGN_OR_RETURN(Reward reward, ParseReward(*item, tiers, at));
      if (!codes.insert(reward.code).second) {
        return FailedPrecondition(at + " repeats the reward code " + reward.code, at + ".code");
      }
      rewards.push_back(std::move(reward));
    }
  }
  if (tiers) LOY_RETURN_IF_ERROR(CheckBirthdayGifts(*tiers, rewards));
  return rewards;
}

array RewardsJson(const std::vector<Reward>& rewards) {
  array out;
  for (const Reward& r : rewards) out.push_back(RewardJson(r));
  return out;
}

}  // namespace loyal::program::internal
