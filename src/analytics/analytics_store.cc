#include "analytics/analytics_store.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "core/money.h"
#include "settings/settings_service.h"

namespace loyal::analytics {
namespace {

// Daily totals of purchases (orders not cancelled) in currency $3 of identified customers up
// to $2, the per-customer statistics over them with the calibration end $1, and
// calibration refunds in $3.
constexpr std::string_view kStatsSql = R"sql(
WITH daily AS (
  SELECT o.customer_id, o.placed_day AS day, SUM(o.total_minor) AS amount
  FROM orders o
  WHERE o.status <> 'cancelled' AND o.placed_day <= $2 AND o.currency = $3
  GROUP BY o.customer_id, o.placed_day),
per AS (
  SELECT customer_id, MIN(day) AS first_day,
    MAX(CASE WHEN day <= $1 THEN day END) AS last_day,
    SUM(CASE WHEN day <= $1 THEN 1 ELSE 0 END) AS days,
    SUM(CASE WHEN day <= $1 THEN amount ELSE 0 END) AS total,
    SUM(CASE WHEN day > $1 THEN 1 ELSE 0 END) AS holdout_days,
    SUM(CASE WHEN day > $1 THEN amount ELSE 0 END) AS holdout_total
  FROM daily GROUP BY customer_id),
refunds AS (
  SELECT customer_id, SUM(refund_minor) AS refunded
  FROM returns WHERE returned_day <= $1 AND currency = $3 GROUP BY customer_id)
SELECT c.external_id, c.customer_id, p.first_day, p.last_day, p.days, d.amount, p.total,
  COALESCE(r.refunded, 0), p.holdout_days, p.holdout_total
FROM per p
JOIN customers c ON c.customer_id = p.customer_id
JOIN daily d ON d.customer_id = p.customer_id AND d.day = p.first_day
LEFT JOIN refunds r ON r.customer_id = p.customer_id
WHERE p.first_day <= $1 AND c.external_id IS NOT NULL
)sql";

// Cohort cells through $1 of the orders in currency $2. The calendar month of a day number is
// computed with integer arithmetic (Hinnant's civil_from_days), which both backends evaluate
// identically.
constexpr std::string_view kCohortSql = R"sql(
WITH daily AS (
  SELECT o.customer_id, o.placed_day AS day, SUM(o.total_minor) AS amount
  FROM orders o JOIN customers c ON c.customer_id = o.customer_id
  WHERE o.status <> 'cancelled' AND o.placed_day <= $1 AND o.currency = $2
    AND c.external_id IS NOT NULL
  GROUP BY o.customer_id, o.placed_day),
c1 AS (SELECT customer_id, amount, (day + 719468) / 146097 AS era, day + 719468 AS z
       FROM daily),
c2 AS (SELECT customer_id, amount, era, z - era * 146097 AS doe FROM c1),
c3 AS (SELECT customer_id, amount, era, doe,
         (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365 AS yoe FROM c2),
c4 AS (SELECT customer_id, amount, yoe + era * 400 AS y,
         (5 * (doe - (365 * yoe + yoe / 4 - yoe / 100)) + 2) / 153 AS mp FROM c3),
months AS (SELECT customer_id, amount,
         (y + CASE WHEN mp >= 10 THEN 1 ELSE 0 END) * 12
           + CASE WHEN mp < 10 THEN mp + 2 ELSE mp - 10 END AS month FROM c4),
cm AS (SELECT customer_id, month, SUM(amount) AS amount FROM months
       GROUP BY customer_id, month),
firsts AS (SELECT customer_id, MIN(month) AS cohort FROM cm GROUP BY customer_id)
SELECT f.cohort, cm.month - f.cohort AS month_offset, COUNT(*), SUM(cm.amount)
FROM cm JOIN firsts f ON f.customer_id = cm.customer_id
GROUP BY f.cohort, cm.month - f.cohort
)sql";

// "EUR", "EUR and GBP", "EUR, GBP and USD".
std::string ListOf(const std::vector<std::string>& codes) {
  std::string out;
  for (size_t i = 0; i < codes.size(); ++i) {
    if (i > 0) out += i + 1 == codes.size() ? " and " : ", ";
    out += codes[i];
  }
  return out;
}

Status ReadCohortCells(db::Transaction& tx, DayNumber through, AnalysisData& data) {
  data.cohort_cells.clear();
  return tx.ForEach(
      kCohortSql, {db::Value(int64_t{through}), db::Value(data.currency)},
      [&](const db::Row& row) -> Status {
        data.cohort_cells.push_back({static_cast<MonthIndex>(row.Int(0)),
                                     static_cast<int32_t>(row.Int(1)), row.Int(2), row.Int(3)});
        return {};
      });
}

}  // namespace

Status ChooseCurrency(db::Transaction& tx, const std::optional<std::string>& requested,
                      AnalysisData& data) {
  LOY_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT DISTINCT currency FROM orders "
                                           "WHERE status <> 'cancelled' ORDER BY currency"));
  std::vector<std::string> present;
  for (size_t i = 0; i < rows.size(); ++i) present.emplace_back(rows[i].Text(0));
  const auto is_present = [&](std::string_view code) {
    return std::find(present.begin(), present.end(), code) != present.end();
  };
  std::string chosen;
  if (requested) {
    LOY_ASSIGN_OR_RETURN(const Currency code, Currency::Parse(*requested, "currency"));
    if (!is_present(code.code())) {
      return InvalidArgument("the store has no orders in " + std::string(code.code()) +
                                 (present.empty() ? std::string("; it has no orders yet")
                                                  : "; its orders are in " + ListOf(present)),
                             "currency");
    }
    chosen = std::string(code.code());
  } else if (present.size() == 1) {
    chosen = present[0];
  } else if (present.size() > 1) {
    LOY_ASSIGN_OR_RETURN(const settings::ShopSettings shop, settings::Load(tx));
    const std::string fallback(shop.default_currency.code());
    if (!is_present(fallback)) {
      return InvalidArgument("the orders are in " + ListOf(present) +
                                 " and the shop's default currency " + fallback +
                                 " is none of them; choose one with --currency or ?currency=",
                             "currency");
    }
    chosen = fallback;
  } else {
    return FailedPrecondition("the store has no purchases of identified customers");
  }
  LOY_ASSIGN_OR_RETURN(const Currency currency, Currency::ParseStored(chosen));
  data.currency = chosen;
  data.currency_exponent = currency.exponent();
  return {};
}

Result<std::optional<DayNumber>> LastPurchaseDay(db::Transaction& tx, std::string_view currency) {
  LOY_ASSIGN_OR_RETURN(auto rows,
                       tx.Query("SELECT MAX(o.placed_day) FROM orders o JOIN customers c "
                                "ON c.customer_id = o.customer_id WHERE o.status <> "
                                "'cancelled' AND o.currency = $1 AND c.external_id IS NOT NULL",
                                {db::Value(std::string(currency))}));
  if (rows.empty() || rows[0].IsNull(0)) return std::optional<DayNumber>();
  return std::optional<DayNumber>(static_cast<DayNumber>(rows[0].Int(0)));
}

Status ReadAnalysisData(db::Transaction& tx, const SummaryWindow& window, bool cohorts,
                        AnalysisData& data) {
  data.stats = CustomerStats{};
  data.stats.window = window;
  data.store_ids.clear();
  // Rows arrive in no particular order; reports break ties by customer id, so the order
  // does not change any result.
  LOY_RETURN_IF_ERROR(tx.ForEach(
      kStatsSql,
      {db::Value(int64_t{window.calibration_end}), db::Value(int64_t{window.observation_end}),
       db::Value(data.currency)},
      [&](const db::Row& row) -> Status {
        const uint32_t customer = data.ids.Intern(row.Text(0));
        if (customer >= data.store_ids.size()) data.store_ids.resize(customer + 1);
        data.store_ids[customer] = row.Int(1);
        data.stats.Add(customer, static_cast<DayNumber>(row.Int(2)),
                       static_cast<DayNumber>(row.Int(3)), static_cast<int32_t>(row.Int(4) - 1),
                       row.Int(5), row.Int(6), row.Int(7), static_cast<int32_t>(row.Int(8)),
                       row.Int(9));
        return {};
      }));
  if (data.stats.size() == 0) {
    return FailedPrecondition("no customer made a purchase on or before the calibration end " +
                                  FormatDate(window.calibration_end),
                              "--calibration-end");
  }
  if (cohorts) LOY_RETURN_IF_ERROR(ReadCohortCells(tx, window.calibration_end, data));
  return {};
}

}  // namespace loyal::analytics
