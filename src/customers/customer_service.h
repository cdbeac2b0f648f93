// Customer use cases: upsert by the shop's id, get, list by cursor, and the two ways the
// order intake finds the customer of an order (a known shop id, or a new guest). Each
// function runs inside the caller's transaction; an HTTP request or an import batch
// supplies it, commits it, and may call several services in it (design.md).
//
// Thread-safety: stateless functions; the transaction belongs to the calling thread.
// Concurrent creates of the same shop id from many connections yield one customer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "customers/customers.h"
#include "db/database.h"
#include "http/paging.h"

namespace loyal::customers {

struct UpsertResult {
  Customer customer;
  bool created = false;
};

// Creates the customer known as input.external_id, or merges the input into it: fields
// the input sets replace, those in input.cleared are cleared, unset ones keep their
// values; when that changes nothing the record (updated_at included) is left as it was.
// Guests are not changed this way: an id with the guest prefix is refused. Errors:
// invalid_argument (field named) for bad input; the transaction's.
[[nodiscard]] Result<UpsertResult> UpsertCustomer(db::Transaction& tx, CustomerInput input,
                                                  Timestamp now);

// For the birthday job: up to `limit` ids of customers and prospects (never guests) whose
// birthday is one of `days` (full dates: the caller lists the same day of the year in
// every year it cares about), above `after_customer_id`, by id. Errors: the transaction's.
[[nodiscard]] Result<std::vector<int64_t>> CustomersBornOn(db::Transaction& tx,
                                                           const std::vector<DayNumber>& days,
                                                           int64_t after_customer_id, int limit);

// Returns the customer the shop knows as `external_id`, or the guest with that public id
// (guest_…). Errors: not_found.
[[nodiscard]] Result<Customer> GetCustomer(db::Transaction& tx, std::string_view external_id);

// Returns the customer with internal id `customer_id` (another room holds the id, e.g. a
// hold's). Errors: not_found.
[[nodiscard]] Result<Customer> GetCustomerById(db::Transaction& tx, int64_t customer_id);

struct ListQuery {
  int limit = http::kDefaultPageSize;  // 1..500
  // The position a page ended at (CustomerPage::next_after), empty for the first; routes
  // hand it to clients only inside an opaque cursor (http/paging.h).
  std::string after;
  std::optional<std::string> email;  // any case; compared after normalizing
  std::optional<CustomerKind> kind;
};

struct CustomerPage {
  std::vector<Customer> customers;
  std::string next_after;  // cursor for the next page; empty when this page is the last
};

// Returns one page of customers in creation order. Errors: invalid_argument for a limit
// outside 1..500 (field "limit"), a malformed cursor ("after") or e-mail ("email").
[[nodiscard]] Result<CustomerPage> ListCustomers(db::Transaction& tx, const ListQuery& query);

// What an order says about its buyer.
struct BuyerContact {
  std::optional<std::string> email;  // normalized (NormalizeEmail)
  std::optional<std::string> name;
};

// Returns the internal id of the customer known as `external_id` (validated), creating a
// kind=customer record with `contact` when there is none and promoting a prospect to
// customer; a guest's public id names that guest (a guest who buys again). Safe against
// concurrent creates of the same id. Errors: invalid_argument (customer.external_id) for a
// guest id that names no guest; the transaction's.
[[nodiscard]] Result<int64_t> EnsureBuyer(db::Transaction& tx, std::string_view external_id,
                                          const BuyerContact& contact, Timestamp now);

// Returns a fresh internal customer id (sequence "customers"), for a guest to be created
// with CreateGuest once the caller has won its own race (the order look-up).
[[nodiscard]] Result<int64_t> NewCustomerId(db::Transaction& tx);

// Creates a kind=guest customer with the id from NewCustomerId and the public id
// `guest_id` (GuestIdForOrder of the order that made it), by which GetCustomer finds it.
// Errors: internal if `guest_id` is taken already; the transaction's.
[[nodiscard]] Status CreateGuest(db::Transaction& tx, int64_t customer_id,
                                 const std::string& guest_id, const BuyerContact& contact,
                                 Timestamp now);

// Ends guest `guest`, whose orders and points have moved to customer `into`: its public id
// now names `into` (a later order under it, GetCustomer of it), and its record is deleted.
// The contact details it had are not copied: the customer's record is the shop's. Errors:
// internal when `guest` is not a guest with a public id; the transaction's.
[[nodiscard]] Status AbsorbGuest(db::Transaction& tx, const Customer& guest, int64_t into);

}  // namespace loyal::customers
