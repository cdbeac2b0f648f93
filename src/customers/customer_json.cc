#include "customers/customer_json.h"

#include "http/json_fields.h"

namespace loyal::customers {
namespace {

boost::json::value OptJson(const std::optional<std::string>& text) {
  return text ? boost::json::value(*text) : boost::json::value(nullptr);
}

}  // namespace

const char kCustomerInputSchema[] = R"json({
  "type": "object", "additionalProperties": false, "required": ["external_id"],
  "properties": {
    "external_id": {"type": "string", "maxLength": 128, "description": "the shop's customer id"},
    "email": {"type": ["string", "null"], "format": "email"},
    "name": {"type": ["string", "null"], "maxLength": 200},
    "country": {"type": ["string", "null"], "description": "ISO 3166-1 alpha-2, e.g. GB"},
    "birthday": {"type": ["string", "null"], "format": "date"},
    "marketing_consent": {"type": "boolean"},
    "kind": {"type": "string", "enum": ["customer", "prospect"]}
  },
  "description": "A merge: on update, fields left out keep their stored values and a field given as null is cleared (external_id, marketing_consent and kind cannot be null)"
})json";

const char kCustomerSchema[] = R"json({
  "type": "object",
  "properties": {
    "external_id": {"type": "string", "description": "the shop's id; for a guest customer Loyal's guest_… id, derived from the guest's order (GET /v1/customers/{id} takes either)"},
    "kind": {"type": "string", "enum": ["customer", "guest", "prospect"]},
    "email": {"type": ["string", "null"]},
    "name": {"type": ["string", "null"]},
    "country": {"type": ["string", "null"]},
    "birthday": {"type": ["string", "null"], "format": "date"},
    "marketing_consent": {"type": "boolean"},
    "created_at": {"type": "string", "format": "date-time"},
    "updated_at": {"type": "string", "format": "date-time"}
  }
})json";

Result<CustomerInput> ParseCustomerInput(const boost::json::object& body) {
  // The accepted fields are the schema's, so the two cannot drift apart.
  static const std::vector<std::string> kFields = http::SchemaFields(kCustomerInputSchema);
  LOY_RETURN_IF_ERROR(http::RejectUnknownFields(body, kFields));
  LOY_RETURN_IF_ERROR(http::RejectNulls(body, {"marketing_consent", "kind"}));
  CustomerInput in;
  for (const char* name : {"email", "name", "country", "birthday"}) {
    if (http::IsExplicitNull(body, name)) in.cleared.emplace_back(name);
  }
  LOY_ASSIGN_OR_RETURN(in.external_id, http::RequiredString(body, "external_id"));
  LOY_ASSIGN_OR_RETURN(in.email, http::OptionalString(body, "email"));
  LOY_ASSIGN_OR_RETURN(in.name, http::OptionalString(body, "name"));
  LOY_ASSIGN_OR_RETURN(in.country, http::OptionalString(body, "country"));
  LOY_ASSIGN_OR_RETURN(in.birthday, http::OptionalDate(body, "birthday"));
  LOY_ASSIGN_OR_RETURN(in.marketing_consent, http::OptionalBool(body, "marketing_consent"));
  LOY_ASSIGN_OR_RETURN(auto kind, http::OptionalString(body, "kind"));
  if (kind) {
    LOY_ASSIGN_OR_RETURN(in.kind, ParseKind(*kind));
  }
  return in;
}

boost::json::object CustomerJson(const Customer& c) {
  boost::json::object out;
  out["external_id"] = OptJson(PublicId(c));
  out["kind"] = KindName(c.kind);
  out["email"] = OptJson(c.email);
  out["name"] = OptJson(c.name);
  out["country"] = OptJson(c.country);
  out["birthday"] =
      c.birthday ? boost::json::value(FormatDate(*c.birthday)) : boost::json::value(nullptr);
  out["marketing_consent"] = c.marketing_consent;
  out["created_at"] = FormatTimestamp(c.created_at);
  out["updated_at"] = FormatTimestamp(c.updated_at);
  return out;
}

}  // namespace loyal::customers
