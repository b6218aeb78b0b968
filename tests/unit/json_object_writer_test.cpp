// JsonObjectWriter: commas between members only, each value's form (escaped strings, integers,
// null for negative "none", booleans, fixed decimals, string arrays) and nested objects.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "analyzer/json_object_writer.hpp"

using pxescope::JsonObjectWriter;

TEST(JsonObjectWriter, AnEmptyObjectIsTwoBraces) {
  std::string out = "x";
  JsonObjectWriter(out).close();
  EXPECT_EQ(out, "x{}");
}

TEST(JsonObjectWriter, MembersAreSeparatedByCommasAndValuesTakeTheirForm) {
  std::string out;
  JsonObjectWriter(out)
      .string("name", "a \"quoted\"\n")
      .integer("frame", std::uint64_t{18446744073709551615u})
      .integer("error", -1)
      .integer_or_null("status", -1)
      .integer_or_null("port", std::uint16_t{69})
      .boolean("complete", true)
      .boolean("reset", false)
      .fixed("seconds", 1.23456, 3)
      .fixed("confidence", 0.5, 2)
      .strings("missing", {"dhcp.option.value", "tftp.opcode"})
      .strings("none", {})
      .close();
  EXPECT_EQ(out, R"({"name":"a \"quoted\"\n","frame":18446744073709551615,"error":-1,)"
                 R"("status":null,"port":69,"complete":true,"reset":false,"seconds":1.235,)"
                 R"("confidence":0.50,"missing":["dhcp.option.value","tftp.opcode"],"none":[]})");
}

TEST(JsonObjectWriter, MemberLetsTheCallerWriteANestedValue) {
  std::string out;
  JsonObjectWriter outer(out);
  outer.string("a", "1");
  JsonObjectWriter(outer.member("inner")).integer("b", 2).close();
  outer.member("list") += "[]";
  outer.integer("c", 3).close();
  EXPECT_EQ(out, R"({"a":"1","inner":{"b":2},"list":[],"c":3})");
}
