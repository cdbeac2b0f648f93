#include "http/customer_tokens.h"

#include <gtest/gtest.h>

#include "core/hashing.h"

namespace loyal::http {
namespace {

constexpr char kSecret[] = "shop-secret-0123456789";
const Timestamp kNow{std::chrono::seconds(1'700'000'000)};

TEST(CustomerTokensTest, ASignedTokenNamesItsCustomerUntilItExpires) {
  const std::string token = SignCustomerToken(kSecret, "C-1", kNow + std::chrono::hours(1));
  EXPECT_TRUE(token.starts_with("ct1.")) << token;
  EXPECT_EQ(VerifyCustomerToken(kSecret, token, kNow).value(), "C-1");
  EXPECT_EQ(VerifyCustomerToken(kSecret, token, kNow + std::chrono::seconds(3599)).value(), "C-1");
  auto expired = VerifyCustomerToken(kSecret, token, kNow + std::chrono::hours(1));
  ASSERT_FALSE(expired);
  EXPECT_EQ(expired.error().code, ErrorCode::kPermissionDenied);
  EXPECT_NE(expired.error().message.find("expired"), std::string::npos);
}

TEST(CustomerTokensTest, ForgedAlteredAndMalformedTokensArePermissionDenied) {
  const Timestamp later = kNow + std::chrono::hours(1);
  const std::string token = SignCustomerToken(kSecret, "C-1", later);
  // Another customer's id, or a later expiry, under the first token's MAC.
  const std::string other_id = "ct1." + Base64UrlEncode("C-2") + token.substr(token.find('.', 4));
  std::string longer = token;
  longer.replace(longer.find(".17") + 1, 2, "27");
  const std::vector<std::string> bad = {
      SignCustomerToken("another-secret", "C-1", later),
      other_id,
      longer,
      token.substr(0, token.size() - 2),
      token + "A",
      "ct2" + token.substr(3),
      "ct1." + Base64UrlEncode("C-1") + ".99999999999",
      "",
      "ct1...",
      token + ".x",
  };
  for (const std::string& forged : bad) {
    auto refused = VerifyCustomerToken(kSecret, forged, kNow);
    ASSERT_FALSE(refused) << forged;
    EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied) << forged;
    EXPECT_EQ(refused.error().message, "the customer token is not valid") << forged;
  }
}

TEST(CustomerTokensTest, AdminsReachEveryoneAStorefrontOnlyItsTokensCustomer) {
  EXPECT_TRUE(AuthorizeCustomer({.role = Role::kAdmin, .api_key_id = 1}, "C-1"));
  Caller shopper{.role = Role::kStorefront, .api_key_id = 2, .customer = "C-1"};
  EXPECT_TRUE(AuthorizeCustomer(shopper, "C-1"));
  auto other = AuthorizeCustomer(shopper, "C-2");
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kPermissionDenied);
  auto tokenless = AuthorizeCustomer({.role = Role::kStorefront, .api_key_id = 2}, "C-1");
  ASSERT_FALSE(tokenless);
  EXPECT_EQ(tokenless.error().code, ErrorCode::kUnauthenticated);
  auto anonymous = AuthorizeCustomer({}, "C-1");
  ASSERT_FALSE(anonymous);
  EXPECT_EQ(anonymous.error().code, ErrorCode::kPermissionDenied);
}

TEST(CustomerTokensTest, IssueChecksTheTtlAndLoadsTheSecretOnceItSucceeds) {
  ManualClock clock(kNow);
  int loads = 0;
  CustomerTokens tokens(
      [&]() -> Result<std::string> {
        if (++loads == 1) return Unavailable("store down");
        return std::string(kSecret);
      },
      clock);
  auto down = tokens.Issue("C-1", std::chrono::hours(1));
  ASSERT_FALSE(down);
  EXPECT_EQ(down.error().code, ErrorCode::kUnavailable);
  auto issued = tokens.Issue("C-1", std::chrono::hours(1));
  ASSERT_TRUE(issued) << issued.error().ToString();
  EXPECT_EQ(issued->expires_at, kNow + std::chrono::hours(1));
  EXPECT_EQ(VerifyCustomerToken(kSecret, issued->token, kNow).value(), "C-1");
  EXPECT_EQ(tokens.Verify(issued->token).value(), "C-1");
  EXPECT_EQ(loads, 2);
  for (auto ttl : {std::chrono::seconds(59), kMaxTokenTtl + std::chrono::seconds(1)}) {
    auto refused = tokens.Issue("C-1", ttl);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().field, "ttl_seconds");
  }
  clock.Advance(std::chrono::hours(1));
  EXPECT_EQ(tokens.Verify(issued->token).error().code, ErrorCode::kPermissionDenied);
}

}  // namespace
}  // namespace loyal::http
