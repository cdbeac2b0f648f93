// The SQLite driver: a Database over one file in WAL mode with synchronous=FULL.
//
// Write transactions run one at a time in this process (a gate handed from one writer to
// the next in arrival order, so waiting writers queue instead of polling SQLite's busy
// handler, and a writer that begins again at once cannot starve them) and begin
// with BEGIN IMMEDIATE, so a writer in another process is waited for up to the busy
// timeout. Read-only transactions run on their own connections, concurrently with each
// other and with the writer: they never take the gate, and in WAL mode a reader needs no
// lock a writer holds. Each sees the WAL snapshot taken by its first read, until it ends.
// Checkpoints run on a thread of their own (WalCheckpointer), never inside a commit.
//
// Thread-safety: Begin/BeginReadOnly may be called from any thread; see database.h.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "db/database.h"
#include "db/sqlite/sqlite_connection.h"
#include "db/sqlite/wal_checkpointer.h"

namespace loyal::db::sqlite {

struct SqliteOptions {
  // How long a writer waits for another writer (in this process or another) to finish.
  std::chrono::milliseconds busy_timeout{5000};
  // The WAL size that wakes the checkpointer: 10,000 pages (40 MB at 4 KiB). Each
  // checkpoint ends in a restart that holds the writer back for its last copy and the
  // database file's fsync; at SQLite's own 1,000 an earning order load (35 KB of WAL per
  // order) checkpointed ~30 times a second and lost 13% of its throughput to that
  // (bench/README.md, "Orders that earn points").
  int checkpoint_pages = 10000;
};

class SqliteDatabase final : public Database {
 public:
  // Opens (creating) the database file at `path`; its directory must exist. Does not apply
  // migrations (OpenDatabase in db/open.h does). Errors: unavailable.
  [[nodiscard]] static Result<std::unique_ptr<SqliteDatabase>> Open(
      const std::filesystem::path& path, SqliteOptions options = {});

  [[nodiscard]] Result<std::unique_ptr<Transaction>> Begin() override;
  [[nodiscard]] Result<std::unique_ptr<Transaction>> BeginReadOnly() override;
  Backend backend() const override { return Backend::kSqlite; }

  // WAL checkpoints the checkpointer thread completed so far, restart included (for tests).
  int wal_checkpoints() const { return checkpointer_.checkpoints(); }

  // Takes back a transaction's connection; called by SqliteTransaction when it ends.
  void Release(std::unique_ptr<Connection> conn, bool writer);

 private:
  SqliteDatabase(std::string path, SqliteOptions options)
      : path_(std::move(path)),
        options_(options),
        checkpointer_(path_, options.checkpoint_pages) {}
  // A writer queued for the gate; the releasing writer sets `granted` and wakes it.
  struct GateWaiter {
    std::condition_variable wake;
    bool granted = false;  // guarded by mu_
  };

  Result<std::unique_ptr<Connection>> TakeConnection(bool writer);
  Result<std::unique_ptr<Connection>> OpenConnection(bool writer);
  // Takes the writer gate, after the writers already waiting for it. Errors: unavailable
  // past the busy timeout. Called with `lock` held on mu_.
  Status EnterGate(std::unique_lock<std::mutex>& lock);
  // Hands the gate to the longest-waiting writer, or opens it. Called with mu_ held.
  void PassGate();

  const std::string path_;
  const SqliteOptions options_;
  // Declared before the connections, whose commit hooks call it, so it outlives them.
  WalCheckpointer checkpointer_;
  std::mutex mu_;
  bool writer_active_ = false;                      // guarded by mu_
  std::deque<GateWaiter*> gate_queue_;              // guarded by mu_; first come, first served
  std::unique_ptr<Connection> idle_writer_;         // guarded by mu_
  std::vector<std::unique_ptr<Connection>> idle_readers_;  // guarded by mu_
};

}  // namespace loyal::db::sqlite
