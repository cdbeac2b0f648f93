#include "core/text_rules.h"

#include <gtest/gtest.h>

namespace loyal {
namespace {

// The message of CheckText's error, or "" when it passes; the code and field are asserted.
std::string Refusal(std::string_view text, const TextRule& rule) {
  Status s = CheckText(text, rule, "f");
  if (s) return "";
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.error().field, "f");
  return s.error().message;
}

TEST(TextRulesTest, Utf8ValidityRefusesMalformedSequences) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("\xff"));
  EXPECT_FALSE(IsValidUtf8("\xc3"));              // cut short
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // a surrogate
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(IsValidUtf8("ab\x80"));            // a lone continuation byte
}

TEST(TextRulesTest, EachRuleRefusesWhatItsTableSays) {
  EXPECT_EQ(Refusal("C-17_x.y/2024#1", rules::kExternalId), "");
  EXPECT_EQ(Refusal("tab\t", rules::kExternalId), "must be printable ASCII without spaces");
  // Length limits, in bytes.
  EXPECT_EQ(Refusal(std::string(128, 'a'), rules::kExternalId), "");
  EXPECT_EQ(Refusal(std::string(129, 'a'), rules::kExternalId), "must be at most 128 bytes");
  EXPECT_EQ(Refusal(std::string(200, 'n'), rules::kCustomerName), "");
  EXPECT_EQ(Refusal(std::string(201, 'n'), rules::kCustomerName), "must be at most 200 bytes");
  EXPECT_EQ(Refusal(std::string(501, 't'), rules::kProductTitle), "must be at most 500 bytes");
  EXPECT_EQ(Refusal(std::string(10'001, 'd'), rules::kProductDescription),
            "must be at most 10000 bytes");
  EXPECT_EQ(Refusal(std::string(201, 'c'), rules::kProductCategory), "must be at most 200 bytes");
  EXPECT_EQ(Refusal(std::string(129, 's'), rules::kSku), "must be at most 128 bytes");
  // Required or not.
  EXPECT_EQ(Refusal("", rules::kSku), "must not be empty");
  EXPECT_EQ(Refusal("", rules::kCustomerName), "");
  // Characters.
  EXPECT_EQ(Refusal("MUG\xff", rules::kSku), "must be valid UTF-8");
  EXPECT_EQ(Refusal("Ren\xc3\xa9\xff", rules::kCustomerName), "must be valid UTF-8");
  EXPECT_EQ(Refusal("MUG\x01", rules::kSku), "must not contain control characters");
  EXPECT_EQ(Refusal("Mug\xc2\x85", rules::kProductTitle), "must not contain control characters");
  EXPECT_EQ(Refusal("Mug\nBlue", rules::kProductTitle), "must not contain control characters");
  EXPECT_EQ(Refusal("Mug\nBlue\tbig", rules::kProductDescription), "");
  EXPECT_EQ(Refusal("Mug\x07", rules::kProductDescription), "must not contain control characters");
  EXPECT_EQ(Refusal("RED MUG", rules::kSku), "");
  EXPECT_EQ(Refusal(" MUG", rules::kSku), "must not start or end with a space");
  EXPECT_EQ(Refusal("c 1", rules::kExternalId), "must be printable ASCII without spaces");
  EXPECT_EQ(Refusal("c\xc3\xa9", rules::kExternalId), "must be printable ASCII without spaces");
  EXPECT_EQ(Refusal("Ren\xc3\xa9 Z\xc3\xbcrcher", rules::kCustomerName), "");
}

TEST(TextRulesTest, EmailsAreTrimmedLowerCasedAndShapedLikeAddresses) {
  EXPECT_EQ(*NormalizeEmail("  Ann@Example.COM ", "email"), "ann@example.com");
  EXPECT_TRUE(NormalizeEmail("j\xc3\xbcrgen@example.de", "email"));
  for (std::string_view bad : {"", "ann", "@x.io", "ann@", "a@b@c", "a b@x.io", "a@x.io\xff"}) {
    auto e = NormalizeEmail(bad, "customer.email");
    ASSERT_FALSE(e) << bad;
    EXPECT_EQ(e.error().code, ErrorCode::kInvalidArgument) << bad;
    EXPECT_EQ(e.error().field, "customer.email") << bad;
  }
  EXPECT_EQ(NormalizeEmail(std::string(250, 'a') + "@x.io", "email").error().message,
            "must be at most 254 bytes");
}

TEST(TextRulesTest, CountryCodesAreTwoLettersUpperCased) {
  EXPECT_EQ(*NormalizeCountryCode(" gb ", "country"), "GB");
  for (std::string_view bad : {"G", "GBR", "G1", "\xc3\xa9\xc3\xa9"}) {
    auto c = NormalizeCountryCode(bad, "country");
    ASSERT_FALSE(c) << bad;
    EXPECT_EQ(c.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(c.error().field, "country");
  }
}

TEST(TextRulesTest, EscapeForMessageKeepsUtf8AndEscapesTheRest) {
  EXPECT_EQ(EscapeForMessage("caf\xc3\xa9"), "caf\xc3\xa9");
  EXPECT_EQ(EscapeForMessage("a\xff\x1b[2Jb\\"), "a\\xff\\x1b[2Jb\\x5c");
  EXPECT_EQ(EscapeForMessage(std::string(100, 'x'), 10), std::string(10, 'x') + "...");
  EXPECT_TRUE(IsValidUtf8(EscapeForMessage("\xc3\xa9\xc3\xa9", 3)));
}

}  // namespace
}  // namespace loyal
