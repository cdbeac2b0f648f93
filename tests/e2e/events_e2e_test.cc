// POST /v1/customers/{id}/events end to end: the real binary, real sockets, the
// Idempotency-Key pipeline (a replay answers the first response and changes the ledger
// once; the same key with another body is 409) and a cap that holds under concurrent
// requests from many connections.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <thread>
#include <vector>

#include "e2e_fixture.h"

namespace loyal::e2e {
namespace {

namespace json = boost::json;

constexpr char kProgram[] =
    R"({"events":[{"name":"review","points":10,"cap":{"count":3,"per":"day"}},)"
    R"({"name":"newsletter","points":2}]})";

class EventsE2eTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    client_ = std::make_unique<HttpClient>(server().port());
    client_->SetKey(admin_key());
    auto program = client_->Send("PUT", "/v1/program", kProgram);
    ASSERT_TRUE(program.status == 200 || program.status == 201) << program.body;
    auto customer = client_->Post("/v1/customers", R"({"external_id":"ann"})");
    ASSERT_EQ(customer.status, 201) << customer.body;
  }

  HttpResult Event(HttpClient& client, const std::string& body, const std::string& key) {
    return client.Post("/v1/customers/ann/events", body, {{"Idempotency-Key", key}});
  }

  std::unique_ptr<HttpClient> client_;
};

int64_t Available(const HttpResult& r) {
  return json::parse(r.body).at("balances").at("available").as_int64();
}

TEST_P(EventsE2eTest, ReplayWithTheSameKeyEarnsOnceAndAnotherBodyIs409) {
  auto first = Event(*client_, R"({"name":"newsletter","reference":"N-1"})", "k-1");
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(Available(first), 2);
  auto replay = Event(*client_, R"({"name":"newsletter","reference":"N-1"})", "k-1");
  EXPECT_EQ(replay.status, first.status);
  EXPECT_EQ(replay.body, first.body);
  auto other = Event(*client_, R"({"name":"newsletter","reference":"N-2"})", "k-1");
  EXPECT_EQ(other.status, 409) << other.body;
  EXPECT_EQ(json::parse(other.body).at("error").at("code"), "conflict");
  auto next = Event(*client_, R"({"name":"newsletter"})", "k-2");
  ASSERT_EQ(next.status, 201) << next.body;
  EXPECT_EQ(Available(next), 4);  // the replay and the refusal earned nothing

  auto no_key = client_->Post("/v1/customers/ann/events", R"({"name":"newsletter"})");
  EXPECT_EQ(no_key.status, 400);
  auto unknown = Event(*client_, R"({"name":"tweet"})", "k-3");
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(json::parse(unknown.body).at("error").at("field"), "name");
}

TEST_P(EventsE2eTest, CapHoldsUnderConcurrentRequestsForOneCustomer) {
  constexpr int kClients = 8;
  constexpr int kEach = 4;
  std::atomic<int> earned{0};
  std::atomic<int> capped{0};
  std::atomic<int> other{0};
  std::vector<std::thread> threads;
  for (int c = 0; c < kClients; ++c) {
    threads.emplace_back([&, c] {
      HttpClient client(server().port());
      client.SetKey(admin_key());
      for (int i = 0; i < kEach; ++i) {
        auto r = Event(client, R"({"name":"review"})",
                       "c" + std::to_string(c) + "-" + std::to_string(i));
        if (r.status != 201) {
          ++other;
          continue;
        }
        (json::parse(r.body).at("capped").as_bool() ? capped : earned)++;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(earned.load(), 3);
  EXPECT_EQ(capped.load(), kClients * kEach - 3);
  auto after = Event(*client_, R"({"name":"newsletter"})", "last");
  ASSERT_EQ(after.status, 201) << after.body;
  EXPECT_EQ(Available(after), 32);
}

LOYAL_INSTANTIATE_E2E_TESTS(EventsE2eTest);

}  // namespace
}  // namespace loyal::e2e
