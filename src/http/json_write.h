// How every room writes values into response JSON, so the API and the CLI's --json say
// things one way: an amount of money is "x_minor" (an integer of minor units) beside "x"
// (the same amount as an exact decimal string), next to the currency the object names; an
// estimate of money is rounded to minor units and written the same way; and JSON text is
// produced by SerializeJson, which writes doubles (estimates, shares) as plain decimals
// ("0.1", "39.0", never "1E-1") where Boost.JSON's serializer writes exponents.
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace loyal::http {

// Sets out[name + "_minor"] = minor and out[name] = its decimal text with `exponent`
// digits after the point: ("refunded", 510, 2) -> "refunded_minor": 510, "refunded": "5.10".
void PutMoney(boost::json::object& out, std::string_view name, int64_t minor, int exponent);

// The same for an amount that may be unknown (an estimate that is not finite): both
// members are null when `minor` is nullopt.
void PutMoney(boost::json::object& out, std::string_view name, std::optional<int64_t> minor,
              int exponent);

// Returns `value` as compact JSON text, as boost::json::serialize would, except that a
// double is written as the shortest plain decimal that reads back as the same double, with
// a point ("1.0", "0.000012", "6762696.25"); integers stay integers. Non-finite doubles,
// which JSON cannot hold, are written as null.
std::string SerializeJson(const boost::json::value& value);

}  // namespace loyal::http
