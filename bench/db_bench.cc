// Store costs that the importer and the API lean on: a row insert through the statement
// cache, an id from NextId, and a durable commit, on SQLite (a temporary file) and, when
// LOYAL_TEST_PG names a cluster, on PostgreSQL (a scratch database).
//
//   build/release/bench/db_bench
//   LOYAL_TEST_PG=$(scripts/test-postgres.sh start) build/release/bench/db_bench
#include <unistd.h>

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include "db/database.h"
#include "db/open.h"
#include "db/postgres/pg_connection.h"
#include <sqlite3.h>

namespace loyal::db {
namespace {

// A migrated scratch database for one benchmark, removed afterwards.
class Scratch {
 public:
  explicit Scratch(Backend backend) {
    if (backend == Backend::kSqlite) {
      dir_ = std::filesystem::temp_directory_path() / ("loyal-db-bench-" + std::to_string(getpid()));
      std::filesystem::remove_all(dir_);
      Open((dir_ / "bench.db").string());
      return;
    }
    const char* url = std::getenv("LOYAL_TEST_PG");
    if (url == nullptr) return;
    admin_url_ = url;
    Admin("DROP DATABASE IF EXISTS loyal_db_bench WITH (FORCE)");
    Admin("CREATE DATABASE loyal_db_bench");
    std::string target = admin_url_.substr(0, admin_url_.rfind('/')) + "/loyal_db_bench";
    Open(target);
  }
  ~Scratch() {
    db_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
    if (!admin_url_.empty()) Admin("DROP DATABASE IF EXISTS loyal_db_bench WITH (FORCE)");
  }
  Database* db() { return db_.get(); }

 private:
  void Open(const std::string& target) {
    auto opened = OpenDatabase(target);
    if (!opened) throw std::runtime_error(opened.error().ToString());
    db_ = std::move(*opened);
    Status made = RunInTransaction(*db_, [](Transaction& tx) {
      return tx.ExecuteScript(
          "CREATE TABLE bench_rows (customer_id BIGINT NOT NULL, row_id BIGINT NOT NULL, sku TEXT NOT NULL, "
          "quantity BIGINT NOT NULL, amount_minor BIGINT NOT NULL, PRIMARY KEY (customer_id, row_id))");
    });
    if (!made) throw std::runtime_error(made.error().ToString());
  }
  void Admin(const std::string& sql) {
    auto conn = postgres::PgConnection::Open(admin_url_);
    if (!conn || !(*conn)->Exec(sql)) throw std::runtime_error("cannot run " + sql);
  }

  std::filesystem::path dir_;
  std::string admin_url_;
  std::unique_ptr<Database> db_;
};

void Check(const Status& status, benchmark::State& state) {
  if (!status) state.SkipWithError(status.error().ToString().c_str());
}

// One row per iteration inside transactions of 10,000 rows, as a bulk import writes.
void BM_InsertRow(benchmark::State& state) {
  Scratch scratch(static_cast<Backend>(state.range(0)));
  if (scratch.db() == nullptr) return state.SkipWithError("LOYAL_TEST_PG not set");
  auto tx = *scratch.db()->Begin();
  int64_t n = 0;
  for (auto _ : state) {
    ++n;
    auto inserted = tx->Execute(
        "INSERT INTO bench_rows (customer_id, row_id, sku, quantity, amount_minor) VALUES ($1, $2, $3, $4, $5)",
        {Value(n % 4000), Value(n), Value(std::string("SKU-") + std::to_string(n % 3000)), Value(int64_t{3}),
         Value(n * 7)});
    if (!inserted) return Check(tl::unexpected(inserted.error()), state);
    if (n % 10000 == 0) {
      Check(tx->Commit(), state);
      tx = *scratch.db()->Begin();
    }
  }
  Check(tx->Commit(), state);
  state.SetItemsProcessed(state.iterations());
}

// The same inserts through the bare SQLite C API with the settings the driver uses: the
// floor the driver's own cost (statement cache look-up, Value binding) is measured against.
void BM_RawSqliteInsertRow(benchmark::State& state) {
  Scratch scratch(Backend::kSqlite);  // creates the migrated file and the table
  std::string path = (std::filesystem::temp_directory_path() /
                      ("loyal-db-bench-" + std::to_string(getpid())) / "bench.db").string();
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(db, "PRAGMA synchronous=FULL; PRAGMA cache_size=-65536; BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db,
                     "INSERT INTO bench_rows (customer_id, row_id, sku, quantity, amount_minor) "
                     "VALUES (?1, ?2, ?3, ?4, ?5)",
                     -1, &stmt, nullptr);
  int64_t n = 0;
  for (auto _ : state) {
    ++n;
    std::string sku = std::string("SKU-") + std::to_string(n % 3000);
    sqlite3_bind_int64(stmt, 1, n % 4000);
    sqlite3_bind_int64(stmt, 2, n);
    sqlite3_bind_text(stmt, 3, sku.data(), static_cast<int>(sku.size()), SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 4, 3);
    sqlite3_bind_int64(stmt, 5, n * 7);
    if (sqlite3_step(stmt) != SQLITE_DONE) state.SkipWithError(sqlite3_errmsg(db));
    sqlite3_reset(stmt);
    if (n % 10000 == 0) sqlite3_exec(db, "COMMIT; BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  }
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  state.SetItemsProcessed(state.iterations());
}

void BM_NextId(benchmark::State& state) {
  Scratch scratch(static_cast<Backend>(state.range(0)));
  if (scratch.db() == nullptr) return state.SkipWithError("LOYAL_TEST_PG not set");
  auto tx = *scratch.db()->Begin();
  for (auto _ : state) benchmark::DoNotOptimize(tx->NextId("orders"));
  Check(tx->Commit(), state);
  state.SetItemsProcessed(state.iterations());
}

// A one-row durable transaction: what an API write costs without group commit.
void BM_CommitOneRow(benchmark::State& state) {
  Scratch scratch(static_cast<Backend>(state.range(0)));
  if (scratch.db() == nullptr) return state.SkipWithError("LOYAL_TEST_PG not set");
  int64_t n = 0;
  for (auto _ : state) {
    ++n;
    Check(RunInTransaction(*scratch.db(), [&](Transaction& tx) -> Status {
            LOY_RETURN_IF_ERROR(tx.Execute(
                "INSERT INTO bench_rows (customer_id, row_id, sku, quantity, amount_minor) VALUES ($1, $2, $3, $4, $5)",
                {Value(n), Value(n), Value(std::string("SKU")), Value(int64_t{1}), Value(int64_t{100})}));
            return {};
          }),
          state);
  }
  state.SetItemsProcessed(state.iterations());
}

constexpr int64_t kSqlite = static_cast<int64_t>(Backend::kSqlite);
constexpr int64_t kPostgres = static_cast<int64_t>(Backend::kPostgres);
BENCHMARK(BM_InsertRow)->ArgName("postgres")->Arg(kSqlite)->Arg(kPostgres);
BENCHMARK(BM_RawSqliteInsertRow);
BENCHMARK(BM_NextId)->ArgName("postgres")->Arg(kSqlite)->Arg(kPostgres);
BENCHMARK(BM_CommitOneRow)->ArgName("postgres")->Arg(kSqlite)->Arg(kPostgres);

}  // namespace
}  // namespace loyal::db

BENCHMARK_MAIN();
