#include "analytics/analytics_service.h"

#include <algorithm>
#include <span>
#include <string>
#include <vector>

#include <boost/json/parse.hpp>

#include "core/money.h"
#include "http/json_write.h"

namespace loyal::analytics {
namespace {

// Customers per save transaction. On SQLite each write transaction holds the single
// writer gate, so a large save in one would stall every order for all its rows; a few
// milliseconds of rows at a time lets other writers in between.
constexpr size_t kSavedRowsPerTransaction = 1000;

// What `request` needs from the store, read in one read transaction: one snapshot for
// every statement, and on SQLite no writer gate, so orders keep being written meanwhile.
Result<AnalysisData> ReadStoreData(db::Database& db, const ReportRequest& request) {
  AnalysisData data;
  const Status read = db::RunInReadTransaction(db, [&](db::Transaction& tx) -> Status {
    LOY_RETURN_IF_ERROR(ChooseCurrency(tx, request.currency, data));
    LOY_ASSIGN_OR_RETURN(const auto last_day, LastPurchaseDay(tx, data.currency));
    if (!last_day) {
      return FailedPrecondition("the store has no purchases of identified customers in " +
                                data.currency);
    }
    data.last_purchase_day = *last_day;
    LOY_ASSIGN_OR_RETURN(const SummaryWindow window, RequestWindow(request, *last_day));
    return ReadAnalysisData(tx, window, request.kind == ReportKind::kCohorts, data);
  });
  if (!read) return tl::unexpected(read.error());
  return data;
}

}  // namespace

Result<ComputedReport> ComputeStoreReport(db::Database& db, const ReportRequest& request) {
  LOY_ASSIGN_OR_RETURN(AnalysisData data, ReadStoreData(db, request));
  return RunReport(std::move(data), request);
}

// The results describe the snapshot they were computed on and are written after it, so
// orders placed since are in neither. They are written in short transactions rather than
// one: while a save runs, or after one failed part-way, some customers carry this run's
// fields and others the previous run's (each row has its own as_of day and updated_at).
// The body goes last, so the saved report changes only once every customer's fields are
// written, and running the report again completes a failed save (rows are upserts).
Status SaveComputedReport(db::Database& db, const ComputedReport& report, int64_t now_seconds) {
  const std::vector<SavedAnalytics> rows = report.SavedRows(now_seconds);
  const std::span<const SavedAnalytics> all(rows);
  for (size_t begin = 0; begin < all.size(); begin += kSavedRowsPerTransaction) {
    const auto part = all.subspan(begin, std::min(kSavedRowsPerTransaction, all.size() - begin));
    LOY_RETURN_IF_ERROR(db::RunInTransaction(
        db, [&](db::Transaction& tx) { return SaveCustomerAnalytics(tx, part); }));
  }
  const std::string body = http::SerializeJson(report.Json());
  return db::RunInTransaction(db, [&](db::Transaction& tx) {
    return SaveReport(tx, ReportKindName(report.kind), body, now_seconds);
  });
}

Result<std::optional<SavedAnalytics>> GetCustomerAnalytics(db::Transaction& tx,
                                                           int64_t customer_id) {
  return LoadCustomerAnalytics(tx, customer_id);
}

Status ForgetCustomerAnalytics(db::Transaction& tx, int64_t customer_id) {
  return DeleteCustomerAnalytics(tx, customer_id);
}

boost::json::object CustomerAnalyticsJson(const SavedAnalytics& saved) {
  boost::json::object out;
  out["as_of"] = FormatDate(saved.as_of);
  // Segments and churn bands are separate fields: "at_risk" and "lost" are names of both.
  if (saved.segment) {
    out["segment"] = *saved.segment;
    out["scores"] = {{"r", saved.r_score.value_or(0)},
                     {"f", saved.f_score.value_or(0)},
                     {"m", saved.m_score.value_or(0)}};
  }
  if (saved.p_alive) out["p_alive"] = JsonNumber(*saved.p_alive);
  if (saved.churn_band) out["churn_band"] = *saved.churn_band;
  if (saved.expected_purchases) out["expected_purchases"] = JsonNumber(*saved.expected_purchases);
  if (saved.clv_minor) {
    // A CLV saved before currencies were recorded, in a store of several, has none.
    const auto currency = Currency::Parse(saved.currency);
    out["currency"] = currency ? boost::json::value(saved.currency) : boost::json::value(nullptr);
    if (currency) {
      http::PutMoney(out, "clv", *saved.clv_minor, currency->exponent());
    } else {
      out["clv"] = nullptr;
      out["clv_minor"] = *saved.clv_minor;
    }
  }
  out["updated_at"] = FormatTimestamp(Timestamp(std::chrono::seconds(saved.updated_at)));
  return out;
}

Result<boost::json::object> SavedOrComputedReport(db::Database& db, std::string_view report,
                                                  const std::optional<std::string>& currency) {
  LOY_ASSIGN_OR_RETURN(const ReportKind kind, ParseReportKind(report));
  std::optional<std::string> saved;
  AnalysisData chosen;
  const Status read = db::RunInReadTransaction(db, [&](db::Transaction& tx) -> Status {
    LOY_RETURN_IF_ERROR(ChooseCurrency(tx, currency, chosen));
    LOY_ASSIGN_OR_RETURN(saved, LoadReport(tx, report));
    return {};
  });
  if (!read) return tl::unexpected(read.error());
  if (saved) {
    boost::system::error_code ec;
    boost::json::value body = boost::json::parse(*saved, ec);
    if (ec || !body.is_object()) return Internal("the saved " + std::string(report) + " report is corrupt");
    const boost::json::value* saved_currency = body.as_object().if_contains("currency");
    // The saved body serves only the currency asked for (or chosen by default).
    if (saved_currency != nullptr && saved_currency->is_string() &&
        saved_currency->get_string() == chosen.currency) {
      return std::move(body.as_object());
    }
  }
  if (kind == ReportKind::kClv) {
    return NotFound("no CLV report in " + chosen.currency + " saved yet; run `loyal analyze clv " +
                    "--db DB --currency " + chosen.currency + " --save` first");
  }
  ReportRequest request;
  request.kind = kind;
  request.currency = chosen.currency;
  LOY_ASSIGN_OR_RETURN(const ComputedReport computed, ComputeStoreReport(db, request));
  return computed.Json();
}

}  // namespace loyal::analytics
