#include "intake/birthday_gifts.h"

#include <gtest/gtest.h>

#include "intake/event_test_support.h"

namespace loyal::intake {
namespace {

using testing::EventTestBase;

// Gold gives a birthday box; Member gives nothing.
program::Program GiftProgram() {
  program::Program p;
  p.tiers = testing::OrdersTiers({"member", "gold"});
  p.tiers->levels[1].benefits.birthday_gift_reward = "birthday_box";
  program::Reward box;
  box.code = "birthday_box";
  box.name = "Birthday box";
  box.kind = program::RewardKind::kFreeProduct;
  box.sku = "BDAY-BOX";
  box.points_cost = 500;
  box.coupon_valid_days = 30;
  p.rewards.push_back(box);
  return p;
}

class BirthdayGiftsTest : public EventTestBase {
 protected:
  void SetUp() override {
    EventTestBase::SetUp();
    if (IsSkipped() || HasFailure()) return;
    PutProgram(GiftProgram(), At("2026-01-01"));
  }

  // Runs the gifts job at `now`; returns how many it gave.
  int64_t Give(Timestamp now) {
    auto given =
        db::WithTransaction(db(), [&](db::Transaction& tx) -> Result<settings::ShopSettings> {
          return settings::Load(tx);
        }).and_then([&](const settings::ShopSettings& shop) {
          return db::WithReadTransaction(db(), program::CurrentProgram)
              .and_then([&](const std::optional<program::ProgramVersion>& current) {
                return GiveBirthdayGifts(db(), shop, *current, now);
              });
        });
    EXPECT_TRUE(given) << given.error().ToString();
    return given ? *given : -1;
  }
};

TEST_P(BirthdayGiftsTest, AGoldMemberGetsTheTiersGiftOnTheirBirthdayOnceAYear) {
  const int64_t gold = AddCustomer("gold", ParseDate("1990-03-14").value());
  const int64_t member = AddCustomer("member", ParseDate("1985-03-14").value());
  const int64_t other_day = AddCustomer("other", ParseDate("1990-03-15").value());
  PlaceAtLevel(gold, "gold", At("2026-01-01"));
  PlaceAtLevel(other_day, "gold", At("2026-01-01"));
  EXPECT_EQ(Give(At("2026-03-14T08:00")), 1);
  EXPECT_EQ(Give(At("2026-03-14T20:00")), 0) << "once a year";
  EXPECT_EQ(Count("SELECT COUNT(*) FROM coupons WHERE customer_id = " + std::to_string(gold)), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM coupons WHERE customer_id = " + std::to_string(member)), 0)
      << "the base level gives no gift";
  EXPECT_EQ(Count("SELECT COUNT(*) FROM coupons WHERE customer_id = " + std::to_string(other_day)),
            0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM coupons WHERE source = 'birthday_gift:birthday_box' AND "
                  "sku = 'BDAY-BOX' AND valid_until = " +
                  std::to_string(
                      (At("2026-03-14T08:00") + std::chrono::days(30)).time_since_epoch().count())),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM birthday_gifts WHERE coupon_id IS NOT NULL"), 1);
  EXPECT_EQ(BalancesOf(gold).available, 0) << "a gift costs no points";
  EXPECT_EQ(Count("SELECT COUNT(*) FROM redemptions"), 0);
  EXPECT_EQ(Give(At("2027-03-14T08:00")), 1) << "and again the next year";
}

LOYAL_INSTANTIATE_BACKEND_TESTS(BirthdayGiftsTest);

}  // namespace
}  // namespace loyal::intake
