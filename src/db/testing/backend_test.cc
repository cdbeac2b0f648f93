#include "db/testing/backend_test.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <random>

#include <boost/url.hpp>

#include "db/migrations.h"
#include "db/open.h"
#include "db/postgres/pg_connection.h"

namespace loyal::db::testing {
namespace {

// Unique across the tests of this process and, with the pid and a random part, across the
// test processes ctest runs in parallel.
std::string UniqueSuffix() {
  static std::atomic<int> counter{0};
  std::random_device random;
  return std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" +
         std::to_string(random() % 1000000);
}

Status AdminCommand(const std::string& admin_url, const std::string& sql) {
  LOY_ASSIGN_OR_RETURN(std::unique_ptr<postgres::PgConnection> admin,
                       postgres::PgConnection::Open(admin_url));
  return admin->Exec(sql);
}

std::string WithDatabase(boost::urls::url url, const std::string& database) {
  url.set_path("/" + database);
  return std::string(url.buffer());
}

// Returns the name of a database with every embedded migration applied, made once per set
// of migration files: copying it is cheaper than migrating each test's database afresh.
Result<std::string> MigratedTemplate(const std::string& admin_url, const boost::urls::url& base) {
  size_t hash = 0;
  for (const MigrationFile& file : EmbeddedMigrationFiles()) {
    hash = hash * 31 + std::hash<std::string_view>{}(file.file_name);
    hash = hash * 31 + std::hash<std::string_view>{}(file.sql);
  }
  const std::string name = "loyal_template_" + std::to_string(hash);
  LOY_ASSIGN_OR_RETURN(std::unique_ptr<postgres::PgConnection> admin,
                       postgres::PgConnection::Open(admin_url));
  // Test processes run in parallel; one builds the template while the others wait. The
  // lock ends with the admin session.
  LOY_RETURN_IF_ERROR(admin->Exec("SELECT pg_advisory_lock(7446275)"));
  bool exists = false;
  internal::CellSink found = [&](std::vector<Value>&) -> Status {
    exists = true;
    return {};
  };
  const Value params[] = {Value(name)};
  LOY_RETURN_IF_ERROR(admin->Run("SELECT 1 FROM pg_database WHERE datname = $1", params, &found, false));
  if (exists) return name;
  // Built under another name and renamed when complete, so a crash never leaves a
  // half-migrated template behind.
  const std::string building = name + "_building";
  LOY_RETURN_IF_ERROR(admin->Exec("DROP DATABASE IF EXISTS " + building + " WITH (FORCE)"));
  LOY_RETURN_IF_ERROR(admin->Exec("CREATE DATABASE " + building));
  LOY_RETURN_IF_ERROR(OpenDatabase(WithDatabase(base, building)));
  LOY_RETURN_IF_ERROR(admin->Exec("ALTER DATABASE " + building + " RENAME TO " + name));
  return name;
}

}  // namespace

std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
}

void BackendTest::SetUp() {
  if (GetParam() == Backend::kSqlite) {
    auto dir = std::filesystem::temp_directory_path() / ("loyal-test-" + UniqueSuffix());
    scratch_dir_ = dir.string();
    target_ = (dir / "loyal.db").string();
  } else {
    const char* url = std::getenv("LOYAL_TEST_PG");
    if (url == nullptr || *url == '\0') {
      GTEST_SKIP() << "PostgreSQL tests skipped: LOYAL_TEST_PG is not set (run "
                      "`export LOYAL_TEST_PG=$(scripts/test-postgres.sh start)`, or `make test`)";
    }
    admin_url_ = url;
    auto parsed = boost::urls::parse_uri(admin_url_);
    ASSERT_TRUE(parsed.has_value()) << "LOYAL_TEST_PG is not a URL: " << admin_url_;
    auto migrated = MigratedTemplate(admin_url_, *parsed);
    ASSERT_TRUE(migrated) << migrated.error().ToString();
    pg_database_ = "loyal_test_" + UniqueSuffix();
    Status created = AdminCommand(admin_url_, "CREATE DATABASE " + pg_database_ + " TEMPLATE " + *migrated);
    ASSERT_TRUE(created) << created.error().ToString();
    target_ = WithDatabase(*parsed, pg_database_);
  }
  auto opened = OpenDatabase(target_);
  ASSERT_TRUE(opened) << opened.error().ToString();
  db_ = std::move(*opened);
}

void BackendTest::TearDown() {
  db_.reset();
  if (!scratch_dir_.empty()) {
    std::error_code ignored;  // a leftover temp dir must not fail the test
    std::filesystem::remove_all(scratch_dir_, ignored);
  }
  if (!pg_database_.empty()) {
    Status dropped = AdminCommand(admin_url_, "DROP DATABASE IF EXISTS " + pg_database_ + " WITH (FORCE)");
    EXPECT_TRUE(dropped) << dropped.error().ToString();
  }
}

bool BackendTest::Reopen() {
  db_.reset();
  auto opened = OpenDatabase(target_);
  EXPECT_TRUE(opened) << opened.error().ToString();
  if (!opened) return false;
  db_ = std::move(*opened);
  return true;
}

int64_t BackendTest::Scalar(const std::string& sql) {
  auto value = WithReadTransaction(*db_, [&](Transaction& tx) -> Result<int64_t> {
    LOY_ASSIGN_OR_RETURN(auto rows, tx.Query(sql));
    if (rows.empty()) return InvalidArgument("no rows");
    return rows[0].Int(0);
  });
  EXPECT_TRUE(value) << sql << ": " << value.error().ToString();
  return value.value_or(-1);
}

}  // namespace loyal::db::testing
