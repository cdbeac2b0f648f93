#include "orders/catalog_service.h"

#include <gtest/gtest.h>

#include "db/testing/backend_test.h"

namespace loyal::orders {
namespace {

const Timestamp kT0 = Timestamp(std::chrono::seconds(1'700'000'000));

ProductInput Mug(std::string sku = "MUG-1") {
  ProductInput in;
  in.sku = std::move(sku);
  in.title = "Mug";
  in.price_micros = 4'990'000;
  in.currency = *Currency::Parse("GBP");
  return in;
}

class CatalogServiceTest : public db::testing::BackendTest {
 protected:
  Result<UpsertProductResult> Upsert(const ProductInput& in, Timestamp now = kT0) {
    Result<UpsertProductResult> out = tl::unexpected(Error{});
    auto status = db::RunInTransaction(db(), [&](db::Transaction& tx) -> Status {
      out = UpsertProduct(tx, in, now);
      if (!out) return tl::unexpected(out.error());
      return {};
    });
    if (!status) return tl::unexpected(status.error());
    return out;
  }
  Result<ProductPage> List(std::string after, int limit) {
    Result<ProductPage> out = ProductPage{};
    auto status = db::RunInReadTransaction(db(), [&](db::Transaction& tx) -> Status {
      out = ListProducts(tx, after, limit);
      return {};
    });
    if (!status) return tl::unexpected(status.error());
    return out;
  }
};

TEST_P(CatalogServiceTest, UpsertCreatesThenReplacesFields) {
  auto created = Upsert(Mug());
  ASSERT_TRUE(created) << created.error().ToString();
  EXPECT_TRUE(created->created);
  ProductInput changed = Mug();
  changed.title = "Big mug";
  changed.category = "kitchen";
  changed.price_micros.reset();
  changed.currency.reset();
  auto updated = Upsert(changed, kT0 + std::chrono::seconds(5));
  ASSERT_TRUE(updated);
  EXPECT_FALSE(updated->created);
  EXPECT_EQ(updated->product.product_id, created->product.product_id);
  EXPECT_EQ(updated->product.title, "Big mug");
  EXPECT_EQ(updated->product.category, "kitchen");
  EXPECT_FALSE(updated->product.price_micros.has_value());
  EXPECT_EQ(updated->product.created_at, kT0);
  EXPECT_EQ(updated->product.updated_at, kT0 + std::chrono::seconds(5));
}

TEST_P(CatalogServiceTest, PriceWithoutCurrencyIsInvalid) {
  ProductInput in = Mug();
  in.currency.reset();
  auto result = Upsert(in);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(result.error().field, "currency");
}

TEST_P(CatalogServiceTest, ListPagesBySku) {
  for (const char* sku : {"C", "A", "B"}) ASSERT_TRUE(Upsert(Mug(sku)));
  auto first = List("", 2);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->products.size(), 2u);
  EXPECT_EQ(first->products[0].sku, "A");
  EXPECT_EQ(first->next_after, "B");
  auto second = List(first->next_after, 2);
  ASSERT_EQ(second->products.size(), 1u);
  EXPECT_EQ(second->products[0].sku, "C");
  EXPECT_TRUE(second->next_after.empty());
  EXPECT_EQ(List("", 0).error().field, "limit");
}

LOYAL_INSTANTIATE_BACKEND_TESTS(CatalogServiceTest);

}  // namespace
}  // namespace loyal::orders
