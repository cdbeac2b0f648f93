#include "core/hashing.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace loyal
