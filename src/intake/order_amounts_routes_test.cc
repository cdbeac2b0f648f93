// POST /v1/orders with discounts, shipping, tax, categories and holds: what is stored and
// answered, what is refused (field-level, changing nothing), idempotency over the new
// fields, and what the order earns (net merchandise after both discounts, never shipping
// or tax). On both backends.
#include <gtest/gtest.h>

#include "customers/customer_service.h"
#include "db/testing/backend_test.h"
#include "http/testing/route_test_support.h"
#include "intake/order_intake_routes.h"
#include "ledger/hold_service.h"
#include "ledger/ledger_queries.h"
#include "ledger/ledger_service.h"
#include "orders/catalog_service.h"
#include "orders/order_routes.h"
#include "program/program_service.h"

namespace loyal::intake {
namespace {

using http::testing::CallRoute;
using http::testing::ExpectRefused;

const Timestamp kT0 = Timestamp(std::chrono::seconds(1'700'000'000));

// Two mugs at 30.00 with 10.00 off the line, a book at 50.00 (category from the catalog),
// 10.00 off the order: nets 45.00 and 45.00; 4.95 shipping, 18.00 tax.
std::string OrderBody(const std::string& extra = "", const std::string& book_extra = "") {
  return R"({"external_id":"A-1","customer":{"external_id":"C-1"},"currency":"EUR",)"
         R"("lines":[{"sku":"MUG","quantity":2,"unit_price":"30","discount_minor":1000},)"
         R"({"sku":"BOOK","quantity":1,"unit_price":"50")" +
         book_extra + R"(}],"discount_minor":1000,"shipping_minor":495,"tax_minor":1800)" + extra +
         "}";
}

class OrderAmountsRoutesTest : public db::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    AddOrderIntakeRoutes(router_, clock_, programs_);
    orders::AddOrderRoutes(router_, db());
    ASSERT_TRUE(db::RunInTransaction(db(), [](db::Transaction& tx) -> Status {
      orders::ProductPatch book;
      book.sku = "BOOK";
      book.title = "A book";
      book.category = "books";
      return orders::UpsertProduct(tx, book, kT0).map([](auto&&) {});
    }));
  }

  // A point per euro, books ×2, nothing else.
  void PutProgram() {
    program::Program p;
    p.earning.rate_millionths["EUR"] = program::kMillionths;
    program::Multiplier books;
    books.match.category = "books";
    books.factor_millionths = 2 * program::kMillionths;
    p.earning.multipliers = {books};
    ASSERT_TRUE(db::RunInTransaction(db(), [&](db::Transaction& tx) {
      return program::PutProgram(tx, p, "test", kT0).map([](auto&&) {});
    }));
  }

  Result<ledger::Balances> BalancesOf(const std::string& customer) {
    return db::WithReadTransaction(db(), [&](db::Transaction& tx) -> Result<ledger::Balances> {
      LOY_ASSIGN_OR_RETURN(
          auto rows, tx.Query("SELECT customer_id FROM customer_lookup WHERE external_id = $1",
                              {db::Value(customer)}));
      if (rows.empty()) return ledger::Balances{};
      return ledger::GetBalances(tx, rows[0].Int(0));
    });
  }

  ManualClock clock_{kT0};
  program::ProgramCache programs_;
  http::Router router_;
};

TEST_P(OrderAmountsRoutesTest, AmountsAndCategoriesAreStoredAnsweredAndReplayed) {
  auto created = http::testing::ExpectReplayChangesNothing(router_, db(), clock_, "/v1/orders",
                                                           OrderBody(), 201);
  const auto& json = created.json;
  EXPECT_EQ(json.at("total_minor"), 11000);
  EXPECT_EQ(json.at("discount_minor"), 1000);
  EXPECT_EQ(json.at("net_minor"), 9000);
  EXPECT_EQ(json.at("net"), "90.00");
  EXPECT_EQ(json.at("shipping_minor"), 495);
  EXPECT_EQ(json.at("tax"), "18.00");
  EXPECT_EQ(json.at("grand_total_minor"), 9000 + 495 + 1800);
  EXPECT_EQ(json.at("points_holds"), boost::json::array());
  const auto& mug = json.at("lines").at(0);
  EXPECT_EQ(mug.at("discount_minor"), 1000);
  EXPECT_EQ(mug.at("net_minor"), 4500);
  EXPECT_EQ(mug.at("category"), nullptr);  // not in the catalog, not given
  const auto& book = json.at("lines").at(1);
  EXPECT_EQ(book.at("discount_minor"), 0);
  EXPECT_EQ(book.at("net_minor"), 4500);
  EXPECT_EQ(book.at("category"), "books") << "taken from the catalog and stored";

  // Stored: a catalog change later does not rewrite the order's line.
  ASSERT_TRUE(db::RunInTransaction(db(), [](db::Transaction& tx) -> Status {
    orders::ProductPatch book_patch;
    book_patch.sku = "BOOK";
    book_patch.category = "novels";
    return orders::UpsertProduct(tx, book_patch, kT0).map([](auto&&) {});
  }));
  auto got = CallRoute(router_, db(), "GET", "/v1/orders/A-1");
  ASSERT_EQ(got.status, 200);
  boost::json::object stored = got.json.as_object();
  stored.erase("returns");  // GET adds the order's returns
  EXPECT_EQ(stored, json);
}

TEST_P(OrderAmountsRoutesTest, TheSameIdWithOtherAmountsIs409) {
  ASSERT_EQ(CallRoute(router_, db(), "POST", "/v1/orders", OrderBody()).status, 201);
  std::string body = OrderBody();
  const std::vector<std::pair<std::string, std::string>> changes = {
      {R"("shipping_minor":495)", R"("shipping_minor":0)"},
      {R"("tax_minor":1800)", R"("tax_minor":1801)"},
      {R"("discount_minor":1000,"shipping)", R"("discount_minor":999,"shipping)"},
      {R"("unit_price":"30","discount_minor":1000)", R"("unit_price":"30")"},
      {R"("unit_price":"50")", R"("unit_price":"50","category":"books")"},
  };
  for (const auto& [from, to] : changes) {
    std::string changed = body;
    ASSERT_NE(changed.find(from), std::string::npos) << from;
    changed.replace(changed.find(from), from.size(), to);
    ExpectRefused(CallRoute(router_, db(), "POST", "/v1/orders", changed), 409, "already_exists",
                  "external_id", to);
  }
  ExpectRefused(
      CallRoute(router_, db(), "POST", "/v1/orders", OrderBody(R"(,"points_holds":["hold_x"])")),
      409, "already_exists", "external_id", "points_holds");
}

TEST_P(OrderAmountsRoutesTest, BadAmountsAndHoldsAreRefusedByFieldAndChangeNothing) {
  ASSERT_TRUE(db::RunInTransaction(db(), [](db::Transaction& tx) -> Status {
    LOY_ASSIGN_OR_RETURN(int64_t other, customers::EnsureBuyer(tx, "C-2", {}, kT0));
    const ledger::Memo memo{"opening", "adjustment", "test", std::nullopt, "key"};
    LOY_RETURN_IF_ERROR(ledger::Credit(tx, other, 500, std::nullopt, memo, kT0));
    return {};
  }));
  auto others_hold = db::WithTransaction(db(), [](db::Transaction& tx) -> Result<std::string> {
    LOY_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT customer_id FROM customer_lookup "
                                             "WHERE external_id = 'C-2'"));
    LOY_ASSIGN_OR_RETURN(auto held, ledger::PlaceHold(tx, rows[0].Int(0), 200, "cart", kT0));
    return held.hold.public_id;
  });
  ASSERT_TRUE(others_hold);
  struct Case {
    std::string body;
    int status;
    const char* code;
    const char* field;
  };
  const std::string book_line = R"({"sku":"BOOK","quantity":1,"unit_price":"50"})";
  auto with_lines = [](const std::string& lines, const std::string& extra = "") {
    return R"({"external_id":"A-1","customer":{"external_id":"C-1"},"currency":"EUR","lines":[)" +
           lines + "]" + extra + "}";
  };
  const std::vector<Case> cases = {
      {OrderBody().replace(OrderBody().find("495"), 3, "-1"), 400, "invalid_argument",
       "shipping_minor"},
      {OrderBody().replace(OrderBody().find("1800"), 4, "-5"), 400, "invalid_argument",
       "tax_minor"},
      {with_lines(book_line, R"(,"discount_minor":-1)"), 400, "invalid_argument", "discount_minor"},
      {with_lines(R"({"sku":"BOOK","quantity":1,"unit_price":"50","discount_minor":-1})"), 400,
       "invalid_argument", "lines[0].discount_minor"},
      {with_lines(R"({"sku":"BOOK","quantity":1,"unit_price":"50","discount_minor":5001})"), 422,
       "failed_precondition", "lines[0].discount_minor"},
      {with_lines(R"({"sku":"BOOK","quantity":1,"unit_price":"50","discount_minor":1000})",
                  R"(,"discount_minor":4001)"),
       422, "failed_precondition", "discount_minor"},
      {with_lines(book_line, R"(,"shipping_minor":"4.95")"), 400, "invalid_argument",
       "shipping_minor"},
      {with_lines(book_line, R"(,"points_holds":[7])"), 400, "invalid_argument", "points_holds[0]"},
      {with_lines(book_line, R"(,"points_holds":["hold_a","hold_a"])"), 400, "invalid_argument",
       "points_holds[1]"},
      {with_lines(book_line, R"(,"points_holds":["hold_nope"])"), 422, "failed_precondition",
       "points_holds[0]"},
      {with_lines(book_line, R"(,"points_holds":[")" + *others_hold + R"("])"), 422,
       "failed_precondition", "points_holds[0]"},
  };
  for (const Case& c : cases) {
    ExpectRefused(CallRoute(router_, db(), "POST", "/v1/orders", c.body), c.status, c.code, c.field,
                  c.body);
    ExpectRefused(CallRoute(router_, db(), "GET", "/v1/orders/A-1"), 404, "not_found", "", c.body);
  }
  auto hold = db::WithReadTransaction(
      db(), [&](db::Transaction& tx) { return ledger::GetHold(tx, *others_hold); });
  ASSERT_TRUE(hold);
  EXPECT_EQ(hold->state, ledger::HoldState::kHeld);
  EXPECT_FALSE(hold->order_bound);
}

TEST_P(OrderAmountsRoutesTest, AnOrderEarnsOnItsNetAfterBothDiscountsWithoutShippingOrTax) {
  PutProgram();
  ASSERT_EQ(CallRoute(router_, db(), "POST", "/v1/orders", OrderBody()).status, 201);
  // Mugs 45.00 × 1 + book 45.00 × 2 (books, from the catalog); 22.95 of shipping and tax
  // earn nothing.
  auto earned = BalancesOf("C-1");
  ASSERT_TRUE(earned);
  EXPECT_EQ(earned->pending, 135);
  ASSERT_EQ(CallRoute(router_, db(), "POST", "/v1/orders", OrderBody()).status, 200);
  EXPECT_EQ(BalancesOf("C-1")->pending, 135) << "a replay earns nothing more";

  // A category given on the line is the one that counts: the book as "misc" earns ×1.
  std::string misc = OrderBody("", R"(,"category":"misc")");
  misc.replace(misc.find("A-1"), 3, "A-2");
  misc.replace(misc.find("C-1"), 3, "C-3");
  auto second = CallRoute(router_, db(), "POST", "/v1/orders", misc);
  ASSERT_EQ(second.status, 201) << boost::json::serialize(second.json);
  EXPECT_EQ(second.json.at("lines").at(1).at("category"), "misc");
  EXPECT_EQ(BalancesOf("C-3")->pending, 90);
}

LOYAL_INSTANTIATE_BACKEND_TESTS(OrderAmountsRoutesTest);

}  // namespace
}  // namespace loyal::intake
