// Shop settings end to end: `loyal settings` changes what a running `loyal serve` does
// with the next request, no restart in between.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "e2e_fixture.h"

namespace loyal::e2e {
namespace {

namespace json = boost::json;

class SettingsE2eTest : public ServerTest {};

std::string Order(const std::string& id) {
  return R"({"external_id":")" + id +
         R"(","placed_at":"2024-03-01T22:30:00","currency":"GBP",)"
         R"("lines":[{"sku":"MUG","quantity":1,"unit_price":"2.55"}]})";
}

TEST_P(SettingsE2eTest, TimeZoneSetWhileServingAppliesToTheNextOrder) {
  HttpClient client(server().port());
  client.SetKey(admin_key());
  auto before = client.Post("/v1/orders", Order("TZ-1"));
  ASSERT_EQ(before.status, 201) << before.body;
  EXPECT_EQ(json::parse(before.body).at("placed_at"), "2024-03-01T22:30:00Z");

  auto set = RunLoyal({"settings", "set", "--db", target(), "time_zone", "America/New_York"});
  ASSERT_EQ(set.exit_code, 0) << set.err;
  auto shown = RunLoyal({"settings", "get", "--db", target()});
  EXPECT_NE(shown.out.find("time_zone=America/New_York\n"), std::string::npos) << shown.out;

  auto after = client.Post("/v1/orders", Order("TZ-2"));
  ASSERT_EQ(after.status, 201) << after.body;
  auto order = json::parse(after.body);
  EXPECT_EQ(order.at("placed_at"), "2024-03-02T03:30:00Z");  // 22:30 in New York, UTC-5
  EXPECT_EQ(order.at("placed_day"), "2024-03-01");
}

TEST_P(SettingsE2eTest, BadSettingIsExitCodeTwoNamingTheKeyAndChangesNothing) {
  auto bad = RunLoyal({"settings", "set", "--db", target(), "time_zone", "Moon/Base"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("(time_zone)"), std::string::npos) << bad.err;
  auto shown = RunLoyal({"settings", "get", "--db", target()});
  EXPECT_NE(shown.out.find("time_zone=UTC\n"), std::string::npos) << shown.out;
}

LOYAL_INSTANTIATE_E2E_TESTS(SettingsE2eTest);

}  // namespace
}  // namespace loyal::e2e
