#include "e2e_fixture.h"

#include <latch>
#include <thread>

namespace loyal::e2e {

std::string CreateKey(const std::string& target, const std::string& role) {
  auto result = RunLoyal({"keys", "create", "--db", target, "--role", role});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  auto end = result.out.find('\n');
  return result.out.substr(0, end);
}

void ServerTest::SetUp() {
  BackendTest::SetUp();
  if (IsSkipped() || HasFailure()) return;
  Close();  // the binary owns the store from here on
  admin_key_ = CreateKey(target(), "admin");
  storefront_key_ = CreateKey(target(), "storefront");
  ASSERT_FALSE(admin_key_.empty());
  server_ = std::make_unique<LoyalServer>(std::vector<std::string>{"--db", target()});
}

void ServerTest::CustomerWithPoints(HttpClient& admin, const std::string& id, int points) {
  auto created = admin.Post("/v1/customers", R"({"external_id":")" + id + R"("})");
  ASSERT_EQ(created.status, 201) << created.body;
  auto credited = admin.Post("/v1/customers/" + id + "/adjustments",
                             R"({"points":)" + std::to_string(points) + R"(,"reason":"e2e"})",
                             {{"Idempotency-Key", "credit-" + id}});
  ASSERT_EQ(credited.status, 201) << credited.body;
}

std::vector<int> ServerTest::RacePorts() {
  std::vector<int> ports = {server().port()};
  if (GetParam() == db::Backend::kPostgres) {
    while (more_servers_.size() < 2) {
      more_servers_.push_back(
          std::make_unique<LoyalServer>(std::vector<std::string>{"--db", target()}));
    }
  }
  for (const auto& more : more_servers_) ports.push_back(more->port());
  return ports;
}

std::vector<HttpResult> ServerTest::Race(const std::vector<int>& ports, int count,
                                         const std::function<HttpResult(HttpClient&, int)>& send) {
  std::vector<HttpResult> results(count);
  std::latch start(count);
  std::vector<std::thread> racers;
  for (int i = 0; i < count; ++i) {
    racers.emplace_back([&, i] {
      HttpClient client(ports[i % ports.size()]);
      client.SetKey(admin_key());
      start.arrive_and_wait();  // connected first, so the requests leave together
      results[i] = send(client, i);
    });
  }
  for (auto& t : racers) t.join();
  return results;
}

void ServerTest::TearDown() {
  for (auto& more : more_servers_) EXPECT_EQ(more->Stop(), 0) << "a race server did not stop";
  more_servers_.clear();
  if (server_) {
    EXPECT_EQ(server_->Stop(), 0) << "loyal serve did not stop cleanly";
  }
  server_.reset();
  BackendTest::TearDown();
}

}  // namespace loyal::e2e
