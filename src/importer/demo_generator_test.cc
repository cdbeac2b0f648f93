#include "importer/demo_generator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <sstream>

#include "importer/orders_csv_writer.h"
#include "importer/test_files.h"
#include "importer/transaction_formats.h"

namespace loyal::importer {
namespace {

// Records everything a run produces, as text, so two runs can be compared.
class RecordingSink final : public DemoSink {
 public:
  Status OnCatalog(const std::vector<DemoProduct>& products) override {
    for (const auto& p : products) text << p.sku << p.title << p.category << p.price_micros;
    catalog_size = products.size();
    return {};
  }
  Status OnCustomer(const DemoCustomer& c, const std::vector<DemoOrder>& orders,
                    const std::vector<DemoReturn>& returns) override {
    text << c.external_id << c.email << c.name << c.country << c.birthday << "\n";
    for (const auto& o : orders) {
      EXPECT_FALSE(o.lines.empty());
      EXPECT_GE(o.placed_at, c.first_purchase_at);
      text << o.external_id << o.placed_at;
      for (const auto& l : o.lines) {
        EXPECT_GT(l.quantity, 0);
        text << l.product->sku << "x" << l.quantity;
      }
      max_orders = std::max(max_orders, orders.size());
    }
    for (const auto& r : returns) {
      // A return names one of this customer's orders and takes no more than the line had.
      auto it = std::find_if(orders.begin(), orders.end(), [&](const DemoOrder& o) {
        return o.external_id == r.order_external_id;
      });
      EXPECT_NE(it, orders.end());
      if (it != orders.end()) {
        EXPECT_LE(r.quantity, it->lines.at(static_cast<size_t>(r.line_no)).quantity);
        EXPECT_GT(r.returned_at, it->placed_at);
      }
      text << r.external_id << r.quantity;
    }
    if (c.external_id.empty()) {
      EXPECT_EQ(orders.size(), 1u);
    }
    return {};
  }
  std::ostringstream text;
  size_t catalog_size = 0, max_orders = 0;
};

DemoOptions Small(uint64_t seed) {
  DemoOptions o;
  o.customers = 20000;
  o.seed = seed;
  return o;
}

TEST(DemoGeneratorTest, SameSeedSameShopOtherSeedOtherShop) {
  RecordingSink a, b, c;
  auto gen = DemoGenerator::Create(Small(7));
  ASSERT_TRUE(gen);
  ASSERT_TRUE(gen->Run(a));
  ASSERT_TRUE(gen->Run(b));
  ASSERT_TRUE(DemoGenerator::Create(Small(8))->Run(c));
  EXPECT_EQ(a.text.str(), b.text.str());
  EXPECT_NE(a.text.str(), c.text.str());
}

TEST(DemoGeneratorTest, CountsLookLikeCdnow) {
  RecordingSink sink;
  auto counts = DemoGenerator::Create(Small(42))->Run(sink);
  ASSERT_TRUE(counts) << counts.error().ToString();
  EXPECT_EQ(counts->customers, 20000);
  EXPECT_EQ(sink.catalog_size, 400u);
  // CDNOW: 69,659 purchases by 23,570 customers (2.96 each) over the same 78 weeks.
  double per_customer = static_cast<double>(counts->orders) / 20000.0;
  EXPECT_GT(per_customer, 2.4);
  EXPECT_LT(per_customer, 3.4);
  EXPECT_NEAR(static_cast<double>(counts->guests) / 20000.0, 0.05, 0.01);
  EXPECT_GT(counts->lines, counts->orders);
  EXPECT_NEAR(static_cast<double>(counts->returns) / static_cast<double>(counts->lines), 0.03,
              0.01);
  EXPECT_GT(sink.max_orders, 20u);  // heavy buyers exist
}

TEST(DemoGeneratorTest, RejectsNonPositiveCustomers) {
  DemoOptions o;
  o.customers = 0;
  auto gen = DemoGenerator::Create(o);
  ASSERT_FALSE(gen);
  EXPECT_EQ(gen.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(gen.error().field, "customers");
}

TEST(DemoGeneratorTest, OrdersCsvOutputReadsBackWithTheSameTotals) {
  DemoOptions o = Small(3);
  o.customers = 3000;
  auto gen = DemoGenerator::Create(o);
  ASSERT_TRUE(gen);
  std::string path = testing::TempPath("demo_orders.csv");
  auto writer = OrdersCsvWriter::Create(path, gen->currency());
  ASSERT_TRUE(writer);
  auto counts = gen->Run(**writer);
  ASSERT_TRUE(counts);
  ASSERT_TRUE((*writer)->Close());
  std::set<std::string> orders, customers;
  int64_t rows = 0;
  auto read = ReadTransactions(
      path, TransactionFormat::kOrdersCsv, {},
      [&](const TransactionRow& r) -> Status {
        ++rows;
        orders.emplace(r.order_id);
        if (!r.customer_id.empty()) customers.emplace(r.customer_id);
        EXPECT_EQ(r.currency.code(), "USD");
        return {};
      },
      [](const BadRow& b) -> Status { return Internal(b.ToString()); });
  ASSERT_TRUE(read) << read.error().ToString();
  EXPECT_EQ(rows, counts->lines);
  EXPECT_EQ(static_cast<int64_t>(orders.size()), counts->orders);
  EXPECT_EQ(static_cast<int64_t>(customers.size()), counts->customers - counts->guests);
}

}  // namespace
}  // namespace loyal::importer
