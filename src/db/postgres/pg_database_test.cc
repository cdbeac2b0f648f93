// What only the PostgreSQL driver does: the bounded pool, reconnecting after a dropped
// connection, serialization failures as conflict and RunInTransaction's retry.
#include "db/postgres/pg_database.h"

#include <gtest/gtest.h>

#include <chrono>

#include "db/testing/backend_test.h"

namespace loyal::db::postgres {
namespace {

using namespace std::chrono_literals;

class PgDatabaseTest : public db::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    Status made = RunInTransaction(db(), [](Transaction& tx) -> Status {
      LOY_RETURN_IF_ERROR(tx.ExecuteScript("CREATE TABLE counters (id BIGINT PRIMARY KEY, n BIGINT NOT NULL)"));
      LOY_RETURN_IF_ERROR(tx.Execute("INSERT INTO counters (id, n) VALUES (1, 0)"));
      return {};
    });
    ASSERT_TRUE(made) << made.error().ToString();
  }

  Status Bump(Database& db) {
    return RunInTransaction(db, [](Transaction& tx) -> Status {
      LOY_RETURN_IF_ERROR(tx.Execute("UPDATE counters SET n = n + 1 WHERE id = 1"));
      return {};
    });
  }

  int64_t Counter() {
    auto tx = db().BeginReadOnly();
    auto rows = (*tx)->Query("SELECT n FROM counters WHERE id = 1");
    EXPECT_TRUE(rows);
    return (*rows)[0].Int(0);
  }
};

TEST_P(PgDatabaseTest, PoolIsBoundedAndBeginWaitsThenGetsUnavailable) {
  auto small = PgDatabase::Open(target(), PgOptions{2, 100ms});
  ASSERT_TRUE(small) << small.error().ToString();
  auto a = (*small)->Begin();
  auto b = (*small)->BeginReadOnly();
  ASSERT_TRUE(a && b);
  auto c = (*small)->Begin();
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::kUnavailable);
  ASSERT_TRUE((*a)->Commit());
  EXPECT_TRUE((*small)->Begin()) << "a released connection is handed out again";
}

TEST_P(PgDatabaseTest, DroppedConnectionsAreReplacedOnBegin) {
  auto single = PgDatabase::Open(target(), PgOptions{1, 1000ms});
  ASSERT_TRUE(single) << single.error().ToString();
  ASSERT_TRUE(Bump(**single));
  // Kill every other session on this database, including the idle pooled one.
  ASSERT_TRUE(RunInTransaction(db(), [](Transaction& tx) -> Status {
    LOY_RETURN_IF_ERROR(tx.Query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()"));
    return {};
  }));
  Status after = Bump(**single);
  EXPECT_TRUE(after) << after.error().ToString();
  EXPECT_EQ(Counter(), 2);
}

TEST_P(PgDatabaseTest, SerializationFailureIsConflict) {
  auto tx = db().Begin();
  ASSERT_TRUE(tx);
  ASSERT_TRUE((*tx)->Execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"));
  ASSERT_TRUE((*tx)->Query("SELECT n FROM counters WHERE id = 1"));  // takes the snapshot
  ASSERT_TRUE(Bump(db()));
  auto update = (*tx)->Execute("UPDATE counters SET n = n + 10 WHERE id = 1");
  ASSERT_FALSE(update);
  EXPECT_EQ(update.error().code, ErrorCode::kConflict);
}

TEST_P(PgDatabaseTest, RunInTransactionRetriesAConflictWithAFreshTransaction) {
  int attempts = 0;
  Status status = RunInTransaction(db(), [&](Transaction& tx) -> Status {
    ++attempts;
    LOY_RETURN_IF_ERROR(tx.Execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"));
    LOY_RETURN_IF_ERROR(tx.Query("SELECT n FROM counters WHERE id = 1"));
    if (attempts == 1) LOY_RETURN_IF_ERROR(Bump(db()));  // someone else gets in first, once
    LOY_RETURN_IF_ERROR(tx.Execute("UPDATE counters SET n = n + 10 WHERE id = 1"));
    return {};
  });
  ASSERT_TRUE(status) << status.error().ToString();
  EXPECT_EQ(attempts, 2);
  EXPECT_EQ(Counter(), 11);
}

TEST_P(PgDatabaseTest, CommitAfterAFailedStatementRollsBackAndSaysSo) {
  auto tx = db().Begin();
  ASSERT_TRUE(tx);
  ASSERT_TRUE((*tx)->Execute("UPDATE counters SET n = 5 WHERE id = 1"));
  ASSERT_FALSE((*tx)->Execute("INSERT INTO counters (id, n) VALUES (1, 0)"));
  Status committed = (*tx)->Commit();
  ASSERT_FALSE(committed);
  EXPECT_EQ(committed.error().code, ErrorCode::kInternal);
  EXPECT_EQ(Counter(), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, PgDatabaseTest, ::testing::Values(Backend::kPostgres),
                         db::testing::BackendName);

}  // namespace
}  // namespace loyal::db::postgres
