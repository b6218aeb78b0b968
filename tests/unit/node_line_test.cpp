// Lines made lazily from a NodeLine style (field_tree.hpp) instead of printed while the tree is
// built: each style gives the line the header dissectors used to print with snprintf, and the
// JSON writer and node_text (-V, the GUI) give the same line. Checked per style on fixed
// examples, then on every node of every frame of every capture against the printf format
// the dissectors used before (so a change in either shows here).
#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "analyzer/field_text.hpp"
#include "analyzer/link/tree_add.hpp"
#include "analyzer/render.hpp"
#include "unit/dissect_each.hpp"
#include "unit/node_text_support.hpp"
#include "unit/packet_test_support.hpp"

using namespace pxescope;
using namespace pxescope::testing;

namespace {

template <typename... Args>
std::string printf_line(const char* fmt, Args... args) {
  char buf[256];  // the size of the dissectors' former line buffer (text_format.hpp's Line)
  const int n = std::snprintf(buf, sizeof buf, fmt, args...);
  return std::string(buf, n < 0 ? 0 : n >= 256 ? 255 : static_cast<std::size_t>(n));
}

std::string ipv4_text(std::uint32_t a) {
  return printf_line("%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff, (a >> 8) & 0xff, a & 0xff);
}

// The line node `n` had when the dissectors printed it with snprintf, from its style's parts.
std::string printf_reference(const FieldNode& n) {
  const NodeLine& l = n.line;
  const std::string label(l.label), extra(l.extra);
  const auto v = static_cast<unsigned long long>(n.uint_value);
  switch (l.style) {
    case LineStyle::Labeled:
      if (n.kind == ValueKind::String)
        return printf_line("%.*s: %.*s", static_cast<int>(label.size()), label.data(),
                           static_cast<int>(n.str_value.size()), n.str_value.data());
      return printf_line("%s: %llu", label.c_str(), v);
    case LineStyle::Named:
      return printf_line("%s: %s (%llu)", label.c_str(), extra.c_str(), v);
    case LineStyle::Hex:
      return printf_line("%s: 0x%0*llx%s", label.c_str(), l.digits ? l.digits : 1, v,
                         extra.c_str());
    case LineStyle::HexDecimal:
      return printf_line("%s: 0x%0*llx (%llu)", label.c_str(), l.digits, v, v);
    case LineStyle::Bytes:
      return printf_line("%s: %llu bytes (%llu)", label.c_str(), v,
                         static_cast<unsigned long long>(l.aux));
    case LineStyle::Flag:
      return printf_line("%s: %s", label.c_str(), v ? "Set" : "Not set");
    case LineStyle::Status:
      return printf_line("[%s status: %s]", label.c_str(), extra.c_str());
    case LineStyle::Ipv4Pair:
      return printf_line("%s, Src: %s, Dst: %s", label.c_str(),
                         ipv4_text(static_cast<std::uint32_t>(l.aux >> 32)).c_str(),
                         ipv4_text(static_cast<std::uint32_t>(l.aux)).c_str());
    case LineStyle::PortPair:
      return printf_line("%s, Src Port: %u, Dst Port: %u", label.c_str(),
                         static_cast<unsigned>(l.aux >> 16), static_cast<unsigned>(l.aux & 0xffff));
    case LineStyle::Default:
      break;
  }
  return {};
}

// Walks the JSON of a tree alongside the tree: every node's "text" is its node_text.
void expect_json_texts(const FieldTree& t, NodeId id, const nlohmann::json& j, std::size_t& n) {
  ASSERT_EQ(j["text"].get<std::string>(), text(t, id)) << t[id].name;
  ++n;
  std::size_t k = 0;
  for (NodeId c = t[id].first_child; c != kNoNode; c = t[c].next_sibling, ++k) {
    ASSERT_LT(k, j["children"].size());
    expect_json_texts(t, c, j["children"][k], n);
  }
  EXPECT_EQ(k, j["children"].size());
}

}  // namespace

TEST(NodeLine, EachStyleMakesTheLineTsharkShows) {
  FieldTree t;
  const NodeId ip = t.add(kNoNode, "ip", 14, 20);
  t.set_line(ip, NodeLine::ipv4_pair("Internet Protocol Version 4", 0xc0a84d02u, 0xffffffffu));
  const NodeId hl = add_uint(t, ip, "ip.hdr_len", 14, 1, 24, NodeLine::bytes("Header Length", 6));
  const NodeId ds =
      add_uint(t, ip, "ip.dsfield", 15, 1, 0xb8, NodeLine::hex("Differentiated Services Field", 2));
  const NodeId flags = add_uint(t, ip, "ip.flags", 20, 1, 3,
                                NodeLine::hex("Flags", 1, ", Don't fragment, More fragments"));
  const NodeId df = add_flag(t, flags, "ip.flags.df", 20, 1, true, "Don't fragment");
  const NodeId rb = add_flag(t, flags, "ip.flags.rb", 20, 1, false, "Reserved bit");
  const NodeId id =
      add_uint(t, ip, "ip.id", 18, 2, 0x765a, NodeLine::hex_decimal("Identification", 4));
  const NodeId proto = add_uint(t, ip, "ip.proto", 23, 1, 17, NodeLine::named("Protocol", "UDP"));
  const NodeId sum = add_checksum(t, ip, "ip.checksum", "ip.checksum.status", 24, 0x031d, 0x031d,
                                  ChecksumStatus::Good, "Header Checksum");
  const NodeId ttl = add_uint(t, ip, "ip.ttl", 22, 1, 64, NodeLine::labeled("Time to Live"));
  const NodeId src = add_str(t, ip, "ip.src", 26, 4, "192.168.77.2", "Source Address");
  const NodeId udp = t.add(kNoNode, "udp", 34, 8);
  t.set_line(udp, NodeLine::port_pair("User Datagram Protocol", 67, 68));
  const NodeId unverified = add_checksum(t, udp, "udp.checksum", "udp.checksum.status", 40, 0xab, 0,
                                         ChecksumStatus::Unverified);

  const std::pair<NodeId, std::string> expected[] = {
      {ip, "Internet Protocol Version 4, Src: 192.168.77.2, Dst: 255.255.255.255"},
      {hl, "Header Length: 24 bytes (6)"},
      {ds, "Differentiated Services Field: 0xb8"},
      {flags, "Flags: 0x3, Don't fragment, More fragments"},
      {df, "Don't fragment: Set"},
      {rb, "Reserved bit: Not set"},
      {id, "Identification: 0x765a (30298)"},
      {proto, "Protocol: UDP (17)"},
      {sum, "Header Checksum: 0x031d [correct]"},
      {t[sum].next_sibling, "[Header Checksum status: Good]"},
      {ttl, "Time to Live: 64"},
      {src, "Source Address: 192.168.77.2"},
      {udp, "User Datagram Protocol, Src Port: 67, Dst Port: 68"},
      {unverified, "Checksum: 0x00ab [unverified]"},
      {t[unverified].next_sibling, "[Checksum status: Unverified]"},
  };
  for (const auto& [node, line] : expected) {
    EXPECT_EQ(text(t, node), line);
    EXPECT_EQ(printf_reference(t[node]), line) << "the test's printf reference disagrees";
  }
  // The JSON writer makes the same lines, inside a valid document.
  std::string out;
  append_fields_json(t, out);
  const auto j = nlohmann::json::parse(out);
  std::size_t n = 0;
  expect_json_texts(t, ip, j[0], n);
  expect_json_texts(t, udp, j[1], n);
  EXPECT_EQ(n, t.size());
}

TEST(NodeLine, StoredTextWinsAndFreshNodesAreDefault) {
  FieldTree t;
  const NodeId a = add_uint(t, kNoNode, "udp.srcport", 0, 2, 68, NodeLine::labeled("Port"));
  t.set_text(a, "Source Port: bootpc (68)");
  EXPECT_EQ(text(t, a), "Source Port: bootpc (68)");
  EXPECT_EQ(json_text(t, a), "Source Port: bootpc (68)");
  // A node reused from the pool after clear() forgets its former style.
  t.clear();
  const NodeId b = t.add(kNoNode, "udp.srcport", 0, 2);
  t.set_uint(b, 68);
  EXPECT_EQ(text(t, b), "Source Port: 68");  // the registry's default line
}

TEST(NodeLine, LabeledStringKeepsThePrintfCut) {
  FieldTree t;
  const std::string long_value(400, 'a');
  const NodeId uri = add_str(t, kNoNode, "http.request.uri", 0, 400, long_value, "Request URI");
  EXPECT_EQ(text(t, uri).size(), 255u);  // "Request URI: " + 242 bytes, as Line printed it
  EXPECT_EQ(text(t, uri), printf_reference(t[uri]));
  EXPECT_EQ(json_text(t, uri), text(t, uri));
  const std::string with_nul("ab\0cd", 5);
  const NodeId nul = add_str(t, kNoNode, "http.host", 0, 5, with_nul, "Host");
  EXPECT_EQ(text(t, nul), "Host: ab");  // %.*s stops at the NUL
  // A value with a quote and a control character is escaped in JSON, not in the text.
  const NodeId quoted = add_str(t, kNoNode, "http.host", 0, 5, "a\"b\x01", "Host");
  EXPECT_EQ(text(t, quoted), "Host: a\"b\x01");
  EXPECT_EQ(json_text(t, quoted), text(t, quoted));
}

// Every node of every frame of every capture: a styled line equals the printf line it
// replaced, and the JSON writer's "text" equals node_text for every node.
TEST(NodeLine, EveryFrameOfEveryCaptureMatchesPrintfAndJson) {
  std::size_t styled = 0, nodes = 0, frames = 0;
  for (const auto& path : all_project_captures()) {
    dissect_each(path, [&](const Frame& frame, const FieldTree& tree) {
      ++frames;
      for (std::size_t i = 0; i < tree.size(); ++i) {
        const FieldNode& n = tree[static_cast<NodeId>(i)];
        if (n.has_text || n.line.style == LineStyle::Default) continue;
        ++styled;
        std::string scratch;
        ASSERT_EQ(node_text(n, scratch), printf_reference(n))
            << path.filename() << " frame " << frame.index << " " << n.name;
      }
      std::string out;
      append_fields_json(tree, out);
      const auto j = nlohmann::json::parse(out);
      std::size_t k = 0;
      for (NodeId c = tree.first_root(); c != kNoNode; c = tree[c].next_sibling, ++k)
        expect_json_texts(tree, c, j.at(k), nodes);
    });
  }
  EXPECT_GT(frames, 1000u);
  EXPECT_GT(styled, 10000u);  // every IPv4/UDP header, ARP, checksums, flags
  std::printf("%zu frames, %zu nodes, %zu styled lines\n", frames, nodes, styled);
}

// Long static pieces (over the writer's per-piece allowance) and many nodes: the JSON
// writer reserves for them and the document stays whole.
TEST(NodeLine, LongPiecesAndManyNodesStayValidJson) {
  static const std::string label(300, 'L'), extra(700, 'x');
  FieldTree t;
  for (int i = 0; i < 3000; ++i) {
    const NodeId id = add_uint(t, kNoNode, "udp.length", 0, 2, static_cast<std::uint64_t>(i),
                               NodeLine::named(label, extra));
    add_str(t, id, "ip.src", 0, 4, std::string(i % 50, 'v'), label);
  }
  std::string out;
  append_fields_json(t, out);
  const auto j = nlohmann::json::parse(out);
  ASSERT_EQ(j.size(), 3000u);
  std::size_t n = 0, k = 0;
  for (NodeId c = t.first_root(); c != kNoNode; c = t[c].next_sibling, ++k)
    expect_json_texts(t, c, j.at(k), n);
  EXPECT_EQ(n, 6000u);
  EXPECT_EQ(text(t, t.first_root()), label + ": " + extra + " (0)");
}
