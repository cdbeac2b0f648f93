#include "program/program_json.h"

#include "http/json_fields.h"
#include "program/program_json_parts.h"

namespace loyal::program {

Result<Program> ParseProgram(const boost::json::object& document) {
  LOY_RETURN_IF_ERROR(
      http::RejectUnknownFields(document, {"earning", "events", "expiry", "tiers", "rewards"}));
  Program program;
  LOY_ASSIGN_OR_RETURN(program.earning, internal::ParseEarning(document));
  LOY_ASSIGN_OR_RETURN(program.events, internal::ParseEvents(document));
  LOY_ASSIGN_OR_RETURN(program.expiry, internal::ParseExpiry(document));
  LOY_ASSIGN_OR_RETURN(program.tiers, internal::ParseTiers(document));
  LOY_ASSIGN_OR_RETURN(program.rewards, internal::ParseRewards(document, program.tiers));
  return program;
}

boost::json::object ProgramJson(const Program& program) {
  boost::json::object out{{"earning", internal::EarningJson(program.earning)},
                          {"events", internal::EventsJson(program.events)},
                          {"expiry", internal::ExpiryJson(program.expiry)}};
  // Absent rather than empty: a program without tiers or rewards reads back as it was written.
  if (program.tiers) out["tiers"] = internal::TiersJson(*program.tiers);
  if (!program.rewards.empty()) out["rewards"] = internal::RewardsJson(program.rewards);
  return out;
}

Result<Reward> ParseRewardIn(const boost::json::object& reward, const Program& program) {
  return internal::ParseReward(reward, program.tiers, "");
}

boost::json::object RewardJson(const Reward& reward) { return internal::RewardJson(reward); }

}  // namespace loyal::program
