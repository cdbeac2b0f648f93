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

namespace loyal::app {
namespace {

namespace json = boost::json;
using analytics::ReportKind;

const std::string kData = LOYAL_TEST_DATA;

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
  EXPECT_EQ(*(*saved)->segment, analytics::SegmentName(report->rfm->segment[0]));
  EXPECT_EQ(*(*saved)->r_score, report->rfm->r[0]);
  EXPECT_FALSE((*saved)->p_alive.has_value());
  auto body = analytics::LoadReport(**tx, "rfm");
  ASSERT_TRUE(body && body->has_value());
  EXPECT_EQ(json::parse(**body).at("customers").as_int64(), 2357);
}

TEST_P(AnalyzeStoreTest, AnalyticsRouteServesComputedThenSavedReports) {
  Import(kData + "/CDNOW_sample.txt", importer::TransactionFormat::kCdnowSample);
  http::Router router;
  analytics::AddAnalyticsRoutes(router, db());
  auto get = [&](const std::string& path) {
    auto match = router.Find("GET", path);
    EXPECT_TRUE(match) << path;
    http::Request request;
    request.method = "GET";
    request.path = path;
    request.path_params = match->path_params;
    return match->handlers->read(request);
  };
  EXPECT_TRUE(RouteIsAdminOnly(router));
  const auto computed = get("/v1/analytics/pareto");
  ASSERT_EQ(computed.status, 200) << computed.body;
  EXPECT_EQ(json::parse(computed.body).at("curve").as_array().size(), 100u);
  EXPECT_EQ(get("/v1/analytics/clv").status, 404);  // never saved
  EXPECT_EQ(get("/v1/analytics/ltv").status, 404);

  analytics::ReportRequest request;
  request.kind = ReportKind::kClv;
  request.as_of = *ParseDate("1997-09-30");
  auto report = analytics::ComputeStoreReport(db(), request);
  ASSERT_TRUE(report) << report.error().ToString();
  ASSERT_TRUE(analytics::SaveComputedReport(db(), *report, 1700000000));
  const auto saved = get("/v1/analytics/clv");
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(json::parse(saved.body).at("model").as_string(), "bgnbd");
  EXPECT_EQ(json::parse(saved.body).at("customers").as_int64(), 2357);
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
