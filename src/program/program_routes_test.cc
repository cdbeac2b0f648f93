#include "program/program_routes.h"

#include <gtest/gtest.h>

#include "db/testing/backend_test.h"
#include "http/testing/route_test_support.h"

namespace loyal::program {
namespace {

using http::testing::CallRoute;
using http::testing::ExpectRefused;

class ProgramRoutesTest : public db::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    AddProgramRoutes(router_, db(), clock_);
  }

  http::testing::RouteReply Put(const std::string& body) {
    return CallRoute(router_, db(), "PUT", "/v1/program", body);
  }

  ManualClock clock_{Timestamp(std::chrono::seconds(1'700'000'000))};
  http::Router router_;
};

TEST_P(ProgramRoutesTest, APutDocumentIsInForceAndPuttingItAgainMakesNoVersion) {
  ExpectRefused(CallRoute(router_, db(), "GET", "/v1/program"), 404, "not_found", "");
  auto first = Put(R"({"earning": {"rates": {"GBP": "1.5"}}})");
  ASSERT_EQ(first.status, 201) << boost::json::serialize(first.json);
  EXPECT_EQ(first.json.at("version"), 1);
  EXPECT_EQ(first.json.at("created_at"), "2023-11-14T22:13:20Z");
  EXPECT_EQ(first.json.at("document").at("earning").at("rates").at("GBP"), "1.5");
  clock_.Advance(std::chrono::hours(1));
  auto again = Put(R"({"earning": {"rates": {"GBP": "1.500"}}})");
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.json, first.json);
  auto shown = CallRoute(router_, db(), "GET", "/v1/program");
  EXPECT_EQ(shown.status, 200);
  EXPECT_EQ(shown.json, first.json);
}

TEST_P(ProgramRoutesTest, ABadDocumentIsRefusedAtItsFieldAndChangesNothing) {
  ASSERT_EQ(Put(R"({"earning": {"rates": {"GBP": "1"}}})").status, 201);
  ExpectRefused(Put(R"({"earning": {"rates": {"GBP": "-1"}}})"), 400, "invalid_argument",
                "earning.rates.GBP");
  ExpectRefused(Put(R"({"earning": {"rates": {"XYZ": "1"}}})"), 400, "invalid_argument",
                "earning.rates.XYZ");
  ExpectRefused(Put(R"({"events": [{"name": "review", "points": 5},
                                    {"name": "review", "points": 6}]})"),
                422, "failed_precondition", "events[1].name");
  auto shown = CallRoute(router_, db(), "GET", "/v1/program");
  EXPECT_EQ(shown.json.at("version"), 1);
}

TEST_P(ProgramRoutesTest, TiersRoundTripAndABadLevelIsRefusedAtItsPath) {
  const std::string tiers = R"({"tiers": {"basis": "spend", "window": "calendar_year",
      "levels": [{"code": "member", "name": "Member"},
                 {"code": "gold", "name": "Gold", "entry": {"spend_minor": {"EUR": 50000}},
                  "benefits": {"earn_multiplier": "1.25", "discount_percent": 5}}]}})";
  auto put = Put(tiers);
  ASSERT_EQ(put.status, 201) << boost::json::serialize(put.json);
  auto shown = CallRoute(router_, db(), "GET", "/v1/program");
  ASSERT_EQ(shown.status, 200);
  const auto& gold = shown.json.at("document").at("tiers").at("levels").at(1);
  EXPECT_EQ(gold.at("retain").at("spend_minor").at("EUR"), 50000);
  EXPECT_EQ(gold.at("benefits").at("earn_multiplier"), "1.25");
  // The document written back, put again, is the same version.
  auto again = Put(boost::json::serialize(shown.json.at("document")));
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.json.at("version"), 1);
  ExpectRefused(Put(R"({"tiers": {"basis": "spend", "levels": [{"code": "member", "name": "M"},
      {"code": "gold", "name": "G", "entry": {"spend_minor": {"EUR": -5}}}]}})"),
                400, "invalid_argument", "tiers.levels[1].entry.spend_minor.EUR");
  EXPECT_EQ(CallRoute(router_, db(), "GET", "/v1/program").json.at("version"), 1);
}

TEST_P(ProgramRoutesTest, VersionsAreListedNewestFirstAndEachCanBeFetched) {
  for (int rate = 1; rate <= 3; ++rate) {
    ASSERT_EQ(Put(R"({"earning": {"rates": {"GBP": ")" + std::to_string(rate) + R"("}}})").status,
              201);
  }
  auto page = CallRoute(router_, db(), "GET", "/v1/program/versions", "", {{"limit", "2"}});
  ASSERT_EQ(page.status, 200);
  ASSERT_EQ(page.json.at("versions").as_array().size(), 2u);
  EXPECT_EQ(page.json.at("versions").at(0).at("version"), 3);
  const std::string next(page.json.at("next_after").as_string());
  EXPECT_EQ(next.find('2'), std::string::npos) << "the cursor is not the bare version";
  auto rest = CallRoute(router_, db(), "GET", "/v1/program/versions", "",
                        {{"limit", "2"}, {"after", next}});
  ASSERT_EQ(rest.status, 200);
  ASSERT_EQ(rest.json.at("versions").as_array().size(), 1u);
  EXPECT_EQ(rest.json.at("versions").at(0).at("version"), 1);
  EXPECT_TRUE(rest.json.at("next_after").is_null());
  auto one = CallRoute(router_, db(), "GET", "/v1/program/versions/2");
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(one.json.at("document").at("earning").at("rates").at("GBP"), "2");
  ExpectRefused(CallRoute(router_, db(), "GET", "/v1/program/versions/9"), 404, "not_found", "");
  ExpectRefused(CallRoute(router_, db(), "GET", "/v1/program/versions/x"), 404, "not_found", "");
  ExpectRefused(CallRoute(router_, db(), "GET", "/v1/program/versions", "", {{"after", "2"}}), 400,
                "invalid_argument", "after");
}

LOYAL_INSTANTIATE_BACKEND_TESTS(ProgramRoutesTest);

}  // namespace
}  // namespace loyal::program
