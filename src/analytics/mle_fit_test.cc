#include "analytics/mle_fit.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace loyal::analytics {
namespace {

// A log-likelihood whose answer is known: independent normals in the natural parameters, so the
// optimum is (2, 50) and the standard errors are exactly (0.1, 3).
double Quadratic(std::span<const double> v, std::span<double> g) {
  const double z0 = (v[0] - 2) / 0.1, z1 = (v[1] - 50) / 3;
  if (!g.empty()) {
    g[0] = -z0 / 0.1;
    g[1] = -z1 / 3;
  }
  return -0.5 * (z0 * z0 + z1 * z1);
}

TEST(MleFitTest, FindsTheOptimumAndHessianStandardErrors) {
  for (bool analytic : {true, false}) {
    MleProblem problem{{"mu", "sigma"}, {1.0, 1.0}, Quadratic, analytic};
    auto fit = MaximizeLikelihood(problem);
    ASSERT_TRUE(fit.has_value()) << fit.error().ToString();
    EXPECT_NEAR(fit->params[0], 2, 1e-6);
    EXPECT_NEAR(fit->params[1], 50, 1e-4);
    ASSERT_EQ(fit->std_errors.size(), 2u);
    EXPECT_NEAR(fit->std_errors[0], 0.1, 1e-5);
    EXPECT_NEAR(fit->std_errors[1], 3, 1e-3);
    EXPECT_FALSE(fit->at_lower[0] || fit->at_lower[1] || fit->at_upper[0] || fit->at_upper[1]);
  }
}

// A likelihood that keeps rising towards infinity in its second parameter ends at the bound.
TEST(MleFitTest, ReportsParametersPinnedAtTheBound) {
  auto rising = [](std::span<const double> v, std::span<double> g) {
    if (!g.empty()) {
      g[0] = -(v[0] - 1);
      g[1] = 1 / v[1];
    }
    return -0.5 * (v[0] - 1) * (v[0] - 1) + std::log(v[1]);
  };
  auto fit = MaximizeLikelihood(MleProblem{{"a", "b"}, {2.0, 2.0}, rising, true, 1e-6, 1e4});
  ASSERT_TRUE(fit.has_value());
  EXPECT_FALSE(fit->at_upper[0] || fit->at_lower[0] || fit->at_lower[1]);
  EXPECT_TRUE(fit->at_upper[1]);
  EXPECT_NEAR(fit->params[1], 1e4, 1);
}

TEST(MleFitTest, RejectsBadProblems) {
  EXPECT_EQ(MaximizeLikelihood(MleProblem{{"a"}, {2.0, 2.0}, Quadratic, true}).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(MaximizeLikelihood(MleProblem{{"a", "b"}, {-1.0, 2.0}, Quadratic, true}).error().code,
            ErrorCode::kInvalidArgument);
  auto nowhere = [](std::span<const double>, std::span<double>) {
    return -std::numeric_limits<double>::infinity();
  };
  EXPECT_EQ(MaximizeLikelihood(MleProblem{{"a"}, {1.0}, nowhere, false}).error().code,
            ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace loyal::analytics
