// The SQL of coupons (migration 0015): coupons, their amounts per currency, and
// coupon_lookup, which finds a coupon's customer from its code. Internal to promotions/
// (coupon_service.h is the room's interface); it checks no rules.
//
// Thread-safety: as the Transaction they are given (one thread at a time).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

#include "core/error.h"
#include "db/database.h"
#include "promotions/coupon.h"

namespace loyal::promotions::store {

// Returns a fresh coupon id (sequence "coupons").
[[nodiscard]] Result<int64_t> NewCouponId(db::Transaction& tx);

// Records the coupon, its amounts and its look-up. Errors: already_exists for a code in
// use; the transaction's.
[[nodiscard]] Status InsertCoupon(db::Transaction& tx, const Coupon& coupon);

// Returns the customer and coupon id of `code`, or nullopt.
[[nodiscard]] Result<std::optional<std::pair<int64_t, int64_t>>> LookupCoupon(
    db::Transaction& tx, std::string_view code);

// Returns the coupon, or nullopt. Errors: internal for a stored kind or state it cannot read.
[[nodiscard]] Result<std::optional<Coupon>> FindCoupon(db::Transaction& tx, int64_t customer_id,
                                                       int64_t coupon_id);

// Moves an issued coupon to `state` (redeemed by `order_ref`, or cancelled) at `now`;
// returns whether it was still issued (false: changed nothing).
[[nodiscard]] Result<bool> ResolveIssued(db::Transaction& tx, int64_t customer_id,
                                         int64_t coupon_id, CouponState state,
                                         std::optional<std::string_view> order_ref, Timestamp now);

}  // namespace loyal::promotions::store
