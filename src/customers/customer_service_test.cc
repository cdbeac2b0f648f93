#include "customers/customer_service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "db/migrations.h"
#include "db/testing/backend_test.h"

namespace loyal::customers {
namespace {

const Timestamp kT0 = Timestamp(std::chrono::seconds(1'700'000'000));

class CustomerServiceTest : public db::testing::BackendTest {
 protected:
  // Runs `work` in a committed transaction; fails the test on an error.
  void Tx(const std::function<Status(db::Transaction&)>& work) {
    auto status = db::RunInTransaction(db(), work);
    ASSERT_TRUE(status) << status.error().ToString();
  }

  UpsertResult Upsert(CustomerInput in, Timestamp now = kT0) {
    UpsertResult out;
    Tx([&](db::Transaction& tx) -> Status {
      LOY_ASSIGN_OR_RETURN(out, UpsertCustomer(tx, in, now));
      return {};
    });
    return out;
  }

  static CustomerInput Named(std::string id, std::optional<std::string> email = {}) {
    CustomerInput in;
    in.external_id = std::move(id);
    in.email = std::move(email);
    return in;
  }

  Result<CustomerPage> List(const ListQuery& query) {
    Result<CustomerPage> page = CustomerPage{};
    auto status = db::RunInReadTransaction(db(), [&](db::Transaction& tx) -> Status {
      page = ListCustomers(tx, query);
      return {};
    });
    if (!status) return tl::unexpected(status.error());
    return page;
  }

  Result<Customer> Get(std::string_view id) {
    Result<Customer> out = Customer{};
    auto status = db::RunInReadTransaction(db(), [&](db::Transaction& tx) -> Status {
      out = GetCustomer(tx, id);
      return {};
    });
    if (!status) return tl::unexpected(status.error());
    return out;
  }
};

TEST_P(CustomerServiceTest, UpsertCreatesThenUpdatesKeepingUnsetFields) {
  CustomerInput first = Named("C-1", "Ann@Example.com");
  first.name = "Ann";
  first.birthday = 7000;
  first.marketing_consent = true;
  UpsertResult created = Upsert(first);
  EXPECT_TRUE(created.created);
  EXPECT_EQ(created.customer.email, "ann@example.com");
  EXPECT_EQ(created.customer.kind, CustomerKind::kCustomer);

  CustomerInput second = Named("C-1");
  second.name = "Ann Lee";
  UpsertResult updated = Upsert(second, kT0 + std::chrono::seconds(60));
  EXPECT_FALSE(updated.created);
  EXPECT_EQ(updated.customer.customer_id, created.customer.customer_id);

  auto stored = Get("C-1");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->name, "Ann Lee");
  EXPECT_EQ(stored->email, "ann@example.com");
  EXPECT_EQ(stored->birthday, 7000);
  EXPECT_TRUE(stored->marketing_consent);
  EXPECT_EQ(stored->created_at, kT0);
  EXPECT_EQ(stored->updated_at, kT0 + std::chrono::seconds(60));
}

TEST_P(CustomerServiceTest, UpsertClearsTheFieldsGivenAsNull) {
  CustomerInput first = Named("C-1", "ann@example.com");
  first.name = "Ann";
  first.country = "GB";
  first.birthday = 7000;
  Upsert(first);
  CustomerInput clear = Named("C-1");
  clear.cleared = {"email", "birthday"};
  UpsertResult updated = Upsert(clear, kT0 + std::chrono::seconds(60));
  EXPECT_FALSE(updated.created);
  auto stored = Get("C-1");
  ASSERT_TRUE(stored) << stored.error().ToString();
  EXPECT_FALSE(stored->email.has_value());
  EXPECT_FALSE(stored->birthday.has_value());
  EXPECT_EQ(stored->name, "Ann");
  EXPECT_EQ(stored->country, "GB");
}

TEST_P(CustomerServiceTest, AReplayOfTheSameInputChangesNothingNotEvenUpdatedAt) {
  CustomerInput first = Named("C-1", "ann@example.com");
  first.name = "Ann";
  Upsert(first);
  UpsertResult replay = Upsert(first, kT0 + std::chrono::seconds(60));
  EXPECT_FALSE(replay.created);
  auto stored = Get("C-1");
  ASSERT_TRUE(stored) << stored.error().ToString();
  EXPECT_EQ(stored->updated_at, kT0);
  EXPECT_EQ(stored->name, "Ann");
}

TEST_P(CustomerServiceTest, UpsertWithBadEmailFailsAndStoresNothing) {
  auto status = db::RunInTransaction(db(), [&](db::Transaction& tx) -> Status {
    LOY_RETURN_IF_ERROR(UpsertCustomer(tx, Named("C-1", "not-an-address"), kT0));
    return {};
  });
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.error().field, "email");
  auto missing = Get("C-1");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_P(CustomerServiceTest, UpsertRefusesGuestKind) {
  CustomerInput in = Named("C-1");
  in.kind = CustomerKind::kGuest;
  auto status = db::RunInTransaction(db(), [&](db::Transaction& tx) -> Status {
    LOY_RETURN_IF_ERROR(UpsertCustomer(tx, in, kT0));
    return {};
  });
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.error().field, "kind");
}

TEST_P(CustomerServiceTest, GetUnknownCustomerIsNotFound) {
  auto missing = Get("nobody");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_P(CustomerServiceTest, ListPagesByCursorUntilTheLastPage) {
  for (int i = 1; i <= 5; ++i) Upsert(Named("C-" + std::to_string(i)));
  std::vector<std::string> seen;
  ListQuery query;
  query.limit = 2;
  std::vector<size_t> page_sizes;
  for (int guard = 0; guard < 10; ++guard) {
    auto page = List(query);
    ASSERT_TRUE(page) << page.error().ToString();
    page_sizes.push_back(page->customers.size());
    for (const Customer& c : page->customers) seen.push_back(*c.external_id);
    if (page->next_after.empty()) break;
    query.after = page->next_after;
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"C-1", "C-2", "C-3", "C-4", "C-5"}));
  EXPECT_EQ(page_sizes, (std::vector<size_t>{2, 2, 1}));
}

TEST_P(CustomerServiceTest, ListFiltersByEmailIgnoringCase) {
  Upsert(Named("C-1", "ann@example.com"));
  Upsert(Named("C-2", "bob@example.com"));
  Upsert(Named("C-3", "ann@example.com"));
  ListQuery query;
  query.email = "ANN@example.com";
  auto page = List(query);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->customers.size(), 2u);
  EXPECT_EQ(page->customers[0].external_id, "C-1");
  EXPECT_EQ(page->customers[1].external_id, "C-3");
  EXPECT_TRUE(page->next_after.empty());
}

TEST_P(CustomerServiceTest, ListRefusesBadLimitAndCursor) {
  ListQuery query;
  query.limit = 501;
  auto too_many = List(query);
  ASSERT_FALSE(too_many);
  EXPECT_EQ(too_many.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(too_many.error().field, "limit");
  query.limit = 10;
  query.after = "abc";
  auto bad_cursor = List(query);
  ASSERT_FALSE(bad_cursor);
  EXPECT_EQ(bad_cursor.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad_cursor.error().field, "after");
}

TEST_P(CustomerServiceTest, EnsureBuyerPromotesAProspect) {
  CustomerInput in = Named("P-1");
  in.kind = CustomerKind::kProspect;
  const int64_t id = Upsert(in).customer.customer_id;
  Tx([&](db::Transaction& tx) -> Status {
    LOY_ASSIGN_OR_RETURN(int64_t buyer, EnsureBuyer(tx, "P-1", {}, kT0));
    EXPECT_EQ(buyer, id);
    return {};
  });
  auto promoted = Get("P-1");
  ASSERT_TRUE(promoted) << promoted.error().ToString();
  EXPECT_EQ(promoted->kind, CustomerKind::kCustomer);
}

TEST_P(CustomerServiceTest, AGuestIsFoundByItsGuestIdAndShopIdsCannotTakeThePrefix) {
  const std::string guest_id = GuestIdForOrder("A-1");
  Tx([&](db::Transaction& tx) -> Status {
    LOY_ASSIGN_OR_RETURN(int64_t id, NewCustomerId(tx));
    return CreateGuest(tx, id, guest_id, {"ann@example.com", "Ann"}, kT0);
  });
  auto guest = Get(guest_id);
  ASSERT_TRUE(guest) << guest.error().ToString();
  EXPECT_EQ(guest->kind, CustomerKind::kGuest);
  EXPECT_EQ(guest->guest_id, guest_id);
  EXPECT_FALSE(guest->external_id.has_value());

  for (const std::string& id : {guest_id, std::string("guest_new")}) {
    auto status = db::RunInTransaction(db(), [&](db::Transaction& tx) -> Status {
      LOY_RETURN_IF_ERROR(UpsertCustomer(tx, Named(id), kT0));
      return {};
    });
    ASSERT_FALSE(status) << id;
    EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument) << id;
    EXPECT_EQ(status.error().field, "external_id") << id;
  }
  // A guest who buys again is that guest; an unknown guest id names nobody.
  Tx([&](db::Transaction& tx) -> Status {
    LOY_ASSIGN_OR_RETURN(int64_t buyer, EnsureBuyer(tx, guest_id, {}, kT0));
    EXPECT_EQ(buyer, guest->customer_id);
    return {};
  });
  auto unknown = db::RunInTransaction(db(), [&](db::Transaction& tx) -> Status {
    LOY_RETURN_IF_ERROR(EnsureBuyer(tx, "guest_000000000000000000000000", {}, kT0));
    return {};
  });
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(unknown.error().field, "customer.external_id");
}

// Migration 0010 gives the guests stored before it the id the code derives now: its
// backend file, run again over a guest stored the old way, must agree with GuestIdForOrder
// (and GuestIdForReturn) on each backend.
TEST_P(CustomerServiceTest, MigrationGivesEarlierGuestsTheIdsTheCodeDerives) {
  Tx([&](db::Transaction& tx) -> Status {
    for (int64_t id : {901, 902}) {
      LOY_RETURN_IF_ERROR(
          tx.Execute("INSERT INTO customers (customer_id, created_at, updated_at, kind) "
                     "VALUES ($1, 0, 0, 'guest')",
                     {db::Value(id)}));
    }
    for (const auto& [order_id, external_id] :
         {std::pair<int64_t, const char*>{7, "A-1"}, {8, "A-2"}}) {
      LOY_RETURN_IF_ERROR(tx.Execute(
          "INSERT INTO orders (customer_id, order_id, external_id, placed_at, placed_day, "
          "currency, status, total_minor, line_count, request_hash, created_at, updated_at) "
          "VALUES (901, $1, $2, 0, 0, 'GBP', 'placed', 0, 0, '', 0, 0)",
          {db::Value(order_id), db::Value(std::string(external_id))}));
    }
    LOY_RETURN_IF_ERROR(tx.Execute(
        "INSERT INTO returns (customer_id, return_id, external_id, currency, refund_minor, "
        "returned_at, returned_day, request_hash, created_at) "
        "VALUES (902, 3, 'R-1', 'GBP', 0, 0, 0, '', 0)",
        {}));
    const std::string file = GetParam() == db::Backend::kSqlite ? "0010_guest_ids.sqlite.sql"
                                                                : "0010_guest_ids.postgres.sql";
    for (const db::MigrationFile& migration : db::EmbeddedMigrationFiles()) {
      if (migration.file_name == file) return tx.ExecuteScript(migration.sql);
    }
    return Internal("no embedded " + file);
  });
  auto by_order = Get(GuestIdForOrder("A-1"));  // the guest's first order
  ASSERT_TRUE(by_order) << by_order.error().ToString();
  EXPECT_EQ(by_order->customer_id, 901);
  auto by_return = Get(GuestIdForReturn("R-1"));
  ASSERT_TRUE(by_return) << by_return.error().ToString();
  EXPECT_EQ(by_return->customer_id, 902);
  EXPECT_EQ(by_return->guest_id, GuestIdForReturn("R-1"));
}

TEST_P(CustomerServiceTest, ConcurrentUpsertsOfOneIdMakeOneCustomer) {
  constexpr int kThreads = 6;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  std::atomic<int> created{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      UpsertResult result;
      auto status = db::RunInTransaction(db(), [&](db::Transaction& tx) -> Status {
        LOY_ASSIGN_OR_RETURN(result, UpsertCustomer(tx, Named("C-race"), kT0));
        return {};
      });
      if (!status) ++failures;
      if (status && result.created) ++created;
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(created.load(), 1);
  ListQuery query;
  auto page = List(query);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->customers.size(), 1u);
}

LOYAL_INSTANTIATE_BACKEND_TESTS(CustomerServiceTest);

}  // namespace
}  // namespace loyal::customers
