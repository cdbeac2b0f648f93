// The SQL for customer records (tables customers and customer_lookup, migration 0003).
// Plain functions over the caller's transaction, reusable by the customer service, the
// order intake and the importers' bulk paths. They check no business rules: callers pass
// validated, normalized records.
//
// Thread-safety: as the Transaction they are given (one thread at a time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "customers/customers.h"
#include "db/database.h"

namespace loyal::customers::store {

// Returns the customer with that internal id, or nullopt. Errors: the transaction's.
[[nodiscard]] Result<std::optional<Customer>> FindById(db::Transaction& tx, int64_t customer_id);

// Returns the customer the shop knows as `external_id`, or nullopt.
[[nodiscard]] Result<std::optional<Customer>> FindByExternalId(db::Transaction& tx,
                                                               std::string_view external_id);

// Returns the internal id for `external_id` from customer_lookup, or nullopt.
[[nodiscard]] Result<std::optional<int64_t>> LookupId(db::Transaction& tx,
                                                      std::string_view external_id);

// Records external_id -> customer_id in customer_lookup. Returns false, changing
// nothing, when the external id is already taken (a concurrent create won: on
// PostgreSQL this waits for that transaction to finish, so a re-read sees its row).
[[nodiscard]] Result<bool> ClaimExternalId(db::Transaction& tx, std::string_view external_id,
                                           int64_t customer_id);

// Inserts the customers row (not the look-up). Errors: already_exists for a used id.
[[nodiscard]] Status Insert(db::Transaction& tx, const Customer& customer);

// Rewrites every column of an existing row; not_found when there is none.
[[nodiscard]] Status Update(db::Transaction& tx, const Customer& customer);

// Turns the customer into kind=customer if it is a prospect; otherwise changes nothing.
[[nodiscard]] Status PromoteProspect(db::Transaction& tx, int64_t customer_id, Timestamp now);

struct ListFilter {
  int64_t after_id = 0;  // only customers with a larger internal id
  int limit = 50;
  std::optional<std::string> email;  // exact match on the normalized address
  std::optional<CustomerKind> kind;
};

// Returns up to `limit` customers in internal-id order (creation order).
[[nodiscard]] Result<std::vector<Customer>> List(db::Transaction& tx, const ListFilter& filter);

// Up to `limit` ids of customers and prospects (not guests) born on one of `days`, above
// `after_customer_id`, by id.
[[nodiscard]] Result<std::vector<int64_t>> BornOn(db::Transaction& tx,
                                                  const std::vector<DayNumber>& days,
                                                  int64_t after_customer_id, int limit);

// Points the look-up of `external_id` at customer `into` and deletes customer `from`'s
// record. Errors: the transaction's.
[[nodiscard]] Status RepointAndDelete(db::Transaction& tx, std::string_view external_id,
                                      int64_t from, int64_t into);

}  // namespace loyal::customers::store
