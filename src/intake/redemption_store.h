// The SQL of redemptions (migration 0015): customers' redemptions and redemption_lookup,
// which finds a redemption's customer from its public id, and the claims of tier birthday
// gifts. Internal to intake/'s redemption and birthday-gift use cases (redemption.h,
// birthday_gifts.h); it checks no rules.
//
// Thread-safety: as the Transaction they are given (one thread at a time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"

namespace loyal::intake {

enum class RedemptionState { kActive, kCancelled };
std::string_view RedemptionStateName(RedemptionState state);  // "active", "cancelled"

struct Redemption {
  int64_t customer_id = 0;
  int64_t redemption_id = 0;  // internal; never shown outside
  std::string public_id;      // red_<token>
  std::string reward_code;
  int64_t points = 0;
  std::string hold_public_id;  // the captured hold that paid
  int64_t coupon_id = 0;
  bool took_stock = false;  // it counted in reward_stock
  RedemptionState state = RedemptionState::kActive;
  int64_t program_version = 0;
  Timestamp created_at;
  std::optional<Timestamp> cancelled_at;
};

}  // namespace loyal::intake

namespace loyal::intake::store {

// Returns a fresh redemption id (sequence "redemptions").
[[nodiscard]] Result<int64_t> NewRedemptionId(db::Transaction& tx);

// Records the redemption and its look-up. Errors: already_exists; the transaction's.
[[nodiscard]] Status InsertRedemption(db::Transaction& tx, const Redemption& r);

// The customer and redemption id of `public_id`, or nullopt.
[[nodiscard]] Result<std::optional<std::pair<int64_t, int64_t>>> LookupRedemption(
    db::Transaction& tx, std::string_view public_id);

// The redemption, or nullopt. Errors: internal for a state it cannot read.
[[nodiscard]] Result<std::optional<Redemption>> FindRedemption(db::Transaction& tx,
                                                               int64_t customer_id,
                                                               int64_t redemption_id);

// How many active redemptions of `reward_code` the customer has.
[[nodiscard]] Result<int64_t> CountActive(db::Transaction& tx, int64_t customer_id,
                                          std::string_view reward_code);

// Up to `limit` of the customer's redemptions, newest first, after the one named
// `after_public_id` (from the newest when empty).
[[nodiscard]] Result<std::vector<Redemption>> ListRedemptions(db::Transaction& tx,
                                                              int64_t customer_id,
                                                              std::string_view after_public_id,
                                                              int limit);

// Marks an active redemption cancelled. Errors: internal when it is not active.
[[nodiscard]] Status MarkCancelled(db::Transaction& tx, const Redemption& r, Timestamp now);

// Records the customer's birthday gift of `year` (a coupon of `reward_code`) unless one is
// recorded; returns whether this call recorded it (a racing job that lost gets false once the
// winner commits). Errors: the transaction's.
[[nodiscard]] Result<bool> ClaimBirthdayGift(db::Transaction& tx, int64_t customer_id, int year,
                                             std::string_view reward_code, Timestamp now);

// Notes the coupon that the claimed gift of `year` issued.
[[nodiscard]] Status SetBirthdayGiftCoupon(db::Transaction& tx, int64_t customer_id, int year,
                                           int64_t coupon_id);

}  // namespace loyal::intake::store
