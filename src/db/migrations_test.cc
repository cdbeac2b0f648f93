// Migration file naming, ordering, once-only application and the newer-schema refusal.
#include "db/migrations.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "db/open.h"
#include "db/testing/backend_test.h"

namespace loyal::db {
namespace {

using std::chrono::sys_days;
using namespace std::chrono_literals;

TEST(ParseMigrationsTest, GroupsBackendFilesWithTheirMigrationInVersionThenNameOrder) {
  const MigrationFile files[] = {
      {"0003_orders.sql", "CREATE TABLE o (x BIGINT)"},
      {"0001_core.sqlite.sql", "CREATE TABLE only_sqlite (x BIGINT)"},
      {"0001_core.sql", "CREATE TABLE core (x BIGINT)"},
      {"0003_customers.postgres.sql", "CREATE TABLE only_pg (x BIGINT)"},
      {"0002_http.sql", "CREATE TABLE h (x BIGINT)"},
  };
  auto sqlite = ParseMigrations(files, Backend::kSqlite);
  ASSERT_TRUE(sqlite) << sqlite.error().ToString();
  std::vector<std::string> names;
  for (const Migration& m : *sqlite) names.push_back(m.name);
  EXPECT_EQ(names, (std::vector<std::string>{"0001_core", "0002_http", "0003_customers", "0003_orders"}));
  EXPECT_EQ((*sqlite)[0].version, 1);
  EXPECT_EQ((*sqlite)[3].version, 3);
  EXPECT_NE((*sqlite)[0].sql.find("CREATE TABLE core"), std::string::npos);
  EXPECT_LT((*sqlite)[0].sql.find("CREATE TABLE core"), (*sqlite)[0].sql.find("only_sqlite"));
  EXPECT_EQ((*sqlite)[2].sql, "");  // the other backend's alone: recorded, nothing run

  auto postgres = ParseMigrations(files, Backend::kPostgres);
  ASSERT_TRUE(postgres);
  EXPECT_EQ((*postgres)[0].sql.find("only_sqlite"), std::string::npos);
  EXPECT_NE((*postgres)[2].sql.find("only_pg"), std::string::npos);
}

TEST(ParseMigrationsTest, RejectsMisnamedFiles) {
  for (std::string_view bad : {"1_core.sql", "0001-core.sql", "0001_Core.sql", "0001_core.txt",
                               "0001_core.mysql.sql", "0001_.sql", "abcd_core.sql"}) {
    const MigrationFile files[] = {{bad, "SELECT 1"}};
    auto parsed = ParseMigrations(files, Backend::kSqlite);
    ASSERT_FALSE(parsed) << bad;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument) << bad;
    EXPECT_NE(parsed.error().message.find(std::string(bad)), std::string::npos);
  }
}

TEST(ParseMigrationsTest, EmbeddedFilesAreWellNamedAndStartWithCore) {
  for (Backend backend : {Backend::kSqlite, Backend::kPostgres}) {
    auto parsed = ParseMigrations(EmbeddedMigrationFiles(), backend);
    ASSERT_TRUE(parsed) << parsed.error().ToString();
    ASSERT_FALSE(parsed->empty());
    EXPECT_EQ(parsed->front().name, "0001_core");
  }
}

class MigrationsTest : public testing::BackendTest {
 protected:
  std::vector<Migration> Embedded() { return *ParseMigrations(EmbeddedMigrationFiles(), GetParam()); }

  // (version, name, applied_at) rows, in order.
  std::vector<std::string> Recorded() {
    std::vector<std::string> rows;
    Status read = RunInReadTransaction(db(), [&](Transaction& tx) {
      return tx.ForEach("SELECT version, name, applied_at FROM schema_migrations ORDER BY version, name", {},
                        [&](const Row& row) -> Status {
                          rows.push_back(std::to_string(row.Int(0)) + " " + std::string(row.Text(1)) +
                                         " " + std::string(row.Text(2)));
                          return {};
                        });
    });
    EXPECT_TRUE(read) << read.error().ToString();
    return rows;
  }

  Status Record(int64_t version, std::string name) {
    return RunInTransaction(db(), [&](Transaction& tx) -> Status {
      LOY_RETURN_IF_ERROR(tx.Execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                                     {Value(version), Value(name), Value(std::string("2030-01-01T00:00:00Z"))}));
      return {};
    });
  }
};

TEST_P(MigrationsTest, EachMigrationIsRecordedOnceAndASecondOpenChangesNothing) {
  std::vector<std::string> first = Recorded();
  ASSERT_EQ(first.size(), Embedded().size());
  EXPECT_TRUE(first[0].starts_with("1 0001_core ")) << first[0];

  Close();
  ManualClock later(sys_days(std::chrono::year(2031) / 1 / 1));
  auto reopened = OpenDatabase(target(), later);
  ASSERT_TRUE(reopened) << reopened.error().ToString();
  reopened->reset();
  ASSERT_TRUE(Reopen());
  EXPECT_EQ(Recorded(), first);  // same rows, same applied_at: nothing ran again
}

TEST_P(MigrationsTest, MigrationsMissingFromTheDatabaseAreAppliedWithTheirTime) {
  std::vector<Migration> more = Embedded();
  more.push_back(Migration{9000, "9000_extra", "CREATE TABLE extra (id BIGINT PRIMARY KEY)"});
  ManualClock clock(sys_days(std::chrono::year(2030) / 5 / 6) + 7h);
  Status applied = ApplyMigrations(db(), more, clock);
  ASSERT_TRUE(applied) << applied.error().ToString();
  EXPECT_EQ(Recorded().back(), "9000 9000_extra 2030-05-06T07:00:00Z");
  ASSERT_TRUE(RunInTransaction(db(), [](Transaction& tx) -> Status {
    LOY_RETURN_IF_ERROR(tx.Execute("INSERT INTO extra (id) VALUES ($1)", {Value(int64_t{1})}));
    return {};
  }));
}

TEST_P(MigrationsTest, AMigrationOfTheOtherBackendAloneIsRecordedAndRunsNothing) {
  std::vector<Migration> more = Embedded();
  more.push_back(Migration{9000, "9000_other_backend", ""});
  SystemClock clock;
  Status applied = ApplyMigrations(db(), more, clock);
  ASSERT_TRUE(applied) << applied.error().ToString();
  EXPECT_TRUE(Recorded().back().starts_with("9000 9000_other_backend ")) << Recorded().back();
}

TEST_P(MigrationsTest, AFailingMigrationAppliesNothing) {
  std::vector<Migration> more = Embedded();
  more.push_back(Migration{9000, "9000_good", "CREATE TABLE good (id BIGINT PRIMARY KEY)"});
  more.push_back(Migration{9001, "9001_bad", "CREATE TABLE bad (id BIGINT PRIMARY KEY"});
  SystemClock clock;
  Status applied = ApplyMigrations(db(), more, clock);
  ASSERT_FALSE(applied);
  EXPECT_EQ(applied.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(applied.error().message.starts_with("migration 9001_bad: ")) << applied.error().message;
  EXPECT_EQ(Recorded().size(), Embedded().size());
  auto tx = db().BeginReadOnly();
  ASSERT_TRUE(tx);
  auto good = (*tx)->Query("SELECT id FROM good");
  ASSERT_FALSE(good);
  EXPECT_EQ(good.error().code, ErrorCode::kInvalidArgument);
}

TEST_P(MigrationsTest, NewerSchemaIsRefusedWithAClearMessage) {
  ASSERT_TRUE(Record(9999, "9999_from_the_future"));
  Close();
  auto opened = OpenDatabase(target());
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(opened.error().message, "database schema version 9999 is newer than this binary (" +
                                        std::to_string(Embedded().back().version) + "); upgrade loyal");
}

TEST_P(MigrationsTest, AnUnknownMigrationOfAKnownVersionIsRefused) {
  ASSERT_TRUE(Record(1, "0001_zzz_renamed"));
  Close();
  auto opened = OpenDatabase(target());
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(opened.error().message.find("0001_zzz_renamed"), std::string::npos) << opened.error().message;
}

TEST_P(MigrationsTest, BackendFilesRunOnlyOnTheirBackend) {
  auto tx = db().BeginReadOnly();
  ASSERT_TRUE(tx);
  auto sequences = (*tx)->Query("SELECT name, value FROM id_sequences");
  if (GetParam() == Backend::kSqlite) {
    EXPECT_TRUE(sequences) << sequences.error().ToString();
  } else {
    ASSERT_FALSE(sequences);
    EXPECT_EQ(sequences.error().code, ErrorCode::kInvalidArgument);
  }
}

LOYAL_INSTANTIATE_BACKEND_TESTS(MigrationsTest);

}  // namespace
}  // namespace loyal::db
