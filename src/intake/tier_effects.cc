#include "intake/tier_effects.h"

#include <limits>

#include "intake/job_paging.h"
#include "intake/shop_context.h"
#include "ledger/ledger_queries.h"
#include "ledger/ledger_service.h"
#include "orders/order_service.h"

namespace loyal::intake {
namespace {

// The first day whose amounts any evaluation from today on can count: the start of
// today's window (later windows only let days go).
DayNumber FirstCountedDay(const program::TierRules& rules, DayNumber today,
                          DayNumber member_since) {
  if (rules.window == program::TierWindow::kLifetime) {
    return std::numeric_limits<DayNumber>::min();  // every order, imported ones too
  }
  return program::WindowBounds(rules.window, today, member_since).first;
}

}  // namespace

Result<MemberTierFacts> ReadMemberTierFacts(db::Transaction& tx, int64_t customer_id,
                                            const program::TierRules& rules,
                                            const settings::ShopSettings& shop, Timestamp now) {
  MemberTierFacts facts;
  facts.today = orders::LocalDay(now, shop.time_zone);
  LOY_ASSIGN_OR_RETURN(facts.member, program::LoadMemberTier(tx, customer_id, rules));
  // Membership starts with the first order (imported history included): without a stored
  // tier, every order is read to find it, in the one query that reads what the window counts.
  DayNumber from = std::numeric_limits<DayNumber>::min();
  if (facts.member.stored) {
    facts.member_since = facts.member.stored->member_since_day;
    from = FirstCountedDay(rules, facts.today, facts.member_since);
  }
  LOY_ASSIGN_OR_RETURN(auto kept, orders::ListKeptOrders(tx, customer_id, from));
  if (!facts.member.stored) {
    facts.member_since =
        kept.empty() ? facts.today : std::min(kept.front().placed_day, facts.today);
    from = FirstCountedDay(rules, facts.today, facts.member_since);
  }
  if (rules.Uses(program::TierBasis::kSpend) || rules.Uses(program::TierBasis::kOrders)) {
    for (const orders::KeptOrder& o : kept) {
      if (o.placed_day < from) continue;
      facts.dated.push_back({o.placed_day, o.currency, o.kept_minor, o.counts ? 1 : 0, 0});
    }
  }
  if (rules.Uses(program::TierBasis::kPoints)) {
    const Timestamp since = from == std::numeric_limits<DayNumber>::min()
                                ? Timestamp{}
                                : StartOfDay(from, shop.time_zone);
    LOY_ASSIGN_OR_RETURN(auto earned, ledger::EarnedSince(tx, customer_id, since));
    for (const ledger::EarnedPoints& e : earned) {
      facts.dated.push_back({orders::LocalDay(e.earned_at, shop.time_zone), "", 0, 0, e.points});
    }
  }
  return facts;
}

Result<bool> EvaluateTier(db::Transaction& tx, const program::ProgramVersion& version,
                          int64_t customer_id, program::TierReason reason,
                          const std::optional<std::string>& reference,
                          const settings::ShopSettings& shop, Timestamp now) {
  if (!version.program.tiers) return false;
  const program::TierRules& rules = *version.program.tiers;
  // One evaluation of a member at a time, across processes: the ledger's lock of the member.
  LOY_RETURN_IF_ERROR(ledger::LockBooks(tx, customer_id, now));
  LOY_ASSIGN_OR_RETURN(MemberTierFacts facts,
                       ReadMemberTierFacts(tx, customer_id, rules, shop, now));
  program::TierEvaluationInput input;
  input.amounts = program::AmountsInWindow(rules, facts.dated, facts.today, facts.member_since);
  input.today = facts.today;
  input.member_since = facts.member_since;
  input.reason = reason;
  input.reference = reference;
  return program::EvaluateMemberTier(tx, customer_id, version, facts.member, input, now);
}

Status EvaluateCurrentTier(db::Transaction& tx, program::ProgramCache& programs,
                           int64_t customer_id, program::TierReason reason,
                           const std::optional<std::string>& reference,
                           const settings::ShopSettings& shop, Timestamp now) {
  LOY_ASSIGN_OR_RETURN(auto current, programs.Current(tx));
  if (!current || !current->program.tiers) return {};
  return EvaluateTier(tx, *current, customer_id, reason, reference, shop, now).map([](bool) {});
}

Result<int64_t> TierEarnMultiplier(db::Transaction& tx, int64_t customer_id,
                                   const program::Program& rules) {
  if (!rules.tiers) return program::kMillionths;
  LOY_ASSIGN_OR_RETURN(size_t level, program::CurrentTierLevel(tx, customer_id, *rules.tiers));
  return rules.tiers->levels[level].benefits.earn_multiplier_millionths;
}

namespace {

// Evaluates the members `list(tx, after)` pages through, with `reason`; returns how many moved.
template <class List>
Result<int64_t> EvaluatePages(db::Database& db, const settings::ShopSettings& shop,
                              const program::ProgramVersion& current, program::TierReason reason,
                              Timestamp now, List list) {
  auto evaluate = [&](db::Transaction& tx, const std::vector<int64_t>& ids) -> Result<int64_t> {
    int64_t moved = 0;
    for (int64_t id : ids) {
      LOY_ASSIGN_OR_RETURN(bool did,
                           EvaluateTier(tx, current, id, reason, std::nullopt, shop, now));
      moved += did ? 1 : 0;
    }
    return moved;
  };
  return ForEachPage(db, list, evaluate);
}

}  // namespace

Result<int64_t> RunTierJob(db::Database& db, const settings::ShopSettings& shop,
                           const program::ProgramVersion& current, Timestamp now) {
  if (!current.program.tiers) return 0;
  return EvaluatePages(
      db, shop, current, program::TierReason::kDaily, now, [&](db::Transaction& tx, int64_t after) {
        return program::MembersToEvaluate(tx, *current.program.tiers, after, kJobBatch);
      });
}

Result<int64_t> EvaluateAllTiers(db::Database& db, const settings::ShopSettings& shop,
                                 const program::ProgramVersion& current, program::TierReason reason,
                                 Timestamp now) {
  if (!current.program.tiers) return 0;
  return EvaluatePages(db, shop, current, reason, now, [](db::Transaction& tx, int64_t after) {
    return orders::CustomersWithOrders(tx, after, kJobBatch);
  });
}

}  // namespace loyal::intake
