// The Database/Transaction contract, run on both backends with the same assertions.
#include "db/database.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "db/testing/backend_test.h"

namespace loyal::db {
namespace {

class DatabaseTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    Status made = RunInTransaction(db(), [](Transaction& tx) {
      return tx.ExecuteScript(
          "CREATE TABLE items (id BIGINT PRIMARY KEY, name TEXT, price DOUBLE PRECISION, qty BIGINT)");
    });
    ASSERT_TRUE(made) << made.error().ToString();
  }

  // Inserts (id, name) in its own transaction.
  Status Insert(int64_t id, std::string name) {
    return RunInTransaction(db(), [&](Transaction& tx) -> Status {
      LOY_RETURN_IF_ERROR(tx.Execute("INSERT INTO items (id, name) VALUES ($1, $2)", {Value(id), Value(name)}));
      return {};
    });
  }

  int64_t CountItems() {
    int64_t count = -1;
    Status read = RunInReadTransaction(db(), [&](Transaction& tx) -> Status {
      LOY_ASSIGN_OR_RETURN(ResultSet rows, tx.Query("SELECT COUNT(*) FROM items"));
      count = rows[0].Int(0);
      return {};
    });
    EXPECT_TRUE(read) << read.error().ToString();
    return count;
  }
};

TEST_P(DatabaseTest, InsertedRowsReadBackWithTypesNullsAndUnicode) {
  auto tx = db().Begin();
  ASSERT_TRUE(tx);
  auto inserted = (*tx)->Execute("INSERT INTO items (id, name, price, qty) VALUES ($1, $2, $3, $4)",
                                 {Value(int64_t{1}), Value(std::string("Zoë 🎁 \"quoted\"")), Value(2.5),
                                  Value(int64_t{9000000000})});
  ASSERT_TRUE(inserted) << inserted.error().ToString();
  EXPECT_EQ(*inserted, 1);
  ASSERT_TRUE((*tx)->Execute("INSERT INTO items (id, name, price, qty) VALUES ($1, $2, $3, $4)",
                             {Value(int64_t{2}), Value(kNull), Value(kNull), Value(kNull)}));
  auto rows = (*tx)->Query("SELECT id, name, price, qty FROM items WHERE id >= $1 ORDER BY id",
                           {Value(int64_t{1})});
  ASSERT_TRUE(rows) << rows.error().ToString();
  ASSERT_EQ(rows->size(), 2u);
  ASSERT_EQ(rows->columns(), 4u);
  Row first = (*rows)[0];
  EXPECT_EQ(first.Int(0), 1);
  EXPECT_EQ(first.Text(1), "Zoë 🎁 \"quoted\"");
  EXPECT_DOUBLE_EQ(first.Double(2), 2.5);
  EXPECT_EQ(first.Int(3), 9000000000);
  Row second = (*rows)[1];
  EXPECT_TRUE(second.IsNull(1));
  EXPECT_EQ(second.OptText(1), std::nullopt);
  EXPECT_EQ(second.OptInt(3), std::nullopt);
  EXPECT_EQ(second.Text(1), "");
  EXPECT_EQ(second.Int(3), 0);
  ASSERT_TRUE((*tx)->Commit());
}

TEST_P(DatabaseTest, ExecuteReturnsRowsChanged) {
  ASSERT_TRUE(Insert(1, "a"));
  ASSERT_TRUE(Insert(2, "b"));
  ASSERT_TRUE(Insert(3, "c"));
  auto tx = db().Begin();
  ASSERT_TRUE(tx);
  auto updated = (*tx)->Execute("UPDATE items SET qty = $1 WHERE id <> $2", {Value(int64_t{5}), Value(int64_t{2})});
  ASSERT_TRUE(updated) << updated.error().ToString();
  EXPECT_EQ(*updated, 2);
  auto none = (*tx)->Execute("DELETE FROM items WHERE id = $1", {Value(int64_t{42})});
  ASSERT_TRUE(none);
  EXPECT_EQ(*none, 0);
}

TEST_P(DatabaseTest, PlaceholdersMayRepeatAndComeOutOfOrder) {
  auto tx = db().Begin();
  ASSERT_TRUE(tx);
  ASSERT_TRUE((*tx)->Execute("INSERT INTO items (id, name, qty) VALUES ($2, $1, $2)",
                             {Value(std::string("x")), Value(int64_t{7})}));
  auto rows = (*tx)->Query("SELECT id, name, qty FROM items");
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].Int(0), 7);
  EXPECT_EQ((*rows)[0].Text(1), "x");
  EXPECT_EQ((*rows)[0].Int(2), 7);
}

TEST_P(DatabaseTest, WrongParameterCountIsInvalidArgument) {
  auto tx = db().Begin();
  ASSERT_TRUE(tx);
  auto result = (*tx)->Execute("INSERT INTO items (id, name) VALUES ($1, $2)", {Value(int64_t{1})});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
}

TEST_P(DatabaseTest, UnknownTableIsInvalidArgument) {
  auto tx = db().Begin();
  ASSERT_TRUE(tx);
  auto result = (*tx)->Query("SELECT * FROM no_such_table");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
}

TEST_P(DatabaseTest, DuplicateKeyIsAlreadyExists) {
  ASSERT_TRUE(Insert(1, "first"));
  Status again = Insert(1, "second");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(CountItems(), 1);
}

TEST_P(DatabaseTest, NotNullViolationIsFailedPrecondition) {
  ASSERT_TRUE(RunInTransaction(db(), [](Transaction& tx) {
    return tx.ExecuteScript("CREATE TABLE strict_items (id BIGINT PRIMARY KEY, name TEXT NOT NULL)");
  }));
  Status status = RunInTransaction(db(), [](Transaction& tx) -> Status {
    LOY_RETURN_IF_ERROR(tx.Execute("INSERT INTO strict_items (id, name) VALUES ($1, $2)",
                                   {Value(int64_t{1}), Value(kNull)}));
    return {};
  });
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kFailedPrecondition);
}

TEST_P(DatabaseTest, ForEachStreamsEveryRowInOrder) {
  ASSERT_TRUE(RunInTransaction(db(), [](Transaction& tx) -> Status {
    for (int64_t id = 1; id <= 1000; ++id) {
      LOY_RETURN_IF_ERROR(tx.Execute("INSERT INTO items (id, qty) VALUES ($1, $2)", {Value(id), Value(id * id)}));
    }
    return {};
  }));
  auto tx = db().BeginReadOnly();
  ASSERT_TRUE(tx);
  int64_t expected_id = 1;
  Status streamed = (*tx)->ForEach("SELECT id, qty FROM items ORDER BY id", {}, [&](const Row& row) -> Status {
    EXPECT_EQ(row.Int(0), expected_id);
    EXPECT_EQ(row.Int(1), expected_id * expected_id);
    ++expected_id;
    return {};
  });
  ASSERT_TRUE(streamed) << streamed.error().ToString();
  EXPECT_EQ(expected_id, 1001);
}

TEST_P(DatabaseTest, ForEachStopsAtTheCallbacksErrorAndTheTransactionGoesOn) {
  ASSERT_TRUE(Insert(1, "a"));
  ASSERT_TRUE(Insert(2, "b"));
  ASSERT_TRUE(Insert(3, "c"));
  auto tx = db().Begin();
  ASSERT_TRUE(tx);
  int seen = 0;
  Status streamed = (*tx)->ForEach("SELECT id FROM items ORDER BY id", {}, [&](const Row& row) -> Status {
    ++seen;
    if (row.Int(0) == 2) return NotFound("stop here");
    return {};
  });
  ASSERT_FALSE(streamed);
  EXPECT_EQ(streamed.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(streamed.error().message, "stop here");
  EXPECT_EQ(seen, 2);
  // The query itself did not fail, so the transaction is still usable.
  auto rows = (*tx)->Query("SELECT COUNT(*) FROM items");
  ASSERT_TRUE(rows) << rows.error().ToString();
  EXPECT_EQ((*rows)[0].Int(0), 3);
}

TEST_P(DatabaseTest, RollbackToSavepointUndoesOnlyWorkAfterIt) {
  auto tx = db().Begin();
  ASSERT_TRUE(tx);
  ASSERT_TRUE((*tx)->Execute("INSERT INTO items (id, name) VALUES ($1, $2)", {Value(int64_t{1}), Value(std::string("kept"))}));
  ASSERT_TRUE((*tx)->Savepoint("request_2"));
  ASSERT_TRUE((*tx)->Execute("INSERT INTO items (id, name) VALUES ($1, $2)", {Value(int64_t{2}), Value(std::string("undone"))}));
  auto duplicate = (*tx)->Execute("INSERT INTO items (id, name) VALUES ($1, $2)", {Value(int64_t{1}), Value(std::string("dup"))});
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, ErrorCode::kAlreadyExists);
  ASSERT_TRUE((*tx)->RollbackToSavepoint("request_2"));
  ASSERT_TRUE((*tx)->ReleaseSavepoint("request_2"));
  ASSERT_TRUE((*tx)->Execute("INSERT INTO items (id, name) VALUES ($1, $2)", {Value(int64_t{3}), Value(std::string("after"))}));
  Status committed = (*tx)->Commit();
  ASSERT_TRUE(committed) << committed.error().ToString();

  std::set<std::string> names;
  ASSERT_TRUE(RunInReadTransaction(db(), [&](Transaction& read) -> Status {
    return read.ForEach("SELECT name FROM items", {}, [&](const Row& row) -> Status {
      names.insert(std::string(row.Text(0)));
      return {};
    });
  }));
  EXPECT_EQ(names, (std::set<std::string>{"kept", "after"}));
}

TEST_P(DatabaseTest, BadSavepointNameIsInvalidArgument) {
  auto tx = db().Begin();
  ASSERT_TRUE(tx);
  Status status = (*tx)->Savepoint("x; DROP TABLE items");
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
}

TEST_P(DatabaseTest, DestroyingWithoutCommitRollsBack) {
  {
    auto tx = db().Begin();
    ASSERT_TRUE(tx);
    ASSERT_TRUE((*tx)->Execute("INSERT INTO items (id) VALUES ($1)", {Value(int64_t{1})}));
  }
  EXPECT_EQ(CountItems(), 0);
}

TEST_P(DatabaseTest, ExplicitRollbackDiscardsAndFinishes) {
  auto tx = db().Begin();
  ASSERT_TRUE(tx);
  ASSERT_TRUE((*tx)->Execute("INSERT INTO items (id) VALUES ($1)", {Value(int64_t{1})}));
  ASSERT_TRUE((*tx)->Rollback());
  auto after = (*tx)->Query("SELECT 1");
  ASSERT_FALSE(after);
  EXPECT_EQ(after.error().code, ErrorCode::kInternal);
  EXPECT_EQ(CountItems(), 0);
}

TEST_P(DatabaseTest, WriteInReadOnlyTransactionIsInvalidArgument) {
  auto tx = db().BeginReadOnly();
  ASSERT_TRUE(tx);
  auto write = (*tx)->Execute("INSERT INTO items (id) VALUES ($1)", {Value(int64_t{1})});
  ASSERT_FALSE(write);
  EXPECT_EQ(write.error().code, ErrorCode::kInvalidArgument);
  auto id = (*tx)->NextId("items");
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().code, ErrorCode::kInvalidArgument);
}

// Both backends take the snapshot at the first statement (SQLite's deferred BEGIN,
// PostgreSQL's REPEATABLE READ), not at BEGIN, and keep it to the end.
TEST_P(DatabaseTest, ReadTransactionKeepsTheSnapshotOfItsFirstStatement) {
  ASSERT_TRUE(Insert(1, "before"));
  auto read = db().BeginReadOnly();
  ASSERT_TRUE(read) << read.error().ToString();
  ASSERT_TRUE(Insert(2, "before the first read"));
  auto first = (*read)->Query("SELECT COUNT(*) FROM items");
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_EQ((*first)[0].Int(0), 2);

  ASSERT_TRUE(Insert(3, "after the first read"));
  ASSERT_TRUE(RunInTransaction(db(), [](Transaction& tx) -> Status {
    LOY_RETURN_IF_ERROR(tx.Execute("UPDATE items SET name = $1 WHERE id = $2",
                                   {Value(std::string("changed")), Value(int64_t{1})}));
    return {};
  }));
  auto second = (*read)->Query("SELECT COUNT(*), MAX(id) FROM items");
  ASSERT_TRUE(second) << second.error().ToString();
  EXPECT_EQ((*second)[0].Int(0), 2);
  EXPECT_EQ((*second)[0].Int(1), 2);
  auto name = (*read)->Query("SELECT name FROM items WHERE id = $1", {Value(int64_t{1})});
  ASSERT_TRUE(name) << name.error().ToString();
  EXPECT_EQ((*name)[0].Text(0), "before");
  ASSERT_TRUE((*read)->Commit());
  EXPECT_EQ(CountItems(), 3) << "a new read transaction sees the later commits";
}

TEST_P(DatabaseTest, WritesAfterReadingInAReadTransactionAreInvalidArgumentAndChangeNothing) {
  ASSERT_TRUE(Insert(1, "kept"));
  {
    auto tx = db().BeginReadOnly();
    ASSERT_TRUE(tx);
    ASSERT_TRUE((*tx)->Query("SELECT COUNT(*) FROM items"));
    auto update = (*tx)->Execute("UPDATE items SET name = $1", {Value(std::string("changed"))});
    ASSERT_FALSE(update);
    EXPECT_EQ(update.error().code, ErrorCode::kInvalidArgument);
  }
  {
    auto tx = db().BeginReadOnly();
    ASSERT_TRUE(tx);
    ASSERT_TRUE((*tx)->Query("SELECT COUNT(*) FROM items"));
    Status ddl = (*tx)->ExecuteScript("DELETE FROM items; CREATE TABLE more_items (id BIGINT)");
    ASSERT_FALSE(ddl);
    EXPECT_EQ(ddl.error().code, ErrorCode::kInvalidArgument);
  }
  auto tx = db().BeginReadOnly();
  ASSERT_TRUE(tx);
  auto rows = (*tx)->Query("SELECT name FROM items");
  ASSERT_TRUE(rows) << rows.error().ToString();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].Text(0), "kept");
}

TEST_P(DatabaseTest, CommittedDataSurvivesReopening) {
  ASSERT_TRUE(Insert(1, "durable"));
  ASSERT_TRUE(Reopen());
  auto tx = db().BeginReadOnly();
  ASSERT_TRUE(tx);
  auto rows = (*tx)->Query("SELECT name FROM items WHERE id = $1", {Value(int64_t{1})});
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].Text(0), "durable");
}

TEST_P(DatabaseTest, RunInTransactionReturnsWorksErrorAndRollsBack) {
  Status status = RunInTransaction(db(), [](Transaction& tx) -> Status {
    LOY_RETURN_IF_ERROR(tx.Execute("INSERT INTO items (id) VALUES ($1)", {Value(int64_t{1})}));
    return FailedPrecondition("refused");
  });
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(CountItems(), 0);
}

TEST_P(DatabaseTest, WithTransactionReturnsTheWorksValueOnceCommittedOrItsError) {
  Result<int64_t> inserted = WithTransaction(db(), [](Transaction& tx) {
    return tx.Execute("INSERT INTO items (id) VALUES ($1)", {Value(int64_t{7})});
  });
  ASSERT_TRUE(inserted) << inserted.error().ToString();
  EXPECT_EQ(*inserted, 1);
  Result<std::string> read = WithReadTransaction(db(), [](Transaction& tx) -> Result<std::string> {
    LOY_ASSIGN_OR_RETURN(ResultSet rows, tx.Query("SELECT id FROM items"));
    return std::to_string(rows[0].Int(0));
  });
  ASSERT_TRUE(read) << read.error().ToString();
  EXPECT_EQ(*read, "7");
  Result<int64_t> refused = WithTransaction(db(), [](Transaction& tx) -> Result<int64_t> {
    LOY_RETURN_IF_ERROR(tx.Execute("INSERT INTO items (id) VALUES ($1)", {Value(int64_t{8})}));
    return FailedPrecondition("refused");
  });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(CountItems(), 1);
}

LOYAL_INSTANTIATE_BACKEND_TESTS(DatabaseTest);

}  // namespace
}  // namespace loyal::db
