#include "promotions/coupon_service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "db/testing/backend_test.h"

namespace loyal::promotions {
namespace {

const Timestamp kT0 = Timestamp(std::chrono::seconds(1'700'000'000));

class CouponServiceTest : public db::testing::BackendTest {
 protected:
  // A coupon of £5 (or 600 yen) off for customer 7, valid for 10 days from kT0.
  Coupon Issue(int64_t customer_id = 7) {
    CouponRequest request{customer_id,
                          {CouponKind::kAmountOff, {{"GBP", 500}, {"JPY", 600}}, {}, {}, {}},
                          "reward:five_off",
                          kT0,
                          kT0 + std::chrono::days(10)};
    auto issued = db::WithTransaction(
        db(), [&](db::Transaction& tx) { return IssueCoupon(tx, request, kT0); });
    EXPECT_TRUE(issued) << issued.error().ToString();
    return issued ? *issued : Coupon{};
  }
  template <class Work>
  auto Run(Work work) {
    return db::WithTransaction(db(), work);
  }
};

TEST_P(CouponServiceTest, AnIssuedCouponReadsBackByItsCodeWithItsValue) {
  const Coupon issued = Issue();
  EXPECT_EQ(issued.code.substr(0, kCouponPrefix.size()), kCouponPrefix);
  const std::string chars = issued.code.substr(kCouponPrefix.size());
  EXPECT_EQ(chars.size(), kCouponCodeChars);
  EXPECT_EQ(chars.find_first_not_of(kCouponAlphabet), std::string::npos);
  EXPECT_EQ(std::string(kCouponAlphabet).find_first_of("0O1IL"), std::string::npos);
  auto read = Run([&](db::Transaction& tx) { return GetCoupon(tx, issued.code); });
  ASSERT_TRUE(read) << read.error().ToString();
  EXPECT_EQ(read->customer_id, 7);
  EXPECT_EQ(read->coupon_id, issued.coupon_id);
  EXPECT_EQ(read->value.amount_minor, (std::map<std::string, int64_t>{{"GBP", 500}, {"JPY", 600}}));
  EXPECT_EQ(read->value, issued.value);
  EXPECT_EQ(read->source, "reward:five_off");
  EXPECT_EQ(read->state, CouponState::kIssued);
  EXPECT_EQ(read->valid_until, kT0 + std::chrono::days(10));
  EXPECT_NE(Issue().code, issued.code);
  auto missing = Run([&](db::Transaction& tx) { return GetCoupon(tx, "LOY-NOPE"); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_P(CouponServiceTest, ACouponIsRedeemedOnceByItsOwnersOrderWithinItsValidity) {
  const Coupon c = Issue();
  auto redeem = [&](int64_t customer, std::string order, Timestamp at) {
    return Run([&](db::Transaction& tx) { return RedeemCoupon(tx, c.code, customer, order, at); });
  };
  auto theirs = redeem(8, "ORD-1", kT0);
  ASSERT_FALSE(theirs);
  EXPECT_EQ(theirs.error().code, ErrorCode::kNotFound) << "another customer's code is unknown";
  auto late = redeem(7, "ORD-1", kT0 + std::chrono::days(10));
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(late.error().message, "the coupon has expired");
  auto early = redeem(7, "ORD-1", kT0 - std::chrono::seconds(1));
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().message, "the coupon is not valid yet");
  auto used = redeem(7, "ORD-1", kT0 + std::chrono::days(1));
  ASSERT_TRUE(used) << used.error().ToString();
  EXPECT_EQ(used->state, CouponState::kRedeemed);
  EXPECT_EQ(used->order_ref, "ORD-1");
  auto again = redeem(7, "ORD-1", kT0 + std::chrono::days(2));
  ASSERT_TRUE(again) << "the same order again is a retry";
  EXPECT_EQ(again->resolved_at, kT0 + std::chrono::days(1));
  auto other = redeem(7, "ORD-2", kT0 + std::chrono::days(2));
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(other.error().field, "coupon");
  auto cancel = Run([&](db::Transaction& tx) { return CancelCoupon(tx, 7, c.coupon_id, kT0); });
  ASSERT_FALSE(cancel) << "a used coupon cannot be cancelled";
  EXPECT_EQ(cancel.error().code, ErrorCode::kFailedPrecondition);
}

TEST_P(CouponServiceTest, ACancelledCouponStaysCancelledAndCannotBeRedeemed) {
  const Coupon c = Issue();
  for (int i = 0; i < 2; ++i) {
    auto cancelled =
        Run([&](db::Transaction& tx) { return CancelCoupon(tx, 7, c.coupon_id, kT0); });
    ASSERT_TRUE(cancelled) << cancelled.error().ToString();
    EXPECT_EQ(cancelled->state, CouponState::kCancelled);
  }
  auto used = Run([&](db::Transaction& tx) { return RedeemCoupon(tx, c.code, 7, "ORD-1", kT0); });
  ASSERT_FALSE(used);
  EXPECT_EQ(used.error().message, "the coupon was already cancelled");
  auto bad = Run([&](db::Transaction& tx) {
    return IssueCoupon(tx, {7, {CouponKind::kFreeShipping, {}, {}, {}, {}}, "x", kT0, kT0}, kT0);
  });
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "valid_until");
}

TEST_P(CouponServiceTest, OrdersRacingForOneCouponGetItOnce) {
  const Coupon c = Issue();
  std::atomic<int> won{0};
  std::vector<std::thread> racers;
  for (int i = 0; i < 8; ++i) {
    racers.emplace_back([&, i] {
      auto r = Run([&](db::Transaction& tx) {
        return RedeemCoupon(tx, c.code, 7, "ORD-" + std::to_string(i), kT0);
      });
      if (r) ++won;
    });
  }
  for (auto& t : racers) t.join();
  EXPECT_EQ(won.load(), 1);
}

LOYAL_INSTANTIATE_BACKEND_TESTS(CouponServiceTest);

}  // namespace
}  // namespace loyal::promotions
