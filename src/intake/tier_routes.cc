#include "intake/tier_routes.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "customers/customer_service.h"
#include "http/customer_tokens.h"
#include "http/paging.h"
#include "intake/tier_effects.h"
#include "program/program_json.h"
#include "settings/settings_service.h"

namespace loyal::intake {
namespace {

using boost::json::object;
using boost::json::value;

constexpr char kAmountsSchema[] = R"json({"type": "object", "description":
  "per basis the program uses: spend_minor per currency (minor units), orders, points",
  "properties": {"spend_minor": {"type": "object", "additionalProperties": {"type": "integer"}},
    "orders": {"type": "integer"}, "points": {"type": "integer"}}})json";

std::string TierSchema() {
  const std::string amounts = kAmountsSchema;
  const std::string date = R"json({"type": ["string", "null"], "format": "date"})json";
  return R"json({"type": "object", "properties": {
    "customer_id": {"type": "string"}, "program_version": {"type": "integer"},
    "tier": {"type": "object", "properties": {"code": {"type": "string"},
      "name": {"type": "string"}, "benefits": {"type": "object"}}},
    "since": {"type": ["string", "null"], "format": "date-time",
      "description": "when the member reached the tier; null: held since membership began"},
    "member_since": {"type": "string", "format": "date"},
    "window": {"type": "object", "properties": {"kind": {"type": "string"},
      "first_day": {"type": "string", "format": "date"}, "last_day": )json" +
         date + R"json(}},
    "amounts": )json" +
         amounts + R"json(,
    "next": {"type": ["object", "null"], "description": "null at the top tier; reaching any basis's missing amount qualifies",
      "properties": {"code": {"type": "string"}, "name": {"type": "string"}, "missing": )json" +
         amounts + R"json(}},
    "retain": {"type": ["object", "null"], "description": "null at the base tier",
      "properties": {"thresholds": )json" +
         amounts + R"json(, "met": {"type": "boolean"},
        "below_since": )json" +
         date + R"json(, "falls_below_on": )json" + date + R"json(, "missing_then": )json" +
         amounts + R"json(, "downgrade_on": )json" + date +
         R"json(}},
    "projected": {"type": "object", "description": "the tier at the window's end if nothing more is bought",
      "properties": {"on": {"type": "string", "format": "date"}, "code": {"type": "string"},
        "name": {"type": "string"}}}}})json";
}

value OptDate(const std::optional<DayNumber>& day) {
  return day ? value(FormatDate(*day)) : value(nullptr);
}

object LevelJson(const program::TierLevel& level) {
  return object{{"code", level.code}, {"name", level.name}};
}

object TierJson(const std::string& id, const program::ProgramVersion& version,
                const MemberTierFacts& facts) {
  const program::TierRules& rules = *version.program.tiers;
  const size_t level = facts.member.state.level;
  const program::TierAmounts amounts =
      program::AmountsInWindow(rules, facts.dated, facts.today, facts.member_since);
  const auto bounds = program::WindowBounds(rules.window, facts.today, facts.member_since);
  object tier = LevelJson(rules.levels[level]);
  tier["benefits"] = program::TierBenefitsJson(rules.levels[level].benefits);
  object out{{"customer_id", id}, {"program_version", version.version}, {"tier", tier}};
  out["since"] = facts.member.stored && facts.member.state.level != 0
                     ? value(FormatTimestamp(facts.member.stored->since_at))
                     : value(nullptr);
  out["member_since"] = FormatDate(facts.member_since);
  // Rolling and lifetime windows end today; the year windows on their last day.
  const bool open_ended = rules.window == program::TierWindow::kRolling12Months ||
                          rules.window == program::TierWindow::kLifetime;
  out["window"] = object{{"kind", NameOf(program::kTierWindowNames, rules.window)},
                         {"first_day", FormatDate(bounds.first)},
                         {"last_day", FormatDate(open_ended ? facts.today : bounds.end - 1)}};
  out["amounts"] = program::TierAmountsJson(rules, amounts);
  out["next"] = nullptr;
  if (auto progress = program::ProgressToNext(rules, level, amounts)) {
    object next = LevelJson(rules.levels[progress->next_level]);
    next["missing"] = program::TierAmountsJson(rules, progress->missing);
    out["next"] = std::move(next);
  }
  const program::TierOutlook outlook =
      program::ProjectTier(rules, facts.member.state, facts.dated, facts.today, facts.member_since);
  out["retain"] = nullptr;
  if (level > 0) {
    out["retain"] =
        object{{"thresholds", program::TierAmountsJson(rules, rules.levels[level].retain)},
               {"met", program::Retains(rules, level, amounts)},
               {"below_since", OptDate(facts.member.state.below_retain_since)},
               {"falls_below_on", OptDate(outlook.below_retain_on)},
               {"missing_then", program::TierAmountsJson(rules, outlook.retain_missing)},
               {"downgrade_on", OptDate(outlook.downgrade_on)}};
  }
  object projected = LevelJson(rules.levels[outlook.projected_level]);
  projected["on"] = FormatDate(outlook.projected_on);
  out["projected"] = std::move(projected);
  return out;
}

Result<std::shared_ptr<const program::ProgramVersion>> ProgramWithTiers(
    db::Transaction& tx, program::ProgramCache& programs) {
  LOY_ASSIGN_OR_RETURN(auto current, programs.Current(tx));
  if (!current || !current->program.tiers) {
    return NotFound("the program in force has no tiers");
  }
  return current;
}

http::Response Tier(const http::Request& request, db::Database& db, const Clock& clock,
                    program::ProgramCache& programs) {
  const std::string& id = request.path_params.at("id");
  if (Status allowed = http::AuthorizeCustomer(request.caller, id); !allowed) {
    return http::ErrorResponse(allowed.error());
  }
  const Timestamp now = clock.Now();
  auto out = db::WithReadTransaction(db, [&](db::Transaction& tx) -> Result<object> {
    LOY_ASSIGN_OR_RETURN(customers::Customer customer, customers::GetCustomer(tx, id));
    LOY_ASSIGN_OR_RETURN(auto version, ProgramWithTiers(tx, programs));
    LOY_ASSIGN_OR_RETURN(settings::ShopSettings shop, settings::Load(tx));
    LOY_ASSIGN_OR_RETURN(auto facts, ReadMemberTierFacts(tx, customer.customer_id,
                                                         *version->program.tiers, shop, now));
    return TierJson(id, *version, facts);
  });
  if (!out) return http::ErrorResponse(out.error());
  return http::JsonResponse(*out);
}

constexpr char kMoveSchema[] = R"json({"type": "object", "properties": {
  "from": {"type": "string"}, "to": {"type": "string"},
  "reason": {"type": "string", "enum": ["order", "status", "return", "event", "daily", "backfill"]},
  "reference": {"type": ["string", "null"], "description": "the order's, return's or event's id"},
  "program_version": {"type": "integer"}, "moved_at": {"type": "string", "format": "date-time"}}})json";

// Cursors are bound to the customer's own list, so one cannot page another's history.
std::string CursorList(const std::string& customer_id) { return "tier_history:" + customer_id; }

http::Response History(const http::Request& request, db::Database& db) {
  const std::string& id = request.path_params.at("id");
  if (Status allowed = http::AuthorizeCustomer(request.caller, id); !allowed) {
    return http::ErrorResponse(allowed.error());
  }
  auto page = http::ReadPageRequest(request, CursorList(id));
  if (!page) return http::ErrorResponse(page.error());
  auto moves =
      db::WithReadTransaction(db, [&](db::Transaction& tx) -> Result<program::TierMovePage> {
        LOY_ASSIGN_OR_RETURN(customers::Customer customer, customers::GetCustomer(tx, id));
        return program::ListTierMoves(tx, customer.customer_id, page->after, page->limit);
      });
  if (!moves) return http::ErrorResponse(moves.error());
  boost::json::array items;
  for (const auto& m : moves->moves) {
    items.push_back(object{{"from", m.from_level},
                           {"to", m.to_level},
                           {"reason", m.reason},
                           {"reference", m.reference ? value(*m.reference) : value(nullptr)},
                           {"program_version", m.program_version},
                           {"moved_at", FormatTimestamp(m.moved_at)}});
  }
  object out{{"moves", std::move(items)}};
  http::WriteNextAfter(out, CursorList(id), moves->next_position);
  return http::JsonResponse(out);
}

}  // namespace

void AddTierRoutes(http::Router& router, db::Database& db, const Clock& clock,
                   program::ProgramCache& programs) {
  router.Add(
      {.method = "GET",
       .pattern = "/v1/customers/{id}/tier",
       .min_role = http::Role::kStorefront,
       .summary = "A customer's member tier: since when, what counts in the window, "
                  "progress to the next, what keeping it needs and by when, and the "
                  "tier projected at the window's end (storefront: with the "
                  "customer's X-Customer-Token)",
       .request_schema = "",
       .response_schema = TierSchema(),
       .error_statuses = {403}},
      [&db, &clock, &programs](const http::Request& r) { return Tier(r, db, clock, programs); });
  router.Add({.method = "GET",
              .pattern = "/v1/customers/{id}/tier/history",
              .min_role = http::Role::kStorefront,
              .summary = "A customer's tier moves, newest first, each with its reason",
              .request_schema = "",
              .response_schema = http::PageSchema("moves", kMoveSchema),
              .query_params = http::PageQueryParams("newest first"),
              .error_statuses = {403}},
             [&db](const http::Request& r) { return History(r, db); });
}

}  // namespace loyal::intake
