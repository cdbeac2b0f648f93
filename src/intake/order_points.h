// Internal to intake: the ledger effects of orders, written out once here and called from
// the first-time branches of order_intake.cc. An order earns under the program in force
// (program/earning.h) as one pending lot; the return window starts at the shop's release
// event (settings points_release: delivered or paid), after which the jobs release it; a
// cancellation reverses what is left; a return reverses exactly its lines' points by the
// program version that earned them and re-checks the order's bonuses against what is kept.
// What each order earned is stored (order_points_store.h), so nothing is computed twice.
//
// Thread-safety: stateless; the transaction belongs to the calling thread.
#pragma once

#include <optional>

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"
#include "intake/order_points_store.h"
#include "orders/orders.h"
#include "program/program_service.h"
#include "program/stored_order_rules.h"
#include "settings/settings.h"

namespace loyal::intake {

// Earns for a newly created order, if a program is in force (read through `programs`) and
// the buyer may earn (guests only when the program says so). Errors: the ledger's and the
// transaction's.
[[nodiscard]] Status EarnForNewOrder(db::Transaction& tx, program::ProgramCache& programs,
                                     const orders::Order& order, const settings::ShopSettings& shop,
                                     Timestamp now);

// The pieces EarnForNewOrder, ApplyOrderStatusToPoints and ReversePointsForReturn are made
// of, for the backfill (backfill.h), which knows the program, the first-order flag and the
// order's history another way and writes the records in bulk.

// When the return window starts and who may earn: program/stored_order_rules.h.
using program::BuyerMayEarn;
using program::ReachedRelease;

// Which of the customer's other orders make `order` not a first order when one of them is
// live (not cancelled): all of them (live intake, where the others were stored before it
// or concurrently), or those stored before it (the backfill, which sees later ones too).
enum class FirstOf { kAllOrders, kStoredBefore };

// Returns whether no other order in `scope` of the customer is live. Errors: the
// transaction's.
[[nodiscard]] Result<bool> IsFirstOrder(db::Transaction& tx, const orders::Order& order,
                                        FirstOf scope);

// What EarnOrderPoints needs to know of the order's buyer and its history.
struct EarnContext {
  bool first_order = false;
  int64_t tier_multiplier_millionths = program::kMillionths;  // the buyer's tier's
  std::optional<Timestamp> release_event;
};

// Earns `order`'s points under `version` as one pending lot, released `release_event` +
// the return window (never while release_event is nullopt), and returns the record to
// store (not stored, and nothing released yet); nullopt when the order earns nothing.
// Errors: the ledger's and the transaction's.
[[nodiscard]] Result<std::optional<store::OrderPoints>> EarnOrderPoints(
    db::Transaction& tx, const orders::Order& order, const program::ProgramVersion& version,
    const EarnContext& context, const settings::ShopSettings& shop, Timestamp now);

// Reverses what is left of the order's lot: it was cancelled. Errors: the ledger's.
[[nodiscard]] Status CancelOrderPoints(db::Transaction& tx, const store::OrderPoints& record,
                                       const orders::Order& order, Timestamp now);

// Reverses what return `ret`'s lines earned and the bonuses the kept part no longer reaches,
// by `rules` (the version that earned `record`); `order` is as it stood just after the
// return (its returned quantities and refund include it). Updates record's kept bonuses,
// which the caller stores. Errors: the ledger's.
[[nodiscard]] Status ReverseReturnPoints(db::Transaction& tx, const orders::Order& order,
                                         const orders::Return& ret, const program::Program& rules,
                                         store::OrderPoints& record, Timestamp now);

// The effects of the order having just moved to order.status: its release event starts
// the return window; a cancellation reverses what the order's lot still holds.
[[nodiscard]] Status ApplyOrderStatusToPoints(db::Transaction& tx, const orders::Order& order,
                                              const settings::ShopSettings& shop, Timestamp now);

// Reverses what a newly recorded return's lines earned, and the bonuses the kept part of
// the order no longer reaches.
[[nodiscard]] Status ReversePointsForReturn(db::Transaction& tx, program::ProgramCache& programs,
                                            const orders::Return& ret, Timestamp now);

}  // namespace loyal::intake
