// Keeps SQLite's WAL checkpoints off the commit path. SQLite's automatic checkpoint runs
// inside whichever COMMIT crosses 1,000 WAL pages, adding an fsync of the database file to
// that request's latency; with the writer's hook (Connection::SetWalCommitHook) reporting
// the WAL's size instead, this thread checkpoints on a connection of its own: a passive
// checkpoint (copies committed pages while the writer goes on), then a restart checkpoint,
// which waits only briefly for the writer and readers so that the next writer starts the
// WAL from its beginning and the file does not grow under steady load. If readers hold old
// snapshots the restart gives up (busy) and is tried again after the next commits.
//
// Thread-safety: CommittedWalPages may be called from any thread (the writer's);
// everything else runs on the checkpointer's own thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/error.h"
#include "db/sqlite/sqlite_connection.h"

namespace loyal::db::sqlite {

class WalCheckpointer {
 public:
  // Checkpoints `path` once its WAL holds at least `threshold_pages` pages.
  WalCheckpointer(std::string path, int threshold_pages);
  ~WalCheckpointer();  // finishes a running checkpoint, then joins
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  // Tells the checkpointer the WAL's size after a commit; wakes it past the threshold.
  void CommittedWalPages(int pages);

  // Checkpoints completed so far, restart included (so the next writer starts the WAL
  // over), for tests.
  int checkpoints() const;

 private:
  void Loop();
  void CheckpointOnce(Connection& conn);

  const std::string path_;
  const int threshold_pages_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool due_ = false;       // guarded by mu_
  bool stopping_ = false;  // guarded by mu_
  int checkpoints_ = 0;    // guarded by mu_
  std::thread thread_;
};

}  // namespace loyal::db::sqlite
