// HTTP routes of reward redemption ({id} is the shop's customer id; unknown: 404):
//   POST /v1/customers/{id}/redemptions   {"reward": code}: spend points on a reward's coupon
//   GET  /v1/customers/{id}/redemptions   the customer's redemptions, newest first, paged
//   GET  /v1/customers/{id}/rewards       the catalog as this customer sees it: what each
//                                         costs and whether their points reach it
//                                         (?affordable=true: only those)
//   POST /v1/redemptions/{id}/cancel      admin: undo an unused redemption ({id}: red_...)
// The POSTs need an Idempotency-Key (they move points). A storefront key with the
// customer's token (http/customer_tokens.h) reaches that customer's redemptions and
// rewards, and nothing of anyone else's. The use cases are redemption.h.
//
// Thread-safety: the handlers are thread-safe; the Database, Clock and ProgramCache must
// outlive the Router.
#pragma once

#include "core/time.h"
#include "db/database.h"
#include "http/handler.h"
#include "program/program_service.h"

namespace loyal::intake {

void AddRedemptionRoutes(http::Router& router, db::Database& db, const Clock& clock,
                         program::ProgramCache& programs);

}  // namespace loyal::intake
