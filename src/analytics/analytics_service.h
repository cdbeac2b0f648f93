// The analytics room's use cases over the store: compute a report from the orders (SQL
// does the per-customer summary), save its per-customer fields and body, and read a
// customer's saved fields (GET /v1/customers/{id} includes them through this header).
//
// Thread-safety: functions are reentrant; each use case runs in its own transactions on the
// shared Database (reports are read in a read transaction, so writers carry on meanwhile),
// except the Get* reads, which run on the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>

#include <boost/json/object.hpp>

#include "analytics/analytics_store.h"
#include "analytics/report_runner.h"
#include "core/error.h"
#include "db/database.h"

namespace loyal::analytics {

// Computes `request` over the store's orders in one currency (request.currency, else as
// ChooseCurrency in analytics_store.h picks it), read in one read transaction (one
// snapshot). Errors: failed_precondition when the store has no purchases of identified
// customers (or none by the as-of date), or a model cannot be fitted; invalid_argument
// (field "currency") for a currency with no orders or several currencies and no default
// among them, and for dates out of order; the database's.
[[nodiscard]] Result<ComputedReport> ComputeStoreReport(db::Database& db,
                                                        const ReportRequest& request);

// Saves the report's per-customer fields into customer_analytics and then its JSON body
// into analytics_reports, in short write transactions (a thousand customers each), so a
// large save never holds writers up for long. On an error, the customers written before
// it keep their new fields and the previous body stays; saving again completes it.
// Errors: the database's.
[[nodiscard]] Status SaveComputedReport(db::Database& db, const ComputedReport& report,
                                        int64_t now_seconds);

// A customer's saved analytics (by the store's customer_id), or nullopt when no report
// has been saved for them. Errors: the database's.
[[nodiscard]] Result<std::optional<SavedAnalytics>> GetCustomerAnalytics(db::Transaction& tx,
                                                                         int64_t customer_id);

// Deletes what reports saved for the customer (a guest merged into another: the next report
// counts the guest's purchases as the other customer's). Errors: the database's.
[[nodiscard]] Status ForgetCustomerAnalytics(db::Transaction& tx, int64_t customer_id);

// {"as_of","segment" (a slug: "cant_lose"),"scores":{"r","f","m"},"p_alive","churn_band"
//  (a slug: "at_risk"),"expected_purchases","currency","clv","clv_minor","updated_at"
//  (RFC 3339 UTC)}, fields not yet saved omitted.
boost::json::object CustomerAnalyticsJson(const SavedAnalytics& saved);

// The OpenAPI schema of CustomerAnalyticsJson's object (change both together), for the
// customer record's "analytics" member.
inline constexpr const char kCustomerAnalyticsSchema[] = R"({"type": "object",
  "description": "the customer's scores from the last saved analytics reports; absent until one is saved",
  "properties": {
    "as_of": {"type": "string", "format": "date"},
    "segment": {"type": "string", "description": "RFM segment slug, e.g. cant_lose"},
    "scores": {"type": "object", "properties": {
      "r": {"type": "integer"}, "f": {"type": "integer"}, "m": {"type": "integer"}}},
    "p_alive": {"type": "number"},
    "churn_band": {"type": "string", "description": "churn band slug, e.g. at_risk"},
    "expected_purchases": {"type": "number"},
    "currency": {"type": ["string", "null"]},
    "clv": {"type": ["string", "null"], "description": "decimal string of clv_minor"},
    "clv_minor": {"type": "integer"},
    "updated_at": {"type": "string", "format": "date-time"}
  }})";

// The saved body of `report` when it is in `currency` (nullopt: the currency
// ChooseCurrency picks by default), else (rfm, pareto, cohorts, churn) one computed now as
// of the last purchase in that currency. Errors: not_found for an unknown report, or no
// clv saved in that currency; invalid_argument (field "currency") as ChooseCurrency; those
// of ComputeStoreReport.
[[nodiscard]] Result<boost::json::object> SavedOrComputedReport(
    db::Database& db, std::string_view report, const std::optional<std::string>& currency);

}  // namespace loyal::analytics
