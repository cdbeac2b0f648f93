// Schema-driven work on customer-owned tables (design.md: every such row carries
// customer_id): which tables they are, and moving a customer's rows of one to another
// customer. Moving is an INSERT ... SELECT of every column followed by a DELETE, never an
// UPDATE of customer_id, since Citus refuses to change a row's distribution column; the
// column list is read from the schema, so a column added by a later migration moves too.
//
// Thread-safety: as the Transaction given (one thread at a time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "db/database.h"

namespace loyal::db {

// Returns the names of the tables that have a customer_id column, sorted.
[[nodiscard]] Result<std::vector<std::string>> TablesWithCustomerId(Transaction& tx);

// Returns `table`'s column names in their declared order; empty for an unknown table.
[[nodiscard]] Result<std::vector<std::string>> TableColumns(Transaction& tx,
                                                            const std::string& table);

// Moves the rows of `table` with customer_id `from` to customer_id `to`, keeping every other
// column, and returns how many moved. `table` must be one of the schema's own names (a
// programmer error otherwise: internal). Errors: already_exists when a moved row's key is
// taken by a row of `to`; the transaction's.
[[nodiscard]] Result<int64_t> MoveCustomerRows(Transaction& tx, const std::string& table,
                                               int64_t from, int64_t to);

// The customer and row id a *_lookup table records for a global key (a hold's public id, a
// coupon's code): `SELECT customer_id, <id_column> FROM <table> WHERE <key_column> = key`,
// or nullopt when the key is unknown. The names are the schema's own. Errors: the
// transaction's.
[[nodiscard]] Result<std::optional<std::pair<int64_t, int64_t>>> LookupCustomerRow(
    Transaction& tx, std::string_view table, std::string_view key_column,
    std::string_view id_column, std::string_view key);

}  // namespace loyal::db
