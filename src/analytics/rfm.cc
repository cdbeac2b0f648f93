#include "analytics/rfm.h"

#include "analytics/ranking.h"

namespace loyal::analytics {
namespace {

constexpr std::array<Label, kSegmentCount> kLabels = {{
    {"champions", "Champions"},
    {"loyal", "Loyal"},
    {"potential_loyalist", "Potential Loyalist"},
    {"new", "New"},
    {"promising", "Promising"},
    {"need_attention", "Need Attention"},
    {"about_to_sleep", "About to Sleep"},
    {"at_risk", "At Risk"},
    {"cant_lose", "Can't Lose"},
    {"hibernating", "Hibernating"},
    {"lost", "Lost"},
}};

using S = Segment;
// kGrid[5 - r][fm - 1]: rows are R = 5 (most recent) down to R = 1.
constexpr S kGrid[5][5] = {
    {S::kNew, S::kPotentialLoyalist, S::kPotentialLoyalist, S::kChampions, S::kChampions},
    {S::kPromising, S::kPotentialLoyalist, S::kPotentialLoyalist, S::kLoyal, S::kChampions},
    {S::kAboutToSleep, S::kAboutToSleep, S::kNeedAttention, S::kLoyal, S::kLoyal},
    {S::kHibernating, S::kHibernating, S::kAtRisk, S::kAtRisk, S::kCantLose},
    {S::kLost, S::kLost, S::kAtRisk, S::kCantLose, S::kCantLose},
};

}  // namespace

std::span<const Label, kSegmentCount> SegmentLabels() { return kLabels; }

std::string_view SegmentSlug(Segment segment) { return kLabels[static_cast<size_t>(segment)].slug; }

std::string_view SegmentName(Segment segment) { return kLabels[static_cast<size_t>(segment)].name; }

bool ParseSegment(std::string_view slug, Segment& out) {
  for (size_t i = 0; i < kLabels.size(); ++i) {
    if (kLabels[i].slug == slug) {
      out = static_cast<Segment>(i);
      return true;
    }
  }
  return false;
}

Segment SegmentFor(int r, int fm) { return kGrid[5 - r][fm - 1]; }

std::vector<uint8_t> QuintileScores(std::span<const uint32_t> order) {
  std::vector<uint8_t> score(order.size());
  const uint64_t n = order.size();
  for (uint64_t k = 0; k < n; ++k) score[order[k]] = static_cast<uint8_t>(1 + 5 * k / n);
  return score;
}

RfmReport ComputeRfm(const CustomerStats& stats, const CustomerIndex& ids) {
  const auto id_rank = IdRanks(stats.customer, ids);
  RfmReport report;
  // Worst first: the longest-ago last purchase, the fewest purchase days, the least revenue.
  report.r = QuintileScores(OrderRows<DayNumber>(stats.last_day, id_rank, false));
  report.f = QuintileScores(OrderRows<int32_t>(stats.repeat_days, id_rank, false));
  report.m = QuintileScores(OrderRows<int64_t>(stats.NetRevenuesMinor(), id_rank, false));
  const size_t n = stats.size();
  report.segment.resize(n);
  for (size_t i = 0; i < kSegmentCount; ++i) report.segments[i].segment = static_cast<Segment>(i);
  for (size_t i = 0; i < n; ++i) {
    const Segment s = SegmentFor(report.r[i], (report.f[i] + report.m[i] + 1) / 2);
    report.segment[i] = s;
    auto& totals = report.segments[static_cast<size_t>(s)];
    ++totals.customers;
    totals.revenue_minor += stats.NetRevenueMinor(i);
    report.total_revenue_minor += stats.NetRevenueMinor(i);
  }
  for (auto& totals : report.segments) {
    totals.customer_share = n == 0 ? 0.0 : static_cast<double>(totals.customers) / n;
    totals.revenue_share =
        report.total_revenue_minor == 0
            ? 0.0
            : static_cast<double>(totals.revenue_minor) / report.total_revenue_minor;
  }
  return report;
}

}  // namespace loyal::analytics
