// Guest merge: a guest (orders placed without a customer id) registers, and the shop vouches
// that the guest is one of its customers (POST /v1/customers/{id}/merge). The guest's orders
// and returns move to the customer with their lines and the points they earned, the guest's
// points move in the ledger (ledger_merge.h: balanced, lots copied with their expiry), its
// saved analytics are dropped (the next report counts its purchases under the customer),
// and its public id names the customer from then on, so an order the shop sends later
// under the guest id lands in the account. One transaction, written out here since it
// crosses the customers, orders, ledger and analytics rooms.
//
// Idempotency: the route takes an Idempotency-Key; without one, merging a guest already
// merged into this customer answers merged=false and changes nothing.
//
// Thread-safety: stateless; the transaction belongs to the calling thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"

namespace loyal::intake {

struct GuestMerge {
  std::string customer_id;  // the shop's id
  std::string guest_id;
  bool merged = false;  // false: merged into this customer before; nothing moved now
  int64_t orders = 0;   // what moved
  int64_t returns = 0;
  int64_t pending_points = 0;
  int64_t available_points = 0;
  int64_t debt = 0;
};

// Merges guest `guest_id` into the customer the shop calls `customer_id`; `actor` (the API
// key) is kept with the ledger transactions. Errors: not_found for an unknown customer;
// invalid_argument (field guest_id) for an id without the guest prefix; failed_precondition
// (field guest_id) for a guest id that names no guest or one merged into someone else, and
// (no field) when the customer is itself a guest or the guest paid with points (holds);
// the transaction's.
[[nodiscard]] Result<GuestMerge> MergeGuest(db::Transaction& tx, std::string_view customer_id,
                                            std::string_view guest_id,
                                            std::optional<std::string> actor, Timestamp now);

}  // namespace loyal::intake
