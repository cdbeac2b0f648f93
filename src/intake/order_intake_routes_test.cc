#include "intake/order_intake_routes.h"

#include <gtest/gtest.h>

#include "customers/customer_routes.h"
#include "customers/customers.h"
#include "db/testing/backend_test.h"
#include "http/testing/route_test_support.h"
#include "orders/order_routes.h"
#include "program/program_routes.h"
#include "settings/settings_service.h"

namespace loyal::intake {
namespace {

using loyal::http::testing::CallRoute;

constexpr char kOrder[] = R"({"external_id":"A-1","customer":{"external_id":"C-1"},)"
                          R"("placed_at":"2024-03-01T10:00:00Z","currency":"GBP",)"
                          R"("lines":[{"sku":"MUG","quantity":2,"unit_price":"2.55"},)"
                          R"({"sku":"TEA","quantity":1,"unit_price_micros":8500}]})";

class OrderIntakeRoutesTest : public db::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    AddOrderIntakeRoutes(router_, clock_, programs_);
    orders::AddOrderRoutes(router_, db());  // GET, to read what was written
  }

  ManualClock clock_{Timestamp(std::chrono::seconds(1'700'000'000))};
  program::ProgramCache programs_;
  http::Router router_;
};

TEST_P(OrderIntakeRoutesTest, CreateReplayAndConflict) {
  auto created = CallRoute(router_, db(), "POST", "/v1/orders", kOrder);
  ASSERT_EQ(created.status, 201) << boost::json::serialize(created.json);
  EXPECT_EQ(created.json.at("total"), "5.11");
  EXPECT_EQ(created.json.at("total_minor"), 511);
  EXPECT_EQ(created.json.at("placed_day"), "2024-03-01");
  EXPECT_EQ(created.json.at("lines").at(0).at("unit_price"), "2.55");
  EXPECT_EQ(created.json.at("lines").at(1).at("unit_price"), "0.0085");

  EXPECT_EQ(CallRoute(router_, db(), "POST", "/v1/orders", kOrder).status, 200);
  std::string changed = kOrder;
  changed.replace(changed.find("\"quantity\":2"), 12, "\"quantity\":5");
  auto conflict = CallRoute(router_, db(), "POST", "/v1/orders", changed);
  EXPECT_EQ(conflict.status, 409);
  EXPECT_EQ(conflict.ErrorCode(), "already_exists");

  auto got = CallRoute(router_, db(), "GET", "/v1/orders/A-1");
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.json.at("customer_external_id"), "C-1");
  auto missing = CallRoute(router_, db(), "GET", "/v1/orders/nope");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.ErrorCode(), "not_found");
}

TEST_P(OrderIntakeRoutesTest, AGuestOrdersGuestHasAStableIdItCanBeFetchedBy) {
  customers::AddCustomerRoutes(router_, db(), clock_);
  constexpr char kGuestOrder[] = R"({"external_id":"G-1","customer":{"email":"ann@example.com"},)"
                                 R"("placed_at":"2024-03-01T10:00:00Z","currency":"GBP",)"
                                 R"("lines":[{"sku":"MUG","quantity":1,"unit_price":"2.55"}]})";
  auto created = CallRoute(router_, db(), "POST", "/v1/orders", kGuestOrder);
  ASSERT_EQ(created.status, 201) << boost::json::serialize(created.json);
  const std::string guest_id = customers::GuestIdForOrder("G-1");
  EXPECT_EQ(created.json.at("customer_external_id"), guest_id.c_str());
  auto replay = CallRoute(router_, db(), "POST", "/v1/orders", kGuestOrder);
  ASSERT_EQ(replay.status, 200);
  EXPECT_EQ(replay.json, created.json);
  EXPECT_EQ(CallRoute(router_, db(), "GET", "/v1/orders/G-1").json.at("customer_external_id"),
            guest_id.c_str());

  auto guest = CallRoute(router_, db(), "GET", "/v1/customers/" + guest_id);
  ASSERT_EQ(guest.status, 200) << boost::json::serialize(guest.json);
  EXPECT_EQ(guest.json.at("external_id"), guest_id.c_str());
  EXPECT_EQ(guest.json.at("kind"), "guest");
  EXPECT_EQ(guest.json.at("email"), "ann@example.com");
  auto listed = CallRoute(router_, db(), "GET", "/v1/customers", "", {{"kind", "guest"}});
  ASSERT_EQ(listed.status, 200);
  ASSERT_EQ(listed.json.at("customers").as_array().size(), 1u);
  EXPECT_EQ(listed.json.at("customers").at(0).at("external_id"), guest_id.c_str());

  // Shop ids cannot take the guest prefix, so a guest's id is never a shop's.
  http::testing::ExpectRefused(CallRoute(router_, db(), "POST", "/v1/customers",
                                         R"({"external_id":")" + guest_id + R"(","name":"Eve"})"),
                               400, "invalid_argument", "external_id");
  http::testing::ExpectRefused(
      CallRoute(router_, db(), "GET", "/v1/customers/guest_000000000000000000000000"), 404,
      "not_found", "");
}

TEST_P(OrderIntakeRoutesTest, BadOrderBodiesAre400WithFieldPaths) {
  struct Case {
    std::string body;
    const char* field;
  };
  const std::string lines = R"("lines":[{"sku":"MUG","quantity":1,"unit_price":"1"}])";
  const std::vector<Case> cases = {
      {R"({"external_id":"A","currency":"GBP","lines":[{"sku":"MUG","quantity":-1,"unit_price":"1"}]})",
       "lines[0].quantity"},
      {R"({"external_id":"A","currency":"GBP","lines":[{"sku":"MUG","quantity":"1","unit_price":"1"}]})",
       "lines[0].quantity"},
      {R"({"external_id":"A","currency":"GBP","lines":[{"sku":"MUG","quantity":1,"unit_price":2.55}]})",
       "lines[0].unit_price"},
      {R"({"external_id":"A","currency":"GBP","lines":[{"sku":"MUG","quantity":1,"unit_price":"1.1234567"}]})",
       "lines[0].unit_price"},
      {R"({"external_id":"A","currency":"GBP","lines":[{"sku":"MUG","quantity":1}]})",
       "lines[0].unit_price"},
      {R"({"external_id":"A","currency":"GBP","lines":[{"sku":"MUG","qty":1,"unit_price":"1"}]})",
       "lines[0].qty"},
      {R"({"external_id":"A","currency":"GBP","lines":[7]})", "lines[0]"},
      {R"({"external_id":"A","currency":"gbp",)" + lines + "}", "currency"},
      {R"({"external_id":"A",)" + lines + "}", "currency"},
      {R"({"external_id":"A","currency":"GBP","placed_at":"yesterday",)" + lines + "}",
       "placed_at"},
      {R"({"external_id":"A","currency":"GBP","customer":{"id":"C"},)" + lines + "}",
       "customer.id"},
      {R"({"external_id":"A","currency":"GBP","status":"lost",)" + lines + "}", "status"},
      {R"({"external_id":"A","currency":"GBP","lines":[]})", "lines"},
      {R"([1,2])", ""},
  };
  for (const Case& c : cases) {
    auto reply = CallRoute(router_, db(), "POST", "/v1/orders", c.body);
    EXPECT_EQ(reply.status, 400) << c.body;
    EXPECT_EQ(reply.ErrorCode(), "invalid_argument") << c.body;
    EXPECT_EQ(reply.ErrorField(), c.field) << c.body;
  }
}

// The input rules on the API path: the values that order intake and the importer refuse
// (store_importer_test, order_intake_test) are a 400 naming the field, and store nothing.
// Bytes that are not UTF-8 are named by their field too, not "malformed JSON".
TEST_P(OrderIntakeRoutesTest, InputRulesRefuseBadTextAndCurrenciesStoringNothing) {
  const auto order = [](const std::string& customer, const std::string& sku,
                        const std::string& currency = "GBP") {
    return R"({"external_id":"A-9","customer":)" + customer + R"(,"currency":")" + currency +
           R"(","lines":[{"sku":")" + sku + R"(","quantity":1,"unit_price":"1"}]})";
  };
  const std::string buyer = R"({"external_id":"C-9"})";
  const auto named = [](const std::string& name) {
    return R"({"external_id":"C-9","name":")" + name + R"("})";
  };
  struct Case {
    std::string body;
    std::string field, message;
  };
  const std::vector<Case> cases = {
      // POST /v1/customers's limit holds inside an order too (900,000 bytes were stored).
      {order(named(std::string(900'000, 'n')), "MUG"), "customer.name",
       "must be at most 200 bytes"},
      {order(named(std::string(201, 'n')), "MUG"), "customer.name", "must be at most 200 bytes"},
      {order(named("Ann\xff"), "MUG"), "customer.name", "must be valid UTF-8"},
      {order(buyer, "MUG\xff"), "lines[0].sku", "must be valid UTF-8"},
      {order(buyer, "MUG\\u0001"), "lines[0].sku", "must not contain control characters"},
      {order(buyer, std::string(129, 'S')), "lines[0].sku", "must be at most 128 bytes"},
      {order("{\"external_id\":\"C-9\",\"email\":\"a\xff@x.io\"}", "MUG"), "customer.email",
       "must be valid UTF-8"},
      {order(buyer, "MUG", "XYZ"), "currency",
       "must be an ISO 4217 currency code such as \"EUR\"; 'XYZ' is not one"},
  };
  for (const Case& c : cases) {
    auto reply = CallRoute(router_, db(), "POST", "/v1/orders", c.body);
    EXPECT_EQ(reply.status, 400) << c.field;
    EXPECT_EQ(reply.ErrorCode(), "invalid_argument") << c.field;
    EXPECT_EQ(reply.ErrorField(), c.field);
    EXPECT_EQ(std::string(reply.json.at("error").at("message").as_string()), c.message) << c.field;
  }
  EXPECT_EQ(CallRoute(router_, db(), "GET", "/v1/orders/A-9").status, 404);
  int64_t customers = -1;
  ASSERT_TRUE(db::RunInTransaction(db(), [&](db::Transaction& tx) -> Status {
    LOY_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT COUNT(*) FROM customers"));
    customers = rows[0].Int(0);
    return {};
  }));
  EXPECT_EQ(customers, 0);
  // A name at the limit goes in.
  EXPECT_EQ(
      CallRoute(router_, db(), "POST", "/v1/orders", order(named(std::string(200, 'n')), "MUG"))
          .status,
      201);
}

TEST_P(OrderIntakeRoutesTest, StatusMovesAndIllegalMoveIs422) {
  ASSERT_EQ(CallRoute(router_, db(), "POST", "/v1/orders", kOrder).status, 201);
  auto paid = CallRoute(router_, db(), "POST", "/v1/orders/A-1/status", R"({"status":"paid"})");
  ASSERT_EQ(paid.status, 200);
  EXPECT_EQ(paid.json.at("status"), "paid");
  auto back = CallRoute(router_, db(), "POST", "/v1/orders/A-1/status", R"({"status":"placed"})");
  EXPECT_EQ(back.status, 422);
  EXPECT_EQ(back.ErrorCode(), "failed_precondition");
  auto misspelt = CallRoute(router_, db(), "POST", "/v1/orders/A-1/status", R"({"state":"paid"})");
  EXPECT_EQ(misspelt.status, 400);
  EXPECT_EQ(misspelt.ErrorCode(), "invalid_argument");
  EXPECT_EQ(misspelt.ErrorField(), "state");
}

TEST_P(OrderIntakeRoutesTest, ReturnsAreIdempotentAndLimited) {
  ASSERT_EQ(CallRoute(router_, db(), "POST", "/v1/orders", kOrder).status, 201);
  const std::string ret = R"({"external_id":"R-1","lines":[{"sku":"MUG","quantity":1}]})";
  auto created = CallRoute(router_, db(), "POST", "/v1/orders/A-1/returns", ret);
  ASSERT_EQ(created.status, 201) << boost::json::serialize(created.json);
  EXPECT_EQ(created.json.at("refund"), "2.55");
  EXPECT_EQ(created.json.at("order_external_id"), "A-1");
  EXPECT_EQ(CallRoute(router_, db(), "POST", "/v1/orders/A-1/returns", ret).status, 200);
  auto too_many = CallRoute(router_, db(), "POST", "/v1/orders/A-1/returns",
                            R"({"external_id":"R-2","lines":[{"sku":"MUG","quantity":2}]})");
  EXPECT_EQ(too_many.status, 422);
  EXPECT_EQ(too_many.ErrorCode(), "failed_precondition");
  EXPECT_EQ(too_many.ErrorField(), "lines[0].quantity");
  auto negative = CallRoute(router_, db(), "POST", "/v1/orders/A-1/returns",
                            R"({"external_id":"R-3","lines":[{"line_no":0,"quantity":-1}]})");
  EXPECT_EQ(negative.status, 400);
  EXPECT_EQ(negative.ErrorCode(), "invalid_argument");
  EXPECT_EQ(negative.ErrorField(), "lines[0].quantity");
  auto order = CallRoute(router_, db(), "GET", "/v1/orders/A-1");
  EXPECT_EQ(order.json.at("refunded_minor"), 255);
  ASSERT_EQ(order.json.at("returns").as_array().size(), 1u);
  EXPECT_EQ(order.json.at("returns").at(0).at("external_id"), "R-1");
  EXPECT_EQ(order.json.at("returns").at(0).at("lines").at(0).at("order_line_no"), 0);
}

// Settings are read in each request's transaction: a changed time zone applies to the
// next order without rebuilding the routes (a restart).
TEST_P(OrderIntakeRoutesTest, TimeZoneChangeIsSeenByTheNextOrder) {
  const std::string tail =
      R"(,"currency":"GBP","lines":[{"sku":"MUG","quantity":1,"unit_price":"1"}]})";
  auto utc = CallRoute(router_, db(), "POST", "/v1/orders",
                       R"({"external_id":"Z-1","placed_at":"2024-03-01T22:30:00")" + tail);
  ASSERT_EQ(utc.status, 201) << boost::json::serialize(utc.json);
  EXPECT_EQ(utc.json.at("placed_at"), "2024-03-01T22:30:00Z");
  ASSERT_TRUE(db::RunInTransaction(db(), [](db::Transaction& tx) {
    return settings::Set(tx, "time_zone", "America/New_York");
  }));
  // A time without an offset is now New York's wall clock (UTC-5 in March before DST).
  auto local = CallRoute(router_, db(), "POST", "/v1/orders",
                         R"({"external_id":"Z-2","placed_at":"2024-03-01T22:30:00")" + tail);
  ASSERT_EQ(local.status, 201) << boost::json::serialize(local.json);
  EXPECT_EQ(local.json.at("placed_at"), "2024-03-02T03:30:00Z");
  EXPECT_EQ(local.json.at("placed_day"), "2024-03-01");
  // An instant with an offset keeps its time and gets New York's calendar day.
  auto offset = CallRoute(router_, db(), "POST", "/v1/orders",
                          R"({"external_id":"Z-3","placed_at":"2024-03-02T02:00:00Z")" + tail);
  ASSERT_EQ(offset.status, 201) << boost::json::serialize(offset.json);
  EXPECT_EQ(offset.json.at("placed_at"), "2024-03-02T02:00:00Z");
  EXPECT_EQ(offset.json.at("placed_day"), "2024-03-01");
  // Returns too: returned_at without an offset is New York's wall clock.
  auto ret = CallRoute(router_, db(), "POST", "/v1/orders/Z-2/returns",
                       R"({"external_id":"ZR-1","returned_at":"2024-03-05T21:00:00",)"
                       R"("lines":[{"line_no":0,"quantity":1}]})");
  ASSERT_EQ(ret.status, 201) << boost::json::serialize(ret.json);
  EXPECT_EQ(ret.json.at("returned_at"), "2024-03-06T02:00:00Z");
  EXPECT_EQ(ret.json.at("returned_day"), "2024-03-05");
}

// The parsed program is cached across requests by the document stored in force: a PUT
// between two orders applies to the second.
TEST_P(OrderIntakeRoutesTest, AProgramPutBetweenTwoOrdersAppliesToTheSecond) {
  program::AddProgramRoutes(router_, db(), clock_);
  auto put = [&](const char* rate) {
    return CallRoute(router_, db(), "PUT", "/v1/program",
                     std::string(R"({"earning": {"rates": {"GBP": ")") + rate + R"("}}})")
        .status;
  };
  auto order = [&](const std::string& id) {
    std::string body = kOrder;
    body.replace(body.find("A-1"), 3, id);
    return CallRoute(router_, db(), "POST", "/v1/orders", body).status;
  };
  auto pending = [&] {
    auto points = db::WithReadTransaction(db(), [](db::Transaction& tx) -> Result<int64_t> {
      LOY_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT COALESCE(SUM(pending), 0) FROM "
                                               "ledger_balances"));
      return rows[0].Int(0);
    });
    return points ? *points : -1;
  };
  ASSERT_EQ(put("1"), 201);
  ASSERT_EQ(order("A-1"), 201);
  EXPECT_EQ(pending(), 5);  // 5.11 at a point per pound
  ASSERT_EQ(put("10"), 201);
  ASSERT_EQ(order("A-2"), 201);
  EXPECT_EQ(pending(), 5 + 51);
  ASSERT_EQ(put("1"), 201);  // back to the first document, as version 3
  ASSERT_EQ(order("A-3"), 201);
  EXPECT_EQ(pending(), 5 + 51 + 5);
}

TEST_P(OrderIntakeRoutesTest, EveryRouteIsAdminWithSummaryAndValidSchemas) {
  http::Router intake_only;
  AddOrderIntakeRoutes(intake_only, clock_, programs_);
  EXPECT_EQ(intake_only.routes().size(), 3u);
  loyal::http::testing::ExpectRouteSpecsComplete(intake_only);
}

LOYAL_INSTANTIATE_BACKEND_TESTS(OrderIntakeRoutesTest);

}  // namespace
}  // namespace loyal::intake
