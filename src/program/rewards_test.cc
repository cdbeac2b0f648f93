#include "program/rewards.h"

#include <date/tz.h>
#include <gtest/gtest.h>

namespace loyal::program {
namespace {

Timestamp At(std::string_view text) { return ToUtc(ParseDateTime(text).value(), nullptr); }

// A reward valid for December 2026: from midnight in the shop's zone, until midnight UTC.
Reward December() {
  Reward r;
  r.code = "tote";
  r.valid_from = ParseDateTime("2026-12-01T00:00:00").value();
  r.valid_until = ParseDateTime("2027-01-01T00:00:00Z").value();
  return r;
}

TEST(RewardsTest, AWindowIsFromItsStartToBeforeItsEndWithLocalTimesInTheShopsZone) {
  const date::time_zone* tokyo = date::locate_zone("Asia/Tokyo");
  const Reward r = December();
  // Midnight in Tokyo is 15:00 UTC the day before.
  EXPECT_TRUE(RedeemableAt(r, At("2026-11-30T15:00:00Z"), tokyo));
  auto early = RedeemableAt(r, At("2026-11-30T14:59:59Z"), tokyo);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(early.error().field, "valid_from");
  EXPECT_FALSE(RedeemableAt(r, At("2026-11-30T15:00:00Z"), nullptr)) << "in UTC it is not yet";
  EXPECT_TRUE(RedeemableAt(r, At("2026-12-31T23:59:59Z"), tokyo));
  auto late = RedeemableAt(r, At("2027-01-01T00:00:00Z"), tokyo);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().field, "valid_until");
  EXPECT_TRUE(RedeemableAt(Reward{}, At("1990-01-01T00:00:00Z"), tokyo)) << "no window: always";
}

TEST(RewardsTest, ACouponLastsTheRewardsDaysFromItsIssue) {
  Reward r;
  EXPECT_EQ(CouponExpiry(r, At("2026-12-01T10:00:00Z")), At("2027-03-01T10:00:00Z"));
  r.coupon_valid_days = 1;
  EXPECT_EQ(CouponExpiry(r, At("2026-12-31T10:00:00Z")), At("2027-01-01T10:00:00Z"));
}

}  // namespace
}  // namespace loyal::program
