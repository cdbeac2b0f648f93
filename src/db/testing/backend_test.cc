#include "db/testing/backend_test.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <random>

#include <boost/url.hpp>

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
    pg_database_ = "loyal_test_" + UniqueSuffix();
    Status created = AdminCommand(admin_url_, "CREATE DATABASE " + pg_database_);
    ASSERT_TRUE(created) << created.error().ToString();
    boost::urls::url test_url = *parsed;
    test_url.set_path("/" + pg_database_);
    target_ = std::string(test_url.buffer());
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

}  // namespace loyal::db::testing
