// The command line end to end: `loyal import` and friends as a shop would run them, on a
// real SQLite file or PostgreSQL database, judged by exit codes and printed output.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "db/open.h"
#include "e2e_fixture.h"

namespace loyal::e2e {
namespace {

class CliE2eTest : public db::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    Close();  // the binary owns the store from here on
  }
};

std::string TestDataFile(const char* name) { return std::string(LOYAL_TEST_DATA) + "/" + name; }

// The value printed after "label: " on its own line, or -1.
int64_t Count(const std::string& out, const std::string& label) {
  const std::string text = "\n" + out;
  const std::string key = "\n" + label + ": ";
  auto at = text.find(key);
  return at == std::string::npos ? -1 : std::stoll(text.substr(at + key.size()));
}

TEST_P(CliE2eTest, ImportingTheCdnowSampleTwiceChangesNothingTheSecondTime) {
  auto first = RunLoyal({"import", "--db", target(), TestDataFile("CDNOW_sample.txt"),
                         "--format", "cdnow-sample"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(Count(first.out, "customers created"), 2357) << first.out;
  EXPECT_EQ(Count(first.out, "orders created"), 6919) << first.out;
  auto second = RunLoyal({"import", "--db", target(), TestDataFile("CDNOW_sample.txt"),
                          "--format", "cdnow-sample"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(Count(second.out, "customers created"), 0) << second.out;
  EXPECT_EQ(Count(second.out, "orders created"), 0) << second.out;
  EXPECT_EQ(Count(second.out, "orders already present"), 6919) << second.out;
}

TEST_P(CliE2eTest, StrictImportNamesTheBadLineAndKeepsNothing) {
  TempDir dir;
  std::string file = dir.path() + "/orders.csv";
  std::ofstream(file) << "order_id,customer_id,email,placed_at,sku,quantity,unit_price,currency\n"
                         "A1,c1,a@x.io,2024-01-02,MUG,2,2.55,GBP\n"
                         "A2,c2,b@x.io,not-a-date,MUG,1,2.55,GBP\n";
  auto strict = RunLoyal({"import", "--db", target(), file, "--format", "orders-csv", "--strict"});
  EXPECT_NE(strict.exit_code, 0);
  EXPECT_NE(strict.err.find("orders.csv:3:"), std::string::npos) << strict.err;
  // Nothing of the strict run was kept: a lenient run still creates both good rows' order.
  auto lenient = RunLoyal({"import", "--db", target(), file, "--format", "orders-csv"});
  ASSERT_EQ(lenient.exit_code, 0) << lenient.err;
  EXPECT_EQ(Count(lenient.out, "orders created"), 1) << lenient.out;
  EXPECT_EQ(Count(lenient.out, "bad rows skipped"), 1) << lenient.out;
  EXPECT_NE(lenient.err.find("orders.csv:3:"), std::string::npos) << lenient.err;
}

TEST_P(CliE2eTest, UnknownFormatIsAClearErrorAndChangesNothing) {
  auto result = RunLoyal({"import", "--db", target(), TestDataFile("CDNOW_sample.txt"),
                          "--format", "excel"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("excel"), std::string::npos) << result.err;
}

TEST_P(CliE2eTest, ProgramInitInstallsTheSampleOnceAndABadDocumentChangesNothing) {
  auto none = RunLoyal({"program", "show", "--db", target()});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.err.find("no program yet"), std::string::npos) << none.err;
  auto init = RunLoyal({"program", "init", "--db", target()});
  ASSERT_EQ(init.exit_code, 0) << init.err;
  EXPECT_NE(init.err.find("installed the sample"), std::string::npos) << init.err;
  auto again = RunLoyal({"program", "init", "--db", target()});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.err.find("nothing changed"), std::string::npos) << again.err;
  TempDir dir;
  const std::string file = dir.path() + "/program.json";
  std::ofstream(file) << R"({"earning": {"rates": {"USD": "2"}, "multipliers": [
      {"sku": "A", "factor": "2"}, {"sku": "A", "factor": "3"}]}})";
  auto refused = RunLoyal({"program", "set", "--db", target(), file});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("earning.multipliers[1]"), std::string::npos) << refused.err;
  auto shown = RunLoyal({"program", "show", "--db", target()});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find(R"("rates":{"USD":"1"})"), std::string::npos) << shown.out;
  EXPECT_NE(shown.err.find("version 1"), std::string::npos) << shown.err;
  std::ofstream(file) << R"({"earning": {"rates": {"USD": "2"}}})";
  auto set = RunLoyal({"program", "set", "--db", target(), file});
  ASSERT_EQ(set.exit_code, 0) << set.err;
  EXPECT_NE(set.err.find("version 2 is now in force"), std::string::npos) << set.err;
  auto jobs = RunLoyal({"jobs", "run", "--db", target()});
  ASSERT_EQ(jobs.exit_code, 0) << jobs.err;
  EXPECT_EQ(Count(jobs.out, "customers with points released"), 0) << jobs.out;
  EXPECT_EQ(Count(jobs.out, "holds timed out"), 0) << jobs.out;
  EXPECT_EQ(Count(jobs.out, "birthday bonuses"), 0) << jobs.out;
  EXPECT_EQ(Count(jobs.out, "expiry warnings written"), 0) << jobs.out;
}

LOYAL_INSTANTIATE_BACKEND_TESTS(CliE2eTest);

TEST(CliE2eStandaloneTest, UsageMistakesAreExitStatusTwoNamingTheMistake) {
  TempDir dir;
  const std::string db = dir.path() + "/loyal.db";
  auto no_role = RunLoyal({"keys", "create", "--db", db});
  EXPECT_EQ(no_role.exit_code, 2);
  EXPECT_NE(no_role.err.find("--role"), std::string::npos) << no_role.err;
  EXPECT_FALSE(std::filesystem::exists(db)) << "a key was made without a role";
  auto bad_port = RunLoyal({"serve", "--db", db, "--port", "80000"});
  EXPECT_EQ(bad_port.exit_code, 2);
  EXPECT_NE(bad_port.err.find("--port"), std::string::npos) << bad_port.err;
  auto unknown = RunLoyal({"frobnicate"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("frobnicate"), std::string::npos) << unknown.err;
  auto help = RunLoyal({"help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("Usage: loyal"), std::string::npos) << help.out;
  EXPECT_EQ(RunLoyal({"--help"}).exit_code, 0);
}

TEST(CliE2eStandaloneTest, CommandsThatOnlyReadOrChangeAStoreRefuseAMissingOneAndCreateNothing) {
  TempDir dir;
  const std::string db = dir.path() + "/typo/loyal.db";
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"analyze", "rfm", "--db", db},
        std::vector<std::string>{"keys", "list", "--db", db},
        std::vector<std::string>{"keys", "revoke", "--db", db, "1"},
        std::vector<std::string>{"settings", "get", "--db", db},
        std::vector<std::string>{"jobs", "run", "--db", db}}) {
    auto result = RunLoyal(args);
    EXPECT_EQ(result.exit_code, 1) << args[0] << " " << args[1];
    EXPECT_NE(result.err.find("no store at " + db), std::string::npos) << result.err;
  }
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/typo"));
}

// Every customer's balances and every order's earning record in `db`, one line each.
std::string Books(const std::string& target) {
  auto db = db::OpenDatabase(target);
  if (!db) return db.error().ToString();
  std::string out;
  auto read = db::RunInReadTransaction(**db, [&](db::Transaction& tx) -> Status {
    // Each query's leading text columns, then integers.
    struct Table {
      const char* sql;
      int texts, columns;
    };
    for (const Table& table : std::vector<Table>{
             {"SELECT l.external_id, b.pending, b.available, b.debt, b.lifetime_earned FROM "
              "ledger_balances b JOIN customer_lookup l ON l.customer_id = b.customer_id "
              "ORDER BY l.external_id",
              1, 5},
             {"SELECT l.external_id, p.line_points, p.first_order, p.first_order_bonus_kept, "
              "p.spend_bonus_kept, p.release_scheduled FROM order_points p "
              "JOIN order_lookup l ON l.customer_id = p.customer_id AND l.order_id = p.order_id "
              "ORDER BY l.external_id",
              2, 6}}) {
      LOY_ASSIGN_OR_RETURN(auto rows, tx.Query(table.sql));
      for (size_t i = 0; i < rows.size(); ++i) {
        for (int c = 0; c < table.columns; ++c) {
          out += c == 0 ? "" : " ";
          out += c < table.texts ? std::string(rows[i].Text(c)) : std::to_string(rows[i].Int(c));
        }
        out += "\n";
      }
    }
    return {};
  });
  return read ? out : read.error().ToString();
}

TEST(CliE2eStandaloneTest, ImportWithEarnEarnsWhatImportThenBackfillEarns) {
  TempDir dir;
  const std::string file = dir.path() + "/retail.csv";
  std::ofstream(file)
      << "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
         "536365,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom\n"
         "536365,71053,LANTERN,6,2010-12-01 08:26:00,3.39,17850,United Kingdom\n"
         "536366,22633,HAND WARMER,6,2010-12-02 08:28:00,1.85,17850,United Kingdom\n"
         "536367,84879,BIRD,32,2010-12-02 08:34:00,1.69,,United Kingdom\n"
         "536368,22960,JAM SET,6,2010-12-03 08:34:00,4.25,13047,United Kingdom\n"
         "536368,22913,RED COAT,3,2010-12-03 08:34:00,4.95,13047,United Kingdom\n"
         "C536369,22960,JAM SET,-2,2010-12-05 09:41:00,4.25,13047,United Kingdom\n";
  const std::string program = dir.path() + "/program.json";
  std::ofstream(program) << R"({"earning": {"rates": {"GBP": "1"}, "first_order_bonus": 100,
      "spend_bonuses": [{"currency": "GBP", "min_net_minor": 3000, "points": 10}]},
      "expiry": {"policy": "after_earning", "months": 12}})";
  const std::string a = dir.path() + "/a.db", b = dir.path() + "/b.db";
  for (const std::string& db : {a, b}) {
    ASSERT_EQ(RunLoyal({"keys", "create", "--db", db, "--role", "admin"}).exit_code, 0);
    auto set = RunLoyal({"program", "set", "--db", db, program});
    ASSERT_EQ(set.exit_code, 0) << set.err;
  }
  auto earned = RunLoyal({"import", "--db", a, file, "--format", "online-retail", "--earn"});
  ASSERT_EQ(earned.exit_code, 0) << earned.err;
  EXPECT_NE(earned.err.find("for 3 of 4 orders"), std::string::npos) << earned.err;
  auto plain = RunLoyal({"import", "--db", b, file, "--format", "online-retail"});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(Books(b), "") << "a plain import earned";
  auto backfill = RunLoyal({"program", "backfill", "--db", b});
  ASSERT_EQ(backfill.exit_code, 0) << backfill.err;
  const std::string books = Books(a);
  EXPECT_EQ(Books(b), books);
  // Points per line, rounded down. 17850: 15.30 + 20.34 -> 35, a first order (100) over
  // 30.00 (10), then 11.10 -> 11. 13047: 25.50 + 14.85 -> 39 + 100 + 10, less two of six
  // jam sets (8 of 25); the 31.85 kept still reaches the spend bonus. Released at once:
  // the return window of 2010 is long past.
  EXPECT_NE(books.find("17850 0 156 0 156\n"), std::string::npos) << books;
  EXPECT_NE(books.find("13047 0 141 0 141\n"), std::string::npos) << books;
  auto again = RunLoyal({"program", "backfill", "--db", b});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.err.find("earned 0 points for 0 of 1 orders"), std::string::npos) << again.err;
  EXPECT_EQ(Books(b), books);
  auto since = RunLoyal({"program", "backfill", "--db", b, "--since", "2010-13-01"});
  EXPECT_EQ(since.exit_code, 2) << since.err;
  EXPECT_NE(since.err.find("--since"), std::string::npos) << since.err;
}

TEST(CliE2eStandaloneTest, RevokingAKeySaysHowLongARunningServerMayStillAcceptIt) {
  TempDir dir;
  const std::string db = dir.path() + "/loyal.db";
  ASSERT_EQ(RunLoyal({"keys", "create", "--db", db, "--role", "admin"}).exit_code, 0);
  auto revoked = RunLoyal({"keys", "revoke", "--db", db, "1"});
  EXPECT_EQ(revoked.exit_code, 0) << revoked.err;
  EXPECT_NE(revoked.err.find("for up to 30 s"), std::string::npos) << revoked.err;
}

TEST(CliE2eStandaloneTest, UnreachablePostgresIsAClearError) {
  // Port 1 on loopback: nothing listens there.
  auto result = RunLoyal({"keys", "list", "--db", "postgresql://loyal:secret@127.0.0.1:1/shop"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("127.0.0.1:1"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("secret"), std::string::npos) << "the password leaked: " << result.err;
}

}  // namespace
}  // namespace loyal::e2e
