#include "analytics/rfm.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

#include "analytics/test_rows.h"

namespace loyal::analytics {
namespace {

using testing::MakeData;
using testing::Summarize;
using testing::TestRow;

TEST(RfmTest, IdenticalCustomersStillFillEveryQuintileEqually) {
  std::vector<TestRow> rows;
  for (int i = 0; i < 10; ++i) rows.push_back({"c" + std::to_string(i), "2024-01-01", 500});
  const auto data = MakeData(rows);
  const auto report = ComputeRfm(Summarize(data, "2024-01-31"), data.ids);
  std::array<int, 6> per_score{};
  for (uint8_t r : report.r) ++per_score[r];
  EXPECT_EQ(per_score, (std::array<int, 6>{0, 2, 2, 2, 2, 2}));
  // Ties go by customer id: c0 and c1 score lowest, c8 and c9 highest.
  EXPECT_EQ(report.m[data.ids.Find("c0")], 1);
  EXPECT_EQ(report.m[data.ids.Find("c1")], 1);
  EXPECT_EQ(report.m[data.ids.Find("c9")], 5);
}

TEST(RfmTest, MostRecentBuyerGetsRecencyFiveAndBiggestSpenderMonetaryFive) {
  const auto data = MakeData({{"old", "2024-01-01", 100},
                              {"mid1", "2024-01-10", 100},
                              {"mid2", "2024-01-12", 100},
                              {"mid3", "2024-01-14", 100},
                              {"new", "2024-01-30", 100},
                              {"old", "2024-01-02", 9000}});
  const auto stats = Summarize(data, "2024-01-31");
  const auto report = ComputeRfm(stats, data.ids);
  for (size_t i = 0; i < stats.size(); ++i) {
    const auto id = data.ids.Id(stats.customer[i]);
    if (id == "new") {
      EXPECT_EQ(report.r[i], 5);
    }
    if (id == "old") {
      EXPECT_EQ(report.r[i], 1);
      EXPECT_EQ(report.f[i], 5);
      EXPECT_EQ(report.m[i], 5);
      EXPECT_EQ(report.segment[i], Segment::kCantLose);
    }
  }
}

TEST(RfmTest, SegmentGridFollowsTheDocumentedRules) {
  EXPECT_EQ(SegmentFor(5, 5), Segment::kChampions);
  EXPECT_EQ(SegmentFor(4, 5), Segment::kChampions);
  EXPECT_EQ(SegmentFor(4, 4), Segment::kLoyal);
  EXPECT_EQ(SegmentFor(3, 5), Segment::kLoyal);
  EXPECT_EQ(SegmentFor(5, 2), Segment::kPotentialLoyalist);
  EXPECT_EQ(SegmentFor(5, 1), Segment::kNew);
  EXPECT_EQ(SegmentFor(4, 1), Segment::kPromising);
  EXPECT_EQ(SegmentFor(3, 3), Segment::kNeedAttention);
  EXPECT_EQ(SegmentFor(3, 1), Segment::kAboutToSleep);
  EXPECT_EQ(SegmentFor(2, 3), Segment::kAtRisk);
  EXPECT_EQ(SegmentFor(1, 4), Segment::kCantLose);
  EXPECT_EQ(SegmentFor(2, 2), Segment::kHibernating);
  EXPECT_EQ(SegmentFor(1, 1), Segment::kLost);
  std::set<Segment> reached;
  for (int r = 1; r <= 5; ++r) {
    for (int fm = 1; fm <= 5; ++fm) reached.insert(SegmentFor(r, fm));
  }
  EXPECT_EQ(reached.size(), static_cast<size_t>(kSegmentCount));
}

TEST(RfmTest, SegmentTotalsAddUpToAllCustomersAndRevenue) {
  std::vector<TestRow> rows;
  for (int i = 0; i < 37; ++i) {
    const std::string id = "c" + std::to_string(i);
    rows.push_back({id, "2024-01-0" + std::to_string(1 + i % 9), 100 + i});
    if (i % 3 == 0) rows.push_back({id, "2024-02-1" + std::to_string(i % 10), 50});
  }
  const auto data = MakeData(rows);
  const auto report = ComputeRfm(Summarize(data, "2024-02-29"), data.ids);
  int64_t customers = 0, revenue = 0;
  double share = 0;
  for (const auto& s : report.segments) {
    customers += s.customers;
    revenue += s.revenue_minor;
    share += s.revenue_share;
  }
  EXPECT_EQ(customers, 37);
  EXPECT_EQ(revenue, report.total_revenue_minor);
  EXPECT_EQ(revenue, 37 * 100 + 36 * 37 / 2 + 13 * 50);
  EXPECT_NEAR(share, 1.0, 1e-12);
}

TEST(RfmTest, SegmentSlugsRoundTripAndDisplayNamesComeFromTheSameTable) {
  Segment s;
  ASSERT_TRUE(ParseSegment("cant_lose", s));
  EXPECT_EQ(s, Segment::kCantLose);
  EXPECT_EQ(SegmentName(Segment::kCantLose), "Can't Lose");
  EXPECT_EQ(SegmentSlug(Segment::kPotentialLoyalist), "potential_loyalist");
  EXPECT_EQ(SegmentName(Segment::kPotentialLoyalist), "Potential Loyalist");
  EXPECT_FALSE(ParseSegment("Can't Lose", s));  // display names are not slugs
  EXPECT_FALSE(ParseSegment("VIP", s));
  for (int i = 0; i < kSegmentCount; ++i) {
    const auto segment = static_cast<Segment>(i);
    ASSERT_TRUE(ParseSegment(SegmentSlug(segment), s));
    EXPECT_EQ(s, segment);
    EXPECT_EQ(SegmentLabels()[static_cast<size_t>(i)].name, SegmentName(segment));
  }
}

}  // namespace
}  // namespace loyal::analytics
