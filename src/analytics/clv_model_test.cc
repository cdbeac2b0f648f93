#include "analytics/clv_model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "analytics/cdnow_test_data.h"

namespace loyal::analytics {
namespace {

// Customers of a BG/NBD world: Poisson purchasing with gamma(r = 0.8, alpha = 6) rates, and after
// each repeat purchase a drop-out with probability p ~ beta(a, b); `drop_out` false makes it the
// pure NBD world (nobody ever leaves). Observed for 10 to 78 weeks at day resolution.
struct Histories {
  std::vector<double> x, tx, T;
};
Histories DrawCustomers(int n, bool drop_out, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::gamma_distribution<double> rate(0.8, 1.0 / 6.0);
  std::gamma_distribution<double> beta_a(0.8, 1.0), beta_b(2.5, 1.0);
  std::uniform_int_distribution<int> age_days(70, 546);
  std::uniform_real_distribution<double> coin(0, 1);
  Histories h;
  for (int i = 0; i < n; ++i) {
    const double lambda = rate(rng);
    const double ga = beta_a(rng), gb = beta_b(rng);
    const double p = drop_out ? ga / (ga + gb) : 0;
    const double T = age_days(rng) / 7.0;
    std::exponential_distribution<double> gap(lambda);
    double t = 0, last = 0, x = 0;
    while ((t += gap(rng)) <= T) {
      last = std::floor(t * 7) / 7;  // purchase days, as the summary records them
      ++x;
      if (coin(rng) < p) break;
    }
    h.x.push_back(x);
    h.tx.push_back(x > 0 ? last : 0);
    h.T.push_back(T);
  }
  return h;
}

RfmTriples Compressed(const Histories& h) {
  auto c = CompressTriples(h.x, h.tx, h.T);
  EXPECT_TRUE(c.has_value()) << c.error().ToString();
  return c->triples;
}

// Where the data show no drop-out the MLE runs off to the edge (lifetimes stops with a
// ConvergenceError); every model must detect it and hand back the NBD limit, close to the truth.
TEST(ClvModelTest, NoDropOutGivesTheNbdLimitForEveryModel) {
  const RfmTriples triples = Compressed(DrawCustomers(2000, false, 7));
  for (ModelKind kind : {ModelKind::kBgNbd, ModelKind::kMbgNbd, ModelKind::kParetoNbd}) {
    auto fit = FitModel(kind, triples);
    ASSERT_TRUE(fit.has_value()) << fit.error().ToString();
    EXPECT_TRUE(fit->boundary) << ModelKindName(kind);
    EXPECT_NE(fit->message.find("NBD"), std::string::npos) << fit->message;
    ASSERT_EQ(fit->params.size(), 2u);
    EXPECT_EQ(fit->params[0].name, "r");
    EXPECT_EQ(fit->params[1].name, "alpha");
    EXPECT_NEAR(fit->params[0].value, 0.8, 0.08);
    EXPECT_NEAR(fit->params[1].value, 6.0, 0.9);
    EXPECT_EQ(fit->std_errors.size(), 2u);
    EXPECT_TRUE(std::holds_alternative<NbdParams>(fit->model));
    const double r = fit->params[0].value, alpha = fit->params[1].value;
    EXPECT_EQ(fit->PAlive(3, 5, 60), 1.0);
    EXPECT_NEAR(fit->ExpectedPurchases(3, 5, 60, 26), (r + 3) / (alpha + 60) * 26, 1e-12);
  }
}

// With drop-out in the data (a = 0.8, b = 2.5) no model is at a boundary.
TEST(ClvModelTest, DropOutInTheDataIsNotABoundary) {
  const RfmTriples triples = Compressed(DrawCustomers(2000, true, 11));
  for (ModelKind kind : {ModelKind::kBgNbd, ModelKind::kMbgNbd, ModelKind::kParetoNbd}) {
    auto fit = FitModel(kind, triples);
    ASSERT_TRUE(fit.has_value()) << fit.error().ToString();
    EXPECT_FALSE(fit->boundary) << ModelKindName(kind) << ": " << fit->message;
    EXPECT_EQ(fit->params.size(), 4u);
  }
  auto bg = FitModel(ModelKind::kBgNbd, triples);
  EXPECT_NEAR(bg->params[2].value, 0.8, 0.3);
  EXPECT_NEAR(bg->params[3].value, 2.5, 1.0);
}

TEST(ClvModelTest, TooLittleDataIsAFailedPrecondition) {
  // Two unique histories.
  RfmTriples two{{1, 2}, {3, 4}, {10, 10}, {50, 50}};
  EXPECT_EQ(FitModel(ModelKind::kBgNbd, two).error().code, ErrorCode::kFailedPrecondition);
  // Nobody came back.
  RfmTriples none{{0, 0, 0}, {0, 0, 0}, {5, 10, 20}, {3, 4, 5}};
  EXPECT_EQ(FitModel(ModelKind::kParetoNbd, none).error().code, ErrorCode::kFailedPrecondition);
  // Nothing at all.
  EXPECT_EQ(FitModel(ModelKind::kMbgNbd, RfmTriples{}).error().code,
            ErrorCode::kFailedPrecondition);
  // Everyone arrived today.
  RfmTriples fresh{{0, 1, 2}, {0, 0, 0}, {0, 0, 0}, {1, 1, 1}};
  EXPECT_EQ(FitModel(ModelKind::kBgNbd, fresh).error().code, ErrorCode::kFailedPrecondition);
}

TEST(ClvModelTest, MalformedTriplesAreInvalidArguments) {
  RfmTriples late{{1, 2, 3}, {3, 40, 4}, {10, 10, 10}, {1, 1, 1}};  // t_x > T
  auto fit = FitModel(ModelKind::kBgNbd, late);
  EXPECT_EQ(fit.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(fit.error().field, "tx[1]");
  RfmTriples ragged{{1, 2, 3}, {3, 4}, {10, 10, 10}, {1, 1, 1}};
  EXPECT_EQ(FitModel(ModelKind::kBgNbd, ragged).error().code, ErrorCode::kInvalidArgument);
  RfmTriples weightless{{1, 2, 3}, {3, 4, 5}, {10, 10, 10}, {1, 0, 1}};
  EXPECT_EQ(FitModel(ModelKind::kBgNbd, weightless).error().field, "weight[1]");
}

// Customers with hundreds of purchases, x = 0 and t_x = T in the data: the fit and every
// prediction stay finite.
TEST(ClvModelTest, ExtremeCustomersKeepEverythingFinite) {
  const testing::CdnowSummary s = testing::LoadCdnowSummary();
  std::vector<double> x = s.x, tx = s.tx, T = s.T;
  for (auto [xi, txi, Ti] : {std::tuple{500.0, 38.0, 38.86}, std::tuple{450.0, 10.0, 38.86},
                             std::tuple{300.0, 38.86, 38.86}, std::tuple{0.0, 0.0, 38.86}}) {
    x.push_back(xi);
    tx.push_back(txi);
    T.push_back(Ti);
  }
  auto c = CompressTriples(x, tx, T);
  ASSERT_TRUE(c.has_value());
  for (ModelKind kind : {ModelKind::kBgNbd, ModelKind::kMbgNbd, ModelKind::kParetoNbd}) {
    auto fit = FitModel(kind, c->triples);
    ASSERT_TRUE(fit.has_value()) << ModelKindName(kind) << ": " << fit.error().ToString();
    EXPECT_TRUE(std::isfinite(fit->log_likelihood));
    for (std::size_t i = x.size() - 4; i < x.size(); ++i) {
      const double alive = fit->PAlive(x[i], tx[i], T[i]);
      const double expected = fit->ExpectedPurchases(x[i], tx[i], T[i], 52);
      EXPECT_TRUE(alive >= 0 && alive <= 1) << ModelKindName(kind) << " " << x[i];
      EXPECT_TRUE(std::isfinite(expected) && expected >= 0) << ModelKindName(kind) << " " << x[i];
    }
  }
}

// `loyal analyze predict --model bgnbd --params 0.2426,4.4136,0.7929,2.4259 --x 2 --tx 30.43
// --T 38.86 --horizon 39` reproduces FHL (2005)'s 1.226.
TEST(ClvModelTest, PredictFromGivenParameters) {
  const double params[] = {0.2426, 4.4136, 0.7929, 2.4259};
  auto p = Predict(ModelKind::kBgNbd, params, 2, 30.43, 38.86, 39);
  ASSERT_TRUE(p.has_value());
  EXPECT_NEAR(p->expected_purchases, 1.226, 0.0005);
  EXPECT_GT(p->p_alive, 0);
  EXPECT_LT(p->p_alive, 1);
  EXPECT_EQ(Predict(ModelKind::kBgNbd, params, 2, 40, 38.86, 39).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(Predict(ModelKind::kBgNbd, params, 2, 30, 38.86, -1).error().code,
            ErrorCode::kInvalidArgument);
  const double three[] = {0.2, 4, 0.8};
  EXPECT_EQ(Predict(ModelKind::kBgNbd, three, 2, 30, 38.86, 39).error().code,
            ErrorCode::kInvalidArgument);
  const double negative[] = {0.2, 4, -0.8, 2};
  EXPECT_EQ(MakeModelParams(ModelKind::kParetoNbd, negative).error().code,
            ErrorCode::kInvalidArgument);
}

TEST(ClvModelTest, ModelNamesRoundTrip) {
  for (ModelKind kind : {ModelKind::kBgNbd, ModelKind::kMbgNbd, ModelKind::kParetoNbd}) {
    EXPECT_EQ(ParseModelKind(ModelKindName(kind)).value(), kind);
  }
  EXPECT_EQ(ModelKindName(ModelKind::kParetoNbd), "pnbd");
  auto bad = ParseModelKind("bg/nbd");
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().field, "model");
}

}  // namespace
}  // namespace loyal::analytics
