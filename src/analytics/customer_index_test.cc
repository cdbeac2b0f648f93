#include "analytics/customer_index.h"

#include <string>
#include <string_view>
#include <vector>

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

TEST(CustomerIndexTest, ShortIdsDifferingInAnyOneByteStayApart) {
  // Ids of up to 8 bytes are told apart by their first 8 bytes alone: every byte position
  // of every length must reach that word.
  CustomerIndex ids;
  std::vector<std::string> all;
  for (size_t length = 1; length <= 12; ++length) {
    const std::string base(length, 'a');
    all.push_back(base);
    for (size_t at = 0; at < length; ++at) {
      std::string changed = base;
      changed[at] = 'b';
      all.push_back(changed);
    }
  }
  for (size_t i = 0; i < all.size(); ++i) ASSERT_EQ(ids.Intern(all[i]), i) << all[i];
  for (size_t i = 0; i < all.size(); ++i) EXPECT_EQ(ids.Find(all[i]), static_cast<int64_t>(i));
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

TEST(CustomerIndexTest, InternBatchGivesTheIndicesOfInternOneByOne) {
  // 1000 ids with repeats (each id i appears again at 3i), across batch boundaries and
  // through several Grow()s of a small table; ids longer than 8 bytes too.
  std::vector<std::string> names;
  for (int i = 0; i < 1000; ++i) {
    names.push_back((i % 2 ? "long-customer-" : "c") + std::to_string(i));
    if (i % 3 == 0) names.push_back(names[i / 3 + i / 6]);
  }
  std::vector<std::string_view> views(names.begin(), names.end());
  CustomerIndex one_by_one(4), batched(4);
  std::vector<uint32_t> got(views.size());
  batched.InternBatch(views, got);
  for (size_t i = 0; i < views.size(); ++i) ASSERT_EQ(got[i], one_by_one.Intern(views[i])) << i;
  ASSERT_EQ(batched.size(), one_by_one.size());
  EXPECT_EQ(batched.size(), 1000u);
  for (uint32_t i = 0; i < batched.size(); ++i) EXPECT_EQ(batched.Id(i), one_by_one.Id(i));
  EXPECT_EQ(batched.Find("long-customer-999"), one_by_one.Find("long-customer-999"));
}

}  // namespace
}  // namespace loyal::analytics
