#include "intake/redemption.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <thread>
#include <vector>

#include "intake/event_test_support.h"
#include "ledger/ledger_service.h"
#include "program/program_json.h"
#include "promotions/coupon_service.h"

namespace loyal::intake {
namespace {

using testing::EventTestBase;

program::Reward MakeReward(std::string code, int64_t cost) {
  program::Reward r;
  r.code = std::move(code);
  r.name = r.code;
  r.kind = program::RewardKind::kAmountOff;
  r.amount_minor = {{"EUR", 500}};
  r.points_cost = cost;
  return r;
}

class RedemptionTest : public EventTestBase {
 protected:
  void SetUp() override {
    EventTestBase::SetUp();
    if (IsSkipped() || HasFailure()) return;
    program::Program p;
    p.rewards.push_back(MakeReward("five_off", 100));
    program::Reward tote = MakeReward("tote", 10);
    tote.kind = program::RewardKind::kFreeProduct;
    tote.amount_minor.clear();
    tote.sku = "TOTE-1";
    tote.stock = 2;
    p.rewards.push_back(tote);
    program::Reward once = MakeReward("once", 10);
    once.per_customer_limit = 1;
    p.rewards.push_back(once);
    program::Reward december = MakeReward("december", 10);
    december.valid_from = ParseDateTime("2026-12-01T00:00").value();  // Berlin time
    december.valid_until = ParseDateTime("2027-01-01T00:00").value();
    p.rewards.push_back(december);
    PutProgram(p, At("2026-01-01"));
    anna_ = AddCustomer("anna");
  }

  // Credits `points` to the customer expiring at `expires`.
  void Credit(int64_t customer_id, int64_t points, std::optional<Timestamp> expires) {
    ASSERT_TRUE(Do([&](db::Transaction& tx) {
      return ledger::Credit(tx, customer_id, points, expires, {"test", "adjustment", "", {}, {}},
                            At("2026-06-01"))
          .map([](auto&&) {});
    }));
  }

  Result<RedemptionResult> Redeem(int64_t customer_id, const std::string& code, Timestamp now) {
    Result<RedemptionResult> out = Internal("not run");
    Status status = Do([&](db::Transaction& tx) -> Status {
      out = RedeemReward(tx, programs_, customer_id, code, now);
      return out.map([](auto&&) {});
    });
    if (!status) return tl::unexpected(status.error());
    return out;
  }

  Result<RedemptionResult> Cancel(const std::string& public_id, Timestamp now) {
    Result<RedemptionResult> out = Internal("not run");
    Status status = Do([&](db::Transaction& tx) -> Status {
      out = CancelRedemption(tx, public_id, now);
      return out.map([](auto&&) {});
    });
    if (!status) return tl::unexpected(status.error());
    return out;
  }

  // The error's code and field; a success fails the test.
  std::pair<ErrorCode, std::string> Refusal(const Result<RedemptionResult>& r) {
    EXPECT_FALSE(r);
    if (r) return {ErrorCode::kInternal, ""};
    return {r.error().code, r.error().field};
  }

  const Timestamp now_ = At("2026-07-01T12:00");
  int64_t anna_ = 0;
};

TEST_P(RedemptionTest, ARedemptionSpendsTheOldestExpiringPointsAndIssuesACoupon) {
  Credit(anna_, 80, At("2027-06-01"));
  Credit(anna_, 50, At("2026-09-01"));
  auto r = Redeem(anna_, "five_off", now_);
  ASSERT_TRUE(r) << r.error().ToString();
  const Redemption& red = r->record.redemption;
  EXPECT_EQ(red.public_id.substr(0, 4), "red_");
  EXPECT_EQ(red.points, 100);
  EXPECT_EQ(red.state, RedemptionState::kActive);
  EXPECT_EQ(red.program_version, 1);
  EXPECT_EQ(r->balances.available, 30);
  EXPECT_EQ(r->balances.held, 0);
  const promotions::Coupon& coupon = r->record.coupon;
  EXPECT_EQ(coupon.value.kind, promotions::CouponKind::kAmountOff);
  EXPECT_EQ(coupon.value.amount_minor.at("EUR"), 500);
  EXPECT_EQ(coupon.valid_from, now_);
  EXPECT_EQ(coupon.valid_until, now_ + std::chrono::days(program::kDefaultCouponValidDays));
  EXPECT_EQ(coupon.source, "reward:five_off");
  // The September lot went first: all 30 left are of the June 2027 lot.
  EXPECT_EQ(Count("SELECT COALESCE(SUM(remaining), 0) FROM ledger_lots WHERE expires_at = " +
                  std::to_string(At("2027-06-01").time_since_epoch().count())),
            30);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM ledger_holds WHERE state = 'captured' AND reference = '" +
                  red.public_id + "'"),
            1);
}

TEST_P(RedemptionTest, RefusalsNameTheirFieldAndChangeNothing) {
  using P = std::pair<ErrorCode, std::string>;
  const ErrorCode refused = ErrorCode::kFailedPrecondition;
  Credit(anna_, 99, std::nullopt);
  EXPECT_EQ(Refusal(Redeem(anna_, "five_off", now_)), P(refused, "points"));
  EXPECT_EQ(Refusal(Redeem(anna_, "gift_card", now_)), P(refused, "reward"));
  EXPECT_EQ(Refusal(Redeem(anna_, "december", At("2026-11-30T23:59"))), P(refused, "valid_from"));
  EXPECT_EQ(Refusal(Redeem(anna_, "december", At("2027-01-01T00:00"))), P(refused, "valid_until"));
  EXPECT_TRUE(Redeem(anna_, "december", At("2026-12-01T00:00")));
  EXPECT_TRUE(Redeem(anna_, "once", now_));
  EXPECT_EQ(Refusal(Redeem(anna_, "once", now_)), P(refused, "per_customer_limit"));
  const int64_t bob = AddCustomer("bob");
  Credit(bob, 100, std::nullopt);
  EXPECT_TRUE(Redeem(anna_, "tote", now_));
  EXPECT_TRUE(Redeem(bob, "tote", now_));
  EXPECT_EQ(Refusal(Redeem(bob, "tote", now_)), P(refused, "stock"));
  EXPECT_EQ(BalancesOf(anna_).available, 99 - 30);
  EXPECT_EQ(BalancesOf(bob).available, 90);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM coupons"), 4);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM redemptions"), 4);
  EXPECT_EQ(Count("SELECT redeemed FROM reward_stock WHERE code = 'tote'"), 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM reward_stock"), 1) << "rewards without stock have no row";
}

TEST_P(RedemptionTest, CancellingGivesBackThePointsWithTheirExpiryTheCouponAndTheStock) {
  Credit(anna_, 100, At("2026-09-01"));
  auto r = Redeem(anna_, "tote", now_);
  ASSERT_TRUE(r) << r.error().ToString();
  const std::string id = r->record.redemption.public_id;
  auto cancelled = Cancel(id, now_ + std::chrono::hours(1));
  ASSERT_TRUE(cancelled) << cancelled.error().ToString();
  EXPECT_EQ(cancelled->record.redemption.state, RedemptionState::kCancelled);
  EXPECT_EQ(cancelled->record.coupon.state, promotions::CouponState::kCancelled);
  EXPECT_EQ(cancelled->balances.available, 100);
  EXPECT_EQ(Count("SELECT COALESCE(SUM(remaining), 0) FROM ledger_lots WHERE expires_at = " +
                  std::to_string(At("2026-09-01").time_since_epoch().count())),
            100);
  EXPECT_EQ(Count("SELECT redeemed FROM reward_stock WHERE code = 'tote'"), 0);
  auto again = Cancel(id, now_ + std::chrono::hours(2));
  ASSERT_TRUE(again) << "cancelling twice is a retry";
  EXPECT_EQ(again->record.redemption.cancelled_at, now_ + std::chrono::hours(1));
  EXPECT_EQ(again->balances.available, 100);
  auto missing = Cancel("red_nothing", now_);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_P(RedemptionTest, ARedemptionWhoseCouponWasUsedCannotBeCancelled) {
  Credit(anna_, 100, std::nullopt);
  auto r = Redeem(anna_, "five_off", now_);
  ASSERT_TRUE(r) << r.error().ToString();
  ASSERT_TRUE(Do([&](db::Transaction& tx) {
    return promotions::RedeemCoupon(tx, r->record.coupon.code, anna_, "ORD-1", now_)
        .map([](auto&&) {});
  }));
  auto cancelled = Cancel(r->record.redemption.public_id, now_);
  ASSERT_FALSE(cancelled);
  EXPECT_EQ(cancelled.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(cancelled.error().field, "coupon");
  EXPECT_EQ(BalancesOf(anna_).available, 0);
}

TEST_P(RedemptionTest, RacingRedemptionsTakeThePointsAndTheStockExactlyOnce) {
  Credit(anna_, 100, std::nullopt);
  std::vector<int64_t> others;
  for (int i = 0; i < 4; ++i) {
    others.push_back(AddCustomer("c" + std::to_string(i)));
    Credit(others.back(), 100, std::nullopt);
  }
  std::atomic<int> points_won{0}, stock_won{0};
  std::vector<std::thread> racers;
  for (int i = 0; i < 8; ++i) {
    racers.emplace_back([&, i] {
      if (Redeem(anna_, "five_off", now_)) ++points_won;
      if (Redeem(others[i % others.size()], "tote", now_)) ++stock_won;
    });
  }
  for (auto& t : racers) t.join();
  EXPECT_EQ(points_won.load(), 1);
  EXPECT_EQ(stock_won.load(), 2);
}

TEST_P(RedemptionTest, AListPagesNewestFirstByPublicId) {
  Credit(anna_, 100, std::nullopt);
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    auto r = Redeem(anna_, "tote", now_);
    if (i == 2) break;  // the stock is 2
    ASSERT_TRUE(r) << r.error().ToString();
    ids.push_back(r->record.redemption.public_id);
  }
  ids.push_back(Redeem(anna_, "december", At("2026-12-02T00:00"))->record.redemption.public_id);
  auto list = [&](const std::string& after, int limit) {
    std::vector<std::string> out;
    EXPECT_TRUE(db::RunInReadTransaction(db(), [&](db::Transaction& tx) -> Status {
      LOY_ASSIGN_OR_RETURN(auto page, ListRedemptions(tx, anna_, after, limit));
      for (const RedemptionRecord& r : page) out.push_back(r.redemption.public_id);
      return {};
    }));
    return out;
  };
  EXPECT_EQ(list("", 2), (std::vector<std::string>{ids[2], ids[1]}));
  EXPECT_EQ(list(ids[1], 2), (std::vector<std::string>{ids[0]}));
  EXPECT_TRUE(list("", 5).size() == 3);
  EXPECT_TRUE(list(ids[0], 5).empty());
}

TEST_P(RedemptionTest, ARewardWithATierIsForMembersOfThatLevelAndAbove) {
  program::Program p;
  p.tiers = testing::OrdersTiers({"member", "gold", "platinum"});
  program::Reward gold = MakeReward("gold_only", 10);
  gold.tier = "gold";
  p.rewards.push_back(gold);
  PutProgram(p, At("2026-01-01"));
  Credit(anna_, 100, std::nullopt);
  EXPECT_EQ(Refusal(Redeem(anna_, "gold_only", now_)),
            std::make_pair(ErrorCode::kFailedPrecondition, std::string("tier")))
      << "no tier state: the base level";
  EXPECT_EQ(BalancesOf(anna_).available, 100);
  PlaceAtLevel(anna_, "gold", now_);
  EXPECT_TRUE(Redeem(anna_, "gold_only", now_));
  PlaceAtLevel(anna_, "platinum", now_);
  EXPECT_TRUE(Redeem(anna_, "gold_only", now_));
  EXPECT_EQ(BalancesOf(anna_).available, 80);
}

// docs/loyalty.md's worked example of redeeming, as written there.
TEST_P(RedemptionTest, TheDocumentedExampleHolds) {
  auto catalog = program::ParseProgram(boost::json::parse(R"({"rewards": [
    {"code": "five_off", "name": "£5 off your order", "kind": "amount_off",
     "amount_minor": {"GBP": 500, "EUR": 600}, "points_cost": 500},
    {"code": "tote", "name": "Canvas tote", "kind": "free_product", "sku": "TOTE-1",
     "points_cost": 1200, "stock": 100,
     "valid_from": "2026-12-01T00:00:00", "valid_until": "2027-01-01T00:00:00Z"}]})")
                                           .as_object());
  ASSERT_TRUE(catalog) << catalog.error().ToString();
  PutProgram(*catalog, At("2026-06-01"));
  auto utc = [](const char* text) { return ToUtc(ParseDateTime(text).value(), nullptr); };
  const Timestamp march = utc("2027-03-31T00:00:00Z");
  auto left_in = [&](Timestamp expiry) {
    return Count(
        "SELECT COALESCE(SUM(remaining), 0) FROM ledger_lots WHERE state = 'available' "
        "AND expires_at = " +
        std::to_string(expiry.time_since_epoch().count()));
  };
  Credit(anna_, 600, march);
  Credit(anna_, 400, utc("2027-06-30T00:00:00Z"));
  const Timestamp december = utc("2026-12-01T10:00:00Z");
  auto first = Redeem(anna_, "five_off", december);
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_EQ(first->balances.available, 500);
  EXPECT_EQ(left_in(march), 100);
  EXPECT_EQ(first->record.coupon.value.amount_minor,
            (std::map<std::string, int64_t>{{"EUR", 600}, {"GBP", 500}}));
  EXPECT_EQ(first->record.coupon.valid_until, utc("2027-03-01T10:00:00Z"));
  ASSERT_TRUE(Redeem(anna_, "five_off", december));
  EXPECT_EQ(BalancesOf(anna_).available, 0);
  EXPECT_EQ(Refusal(Redeem(anna_, "five_off", december)),
            std::make_pair(ErrorCode::kFailedPrecondition, std::string("points")));
  auto cancelled = Cancel(first->record.redemption.public_id, december);
  ASSERT_TRUE(cancelled) << cancelled.error().ToString();
  EXPECT_EQ(cancelled->balances.available, 500);
  EXPECT_EQ(left_in(march), 500);

  const int64_t tomo = AddCustomer("tomo");
  Credit(tomo, 1200, std::nullopt);
  const Timestamp evening = utc("2026-11-30T23:00:00Z");
  auto zone = [&](const char* name) {
    ASSERT_TRUE(db::RunInTransaction(
        db(), [&](db::Transaction& tx) { return settings::Set(tx, "time_zone", name); }));
  };
  zone("Europe/London");
  EXPECT_EQ(Refusal(Redeem(tomo, "tote", evening)),
            std::make_pair(ErrorCode::kFailedPrecondition, std::string("valid_from")));
  zone("Asia/Tokyo");
  EXPECT_TRUE(Redeem(tomo, "tote", evening));
}

LOYAL_INSTANTIATE_BACKEND_TESTS(RedemptionTest);

}  // namespace
}  // namespace loyal::intake
