// The customer_analytics and analytics_reports halves of analytics_store.h.
#include <string>

#include "analytics/analytics_store.h"

namespace loyal::analytics {
namespace {

// Rows per INSERT: few round trips, well under SQLite's limit of bound parameters.
constexpr size_t kBatchRows = 200;

// The optional columns a batch writes, decided by its first row (one report's rows all
// set the same fields).
struct Columns {
  bool rfm, p_alive, churn, clv;
};

Columns ColumnsOf(const SavedAnalytics& row) {
  return {row.segment.has_value(), row.p_alive.has_value(), row.churn_band.has_value(),
          row.clv_minor.has_value()};
}

std::vector<std::string> ColumnNames(const Columns& c) {
  std::vector<std::string> names = {"customer_id", "as_of_day", "updated_at"};
  if (c.rfm) names.insert(names.end(), {"segment", "r_score", "f_score", "m_score"});
  if (c.p_alive) names.push_back("p_alive");
  if (c.churn) names.push_back("churn_band");
  if (c.clv) names.insert(names.end(), {"expected_purchases", "clv_minor", "currency"});
  return names;
}

template <class T>
db::Value Opt(const std::optional<T>& v) {
  return v ? db::Value(*v) : db::Value(db::kNull);
}

void AppendValues(const SavedAnalytics& row, const Columns& c, std::vector<db::Value>& out) {
  out.insert(out.end(), {row.customer_id, int64_t{row.as_of}, row.updated_at});
  if (c.rfm) {
    out.insert(out.end(), {Opt(row.segment), Opt(row.r_score), Opt(row.f_score), Opt(row.m_score)});
  }
  if (c.p_alive) out.push_back(Opt(row.p_alive));
  if (c.churn) out.push_back(Opt(row.churn_band));
  if (c.clv) {
    out.insert(out.end(),
               {Opt(row.expected_purchases), Opt(row.clv_minor), db::Value(row.currency)});
  }
}

std::string UpsertSql(const std::vector<std::string>& names, size_t rows) {
  std::string sql = "INSERT INTO customer_analytics (";
  for (size_t i = 0; i < names.size(); ++i) sql += (i ? ", " : "") + names[i];
  sql += ") VALUES ";
  size_t param = 1;
  for (size_t r = 0; r < rows; ++r) {
    sql += r ? ", (" : "(";
    for (size_t i = 0; i < names.size(); ++i) {
      sql += (i ? ", $" : "$") + std::to_string(param++);
    }
    sql += ")";
  }
  sql += " ON CONFLICT (customer_id) DO UPDATE SET ";
  for (size_t i = 1; i < names.size(); ++i) {
    sql += (i > 1 ? ", " : "") + names[i] + " = excluded." + names[i];
  }
  return sql;
}

}  // namespace

Status SaveCustomerAnalytics(db::Transaction& tx, std::span<const SavedAnalytics> rows) {
  if (rows.empty()) return {};
  const Columns columns = ColumnsOf(rows[0]);
  const auto names = ColumnNames(columns);
  const std::string full_batch = UpsertSql(names, kBatchRows);
  std::vector<db::Value> params;
  for (size_t begin = 0; begin < rows.size(); begin += kBatchRows) {
    const size_t count = std::min(kBatchRows, rows.size() - begin);
    params.clear();
    for (size_t i = begin; i < begin + count; ++i) AppendValues(rows[i], columns, params);
    LOY_RETURN_IF_ERROR(
        tx.Execute(count == kBatchRows ? full_batch : UpsertSql(names, count), params));
  }
  return {};
}

Status SaveReport(db::Transaction& tx, std::string_view report, std::string_view json_body,
                  int64_t computed_at) {
  return tx
      .Execute(
          "INSERT INTO analytics_reports (report, body, computed_at) VALUES ($1, $2, $3) "
          "ON CONFLICT (report) DO UPDATE SET body = excluded.body, "
          "computed_at = excluded.computed_at",
          {db::Value(std::string(report)), db::Value(std::string(json_body)),
           db::Value(computed_at)})
      .map([](int64_t) {});
}

Result<std::optional<std::string>> LoadReport(db::Transaction& tx, std::string_view report) {
  LOY_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT body FROM analytics_reports WHERE report = $1",
                                           {db::Value(std::string(report))}));
  if (rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(std::string(rows[0].Text(0)));
}

Result<std::optional<SavedAnalytics>> LoadCustomerAnalytics(db::Transaction& tx,
                                                            int64_t customer_id) {
  LOY_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT as_of_day, segment, r_score, f_score, m_score, p_alive, churn_band, "
               "expected_purchases, clv_minor, updated_at, currency FROM customer_analytics "
               "WHERE customer_id = $1",
               {db::Value(customer_id)}));
  if (rows.empty()) return std::optional<SavedAnalytics>();
  const db::Row row = rows[0];
  SavedAnalytics out;
  out.customer_id = customer_id;
  out.as_of = static_cast<DayNumber>(row.Int(0));
  out.segment = row.OptText(1);
  out.r_score = row.OptInt(2);
  out.f_score = row.OptInt(3);
  out.m_score = row.OptInt(4);
  if (!row.IsNull(5)) out.p_alive = row.Double(5);
  out.churn_band = row.OptText(6);
  if (!row.IsNull(7)) out.expected_purchases = row.Double(7);
  out.clv_minor = row.OptInt(8);
  out.updated_at = row.Int(9);
  out.currency = row.OptText(10).value_or("");
  return std::optional<SavedAnalytics>(std::move(out));
}

Status DeleteCustomerAnalytics(db::Transaction& tx, int64_t customer_id) {
  LOY_RETURN_IF_ERROR(tx.Execute("DELETE FROM customer_analytics WHERE customer_id = $1",
                                 {db::Value(customer_id)}));
  return {};
}

}  // namespace loyal::analytics
