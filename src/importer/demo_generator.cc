#include "importer/demo_generator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <random>
#include <string_view>

namespace loyal::importer {
namespace {

constexpr int64_t kDay = 86400;
constexpr double kWeek = 7.0 * 86400;

struct Category {
  std::string_view name;
  std::array<std::string_view, 6> nouns;
  double min_price, max_price;  // major units
};

constexpr std::array<Category, 8> kCategories = {{
    {"Kitchen", {"Mug", "Teapot", "Cake Tin", "Apron", "Jug", "Bowl"}, 3, 40},
    {"Home", {"Cushion", "Lantern", "Clock", "Frame", "Vase", "Doormat"}, 5, 60},
    {"Stationery", {"Notebook", "Card Set", "Pencil Case", "Calendar", "Wrap", "Stamp"}, 1, 15},
    {"Garden", {"Planter", "Bird Feeder", "Watering Can", "Gloves", "Trowel", "Seed Tin"}, 4, 45},
    {"Toys", {"Jigsaw", "Spinning Top", "Rag Doll", "Kite", "Puppet", "Skipping Rope"}, 3, 35},
    {"Lighting",
     {"Fairy Lights", "Lamp", "Candle Holder", "Night Light", "Lantern", "Bulb"},
     4,
     80},
    {"Bags", {"Tote Bag", "Lunch Bag", "Wash Bag", "Backpack", "Purse", "Shopper"}, 3, 50},
    {"Music", {"CD Album", "Vinyl LP", "Box Set", "Single", "Songbook", "Tape"}, 6, 40},
}};
constexpr std::array<std::string_view, 12> kAdjectives = {
    "Red",    "Vintage", "Blue Spotty", "Retro",        "Pink Floral", "Enamel",
    "Wooden", "Jumbo",   "Heart",       "Green Stripe", "Regency",     "Woodland"};
constexpr std::array<std::string_view, 16> kFirstNames = {
    "Ann",  "Ben",   "Chloe", "David", "Emma",  "Farid", "Grace",  "Hugo",
    "Ines", "James", "Kenji", "Lena",  "Marta", "Noah",  "Olivia", "Priya"};
constexpr std::array<std::string_view, 16> kLastNames = {
    "Smith", "Jones",  "Garcia", "Müller", "Martin", "Rossi", "Nowak", "Kim",
    "Brown", "Dubois", "Silva",  "Larsen", "Patel",  "Walsh", "Novak", "Tanaka"};
// Country codes weighted by how often a customer comes from there.
constexpr std::array<std::pair<std::string_view, int>, 10> kCountries = {{{"US", 40},
                                                                          {"GB", 15},
                                                                          {"DE", 10},
                                                                          {"FR", 8},
                                                                          {"CA", 7},
                                                                          {"AU", 5},
                                                                          {"NL", 4},
                                                                          {"ES", 4},
                                                                          {"IT", 4},
                                                                          {"SE", 3}}};

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  double Uniform() { return std::uniform_real_distribution<double>(0.0, 1.0)(engine_); }
  int64_t Between(int64_t lo, int64_t hi) {  // inclusive
    return std::uniform_int_distribution<int64_t>(lo, hi)(engine_);
  }
  double Gamma(double shape, double scale) {
    return std::gamma_distribution<double>(shape, scale)(engine_);
  }
  double Beta(double a, double b) {
    double x = Gamma(a, 1.0), y = Gamma(b, 1.0);
    return x + y > 0 ? x / (x + y) : 0.5;
  }
  double Exponential(double rate) { return std::exponential_distribution<double>(rate)(engine_); }
  template <class Array>
  const auto& Pick(const Array& items) {
    return items[static_cast<size_t>(Between(0, static_cast<int64_t>(items.size()) - 1))];
  }

 private:
  std::mt19937_64 engine_;
};

std::vector<DemoProduct> MakeCatalog(int count, Rng& rng) {
  std::vector<DemoProduct> products;
  products.reserve(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) {
    const Category& c = kCategories[static_cast<size_t>(i) % kCategories.size()];
    std::string sku = std::to_string(10000 + i);
    std::string title = std::string(rng.Pick(kAdjectives)) + " " + std::string(rng.Pick(c.nouns));
    // Prices end in .49/.95/.99 steps like a real shop's.
    double major = c.min_price + (c.max_price - c.min_price) * rng.Uniform() * rng.Uniform();
    int64_t cents =
        static_cast<int64_t>(std::floor(major)) * 100 + rng.Pick(std::array{49, 95, 99});
    products.push_back(DemoProduct{"SKU-" + sku, title, std::string(c.name), cents * 10000});
  }
  return products;
}

std::string_view PickCountry(Rng& rng) {
  int total = 0;
  for (const auto& c : kCountries) total += c.second;
  int64_t roll = rng.Between(1, total);
  for (const auto& c : kCountries) {
    if ((roll -= c.second) <= 0) return c.first;
  }
  return kCountries[0].first;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

// One customer's history; the vectors are reused from customer to customer.
class CustomerSimulator {
 public:
  CustomerSimulator(const DemoOptions& o, const std::vector<DemoProduct>& catalog, Rng& rng)
      : o_(o),
        catalog_(catalog),
        rng_(rng),
        end_(int64_t{o.start_day} * kDay + int64_t{o.observation_weeks} * 7 * kDay) {}

  void Simulate(int64_t index, DemoCounts& counts) {
    orders_.clear();
    returns_.clear();
    bool guest = rng_.Uniform() < o_.guest_share;
    MakeProfile(index, guest);
    int64_t first = int64_t{o_.start_day} * kDay + rng_.Between(0, o_.acquisition_days - 1) * kDay;
    AddOrder(first + TimeOfDay(), counts);
    customer_.first_purchase_at = orders_[0].placed_at;
    if (!guest) RepeatPurchases(first, counts);
    ++counts.customers;
    if (guest) ++counts.guests;
  }

  const DemoCustomer& customer() const { return customer_; }
  const std::vector<DemoOrder>& orders() const { return orders_; }
  const std::vector<DemoReturn>& returns() const { return returns_; }

 private:
  int64_t TimeOfDay() { return rng_.Between(8 * 3600, 22 * 3600 - 60) / 60 * 60; }

  void MakeProfile(int64_t index, bool guest) {
    std::string_view first = rng_.Pick(kFirstNames), last = rng_.Pick(kLastNames);
    customer_.external_id = guest ? std::string() : "C" + std::to_string(index + 1);
    customer_.name = std::string(first) + " " + std::string(last);
    customer_.email = Lower(first) + "." + std::to_string(index + 1) + "@example.com";
    customer_.country = std::string(PickCountry(rng_));
    customer_.birthday = static_cast<DayNumber>(o_.start_day - rng_.Between(18 * 365, 80 * 365));
    customer_.marketing_consent = rng_.Uniform() < 0.4;
    // Spend: the customer's mean order value is p / nu with nu ~ Gamma(q, 1 / gamma).
    spend_nu_ = rng_.Gamma(o_.spend_q, 1.0 / o_.spend_gamma);
  }

  // BG/NBD: exponential gaps at rate lambda (per week) while alive; after each repeat
  // purchase the customer drops out with probability p.
  void RepeatPurchases(int64_t first, DemoCounts& counts) {
    double lambda = rng_.Gamma(o_.r, 1.0 / o_.alpha);
    double p = rng_.Beta(o_.a, o_.b);
    if (!(lambda > 1e-12)) return;
    double t = static_cast<double>(first);
    while (true) {
      t += rng_.Exponential(lambda) * kWeek;
      if (t >= static_cast<double>(end_)) return;
      int64_t day_start = static_cast<int64_t>(t) / kDay * kDay;
      // A same-day repeat comes after the order before it.
      AddOrder(std::max(day_start + TimeOfDay(), orders_.back().placed_at + 60), counts);
      if (rng_.Uniform() < p) return;
    }
  }

  void AddOrder(int64_t placed_at, DemoCounts& counts) {
    DemoOrder& order = orders_.emplace_back();
    order.external_id = "D" + std::to_string(++counts.orders);
    order.placed_at = placed_at;
    // Most orders have one line (as most CDNOW purchases were one title); the order value
    // is split evenly over the lines and each line buys as many units as come closest.
    double u = rng_.Uniform();
    int line_count = u < 0.88 ? 1 : u < 0.97 ? 2 : 3;
    double share = rng_.Gamma(o_.spend_p, 1.0 / spend_nu_) * 1e6 / line_count;  // micros
    for (int i = 0; i < line_count; ++i) {
      // Popular products first: a squared uniform favours low indices.
      double v = rng_.Uniform();
      const DemoProduct& product =
          catalog_[static_cast<size_t>(v * v * static_cast<double>(catalog_.size()))];
      auto price = static_cast<double>(product.price_micros);
      int64_t quantity = std::clamp<int64_t>(std::llround(share / price), 1, 6);
      auto same = std::find_if(order.lines.begin(), order.lines.end(),
                               [&](const DemoLine& l) { return l.product == &product; });
      if (same != order.lines.end()) {
        same->quantity += quantity;
      } else {
        order.lines.push_back(DemoLine{&product, quantity});
      }
    }
    counts.lines += static_cast<int64_t>(order.lines.size());
    MaybeReturn(order, counts);
  }

  void MaybeReturn(const DemoOrder& order, DemoCounts& counts) {
    for (size_t i = 0; i < order.lines.size(); ++i) {
      if (rng_.Uniform() >= o_.return_share) continue;
      int64_t at = order.placed_at + rng_.Between(2, 30) * kDay;
      int64_t quantity = rng_.Between(1, order.lines[i].quantity);
      if (at >= end_) continue;
      returns_.push_back(DemoReturn{"R" + std::to_string(++counts.returns), order.external_id,
                                    static_cast<int32_t>(i), quantity, at});
    }
  }

  const DemoOptions& o_;
  const std::vector<DemoProduct>& catalog_;
  Rng& rng_;
  const int64_t end_;
  double spend_nu_ = 1;
  DemoCustomer customer_;
  std::vector<DemoOrder> orders_;
  std::vector<DemoReturn> returns_;
};

}  // namespace

Result<DemoGenerator> DemoGenerator::Create(const DemoOptions& options) {
  if (options.customers <= 0) return InvalidArgument("--customers must be positive", "customers");
  if (options.products <= 0) return InvalidArgument("the catalog needs products", "products");
  LOY_ASSIGN_OR_RETURN(Currency currency, Currency::Parse(options.currency));
  for (double v : {options.r, options.alpha, options.a, options.b, options.spend_p, options.spend_q,
                   options.spend_gamma}) {
    if (!(v > 0)) return InvalidArgument("model parameters must be positive");
  }
  if (options.acquisition_days <= 0 || options.observation_weeks <= 0) {
    return InvalidArgument("the acquisition window and observation period must be positive");
  }
  return DemoGenerator(options, currency);
}

Result<DemoCounts> DemoGenerator::Run(DemoSink& sink) {
  Rng rng(options_.seed);
  std::vector<DemoProduct> catalog = MakeCatalog(options_.products, rng);
  LOY_RETURN_IF_ERROR(sink.OnCatalog(catalog));
  DemoCounts counts;
  CustomerSimulator simulator(options_, catalog, rng);
  for (int64_t i = 0; i < options_.customers; ++i) {
    simulator.Simulate(i, counts);
    LOY_RETURN_IF_ERROR(
        sink.OnCustomer(simulator.customer(), simulator.orders(), simulator.returns()));
  }
  return counts;
}

}  // namespace loyal::importer
