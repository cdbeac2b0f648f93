#include "core/error.h"

#include <gtest/gtest.h>

namespace loyal {
namespace {

Result<int> Half(int n) {
  if (n % 2 != 0) return InvalidArgument("odd", "n");
  return n / 2;
}

Result<int> Quarter(int n) {
  LOY_ASSIGN_OR_RETURN(int half, Half(n));
  LOY_ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

Status CheckEven(int n) {
  LOY_RETURN_IF_ERROR(Half(n));
  return {};
}

TEST(ErrorTest, AssignOrReturnPropagatesTheFirstError) {
  EXPECT_EQ(*Quarter(8), 2);
  auto r = Quarter(6);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().field, "n");
}

TEST(ErrorTest, ReturnIfErrorPassesSuccessThrough) {
  EXPECT_TRUE(CheckEven(4));
  EXPECT_EQ(CheckEven(3).error().code, ErrorCode::kInvalidArgument);
}

TEST(ErrorTest, ToStringNamesCodeMessageAndField) {
  Error e{ErrorCode::kFailedPrecondition, "not enough points", "points"};
  EXPECT_EQ(e.ToString(), "failed_precondition: not enough points (points)");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kResourceExhausted), "resource_exhausted");
}

}  // namespace
}  // namespace loyal
