#include "program/program_json.h"

#include "http/json_fields.h"
#include "program/program_json_parts.h"

namespace loyal::program {

Result<Program> ParseProgram(const boost::json::object& document) {
  LOY_RETURN_IF_ERROR(
      http::RejectUnknownFields(document, {"earning", "events", "expiry", "tiers"}));
  Program program;
  LOY_ASSIGN_OR_RETURN(program.earning, internal::ParseEarning(document));
  LOY_ASSIGN_OR_RETURN(program.events, internal::ParseEvents(document));
  LOY_ASSIGN_OR_RETURN(program.expiry, internal::ParseExpiry(document));
  LOY_ASSIGN_OR_RETURN(program.tiers, internal::ParseTiers(document));
  return program;
}

boost::json::object ProgramJson(const Program& program) {
  boost::json::object out{{"earning", internal::EarningJson(program.earning)},
                          {"events", internal::EventsJson(program.events)},
                          {"expiry", internal::ExpiryJson(program.expiry)}};
  // Absent rather than empty: a program without tiers reads back as it was written.
  if (program.tiers) out["tiers"] = internal::TiersJson(*program.tiers);
  return out;
}

}  // namespace loyal::program
