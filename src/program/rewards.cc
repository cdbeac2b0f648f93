#include "program/rewards.h"

#include <chrono>

namespace loyal::program {

Status RedeemableAt(const Reward& reward, Timestamp now, const date::time_zone* zone) {
  if (reward.valid_from && now < ToUtc(*reward.valid_from, zone)) {
    return FailedPrecondition("the reward " + reward.code + " cannot be redeemed before " +
                                  FormatTimestamp(ToUtc(*reward.valid_from, zone)),
                              "valid_from");
  }
  if (reward.valid_until && now >= ToUtc(*reward.valid_until, zone)) {
    return FailedPrecondition("the reward " + reward.code + " could be redeemed until " +
                                  FormatTimestamp(ToUtc(*reward.valid_until, zone)),
                              "valid_until");
  }
  return {};
}

Timestamp CouponExpiry(const Reward& reward, Timestamp issued_at) {
  return issued_at + std::chrono::days(reward.coupon_valid_days);
}

}  // namespace loyal::program
