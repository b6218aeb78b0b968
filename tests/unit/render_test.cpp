// The renderers: JSON escaping, typing and structure (checked by parsing with nlohmann),
// and the tshark -V style text tree.
#include "analyzer/render.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

using namespace pxescope;
using nlohmann::json;

namespace {

std::string json_string(std::string_view s) {
  std::string out;
  append_json_string(s, out);
  return out;
}

// A small tree shaped like the dissector's: dhcp > option > fields, with every value kind.
FieldTree sample_tree() {
  FieldTree t;
  NodeId dhcp = t.add(kNoNode, "dhcp", 42, 300);
  t.set_text(dhcp, "Dynamic Host Configuration Protocol (Discover)");
  NodeId xid = t.add(dhcp, "dhcp.id", 46, 4);
  t.set_uint(xid, 0x9935c4c7);
  t.set_text(xid, "Transaction ID: 0x9935c4c7");
  NodeId opt = t.add(dhcp, "dhcp.option.type", 282, 3);
  t.set_uint(opt, 53);
  t.set_text(opt, "Option: (53) DHCP Message Type (Discover)");
  NodeId len = t.add(opt, "dhcp.option.length", 283, 1);
  t.set_uint(len, 1);
  t.set_text(len, "Length: 1");
  t.warn(len, Severity::Warn, "length \"odd\"");
  NodeId signed_node = t.add(dhcp, "dhcp.option.time_offset", 290, 4);
  t.set_int(signed_node, -3600);
  NodeId flag = t.add(dhcp, "dhcp.flags.bc", 52, 2);
  t.set_bool(flag, true);
  t.set_text(flag, "Broadcast flag: Broadcast");
  NodeId mac = t.add(dhcp, "dhcp.hw.mac_addr", 70, 6);
  t.set_string(mac, "52:54:00:7b:be:06");
  NodeId bare = t.add(dhcp, "dhcp.option.end", 340, 1);
  t.warn(bare, Severity::Error, "junk after END");
  t.warn(bare, Severity::Note, "second");
  NodeId eth = t.add(kNoNode, "eth", 0, 14);
  t.set_text(eth, "Ethernet II");
  return t;
}

}  // namespace

TEST(RenderJsonString, EscapesQuotesBackslashAndControlChars) {
  EXPECT_EQ(json_string("plain"), "\"plain\"");
  EXPECT_EQ(json_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(json_string("\n\r\t\b\f"), "\"\\n\\r\\t\\b\\f\"");
  EXPECT_EQ(json_string(std::string_view("\x00\x01\x1f", 3)), "\"\\u0000\\u0001\\u001f\"");
  EXPECT_EQ(json_string("\x7f"), "\"\x7f\"");  // DEL is legal in JSON strings
  EXPECT_EQ(json_string(""), "\"\"");
}

TEST(RenderJsonString, KeepsValidUtf8AndReplacesInvalidBytes) {
  EXPECT_EQ(json_string("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
            "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
  EXPECT_EQ(json_string("a\xff"
                        "b"),
            "\"a\\ufffdb\"");
  EXPECT_EQ(json_string("\xc3"), "\"\\ufffd\"");                        // truncated sequence
  EXPECT_EQ(json_string("\xc0\xaf"), "\"\\ufffd\\ufffd\"");             // overlong '/'
  EXPECT_EQ(json_string("\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");  // surrogate
  EXPECT_EQ(json_string("\xf4\x90\x80\x80"), "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");  // > U+10FFFF
  EXPECT_EQ(json_string("\x80"), "\"\\ufffd\"");  // stray continuation
}

TEST(RenderJsonString, EveryByteValueGivesParseableJsonThatRoundTripsAscii) {
  std::string all;
  for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
  const std::string out = json_string(all);
  json parsed = json::parse(out);  // throws on invalid JSON or invalid UTF-8
  const std::string back = parsed.get<std::string>();
  EXPECT_EQ(back.substr(0, 128), all.substr(0, 128));
  // In ascending order no byte >= 0x80 starts a valid sequence (a lead byte is followed by
  // another lead byte), so each of the 128 becomes U+FFFD (3 bytes in UTF-8).
  EXPECT_EQ(back.size(), 128u + 128u * 3u);
}

TEST(RenderJson, NodeHasAllKeysTypedValuesAndNestedChildren) {
  FieldTree t = sample_tree();
  std::string out;
  append_fields_json(t, out);
  json fields = json::parse(out);
  ASSERT_TRUE(fields.is_array());
  ASSERT_EQ(fields.size(), 2u);
  const json& dhcp = fields[0];
  for (const char* key : {"name", "value", "text", "offset", "length", "children", "warnings"})
    EXPECT_TRUE(dhcp.contains(key)) << key;
  EXPECT_EQ(dhcp["name"], "dhcp");
  EXPECT_TRUE(dhcp["value"].is_null());
  EXPECT_EQ(dhcp["offset"], 42);
  EXPECT_EQ(dhcp["length"], 300);
  ASSERT_EQ(dhcp["children"].size(), 6u);

  const json& xid = dhcp["children"][0];
  EXPECT_TRUE(xid["value"].is_number_unsigned());
  EXPECT_EQ(xid["value"], 0x9935c4c7u);
  EXPECT_EQ(xid["text"], "Transaction ID: 0x9935c4c7");

  const json& opt = dhcp["children"][1];
  ASSERT_EQ(opt["children"].size(), 1u);
  const json& len = opt["children"][0];
  EXPECT_EQ(len["name"], "dhcp.option.length");
  ASSERT_EQ(len["warnings"].size(), 1u);
  EXPECT_EQ(len["warnings"][0]["severity"], "warn");
  EXPECT_EQ(len["warnings"][0]["message"], "length \"odd\"");

  EXPECT_TRUE(dhcp["children"][2]["value"].is_number_integer());
  EXPECT_EQ(dhcp["children"][2]["value"], -3600);
  EXPECT_TRUE(dhcp["children"][3]["value"].is_boolean());
  EXPECT_EQ(dhcp["children"][3]["value"], true);
  EXPECT_EQ(dhcp["children"][4]["value"], "52:54:00:7b:be:06");
  // No stored text: the registry's default line ("Description: value"), made by the writer.
  EXPECT_EQ(dhcp["children"][4]["text"], "Client MAC address: 52:54:00:7b:be:06");
  const json& end = dhcp["children"][5];
  ASSERT_EQ(end["warnings"].size(), 2u);
  EXPECT_EQ(end["warnings"][0]["severity"], "error");
  EXPECT_EQ(end["warnings"][1]["severity"], "note");
  EXPECT_TRUE(end["children"].empty());

  EXPECT_EQ(fields[1]["name"], "eth");
}

TEST(RenderJson, ExtremeNumbersAndEmptyTree) {
  FieldTree t;
  NodeId a = t.add(kNoNode, "big", 0, 8);
  t.set_uint(a, 18446744073709551615ull);
  NodeId b = t.add(kNoNode, "small", 0, 8);
  t.set_int(b, INT64_MIN);
  std::string out;
  append_fields_json(t, out);
  json j = json::parse(out);
  EXPECT_EQ(j[0]["value"].get<std::uint64_t>(), 18446744073709551615ull);
  EXPECT_EQ(j[1]["value"].get<std::int64_t>(), INT64_MIN);

  FieldTree empty;
  out.clear();
  append_fields_json(empty, out);
  EXPECT_EQ(out, "[]");
}

TEST(RenderJson, AppendsWithoutTouchingWhatIsAlreadyThere) {
  FieldTree t = sample_tree();
  std::string out = "{\"frame\":1,\"fields\":";
  append_fields_json(t, out);
  out += '}';
  json j = json::parse(out);
  EXPECT_EQ(j["frame"], 1);
  EXPECT_EQ(j["fields"].size(), 2u);
}

TEST(RenderText, IndentsFourSpacesPerLevelAndShowsWarnings) {
  FieldTree t = sample_tree();
  std::string out;
  append_tree_text(t, out);
  const std::string expected =
      "Dynamic Host Configuration Protocol (Discover)\n"
      "    Transaction ID: 0x9935c4c7\n"
      "    Option: (53) DHCP Message Type (Discover)\n"
      "        Length: 1\n"
      "            [warn: length \"odd\"]\n"
      "    Time Offset: -3600\n"
      "    Broadcast flag: Broadcast\n"
      "    Client MAC address: 52:54:00:7b:be:06\n"
      "    Option End\n"
      "        [error: junk after END]\n"
      "        [note: second]\n"
      "Ethernet II\n";
  EXPECT_EQ(out, expected);
}

TEST(RenderText, BaseIndentShiftsEverything) {
  FieldTree t;
  NodeId a = t.add(kNoNode, "a", 0, 1);
  t.set_text(a, "A");
  NodeId b = t.add(a, "b", 0, 1);
  t.set_text(b, "B");
  std::string out;
  append_tree_text(t, out, 1);
  EXPECT_EQ(out, "    A\n        B\n");
}

TEST(RenderJsonString, LongStringsWithSpecialsAtEveryPositionRoundTrip) {
  // Exercises the 16-bytes-a-step path: a special byte at each offset of a 40-byte string.
  for (std::size_t pos = 0; pos < 40; ++pos) {
    for (char special : {'"', '\\', '\n', '\x01', '\x7f'}) {
      std::string s(40, 'a');
      s[pos] = special;
      const json parsed = json::parse(json_string(s));
      EXPECT_EQ(parsed.get<std::string>(), s) << "pos " << pos;
    }
    std::string utf8 = std::string(pos, 'x') + "\xc3\xa9" + std::string(20, 'y');
    EXPECT_EQ(json::parse(json_string(utf8)).get<std::string>(), utf8);
    std::string bad = std::string(pos, 'x') + "\xff" + std::string(20, 'y');
    EXPECT_EQ(json::parse(json_string(bad)).get<std::string>(),
              std::string(pos, 'x') + "\xef\xbf\xbd" + std::string(20, 'y'));
  }
}

// Numbers below 1000 are written by hand (RawOut::number), the rest by to_chars: every
// width on both sides of each boundary, as value, offset and length.
TEST(RenderJson, NumbersOfEveryWidth) {
  for (std::uint64_t v : {0ull, 7ull, 9ull, 10ull, 42ull, 99ull, 100ull, 105ull, 999ull, 1000ull,
                          65535ull, 4294967295ull, 18446744073709551615ull}) {
    FieldTree t;
    const NodeId n = t.add(kNoNode, "udp.length", static_cast<std::uint32_t>(v),
                           static_cast<std::uint32_t>(v >> 1));
    t.set_uint(n, v);
    std::string out;
    append_node_json(t, n, out);
    const json j = json::parse(out);
    EXPECT_EQ(j["value"].get<std::uint64_t>(), v) << out;
    EXPECT_EQ(j["offset"].get<std::uint32_t>(), static_cast<std::uint32_t>(v)) << out;
    EXPECT_EQ(j["length"].get<std::uint32_t>(), static_cast<std::uint32_t>(v >> 1)) << out;
    EXPECT_NE(out.find("\"value\":" + std::to_string(v) + ","), std::string::npos) << out;
  }
  for (std::int64_t v : {-1000ll, -999ll, -1ll, 0ll, 5ll, 999ll, 1000ll}) {
    FieldTree t;
    const NodeId n = t.add(kNoNode, "dhcp.option.time_offset", 0, 4);
    t.set_int(n, v);
    std::string out;
    append_node_json(t, n, out);
    EXPECT_NE(out.find("\"value\":" + std::to_string(v) + ","), std::string::npos) << out;
  }
}
