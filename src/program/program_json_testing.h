// Test helpers for the program document's JSON tests: parse a document from text, the code
// and field of a refused one for one-line expectations, and the round trip of a canonical one.
#pragma once

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <string>
#include <string_view>
#include <utility>

#include "program/program_json.h"

namespace loyal::program::testing {

inline Result<Program> Parse(std::string_view text) {
  return ParseProgram(boost::json::parse(text).as_object());
}

// The error's code and field; a document that parses fails the test and gives internal.
inline std::pair<ErrorCode, std::string> Refusal(std::string_view text) {
  auto program = Parse(text);
  EXPECT_FALSE(program) << text;
  if (program) return {ErrorCode::kInternal, ""};
  return {program.error().code, program.error().field};
}

// Expects the canonical document `canonical` to parse back to a program that writes it again.
inline void ExpectParsesBackToItself(const boost::json::object& canonical) {
  auto again = ParseProgram(canonical);
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_EQ(boost::json::serialize(ProgramJson(*again)), boost::json::serialize(canonical));
}

}  // namespace loyal::program::testing
