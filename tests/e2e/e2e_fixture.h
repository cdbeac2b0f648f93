// Test support: a fresh store on each backend (SQLite file, PostgreSQL database), an admin
// and a storefront key made with `loyal keys create`, and `loyal serve` on a free port.
// Not thread-safe except server(), admin_key() and storefront_key(), which are read-only.
#pragma once

#include <memory>
#include <string>

#include <gtest/gtest.h>

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
  const std::string& admin_key() const { return admin_key_; }
  const std::string& storefront_key() const { return storefront_key_; }

 private:
  std::unique_ptr<LoyalServer> server_;
  std::string admin_key_;
  std::string storefront_key_;
};

}  // namespace loyal::e2e

#define LOYAL_INSTANTIATE_E2E_TESTS(Suite) LOYAL_INSTANTIATE_BACKEND_TESTS(Suite)
