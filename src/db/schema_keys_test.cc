// The id rule of design.md, checked on the real migrated schema of both backends: every
// table with a customer_id column has customer_id in its primary key and in every unique
// index, so the store can later be distributed by customer_id. *_lookup tables, keyed by
// their own global key, are the documented exception (src/db/migrations/README.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "db/customer_rows.h"
#include "db/database.h"
#include "db/testing/backend_test.h"

namespace loyal::db {
namespace {

// Unique key name -> its columns ("" for an expression).
using UniqueKeys = std::map<std::string, std::vector<std::string>>;

Status AddRows(Transaction& tx, std::string_view sql, const std::string& table, UniqueKeys& keys) {
  return tx.ForEach(sql, {Value(table)}, [&](const Row& row) -> Status {
    keys[std::string(row.Text(0))].emplace_back(row.Text(1));
    return {};
  });
}

// The primary key and unique indexes of `table`.
Result<UniqueKeys> UniqueKeysOf(Transaction& tx, const std::string& table) {
  UniqueKeys keys;
  if (tx.backend() == Backend::kSqlite) {
    // An INTEGER PRIMARY KEY has no index of its own, so read the declared key as well.
    LOY_RETURN_IF_ERROR(AddRows(tx, "SELECT 'primary key', name FROM pragma_table_info($1) WHERE pk > 0",
                                table, keys));
    LOY_RETURN_IF_ERROR(AddRows(tx,
                                "SELECT l.name, i.name FROM pragma_index_list($1) l "
                                "JOIN pragma_index_info(l.name) i WHERE l.\"unique\" = 1 AND l.origin <> 'pk'",
                                table, keys));
  } else {
    LOY_RETURN_IF_ERROR(AddRows(tx,
                                "SELECT i.relname, COALESCE(a.attname, '') FROM pg_index x "
                                "JOIN pg_class t ON t.oid = x.indrelid "
                                "JOIN pg_class i ON i.oid = x.indexrelid "
                                "JOIN pg_namespace n ON n.oid = t.relnamespace "
                                "LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(x.indkey) "
                                "WHERE x.indisunique AND n.nspname = current_schema() AND t.relname = $1",
                                table, keys));
  }
  return keys;
}

// Returns "table: key (columns)" for each key that leaves out customer_id.
Result<std::vector<std::string>> KeyViolations(Database& db) {
  std::vector<std::string> violations;
  LOY_RETURN_IF_ERROR(RunInReadTransaction(db, [&](Transaction& tx) -> Status {
    LOY_ASSIGN_OR_RETURN(std::vector<std::string> tables, TablesWithCustomerId(tx));
    for (const std::string& table : tables) {
      if (table.ends_with("_lookup")) continue;
      LOY_ASSIGN_OR_RETURN(UniqueKeys keys, UniqueKeysOf(tx, table));
      for (const auto& [name, columns] : keys) {
        if (std::find(columns.begin(), columns.end(), "customer_id") != columns.end()) continue;
        std::string listed;
        for (const std::string& c : columns) listed += (listed.empty() ? "" : ", ") + c;
        violations.push_back(table + ": " + name + " (" + listed + ")");
      }
    }
    return {};
  }));
  return violations;
}

class SchemaKeysTest : public testing::BackendTest {
 protected:
  void Create(std::string_view ddl) {
    Status made = RunInTransaction(db(), [&](Transaction& tx) { return tx.ExecuteScript(ddl); });
    ASSERT_TRUE(made) << made.error().ToString();
  }
};

TEST_P(SchemaKeysTest, EveryCustomerOwnedTableKeysIncludeCustomerId) {
  auto violations = KeyViolations(db());
  ASSERT_TRUE(violations) << violations.error().ToString();
  EXPECT_EQ(*violations, std::vector<std::string>{})
      << "customer-owned tables must key on customer_id (or be a *_lookup table)";
}

TEST_P(SchemaKeysTest, FindsAPrimaryKeyWithoutCustomerId) {
  Create("CREATE TABLE zz_notes (note_id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL)");
  auto violations = KeyViolations(db());
  ASSERT_TRUE(violations) << violations.error().ToString();
  ASSERT_EQ(violations->size(), 1u);
  EXPECT_TRUE((*violations)[0].starts_with("zz_notes: ")) << (*violations)[0];
  EXPECT_TRUE((*violations)[0].ends_with("(note_id)")) << (*violations)[0];
}

TEST_P(SchemaKeysTest, FindsAUniqueIndexWithoutCustomerIdButAcceptsOnesWithIt) {
  Create(
      "CREATE TABLE zz_tokens (customer_id BIGINT NOT NULL, token_id BIGINT NOT NULL, code TEXT NOT NULL, "
      "PRIMARY KEY (customer_id, token_id));"
      "CREATE UNIQUE INDEX zz_tokens_code ON zz_tokens (code);"
      "CREATE UNIQUE INDEX zz_tokens_customer_code ON zz_tokens (customer_id, code);"
      "CREATE INDEX zz_tokens_plain ON zz_tokens (code)");
  auto violations = KeyViolations(db());
  ASSERT_TRUE(violations) << violations.error().ToString();
  EXPECT_EQ(*violations, std::vector<std::string>{"zz_tokens: zz_tokens_code (code)"});
}

TEST_P(SchemaKeysTest, LookupTablesAreExempt) {
  Create("CREATE TABLE zz_code_lookup (code TEXT PRIMARY KEY, customer_id BIGINT NOT NULL)");
  auto violations = KeyViolations(db());
  ASSERT_TRUE(violations) << violations.error().ToString();
  EXPECT_EQ(*violations, std::vector<std::string>{});
}

LOYAL_INSTANTIATE_BACKEND_TESTS(SchemaKeysTest);

}  // namespace
}  // namespace loyal::db
