// The rewards catalog: the "rewards" part of the program document (what a customer may buy
// with points, at what cost and under which limits) and the pure rules of a redemption that
// need no store: whether a reward may be redeemed at a moment, and until when its coupon is
// valid. Stock and use counts change on every redemption, so they live in the store
// (intake/redemption.h), not here. Values and pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "core/enum_names.h"
#include "core/error.h"
#include "core/time.h"

namespace loyal::program {

// What the coupon a reward issues is worth: an amount off the order (per currency), a
// percentage off, a free product (a sku), free shipping, or a donation to a cause made in
// the customer's name (an amount per currency).
enum class RewardKind { kAmountOff, kPercentOff, kFreeProduct, kFreeShipping, kDonation };

// A coupon is valid this long after its redemption unless the reward says otherwise.
inline constexpr int kDefaultCouponValidDays = 90;

struct Reward {
  std::string code;  // public, lower-case slug, unique in the catalog
  std::string name;  // shown to customers
  RewardKind kind = RewardKind::kAmountOff;
  std::map<std::string, int64_t> amount_minor;  // amount_off, donation: per currency, minor units
  int64_t percent_off = 0;                      // percent_off: 1..100
  std::string sku;                              // free_product
  std::string cause;                            // donation: whom it goes to
  int64_t points_cost = 0;                      // > 0
  std::optional<std::string> tier;              // the lowest tier level that may redeem it
  std::optional<int64_t> stock;                 // how many may ever be redeemed; nullopt: no limit
  std::optional<int64_t> per_customer_limit;    // redemptions per customer; nullopt: no limit
  // Read in the shop's time zone when written without an offset (RedeemableAt).
  std::optional<ParsedDateTime> valid_from;
  std::optional<ParsedDateTime> valid_until;
  int coupon_valid_days = kDefaultCouponValidDays;  // the issued coupon's lifetime, 1..3660
};

// Ok when `reward` may be redeemed at `now`: from valid_from (inclusive) to valid_until
// (exclusive), each read in `zone` when it has no offset (nullptr: UTC). Errors:
// failed_precondition with field "valid_from" before it, "valid_until" from it on.
[[nodiscard]] Status RedeemableAt(const Reward& reward, Timestamp now, const date::time_zone* zone);

// When a coupon issued for `reward` at `issued_at` stops being valid.
Timestamp CouponExpiry(const Reward& reward, Timestamp issued_at);

// Wire names.
inline constexpr EnumName<RewardKind> kRewardKindNames[] = {
    {RewardKind::kAmountOff, "amount_off"},
    {RewardKind::kPercentOff, "percent_off"},
    {RewardKind::kFreeProduct, "free_product"},
    {RewardKind::kFreeShipping, "free_shipping"},
    {RewardKind::kDonation, "donation"}};

}  // namespace loyal::program
