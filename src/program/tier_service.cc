#include "program/tier_service.h"

#include <charconv>

#include "core/enum_names.h"

namespace loyal::program {
namespace {

size_t LevelOf(const TierRules& rules, const std::optional<store::StoredTier>& stored) {
  if (!stored) return 0;
  return rules.FindLevel(stored->level_code).value_or(0);
}

}  // namespace

Result<size_t> CurrentTierLevel(db::Transaction& tx, int64_t customer_id, const TierRules& rules) {
  LOY_ASSIGN_OR_RETURN(auto stored, store::FindTier(tx, customer_id));
  return LevelOf(rules, stored);
}

Result<MemberTier> LoadMemberTier(db::Transaction& tx, int64_t customer_id,
                                  const TierRules& rules) {
  MemberTier member;
  LOY_ASSIGN_OR_RETURN(member.stored, store::FindTier(tx, customer_id));
  member.state.level = LevelOf(rules, member.stored);
  if (member.stored && rules.FindLevel(member.stored->level_code)) {
    member.state.below_retain_since = member.stored->below_retain_since_day;
  }
  return member;
}

Result<bool> EvaluateMemberTier(db::Transaction& tx, int64_t customer_id,
                                const ProgramVersion& version, const MemberTier& member,
                                const TierEvaluationInput& input, Timestamp now) {
  const TierRules& rules = *version.program.tiers;
  const TierState next = NextTierState(rules, member.state, input.amounts, input.today);
  const std::string& to_code = rules.levels[next.level].code;
  // The level the member held as stored: a code the program no longer has is still what
  // the history moves from.
  const std::string from_code = member.stored ? member.stored->level_code : rules.levels[0].code;
  const bool moved = from_code != to_code;
  if (!moved && next == member.state) return false;
  store::StoredTier row;
  if (member.stored) {
    row = *member.stored;
  } else {
    row.customer_id = customer_id;
    row.since_at = now;
    row.member_since_day = input.member_since;
  }
  row.level_code = to_code;
  row.below_retain_since_day = next.below_retain_since;
  row.program_version = version.version;
  if (moved) {
    row.since_at = now;
    LOY_RETURN_IF_ERROR(
        store::InsertMove(tx, store::TierMove{customer_id, from_code, to_code,
                                              std::string(NameOf(kTierReasonNames, input.reason)),
                                              input.reference, version.version, now}));
  }
  LOY_RETURN_IF_ERROR(store::SaveTier(tx, row, now));
  return moved;
}

Result<TierMovePage> ListTierMoves(db::Transaction& tx, int64_t customer_id,
                                   const std::string& after, int limit) {
  std::optional<int64_t> before;
  if (!after.empty()) {
    int64_t id = 0;
    auto [end, ec] = std::from_chars(after.data(), after.data() + after.size(), id);
    if (ec != std::errc() || end != after.data() + after.size()) {
      return InvalidArgument("not a cursor this list handed out", "after");
    }
    before = id;
  }
  // One more than asked tells whether another page follows.
  LOY_ASSIGN_OR_RETURN(auto rows, store::ListMoves(tx, customer_id, before, limit + 1));
  TierMovePage page;
  if (rows.size() > static_cast<size_t>(limit)) {
    rows.pop_back();
    page.next_position = std::to_string(rows.back().move_id);
  }
  for (auto& row : rows) page.moves.push_back(std::move(row.move));
  return page;
}

Result<std::vector<int64_t>> MembersToEvaluate(db::Transaction& tx, const TierRules& rules,
                                               int64_t after, int limit) {
  LOY_ASSIGN_OR_RETURN(auto rows,
                       store::ListTiersToEvaluate(tx, rules.levels[0].code, after, limit));
  std::vector<int64_t> out;
  out.reserve(rows.size());
  for (const auto& row : rows) out.push_back(row.customer_id);
  return out;
}

}  // namespace loyal::program
