// CLV model kernels on a synthetic million-customer shop: compressing histories to unique
// (x, t_x, T) triples, fitting BG/NBD, MBG/NBD, Pareto/NBD and Gamma-Gamma, and scoring every
// customer (P(alive), expected purchases, expected spend, 52-week discounted CLV).
// Figures: bench/README.md.
#include <benchmark/benchmark.h>

#include <boost/math/special_functions/hypergeometric_pFq.hpp>
#include <cmath>
#include <random>
#include <vector>

#include "analytics/clv.h"
#include "analytics/clv_model.h"
#include "analytics/gamma_gamma.h"
#include "analytics/hyp2f1.h"
#include "analytics/rfm_triples.h"

namespace loyal::analytics {
namespace {

// A BG/NBD world with CDNOW-like parameters (r = 0.5, alpha = 6, a = 0.8, b = 2.5) and Gamma-Gamma
// spend (p = 6, q = 3.7, gamma = 15): first purchases spread over 78 weeks, purchase days recorded
// at day resolution, ~2.5 purchases per customer like the `loyal demo` data.
struct Shop {
  std::vector<double> x, tx, T, m;
};

Shop MakeShop(int customers) {
  std::mt19937_64 rng(20260101);
  std::gamma_distribution<double> rate(0.5, 1 / 6.0), ga(0.8, 1.0), gb(2.5, 1.0);
  std::gamma_distribution<double> nu(3.7, 1 / 15.0);
  std::uniform_int_distribution<int> age_days(0, 546);
  std::uniform_real_distribution<double> coin(0, 1);
  Shop shop;
  for (int i = 0; i < customers; ++i) {
    const double lambda = rate(rng), a = ga(rng), b = gb(rng), p = a / (a + b);
    const double T = age_days(rng) / 7.0;
    std::exponential_distribution<double> gap(lambda);
    double t = 0, last = 0, x = 0;
    while ((t += gap(rng)) <= T) {
      const double day = std::floor(t * 7) / 7;
      if (day > last || x == 0) ++x;  // same-day purchases are one purchase day
      last = day;
      if (coin(rng) < p) break;
    }
    double m = 0;
    if (x > 0) {
      std::gamma_distribution<double> total(6 * x, 1 / nu(rng));
      m = std::round(100 * total(rng) / x) / 100;
    }
    shop.x.push_back(x);
    shop.tx.push_back(x > 0 ? last : 0);
    shop.T.push_back(T);
    shop.m.push_back(m);
  }
  return shop;
}

const Shop& MillionCustomers() {
  static const Shop shop = MakeShop(1'000'000);
  return shop;
}

const CompressedTriples& Compressed() {
  static const CompressedTriples c =
      *CompressTriples(MillionCustomers().x, MillionCustomers().tx, MillionCustomers().T);
  return c;
}

void BM_CompressTriples(benchmark::State& state) {
  const Shop& shop = MillionCustomers();
  for (auto _ : state) benchmark::DoNotOptimize(CompressTriples(shop.x, shop.tx, shop.T));
  state.counters["customers"] = static_cast<double>(shop.x.size());
  state.counters["unique_triples"] = static_cast<double>(Compressed().triples.size());
}
BENCHMARK(BM_CompressTriples)->Unit(benchmark::kMillisecond);

void BM_FitModel(benchmark::State& state) {
  const auto kind = static_cast<ModelKind>(state.range(0));
  const RfmTriples& triples = Compressed().triples;
  for (auto _ : state) {
    auto fit = FitModel(kind, triples);
    if (!fit) state.SkipWithError(fit.error().ToString().c_str());
    benchmark::DoNotOptimize(fit);
  }
  state.SetLabel(std::string(ModelKindName(kind)));
  state.counters["unique_triples"] = static_cast<double>(triples.size());
}
BENCHMARK(BM_FitModel)
    ->Arg(static_cast<int>(ModelKind::kBgNbd))
    ->Arg(static_cast<int>(ModelKind::kMbgNbd))
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FitModel)
    ->Arg(static_cast<int>(ModelKind::kParetoNbd))
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

void BM_FitGammaGamma(benchmark::State& state) {
  const Shop& shop = MillionCustomers();
  for (auto _ : state) benchmark::DoNotOptimize(FitGammaGamma(shop.x, shop.m));
}
BENCHMARK(BM_FitGammaGamma)->Unit(benchmark::kMillisecond);

void BM_ScoreCustomers(benchmark::State& state) {
  const Shop& shop = MillionCustomers();
  static const FittedModel model = *FitModel(ModelKind::kBgNbd, Compressed().triples);
  const GammaGammaParams spend{6, 3.7, 15};
  for (auto _ : state) {
    const ScoreOptions options{static_cast<int>(state.range(0)), 0.002};
    benchmark::DoNotOptimize(ScoreCustomers(model.model, spend, Compressed(), shop.m, options));
  }
  state.counters["unique_triples"] = static_cast<double>(Compressed().triples.size());
}
BENCHMARK(BM_ScoreCustomers)->Arg(52)->Unit(benchmark::kMillisecond);

// The whole fit-and-score share of `loyal analyze clv` on a million customers.
void BM_CompressFitAndScore(benchmark::State& state) {
  const Shop& shop = MillionCustomers();
  for (auto _ : state) {
    auto customers = CompressTriples(shop.x, shop.tx, shop.T);
    auto model = FitModel(ModelKind::kBgNbd, customers->triples);
    auto spend = FitGammaGamma(shop.x, shop.m);
    benchmark::DoNotOptimize(
        ScoreCustomers(model->model, spend->params, *customers, shop.m, {52, 0.002}));
  }
}
BENCHMARK(BM_CompressFitAndScore)->Unit(benchmark::kMillisecond);
// The kernels split their big loops over two threads: the CPU column above is the calling
// thread's (on an idle machine about the wall time), this one the whole process's (the work).
BENCHMARK(BM_CompressFitAndScore)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();

void BM_Hyp2F1(benchmark::State& state) {
  double z = 0.05;
  for (auto _ : state) {
    benchmark::DoNotOptimize(Hyp2F1(2.2426, 4.4259, 5.2188, z));
    z = z < 0.9 ? z + 0.01 : 0.05;
  }
}
BENCHMARK(BM_Hyp2F1);

void BM_BoostHypergeometricPfq(benchmark::State& state) {
  double z = 0.05;
  for (auto _ : state) {
    benchmark::DoNotOptimize(boost::math::hypergeometric_pFq({2.2426, 4.4259}, {5.2188}, z));
    z = z < 0.9 ? z + 0.01 : 0.05;
  }
}
BENCHMARK(BM_BoostHypergeometricPfq);

}  // namespace
}  // namespace loyal::analytics
