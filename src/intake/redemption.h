// Redeeming a reward of the catalog: the customer's points buy a single-use coupon of the
// reward's value, in one transaction across the program (the reward and its stock), the
// ledger (the points) and promotions (the coupon) rooms, so it lives here (design.md).
// Cancelling an unused redemption undoes it: the points come back as new lots with their
// original expiry, the coupon is cancelled and the stock given back.
//
// Exactness under concurrency: the customer's books are locked before anything is decided,
// so the points, the tier (moved only under that lock) and the per-customer limit (a count of the
// customer's active redemptions) are exact however many requests for one customer race; the stock
// is one guarded increment (program/reward_stock.h), exact however many customers race for it.
// Every refusal is decided before the first write, so a refused redemption changes nothing.
// Idempotency is the route's (Idempotency-Key): calling RedeemReward twice redeems twice.
//
// Thread-safety: stateless; the transaction belongs to the calling thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"
#include "intake/redemption_store.h"
#include "ledger/ledger.h"
#include "program/program_service.h"
#include "promotions/coupon_service.h"

namespace loyal::intake {

struct RedemptionRecord {
  Redemption redemption;
  promotions::Coupon coupon;
};

struct RedemptionResult {
  RedemptionRecord record;
  ledger::Balances balances;  // the customer's, after the call
};

// The coupon `reward` issues to the customer at `now`: its value as it is now, valid from now
// for its coupon_valid_days. Also the tier birthday gift's (birthday_gifts.h).
promotions::CouponRequest RewardCoupon(int64_t customer_id, const program::Reward& reward,
                                       Timestamp now);

// Redeems the reward `reward_code` of the program in force for the customer (internal id)
// at `now`: takes its points (a hold with the redemption's public id as reference, captured
// at once: oldest-expiry lots first, recorded as the customer's activity), counts its stock,
// and issues a coupon valid from now for the reward's coupon_valid_days. Errors, each
// changing nothing: failed_precondition with field "reward" when no program is in force or
// it has no such reward; "valid_from" / "valid_until" outside the reward's validity (in the
// shop's time zone); "points" when the available balance is short ("not enough points");
// "tier" when the customer's tier level is below the reward's; "per_customer_limit" when the
// customer has that many active redemptions of it; "stock" when it is sold out; the transaction's.
[[nodiscard]] Result<RedemptionResult> RedeemReward(db::Transaction& tx,
                                                    program::ProgramCache& programs,
                                                    int64_t customer_id,
                                                    std::string_view reward_code, Timestamp now);

// Cancels the redemption `public_id` while its coupon is unused: the points come back (as
// ledger/hold_service.h RestoreHold gives them), the coupon is cancelled, the stock it took
// is given back. Cancelling a cancelled redemption returns it unchanged. Errors: not_found;
// failed_precondition ("coupon") when the coupon was redeemed, changing nothing; the
// transaction's.
[[nodiscard]] Result<RedemptionResult> CancelRedemption(db::Transaction& tx,
                                                        std::string_view public_id, Timestamp now);

// Up to `limit` of the customer's redemptions with their coupons, newest first, after the
// one named `after_public_id` (from the newest when empty). Errors: the transaction's.
[[nodiscard]] Result<std::vector<RedemptionRecord>> ListRedemptions(
    db::Transaction& tx, int64_t customer_id, std::string_view after_public_id, int limit);

}  // namespace loyal::intake
