// The same reports from the store after `loyal import` as from the file, on SQLite and
// PostgreSQL: the store computes the per-customer statistics by SQL.
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "analytics/analytics_routes.h"
#include "analytics/analytics_service.h"
#include "app/analyze_input.h"
#include "db/testing/backend_test.h"
#include "importer/byte_source.h"
#include "importer/store_importer.h"
#include "settings/settings_service.h"

namespace loyal::app {
namespace {

namespace json = boost::json;
using analytics::ReportKind;

const std::string kData = LOYAL_TEST_DATA;
// Customer "1" of the CDNOW sample: CLV over 52 weeks at a 10% discount rate, BG/NBD
// calibrated to 1997-09-30, in cents and as the decimal the API writes.
constexpr int64_t kCdnowCustomerOneClvMinor = 3675;
const char kCdnowCustomerOneClv[] = "36.75";

// Doubles (model estimates, shares) may differ in the last bits because the store hands
// customers over in another order; everything else must be identical.
void ExpectSameJson(const json::value& file, const json::value& store, const std::string& path) {
  if (file.is_double() || store.is_double()) {
    const double a = file.to_number<double>(), b = store.to_number<double>();
    EXPECT_NEAR(a, b, 1e-7 * std::max(1.0, std::fabs(a))) << path;
    return;
  }
  ASSERT_EQ(file.kind(), store.kind()) << path;
  if (file.is_object()) {
    ASSERT_EQ(file.as_object().size(), store.as_object().size()) << path;
    for (const auto& [key, value] : file.as_object()) {
      ASSERT_TRUE(store.as_object().contains(key)) << path << "." << key;
      ExpectSameJson(value, store.as_object().at(key), path + "." + std::string(key));
    }
  } else if (file.is_array()) {
    ASSERT_EQ(file.as_array().size(), store.as_array().size()) << path;
    for (size_t i = 0; i < file.as_array().size(); ++i) {
      ExpectSameJson(file.as_array()[i], store.as_array()[i], path + "[" + std::to_string(i) + "]");
    }
  } else {
    EXPECT_EQ(file, store) << path;
  }
}

// The first `lines` lines of the gzipped Online Retail file (guests, cancellations and
// adjustments included), as a plain temporary file of this process's own (ctest runs the
// backends' instances in parallel processes).
std::string OnlineRetailSlice(int lines) {
  const std::string path =
      ::testing::TempDir() + "/online_retail_slice_" + std::to_string(getpid()) + ".csv";
  auto source = importer::ByteSource::Open(kData + "/online_retail_2010-12_2011-09.csv.gz");
  EXPECT_TRUE(source);
  std::ofstream out(path, std::ios::binary);
  std::vector<char> buffer(1 << 16);
  int seen = 0;
  while (seen < lines) {
    auto n = (*source)->Read(buffer);
    if (!n || *n == 0) break;
    for (size_t i = 0; i < *n && seen < lines; ++i) {
      out.put(buffer[i]);
      if (buffer[i] == '\n') ++seen;
    }
  }
  return path;
}

// Calls the read route of `path`, with ?currency= when given.
http::Response Get(const http::Router& router, const std::string& path,
                   const std::optional<std::string>& currency) {
  auto match = router.Find("GET", path);
  EXPECT_TRUE(match) << path;
  if (!match) return {};
  http::Request request;
  request.method = "GET";
  request.path = path;
  request.path_params = match->path_params;
  if (currency) request.query["currency"] = *currency;
  return match->handlers->read(request);
}

bool RouteIsAdminOnly(const http::Router& router) {
  auto match = router.Find("GET", "/v1/analytics/rfm");
  return match && match->spec->min_role == http::Role::kAdmin;
}

class AnalyzeStoreTest : public db::testing::BackendTest {
 protected:
  void Import(const std::string& path, importer::TransactionFormat format) {
    importer::ImportOptions options;
    options.format = format;
    ManualClock clock(Timestamp(std::chrono::seconds(1700000000)));
    auto summary = importer::ImportFile(db(), path, options, clock);
    ASSERT_TRUE(summary) << summary.error().ToString();
  }

  // Computes the CLV report (BG/NBD calibrated to 1997-09-30) and saves it.
  Result<analytics::ComputedReport> SaveClv() {
    analytics::ReportRequest request;
    request.kind = ReportKind::kClv;
    request.as_of = *ParseDate("1997-09-30");
    LOY_ASSIGN_OR_RETURN(auto report, analytics::ComputeStoreReport(db(), request));
    LOY_RETURN_IF_ERROR(analytics::SaveComputedReport(db(), report, 1700000000));
    return report;
  }

  void ExpectSameReport(const std::string& path, importer::TransactionFormat format,
                        const analytics::ReportRequest& request) {
    auto data = LoadFileAnalysis(path, format, request);
    ASSERT_TRUE(data) << data.error().ToString();
    auto from_file = analytics::RunReport(std::move(*data), request);
    ASSERT_TRUE(from_file) << from_file.error().ToString();
    auto from_store = analytics::ComputeStoreReport(db(), request);
    ASSERT_TRUE(from_store) << from_store.error().ToString();
    EXPECT_EQ(from_store->data.stats.size(), from_file->data.stats.size());
    ExpectSameJson(from_file->Json(), from_store->Json(),
                   std::string(analytics::ReportKindName(request.kind)));
  }
};

TEST_P(AnalyzeStoreTest, CdnowReportsFromTheStoreEqualThoseFromTheFile) {
  const std::string path = kData + "/CDNOW_sample.txt";
  Import(path, importer::TransactionFormat::kCdnowSample);
  for (ReportKind kind : {ReportKind::kRfm, ReportKind::kPareto, ReportKind::kCohorts,
                          ReportKind::kChurn}) {
    analytics::ReportRequest request;
    request.kind = kind;
    request.as_of = *ParseDate("1997-09-30");
    ExpectSameReport(path, importer::TransactionFormat::kCdnowSample, request);
  }
  analytics::ReportRequest clv;
  clv.kind = ReportKind::kClv;
  clv.as_of = *ParseDate("1997-09-30");
  clv.observation_end = *ParseDate("1998-06-30");
  ExpectSameReport(path, importer::TransactionFormat::kCdnowSample, clv);
}

TEST_P(AnalyzeStoreTest, OnlineRetailRefundsAndGuestsAgreeBetweenFileAndStore) {
  const std::string path = OnlineRetailSlice(30000);
  Import(path, importer::TransactionFormat::kOnlineRetail);
  for (ReportKind kind : {ReportKind::kRfm, ReportKind::kPareto, ReportKind::kCohorts}) {
    analytics::ReportRequest request;
    request.kind = kind;
    ExpectSameReport(path, importer::TransactionFormat::kOnlineRetail, request);
  }
  std::filesystem::remove(path);
}

TEST_P(AnalyzeStoreTest, SaveStoresSegmentsAndTheReportBody) {
  Import(kData + "/CDNOW_sample.txt", importer::TransactionFormat::kCdnowSample);
  analytics::ReportRequest request;
  request.kind = ReportKind::kRfm;
  auto report = analytics::ComputeStoreReport(db(), request);
  ASSERT_TRUE(report) << report.error().ToString();
  ASSERT_TRUE(analytics::SaveComputedReport(db(), *report, 1700000000));
  const int64_t customer_id = report->data.store_ids[report->data.stats.customer[0]];
  auto tx = db().Begin();
  ASSERT_TRUE(tx);
  auto saved = analytics::GetCustomerAnalytics(**tx, customer_id);
  ASSERT_TRUE(saved && saved->has_value());
  EXPECT_EQ(*(*saved)->segment, analytics::SegmentSlug(report->rfm->segment[0]));
  EXPECT_EQ(*(*saved)->r_score, report->rfm->r[0]);
  EXPECT_FALSE((*saved)->p_alive.has_value());
  auto body = analytics::LoadReport(**tx, "rfm");
  ASSERT_TRUE(body && body->has_value());
  EXPECT_EQ(json::parse(**body).at("customers").as_int64(), 2357);
  // The API's form of the saved fields: a slug, and RFC 3339 for the time.
  const json::object fields = analytics::CustomerAnalyticsJson(**saved);
  EXPECT_EQ(fields.at("segment").as_string(), analytics::SegmentSlug(report->rfm->segment[0]));
  EXPECT_EQ(fields.at("updated_at").as_string(), "2023-11-14T22:13:20Z");
  EXPECT_FALSE(fields.contains("clv"));
}

// Customer "1" of the CDNOW sample (id 00001 in the file) under the published BG/NBD fit.
TEST_P(AnalyzeStoreTest, SavedClvIsInMinorUnitsWithItsDecimalAndCurrency) {
  Import(kData + "/CDNOW_sample.txt", importer::TransactionFormat::kCdnowSample);
  const auto report = SaveClv();
  ASSERT_TRUE(report) << report.error().ToString();
  const auto rows = report->SavedRows(1700000000);
  int64_t sum = 0;
  for (const auto& row : rows) sum += row.clv_minor.value_or(0);
  const json::object body = report->Json();
  EXPECT_EQ(body.at("clv_minor").as_int64(), sum);  // the total is the sum of the parts
  EXPECT_EQ(body.at("clv").as_string(), FormatScaledDecimal(sum, 2));
  EXPECT_EQ(body.at("currency").as_string(), "USD");
  const int64_t found = report->data.ids.Find("1");
  ASSERT_GE(found, 0);
  const auto first = static_cast<uint32_t>(found);
  size_t row = 0;
  while (report->data.stats.customer[row] != first) ++row;
  auto tx = db().Begin();
  ASSERT_TRUE(tx);
  auto saved = analytics::GetCustomerAnalytics(**tx, report->data.store_ids[first]);
  ASSERT_TRUE(saved && saved->has_value());
  const json::object fields = analytics::CustomerAnalyticsJson(**saved);
  EXPECT_EQ(fields.at("currency").as_string(), "USD");
  EXPECT_EQ(fields.at("clv_minor").as_int64(), kCdnowCustomerOneClvMinor);
  EXPECT_EQ(fields.at("clv").as_string(), kCdnowCustomerOneClv);
  EXPECT_EQ(fields.at("clv_minor").as_int64(), *EstimateToMinor(report->clv->scores.clv[row], 2));
}

TEST_P(AnalyzeStoreTest, AnalyticsRouteServesComputedThenSavedReports) {
  Import(kData + "/CDNOW_sample.txt", importer::TransactionFormat::kCdnowSample);
  http::Router router;
  analytics::AddAnalyticsRoutes(router, db());
  auto get = [&](const std::string& path) { return Get(router, path, std::nullopt); };
  EXPECT_TRUE(RouteIsAdminOnly(router));
  const auto computed = get("/v1/analytics/pareto");
  ASSERT_EQ(computed.status, 200) << computed.body;
  EXPECT_EQ(json::parse(computed.body).at("curve").as_array().size(), 100u);
  EXPECT_EQ(get("/v1/analytics/clv").status, 404);  // never saved
  EXPECT_EQ(get("/v1/analytics/ltv").status, 404);

  const auto clv = SaveClv();
  ASSERT_TRUE(clv) << clv.error().ToString();
  const auto saved = get("/v1/analytics/clv");
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(json::parse(saved.body).at("model").as_string(), "bgnbd");
  EXPECT_EQ(json::parse(saved.body).at("customers").as_int64(), 2357);
}

// Three customers who buy in EUR beside the CDNOW sample's USD orders (one of them, "1",
// buys in both).
void AddEuroOrders(db::Database& db) {
  Status added = db::RunInTransaction(db, [](db::Transaction& tx) -> Status {
    LOY_RETURN_IF_ERROR(tx.Execute(
        "INSERT INTO customers (customer_id, external_id, created_at, updated_at, kind) "
        "VALUES (900001, 'eu-1', 0, 0, 'customer'), (900002, 'eu-2', 0, 0, 'customer')"));
    LOY_ASSIGN_OR_RETURN(auto one, tx.Query("SELECT customer_id FROM customers "
                                            "WHERE external_id = '1'"));
    const int64_t cdnow_one = one[0].Int(0);
    const int64_t day = *ParseDate("1997-03-01");
    return tx
        .Execute(
            "INSERT INTO orders (customer_id, order_id, external_id, placed_at, placed_day, "
            "currency, status, total_minor, line_count, request_hash, created_at, "
            "updated_at) VALUES "
            "(900001, 900001, 'eu-o1', 0, $1, 'EUR', 'paid', 1000, 1, '', 0, 0), "
            "(900002, 900002, 'eu-o2', 0, $1 + 10, 'EUR', 'paid', 2550, 1, '', 0, 0), "
            "($2, 900003, 'eu-o3', 0, $1 + 20, 'EUR', 'paid', 705, 1, '', 0, 0)",
            {db::Value(day), db::Value(cdnow_one)})
        .map([](int64_t) {});
  });
  ASSERT_TRUE(added) << added.error().ToString();
}

TEST_P(AnalyzeStoreTest, ReportsCountOneCurrencyTheDefaultOrTheOneAskedFor) {
  Import(kData + "/CDNOW_sample.txt", importer::TransactionFormat::kCdnowSample);
  AddEuroOrders(db());
  analytics::ReportRequest request;
  request.kind = ReportKind::kRfm;
  // Two currencies: the shop's default (USD unless set) is chosen.
  auto usd = analytics::ComputeStoreReport(db(), request);
  ASSERT_TRUE(usd) << usd.error().ToString();
  EXPECT_EQ(usd->data.currency, "USD");
  EXPECT_EQ(usd->data.stats.size(), 2357u);
  request.currency = "EUR";
  auto eur = analytics::ComputeStoreReport(db(), request);
  ASSERT_TRUE(eur) << eur.error().ToString();
  EXPECT_EQ(eur->Json().at("currency").as_string(), "EUR");
  EXPECT_EQ(eur->Json().at("customers").as_int64(), 3);
  EXPECT_EQ(eur->Json().at("revenue_minor").as_int64(), 1000 + 2550 + 705);
  EXPECT_EQ(eur->Json().at("revenue").as_string(), "42.55");

  request.currency = "JPY";
  auto absent = analytics::ComputeStoreReport(db(), request);
  ASSERT_FALSE(absent);
  EXPECT_EQ(absent.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(absent.error().field, "currency");
  EXPECT_NE(absent.error().message.find("EUR and USD"), std::string::npos)
      << absent.error().message;
  request.currency = "usd";
  auto malformed = analytics::ComputeStoreReport(db(), request);
  ASSERT_FALSE(malformed);
  EXPECT_EQ(malformed.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(malformed.error().field, "currency");

  // A default that is none of the store's currencies leaves the choice to the caller.
  ASSERT_TRUE(db::RunInTransaction(
      db(), [](db::Transaction& tx) { return settings::Set(tx, "default_currency", "GBP"); }));
  request.currency.reset();
  auto ambiguous = analytics::ComputeStoreReport(db(), request);
  ASSERT_FALSE(ambiguous);
  EXPECT_EQ(ambiguous.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(ambiguous.error().message.find("EUR and USD"), std::string::npos)
      << ambiguous.error().message;
  EXPECT_NE(ambiguous.error().message.find("GBP"), std::string::npos);
  ASSERT_TRUE(db::RunInTransaction(
      db(), [](db::Transaction& tx) { return settings::Set(tx, "default_currency", "EUR"); }));
  auto by_default = analytics::ComputeStoreReport(db(), request);
  ASSERT_TRUE(by_default) << by_default.error().ToString();
  EXPECT_EQ(by_default->data.currency, "EUR");
}

TEST_P(AnalyzeStoreTest, AnalyticsRouteTakesTheCurrencyAndServesSavedOnesOnlyInTheirs) {
  Import(kData + "/CDNOW_sample.txt", importer::TransactionFormat::kCdnowSample);
  AddEuroOrders(db());
  http::Router router;
  analytics::AddAnalyticsRoutes(router, db());
  auto get = [&](const std::string& path, std::optional<std::string> currency) {
    return Get(router, path, currency);
  };
  analytics::ReportRequest request;
  request.kind = ReportKind::kRfm;
  auto usd = analytics::ComputeStoreReport(db(), request);
  ASSERT_TRUE(usd) << usd.error().ToString();
  ASSERT_TRUE(analytics::SaveComputedReport(db(), *usd, 1700000000));

  const auto saved = get("/v1/analytics/rfm", std::nullopt);
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(json::parse(saved.body).at("customers").as_int64(), 2357);
  const auto eur = get("/v1/analytics/rfm", "EUR");
  ASSERT_EQ(eur.status, 200) << eur.body;
  EXPECT_EQ(json::parse(eur.body).at("currency").as_string(), "EUR");
  EXPECT_EQ(json::parse(eur.body).at("customers").as_int64(), 3);
  const auto unknown = get("/v1/analytics/rfm", "CHF");
  EXPECT_EQ(unknown.status, 400) << unknown.body;
  EXPECT_NE(unknown.body.find("EUR and USD"), std::string::npos) << unknown.body;
  EXPECT_EQ(json::parse(unknown.body).at("error").at("field").as_string(), "currency");
  const auto clv = get("/v1/analytics/clv", "EUR");
  EXPECT_EQ(clv.status, 404) << clv.body;
}

// A store saved by an earlier binary: segments as display names, a CLV without its
// currency, a report body in the old shape. Migration 0008 is undone by hand and run again.
TEST_P(AnalyzeStoreTest, MigrationEightTurnsSavedSegmentsIntoSlugsAndRecordsTheClvCurrency) {
  Import(kData + "/CDNOW_sample.txt", importer::TransactionFormat::kCdnowSample);
  ASSERT_TRUE(db::RunInTransaction(db(), [](db::Transaction& tx) -> Status {
    LOY_RETURN_IF_ERROR(tx.Execute("ALTER TABLE customer_analytics DROP COLUMN currency"));
    LOY_RETURN_IF_ERROR(
        tx.Execute("DELETE FROM schema_migrations WHERE name = '0008_analytics_api_style'"));
    LOY_RETURN_IF_ERROR(tx.Execute(
        "INSERT INTO customer_analytics (customer_id, as_of_day, segment, clv_minor, updated_at) "
        "SELECT customer_id, 10000, 'Can''t Lose', 1234, 1700000000 FROM customers "
        "WHERE external_id = '1'"));
    LOY_RETURN_IF_ERROR(
        tx.Execute("INSERT INTO customer_analytics (customer_id, as_of_day, segment, updated_at) "
                   "SELECT customer_id, 10000, 'Potential Loyalist', 1700000000 FROM customers "
                   "WHERE external_id = '2'"));
    return tx
        .Execute(
            "INSERT INTO analytics_reports (report, body, computed_at) "
            "VALUES ('rfm', '{\"report\":\"rfm\",\"currency\":\"USD\"}', 0)")
        .map([](int64_t) {});
  }));
  ASSERT_TRUE(Reopen());
  auto read = db::WithReadTransaction(db(), [](db::Transaction& tx) -> Result<std::string> {
    LOY_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT c.external_id, a.segment, a.currency "
                                             "FROM customer_analytics a JOIN customers c "
                                             "ON c.customer_id = a.customer_id "
                                             "ORDER BY c.external_id"));
    std::string out;
    for (size_t i = 0; i < rows.size(); ++i) {
      out += std::string(rows[i].Text(0)) + ":" + std::string(rows[i].Text(1)) + ":" +
             rows[i].OptText(2).value_or("-") + " ";
    }
    LOY_ASSIGN_OR_RETURN(auto reports, tx.Query("SELECT COUNT(*) FROM analytics_reports"));
    return out + "reports " + std::to_string(reports[0].Int(0));
  });
  ASSERT_TRUE(read) << read.error().ToString();
  EXPECT_EQ(*read, "1:cant_lose:USD 2:potential_loyalist:- reports 0");
}

TEST_P(AnalyzeStoreTest, EmptyStoreIsFailedPrecondition) {
  analytics::ReportRequest request;
  auto report = analytics::ComputeStoreReport(db(), request);
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code, ErrorCode::kFailedPrecondition);
}

LOYAL_INSTANTIATE_BACKEND_TESTS(AnalyzeStoreTest);

}  // namespace
}  // namespace loyal::app
