// Migrations that move data: what a store made by an older binary holds comes through them.
#include <gtest/gtest.h>

#include "db/migrations.h"
#include "db/testing/backend_test.h"

namespace loyal::db {
namespace {

class DataMigrationsTest : public testing::BackendTest {};

std::string BackendFileOf(std::string_view migration, Backend backend) {
  const std::string name =
      std::string(migration) + (backend == Backend::kSqlite ? ".sqlite.sql" : ".postgres.sql");
  for (const MigrationFile& file : EmbeddedMigrationFiles()) {
    if (file.file_name == name) return std::string(file.sql);
  }
  ADD_FAILURE() << "no embedded " << name;
  return "";
}

// 0013 on a store that still has order_line_points: the same backend statements, run again
// over lines given out of order, fill each record's line_points in line_no order, and a
// record without lines gets an empty list.
TEST_P(DataMigrationsTest, LinePointsAreFoldedIntoTheirOrderRecordInLineOrder) {
  ASSERT_TRUE(RunInTransaction(db(), [](Transaction& tx) -> Status {
    LOY_RETURN_IF_ERROR(tx.Execute(
        "CREATE TABLE order_line_points (customer_id BIGINT NOT NULL, order_id BIGINT NOT NULL, "
        "line_no INTEGER NOT NULL, points BIGINT NOT NULL, PRIMARY KEY (customer_id, order_id, "
        "line_no))"));
    for (int64_t order : {1, 2}) {
      LOY_RETURN_IF_ERROR(tx.Execute(
          "INSERT INTO order_points (customer_id, order_id, lot_id, program_version, first_order, "
          "first_order_bonus, spend_bonus, first_order_bonus_kept, spend_bonus_kept, "
          "release_scheduled) VALUES (7, $1, 3, 1, 0, 0, 0, 0, 0, 0)",
          {Value(order)}));
    }
    for (auto [line, points] : {std::pair<int64_t, int64_t>{2, 7}, {0, 45}, {1, 0}}) {
      LOY_RETURN_IF_ERROR(
          tx.Execute("INSERT INTO order_line_points (customer_id, order_id, line_no, points) "
                     "VALUES (7, 1, $1, $2)",
                     {Value(line), Value(points)}));
    }
    return {};
  }));
  std::vector<Migration> fold = *ParseMigrations(EmbeddedMigrationFiles(), GetParam());
  fold.push_back(
      {9013, "9013_fold_again", BackendFileOf("0013_order_line_points_folded", GetParam())});
  SystemClock clock;
  Status applied = ApplyMigrations(db(), fold, clock);
  ASSERT_TRUE(applied) << applied.error().ToString();
  ASSERT_TRUE(RunInReadTransaction(db(), [](Transaction& tx) -> Status {
    LOY_ASSIGN_OR_RETURN(
        auto rows, tx.Query("SELECT order_id, line_points FROM order_points ORDER BY order_id"));
    EXPECT_EQ(rows.size(), 2u);
    if (rows.size() == 2) {
      EXPECT_EQ(rows[0].Text(1), "45,0,7");
      EXPECT_EQ(rows[1].Text(1), "");
    }
    return {};
  }));
  // A transaction of its own: on PostgreSQL the failed query ends the one it runs in.
  EXPECT_FALSE(RunInReadTransaction(db(), [](Transaction& tx) -> Status {
    return tx.Query("SELECT COUNT(*) FROM order_line_points").map([](auto&&) {});
  })) << "order_line_points is still there";
}

LOYAL_INSTANTIATE_BACKEND_TESTS(DataMigrationsTest);

}  // namespace
}  // namespace loyal::db
