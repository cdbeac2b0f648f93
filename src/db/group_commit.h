// Group commit, the write seam every request that writes goes through (design.md: throughput
// comes from group commit, never from acknowledging early). Many requests' writes run in one
// transaction, each in a savepoint of its own, and the transaction is committed (one fsync)
// before any of them is answered.
//
// Writer threads (one for SQLite, whose writers are serial anyway; a few for PostgreSQL) take
// requests from one queue. A batch keeps taking requests while they keep arriving, up to
// `max_batch` of them or `max_batch_time` of work, and commits as soon as the queue is empty:
// a lone request waits for nothing but its own commit, and under load the requests that
// arrive during one commit form the next batch. No handler thread waits for its turn, so the
// batch size is capped by the load, not by a thread pool.
//
// Outcomes: a request whose work fails is rolled back to its savepoint and answered with its
// own error once the batch is durable; one that meets a conflict (serialization failure,
// deadlock), or whose batch cannot commit, is run again alone in a fresh transaction and
// answered with that outcome. Nothing is answered before the transaction holding its writes
// has committed.
//
// Thread-safety: Submit, Run and Stop may be called from any thread. Work runs on a writer
// thread; Done callbacks run there too, after the commit, and must be quick (hand the
// result to another thread).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "core/error.h"
#include "db/database.h"

namespace loyal::db {

struct GroupCommitOptions {
  // Writer threads, each with its own transaction; 0: one on SQLite, four on PostgreSQL.
  int writers = 0;
  size_t max_batch = 512;
  std::chrono::microseconds max_batch_time{std::chrono::milliseconds(10)};
  // Called just before every commit, batch or alone; an error fails that commit. For tests
  // that must see what a failed commit does.
  std::function<Status(Transaction&)> before_commit = nullptr;
};

class GroupCommitter {
 public:
  // What one request writes. It may run more than once (its batch failed to commit), so it
  // must have no effect outside the transaction.
  using Work = std::function<Status(Transaction&)>;
  // Receives the work's outcome once it is durable (or has failed).
  using Done = std::function<void(Status)>;

  struct Stats {
    int64_t batches = 0;       // committed batch transactions
    int64_t requests = 0;      // requests answered from a committed batch
    int64_t solo_retries = 0;  // requests run again alone
  };

  // Starts the writer threads. The Database must outlive the committer.
  GroupCommitter(Database& db, GroupCommitOptions options = {});
  ~GroupCommitter();  // Stop()
  GroupCommitter(const GroupCommitter&) = delete;
  GroupCommitter& operator=(const GroupCommitter&) = delete;

  // Queues `work`; `done` is called exactly once, on a writer thread, with its outcome:
  // OK once committed, the work's own error (its writes rolled back), or the error of a
  // commit that failed even alone. After Stop: unavailable.
  void Submit(Work work, Done done);

  // Submits `work` and waits for its outcome.
  [[nodiscard]] Status Run(Work work);

  // Finishes everything queued, then joins the writers; later Submits get unavailable.
  // Idempotent.
  void Stop();

  Stats stats() const;

 private:
  struct Item {
    Work work;
    Done done;
  };
  struct Outcome {
    Item item;
    Status status;
  };

  void WriterLoop();
  // Runs one batch from the queue; returns false once stopping with nothing queued.
  bool RunBatch();
  bool TakeNext(Item& item, size_t taken, std::chrono::steady_clock::time_point started);
  void RunAlone(Item& item);

  Database& db_;
  const GroupCommitOptions options_;
  mutable std::mutex mu_;
  std::condition_variable queued_;
  std::deque<Item> queue_;  // guarded by mu_
  bool stopping_ = false;   // guarded by mu_
  Stats stats_;             // guarded by mu_
  std::vector<std::thread> writers_;
};

}  // namespace loyal::db
