// HTTP routes of the rewards catalog, the program's "rewards" part:
//   GET /v1/rewards          the program in force's rewards, each with the stock left
//   GET /v1/rewards/{code}   one of them (404 when the program has none of that code)
//   PUT /v1/rewards/{code}   admin: a new program version with that reward added or replaced
// The GETs are open to storefront keys (the catalog is what a shop shows its customers);
// what one customer can afford is intake/redemption_routes.h's. `db` and `clock` must
// outlive the router.
//
// Thread-safety: the handlers are thread-safe.
#pragma once

#include <boost/json/array.hpp>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"
#include "http/handler.h"
#include "program/rewards.h"

namespace loyal::program {

// The OpenAPI schema (JSON text) of one reward as PUT /v1/rewards/{code} takes it.
extern const char kRewardSchema[];

// kRewardSchema with "stock_left": what GET /v1/rewards shows of each reward.
std::string CatalogRewardSchema();

// The catalog's items for `rewards`: each as program_json.h's RewardJson writes it, with
// "stock_left". Errors: the transaction's.
[[nodiscard]] Result<boost::json::array> CatalogJson(db::Transaction& tx,
                                                     const std::vector<Reward>& rewards);

void AddRewardRoutes(http::Router& router, db::Database& db, const Clock& clock);

}  // namespace loyal::program
