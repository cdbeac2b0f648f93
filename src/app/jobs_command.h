// `loyal jobs run`: the points jobs (intake/points_jobs.h) once, to completion; and the
// timer that runs them inside `loyal serve`.
#pragma once

#include <CLI/CLI.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/time.h"
#include "db/database.h"

namespace loyal::app {

void AddJobsCommand(CLI::App& app);

// Runs the points jobs every `interval` on a thread of its own until destroyed (which waits
// for a run in progress); a failed run is logged and retried at the next tick.
class JobsTimer {
 public:
  JobsTimer(db::Database& db, const Clock& clock, std::chrono::seconds interval);
  ~JobsTimer();
  JobsTimer(const JobsTimer&) = delete;
  JobsTimer& operator=(const JobsTimer&) = delete;

 private:
  void Loop();

  db::Database& db_;
  const Clock& clock_;
  const std::chrono::seconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace loyal::app
