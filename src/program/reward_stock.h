// How many of each stocked reward have been redeemed (migration 0015's reward_stock), kept
// apart from the program document because it changes on every redemption. Only rewards with
// a stock have a row: redemptions of the others never touch this table, so they never queue
// on one row. The count survives new program versions: a reward's stock is the total that
// may ever be redeemed under its code.
//
// Concurrency: TakeStock is one guarded increment, so concurrent redeemers on any number
// of connections get exactly the stock and no more (the row lock holds the others until the
// first commits or rolls back). Thread-safety: stateless functions; the transaction
// belongs to the calling thread.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/error.h"
#include "db/database.h"

namespace loyal::program {

// Counts one redemption of reward `code` if fewer than `stock` were redeemed; returns
// whether it did (false: sold out, nothing changed). Errors: the transaction's.
[[nodiscard]] Result<bool> TakeStock(db::Transaction& tx, std::string_view code, int64_t stock);

// Gives back one redemption of `code` (a cancelled redemption that took stock). Errors:
// internal when none is counted; the transaction's.
[[nodiscard]] Status ReturnStock(db::Transaction& tx, std::string_view code);

// The redeemed count of every reward that has one. Errors: the transaction's.
[[nodiscard]] Result<std::map<std::string, int64_t>> RedeemedCounts(db::Transaction& tx);

}  // namespace loyal::program
