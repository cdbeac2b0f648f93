#include "db/customer_rows.h"

#include <gtest/gtest.h>

#include "db/testing/backend_test.h"

namespace loyal::db {
namespace {

class CustomerRowsTest : public testing::BackendTest {
 protected:
  void Exec(const std::string& sql) {
    ASSERT_TRUE(RunInTransaction(db(), [&](Transaction& tx) { return tx.ExecuteScript(sql); }));
  }
};

TEST_P(CustomerRowsTest, MovesEveryColumnOfTheCustomersRowsAndOnlyThose) {
  Exec(
      "CREATE TABLE moved_things (customer_id BIGINT NOT NULL, thing_id BIGINT NOT NULL, "
      "label TEXT, amount BIGINT, PRIMARY KEY (customer_id, thing_id));"
      "INSERT INTO moved_things VALUES (1, 10, 'a', 5), (1, 11, NULL, 7), (2, 12, 'c', 9);");
  auto moved = WithTransaction(
      db(), [](Transaction& tx) { return MoveCustomerRows(tx, "moved_things", 1, 3); });
  ASSERT_TRUE(moved) << moved.error().message;
  EXPECT_EQ(*moved, 2);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM moved_things WHERE customer_id = 1"), 0);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM moved_things WHERE customer_id = 3 AND "
                   "((thing_id = 10 AND label = 'a' AND amount = 5) OR "
                   "(thing_id = 11 AND label IS NULL AND amount = 7))"),
            2);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM moved_things WHERE customer_id = 2"), 1);
}

TEST_P(CustomerRowsTest, AKeyTakenByTheTargetRefusesTheMove) {
  Exec(
      "CREATE TABLE clashing_things (customer_id BIGINT NOT NULL, thing_id BIGINT NOT NULL, "
      "PRIMARY KEY (customer_id, thing_id));"
      "INSERT INTO clashing_things VALUES (1, 10), (3, 10);");
  auto moved = WithTransaction(
      db(), [](Transaction& tx) { return MoveCustomerRows(tx, "clashing_things", 1, 3); });
  ASSERT_FALSE(moved);
  EXPECT_EQ(moved.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM clashing_things WHERE customer_id = 1"), 1);
}

TEST_P(CustomerRowsTest, ATableWithoutCustomerIdIsRefused) {
  auto moved = WithTransaction(
      db(), [](Transaction& tx) { return MoveCustomerRows(tx, "no_such_table", 1, 3); });
  ASSERT_FALSE(moved);
  EXPECT_EQ(moved.error().code, ErrorCode::kInternal);
}

TEST_P(CustomerRowsTest, ListsTheMigratedCustomerOwnedTables) {
  auto tables = WithReadTransaction(db(), [](Transaction& tx) { return TablesWithCustomerId(tx); });
  ASSERT_TRUE(tables);
  EXPECT_NE(std::find(tables->begin(), tables->end(), "orders"), tables->end());
  EXPECT_EQ(std::find(tables->begin(), tables->end(), "products"), tables->end());
}

LOYAL_INSTANTIATE_BACKEND_TESTS(CustomerRowsTest);

}  // namespace
}  // namespace loyal::db
