#include "analytics/bgnbd.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "analytics/cdnow_test_data.h"
#include "analytics/clv_model.h"
#include "analytics/nbd.h"

namespace loyal::analytics {
namespace {

double Param(const FittedModel& m, const std::string& name) {
  for (const NamedValue& p : m.params) {
    if (p.name == name) return p.value;
  }
  ADD_FAILURE() << "no parameter " << name;
  return 0;
}

// Fader, Hardie & Lee (2005), "Counting your customers the easy way", Marketing Science 24(2),
// section 5: on the CDNOW sample's 39-week calibration, r = 0.2426, alpha = 4.4136, a = 0.7929,
// b = 2.4259, LL = -9582.43, and a customer with x = 2, t_x = 30.43, T = 38.86 expects 1.226
// purchases in the next 39 weeks.
TEST(BgNbdTest, ReproducesFaderHardieLee2005OnCdnow) {
  const RfmTriples triples = testing::CdnowTriples();
  ASSERT_EQ(static_cast<int>(std::lround([&] {
              double w = 0;
              for (double v : triples.weight) w += v;
              return w;
            }())),
            2357);
  auto fit = FitModel(ModelKind::kBgNbd, triples);
  ASSERT_TRUE(fit.has_value()) << fit.error().ToString();
  EXPECT_FALSE(fit->boundary) << fit->message;
  EXPECT_NEAR(Param(*fit, "r"), 0.2426, 0.2426 * 1e-3);
  EXPECT_NEAR(Param(*fit, "alpha"), 4.4136, 4.4136 * 1e-3);
  EXPECT_NEAR(Param(*fit, "a"), 0.7929, 0.7929 * 1e-3);
  EXPECT_NEAR(Param(*fit, "b"), 2.4259, 2.4259 * 1e-3);
  EXPECT_NEAR(fit->log_likelihood, -9582.43, 0.005);
  EXPECT_NEAR(fit->ExpectedPurchases(2, 30.43, 38.86, 39), 1.226, 0.0005);
  ASSERT_EQ(fit->std_errors.size(), 4u);
  for (const NamedValue& se : fit->std_errors) {
    EXPECT_GT(se.value, 0) << se.name;
    EXPECT_LT(se.value, Param(*fit, se.name)) << se.name;  // all four are clearly identified
  }
}

TEST(BgNbdTest, AnalyticGradientMatchesFiniteDifferences) {
  auto data = PrepareTriples(testing::CdnowTriples());
  ASSERT_TRUE(data.has_value());
  const double v[] = {0.3, 5.0, 0.9, 2.1};
  testing::ExpectGradientMatchesFiniteDifferences<BgNbdParams>(*data, v);
}

// Weights are customer counts: the weighted unique triples give the likelihood of the expanded
// data.
TEST(BgNbdTest, WeightedTriplesGiveTheLikelihoodOfEveryCustomer) {
  const testing::CdnowSummary s = testing::LoadCdnowSummary();
  RfmTriples expanded{s.x, s.tx, s.T, std::vector<double>(s.x.size(), 1.0)};
  auto a = PrepareTriples(expanded);
  auto b = PrepareTriples(testing::CdnowTriples());
  ASSERT_TRUE(a.has_value() && b.has_value());
  EXPECT_LT(b->size(), a->size());
  const BgNbdParams p{0.2426, 4.4136, 0.7929, 2.4259};
  EXPECT_NEAR(LogLikelihood(p, *a, {}), LogLikelihood(p, *b, {}), 1e-7);
}

// As b -> infinity the drop-out probability vanishes and BG/NBD becomes the NBD; the likelihood
// must get there smoothly (it is summed as rising factorials, not as differences of lgammas).
TEST(BgNbdTest, LikelihoodTendsToNbdAsBGrows) {
  auto data = PrepareTriples(testing::CdnowTriples());
  ASSERT_TRUE(data.has_value());
  const double nbd = LogLikelihood(NbdParams{0.3, 5.0}, *data, {});
  // CDNOW has customers with ((alpha + T) / (alpha + t_x))^(r + x) ~ e^20, so "infinity" is far.
  const double bg = LogLikelihood(BgNbdParams{0.3, 5.0, 0.8, 1e30}, *data, {});
  EXPECT_NEAR(bg, nbd, 1e-6);
  // CDNOW shows drop-out, so a finite b fits better than the limit.
  EXPECT_GT(LogLikelihood(BgNbdParams{0.3, 5.0, 0.8, 1e3}, *data, {}), nbd + 1);
}

TEST(BgNbdTest, PAliveIsOneWithoutRepeatPurchasesAndFallsWithInactivity) {
  const BgNbdParams p{0.2426, 4.4136, 0.7929, 2.4259};
  EXPECT_EQ(PAlive(p, 0, 0, 38.86), 1.0);
  EXPECT_EQ(PAlive(p, 3, 38.86, 38.86), 1.0 / (1.0 + 0.7929 / (2.4259 + 2)));
  EXPECT_GT(PAlive(p, 3, 30, 38.86), PAlive(p, 3, 10, 38.86));
}

// FHL (2005) eq. (10) has 0/0 at a = 1; the expectation must be continuous through it.
TEST(BgNbdTest, ExpectationIsContinuousThroughAEqualsOne) {
  for (double a : {1.0 - 1e-9, 1.0, 1.0 + 1e-9}) {
    const double below =
        ExpectedPurchasesIfAlive(BgNbdParams{0.5, 4.0, 1.0 - 2e-3, 2.0}, 2, 30, 39);
    const double above =
        ExpectedPurchasesIfAlive(BgNbdParams{0.5, 4.0, 1.0 + 2e-3, 2.0}, 2, 30, 39);
    const double at = ExpectedPurchasesIfAlive(BgNbdParams{0.5, 4.0, a, 2.0}, 2, 30, 39);
    EXPECT_NEAR(at, 0.5 * (below + above), 1e-6 * at);
  }
}

// The weekly path sums one series for all weeks; it must give the week-by-week values, in its fast
// regime (old customers) and where it falls back (new customers, whose z nears 1).
TEST(BgNbdTest, WeeklyExpectationsMatchWeekByWeek) {
  const BgNbdParams bg{0.2426, 4.4136, 0.7929, 2.4259};
  const MbgNbdParams mbg{0.525, 6.183, 0.891, 1.614};
  for (auto [x, T] : {std::pair{2.0, 38.86}, std::pair{0.0, 70.0}, std::pair{0.0, 0.0},
                      std::pair{25.0, 10.0}, std::pair{500.0, 520.0}}) {
    std::vector<double> bg_weeks(52), mbg_weeks(52);
    WeeklyExpectedPurchasesIfAlive(bg, x, T, bg_weeks);
    WeeklyExpectedPurchasesIfAlive(mbg, x, T, mbg_weeks);
    for (int w = 1; w <= 52; ++w) {
      const double expected_bg = ExpectedPurchasesIfAlive(bg, x, T, w);
      const double expected_mbg = ExpectedPurchasesIfAlive(mbg, x, T, w);
      EXPECT_NEAR(bg_weeks[w - 1], expected_bg, 1e-12 * expected_bg) << x << " " << T << " " << w;
      EXPECT_NEAR(mbg_weeks[w - 1], expected_mbg, 1e-12 * expected_mbg)
          << x << " " << T << " " << w;
    }
  }
}

// Hundreds of purchases, x = 0 and t_x = T: finite values, probabilities in [0, 1].
TEST(BgNbdTest, ExtremeHistoriesStayFinite) {
  const BgNbdParams p{0.2426, 4.4136, 0.7929, 2.4259};
  for (auto [x, tx, T] :
       {std::tuple{500.0, 400.0, 520.0}, std::tuple{500.0, 60.0, 520.0}, std::tuple{0.0, 0.0, 0.0},
        std::tuple{0.0, 0.0, 1e4}, std::tuple{7.0, 39.0, 39.0}, std::tuple{2000.0, 1e3, 1e3}}) {
    const double alive = PAlive(p, x, tx, T);
    const double expected = alive * ExpectedPurchasesIfAlive(p, x, T, 52);
    EXPECT_TRUE(alive >= 0 && alive <= 1) << x << " " << tx << " " << T;
    EXPECT_TRUE(std::isfinite(expected) && expected >= 0) << x << " " << tx << " " << T;
  }
  // Recent and very frequent: expects about (r + x) / (alpha + T) purchases a week.
  EXPECT_NEAR(PAlive(p, 500, 520, 520) * ExpectedPurchasesIfAlive(p, 500, 520, 1),
              (0.2426 + 500) / (4.4136 + 520), 0.01);
  EXPECT_LT(PAlive(p, 500, 60, 520), 1e-100);
}

}  // namespace
}  // namespace loyal::analytics
