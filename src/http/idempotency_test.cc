#include "http/idempotency.h"

#include <gtest/gtest.h>

#include "db/testing/backend_test.h"

namespace loyal::http {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

const Timestamp kStart{seconds(1'700'000'000)};

Response Stored(int status, std::string body) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

class IdempotencyTest : public db::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    store_ = std::make_unique<IdempotencyStore>(clock_);
  }
  Result<std::optional<Response>> Find(const IdempotencyKey& key, std::string_view hash) {
    Result<std::optional<Response>> found;
    Status read = db::RunInReadTransaction(db(), [&](db::Transaction& tx) -> Status {
      found = store_->Find(tx, key, hash);
      return {};
    });
    EXPECT_TRUE(read) << read.error().ToString();
    return found;
  }
  Status Record(const IdempotencyKey& key, std::string_view hash, const Response& response) {
    return db::RunInTransaction(db(), [&](db::Transaction& tx) {
      return store_->Record(tx, key, hash, response);
    });
  }
  int64_t RowCount() {
    int64_t count = -1;
    EXPECT_TRUE(db::RunInReadTransaction(db(), [&](db::Transaction& tx) -> Status {
      LOY_ASSIGN_OR_RETURN(db::ResultSet rows, tx.Query("SELECT COUNT(*) FROM idempotency_keys"));
      count = rows[0].Int(0);
      return {};
    }));
    return count;
  }

  ManualClock clock_{kStart};
  std::unique_ptr<IdempotencyStore> store_;
  const IdempotencyKey key_{7, "POST /v1/points", "k-1"};
};

TEST_P(IdempotencyTest, UnusedKeyIsFoundEmpty) {
  EXPECT_EQ(Find(key_, "h1").value(), std::nullopt);
}

TEST_P(IdempotencyTest, RecordedKeyReplaysTheStoredResponse) {
  ASSERT_TRUE(Record(key_, "h1", Stored(201, R"({"points":50})")).has_value());
  std::optional<Response> replay = Find(key_, "h1").value();
  ASSERT_TRUE(replay.has_value());
  EXPECT_EQ(replay->status, 201);
  EXPECT_EQ(replay->body, R"({"points":50})");
  ASSERT_EQ(replay->headers.size(), 1u);
  EXPECT_EQ(replay->headers[0].first, "Idempotent-Replayed");
}

TEST_P(IdempotencyTest, SameKeyWithAnotherRequestIsAConflict) {
  ASSERT_TRUE(Record(key_, "h1", Stored(200, "{}")).has_value());
  auto other = Find(key_, "h2");
  ASSERT_FALSE(other.has_value());
  EXPECT_EQ(other.error().code, ErrorCode::kConflict);
  EXPECT_EQ(other.error().message,
            "Idempotency-Key k-1 was already used with a different request; use a new key");
}

TEST_P(IdempotencyTest, RecordingAKeyTwiceIsAlreadyExists) {
  ASSERT_TRUE(Record(key_, "h1", Stored(200, "{}")).has_value());
  Status again = Record(key_, "h1", Stored(200, "{}"));
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
}

TEST_P(IdempotencyTest, ARolledBackRecordLeavesTheKeyUnused) {
  auto tx = db().Begin();
  ASSERT_TRUE(tx);
  ASSERT_TRUE(store_->Record(**tx, key_, "h1", Stored(201, "{}")).has_value());
  ASSERT_TRUE((*tx)->Rollback().has_value());
  EXPECT_EQ(Find(key_, "h1").value(), std::nullopt);
  EXPECT_EQ(RowCount(), 0);
}

TEST_P(IdempotencyTest, KeysAreScopedByApiKeyAndRoute) {
  ASSERT_TRUE(Record(key_, "h1", Stored(200, "{}")).has_value());
  EXPECT_EQ(Find({8, key_.scope, key_.key}, "h2").value(), std::nullopt);
  EXPECT_EQ(Find({7, "POST /v1/other", key_.key}, "h3").value(), std::nullopt);
  ASSERT_TRUE(Record({8, key_.scope, key_.key}, "h2", Stored(200, "{}")).has_value());
  EXPECT_EQ(RowCount(), 2);
}

// One storefront key serves every shopper: the token's subject keeps their keys apart.
TEST_P(IdempotencyTest, KeysOfDifferentCustomerSubjectsNeverMeet) {
  const IdempotencyKey ann{7, key_.scope, key_.key, "ann"};
  ASSERT_TRUE(Record(ann, "h1", Stored(201, "{}")).has_value());
  EXPECT_EQ(Find({7, key_.scope, key_.key, "bob"}, "h2").value(), std::nullopt);
  EXPECT_EQ(Find(key_, "h2").value(), std::nullopt);
  EXPECT_EQ(Find(ann, "h1").value()->status, 201);
  Caller shopper{.role = Role::kStorefront, .api_key_id = 7, .customer = "ann"};
  RouteSpec route;
  route.method = "POST";
  route.pattern = "/v1/customers/{id}/holds";
  EXPECT_EQ(ScopedKey(shopper, route, "k").subject, "ann");
  EXPECT_EQ(ScopedKey({.role = Role::kAdmin, .api_key_id = 7}, route, "k").subject, "");
  InFlightKeys running;
  EXPECT_TRUE(running.TryStart(ann));
  EXPECT_TRUE(running.TryStart({7, key_.scope, key_.key, "bob"}));
  EXPECT_FALSE(running.TryStart(ann));
}

TEST_P(IdempotencyTest, PurgeDeletesOnlyKeysOlderThanTheRetention) {
  ASSERT_TRUE(Record(key_, "h1", Stored(200, "{}")).has_value());
  clock_.Advance(hours(20));
  ASSERT_TRUE(Record({7, key_.scope, "k-2"}, "h1", Stored(200, "{}")).has_value());
  clock_.Advance(hours(5));  // k-1 is 25 h old, k-2 5 h
  int64_t purged = -1;
  ASSERT_TRUE(db::RunInTransaction(db(), [&](db::Transaction& tx) -> Status {
    LOY_ASSIGN_OR_RETURN(purged, store_->Purge(tx));
    return {};
  }));
  EXPECT_EQ(purged, 1);
  EXPECT_EQ(RowCount(), 1);
  // k-1 is gone, so it may be used again.
  EXPECT_EQ(Find(key_, "h9").value(), std::nullopt);
}

TEST_P(IdempotencyTest, APurgeIsDueOnceAnHour) {
  EXPECT_TRUE(store_->PurgeDue());
  EXPECT_FALSE(store_->PurgeDue());
  clock_.Advance(seconds(3599));
  EXPECT_FALSE(store_->PurgeDue());
  clock_.Advance(seconds(1));
  EXPECT_TRUE(store_->PurgeDue());
}

LOYAL_INSTANTIATE_BACKEND_TESTS(IdempotencyTest);

TEST(IdempotencyKeyTest, InFlightKeysRefuseASecondStartUntilFinished) {
  InFlightKeys keys;
  const IdempotencyKey key{7, "POST /v1/points", "k-1"};
  EXPECT_TRUE(keys.TryStart(key));
  EXPECT_FALSE(keys.TryStart(key));
  EXPECT_TRUE(keys.TryStart({8, key.scope, key.key}));
  EXPECT_TRUE(keys.TryStart({7, "POST /v1/other", key.key}));
  keys.Finish(key);
  EXPECT_TRUE(keys.TryStart(key));
}

TEST(IdempotencyKeyTest, ScopedKeyIsTheCallerAndTheRoutePattern) {
  RouteSpec route;
  route.method = "POST";
  route.pattern = "/v1/orders/{id}/returns";
  Caller caller;
  caller.api_key_id = 42;
  const IdempotencyKey key = ScopedKey(caller, route, "retry-1");
  EXPECT_EQ(key.api_key_id, 42);
  EXPECT_EQ(key.scope, "POST /v1/orders/{id}/returns");
  EXPECT_EQ(key.key, "retry-1");
}

TEST(IdempotencyKeyTest, KeysMustBeShortVisibleAscii) {
  EXPECT_TRUE(ValidateIdempotencyKey("order-17_retry.1").has_value());
  EXPECT_TRUE(ValidateIdempotencyKey(std::string(255, 'k')).has_value());
  EXPECT_EQ(ValidateIdempotencyKey("").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(ValidateIdempotencyKey(std::string(256, 'k')).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(ValidateIdempotencyKey("a b").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(ValidateIdempotencyKey("caf\xc3\xa9").error().code, ErrorCode::kInvalidArgument);
}

TEST(IdempotencyKeyTest, FingerprintCoversPathQueryAndBody) {
  Request a;
  a.path = "/v1/orders/A/returns";
  a.body = R"({"x":1})";
  Request b = a;
  EXPECT_EQ(RequestFingerprint(a), RequestFingerprint(b));
  b.path = "/v1/orders/B/returns";
  EXPECT_NE(RequestFingerprint(a), RequestFingerprint(b));
  b = a;
  b.body = R"({"x":2})";
  EXPECT_NE(RequestFingerprint(a), RequestFingerprint(b));
  b = a;
  b.query["dry_run"] = "1";
  EXPECT_NE(RequestFingerprint(a), RequestFingerprint(b));
  b = a;
  b.headers["x-other"] = "ignored";
  EXPECT_EQ(RequestFingerprint(a), RequestFingerprint(b));
}

}  // namespace
}  // namespace loyal::http
