// Transaction::NextId and concurrent transactions, on both backends.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "db/database.h"
#include "db/testing/backend_test.h"

namespace loyal::db {
namespace {

class NextIdTest : public testing::BackendTest {
 protected:
  // Takes `count` ids of `sequence` in one committed transaction.
  std::vector<int64_t> TakeIds(std::string_view sequence, int count) {
    std::vector<int64_t> ids;
    Status status = RunInTransaction(db(), [&](Transaction& tx) -> Status {
      ids.clear();
      for (int i = 0; i < count; ++i) {
        LOY_ASSIGN_OR_RETURN(int64_t id, tx.NextId(sequence));
        ids.push_back(id);
      }
      return {};
    });
    EXPECT_TRUE(status) << status.error().ToString();
    return ids;
  }
};

TEST_P(NextIdTest, EachSequenceStartsAtOneAndCountsUp) {
  EXPECT_EQ(TakeIds("orders", 3), (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(TakeIds("customers", 1), (std::vector<int64_t>{1}));
  EXPECT_EQ(TakeIds("orders", 2), (std::vector<int64_t>{4, 5}));
}

TEST_P(NextIdTest, CommittedIdsAreNeverHandedOutAgainAfterReopening) {
  std::vector<int64_t> before = TakeIds("orders", 10);
  ASSERT_TRUE(Reopen());
  std::vector<int64_t> after = TakeIds("orders", 10);
  ASSERT_EQ(after.size(), 10u);
  EXPECT_GT(after.front(), before.back());
  EXPECT_TRUE(std::is_sorted(after.begin(), after.end()));
}

TEST_P(NextIdTest, InvalidSequenceNameIsInvalidArgument) {
  auto tx = db().Begin();
  ASSERT_TRUE(tx);
  auto id = (*tx)->NextId("orders; DROP TABLE settings");
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().code, ErrorCode::kInvalidArgument);
}

TEST_P(NextIdTest, ConcurrentTransactionsGetUniqueIncreasingIds) {
  constexpr int kThreads = 6, kTransactions = 20, kIdsPerTransaction = 7;
  std::mutex mu;
  std::vector<int64_t> all;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int n = 0; n < kTransactions; ++n) {
        std::vector<int64_t> mine;
        Status status = RunInTransaction(db(), [&](Transaction& tx) -> Status {
          mine.clear();
          for (int i = 0; i < kIdsPerTransaction; ++i) {
            LOY_ASSIGN_OR_RETURN(int64_t id, tx.NextId("orders"));
            mine.push_back(id);
          }
          return {};
        });
        if (!status || !std::is_sorted(mine.begin(), mine.end())) ++failures;
        std::lock_guard lock(mu);
        all.insert(all.end(), mine.begin(), mine.end());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures, 0);
  ASSERT_EQ(all.size(), size_t{kThreads * kTransactions * kIdsPerTransaction});
  EXPECT_EQ(std::set<int64_t>(all.begin(), all.end()).size(), all.size()) << "duplicate ids";
  EXPECT_GE(*std::min_element(all.begin(), all.end()), 1);
}

TEST_P(NextIdTest, ConcurrentWritersLoseNoUpdates) {
  ASSERT_TRUE(RunInTransaction(db(), [](Transaction& tx) -> Status {
    LOY_RETURN_IF_ERROR(tx.Execute("INSERT INTO settings (key, value) VALUES ($1, $2)",
                                   {Value(std::string("counter")), Value(std::string("0"))}));
    return {};
  }));
  constexpr int kThreads = 4, kIncrements = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int n = 0; n < kIncrements; ++n) {
        Status status = RunInTransaction(db(), [](Transaction& tx) -> Status {
          LOY_RETURN_IF_ERROR(tx.Execute(
              "UPDATE settings SET value = CAST(CAST(value AS BIGINT) + 1 AS TEXT) WHERE key = $1",
              {Value(std::string("counter"))}));
          return {};
        });
        if (!status) ++failures;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures, 0);
  auto tx = db().BeginReadOnly();
  ASSERT_TRUE(tx);
  auto rows = (*tx)->Query("SELECT value FROM settings WHERE key = $1", {Value(std::string("counter"))});
  ASSERT_TRUE(rows);
  EXPECT_EQ((*rows)[0].Text(0), std::to_string(kThreads * kIncrements));
}

TEST_P(NextIdTest, ReadersSeeTheLastCommitWhileAWriterIsOpen) {
  ASSERT_TRUE(RunInTransaction(db(), [](Transaction& tx) -> Status {
    LOY_RETURN_IF_ERROR(tx.Execute("INSERT INTO settings (key, value) VALUES ($1, $2)",
                                   {Value(std::string("k")), Value(std::string("old"))}));
    return {};
  }));
  auto writer = db().Begin();
  ASSERT_TRUE(writer);
  ASSERT_TRUE((*writer)->Execute("UPDATE settings SET value = $1 WHERE key = $2",
                                 {Value(std::string("new")), Value(std::string("k"))}));
  auto reader = db().BeginReadOnly();  // must not wait for the writer
  ASSERT_TRUE(reader) << reader.error().ToString();
  auto rows = (*reader)->Query("SELECT value FROM settings WHERE key = $1", {Value(std::string("k"))});
  ASSERT_TRUE(rows) << rows.error().ToString();
  EXPECT_EQ((*rows)[0].Text(0), "old");
  ASSERT_TRUE((*writer)->Commit());
}

LOYAL_INSTANTIATE_BACKEND_TESTS(NextIdTest);

}  // namespace
}  // namespace loyal::db
