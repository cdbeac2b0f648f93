// OpenAPI schema objects for the order routes (declared in order_json.h). The parsers in
// order_json.cc accept exactly the properties declared here (http::SchemaFields).
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
        "unit_price_micros": {"type": "integer", "minimum": 0},
        "discount_minor": {"type": "integer", "minimum": 0,
                           "description": "the line's own discount in minor units, at most its amount"},
        "category": {"type": "string", "maxLength": 200,
                     "description": "default: the catalog's category of the sku, if any"}}}},
    "discount_minor": {"type": "integer", "minimum": 0,
                       "description": "order discount in minor units, shared among the lines in proportion to their amounts after their own discounts; at most their total"},
    "shipping_minor": {"type": "integer", "minimum": 0,
                       "description": "paid on top of the merchandise; earns no points, not refunded by returns"},
    "tax_minor": {"type": "integer", "minimum": 0,
                  "description": "paid on top of the merchandise; earns no points, not refunded by returns"},
    "points_holds": {"type": "array", "maxItems": 20, "uniqueItems": true,
                     "items": {"type": "string", "pattern": "^hold_"},
                     "description": "holds of the buyer's points (POST /v1/customers/{id}/holds) this order pays with: captured when it is paid, released when it is cancelled before, given back pro rata when its goods are returned or in full when it is cancelled after"}
  }
})json";

const char kOrderSchema[] = R"json({
  "type": "object",
  "properties": {
    "external_id": {"type": "string"},
    "customer_external_id": {"type": "string", "description": "the buyer's id: the shop's, or for a guest order the guest's guest_… id"},
    "placed_at": {"type": "string", "format": "date-time"},
    "placed_day": {"type": "string", "format": "date", "description": "in the shop's time zone"},
    "currency": {"type": "string"},
    "status": {"type": "string", "enum": ["placed", "paid", "shipped", "delivered", "cancelled"]},
    "total": {"type": "string", "description": "decimal, e.g. \"15.30\""},
    "total_minor": {"type": "integer", "description": "minor units (cents)"},
    "discount": {"type": "string"}, "discount_minor": {"type": "integer"},
    "net": {"type": "string"}, "net_minor": {"type": "integer",
            "description": "merchandise after line and order discounts: what returns may refund at most"},
    "shipping": {"type": "string"}, "shipping_minor": {"type": "integer"},
    "tax": {"type": "string"}, "tax_minor": {"type": "integer"},
    "grand_total": {"type": "string"}, "grand_total_minor": {"type": "integer",
                    "description": "net + shipping + tax"},
    "refunded": {"type": "string"}, "refunded_minor": {"type": "integer"},
    "points_holds": {"type": "array", "items": {"type": "string"}},
    "lines": {"type": "array", "items": {"type": "object", "properties": {
      "line_no": {"type": "integer"}, "sku": {"type": "string"}, "quantity": {"type": "integer"},
      "unit_price": {"type": "string"}, "unit_price_micros": {"type": "integer"},
      "amount": {"type": "string"}, "amount_minor": {"type": "integer"},
      "discount": {"type": "string"}, "discount_minor": {"type": "integer"},
      "net": {"type": "string"}, "net_minor": {"type": "integer"},
      "category": {"type": ["string", "null"]},
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
                     "description": "default: the returned goods' value after discounts; all refunds of an order total at most its net merchandise (shipping and tax are not refunded through returns)"},
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
