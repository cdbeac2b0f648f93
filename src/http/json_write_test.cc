#include "http/json_write.h"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <string>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace loyal::http {
namespace {

namespace json = boost::json;

TEST(JsonWriteTest, PutMoneyWritesMinorUnitsAndTheExactDecimal) {
  json::object out;
  PutMoney(out, "refunded", int64_t{510}, 2);
  PutMoney(out, "total", int64_t{-5}, 3);
  PutMoney(out, "price", int64_t{1500}, 0);
  PutMoney(out, "clv", std::optional<int64_t>(), 2);
  EXPECT_EQ(json::serialize(out),
            R"({"refunded":"5.10","refunded_minor":510,"total":"-0.005","total_minor":-5,)"
            R"("price":"1500","price_minor":1500,"clv":null,"clv_minor":null})");
}

TEST(JsonWriteTest, DoublesArePlainDecimalsAndIntegersStayIntegers) {
  const json::value v = json::object{{"one", 1.0},
                                     {"tenth", 0.1},
                                     {"tiny", 1.2e-7},
                                     {"big", 6762696.004813331},
                                     {"negative", -39.5},
                                     {"count", 2121},
                                     {"unsigned", uint64_t{7}},
                                     {"nan", std::nan("")},
                                     {"inf", HUGE_VAL},
                                     {"list", json::array{1.0, 2, "x\"y", nullptr, true}}};
  EXPECT_EQ(SerializeJson(v), R"({"one":1.0,"tenth":0.1,"tiny":0.00000012,"big":6762696.004813331,)"
                              R"("negative":-39.5,"count":2121,"unsigned":7,"nan":null,"inf":null,)"
                              R"("list":[1.0,2,"x\"y",null,true]})");
}

// Exactly by a correctly rounding reader (Boost.JSON 1.81's own parser trades the last bits
// of long numbers for speed), and as doubles by Boost's.
TEST(JsonWriteTest, SerializedDoublesReadBackExactly) {
  for (double d : {0.1, 1.0 / 3, 5e-324, 1.7976931348623157e308, -0.0, 123456789.125}) {
    const std::string text = SerializeJson(json::value(d));
    double back = 0;
    const auto read = std::from_chars(text.data(), text.data() + text.size(), back);
    ASSERT_EQ(read.ec, std::errc()) << text;
    EXPECT_EQ(read.ptr, text.data() + text.size()) << text;
    EXPECT_EQ(back, d) << text;
    EXPECT_TRUE(json::parse(text).is_double()) << text;
  }
}

TEST(JsonWriteTest, EverythingButDoublesMatchesBoost) {
  const json::value v = json::parse(
      R"({"a":[1,-2,{"b":"\u00e9\n"}],"c":{},"d":[],"e":false,"f":null,"g":18446744073709551615})");
  EXPECT_EQ(SerializeJson(v), json::serialize(v));
}

}  // namespace
}  // namespace loyal::http
