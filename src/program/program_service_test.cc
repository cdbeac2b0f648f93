#include "program/program_service.h"

#include <gtest/gtest.h>

#include "db/testing/backend_test.h"

namespace loyal::program {
namespace {

const Timestamp kT0{std::chrono::seconds(1'700'000'000)};

class ProgramServiceTest : public db::testing::BackendTest {
 protected:
  template <class T>
  Result<T> InTx(const std::function<Result<T>(db::Transaction&)>& work) {
    return db::WithTransaction(db(), work);
  }

  Result<PutProgramResult> Put(const Program& program, Timestamp at = kT0) {
    return InTx<PutProgramResult>(
        [&](db::Transaction& tx) { return PutProgram(tx, program, "test", at); });
  }

  Result<std::optional<ProgramVersion>> Current() {
    return InTx<std::optional<ProgramVersion>>(
        [](db::Transaction& tx) { return CurrentProgram(tx); });
  }
};

Program WithRate(int64_t rate_millionths) {
  Program p;
  p.earning.rate_millionths["GBP"] = rate_millionths;
  return p;
}

TEST_P(ProgramServiceTest, AStoreStartsWithoutAProgram) {
  auto current = Current();
  ASSERT_TRUE(current) << current.error().ToString();
  EXPECT_FALSE(current->has_value());
}

// The cache parses a document once, and never serves a parse for a version number that
// now names another document: version 2 first written by a transaction that rolled back,
// then by another that committed.
TEST_P(ProgramServiceTest, TheCacheParsesOnceAndFollowsTheStoredDocument) {
  ProgramCache cache;
  auto current = [&] {
    return InTx<std::shared_ptr<const ProgramVersion>>(
        [&](db::Transaction& tx) { return cache.Current(tx); });
  };
  auto none = current();
  ASSERT_TRUE(none) << none.error().ToString();
  EXPECT_EQ(*none, nullptr);
  ASSERT_TRUE(Put(WithRate(kMillionths)));
  auto first = current();
  auto again = current();
  ASSERT_TRUE(first && *first && again);
  EXPECT_EQ(first->get(), again->get()) << "parsed twice";
  auto rolled_back = db::RunInTransaction(db(), [&](db::Transaction& tx) -> Status {
    LOY_RETURN_IF_ERROR(PutProgram(tx, WithRate(2 * kMillionths), "test", kT0));
    LOY_ASSIGN_OR_RETURN(auto seen, cache.Current(tx));
    EXPECT_EQ(seen->version, 2);
    EXPECT_EQ(seen->program.earning.rate_millionths.at("GBP"), 2 * kMillionths);
    return FailedPrecondition("roll back");
  });
  ASSERT_FALSE(rolled_back);
  auto after = current();
  ASSERT_TRUE(after && *after);
  EXPECT_EQ((*after)->version, 1);
  EXPECT_EQ((*after)->program.earning.rate_millionths.at("GBP"), kMillionths);
  ASSERT_TRUE(Put(WithRate(3 * kMillionths)));
  auto third = current();
  ASSERT_TRUE(third && *third);
  EXPECT_EQ((*third)->version, 2);
  EXPECT_EQ((*third)->program.earning.rate_millionths.at("GBP"), 3 * kMillionths);
  auto by_number = InTx<std::shared_ptr<const ProgramVersion>>(
      [&](db::Transaction& tx) { return cache.Version(tx, 2); });
  ASSERT_TRUE(by_number);
  EXPECT_EQ(by_number->get(), third->get());
  auto missing = InTx<std::shared_ptr<const ProgramVersion>>(
      [&](db::Transaction& tx) { return cache.Version(tx, 9); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_P(ProgramServiceTest, PuttingTheCurrentDocumentAgainMakesNoNewVersion) {
  auto first = Put(WithRate(kMillionths));
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_TRUE(first->created);
  EXPECT_EQ(first->version.version, 1);
  auto again = Put(WithRate(kMillionths), kT0 + std::chrono::hours(1));
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->version.version, 1);
  EXPECT_EQ(again->version.created_at, kT0);
  auto changed = Put(WithRate(2 * kMillionths));
  ASSERT_TRUE(changed);
  EXPECT_TRUE(changed->created);
  EXPECT_EQ(changed->version.version, 2);
  auto current = Current();
  ASSERT_TRUE(current && current->has_value());
  EXPECT_EQ((*current)->version, 2);
  EXPECT_EQ((*current)->program.earning.rate_millionths.at("GBP"), 2 * kMillionths);
}

TEST_P(ProgramServiceTest, EveryVersionIsKeptInFullAndListedNewestFirst) {
  for (int64_t rate = 1; rate <= 5; ++rate) ASSERT_TRUE(Put(WithRate(rate * kMillionths)));
  auto old = InTx<ProgramVersion>([](db::Transaction& tx) { return GetProgramVersion(tx, 2); });
  ASSERT_TRUE(old) << old.error().ToString();
  EXPECT_EQ(old->program.earning.rate_millionths.at("GBP"), 2 * kMillionths);
  auto page = InTx<std::vector<ProgramVersion>>(
      [](db::Transaction& tx) { return ListProgramVersions(tx, std::nullopt, 2); });
  ASSERT_TRUE(page);
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].version, 5);
  EXPECT_EQ((*page)[1].version, 4);
  auto next = InTx<std::vector<ProgramVersion>>(
      [](db::Transaction& tx) { return ListProgramVersions(tx, 4, 10); });
  ASSERT_TRUE(next);
  ASSERT_EQ(next->size(), 3u);
  EXPECT_EQ(next->back().version, 1);
  auto missing =
      InTx<ProgramVersion>([](db::Transaction& tx) { return GetProgramVersion(tx, 99); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_P(ProgramServiceTest, TheSampleIsInstalledOnceAndOnlyOnAStoreWithoutAProgram) {
  const Currency gbp = *Currency::Parse("GBP");
  auto installed = InTx<bool>(
      [&](db::Transaction& tx) { return InstallSampleProgramIfNone(tx, gbp, "init", kT0); });
  ASSERT_TRUE(installed) << installed.error().ToString();
  EXPECT_TRUE(*installed);
  auto twice = InTx<bool>(
      [&](db::Transaction& tx) { return InstallSampleProgramIfNone(tx, gbp, "init", kT0); });
  ASSERT_TRUE(twice);
  EXPECT_FALSE(*twice);
  auto current = Current();
  ASSERT_TRUE(current && current->has_value());
  const Program& sample = (*current)->program;
  EXPECT_EQ(sample.earning.rate_millionths.at("GBP"), kMillionths);
  EXPECT_GT(sample.earning.first_order_bonus, 0);
  ASSERT_NE(sample.FindEvent("sign_up"), nullptr);
  EXPECT_EQ(sample.expiry.policy, ExpiryPolicy::kAfterEarning);
  EXPECT_EQ(sample.expiry.months, 12);
}

TEST_P(ProgramServiceTest, AStoredDocumentThatNoLongerParsesIsAnInternalError) {
  ASSERT_TRUE(db::RunInTransaction(db(), [](db::Transaction& tx) -> Status {
    LOY_RETURN_IF_ERROR(
        tx.Execute("INSERT INTO program_versions (version, document, created_at, created_by) "
                   "VALUES (1, '{\"earning\": {\"bogus\": 1}}', 0, 'test')"));
    return {};
  }));
  auto current = Current();
  ASSERT_FALSE(current);
  EXPECT_EQ(current.error().code, ErrorCode::kInternal);
  EXPECT_NE(current.error().message.find("version 1"), std::string::npos);
}

LOYAL_INSTANTIATE_BACKEND_TESTS(ProgramServiceTest);

}  // namespace
}  // namespace loyal::program
