// Tier birthday gifts: on a member's birthday in the shop's time zone (the days
// calendar_jobs.h's BirthDatesCelebratedOn lists), a coupon of their tier level's
// benefits.birthday_gift_reward, at zero points, once per customer and year. The gift is
// claimed by a row keyed by customer and year in the gift's own transaction, so several job
// processes at once give it once; the level is read under the member's ledger lock, as tier
// moves are made. A level without a gift, or a program without tiers, gives nothing; a
// birthday on which no job ran is not caught up. The coupon is the reward's (redemption.h
// RewardCoupon) and counts against neither its stock nor its per-customer limit: it is the
// tier's gift, not a redemption.
//
// Thread-safety: stateless; `db` is shared as database.h says.
#pragma once

#include <cstdint>

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"
#include "program/program_service.h"
#include "settings/settings.h"

namespace loyal::intake {

// Gives today's gifts under `current`; returns how many coupons it issued. Errors: the
// store's.
[[nodiscard]] Result<int64_t> GiveBirthdayGifts(db::Database& db,
                                                const settings::ShopSettings& shop,
                                                const program::ProgramVersion& current,
                                                Timestamp now);

}  // namespace loyal::intake
