#include "app/jobs_command.h"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <memory>

#include "app/command_support.h"
#include "db/open.h"
#include "intake/points_jobs.h"

namespace loyal::app {
namespace {

void RunJobs(const std::string& target) {
  auto db = db::OpenExistingDatabase(target);
  if (!db) ExitWith(ReportError(db.error()));
  SystemClock clock;
  auto counts = intake::RunPointsJobs(**db, clock.Now());
  if (!counts) ExitWith(ReportError(counts.error()));
  std::printf(
      "customers with points released: %lld\ncustomers with points expired: %lld\n"
      "holds timed out: %lld\nbirthday bonuses: %lld\nexpiry warnings written: %lld\n"
      "customers with points expired for inactivity: %lld\nmembers moved to another tier: "
      "%lld\nbirthday gifts: %lld\n",
      static_cast<long long>(counts->customers_released),
      static_cast<long long>(counts->customers_expired),
      static_cast<long long>(counts->holds_timed_out),
      static_cast<long long>(counts->calendar.birthday_bonuses),
      static_cast<long long>(counts->calendar.warnings_written),
      static_cast<long long>(counts->calendar.customers_inactive),
      static_cast<long long>(counts->calendar.tier_moves),
      static_cast<long long>(counts->calendar.birthday_gifts));
}

}  // namespace

void AddJobsCommand(CLI::App& app) {
  auto db = std::make_shared<std::string>();
  auto* jobs = app.add_subcommand(
      "jobs", "Run the points jobs (release, expiry, stale holds, birthdays, warnings, tiers)");
  jobs->require_subcommand(1);
  auto* run = jobs->add_subcommand("run", "Run every job once, to completion");
  AddDbOption(*run, *db);
  run->callback([db] { RunJobs(*db); });
}

JobsTimer::JobsTimer(db::Database& db, const Clock& clock, std::chrono::seconds interval)
    : db_(db), clock_(clock), interval_(interval), thread_([this] { Loop(); }) {}

JobsTimer::~JobsTimer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void JobsTimer::Loop() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
    lock.unlock();
    auto counts = intake::RunPointsJobs(db_, clock_.Now());
    if (!counts) spdlog::warn("points jobs failed: {}", counts.error().ToString());
    lock.lock();
  }
}

}  // namespace loyal::app
