// DemoGenerator: a synthetic shop for `loyal demo`, tests and benchmarks, deterministic for
// a seed. A catalog of products in categories; customers (names, e-mails, countries,
// birthdays, consent) of whom a share are guests with a single order; each customer buys
// by the BG/NBD buy-till-you-die process (first purchase in the acquisition window, then
// Poisson purchasing at a gamma-distributed weekly rate while alive, dropping out after
// each repeat purchase with a beta-distributed probability); order values follow the
// Gamma-Gamma spend model, spread over one or more catalog lines; some lines come back as
// returns. The default parameters are the published CDNOW estimates (Fader, Hardie & Lee
// 2005, 2013), so the history looks like CDNOW's: about 2.8 orders per customer.
//
// Everything is streamed to a DemoSink customer by customer (customer-major order), so
// memory does not grow with the number of customers.
//
// Thread-safety: none; one generator per thread. Determinism relies on libstdc++'s
// <random> distributions, which are stable for a given library version.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/money.h"
#include "core/time.h"

namespace loyal::importer {

struct DemoOptions {
  int64_t customers = 5000;
  uint64_t seed = 1;
  DayNumber start_day = 19723;  // 2024-01-01: first day of the acquisition window
  int acquisition_days = 84;    // first purchases fall in the first 12 weeks
  int observation_weeks = 78;   // history ends start_day + 78 weeks
  double guest_share = 0.05;    // customers who check out as guests, once
  // BG/NBD (weekly rates) and Gamma-Gamma parameters.
  double r = 0.2426, alpha = 4.4136, a = 0.7929, b = 2.4259;
  double spend_p = 6.25, spend_q = 3.74, spend_gamma = 15.44;
  double return_share = 0.03;  // chance an order line is (partly) returned
  int products = 400;
  std::string currency = "USD";
};

struct DemoProduct {
  std::string sku, title, category;
  int64_t price_micros = 0;
};

struct DemoCustomer {
  std::string external_id;  // empty for a guest
  std::string email, name, country;
  DayNumber birthday = 0;
  bool marketing_consent = false;
  int64_t first_purchase_at = 0;  // seconds, shop-local wall clock
};

struct DemoLine {
  const DemoProduct* product = nullptr;
  int64_t quantity = 0;
};

struct DemoOrder {
  std::string external_id;
  int64_t placed_at = 0;  // seconds, shop-local wall clock
  std::vector<DemoLine> lines;
};

struct DemoReturn {
  std::string external_id;
  std::string order_external_id;
  int32_t line_no = 0;  // the order line that comes back
  int64_t quantity = 0;
  int64_t returned_at = 0;  // seconds, shop-local wall clock
};

// Receives the generated shop. Each customer's orders and returns follow the customer.
class DemoSink {
 public:
  virtual ~DemoSink() = default;
  [[nodiscard]] virtual Status OnCatalog(const std::vector<DemoProduct>& products) = 0;
  [[nodiscard]] virtual Status OnCustomer(const DemoCustomer& customer,
                                          const std::vector<DemoOrder>& orders,
                                          const std::vector<DemoReturn>& returns) = 0;
};

struct DemoCounts {
  int64_t customers = 0, guests = 0, orders = 0, lines = 0, returns = 0;
};

class DemoGenerator {
 public:
  // Returns invalid_argument for a non-positive customer count or product count, a
  // currency that is not ISO 4217, or model parameters that are not positive.
  [[nodiscard]] static Result<DemoGenerator> Create(const DemoOptions& options);

  // Generates the shop into `sink`. Returns the counts, or the sink's first error.
  [[nodiscard]] Result<DemoCounts> Run(DemoSink& sink);

  const DemoOptions& options() const { return options_; }
  const Currency& currency() const { return currency_; }

 private:
  DemoGenerator(const DemoOptions& options, Currency currency)
      : options_(options), currency_(currency) {}
  DemoOptions options_;
  Currency currency_;
};

}  // namespace loyal::importer
