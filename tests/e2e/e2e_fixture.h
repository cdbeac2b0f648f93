// Test support: a fresh store on each backend (SQLite file, PostgreSQL database), an admin
// and a storefront key made with `loyal keys create`, `loyal serve` on a free port, and what
// the race tests share: customers with points, more servers on one PostgreSQL database, and
// many requests sent at once.
// Not thread-safe except server(), admin_key() and storefront_key(), which are read-only, and
// Race(), whose `send` runs on many threads.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "db/testing/backend_test.h"
#include "http_client.h"
#include "loyal_process.h"

namespace loyal::e2e {

// Runs `loyal keys create --db target --role role` and returns the printed key
// (a test failure and "" if the command fails).
std::string CreateKey(const std::string& target, const std::string& role);

class ServerTest : public db::testing::BackendTest {
 protected:
  void SetUp() override;
  void TearDown() override;

  LoyalServer& server() { return *server_; }

  // Creates customer `id` through the API and credits it `points` available.
  void CustomerWithPoints(HttpClient& admin, const std::string& id, int points);

  // The ports of the servers a race spreads over: server()'s and, on PostgreSQL, two more
  // `loyal serve` processes on the same database (started here, stopped in TearDown), so the
  // race is between processes, not just threads of one.
  std::vector<int> RacePorts();

  // Sends `count` requests at once, request i through its own client (admin key) on
  // ports[i % ports.size()], made by `send(client, i)`; returns the answers in order.
  std::vector<HttpResult> Race(const std::vector<int>& ports, int count,
                               const std::function<HttpResult(HttpClient&, int)>& send);
  const std::string& admin_key() const { return admin_key_; }
  const std::string& storefront_key() const { return storefront_key_; }

 private:
  std::unique_ptr<LoyalServer> server_;
  std::vector<std::unique_ptr<LoyalServer>> more_servers_;
  std::string admin_key_;
  std::string storefront_key_;
};

}  // namespace loyal::e2e

#define LOYAL_INSTANTIATE_E2E_TESTS(Suite) LOYAL_INSTANTIATE_BACKEND_TESTS(Suite)
