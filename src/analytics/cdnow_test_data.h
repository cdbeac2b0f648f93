// Test-only readers for the CDNOW reference data in testdata/ (Fader & Hardie's 1/10 sample
// of 2,357 customers), so the CLV model tests can reproduce published estimates. Deliberately
// minimal: the production reader and summary kernel live elsewhere in analytics/ and importer/.
#pragma once

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "analytics/rfm_triples.h"

namespace loyal::analytics::testing {

// Per-customer calibration summary: x (repeat purchases), t_x and T in weeks.
struct CdnowSummary {
  std::vector<double> x, tx, T;
};

// cdnow_customers_summary.csv: ID,frequency,recency,T (39-week calibration, times in weeks).
inline CdnowSummary LoadCdnowSummary() {
  CdnowSummary out;
  const std::string path = std::string(LOYAL_TEST_DATA) + "/cdnow_customers_summary.csv";
  std::ifstream in(path);
  // An unreadable file would otherwise fit the models to no customers and fail far from here.
  EXPECT_TRUE(in) << "cannot open " << path;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::replace(line.begin(), line.end(), ',', ' ');
    std::istringstream fields(line);
    double id = 0, x = 0, tx = 0, T = 0;
    if (fields >> id >> x >> tx >> T) {
      out.x.push_back(x);
      out.tx.push_back(tx);
      out.T.push_back(T);
    }
  }
  return out;
}

// The summary compressed to weighted unique (x, t_x, T) triples, as the model fitters take it.
inline RfmTriples CdnowTriples() {
  const CdnowSummary s = LoadCdnowSummary();
  auto compressed = CompressTriples(s.x, s.tx, s.T);
  EXPECT_TRUE(compressed.has_value());
  return compressed->triples;
}

// Checks a four-parameter model's analytic log-likelihood gradient at `v` against central
// finite differences. `Params` is the model's parameter struct; LogLikelihood(Params, data,
// grad) is found by argument-dependent lookup.
template <class Params, class Data>
void ExpectGradientMatchesFiniteDifferences(const Data& data, const double (&v)[4]) {
  double grad[4];
  LogLikelihood(Params{v[0], v[1], v[2], v[3]}, data, grad);
  for (int i = 0; i < 4; ++i) {
    double up[4] = {v[0], v[1], v[2], v[3]}, down[4] = {v[0], v[1], v[2], v[3]};
    const double h = 1e-6 * v[i];
    up[i] += h;
    down[i] -= h;
    const double numeric = (LogLikelihood(Params{up[0], up[1], up[2], up[3]}, data, {}) -
                            LogLikelihood(Params{down[0], down[1], down[2], down[3]}, data, {})) /
                           (2 * h);
    EXPECT_NEAR(grad[i], numeric, 1e-5 * std::abs(numeric) + 1e-4) << "parameter " << i;
  }
}

// Frequency, mean repeat-purchase value and holdout purchases per customer from CDNOW_sample.txt,
// with the FHL (2005) conventions: same-day purchases merged (amounts summed), calibration up to
// 1997-09-30, the first purchase day excluded from the mean, holdout = purchase days from
// 1997-10-01 to 1998-06-30 (39 weeks). In order of the sample id (the summary's ID).
struct CdnowSpend {
  std::vector<double> x, m, holdout;
};

inline CdnowSpend LoadCdnowSpend() {
  std::map<int, std::map<int, double>> days;  // sample id -> date -> amount
  const std::string path = std::string(LOYAL_TEST_DATA) + "/CDNOW_sample.txt";
  std::ifstream in(path);
  EXPECT_TRUE(in) << "cannot open " << path;
  int customer = 0, sample = 0, date = 0, cds = 0;
  double dollars = 0;
  std::map<int, std::set<int>> holdout;  // sample id -> purchase days after the calibration end
  while (in >> customer >> sample >> date >> cds >> dollars) {
    if (date <= 19970930) {
      days[sample][date] += dollars;
    } else if (date <= 19980630) {
      holdout[sample].insert(date);
    }
  }
  CdnowSpend out;
  for (const auto& [id, by_date] : days) {
    out.holdout.push_back(static_cast<double>(holdout[id].size()));
    double repeat_total = 0;
    for (auto it = std::next(by_date.begin()); it != by_date.end(); ++it)
      repeat_total += it->second;
    const double x = static_cast<double>(by_date.size()) - 1;
    out.x.push_back(x);
    out.m.push_back(x > 0 ? repeat_total / x : 0);
  }
  return out;
}

}  // namespace loyal::analytics::testing
