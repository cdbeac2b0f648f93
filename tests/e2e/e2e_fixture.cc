#include "e2e_fixture.h"

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

void ServerTest::TearDown() {
  if (server_) {
    EXPECT_EQ(server_->Stop(), 0) << "loyal serve did not stop cleanly";
  }
  server_.reset();
  BackendTest::TearDown();
}

}  // namespace loyal::e2e
