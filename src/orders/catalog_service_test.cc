#include "orders/catalog_service.h"

#include <gtest/gtest.h>

#include "db/testing/backend_test.h"

namespace loyal::orders {
namespace {

const Timestamp kT0 = Timestamp(std::chrono::seconds(1'700'000'000));

ProductPatch Mug(std::string sku = "MUG-1") {
  ProductPatch in;
  in.sku = std::move(sku);
  in.title = "Mug";
  in.price_micros = 4'990'000;
  in.currency = *Currency::Parse("GBP");
  return in;
}

class CatalogServiceTest : public db::testing::BackendTest {
 protected:
  Result<UpsertProductResult> Upsert(const ProductPatch& in, Timestamp now = kT0) {
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

TEST_P(CatalogServiceTest, UpsertMergesKeepingOmittedFieldsAndClearingNulls) {
  auto created = Upsert(Mug());
  ASSERT_TRUE(created) << created.error().ToString();
  EXPECT_TRUE(created->created);
  ProductPatch changed;
  changed.sku = "MUG-1";
  changed.title = "Big mug";
  changed.category = "kitchen";
  auto updated = Upsert(changed, kT0 + std::chrono::seconds(5));
  ASSERT_TRUE(updated) << updated.error().ToString();
  EXPECT_FALSE(updated->created);
  EXPECT_EQ(updated->product.product_id, created->product.product_id);
  EXPECT_EQ(updated->product.title, "Big mug");
  EXPECT_EQ(updated->product.category, "kitchen");
  EXPECT_EQ(updated->product.price_micros, 4'990'000);  // left out: kept
  EXPECT_EQ(updated->product.created_at, kT0);
  EXPECT_EQ(updated->product.updated_at, kT0 + std::chrono::seconds(5));

  ProductPatch cleared;
  cleared.sku = "MUG-1";
  cleared.cleared = {"price", "currency", "category"};
  auto unpriced = Upsert(cleared, kT0 + std::chrono::seconds(9));
  ASSERT_TRUE(unpriced) << unpriced.error().ToString();
  EXPECT_FALSE(unpriced->product.price_micros.has_value());
  EXPECT_FALSE(unpriced->product.currency.has_value());
  EXPECT_FALSE(unpriced->product.category.has_value());
  EXPECT_EQ(unpriced->product.title, "Big mug");
}

TEST_P(CatalogServiceTest, AReplayChangesNothingNotEvenUpdatedAt) {
  ASSERT_TRUE(Upsert(Mug()));
  auto replay = Upsert(Mug(), kT0 + std::chrono::seconds(60));
  ASSERT_TRUE(replay) << replay.error().ToString();
  EXPECT_FALSE(replay->created);
  EXPECT_EQ(replay->product.updated_at, kT0);
  EXPECT_EQ(replay->product.price_micros, 4'990'000);
}

TEST_P(CatalogServiceTest, ANewProductNeedsATitleAndClearingHalfAPriceIsInvalid) {
  ProductPatch untitled;
  untitled.sku = "NEW";
  auto refused = Upsert(untitled);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(refused.error().field, "title");
  ASSERT_TRUE(Upsert(Mug()));
  ProductPatch half;
  half.sku = "MUG-1";
  half.cleared = {"price"};
  auto invalid = Upsert(half);
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(invalid.error().field, "price");
}

TEST_P(CatalogServiceTest, PriceWithoutCurrencyIsInvalid) {
  ProductPatch in = Mug();
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
  ASSERT_TRUE(second) << second.error().ToString();
  ASSERT_EQ(second->products.size(), 1u);
  EXPECT_EQ(second->products[0].sku, "C");
  EXPECT_TRUE(second->next_after.empty());
  auto bad = List("", 0);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().field, "limit");
}

LOYAL_INSTANTIATE_BACKEND_TESTS(CatalogServiceTest);

}  // namespace
}  // namespace loyal::orders
