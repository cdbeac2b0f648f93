// Non-purchase events (sign-up, review, survey answered, referral, the shop's own): the
// shop's backend reports one for a customer (POST /v1/customers/{id}/events) and the
// customer earns the program's points for it, within the rule's cap. A use case across the
// customers, program and ledger rooms, so it lives here (design.md).
//
// The points are available at once (an event has no return window to wait for), settle
// debt first like any release, and expire as the program's expiry says, counted from the
// day the event occurred. A cap allows `count` events per calendar day, week (Monday to
// Sunday), month or year of the shop's time zone, or per lifetime; an event over it is
// recorded with 0 points and `capped`. The per-period counter is an upsert on a row keyed
// by the customer, so the cap is exact however many requests for one customer run at once.
// Every event, capped or not, is activity for the after_inactivity expiry policy.
// Idempotency is the route's (Idempotency-Key): calling this twice records two events.
//
// Thread-safety: stateless; the transaction belongs to the calling thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"
#include "ledger/ledger.h"
#include "program/program.h"

namespace loyal::intake {

struct EventRequest {
  std::string customer_external_id;
  std::string name;
  std::optional<ParsedDateTime> occurred_at;  // nullopt: now; no offset: the shop's zone
  std::optional<std::string> reference;       // the shop's id of what happened
};

struct RecordedEvent {
  std::string public_id;  // evt_<random>
  std::string customer_external_id;
  std::string name;
  Timestamp occurred_at;
  std::optional<std::string> reference;
  int64_t points = 0;   // 0 when capped
  bool capped = false;  // over the rule's cap: recorded, earned nothing
  int64_t program_version = 0;
  std::optional<Timestamp> expires_at;  // of the points earned; nullopt: never, or none
  ledger::Balances balances;            // the customer's, afterwards
};

// Events a day ahead of now are refused: a clock a little fast is fine, a date typo is not.
inline constexpr std::chrono::hours kMaxEventLead{24};

// The name of the calendar period of `period` that `day` falls in, as the cap counters key
// it: "day:2024-03-01", "week:2024-02-26" (the Monday), "month:2024-03", "year:2024",
// "lifetime".
std::string CapPeriodKey(program::CapPeriod period, DayNumber day);

// Records the event and earns its points. Errors: not_found for an unknown customer;
// failed_precondition with no program in force, for a name the program has no event rule
// for (field "name"), an occurred_at more than a day ahead ("occurred_at"), or a guest when
// the program lets no guest earn ("id"); the transaction's.
[[nodiscard]] Result<RecordedEvent> RecordEvent(db::Transaction& tx, const EventRequest& request,
                                                Timestamp now);

}  // namespace loyal::intake
