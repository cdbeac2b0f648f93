// Coupon use cases: issue a coupon to a customer, read it by its code, redeem it on an
// order, cancel it. Each runs inside the caller's transaction: a redemption of a reward
// (intake/redemption.h) issues its coupon in the same transaction that debits the points,
// and the order path that redeems a coupon (the promotions issue) does so inside the
// order's. Internal ids never leave the room except to its callers in intake/.
//
// Idempotency: redeeming a coupon again for the order that redeemed it, or cancelling a
// cancelled one, returns it as it is. Concurrency: the change of state is a guarded update
// (only an issued coupon moves), so two orders racing for one coupon get it once.
//
// Thread-safety: stateless functions; the transaction belongs to the calling thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"
#include "promotions/coupon.h"

namespace loyal::promotions {

struct CouponRequest {
  int64_t customer_id = 0;
  CouponValue value;
  std::string source;  // what issues it: "reward:<code>"
  Timestamp valid_from;
  Timestamp valid_until;  // exclusive, after valid_from
};

// Issues a coupon with a fresh code. Errors: invalid_argument when valid_until is not after
// valid_from ("valid_until"); the transaction's.
[[nodiscard]] Result<Coupon> IssueCoupon(db::Transaction& tx, const CouponRequest& request,
                                         Timestamp now);

// The coupon of that code. Errors: not_found; the transaction's.
[[nodiscard]] Result<Coupon> GetCoupon(db::Transaction& tx, std::string_view code);

// The customer's coupon `coupon_id` (an id IssueCoupon returned). Errors: not_found.
[[nodiscard]] Result<Coupon> GetCustomerCoupon(db::Transaction& tx, int64_t customer_id,
                                               int64_t coupon_id);

// Redeems the coupon `code` of `customer_id` on the order `order_ref` at `now`. Errors:
// not_found for an unknown code or another customer's (one answer, so a code tells nothing
// of others); failed_precondition ("coupon") when it is cancelled, redeemed by another
// order, not yet valid or expired; the transaction's.
[[nodiscard]] Result<Coupon> RedeemCoupon(db::Transaction& tx, std::string_view code,
                                          int64_t customer_id, std::string_view order_ref,
                                          Timestamp now);

// Cancels the customer's coupon `coupon_id` while it is unused. Errors: not_found;
// failed_precondition ("coupon") when it was redeemed; the transaction's.
[[nodiscard]] Result<Coupon> CancelCoupon(db::Transaction& tx, int64_t customer_id,
                                          int64_t coupon_id, Timestamp now);

}  // namespace loyal::promotions
