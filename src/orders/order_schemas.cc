// OpenAPI schema objects for the order routes (declared in order_json.h), kept beside the
// parsers' field lists in order_json.cc: a field added there belongs here too.
#include "orders/order_json.h"

namespace loyal::orders {

const char kOrderInputSchema[] = R"json({
  "type": "object", "additionalProperties": false,
  "required": ["external_id", "currency", "lines"],
  "properties": {
    "external_id": {"type": "string", "maxLength": 128,
                    "description": "the shop's order id; resending the same order replays it"},
    "customer": {"type": "object", "additionalProperties": false,
                 "description": "the buyer; without external_id the order is a guest order",
                 "properties": {"external_id": {"type": "string", "maxLength": 128},
                                "email": {"type": "string", "format": "email"},
                                "name": {"type": "string"}}},
    "placed_at": {"type": "string", "format": "date-time",
                  "description": "ISO 8601; without an offset, the shop's time zone; default now"},
    "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
    "status": {"type": "string", "enum": ["placed", "paid", "shipped", "delivered", "cancelled"]},
    "lines": {"type": "array", "minItems": 1, "maxItems": 1000, "items": {
      "type": "object", "additionalProperties": false, "required": ["sku", "quantity"],
      "properties": {
        "sku": {"type": "string", "maxLength": 128},
        "quantity": {"type": "integer", "minimum": 1},
        "unit_price": {"type": "string", "pattern": "^[0-9]+(\\.[0-9]{1,6})?$",
                       "description": "decimal string, e.g. \"2.55\"; or unit_price_micros"},
        "unit_price_micros": {"type": "integer", "minimum": 0}}}}
  }
})json";

const char kOrderSchema[] = R"json({
  "type": "object",
  "properties": {
    "external_id": {"type": "string"},
    "customer_external_id": {"type": ["string", "null"], "description": "null: guest order"},
    "placed_at": {"type": "string", "format": "date-time"},
    "placed_day": {"type": "string", "format": "date", "description": "in the shop's time zone"},
    "currency": {"type": "string"},
    "status": {"type": "string", "enum": ["placed", "paid", "shipped", "delivered", "cancelled"]},
    "total": {"type": "string", "description": "decimal, e.g. \"15.30\""},
    "total_minor": {"type": "integer", "description": "minor units (cents)"},
    "refunded": {"type": "string"}, "refunded_minor": {"type": "integer"},
    "lines": {"type": "array", "items": {"type": "object", "properties": {
      "line_no": {"type": "integer"}, "sku": {"type": "string"}, "quantity": {"type": "integer"},
      "unit_price": {"type": "string"}, "unit_price_micros": {"type": "integer"},
      "amount": {"type": "string"}, "amount_minor": {"type": "integer"},
      "returned_quantity": {"type": "integer"}}}},
    "created_at": {"type": "string", "format": "date-time"},
    "updated_at": {"type": "string", "format": "date-time"}
  }
})json";

const char kReturnInputSchema[] = R"json({
  "type": "object", "additionalProperties": false, "required": ["external_id", "lines"],
  "properties": {
    "external_id": {"type": "string", "maxLength": 128,
                    "description": "the shop's return id; resending the same return replays it"},
    "lines": {"type": "array", "minItems": 1, "items": {
      "type": "object", "additionalProperties": false, "required": ["quantity"],
      "description": "give line_no or sku (spread over that sku's lines)",
      "properties": {"line_no": {"type": "integer", "minimum": 0},
                     "sku": {"type": "string"},
                     "quantity": {"type": "integer", "minimum": 1}}}},
    "refund_minor": {"type": "integer", "minimum": 0,
                     "description": "default: the returned goods' value"},
    "returned_at": {"type": "string", "format": "date-time"}
  }
})json";

const char kReturnSchema[] = R"json({
  "type": "object",
  "properties": {
    "external_id": {"type": "string"},
    "order_external_id": {"type": ["string", "null"]},
    "currency": {"type": "string"},
    "refund": {"type": "string"}, "refund_minor": {"type": "integer"},
    "returned_at": {"type": "string", "format": "date-time"},
    "returned_day": {"type": "string", "format": "date"},
    "lines": {"type": "array", "items": {"type": "object", "properties": {
      "line_no": {"type": "integer"}, "order_line_no": {"type": ["integer", "null"]},
      "sku": {"type": "string"}, "quantity": {"type": "integer"},
      "amount": {"type": "string"}, "amount_minor": {"type": "integer"}}}},
    "created_at": {"type": "string", "format": "date-time"}
  }
})json";

const char kStatusChangeSchema[] = R"json({
  "type": "object", "additionalProperties": false, "required": ["status"],
  "properties": {"status": {"type": "string",
    "enum": ["placed", "paid", "shipped", "delivered", "cancelled"],
    "description": "placed -> paid -> shipped -> delivered; cancelled from placed or paid"}}
})json";

}  // namespace loyal::orders
