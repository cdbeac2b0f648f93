// How the ledger's routes write balances, ledger entries, holds and the liability as JSON,
// and the OpenAPI schemas of those objects. Internal ids (ledger transactions, lots, holds'
// rows, customers) never appear: customers are named by the shop's id, holds by their
// public id, and an entry's origin by its order's external id, hold id or event name.
//
// Pure functions; thread-safe.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/money.h"
#include "ledger/hold_store.h"
#include "ledger/ledger.h"
#include "ledger/ledger_queries.h"

namespace loyal::ledger {

// {"available", "pending", "held", "debt", "lifetime_earned"}.
boost::json::object BalancesJson(const Balances& balances);
extern const char kBalancesSchema[];

// One ledger transaction: kind, reason, when, the program version, its source
// ({"type","id"} or null), the actor, what it changed in the customer's balances, and
// its postings summed per account (lots are internal).
boost::json::object EntryJson(const Entry& entry);
extern const char kEntrySchema[];

// A hold and the customer's balances after the call; `customer_id` is the shop's id.
boost::json::object HoldJson(const Hold& hold, const std::string& customer_id,
                             const Balances& balances);
std::string HoldSchema();

// The points expiring within 30, 60 and 90 days of `now`, and each expiry within 90.
boost::json::object ExpiringJson(const std::vector<ExpiringPoints>& within_90_days, Timestamp now);

// The liability valued at `point_value_micros` (micro-units of `currency`'s major unit a
// point): per expiry month and in total, each rounded half to even to minor units once.
// Errors: invalid_argument on overflow.
[[nodiscard]] Result<boost::json::object> LiabilityJson(const Liability& liability,
                                                        const Currency& currency,
                                                        int64_t point_value_micros);
extern const char kLiabilitySchema[];

}  // namespace loyal::ledger
