// The analytics room's SQL: per-customer statistics and cohort cells computed by the
// database (GROUP BY over daily order totals, so only compact per-customer rows travel),
// with the same conventions as the file path (analytics/customer_stats.h): a purchase is
// an order not cancelled, counted on its local calendar day; refunds (returns) reduce
// revenue on their own day but are not purchases; guest customers are left out. Plus the
// customer_analytics table that `--save` fills (migration 0004_analytics.sql).
//
// Thread-safety: functions run on the caller's transaction, which belongs to one thread.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analytics/analysis_data.h"
#include "analytics/customer_stats.h"
#include "core/error.h"
#include "db/database.h"

namespace loyal::analytics {

// Picks the one currency a report counts (orders in others are left out) and sets
// data.currency and data.currency_exponent: `requested` when given, else the only currency
// of the orders not cancelled, else (several) the shop's default currency setting.
// Errors: invalid_argument (field "currency") naming the currencies present when
// `requested` is not an ISO 4217 code or has no orders, or when the orders are in several
// currencies none of which is the default; failed_precondition when there are no orders;
// the database's and settings::Load's.
[[nodiscard]] Status ChooseCurrency(db::Transaction& tx,
                                    const std::optional<std::string>& requested,
                                    AnalysisData& data);

// The latest day of a purchase in `currency` in the store, or nullopt when it has no such
// purchases of identified customers. Errors: the database's.
[[nodiscard]] Result<std::optional<DayNumber>> LastPurchaseDay(db::Transaction& tx,
                                                               std::string_view currency);

// Fills data.ids, data.stats, data.store_ids for `window` and the cohort cells through
// window.calibration_end when `cohorts`, counting only orders and returns in
// data.currency (set by ChooseCurrency). Errors: failed_precondition when nobody bought on
// or before the calibration end; the database's.
[[nodiscard]] Status ReadAnalysisData(db::Transaction& tx, const SummaryWindow& window,
                                      bool cohorts, AnalysisData& data);

// One customer's saved analytics; a field is absent until a report saving it has run.
struct SavedAnalytics {
  int64_t customer_id = 0;
  DayNumber as_of = 0;
  std::optional<std::string> segment;
  std::optional<int64_t> r_score, f_score, m_score;
  std::optional<double> p_alive;
  std::optional<std::string> churn_band;
  std::optional<double> expected_purchases;
  std::optional<int64_t> clv_minor;
  std::string currency;  // of clv_minor; saved with it (empty: unknown)
  int64_t updated_at = 0;
};

// Upserts `rows` by customer_id, writing only the fields that are set (a churn run keeps
// the segments an RFM run saved). Errors: the database's.
[[nodiscard]] Status SaveCustomerAnalytics(db::Transaction& tx,
                                           std::span<const SavedAnalytics> rows);

// Stores the JSON body of a report for GET /v1/analytics/{report}, replacing the last one.
[[nodiscard]] Status SaveReport(db::Transaction& tx, std::string_view report,
                                std::string_view json_body, int64_t computed_at);
// The last saved body of `report`, or nullopt. Errors: the database's.
[[nodiscard]] Result<std::optional<std::string>> LoadReport(db::Transaction& tx,
                                                            std::string_view report);

// The saved analytics of a customer (by the store's customer_id), or nullopt.
[[nodiscard]] Result<std::optional<SavedAnalytics>> LoadCustomerAnalytics(db::Transaction& tx,
                                                                          int64_t customer_id);
// Deletes the customer's saved analytics, if any. Errors: the database's.
[[nodiscard]] Status DeleteCustomerAnalytics(db::Transaction& tx, int64_t customer_id);

}  // namespace loyal::analytics
