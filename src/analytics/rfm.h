// RFM: recency, frequency and monetary scores 1-5 by quintile and the named segments
// built on them (rule table in docs/analytics.md). Scores come from each customer's rank,
// ties broken by customer id, so every bin holds a fifth of the customers (give or take
// one) however many share a value, and the file and the store agree.
// Pure functions; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "analytics/customer_index.h"
#include "analytics/customer_stats.h"
#include "analytics/labels.h"

namespace loyal::analytics {

enum class Segment : uint8_t {
  kChampions,
  kLoyal,
  kPotentialLoyalist,
  kNew,
  kPromising,
  kNeedAttention,
  kAboutToSleep,
  kAtRisk,
  kCantLose,
  kHibernating,
  kLost,
};
inline constexpr int kSegmentCount = 11;

// Every segment's slug and display name, in Segment order: {"champions", "Champions"}, ...,
// {"cant_lose", "Can't Lose"}, {"lost", "Lost"}.
std::span<const Label, kSegmentCount> SegmentLabels();
// The API's name of a segment: "champions", ..., "cant_lose", "lost".
std::string_view SegmentSlug(Segment segment);
// The display name for people: "Champions", ..., "Can't Lose", "Lost".
std::string_view SegmentName(Segment segment);
// Inverse of SegmentSlug; false when `slug` is none of them.
bool ParseSegment(std::string_view slug, Segment& out);

// The segment of scores r and fm, where fm = (f + m + 1) / 2 (each 1..5), from the grid
// documented in docs/analytics.md.
Segment SegmentFor(int r, int fm);

// Scores 1..5 of `n` rows ordered from worst to best: row order[k] gets 1 + 5k / n.
std::vector<uint8_t> QuintileScores(std::span<const uint32_t> order);

struct SegmentTotals {
  Segment segment = Segment::kChampions;
  int64_t customers = 0;
  int64_t revenue_minor = 0;
  double customer_share = 0;  // of all customers
  double revenue_share = 0;   // of all revenue (0 when total revenue is 0)
};

struct RfmReport {
  // Per row of the CustomerStats it was computed from.
  std::vector<uint8_t> r, f, m;
  std::vector<Segment> segment;
  std::array<SegmentTotals, kSegmentCount> segments;  // in Segment order
  int64_t total_revenue_minor = 0;
};

// Scores every customer of `stats` as of its calibration end: recency is the last
// purchase day (later is better), frequency the number of purchase days, monetary the
// revenue. `ids` names stats.customer for tie-breaking.
RfmReport ComputeRfm(const CustomerStats& stats, const CustomerIndex& ids);

}  // namespace loyal::analytics
