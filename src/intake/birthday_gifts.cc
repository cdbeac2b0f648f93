#include "intake/birthday_gifts.h"

#include <date/date.h>

#include <algorithm>

#include "customers/customer_service.h"
#include "intake/calendar_jobs.h"
#include "intake/job_paging.h"
#include "intake/redemption.h"
#include "intake/redemption_store.h"
#include "orders/orders.h"
#include "program/tier_service.h"

namespace loyal::intake {
namespace {

// The gift of the member's level, or nullptr when it gives none.
Result<const program::Reward*> GiftOf(db::Transaction& tx, const program::Program& program,
                                      int64_t customer_id) {
  LOY_ASSIGN_OR_RETURN(size_t level, program::CurrentTierLevel(tx, customer_id, *program.tiers));
  const auto& gift = program.tiers->levels[level].benefits.birthday_gift_reward;
  if (!gift) return nullptr;
  const program::Reward* reward = program.FindReward(*gift);
  // The document refuses a gift that is not in the catalog (rewards_json.cc).
  if (reward == nullptr) return Internal("the birthday gift " + *gift + " is not a reward");
  return reward;
}

}  // namespace

Result<int64_t> GiveBirthdayGifts(db::Database& db, const settings::ShopSettings& shop,
                                  const program::ProgramVersion& current, Timestamp now) {
  const program::Program& program = current.program;
  if (!program.tiers ||
      std::none_of(program.tiers->levels.begin(), program.tiers->levels.end(),
                   [](const auto& l) { return l.benefits.birthday_gift_reward.has_value(); })) {
    return 0;
  }
  const DayNumber today = orders::LocalDay(now, shop.time_zone);
  const int year = static_cast<int>(date::year_month_day{date::sys_days{date::days{today}}}.year());
  const std::vector<DayNumber> born = BirthDatesCelebratedOn(today);
  auto list = [&](db::Transaction& tx, int64_t after) {
    return customers::CustomersBornOn(tx, born, after, kJobBatch);
  };
  auto give = [&](db::Transaction& tx, const std::vector<int64_t>& ids) -> Result<int64_t> {
    int64_t given = 0;
    for (int64_t id : ids) {
      LOY_RETURN_IF_ERROR(ledger::LockBooks(tx, id, now));
      LOY_ASSIGN_OR_RETURN(const program::Reward* reward, GiftOf(tx, program, id));
      if (reward == nullptr) continue;
      LOY_ASSIGN_OR_RETURN(bool claimed, store::ClaimBirthdayGift(tx, id, year, reward->code, now));
      if (!claimed) continue;
      promotions::CouponRequest request = RewardCoupon(id, *reward, now);
      request.source = "birthday_gift:" + reward->code;
      LOY_ASSIGN_OR_RETURN(promotions::Coupon coupon, promotions::IssueCoupon(tx, request, now));
      LOY_RETURN_IF_ERROR(store::SetBirthdayGiftCoupon(tx, id, year, coupon.coupon_id));
      ++given;
    }
    return given;
  };
  return ForEachPage(db, list, give);
}

}  // namespace loyal::intake
