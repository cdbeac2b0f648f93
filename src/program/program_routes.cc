#include "program/program_routes.h"

#include <boost/json/array.hpp>
#include <charconv>

#include "http/paging.h"
#include "program/program_json.h"
#include "program/program_service.h"

namespace loyal::program {
namespace {

constexpr char kVersionsList[] = "program_versions";

// The members are described in docs/loyalty.md; the parser checks each in depth.
constexpr char kProgramDocumentSchema[] = R"({
  "type": "object", "additionalProperties": false,
  "description": "the program document (docs/loyalty.md); decimals are strings, amounts integers of minor units",
  "properties": {
    "earning": {"type": "object", "description": "rates, rounding, multipliers, minimum order, bonuses, guests_earn"},
    "events": {"type": "array", "items": {"type": "object", "properties": {
      "name": {"type": "string"}, "points": {"type": "integer"},
      "cap": {"type": "object", "properties": {"count": {"type": "integer"},
        "per": {"type": "string", "enum": ["day", "week", "month", "year", "lifetime"]}}}}}},
    "expiry": {"type": "object", "properties": {
      "policy": {"type": "string", "enum": ["never", "after_earning", "after_inactivity"]},
      "months": {"type": "integer"}, "round_to_month_end": {"type": "boolean"},
      "warning_days": {"type": "integer"}}},
    "rewards": {"type": "array", "description": "the rewards catalog: items as PUT /v1/rewards/{code} takes them"}
  }
})";

std::string VersionSchema() {
  return std::string(R"({"type": "object", "properties": {
    "version": {"type": "integer"}, "created_at": {"type": "string", "format": "date-time"},
    "created_by": {"type": "string"}, "document": )") +
         kProgramDocumentSchema + "}}";
}

boost::json::object VersionJson(const ProgramVersion& v) {
  return boost::json::object{{"version", v.version},
                             {"created_at", FormatTimestamp(v.created_at)},
                             {"created_by", v.created_by},
                             {"document", ProgramJson(v.program)}};
}

Result<int64_t> VersionNumber(const std::string& text) {
  int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n < 1) {
    return NotFound("no program version " + std::string(text.size() <= 20 ? text : "given"));
  }
  return n;
}

http::Response Current(db::Database& db) {
  auto current = db::WithReadTransaction(db, CurrentProgram);
  if (!current) return http::ErrorResponse(current.error());
  if (!*current) {
    return http::ErrorResponse(
        Error{ErrorCode::kNotFound, "the shop has no program yet: PUT /v1/program", {}});
  }
  return http::JsonResponse(VersionJson(**current));
}

Result<http::TransactionWork> Put(const http::Request& request, const Clock& clock) {
  LOY_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(request.body));
  LOY_ASSIGN_OR_RETURN(Program program, ParseProgram(body));
  std::string by = "api key " + std::to_string(request.caller.api_key_id);
  return [program = std::move(program), by = std::move(by),
          &clock](db::Transaction& tx) -> Result<http::Response> {
    LOY_ASSIGN_OR_RETURN(PutProgramResult put, PutProgram(tx, program, by, clock.Now()));
    return http::JsonResponse(VersionJson(put.version), put.created ? 201 : 200);
  };
}

http::Response List(const http::Request& request, db::Database& db) {
  auto page = http::ReadPageRequest(request, kVersionsList);
  if (!page) return http::ErrorResponse(page.error());
  std::optional<int64_t> before;
  if (!page->after.empty()) {
    auto n = VersionNumber(page->after);
    if (!n) return http::ErrorResponse(Error{ErrorCode::kInvalidArgument, "bad cursor", "after"});
    before = *n;
  }
  auto versions = db::WithReadTransaction(
      db, [&](db::Transaction& tx) { return ListProgramVersions(tx, before, page->limit); });
  if (!versions) return http::ErrorResponse(versions.error());
  boost::json::array items;
  for (const ProgramVersion& v : *versions) items.push_back(VersionJson(v));
  const bool full = static_cast<int>(versions->size()) == page->limit;
  boost::json::object out{{"versions", std::move(items)}};
  http::WriteNextAfter(out, kVersionsList,
                       full ? std::to_string(versions->back().version) : std::string());
  return http::JsonResponse(out);
}

http::Response Get(const http::Request& request, db::Database& db) {
  auto version = VersionNumber(request.path_params.at("n")).and_then([&](int64_t n) {
    return db::WithReadTransaction(db,
                                   [&](db::Transaction& tx) { return GetProgramVersion(tx, n); });
  });
  if (!version) return http::ErrorResponse(version.error());
  return http::JsonResponse(VersionJson(*version));
}

}  // namespace

void AddProgramRoutes(http::Router& router, db::Database& db, const Clock& clock) {
  router.Add({.method = "GET",
              .pattern = "/v1/program",
              .min_role = http::Role::kAdmin,
              .summary = "The loyalty program in force (404 before the first)",
              .request_schema = "",
              .response_schema = VersionSchema(),
              .error_statuses = {404}},
             [&db](const http::Request&) { return Current(db); });
  router.AddWrite({.method = "PUT",
                   .pattern = "/v1/program",
                   .min_role = http::Role::kAdmin,
                   .requires_idempotency_key = false,  // the same document is the same version
                   .summary = "Make a document the program in force (201 a new version; 200 it "
                              "already was)",
                   .request_schema = kProgramDocumentSchema,
                   .response_schema = VersionSchema(),
                   .success_statuses = {201, 200},
                   .error_statuses = {422}},
                  [&clock](const http::Request& r) { return Put(r, clock); });
  router.Add({.method = "GET",
              .pattern = "/v1/program/versions",
              .min_role = http::Role::kAdmin,
              .summary = "Every version of the program, newest first",
              .request_schema = "",
              .response_schema = http::PageSchema("versions", VersionSchema()),
              .query_params = http::PageQueryParams("version, newest first")},
             [&db](const http::Request& r) { return List(r, db); });
  router.Add({.method = "GET",
              .pattern = "/v1/program/versions/{n}",
              .min_role = http::Role::kAdmin,
              .summary = "One version of the program, as it was put",
              .request_schema = "",
              .response_schema = VersionSchema()},
             [&db](const http::Request& r) { return Get(r, db); });
}

}  // namespace loyal::program
