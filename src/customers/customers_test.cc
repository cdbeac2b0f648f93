#include "customers/customers.h"

#include "core/text_rules.h"

#include <gtest/gtest.h>

namespace loyal::customers {
namespace {

CustomerInput Input(std::optional<std::string> email, std::optional<std::string> name = {},
                    std::optional<std::string> country = {}) {
  CustomerInput in;
  in.external_id = "C-1";
  in.email = std::move(email);
  in.name = std::move(name);
  in.country = std::move(country);
  return in;
}

TEST(CustomersTest, NormalizeLowercasesEmailAndUppercasesCountry) {
  CustomerInput in = Input("  Ann@Example.COM ", {}, "gb");
  ASSERT_TRUE(NormalizeCustomerInput(in));
  EXPECT_EQ(in.email, "ann@example.com");
  EXPECT_EQ(in.country, "GB");
}

TEST(CustomersTest, BlankOptionalTextCountsAsAbsent) {
  CustomerInput in = Input("  ", "");
  ASSERT_TRUE(NormalizeCustomerInput(in));
  EXPECT_FALSE(in.email.has_value());
  EXPECT_FALSE(in.name.has_value());
}

TEST(CustomersTest, BadEmailNamesTheField) {
  for (const char* email : {"no-at-sign", "@example.com", "ann@", "a b@example.com", "a@b@c"}) {
    CustomerInput in = Input(email);
    auto status = NormalizeCustomerInput(in);
    ASSERT_FALSE(status) << email;
    EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(status.error().field, "email");
  }
}

TEST(CustomersTest, CountryMustBeTwoLetters) {
  CustomerInput in = Input({}, {}, "GBR");
  auto status = NormalizeCustomerInput(in);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().field, "country");
}

TEST(CustomersTest, NameObeysTheNameRuleAfterTrimming) {
  CustomerInput fits = Input({}, "  " + std::string(200, 'n') + "  ");
  ASSERT_TRUE(NormalizeCustomerInput(fits));
  EXPECT_EQ(fits.name, std::string(200, 'n'));
  CustomerInput bad = Input({}, "Ann\xff");
  auto status = NormalizeCustomerInput(bad);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.error().field, "name");
}

TEST(CustomersTest, KindRoundTripsThroughItsName) {
  for (CustomerKind kind :
       {CustomerKind::kCustomer, CustomerKind::kGuest, CustomerKind::kProspect}) {
    EXPECT_EQ(ParseKind(KindName(kind)), kind);
  }
  auto bad = ParseKind("vip");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().field, "kind");
}

TEST(CustomersTest, GuestIdsDeriveFromTheOrderOrReturnAlone) {
  // SHA-256("order:A-1") and SHA-256("return:R-1"), first 24 hex digits: the values
  // migration 0010 computes in SQL on both backends.
  EXPECT_EQ(GuestIdForOrder("A-1"), "guest_b519e671f195f6fc088530ec");
  EXPECT_EQ(GuestIdForReturn("R-1"), "guest_1c1fe5223e5de04d267f8eb1");
  EXPECT_NE(GuestIdForOrder("R-1"), GuestIdForReturn("R-1"));
  EXPECT_TRUE(IsGuestId(GuestIdForOrder("A-1")));
  EXPECT_FALSE(IsGuestId("C-1"));
  EXPECT_TRUE(CheckText(GuestIdForOrder("A-1"), rules::kExternalId, "id"));
}

}  // namespace
}  // namespace loyal::customers
