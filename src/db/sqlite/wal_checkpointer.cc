#include "db/sqlite/wal_checkpointer.h"

#include <spdlog/spdlog.h>

namespace loyal::db::sqlite {
namespace {

// How long the restart checkpoint may hold new writers back while it waits for the last
// frames and for readers; past it, it gives up and the WAL grows a little longer.
constexpr auto kRestartWait = std::chrono::milliseconds(20);

}  // namespace

WalCheckpointer::WalCheckpointer(std::string path, int threshold_pages)
    : path_(std::move(path)), threshold_pages_(threshold_pages), thread_([this] { Loop(); }) {}

WalCheckpointer::~WalCheckpointer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void WalCheckpointer::CommittedWalPages(int pages) {
  if (pages < threshold_pages_) return;
  {
    std::lock_guard lock(mu_);
    due_ = true;
  }
  wake_.notify_one();
}

int WalCheckpointer::checkpoints() const {
  std::lock_guard lock(mu_);
  return checkpoints_;
}

void WalCheckpointer::Loop() {
  std::unique_ptr<Connection> conn;
  while (true) {
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [this] { return due_ || stopping_; });
      if (stopping_) return;
      due_ = false;
    }
    if (conn == nullptr) {
      auto opened = Connection::Open(path_, /*read_only=*/false, kRestartWait);
      if (!opened) {
        spdlog::warn("WAL checkpoint: {}", opened.error().ToString());
        continue;
      }
      conn = std::move(*opened);
    }
    CheckpointOnce(*conn);
  }
}

void WalCheckpointer::CheckpointOnce(Connection& conn) {
  // The passive pass does the bulk of the copying without holding anyone up, so the
  // restart that follows has only the last few commits' pages left to copy.
  for (int mode : {SQLITE_CHECKPOINT_PASSIVE, SQLITE_CHECKPOINT_RESTART}) {
    auto done = conn.Checkpoint(mode);
    if (!done) {
      // Busy: a writer or a reader on an old snapshot; the next commits will ask again.
      if (done.error().code != ErrorCode::kUnavailable) {
        spdlog::warn("WAL checkpoint: {}", done.error().ToString());
      }
      return;
    }
  }
  std::lock_guard lock(mu_);
  ++checkpoints_;
}

}  // namespace loyal::db::sqlite
