// Test only: what the seeded random simulations of the points (ledger_model_test.cc at the
// ledger, intake/points_simulation_test.cc through order intake) share besides the model of
// ledger_model.h: their size from the environment and how an operation's outcome is checked
// against what the model expected.
//
// Thread-safety: none; one test thread.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <utility>

#include "core/error.h"

namespace loyal::ledger::simulation {

// The integer in environment variable `name`, or `fallback` when it is unset.
inline int64_t EnvOr(const char* name, int64_t fallback) {
  const char* text = std::getenv(name);
  return text ? std::atoll(text) : fallback;
}

// Expects `got` to have succeeded when `ok`, else to have failed with `code`, counting the
// expectation in `tally` (succeeded, refused); returns whether it succeeded.
template <class T>
bool ExpectOutcome(const Result<T>& got, bool ok, ErrorCode code, int step,
                   std::pair<int, int>& tally) {
  (ok ? tally.first : tally.second)++;
  if (ok) {
    EXPECT_TRUE(got) << "step " << step << ": " << got.error().ToString();
    return got.has_value();
  }
  EXPECT_FALSE(got) << "step " << step << ": expected " << ErrorCodeName(code);
  if (!got) {
    EXPECT_EQ(got.error().code, code) << "step " << step << ": " << got.error().ToString();
  }
  return false;
}

// "op ok/refused ..." for each operation in `tally`, for the test's recorded properties.
inline std::string TallySummary(const std::map<std::string, std::pair<int, int>>& tally) {
  std::string summary;
  for (const auto& [op, counts] : tally) {
    summary += op + " " + std::to_string(counts.first) + "/" + std::to_string(counts.second) + " ";
  }
  return summary;
}

}  // namespace loyal::ledger::simulation
