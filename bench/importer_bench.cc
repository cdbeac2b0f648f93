// Throughput of the importer's readers (MB/s of file text) and of the demo generator.
// Inputs: a demo orders-csv of LOYAL_BENCH_CUSTOMERS customers (default 1,000,000: the
// analytics benchmark's input, ~2.8M orders) generated once into the temp dir, and the
// full-size real files the tests use, in testdata/.
//   build/release/bench/importer_bench --benchmark_filter=Read
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

#include "db/open.h"
#include "importer/demo_generator.h"
#include "importer/orders_csv_writer.h"
#include "importer/store_importer.h"
#include "importer/transaction_formats.h"

namespace loyal::importer {
namespace {

int64_t BenchCustomers() {
  const char* env = std::getenv("LOYAL_BENCH_CUSTOMERS");
  return env != nullptr ? std::atoll(env) : 1'000'000;
}

// The demo orders-csv, written on first use and reused by later runs of the benchmark.
const std::string& DemoOrdersCsv() {
  static const std::string path = [] {
    int64_t customers = BenchCustomers();
    std::string p = (std::filesystem::temp_directory_path() /
                     ("loyal_bench_orders_" + std::to_string(customers) + ".csv"))
                        .string();
    if (!std::filesystem::exists(p)) {
      DemoOptions options;
      options.customers = customers;
      auto generator = DemoGenerator::Create(options);
      auto writer = OrdersCsvWriter::Create(p + ".tmp", generator->currency());
      if (!writer || !generator->Run(**writer) || !(*writer)->Close()) std::abort();
      std::filesystem::rename(p + ".tmp", p);
    }
    return p;
  }();
  return path;
}

std::string TestDataFile(const char* name) { return std::string(LOYAL_TEST_DATA) + "/" + name; }

Status FailOnBadRow(const BadRow& row) { return Internal(row.ToString()); }

void Report(benchmark::State& state, const std::string& path, int64_t rows) {
  state.SetBytesProcessed(state.iterations() *
                          static_cast<int64_t>(std::filesystem::file_size(path)));
  state.counters["rows"] = static_cast<double>(rows);
}

void ReadPurchasesBench(benchmark::State& state, const std::string& path,
                        TransactionFormat format) {
  if (!std::filesystem::exists(path)) return state.SkipWithError(("no " + path).c_str());
  int64_t rows = 0, sum = 0;
  for (auto _ : state) {
    auto counts = ReadPurchases(
        path, format, {},
        [&](const Purchase& p) -> Status {
          sum += p.amount_minor + p.day + static_cast<int64_t>(p.customer_id.size());
          return {};
        },
        FailOnBadRow);
    if (!counts) return state.SkipWithError(counts.error().ToString().c_str());
    rows = counts->rows;
  }
  benchmark::DoNotOptimize(sum);
  Report(state, path, rows);
}

void ReadTransactionsBench(benchmark::State& state, const std::string& path,
                           TransactionFormat format) {
  if (!std::filesystem::exists(path)) return state.SkipWithError(("no " + path).c_str());
  int64_t rows = 0, sum = 0;
  for (auto _ : state) {
    auto counts = ReadTransactions(
        path, format, {},
        [&](const TransactionRow& r) -> Status {
          sum += r.amount_minor + static_cast<int64_t>(r.order_id.size());
          return {};
        },
        FailOnBadRow);
    if (!counts) return state.SkipWithError(counts.error().ToString().c_str());
    rows = counts->rows;
  }
  benchmark::DoNotOptimize(sum);
  Report(state, path, rows);
}

// The file split by SplitForParallelRead and read on one thread per part, as analytics does.
void BM_ReadPurchasesDemoOrdersCsvParallel(benchmark::State& state) {
  const std::string& path = DemoOrdersCsv();
  auto ranges = SplitForParallelRead(path, static_cast<int>(state.range(0)));
  if (!ranges) return state.SkipWithError(ranges.error().ToString().c_str());
  std::vector<int64_t> sums(ranges->size()), rows(ranges->size());
  for (auto _ : state) {
    std::vector<std::thread> threads;
    for (size_t k = 0; k < ranges->size(); ++k) {
      threads.emplace_back([&, k] {
        ReadOptions options;
        options.range = (*ranges)[k];
        auto counts = ReadPurchases(
            path, TransactionFormat::kOrdersCsv, options,
            [&](const Purchase& p) -> Status {
              sums[k] += p.amount_minor + p.day;
              return {};
            },
            FailOnBadRow);
        rows[k] = counts ? counts->rows : -1;
      });
    }
    for (auto& t : threads) t.join();
  }
  benchmark::DoNotOptimize(sums);
  Report(state, path, std::accumulate(rows.begin(), rows.end(), int64_t{0}));
}

void BM_ReadPurchasesDemoOrdersCsv(benchmark::State& state) {
  ReadPurchasesBench(state, DemoOrdersCsv(), TransactionFormat::kOrdersCsv);
}
void BM_ReadTransactionsDemoOrdersCsv(benchmark::State& state) {
  ReadTransactionsBench(state, DemoOrdersCsv(), TransactionFormat::kOrdersCsv);
}
void BM_ReadPurchasesCdnowMaster(benchmark::State& state) {
  ReadPurchasesBench(state, TestDataFile("CDNOW_master.txt"), TransactionFormat::kCdnow);
}
void BM_ReadTransactionsCdnowMaster(benchmark::State& state) {
  ReadTransactionsBench(state, TestDataFile("CDNOW_master.txt"), TransactionFormat::kCdnow);
}
// Gzip: the byte rate is of the compressed file; inflate dominates.
void BM_ReadTransactionsOnlineRetailGz(benchmark::State& state) {
  ReadTransactionsBench(state, TestDataFile("online_retail_2010-12_2011-09.csv.gz"),
                        TransactionFormat::kOnlineRetail);
}

// `loyal import` of the Online Retail file into a fresh SQLite store (or, with
// LOYAL_BENCH_PG=postgresql://..., into that empty database), as ImportFile does it.
void BM_ImportOnlineRetail(benchmark::State& state) {
  std::string path = TestDataFile("online_retail_2010-12_2011-09.csv.gz");
  if (!std::filesystem::exists(path)) return state.SkipWithError(("no " + path).c_str());
  const char* pg = std::getenv("LOYAL_BENCH_PG");
  std::string target =
      pg != nullptr ? pg
                    : (std::filesystem::temp_directory_path() / "loyal_bench_import.db").string();
  SystemClock clock;
  ImportOptions options;
  options.format = TransactionFormat::kOnlineRetail;
  for (auto _ : state) {
    state.PauseTiming();
    if (pg == nullptr) {
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(target + suffix);
    }
    auto db = db::OpenDatabase(target);
    if (!db) return state.SkipWithError(db.error().ToString().c_str());
    if (pg != nullptr) {
      auto cleared = db::RunInTransaction(**db, [](db::Transaction& tx) -> Status {
        for (const char* t : {"customers", "customer_lookup", "products", "orders", "order_lookup",
                              "order_lines", "returns", "return_lookup", "return_lines"}) {
          LOY_RETURN_IF_ERROR(tx.Execute(std::string("DELETE FROM ") + t));
        }
        return {};
      });
      if (!cleared) return state.SkipWithError(cleared.error().ToString().c_str());
    }
    state.ResumeTiming();
    auto summary = ImportFile(**db, path, options, clock);
    if (!summary) return state.SkipWithError(summary.error().ToString().c_str());
    state.counters["orders"] = static_cast<double>(summary->orders);
  }
}

class NullSink final : public DemoSink {
 public:
  Status OnCatalog(const std::vector<DemoProduct>&) override { return {}; }
  Status OnCustomer(const DemoCustomer&, const std::vector<DemoOrder>& orders,
                    const std::vector<DemoReturn>&) override {
    orders_ += static_cast<int64_t>(orders.size());
    return {};
  }
  int64_t orders_ = 0;
};

void BM_DemoGenerate100kCustomers(benchmark::State& state) {
  DemoOptions options;
  options.customers = 100'000;
  auto generator = DemoGenerator::Create(options);
  NullSink sink;
  for (auto _ : state) {
    if (!generator->Run(sink)) return state.SkipWithError("demo failed");
  }
  state.SetItemsProcessed(state.iterations() * options.customers);
}

BENCHMARK(BM_ReadPurchasesDemoOrdersCsv)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReadTransactionsDemoOrdersCsv)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReadPurchasesDemoOrdersCsvParallel)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_ReadPurchasesCdnowMaster)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReadTransactionsCdnowMaster)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReadTransactionsOnlineRetailGz)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DemoGenerate100kCustomers)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ImportOnlineRetail)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

}  // namespace
}  // namespace loyal::importer

BENCHMARK_MAIN();
