#include "http/idempotency.h"

#include <atomic>
#include <thread>
#include <vector>

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
    store_ = std::make_unique<IdempotencyStore>(db(), clock_);
  }
  ErrorCode ReserveError(const IdempotencyKey& key, std::string_view hash) {
    auto reserved = store_->Reserve(key, hash);
    EXPECT_FALSE(reserved.has_value());
    return reserved ? ErrorCode::kInternal : reserved.error().code;
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

TEST_P(IdempotencyTest, FirstReserveWinsAndARepeatWhileRunningIsAConflict) {
  EXPECT_EQ(store_->Reserve(key_, "h1").value(), std::nullopt);
  EXPECT_EQ(ReserveError(key_, "h1"), ErrorCode::kConflict);
  auto running = store_->Reserve(key_, "h1");
  EXPECT_EQ(running.error().message, "a request with Idempotency-Key k-1 is still in progress");
}

TEST_P(IdempotencyTest, CompletedKeyReplaysTheStoredResponse) {
  ASSERT_EQ(store_->Reserve(key_, "h1").value(), std::nullopt);
  ASSERT_TRUE(store_->Complete(key_, Stored(201, R"({"points":50})")).has_value());
  std::optional<Response> replay = store_->Reserve(key_, "h1").value();
  ASSERT_TRUE(replay.has_value());
  EXPECT_EQ(replay->status, 201);
  EXPECT_EQ(replay->body, R"({"points":50})");
  ASSERT_EQ(replay->headers.size(), 1u);
  EXPECT_EQ(replay->headers[0].first, "Idempotent-Replayed");
}

TEST_P(IdempotencyTest, SameKeyWithAnotherRequestIsAConflict) {
  ASSERT_EQ(store_->Reserve(key_, "h1").value(), std::nullopt);
  ASSERT_TRUE(store_->Complete(key_, Stored(200, "{}")).has_value());
  auto other = store_->Reserve(key_, "h2");
  ASSERT_FALSE(other.has_value());
  EXPECT_EQ(other.error().code, ErrorCode::kConflict);
  EXPECT_EQ(other.error().message,
            "Idempotency-Key k-1 was already used with a different request; use a new key");
}

TEST_P(IdempotencyTest, ReleasedKeyCanBeReservedAgain) {
  ASSERT_EQ(store_->Reserve(key_, "h1").value(), std::nullopt);
  ASSERT_TRUE(store_->Release(key_).has_value());
  EXPECT_EQ(store_->Reserve(key_, "h1").value(), std::nullopt);
}

TEST_P(IdempotencyTest, KeysAreScopedByApiKeyAndRoute) {
  ASSERT_EQ(store_->Reserve(key_, "h1").value(), std::nullopt);
  EXPECT_EQ(store_->Reserve({8, key_.scope, key_.key}, "h2").value(), std::nullopt);
  EXPECT_EQ(store_->Reserve({7, "POST /v1/other", key_.key}, "h3").value(), std::nullopt);
  EXPECT_EQ(RowCount(), 3);
}

TEST_P(IdempotencyTest, AnAbandonedReservationStaysBlockedWithAnExplanation) {
  ASSERT_EQ(store_->Reserve(key_, "h1").value(), std::nullopt);
  clock_.Advance(seconds(3600));
  auto stale = store_->Reserve(key_, "h1");
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  EXPECT_EQ(stale.error().message,
            "the earlier request with Idempotency-Key k-1 never finished; check whether it took "
            "effect, then use a new key");
}

TEST_P(IdempotencyTest, PurgeDeletesOnlyKeysOlderThanTheRetention) {
  ASSERT_EQ(store_->Reserve(key_, "h1").value(), std::nullopt);
  ASSERT_TRUE(store_->Complete(key_, Stored(200, "{}")).has_value());
  clock_.Advance(hours(20));
  ASSERT_EQ(store_->Reserve({7, key_.scope, "k-2"}, "h1").value(), std::nullopt);
  clock_.Advance(hours(5));  // k-1 is 25 h old, k-2 5 h
  EXPECT_EQ(store_->Purge().value(), 1);
  EXPECT_EQ(RowCount(), 1);
  // k-1 is gone, so it may be used again.
  EXPECT_EQ(store_->Reserve(key_, "h9").value(), std::nullopt);
}

TEST_P(IdempotencyTest, ConcurrentReservationsOfOneKeyHaveExactlyOneWinner) {
  constexpr int kThreads = 8;
  std::atomic<int> winners{0};
  std::atomic<int> conflicts{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      auto reserved = store_->Reserve(key_, "h1");
      if (reserved && !*reserved) ++winners;
      if (!reserved && reserved.error().code == ErrorCode::kConflict) ++conflicts;
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(winners.load(), 1);
  EXPECT_EQ(conflicts.load(), kThreads - 1);
}

LOYAL_INSTANTIATE_BACKEND_TESTS(IdempotencyTest);

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
