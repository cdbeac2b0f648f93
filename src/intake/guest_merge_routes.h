// HTTP route of guest merge (guest_merge.h): POST /v1/customers/{id}/merge with
// {"guest_id": "guest_…"}, admin keys only, Idempotency-Key required (it moves points). The
// body is parsed on the handler thread; the merge runs in the request's savepoint of a
// group-commit transaction.
//
// Thread-safety: the handler is thread-safe; the Clock must outlive the Router.
#pragma once

#include "core/time.h"
#include "http/handler.h"

namespace loyal::intake {

void AddGuestMergeRoutes(http::Router& router, const Clock& clock);

}  // namespace loyal::intake
