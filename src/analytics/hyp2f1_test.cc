#include "analytics/hyp2f1.h"

#include <gtest/gtest.h>

#include <boost/math/special_functions/hypergeometric_pFq.hpp>
#include <cmath>
#include <initializer_list>

namespace loyal::analytics {
namespace {

double BoostHyp2F1(double a, double b, double c, double z, double* rel_error) {
  double abs_error = 0;
  const double v = boost::math::hypergeometric_pFq({a, b}, {c}, z, &abs_error);
  *rel_error = abs_error / std::abs(v);
  return v;
}

// Compares with Boost wherever Boost vouches for its own value (its error estimate); returns how
// many points were compared.
int CompareWithBoost(double a, double b, double c, std::initializer_list<double> zs) {
  int compared = 0;
  for (double z : zs) {
    double boost_error = 0;
    double expected = 0;
    try {
      expected = BoostHyp2F1(a, b, c, z, &boost_error);
    } catch (const std::exception&) {
      continue;  // Boost cannot evaluate it (overflow); nothing to hold ours to
    }
    if (!std::isfinite(expected) || boost_error > 1e-12) continue;
    // Within ~1% of z = 1 the connection formula cancels for large parameters (and interpolates
    // across integer c - a - b): 1e-8 there, which is far below what the likelihoods notice.
    const double tolerance = z < 0.98 ? 1e-10 : 1e-8;
    EXPECT_NEAR(Hyp2F1(a, b, c, z), expected, tolerance * std::abs(expected))
        << "2F1(" << a << ", " << b << "; " << c << "; " << z << ")";
    ++compared;
  }
  return compared;
}

constexpr std::initializer_list<double> kZ = {-3.0, -0.9, -0.2, 0.05, 0.3,
                                              0.6,  0.74, 0.8,  0.95, 0.99};

TEST(Hyp2F1Test, MatchesBoostPfqOnModerateParameters) {
  int compared = 0;
  for (double a : {0.2426, 1.5, 5.3, 13.7}) {
    for (double b : {0.6061, 3.4, 12.1}) {
      for (double c : {0.8, 2.5, 13.7, 30.3}) compared += CompareWithBoost(a, b, c, kZ);
    }
  }
  EXPECT_GT(compared, 400);  // the grid must exercise the code, not be skipped
}

// The shapes the models evaluate, with x up to 500 repeat purchases:
// BG/NBD and MBG/NBD expectations 2F1(r + x, b + x + k; a + b + x - 1 + k; z), k = 0 or 1, and
// the Pareto/NBD likelihood 2F1(r + s + x, s + 1 or r + x; r + s + x + 1; z), z in [0, 1).
TEST(Hyp2F1Test, MatchesBoostPfqOnModelShapes) {
  int compared = 0;
  for (double r : {0.2426, 0.5533, 2.0}) {
    for (double x : {0.0, 1.0, 7.0, 60.0, 500.0}) {
      for (double a : {0.3, 0.7929, 1.6}) {
        for (double b : {0.5, 2.4259, 30.0}) {
          for (int k : {0, 1}) {
            compared +=
                CompareWithBoost(r + x, b + x + k, a + b + x - 1 + k, {0.05, 0.3, 0.6, 0.8, 0.95});
          }
        }
      }
      for (double s : {0.2, 0.6061, 3.0, 40.0}) {
        compared += CompareWithBoost(r + s + x, s + 1, r + s + x + 1, {0.0, 0.1, 0.5, 0.9, 0.99});
        compared += CompareWithBoost(r + s + x, r + x, r + s + x + 1, {0.1, 0.5, 0.9, 0.99});
      }
    }
  }
  EXPECT_GT(compared, 800);
}

// c - a - b = 0 and -1 are the poles of the connection formula's gamma factors; the interpolation
// across them must still agree with Boost.
TEST(Hyp2F1Test, IntegerCMinusAMinusBNearOne) {
  for (auto [a, b, c] : {std::tuple{0.5, 1.5, 2.0}, std::tuple{1.2, 0.8, 1.0},
                         std::tuple{2.25, 1.75, 3.0}, std::tuple{0.3, 0.7, 1.0 + 1e-7}}) {
    for (double z : {0.8, 0.9, 0.97}) {
      double boost_error = 0;
      const double expected = BoostHyp2F1(a, b, c, z, &boost_error);
      // Interpolated across the pole: O(1e-10) rather than O(1e-14) relative.
      EXPECT_NEAR(Hyp2F1(a, b, c, z), expected, 1e-8 * std::abs(expected))
          << a << " " << b << " " << c << " " << z;
    }
  }
}

TEST(Hyp2F1Test, ElementaryClosedForms) {
  // 2F1(1, 1; 2; z) = -log(1 - z) / z (c - a - b = 0: interpolated near z = 1, hence 1e-9) and
  // 2F1(a, b; b; z) = (1 - z)^-a.
  for (double z : {-5.0, -0.5, 0.1, 0.5, 0.9, 0.999}) {
    EXPECT_NEAR(Hyp2F1(1, 1, 2, z), -std::log1p(-z) / z, 1e-9 * std::abs(std::log1p(-z) / z));
    EXPECT_NEAR(Hyp2F1(0.7, 2.3, 2.3, z), std::pow(1 - z, -0.7), 1e-12 * std::pow(1 - z, -0.7));
  }
}

TEST(Hyp2F1Test, OutsideTheDomainIsNaN) {
  EXPECT_TRUE(std::isnan(Hyp2F1(1, 1, 2, 1.0)));
  EXPECT_TRUE(std::isnan(Hyp2F1(1, 1, -2, 0.5)));
  EXPECT_EQ(Hyp2F1(1, 1, 2, 0), 1);
}

}  // namespace
}  // namespace loyal::analytics
