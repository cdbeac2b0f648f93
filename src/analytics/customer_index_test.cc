#include "analytics/customer_index.h"

#include <string>

#include <gtest/gtest.h>

namespace loyal::analytics {
namespace {

TEST(CustomerIndexTest, InternsIdsDenselyInOrderOfFirstAppearance) {
  CustomerIndex ids;
  EXPECT_EQ(ids.Intern("C-9"), 0u);
  EXPECT_EQ(ids.Intern("C-10"), 1u);
  EXPECT_EQ(ids.Intern("C-9"), 0u);
  EXPECT_EQ(ids.size(), 2u);
  EXPECT_EQ(ids.Id(1), "C-10");
  EXPECT_EQ(ids.Find("C-10"), 1);
  EXPECT_EQ(ids.Find("C-11"), -1);
}

TEST(CustomerIndexTest, KeepsEveryIdWhileGrowing) {
  CustomerIndex ids(4);
  for (int i = 0; i < 50000; ++i) ASSERT_EQ(ids.Intern("customer-" + std::to_string(i)), i);
  for (int i = 0; i < 50000; i += 997) {
    EXPECT_EQ(ids.Find("customer-" + std::to_string(i)), i);
    EXPECT_EQ(ids.Id(i), "customer-" + std::to_string(i));
  }
  // The empty id (here with a null data pointer) is an id like any other.
  EXPECT_EQ(ids.Intern(std::string_view()), 50000u);
  EXPECT_EQ(ids.Find(""), 50000);
}

TEST(CustomerIndexTest, MergeMapsTheOtherIndexIntoThisOne) {
  CustomerIndex a, b;
  a.Intern("x");
  a.Intern("y");
  b.Intern("y");
  b.Intern("z");
  const auto remap = a.Merge(b);
  ASSERT_EQ(remap.size(), 2u);
  EXPECT_EQ(remap[0], 1u);
  EXPECT_EQ(remap[1], 2u);
  EXPECT_EQ(a.Id(2), "z");
}

}  // namespace
}  // namespace loyal::analytics
