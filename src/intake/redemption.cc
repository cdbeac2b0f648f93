#include "intake/redemption.h"

#include <optional>

#include "core/hashing.h"
#include "ledger/hold_service.h"
#include "ledger/ledger_queries.h"
#include "ledger/ledger_service.h"
#include "program/reward_stock.h"
#include "program/tier_service.h"
#include "promotions/coupon_service.h"
#include "settings/settings_service.h"

namespace loyal::intake {
namespace {

// The coupon carries the reward's value as it was when redeemed.
promotions::CouponValue ValueOf(const program::Reward& reward) {
  using K = promotions::CouponKind;
  promotions::CouponValue v;
  switch (reward.kind) {
    case program::RewardKind::kAmountOff:
      v.kind = K::kAmountOff;
      v.amount_minor = reward.amount_minor;
      break;
    case program::RewardKind::kPercentOff:
      v.kind = K::kPercentOff;
      v.percent_off = reward.percent_off;
      break;
    case program::RewardKind::kFreeProduct:
      v.kind = K::kFreeProduct;
      v.sku = reward.sku;
      break;
    case program::RewardKind::kFreeShipping:
      v.kind = K::kFreeShipping;
      break;
    case program::RewardKind::kDonation:
      v.kind = K::kDonation;
      v.amount_minor = reward.amount_minor;
      v.cause = reward.cause;
      break;
  }
  return v;
}

// 128 random bits, as a hold's: a public id tells nothing of other redemptions.
constexpr size_t kRedemptionTokenBytes = 16;

// The refusals that need no lock: the reward exists and is redeemable now.
Result<const program::Reward*> RedeemableReward(db::Transaction& tx,
                                                const program::ProgramVersion* program,
                                                std::string_view code, Timestamp now) {
  const program::Reward* reward = program ? program->program.FindReward(code) : nullptr;
  if (reward == nullptr) {
    return FailedPrecondition("the program has no reward " + std::string(code), "reward");
  }
  LOY_ASSIGN_OR_RETURN(settings::ShopSettings shop, settings::Load(tx));
  LOY_RETURN_IF_ERROR(program::RedeemableAt(*reward, now, shop.time_zone));
  return reward;
}

// The tier requirement: the member's level, read under their ledger lock (tier moves are
// made under it too), at least the reward's.
Status CheckTier(db::Transaction& tx, const program::Program& program,
                 const program::Reward& reward, int64_t customer_id) {
  if (!reward.tier) return {};
  const std::optional<size_t> required =
      program.tiers ? program.tiers->FindLevel(*reward.tier) : std::nullopt;
  if (!required) return Internal("the program's reward names a tier it does not have");
  LOY_ASSIGN_OR_RETURN(size_t level, program::CurrentTierLevel(tx, customer_id, *program.tiers));
  if (level < *required) {
    return FailedPrecondition("the reward " + reward.code + " is for " +
                                  program.tiers->levels[*required].name + " members and above",
                              "tier");
  }
  return {};
}

// The refusals decided on the customer's locked books: points, tier, then the per-customer
// limit.
Status CheckCustomer(db::Transaction& tx, const program::Program& program,
                     const program::Reward& reward, int64_t customer_id, Timestamp now) {
  LOY_ASSIGN_OR_RETURN(ledger::Balances balances, ledger::LockBooks(tx, customer_id, now));
  if (balances.available < reward.points_cost) {
    return FailedPrecondition("not enough points", "points");
  }
  LOY_RETURN_IF_ERROR(CheckTier(tx, program, reward, customer_id));
  if (!reward.per_customer_limit) return {};
  LOY_ASSIGN_OR_RETURN(int64_t used, store::CountActive(tx, customer_id, reward.code));
  if (used >= *reward.per_customer_limit) {
    return FailedPrecondition("the customer has redeemed " + reward.code + " " +
                                  std::to_string(used) + " times, its limit",
                              "per_customer_limit");
  }
  return {};
}

Result<Redemption> LockedRedemption(db::Transaction& tx, std::string_view public_id,
                                    Timestamp now) {
  LOY_ASSIGN_OR_RETURN(auto key, store::LookupRedemption(tx, public_id));
  if (!key) return NotFound("redemption not found");
  LOY_RETURN_IF_ERROR(ledger::LockBooks(tx, key->first, now));
  LOY_ASSIGN_OR_RETURN(auto found, store::FindRedemption(tx, key->first, key->second));
  if (!found) return Internal("redemption_lookup names a redemption that does not exist");
  return std::move(*found);
}

}  // namespace

promotions::CouponRequest RewardCoupon(int64_t customer_id, const program::Reward& reward,
                                       Timestamp now) {
  return {customer_id, ValueOf(reward), "reward:" + reward.code, now,
          program::CouponExpiry(reward, now)};
}

Result<RedemptionResult> RedeemReward(db::Transaction& tx, program::ProgramCache& programs,
                                      int64_t customer_id, std::string_view reward_code,
                                      Timestamp now) {
  LOY_ASSIGN_OR_RETURN(auto program, programs.Current(tx));
  LOY_ASSIGN_OR_RETURN(const program::Reward* reward,
                       RedeemableReward(tx, program.get(), reward_code, now));
  LOY_RETURN_IF_ERROR(CheckCustomer(tx, program->program, *reward, customer_id, now));
  // Last of the refusals and first of the writes: the stock row is locked from here to the
  // commit, so it is taken once nothing else can refuse.
  if (reward->stock) {
    LOY_ASSIGN_OR_RETURN(bool taken, program::TakeStock(tx, reward->code, *reward->stock));
    if (!taken) return FailedPrecondition("the reward " + reward->code + " is sold out", "stock");
  }
  LOY_ASSIGN_OR_RETURN(std::string token, RandomToken(kRedemptionTokenBytes));
  Redemption r;
  r.customer_id = customer_id;
  r.public_id = "red_" + token;
  r.reward_code = reward->code;
  r.points = reward->points_cost;
  r.took_stock = reward->stock.has_value();
  r.program_version = program->version;
  r.created_at = now;
  LOY_ASSIGN_OR_RETURN(ledger::HoldResult held,
                       ledger::PlaceHold(tx, customer_id, r.points, r.public_id, now));
  LOY_ASSIGN_OR_RETURN(ledger::HoldResult paid, ledger::CaptureHold(tx, held.hold.public_id, now));
  r.hold_public_id = paid.hold.public_id;
  LOY_ASSIGN_OR_RETURN(promotions::Coupon coupon,
                       promotions::IssueCoupon(tx, RewardCoupon(customer_id, *reward, now), now));
  r.coupon_id = coupon.coupon_id;
  LOY_ASSIGN_OR_RETURN(r.redemption_id, store::NewRedemptionId(tx));
  LOY_RETURN_IF_ERROR(store::InsertRedemption(tx, r));
  return RedemptionResult{{std::move(r), std::move(coupon)}, paid.balances};
}

Result<RedemptionResult> CancelRedemption(db::Transaction& tx, std::string_view public_id,
                                          Timestamp now) {
  LOY_ASSIGN_OR_RETURN(Redemption r, LockedRedemption(tx, public_id, now));
  if (r.state == RedemptionState::kCancelled) {
    LOY_ASSIGN_OR_RETURN(auto coupon,
                         promotions::GetCustomerCoupon(tx, r.customer_id, r.coupon_id));
    LOY_ASSIGN_OR_RETURN(ledger::Balances balances, ledger::GetBalances(tx, r.customer_id));
    return RedemptionResult{{std::move(r), std::move(coupon)}, balances};
  }
  // First, since it is the one refusal: a coupon already used on an order keeps its points.
  LOY_ASSIGN_OR_RETURN(auto coupon, promotions::CancelCoupon(tx, r.customer_id, r.coupon_id, now));
  const ledger::Memo memo{"redemption " + r.public_id + " cancelled", "redemption", r.public_id,
                          r.program_version, std::nullopt};
  LOY_ASSIGN_OR_RETURN(ledger::Posted posted,
                       ledger::RestoreHold(tx, r.hold_public_id, r.points, memo, now));
  if (r.took_stock) LOY_RETURN_IF_ERROR(program::ReturnStock(tx, r.reward_code));
  LOY_RETURN_IF_ERROR(store::MarkCancelled(tx, r, now));
  r.state = RedemptionState::kCancelled;
  r.cancelled_at = now;
  return RedemptionResult{{std::move(r), std::move(coupon)}, posted.balances};
}

Result<std::vector<RedemptionRecord>> ListRedemptions(db::Transaction& tx, int64_t customer_id,
                                                      std::string_view after_public_id, int limit) {
  LOY_ASSIGN_OR_RETURN(auto rows, store::ListRedemptions(tx, customer_id, after_public_id, limit));
  std::vector<RedemptionRecord> out;
  for (Redemption& r : rows) {
    LOY_ASSIGN_OR_RETURN(auto coupon,
                         promotions::GetCustomerCoupon(tx, r.customer_id, r.coupon_id));
    out.push_back({std::move(r), std::move(coupon)});
  }
  return out;
}

}  // namespace loyal::intake
