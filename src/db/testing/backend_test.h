// Test support: run the same store test on SQLite and on PostgreSQL.
//
//   #include "db/testing/backend_test.h"
//
//   class OrderStoreTest : public loyal::db::testing::BackendTest {};
//
//   TEST_P(OrderStoreTest, CreateThenGetReturnsTheOrder) {
//     ASSERT_TRUE(loyal::db::RunInTransaction(db(), [&](loyal::db::Transaction& tx) {...}));
//   }
//
//   LOYAL_INSTANTIATE_BACKEND_TESTS(OrderStoreTest);
//
// and in CMake: loyal_test(orders_test SOURCES ... DEPS loyal_orders loyal_db_testing).
//
// Each test gets a fresh database with every migration applied: SQLite in a temporary
// file, removed afterwards; PostgreSQL as a new database on the cluster named by the
// environment variable LOYAL_TEST_PG (a postgresql:// URL to a maintenance database such
// as .../postgres, as printed by `scripts/test-postgres.sh start`), dropped afterwards. The
// PostgreSQL database is a copy of a migrated template (loyal_template_<hash>), built once
// per set of migration files, since copying is cheaper than migrating every time.
// Without LOYAL_TEST_PG the PostgreSQL instances are skipped with a message saying so.
// A fixture that overrides SetUp must call BackendTest::SetUp() first and return if
// IsSkipped().
//
// Thread-safety: db() may be shared by the threads a test starts; the fixture itself
// belongs to the test's thread.
#pragma once

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "db/database.h"

namespace loyal::db::testing {

class BackendTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override;
  void TearDown() override;

  // The fresh, migrated database of this test.
  Database& db() { return *db_; }

  // Closes db() and opens the same database again through OpenDatabase (migrations run
  // again); false with a test failure if that fails.
  [[nodiscard]] bool Reopen();

  // The integer in the first column of the first row `sql` returns (a COUNT, a SUM), read
  // in a transaction of its own; -1 with a test failure if the query fails.
  int64_t Scalar(const std::string& sql);

  // What OpenDatabase was given: the SQLite file path or the postgresql:// URL.
  const std::string& target() const { return target_; }

  // Closes db(), so a test can open target() itself.
  void Close() { db_.reset(); }

 private:
  std::string target_;
  std::string scratch_dir_;  // SQLite: the temporary directory holding the file
  std::string admin_url_;    // PostgreSQL: the maintenance database
  std::string pg_database_;  // PostgreSQL: the test's own database
  std::unique_ptr<Database> db_;
};

// Names instances "Sqlite" and "Postgres" in test names.
std::string BackendName(const ::testing::TestParamInfo<Backend>& info);

}  // namespace loyal::db::testing

// Instantiates the TEST_P tests of `Suite` once per backend.
#define LOYAL_INSTANTIATE_BACKEND_TESTS(Suite)                                        \
  INSTANTIATE_TEST_SUITE_P(Backends, Suite,                                          \
                           ::testing::Values(::loyal::db::Backend::kSqlite,          \
                                             ::loyal::db::Backend::kPostgres),       \
                           ::loyal::db::testing::BackendName)
