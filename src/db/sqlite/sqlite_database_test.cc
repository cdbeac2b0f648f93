// What only the SQLite driver does: its pragmas, the writer gate, busy handling across
// handles, placeholder checks, the statement cache and checkpoints off the commit path.
#include "db/sqlite/sqlite_database.h"

#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

namespace loyal::db::sqlite {
namespace {

using namespace std::chrono_literals;

class SqliteDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("loyal-sqlite-test-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    db_ = Open();
    ASSERT_TRUE(RunInTransaction(*db_, [](Transaction& tx) {
      return tx.ExecuteScript("CREATE TABLE t (id BIGINT PRIMARY KEY, v TEXT)");
    }));
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  // A checkpoint threshold of 1,000 pages (a tenth of the default) keeps the checkpoint
  // test's writes small.
  std::unique_ptr<SqliteDatabase> Open(std::chrono::milliseconds busy = 5000ms) {
    auto db = SqliteDatabase::Open(dir_ / "t.db", SqliteOptions{busy, 1000});
    EXPECT_TRUE(db) << db.error().ToString();
    return db ? std::move(*db) : nullptr;
  }

  std::filesystem::path dir_;
  std::unique_ptr<SqliteDatabase> db_;
};

TEST_F(SqliteDatabaseTest, ConnectionsUseWalFullSyncForeignKeysAndTheirCacheSize) {
  for (bool read_only : {false, true}) {
    auto tx = read_only ? db_->BeginReadOnly() : db_->Begin();
    ASSERT_TRUE(tx);
    auto mode = (*tx)->Query("PRAGMA journal_mode");
    auto sync = (*tx)->Query("PRAGMA synchronous");
    auto keys = (*tx)->Query("PRAGMA foreign_keys");
    auto cache = (*tx)->Query("PRAGMA cache_size");
    auto query_only = (*tx)->Query("PRAGMA query_only");
    ASSERT_TRUE(mode && sync && keys && cache && query_only);
    EXPECT_EQ((*mode)[0].Text(0), "wal");
    EXPECT_EQ((*sync)[0].Int(0), 2);  // FULL
    EXPECT_EQ((*keys)[0].Int(0), 1);
    EXPECT_EQ((*cache)[0].Int(0), read_only ? -8192 : -65536);  // KiB
    EXPECT_EQ((*query_only)[0].Int(0), read_only ? 1 : 0);
  }
}

TEST_F(SqliteDatabaseTest, SecondWriterInTheProcessWaitsThenGetsUnavailable) {
  db_ = Open(100ms);
  auto first = db_->Begin();
  ASSERT_TRUE(first);
  auto start = std::chrono::steady_clock::now();
  auto second = db_->Begin();
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kUnavailable);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 100ms);
  ASSERT_TRUE((*first)->Commit());
  EXPECT_TRUE(db_->Begin()) << "the gate opens again after commit";
}

TEST_F(SqliteDatabaseTest, QueuedWriterProceedsWhenTheFirstCommits) {
  auto first = db_->Begin();
  ASSERT_TRUE(first);
  ASSERT_TRUE((*first)->Execute("INSERT INTO t (id, v) VALUES ($1, $2)", {Value(int64_t{1}), Value(std::string("a"))}));
  std::thread second([&] {
    Status status = RunInTransaction(*db_, [](Transaction& tx) -> Status {
      LOY_RETURN_IF_ERROR(tx.Execute("UPDATE t SET v = $1 WHERE id = $2", {Value(std::string("b")), Value(int64_t{1})}));
      return {};
    });
    EXPECT_TRUE(status) << status.error().ToString();
  });
  std::this_thread::sleep_for(50ms);
  ASSERT_TRUE((*first)->Commit());
  second.join();
  auto tx = db_->BeginReadOnly();
  auto rows = (*tx)->Query("SELECT v FROM t WHERE id = $1", {Value(int64_t{1})});
  ASSERT_TRUE(rows);
  EXPECT_EQ((*rows)[0].Text(0), "b");  // the second writer saw the first one's row
}

// A writer that commits and begins again (a save in several transactions) must not take
// the gate back ahead of one already waiting, or the waiting one could starve.
TEST_F(SqliteDatabaseTest, WaitingWritersAreServedInArrivalOrder) {
  auto first = db_->Begin();
  ASSERT_TRUE(first);
  std::thread waiting([&] {
    Status status = RunInTransaction(*db_, [](Transaction& tx) -> Status {
      LOY_RETURN_IF_ERROR(tx.Execute("INSERT INTO t (id, v) VALUES ($1, $2)",
                                     {Value(int64_t{1}), Value(std::string("waited"))}));
      return {};
    });
    EXPECT_TRUE(status) << status.error().ToString();
  });
  std::this_thread::sleep_for(200ms);  // time enough for it to queue behind `first`
  ASSERT_TRUE((*first)->Commit());
  auto again = db_->Begin();
  ASSERT_TRUE(again) << again.error().ToString();
  auto rows = (*again)->Query("SELECT v FROM t WHERE id = $1", {Value(int64_t{1})});
  ASSERT_TRUE(rows) << rows.error().ToString();
  EXPECT_EQ(rows->size(), 1u) << "the writer that was waiting went first";
  ASSERT_TRUE((*again)->Commit());
  waiting.join();
}

// The writer below holds both the gate and SQLite's write lock; a reader that waited for
// either would give up after the short busy timeout with unavailable.
TEST_F(SqliteDatabaseTest, ReadTransactionNeverWaitsForTheWriterAndKeepsItsSnapshot) {
  db_ = Open(100ms);
  ASSERT_TRUE(RunInTransaction(*db_, [](Transaction& tx) -> Status {
    LOY_RETURN_IF_ERROR(tx.Execute("INSERT INTO t (id, v) VALUES ($1, $2)",
                                   {Value(int64_t{1}), Value(std::string("a"))}));
    return {};
  }));
  auto writer = db_->Begin();
  ASSERT_TRUE(writer);
  ASSERT_TRUE((*writer)->Execute("INSERT INTO t (id, v) VALUES ($1, $2)",
                                 {Value(int64_t{2}), Value(std::string("b"))}));

  auto reader = db_->BeginReadOnly();
  ASSERT_TRUE(reader) << reader.error().ToString();
  auto before = (*reader)->Query("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(before) << before.error().ToString();
  EXPECT_EQ((*before)[0].Int(0), 1) << "the writer's row is not committed yet";
  Status committed = (*writer)->Commit();
  ASSERT_TRUE(committed) << "the writer commits while a reader is open: "
                         << committed.error().ToString();
  auto after = (*reader)->Query("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(after) << after.error().ToString();
  EXPECT_EQ((*after)[0].Int(0), 1) << "the reader keeps its snapshot";
}

TEST_F(SqliteDatabaseTest, WriterInAnotherHandleIsWaitedForThenBusyIsUnavailable) {
  std::unique_ptr<SqliteDatabase> other = Open(100ms);
  auto held = db_->Begin();
  ASSERT_TRUE(held);
  auto blocked = other->Begin();
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(blocked.error().message.find("busy"), std::string::npos) << blocked.error().message;
}

TEST_F(SqliteDatabaseTest, PlaceholdersOtherThanDollarNumbersAreInvalidArgument) {
  auto tx = db_->Begin();
  ASSERT_TRUE(tx);
  for (std::string_view sql : {"SELECT * FROM t WHERE id = ?", "SELECT * FROM t WHERE id = :id",
                               "SELECT * FROM t WHERE id = $1::bigint"}) {
    auto result = (*tx)->Query(sql, {Value(int64_t{1})});
    ASSERT_FALSE(result) << sql;
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument) << sql;
  }
}

TEST_F(SqliteDatabaseTest, SeveralStatementsInOneExecuteAreInvalidArgument) {
  auto tx = db_->Begin();
  ASSERT_TRUE(tx);
  auto result = (*tx)->Execute("DELETE FROM t; DELETE FROM t");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(SqliteDatabaseTest, SameStatementRunsInsideItsOwnForEach) {
  auto tx = db_->Begin();
  ASSERT_TRUE(tx);
  for (int64_t id = 1; id <= 3; ++id) {
    ASSERT_TRUE((*tx)->Execute("INSERT INTO t (id, v) VALUES ($1, $2)", {Value(id), Value(std::to_string(id))}));
  }
  constexpr std::string_view kSql = "SELECT id FROM t WHERE id >= $1 ORDER BY id";
  int64_t inner_rows = 0;
  Status outer = (*tx)->ForEach(kSql, {Value(int64_t{1})}, [&](const Row& row) -> Status {
    LOY_ASSIGN_OR_RETURN(ResultSet inner, (*tx)->Query(kSql, {Value(row.Int(0))}));
    inner_rows += static_cast<int64_t>(inner.size());
    return {};
  });
  ASSERT_TRUE(outer) << outer.error().ToString();
  EXPECT_EQ(inner_rows, 3 + 2 + 1);
}

TEST_F(SqliteDatabaseTest, CheckpointsRunOffTheCommitPathAndTheWalStartsOverAfterThem) {
  const std::filesystem::path wal = dir_ / "t.db-wal";
  // 40 commits of ~100 KiB: 1,000 pages, the checkpointer's threshold.
  auto write_mebibytes = [&](int64_t first_id) {
    for (int64_t i = 0; i < 40; ++i) {
      ASSERT_TRUE(RunInTransaction(*db_, [&](Transaction& tx) -> Status {
        for (int64_t row = 0; row < 25; ++row) {
          LOY_RETURN_IF_ERROR(tx.Execute("INSERT INTO t (id, v) VALUES ($1, $2)",
                                         {Value(first_id + i * 25 + row), Value(std::string(4000, 'x'))}));
        }
        return {};
      }));
    }
  };
  write_mebibytes(0);
  const auto grown = std::filesystem::file_size(wal);
  EXPECT_GT(grown, uintmax_t{3} << 20);
  // The commits themselves did not checkpoint (automatic checkpoints are off); the
  // checkpointer thread does, passive then restart.
  for (int i = 0; i < 1000 && db_->wal_checkpoints() < 1; ++i) std::this_thread::sleep_for(10ms);
  ASSERT_GE(db_->wal_checkpoints(), 1);
  // After the restart the next commits write the WAL from its beginning again, so it does
  // not grow past what it reached (it would double without checkpoints).
  write_mebibytes(1000);
  EXPECT_LT(std::filesystem::file_size(wal), grown + grown / 2);
  int64_t rows = 0;
  ASSERT_TRUE(RunInReadTransaction(*db_, [&](Transaction& tx) -> Status {
    LOY_ASSIGN_OR_RETURN(ResultSet counted, tx.Query("SELECT COUNT(*) FROM t"));
    rows = counted[0].Int(0);
    return {};
  }));
  EXPECT_EQ(rows, 2000);
}

}  // namespace
}  // namespace loyal::db::sqlite
