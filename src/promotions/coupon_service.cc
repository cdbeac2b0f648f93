#include "promotions/coupon_service.h"

#include "promotions/coupon_store.h"

namespace loyal::promotions {
namespace {

// A code that collides with one in use (about one in 10^17 per pair) is drawn again rather
// than failing the customer's redemption; the second draw is never expected to collide.
constexpr int kCodeAttempts = 3;

Status Refuse(const Coupon& coupon) {
  return FailedPrecondition(
      "the coupon was already " + std::string(NameOf(kCouponStateNames, coupon.state)), "coupon");
}

Result<bool> CodeInUse(db::Transaction& tx, std::string_view code) {
  LOY_ASSIGN_OR_RETURN(auto key, store::LookupCoupon(tx, code));
  return key.has_value();
}

}  // namespace

Result<Coupon> IssueCoupon(db::Transaction& tx, const CouponRequest& request, Timestamp now) {
  if (request.valid_until <= request.valid_from) {
    return InvalidArgument("a coupon must be valid for some time", "valid_until");
  }
  Coupon coupon{request.customer_id,
                0,
                "",
                request.value,
                request.source,
                CouponState::kIssued,
                request.valid_from,
                request.valid_until,
                std::nullopt,
                now,
                std::nullopt};
  // Checked before the insert: a failed INSERT would end the transaction on PostgreSQL.
  for (int attempt = 0; attempt < kCodeAttempts && coupon.code.empty(); ++attempt) {
    LOY_ASSIGN_OR_RETURN(std::string code, NewCouponCode());
    LOY_ASSIGN_OR_RETURN(bool taken, CodeInUse(tx, code));
    if (!taken) coupon.code = std::move(code);
  }
  if (coupon.code.empty()) return Internal("no free coupon code was drawn");
  LOY_ASSIGN_OR_RETURN(coupon.coupon_id, store::NewCouponId(tx));
  LOY_RETURN_IF_ERROR(store::InsertCoupon(tx, coupon));
  return coupon;
}

Result<Coupon> GetCoupon(db::Transaction& tx, std::string_view code) {
  LOY_ASSIGN_OR_RETURN(auto key, store::LookupCoupon(tx, code));
  if (!key) return NotFound("coupon not found");
  return GetCustomerCoupon(tx, key->first, key->second);
}

Result<Coupon> GetCustomerCoupon(db::Transaction& tx, int64_t customer_id, int64_t coupon_id) {
  LOY_ASSIGN_OR_RETURN(auto coupon, store::FindCoupon(tx, customer_id, coupon_id));
  if (!coupon) return NotFound("coupon not found");
  return std::move(*coupon);
}

Result<Coupon> RedeemCoupon(db::Transaction& tx, std::string_view code, int64_t customer_id,
                            std::string_view order_ref, Timestamp now) {
  LOY_ASSIGN_OR_RETURN(auto key, store::LookupCoupon(tx, code));
  if (!key || key->first != customer_id) return NotFound("the customer has no such coupon");
  LOY_ASSIGN_OR_RETURN(Coupon coupon, GetCustomerCoupon(tx, key->first, key->second));
  if (coupon.state == CouponState::kRedeemed && coupon.order_ref == order_ref) return coupon;
  if (coupon.state != CouponState::kIssued) return tl::unexpected(Refuse(coupon).error());
  if (now < coupon.valid_from) return FailedPrecondition("the coupon is not valid yet", "coupon");
  if (now >= coupon.valid_until) return FailedPrecondition("the coupon has expired", "coupon");
  LOY_ASSIGN_OR_RETURN(bool moved, store::ResolveIssued(tx, customer_id, coupon.coupon_id,
                                                        CouponState::kRedeemed, order_ref, now));
  // Another order redeemed it between the read and the guarded update.
  if (!moved) return FailedPrecondition("the coupon was already used", "coupon");
  coupon.state = CouponState::kRedeemed;
  coupon.order_ref = std::string(order_ref);
  coupon.resolved_at = now;
  return coupon;
}

Result<Coupon> CancelCoupon(db::Transaction& tx, int64_t customer_id, int64_t coupon_id,
                            Timestamp now) {
  LOY_ASSIGN_OR_RETURN(Coupon coupon, GetCustomerCoupon(tx, customer_id, coupon_id));
  if (coupon.state == CouponState::kCancelled) return coupon;
  if (coupon.state != CouponState::kIssued) return tl::unexpected(Refuse(coupon).error());
  LOY_ASSIGN_OR_RETURN(
      bool moved,
      store::ResolveIssued(tx, customer_id, coupon_id, CouponState::kCancelled, std::nullopt, now));
  if (!moved) return FailedPrecondition("the coupon was already used", "coupon");
  coupon.state = CouponState::kCancelled;
  coupon.resolved_at = now;
  return coupon;
}

}  // namespace loyal::promotions
