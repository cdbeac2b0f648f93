#include "db/sqlite/sqlite_database.h"

#include <algorithm>
#include <utility>

#include "db/sqlite/sqlite_transaction.h"

namespace loyal::db::sqlite {
namespace {

// Idle read connections kept for reuse; more may be open while busy.
constexpr size_t kMaxIdleReaders = 16;

}  // namespace

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::Open(const std::filesystem::path& path,
                                                             SqliteOptions options) {
  std::unique_ptr<SqliteDatabase> db(new SqliteDatabase(path.string(), options));
  // Opening the writer now reports a bad path at start-up rather than at the first request.
  LOY_ASSIGN_OR_RETURN(db->idle_writer_, db->OpenConnection(true));
  return db;
}

Result<std::unique_ptr<Connection>> SqliteDatabase::OpenConnection(bool writer) {
  LOY_ASSIGN_OR_RETURN(auto conn, Connection::Open(path_, !writer, options_.busy_timeout));
  if (writer) {
    conn->SetWalCommitHook([this](int pages) { checkpointer_.CommittedWalPages(pages); });
  }
  return conn;
}

Status SqliteDatabase::EnterGate(std::unique_lock<std::mutex>& lock) {
  if (!writer_active_ && gate_queue_.empty()) {
    writer_active_ = true;
    return {};
  }
  GateWaiter me;
  gate_queue_.push_back(&me);
  if (me.wake.wait_for(lock, options_.busy_timeout, [&] { return me.granted; })) return {};
  gate_queue_.erase(std::find(gate_queue_.begin(), gate_queue_.end(), &me));
  return Unavailable("SQLite database busy: another write transaction held it past the " +
                     std::to_string(options_.busy_timeout.count()) + " ms busy timeout");
}

void SqliteDatabase::PassGate() {
  if (gate_queue_.empty()) {
    writer_active_ = false;
    return;
  }
  // Handed over rather than opened: a writer that begins again at once would otherwise
  // take the gate before the woken one runs. Woken under mu_, because `next` lives on its
  // waiter's stack and is gone once that waiter sees `granted`.
  GateWaiter* next = gate_queue_.front();
  gate_queue_.pop_front();
  next->granted = true;
  next->wake.notify_one();
}

Result<std::unique_ptr<Connection>> SqliteDatabase::TakeConnection(bool writer) {
  std::unique_ptr<Connection> conn;
  {
    std::unique_lock lock(mu_);
    if (writer) {
      LOY_RETURN_IF_ERROR(EnterGate(lock));
      conn = std::move(idle_writer_);
    } else if (!idle_readers_.empty()) {
      conn = std::move(idle_readers_.back());
      idle_readers_.pop_back();
    }
  }
  if (conn != nullptr) return conn;
  auto opened = OpenConnection(writer);
  if (!opened && writer) Release(nullptr, true);
  return opened;
}

void SqliteDatabase::Release(std::unique_ptr<Connection> conn, bool writer) {
  std::lock_guard lock(mu_);
  if (writer) {
    if (conn != nullptr) idle_writer_ = std::move(conn);
    PassGate();
  } else if (conn != nullptr && idle_readers_.size() < kMaxIdleReaders) {
    idle_readers_.push_back(std::move(conn));
  }
}

Result<std::unique_ptr<Transaction>> SqliteDatabase::Begin() {
  LOY_ASSIGN_OR_RETURN(std::unique_ptr<Connection> conn, TakeConnection(true));
  Status begun = conn->Exec("BEGIN IMMEDIATE");
  if (!begun) {
    Release(std::move(conn), true);
    return tl::unexpected(begun.error());
  }
  return std::make_unique<SqliteTransaction>(*this, std::move(conn), true);
}

Result<std::unique_ptr<Transaction>> SqliteDatabase::BeginReadOnly() {
  LOY_ASSIGN_OR_RETURN(std::unique_ptr<Connection> conn, TakeConnection(false));
  // A deferred BEGIN takes no lock; the first read takes the snapshot, and SQLite keeps
  // it (the reader's WAL mark) until COMMIT, so every statement sees the same database.
  Status begun = conn->Exec("BEGIN");
  if (!begun) {
    Release(std::move(conn), false);
    return tl::unexpected(begun.error());
  }
  return std::make_unique<SqliteTransaction>(*this, std::move(conn), false);
}

}  // namespace loyal::db::sqlite
