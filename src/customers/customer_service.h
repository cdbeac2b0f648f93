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

namespace loyal::customers {

struct UpsertResult {
  Customer customer;
  bool created = false;
};

// Creates the customer known as input.external_id, or updates it with the fields the
// input sets (unset ones keep their values). A guest record is never targeted (guests have
// no shop id). Errors: invalid_argument (field named) for bad input; the transaction's.
[[nodiscard]] Result<UpsertResult> UpsertCustomer(db::Transaction& tx, CustomerInput input,
                                                  Timestamp now);

// Returns the customer the shop knows as `external_id`. Errors: not_found.
[[nodiscard]] Result<Customer> GetCustomer(db::Transaction& tx, std::string_view external_id);

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;

struct ListQuery {
  int limit = kDefaultPageSize;      // 1..500
  std::string after;                 // a cursor from a previous page; empty for the first
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
// customer. Safe against concurrent creates of the same id. Errors: the transaction's.
[[nodiscard]] Result<int64_t> EnsureBuyer(db::Transaction& tx, std::string_view external_id,
                                          const BuyerContact& contact, Timestamp now);

// Returns a fresh internal customer id (sequence "customers"), for a guest to be created
// with CreateGuest once the caller has won its own race (the order look-up).
[[nodiscard]] Result<int64_t> NewCustomerId(db::Transaction& tx);

// Creates a kind=guest customer with the id from NewCustomerId. Errors: the transaction's.
[[nodiscard]] Status CreateGuest(db::Transaction& tx, int64_t customer_id,
                                 const BuyerContact& contact, Timestamp now);

}  // namespace loyal::customers
