#include "core/hashing.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace loyal {
namespace {

TEST(HashingTest, Sha256HexMatchesTheKnownVectorAndTokensAreRandomBase64Url) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  std::string token = RandomToken(32).value();
  EXPECT_EQ(token.size(), 43u);
  EXPECT_EQ(
      token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos);
  EXPECT_NE(token, RandomToken(32).value());
}

TEST(HashingTest, RandomCodesUseOnlyTheirAlphabetAndEveryCharacterOfIt) {
  const std::string code = RandomCode(4000, "ABC").value();
  EXPECT_EQ(code.size(), 4000u);
  EXPECT_EQ(code.find_first_not_of("ABC"), std::string::npos);
  for (char c : std::string("ABC")) {
    const auto n = std::count(code.begin(), code.end(), c);
    EXPECT_GT(n, 1100) << c;  // about 1,333 each; a skewed draw would starve one
  }
  EXPECT_NE(RandomCode(12, "ABCDEFGH").value(), RandomCode(12, "ABCDEFGH").value());
}

// RFC 4231 test case 2.
TEST(HashingTest, HmacSha256MatchesTheRfcVectorAndComparisonsAreExact) {
  const std::string mac = HmacSha256("Jefe", "what do ya want for nothing?");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char c : mac) hex += std::string{kHex[c >> 4], kHex[c & 0xf]};
  EXPECT_EQ(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_TRUE(ConstantTimeEquals(mac, HmacSha256("Jefe", "what do ya want for nothing?")));
  EXPECT_FALSE(ConstantTimeEquals(mac, HmacSha256("Jeff", "what do ya want for nothing?")));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
}

}  // namespace
}  // namespace loyal
