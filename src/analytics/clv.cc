#include "analytics/clv.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "analytics/triple_table.h"
#include "analytics/two_way_split.h"

namespace loyal::analytics {
namespace {

constexpr int kMaxHorizonWeeks = 5200;  // a century: past this the model says nothing useful
constexpr int kTopFrequency = 7;        // the "7+" bucket
// A (x, T) pair's weekly outlook costs microseconds (a 2F1 series over every week), so even a
// few thousand pairs are worth splitting over two threads.
constexpr std::size_t kOutlookSplitMinimum = 1024;

Status ValidateOptions(const ScoreOptions& options, const GammaGammaParams& spend) {
  if (options.horizon_weeks < 0 || options.horizon_weeks > kMaxHorizonWeeks) {
    return InvalidArgument("horizon must be between 0 and 5200 weeks", "horizon");
  }
  if (!std::isfinite(options.weekly_discount_rate) || options.weekly_discount_rate < 0) {
    return InvalidArgument("discount rate must be a finite number >= 0", "discount_rate");
  }
  if (!(spend.q > 1) || !(spend.p > 0) || !(spend.gamma > 0)) {
    return FailedPrecondition("the spend model has q <= 1: its mean spend is infinite");
  }
  return {};
}

// What an alive customer with history (x, T) is expected to buy: over the whole horizon, and
// week by week discounted (the CLV sum without the spend).
struct AliveOutlook {
  double purchases = 0;
  double discounted_purchases = 0;
};

// The weekly cumulative expectations: in one pass for the BG family, week by week otherwise
// (Pareto/NBD and NBD have closed forms).
void Weekly(const CountModelParams& model, double x, double T, std::span<double> out) {
  if (const auto* bg = std::get_if<BgNbdParams>(&model)) {
    WeeklyExpectedPurchasesIfAlive(*bg, x, T, out);
  } else if (const auto* mbg = std::get_if<MbgNbdParams>(&model)) {
    WeeklyExpectedPurchasesIfAlive(*mbg, x, T, out);
  } else {
    for (std::size_t w = 0; w < out.size(); ++w) {
      out[w] = ExpectedPurchasesIfAlive(model, x, T, w + 1.0);
    }
  }
}

AliveOutlook Outlook(const CountModelParams& model, double x, double T, const ScoreOptions& o,
                     std::vector<double>& weekly) {
  AliveOutlook out;
  weekly.resize(o.horizon_weeks);
  Weekly(model, x, T, weekly);
  const double discount = 1 / (1 + o.weekly_discount_rate);
  double factor = 1, previous = 0;
  for (const double cumulative : weekly) {
    factor *= discount;
    out.discounted_purchases += (cumulative - previous) * factor;
    previous = cumulative;
  }
  out.purchases = previous;
  return out;
}

}  // namespace

Result<CustomerScores> ScoreCustomers(const CountModelParams& model, const GammaGammaParams& spend,
                                      const CompressedTriples& customers,
                                      std::span<const double> monetary_value,
                                      const ScoreOptions& options) {
  LOY_RETURN_IF_ERROR(ValidateOptions(options, spend));
  const std::size_t n = customers.customer_to_triple.size();
  if (monetary_value.size() != n) {
    return InvalidArgument("one monetary value per customer is needed", "monetary_value");
  }
  const RfmTriples& t = customers.triples;
  // P(alive) per unique triple; the weekly outlook per unique (x, T), since it ignores t_x.
  std::vector<double> alive(t.size());
  internal::ForEachPart(t.size(), [&](int, std::size_t begin, std::size_t end) {
    for (std::size_t k = begin; k < end; ++k) alive[k] = PAlive(model, t.x[k], t.tx[k], t.T[k]);
  });
  RfmTriples pairs;  // unique (x, T) in columns x and tx
  internal::TripleTable pair_table;
  std::vector<std::uint32_t> pair_of(t.size());
  for (std::size_t k = 0; k < t.size(); ++k) {
    pair_of[k] = pair_table.Insert(t.x[k], t.T[k], 0.0, pairs);
  }
  std::vector<AliveOutlook> outlook(pairs.size());
  internal::ForEachPart(
      pairs.size(),
      [&](int, std::size_t begin, std::size_t end) {
        std::vector<double> weekly;
        for (std::size_t j = begin; j < end; ++j) {
          outlook[j] = Outlook(model, pairs.x[j], pairs.tx[j], options, weekly);
        }
      },
      kOutlookSplitMinimum);
  CustomerScores out;
  out.p_alive.resize(n);
  out.expected_purchases.resize(n);
  out.expected_spend.resize(n);
  out.clv.resize(n);
  std::size_t first_bad[2] = {n, n};  // per part: the first customer with a bad monetary value
  internal::ForEachPart(n, [&](int part, std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      const std::uint32_t k = customers.customer_to_triple[i];
      const double m = monetary_value[i];
      if (!std::isfinite(m) || m < 0) {
        first_bad[part] = i;
        return;
      }
      const AliveOutlook& o = outlook[pair_of[k]];
      out.p_alive[i] = alive[k];
      out.expected_purchases[i] = alive[k] * o.purchases;
      out.expected_spend[i] = ExpectedSpend(spend, t.x[k], t.x[k] > 0 ? m : 0);
      out.clv[i] = alive[k] * o.discounted_purchases * out.expected_spend[i];
    }
  });
  if (const std::size_t bad = std::min(first_bad[0], first_bad[1]); bad < n) {
    return InvalidArgument("monetary value must be a finite amount >= 0",
                           "monetary_value[" + std::to_string(bad) + "]");
  }
  return out;
}

Result<HoldoutReport> ValidateHoldout(const CountModelParams& model, std::span<const double> x,
                                      std::span<const double> tx, std::span<const double> T,
                                      std::span<const double> holdout_actual,
                                      double holdout_weeks) {
  if (holdout_actual.size() != x.size()) {
    return InvalidArgument("one holdout count per customer is needed", "holdout_actual");
  }
  if (!std::isfinite(holdout_weeks) || holdout_weeks < 0) {
    return InvalidArgument("holdout length must be a finite number of weeks >= 0", "weeks");
  }
  LOY_ASSIGN_OR_RETURN(const CompressedTriples customers, CompressTriples(x, tx, T));
  const RfmTriples& t = customers.triples;
  std::vector<double> per_triple(t.size());
  for (std::size_t k = 0; k < t.size(); ++k) {
    per_triple[k] = ExpectedPurchases(model, t.x[k], t.tx[k], t.T[k], holdout_weeks);
  }
  HoldoutReport out;
  out.weeks = holdout_weeks;
  out.by_frequency.resize(kTopFrequency + 1);
  for (int f = 0; f <= kTopFrequency; ++f) out.by_frequency[f].frequency = f;
  out.predicted_per_customer.resize(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double actual = holdout_actual[i];
    if (!std::isfinite(actual) || actual < 0) {
      return InvalidArgument("holdout purchases must be a count >= 0",
                             "holdout_actual[" + std::to_string(i) + "]");
    }
    const double predicted = per_triple[customers.customer_to_triple[i]];
    out.predicted_per_customer[i] = predicted;
    FrequencyBucket& bucket =
        out.by_frequency[static_cast<std::size_t>(std::min<double>(x[i], kTopFrequency))];
    bucket.customers += 1;
    bucket.actual += actual;
    bucket.predicted += predicted;
    out.actual += actual;
    out.predicted += predicted;
  }
  return out;
}

}  // namespace loyal::analytics
