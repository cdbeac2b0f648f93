// HTTP route of event intake: POST /v1/customers/{id}/events (admin keys; `{id}` the shop's
// customer id; Idempotency-Key required, so a retried call replays its first answer and the
// same key with another body is 409). It answers 201 with the recorded event, also when
// the rule's cap left it without points (`points: 0, capped: true`): the event did happen
// and is kept, and a shop's backend should not retry it. The use case is event_intake.h.
//
// Thread-safety: the handler is thread-safe; the Clock must outlive the Router.
#pragma once

#include "core/time.h"
#include "http/handler.h"

namespace loyal::intake {

extern const char kEventInputSchema[];
extern const char kEventSchema[];

// Registers the route.
void AddEventIntakeRoutes(http::Router& router, const Clock& clock);

}  // namespace loyal::intake
