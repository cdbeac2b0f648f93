// GroupCommitter on both backends: batches form from what queues during a commit, one bad
// request rolls back alone, nothing is answered before its commit, and a failed commit is
// retried request by request.
#include "db/group_commit.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <mutex>
#include <set>
#include <vector>

#include "db/testing/backend_test.h"

namespace loyal::db {
namespace {

class GroupCommitTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    Status made = RunInTransaction(db(), [](Transaction& tx) {
      return tx.ExecuteScript("CREATE TABLE items (id BIGINT PRIMARY KEY, name TEXT)");
    });
    ASSERT_TRUE(made) << made.error().ToString();
  }

  // One writer whose batches are never cut short by time: on a loaded machine a batch of a
  // few PostgreSQL requests can pass the default 10 ms, and the tests count batches.
  static GroupCommitOptions OneWriter(std::function<Status(Transaction&)> before_commit = nullptr) {
    return {.writers = 1,
            .max_batch_time = std::chrono::seconds(60),
            .before_commit = std::move(before_commit)};
  }

  static GroupCommitter::Work Insert(int64_t id) {
    return [id](Transaction& tx) -> Status {
      LOY_RETURN_IF_ERROR(tx.Execute("INSERT INTO items (id, name) VALUES ($1, 'x')", {Value(id)}));
      return {};
    };
  }

  std::set<int64_t> StoredIds() {
    std::set<int64_t> ids;
    Status read = RunInReadTransaction(db(), [&](Transaction& tx) -> Status {
      LOY_ASSIGN_OR_RETURN(ResultSet rows, tx.Query("SELECT id FROM items"));
      for (size_t i = 0; i < rows.size(); ++i) ids.insert(rows[i].Int(0));
      return {};
    });
    EXPECT_TRUE(read) << read.error().ToString();
    return ids;
  }

  // Outcomes by submission index, filled by Done callbacks.
  struct Outcomes {
    std::mutex mu;
    std::vector<std::optional<Status>> status;
    std::atomic<int> answered{0};

    explicit Outcomes(size_t n) : status(n) {}
    GroupCommitter::Done For(size_t i) {
      return [this, i](Status s) {
        std::lock_guard lock(mu);
        status[i] = std::move(s);
        ++answered;
      };
    }
    void WaitFor(int n) {
      for (int spins = 0; answered.load() < n && spins < 2000; ++spins) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
      ASSERT_EQ(answered.load(), n);
    }
  };

  // A writer blocked in the commit of a first request until `release` is set, so that what
  // is submitted meanwhile queues up and forms the next batch.
  struct Gate {
    std::promise<void> entered, release;
    std::shared_future<void> released = release.get_future().share();
    std::atomic<bool> armed{true};

    std::function<Status(Transaction&)> Hook() {
      return [this](Transaction&) -> Status {
        if (armed.exchange(false)) {
          entered.set_value();
          released.wait();
        }
        return {};
      };
    }
  };
};

TEST_P(GroupCommitTest, QueuedRequestsShareOneCommitAndABadOneRollsBackAlone) {
  Gate gate;
  GroupCommitter committer(db(), OneWriter(gate.Hook()));
  Outcomes outcomes(6);
  committer.Submit(Insert(1), outcomes.For(0));
  gate.entered.get_future().wait();
  committer.Submit(Insert(2), outcomes.For(1));
  // Writes a row, then fails: the row must go with it.
  committer.Submit(
      [](Transaction& tx) -> Status {
        LOY_RETURN_IF_ERROR(tx.Execute("INSERT INTO items (id, name) VALUES (3, 'x')"));
        return FailedPrecondition("refused after writing", "field");
      },
      outcomes.For(2));
  committer.Submit(Insert(2), outcomes.For(3));  // a duplicate key within the batch
  committer.Submit([](Transaction&) -> Status { throw std::runtime_error("bug"); },
                   outcomes.For(4));
  committer.Submit(Insert(5), outcomes.For(5));
  gate.release.set_value();
  outcomes.WaitFor(6);

  EXPECT_TRUE(outcomes.status[0]->has_value());
  EXPECT_TRUE(outcomes.status[1]->has_value());
  ASSERT_FALSE(outcomes.status[2]->has_value());
  EXPECT_EQ(outcomes.status[2]->error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(outcomes.status[2]->error().field, "field");
  ASSERT_FALSE(outcomes.status[3]->has_value());
  EXPECT_EQ(outcomes.status[3]->error().code, ErrorCode::kAlreadyExists);
  ASSERT_FALSE(outcomes.status[4]->has_value());
  EXPECT_EQ(outcomes.status[4]->error().code, ErrorCode::kInternal);
  EXPECT_TRUE(outcomes.status[5]->has_value());
  EXPECT_EQ(StoredIds(), (std::set<int64_t>{1, 2, 5}));
  const GroupCommitter::Stats stats = committer.stats();
  EXPECT_EQ(stats.batches, 2);  // the first request, then the five queued behind it
  EXPECT_EQ(stats.requests, 6);
  EXPECT_EQ(stats.solo_retries, 0);
}

TEST_P(GroupCommitTest, NoRequestIsAnsweredBeforeItsBatchCommits) {
  std::atomic<int> answered{0};
  GroupCommitter committer(db(), {.writers = 1});
  constexpr int kClients = 4;
  constexpr int kPerClient = 50;
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      for (int i = 0; i < kPerClient; ++i) {
        const int64_t id = c * 1000 + i;
        committer.Submit(Insert(id), [&, id](Status s) {
          EXPECT_TRUE(s.has_value()) << s.error().ToString();
          // Answered, so committed: another transaction already sees the row.
          EXPECT_EQ(StoredIds().count(id), 1u) << id;
          ++answered;
        });
      }
    });
  }
  for (std::thread& t : clients) t.join();
  committer.Stop();
  EXPECT_EQ(answered.load(), kClients * kPerClient);
  EXPECT_EQ(StoredIds().size(), static_cast<size_t>(kClients * kPerClient));
  EXPECT_EQ(committer.stats().requests, kClients * kPerClient);
}

TEST_P(GroupCommitTest, AFailedBatchCommitIsRetriedRequestByRequest) {
  Gate gate;
  std::atomic<int> commits{0};
  GroupCommitter committer(db(), OneWriter([&](Transaction& tx) -> Status {
                             LOY_RETURN_IF_ERROR(gate.Hook()(tx));
                             // The second commit is the batch of three queued behind the first:
                             // fail it.
                             if (++commits == 2) return Unavailable("disk went away");
                             return {};
                           }));
  Outcomes outcomes(4);
  committer.Submit(Insert(1), outcomes.For(0));
  gate.entered.get_future().wait();
  for (int i = 1; i < 4; ++i) committer.Submit(Insert(10 + i), outcomes.For(i));
  gate.release.set_value();
  outcomes.WaitFor(4);
  for (const auto& status : outcomes.status) EXPECT_TRUE(status->has_value());
  EXPECT_EQ(StoredIds(), (std::set<int64_t>{1, 11, 12, 13}));
  const GroupCommitter::Stats stats = committer.stats();
  EXPECT_EQ(stats.batches, 1);
  EXPECT_EQ(stats.solo_retries, 3);
  EXPECT_EQ(commits.load(), 5);  // the first, the failed batch, three alone
}

TEST_P(GroupCommitTest, ACommitThatFailsEvenAloneIsNeverAcknowledged) {
  GroupCommitter committer(db(), {.writers = 1, .before_commit = [](Transaction&) -> Status {
                                    return Unavailable("disk went away");
                                  }});
  Status status = committer.Run(Insert(7));
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE(StoredIds().empty());
}

TEST_P(GroupCommitTest, AConflictIsRunAgainAlone) {
  std::atomic<int> attempts{0};
  GroupCommitter committer(db(), {.writers = 1});
  Status status = committer.Run([&](Transaction& tx) -> Status {
    LOY_RETURN_IF_ERROR(tx.Execute("INSERT INTO items (id, name) VALUES (9, 'x')"));
    if (++attempts == 1) return Conflict("serialization failure");
    return {};
  });
  EXPECT_TRUE(status.has_value()) << status.error().ToString();
  EXPECT_EQ(attempts.load(), 2);
  EXPECT_EQ(StoredIds(), (std::set<int64_t>{9}));
  EXPECT_EQ(committer.stats().solo_retries, 1);
}

TEST_P(GroupCommitTest, StopFinishesQueuedWorkAndRefusesLaterWork) {
  Gate gate;
  auto committer = std::make_unique<GroupCommitter>(db(), OneWriter(gate.Hook()));
  Outcomes outcomes(3);
  committer->Submit(Insert(1), outcomes.For(0));
  gate.entered.get_future().wait();
  committer->Submit(Insert(2), outcomes.For(1));
  std::thread stopper([&] { committer->Stop(); });
  gate.release.set_value();
  stopper.join();
  committer->Submit(Insert(3), outcomes.For(2));
  outcomes.WaitFor(3);
  EXPECT_TRUE(outcomes.status[0]->has_value());
  EXPECT_TRUE(outcomes.status[1]->has_value());
  ASSERT_FALSE(outcomes.status[2]->has_value());
  EXPECT_EQ(outcomes.status[2]->error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(StoredIds(), (std::set<int64_t>{1, 2}));
}

LOYAL_INSTANTIATE_BACKEND_TESTS(GroupCommitTest);

}  // namespace
}  // namespace loyal::db
