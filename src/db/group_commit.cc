#include "db/group_commit.h"

#include <spdlog/spdlog.h>

#include <exception>
#include <future>
#include <utility>

namespace loyal::db {
namespace {

// One name serves every request: each savepoint is released or rolled back before the next.
constexpr std::string_view kSavepoint = "request";

int DefaultWriters(const Database& db) { return db.backend() == Backend::kSqlite ? 1 : 4; }

// The work, with an escaped exception (a bug) turned into an error so that it cannot take
// the writer thread, and every request queued behind it, down with it.
Status RunGuarded(const GroupCommitter::Work& work, Transaction& tx) {
  try {
    return work(tx);
  } catch (const std::exception& e) {
    spdlog::error("a group-commit write threw: {}", e.what());
  } catch (...) {
    spdlog::error("a group-commit write threw a non-standard exception");
  }
  return Internal("internal error");  // what a client may see; the log has the rest
}

bool RetryAlone(const Status& status) {
  return !status && status.error().code == ErrorCode::kConflict;
}

}  // namespace

GroupCommitter::GroupCommitter(Database& db, GroupCommitOptions options)
    : db_(db), options_(std::move(options)) {
  const int writers = options_.writers > 0 ? options_.writers : DefaultWriters(db);
  for (int i = 0; i < writers; ++i) writers_.emplace_back([this] { WriterLoop(); });
}

GroupCommitter::~GroupCommitter() { Stop(); }

void GroupCommitter::Submit(Work work, Done done) {
  {
    std::lock_guard lock(mu_);
    if (!stopping_) {
      queue_.push_back(Item{std::move(work), std::move(done)});
      queued_.notify_one();
      return;
    }
  }
  done(Unavailable("the server is stopping; retry the request"));
}

Status GroupCommitter::Run(Work work) {
  std::promise<Status> outcome;
  std::future<Status> result = outcome.get_future();
  Submit(std::move(work), [&outcome](Status status) { outcome.set_value(std::move(status)); });
  return result.get();
}

void GroupCommitter::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  queued_.notify_all();
  for (std::thread& writer : writers_) {
    if (writer.joinable()) writer.join();
  }
}

GroupCommitter::Stats GroupCommitter::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

void GroupCommitter::WriterLoop() {
  while (RunBatch()) {
  }
}

bool GroupCommitter::TakeNext(Item& item, size_t taken,
                              std::chrono::steady_clock::time_point started) {
  std::unique_lock lock(mu_);
  if (taken == 0) {
    queued_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
  } else if (taken >= options_.max_batch ||
             std::chrono::steady_clock::now() - started >= options_.max_batch_time) {
    return false;
  }
  if (queue_.empty()) return false;
  item = std::move(queue_.front());
  queue_.pop_front();
  return true;
}

bool GroupCommitter::RunBatch() {
  Item first;
  const auto started = std::chrono::steady_clock::now();
  if (!TakeNext(first, 0, started)) return false;  // stopping, and the queue is drained

  Result<std::unique_ptr<Transaction>> begun = db_.Begin();
  if (!begun) {
    first.done(tl::unexpected(begun.error()));
    return true;
  }
  std::unique_ptr<Transaction> owned = std::move(*begun);
  Transaction& tx = *owned;
  std::vector<Outcome> answered;  // answered once the batch commits
  std::vector<Item> alone;        // run again in a transaction of their own
  bool broken = false;            // the transaction can no longer be used
  Item item = std::move(first);
  do {
    Status status = tx.Savepoint(kSavepoint);
    if (status) {
      status = RunGuarded(item.work, tx);
      Status closed = status ? tx.ReleaseSavepoint(kSavepoint) : tx.RollbackToSavepoint(kSavepoint);
      if (closed && !status) closed = tx.ReleaseSavepoint(kSavepoint);
      broken = !closed.has_value();
    } else {
      broken = true;
    }
    if (broken || RetryAlone(status)) {
      alone.push_back(std::move(item));
    } else {
      answered.push_back(Outcome{std::move(item), std::move(status)});
    }
  } while (!broken && TakeNext(item, answered.size() + alone.size(), started));

  bool committed = !broken;
  if (committed && options_.before_commit) committed = options_.before_commit(tx).has_value();
  if (committed) committed = tx.Commit().has_value();
  // Ends the transaction (a failed commit already has) and, on SQLite, frees the writer
  // gate that the requests run alone below need.
  owned.reset();
  if (!committed) {
    for (Outcome& outcome : answered) alone.push_back(std::move(outcome.item));
    answered.clear();
  }
  {
    std::lock_guard lock(mu_);
    if (committed) ++stats_.batches;
    stats_.requests += static_cast<int64_t>(answered.size());
    stats_.solo_retries += static_cast<int64_t>(alone.size());
  }
  for (Outcome& outcome : answered) outcome.item.done(std::move(outcome.status));
  for (Item& retry : alone) RunAlone(retry);
  return true;
}

void GroupCommitter::RunAlone(Item& item) {
  item.done(RunInTransaction(db_, [&](Transaction& tx) -> Status {
    LOY_RETURN_IF_ERROR(RunGuarded(item.work, tx));
    if (options_.before_commit) return options_.before_commit(tx);
    return {};
  }));
}

}  // namespace loyal::db
