// Order intake: the use cases that cross rooms when the shop tells Loyal about an order, a
// status change or a return. The routes (order_intake_routes.h) go through here and the
// importers through its bulk form (batch_intake.h), so every order gets the same effects
// however it arrives; rooms never call each other for them, and a room below never calls
// one above.
//
// Each use case runs in the caller's transaction (a use case is one transaction; the
// caller — a route, an import batch, the group committer — owns it and commits or rolls it
// back), reads the shop settings it needs in that transaction (so a changed setting
// applies to the next request), and calls the rooms' services in order, written out here.
//
// Replays. Each is idempotent by the shop's ids. When the orders room reports a replay (an
// order or return already stored from the same request, a status the order already has),
// no effect runs again and the result is rebuilt from what is stored. Effects that later
// rooms add (ledger earning on a new order and clawback on a new return, tier moves,
// coupon redemption, referral conversion, notifications) are calls placed in each
// function's first-time branch, after the orders room's call and only when it created or
// changed something, so they run exactly once per order, status change or return; a replay
// reads their stored results back (e.g. the points an order earned) instead.
//
// The program in force is read through the caller's program::ProgramCache (one per
// process), in the use case's own transaction.
//
// Thread-safety: stateless functions; the transaction belongs to the calling thread.
#pragma once

#include <string_view>

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"
#include "orders/order_json.h"
#include "orders/order_service.h"
#include "program/program_service.h"

namespace loyal::intake {

// Records the order (its buyer too, if new), placed_at and the calendar day read in the
// shop's time zone, and returns it with created=true; an identical request again returns
// the stored order with created=false. (The orders room's result for now; when a later
// room adds to the reply, e.g. the points earned, this returns intake's own struct.)
// Errors: invalid_argument (field path) for bad input; already_exists when the id is
// stored with a different request; failed_precondition when the shop's stored settings no
// longer load; the transaction's.
[[nodiscard]] Result<orders::CreateOrderResult> RecordOrder(db::Transaction& tx,
                                                            program::ProgramCache& programs,
                                                            const orders::OrderRequest& request,
                                                            Timestamp now);

// Moves the order the shop calls `order_id` to `to` and returns it with changed=true;
// asking for the status it already has changes nothing and returns the order as stored,
// changed=false. Errors: not_found; failed_precondition for a move the status flow
// forbids; the transaction's.
[[nodiscard]] Result<orders::SetStatusResult> ChangeOrderStatus(db::Transaction& tx,
                                                                program::ProgramCache& programs,
                                                                std::string_view order_id,
                                                                orders::OrderStatus to,
                                                                Timestamp now);

// Records a return against request.input.order_external_id, returned_at and its day read
// in the shop's time zone, and returns it with created=true; an identical request again
// returns the stored return with created=false. Errors: invalid_argument (field path);
// not_found for an unknown order; already_exists when the return id is stored with a
// different request; failed_precondition beyond what was bought or paid, for a cancelled
// order, or when the shop's stored settings no longer load; the transaction's.
[[nodiscard]] Result<orders::CreateReturnResult> RecordReturn(db::Transaction& tx,
                                                              program::ProgramCache& programs,
                                                              const orders::ReturnRequest& request,
                                                              Timestamp now);

}  // namespace loyal::intake
