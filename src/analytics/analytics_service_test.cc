// The analytics use cases over a real store, on SQLite and PostgreSQL: a report is read in
// a read transaction and saved in short write transactions, so the order writes that go
// on meanwhile are not held up behind it.
#include "analytics/analytics_service.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "db/testing/backend_test.h"

namespace loyal::analytics {
namespace {

using SteadyClock = std::chrono::steady_clock;

// Enough orders that the report's GROUP BY takes a good part of a second (SQLite, ASan
// build), and more customers than one save transaction writes.
constexpr int64_t kCustomers = 5000;
constexpr int64_t kOrdersPerCustomer = 48;
constexpr int64_t kFirstDay = 19000;  // 2022-01-08
// Writes arrive steadily rather than back to back, so the writer does not take the CPU
// the report needs, nor grow SQLite's WAL so much that the checkpoint after the report's
// read (on the commit path, SQLite's default) becomes a delay of its own.
constexpr std::chrono::milliseconds kPauseBetweenWrites{10};

class AnalyticsServiceTest : public db::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    Status seeded = db::RunInTransaction(db(), [](db::Transaction& tx) -> Status {
      LOY_RETURN_IF_ERROR(tx.Execute(
          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1) "
          "INSERT INTO customers (customer_id, external_id, created_at, updated_at, kind) "
          "SELECT i, 'c' || i, 0, 0, 'customer' FROM n",
          {db::Value(kCustomers)}));
      // Each customer buys every 9 to 15 days (by customer), amounts varying by order.
      LOY_RETURN_IF_ERROR(tx.Execute(
          "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $1) "
          "INSERT INTO orders (customer_id, order_id, external_id, placed_at, placed_day, "
          "currency, status, total_minor, line_count, request_hash, created_at, updated_at) "
          "SELECT i / $2 + 1, i, 'o' || i, 0, $3 + (i % $2) * (9 + (i / $2) % 7), 'EUR', "
          "'paid', 100 + (i * 37) % 9000, 1, '', 0, 0 FROM n",
          {db::Value(kCustomers * kOrdersPerCustomer - 1), db::Value(kOrdersPerCustomer),
           db::Value(kFirstDay)}));
      return {};
    });
    ASSERT_TRUE(seeded) << seeded.error().ToString();
  }

  // One order, as POST /v1/orders would write it (without its lines).
  Status WriteOrder(int64_t order_id) {
    return db::RunInTransaction(db(), [&](db::Transaction& tx) -> Status {
      LOY_RETURN_IF_ERROR(tx.Execute(
          "INSERT INTO orders (customer_id, order_id, external_id, placed_at, placed_day, "
          "currency, status, total_minor, line_count, request_hash, created_at, updated_at) "
          "VALUES ($1, $2, $3, 0, $4, 'EUR', 'paid', 500, 1, '', 0, 0)",
          {db::Value(order_id % kCustomers + 1), db::Value(order_id),
           db::Value("w" + std::to_string(order_id)), db::Value(kFirstDay + 400)}));
      return {};
    });
  }

  int64_t Count(const std::string& table) {
    int64_t count = -1;
    Status read = db::RunInReadTransaction(db(), [&](db::Transaction& tx) -> Status {
      LOY_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT COUNT(*) FROM " + table));
      count = rows[0].Int(0);
      return {};
    });
    EXPECT_TRUE(read) << read.error().ToString();
    return count;
  }
};

// On SQLite every write transaction holds the single-writer gate: a report read in one
// would stall every write for its whole GROUP BY, and a save in one for all its rows. The
// bound is a quarter of the report's own time, so a slow, loaded machine (which slows the
// report too) does not make it fail, while a write queued behind the read always does.
TEST_P(AnalyticsServiceTest, ComputingAndSavingAReportDoNotHoldUpConcurrentWrites) {
  std::atomic<bool> done{false}, writer_stopped{false};
  std::atomic<int64_t> writes{0};
  SteadyClock::duration longest_write{};  // the writer's until it is joined
  Status write_status;                    // likewise
  std::thread writer([&] {
    for (int64_t id = kCustomers * kOrdersPerCustomer; !done.load(); ++id) {
      const SteadyClock::time_point start = SteadyClock::now();
      write_status = WriteOrder(id);
      if (!write_status) break;
      longest_write = std::max(longest_write, SteadyClock::now() - start);
      ++writes;
      std::this_thread::sleep_for(kPauseBetweenWrites);
    }
    writer_stopped = true;
  });
  // The writer is under way before the report starts, so writes go on through all of it.
  while (writes.load() < 2 && !writer_stopped.load()) std::this_thread::yield();

  const SteadyClock::time_point start = SteadyClock::now();
  ReportRequest request;
  request.kind = ReportKind::kRfm;
  auto report = ComputeStoreReport(db(), request);
  Status saved = report ? SaveComputedReport(db(), *report, 1700000000) : Status{};
  const SteadyClock::duration report_time = SteadyClock::now() - start;
  done = true;
  writer.join();

  ASSERT_TRUE(report) << report.error().ToString();
  ASSERT_TRUE(saved) << saved.error().ToString();
  ASSERT_TRUE(write_status) << write_status.error().ToString();
  EXPECT_EQ(report->data.stats.size(), static_cast<size_t>(kCustomers));
  const auto ms = [](SteadyClock::duration d) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
  };
  EXPECT_GE(writes.load(), 10) << "too few writes overlapped the report to tell";
  // Half the report's time: a write held for the whole report (the bug, 1,008 of 1,105 ms)
  // still fails by far, while a save batch slowed by ctest's parallel load (383 of 1,253 ms
  // seen on a 2-core machine) does not.
  EXPECT_LT(longest_write, report_time / 2)
      << "a write waited " << ms(longest_write) << " ms while the report took " << ms(report_time)
      << " ms (" << writes.load() << " writes)";
}

TEST_P(AnalyticsServiceTest, SaveWritesEveryCustomerAndTheBodyAcrossItsTransactions) {
  ReportRequest request;
  request.kind = ReportKind::kRfm;
  auto report = ComputeStoreReport(db(), request);
  ASSERT_TRUE(report) << report.error().ToString();
  Status saved = SaveComputedReport(db(), *report, 1700000000);
  ASSERT_TRUE(saved) << saved.error().ToString();
  EXPECT_EQ(Count("customer_analytics"), kCustomers);
  auto body = SavedOrComputedReport(db(), "rfm", std::nullopt);
  ASSERT_TRUE(body) << body.error().ToString();
  EXPECT_EQ(body->at("customers").as_int64(), kCustomers);
}

LOYAL_INSTANTIATE_BACKEND_TESTS(AnalyticsServiceTest);

}  // namespace
}  // namespace loyal::analytics
