// The DHCP dissector on real firmware captures (captures/real, then ../shared/captures when
// present): no warnings beyond
// notes on well-formed traffic, offsets that point at the right bytes, the same options as
// libtins' independent parser, and the same name/value pairs as tshark -T json.
#include <gtest/gtest.h>

#include <tins/tins.h>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "tests/test_captures.hpp"
#include "unit/dhcp_test_util.hpp"

// The node's line as the views show it (stored, or the registry's default text).
inline std::string text_of(const pxescope::FieldNode& n) {
  std::string scratch;
  return std::string(pxescope::node_text(n, scratch));
}

using namespace dhcp_test;
using pxescope::Severity;
using pxescope::ValueKind;

namespace {

std::vector<std::string> real_captures() {
  std::vector<std::string> out;
  for (const auto& path : pxescope::test::firmware_captures()) out.push_back(path.string());
  return out;
}

std::string value_string(const pxescope::FieldNode& n) {
  switch (n.kind) {
    case ValueKind::UInt:
    case ValueKind::Bool:
      return std::to_string(n.uint_value);
    case ValueKind::Int:
      return std::to_string(n.int_value);
    case ValueKind::String:
      return n.str_value;
    case ValueKind::None:
      break;
  }
  return {};
}

// tshark prints BASE_HEX integers as "0x01"; compare numbers as numbers.
std::string normalize(const std::string& v) {
  if (v.size() > 2 && v[0] == '0' && v[1] == 'x' &&
      v.find_first_not_of("0123456789abcdefABCDEF", 2) == std::string::npos)
    return std::to_string(std::stoull(v, nullptr, 16));
  return v;
}

using Fields = std::map<std::string, std::vector<std::string>>;

void flatten_tshark(const nlohmann::json& j, const std::string& key, Fields& out) {
  if (key == "_ws.expert") return;
  if (j.is_string()) {
    out[key].push_back(normalize(j.get<std::string>()));
  } else if (j.is_array()) {
    for (const auto& e : j) flatten_tshark(e, key, out);
  } else if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) flatten_tshark(it.value(), it.key(), out);
  }
}

// tshark 4.0 gives the End option's "dhcp.option.type" the value 0 (its -V text still says
// "(255) End"); pxescope keeps 255. That one pair is left out of the comparison.
Fields flatten_ours(const FieldTree& t) {
  Fields out;
  for (NodeId i = 0; i < t.size(); ++i) {
    if (t[i].kind == ValueKind::None) continue;
    if (t[i].name == "dhcp.option.type" && t[i].uint_value == 255) continue;
    out[std::string(t[i].name)].push_back(value_string(t[i]));
  }
  return out;
}
void drop_end_type(Fields& tshark) {
  auto it = tshark.find("dhcp.option.type");
  if (it == tshark.end()) return;
  auto& v = it->second;
  // Each End contributes one "0" (a real Pad option would be "dhcp.option.padding").
  if (auto z = std::find(v.begin(), v.end(), "0"); z != v.end()) v.erase(z);
}

}  // namespace

TEST(DhcpCapture, RealFirmwareTrafficDecodesCleanly) {
  const auto files = real_captures();
  ASSERT_GE(files.size(), 6u);
  FieldTree t;
  std::size_t packets = 0;
  for (const auto& f : files) {
    for (const auto& c : dhcp_payloads(f)) {
      SCOPED_TRACE(f + " frame " + std::to_string(c.frame));
      ++packets;
      t.clear();
      const NodeId root = pxescope::dissect_dhcp(c.payload, c.offset, t);
      EXPECT_EQ(t[root].offset, c.offset);
      EXPECT_EQ(t[root].length, c.payload.size());
      EXPECT_TRUE(text_of(t[root]).starts_with("Dynamic Host Configuration Protocol ("));
      EXPECT_EQ(t.count_warnings(Severity::Warn), 0u);
      // Each option node starts at its code byte; its length child at the length byte.
      for (NodeId o : all(t, "dhcp.option.type")) {
        const std::size_t at = t[o].offset - c.offset;
        ASSERT_LT(at, c.payload.size());
        EXPECT_EQ(c.payload[at], t[o].uint_value);
        const NodeId len = t[o].first_child;
        ASSERT_NE(len, kNoNode);
        if (t[o].uint_value != 255) {
          EXPECT_EQ(t[len].name, "dhcp.option.length");
          EXPECT_EQ(c.payload[at + 1], t[len].uint_value);
          EXPECT_EQ(t[o].length, 2 + t[len].uint_value);
        }
      }
      // Every node lies inside the payload.
      for (NodeId i = 0; i < t.size(); ++i) {
        EXPECT_GE(t[i].offset, c.offset);
        EXPECT_LE(t[i].offset + t[i].length, c.offset + c.payload.size());
      }
    }
  }
  EXPECT_GT(packets, 20u);
}

TEST(DhcpCapture, SameOptionsAsLibtins) {
  const auto files = real_captures();
  ASSERT_GE(files.size(), 6u);
  FieldTree t;
  for (const auto& f : files) {
    for (const auto& c : dhcp_payloads(f)) {
      SCOPED_TRACE(f + " frame " + std::to_string(c.frame));
      Tins::DHCP tins(c.payload.data(), static_cast<std::uint32_t>(c.payload.size()));
      std::vector<std::uint64_t> theirs;
      for (const auto& o : tins.options())
        if (o.option() != Tins::DHCP::PAD && o.option() != Tins::DHCP::END)
          theirs.push_back(o.option());
      dissect(c.payload, t);
      std::vector<std::uint64_t> ours;
      for (NodeId o : all(t, "dhcp.option.type"))
        if (t[o].uint_value != 255 && t[o].uint_value != 0) ours.push_back(t[o].uint_value);
      EXPECT_EQ(ours, theirs);
      EXPECT_FALSE(ours.empty());
    }
  }
}

// Name/value agreement with tshark on every field both emit (dhcp.option.value and
// dhcp.option.vendor.value are left out: tshark adds those raw copies to every option,
// pxescope only to options it cannot decode further).
TEST(DhcpCapture, AgreesWithTshark) {
  const auto files = real_captures();
  ASSERT_GE(files.size(), 6u);
  if (std::system("tshark -v > /dev/null 2>&1") != 0) GTEST_SKIP() << "tshark not installed";
  FieldTree t;
  std::size_t compared = 0;
  for (const auto& f : files) {
    const std::string cmd = "tshark -r '" + f + "' -Y dhcp -T json --no-duplicate-keys 2>/dev/null";
    FILE* pipe = popen(cmd.c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    std::string out;
    char buf[65536];
    std::size_t n;
    while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
    pclose(pipe);
    const auto packets = nlohmann::json::parse(out, nullptr, false);
    ASSERT_TRUE(packets.is_array()) << f;
    std::map<int, const nlohmann::json*> by_frame;
    for (const auto& p : packets) {
      const auto& layers = p["_source"]["layers"];
      by_frame[std::stoi(layers["frame"]["frame.number"].get<std::string>())] = &layers["dhcp"];
    }
    for (const auto& c : dhcp_payloads(f)) {
      auto it = by_frame.find(c.frame);
      if (it == by_frame.end()) continue;
      SCOPED_TRACE(f + " frame " + std::to_string(c.frame));
      Fields theirs;
      flatten_tshark(*it->second, "dhcp", theirs);
      drop_end_type(theirs);
      dissect(c.payload, t);
      Fields ours = flatten_ours(t);
      for (auto& [name, values] : ours) {
        if (name == "dhcp.option.value" || name == "dhcp.option.vendor.value") continue;
        auto th = theirs.find(name);
        if (th == theirs.end()) continue;
        auto a = values, b = th->second;
        std::sort(a.begin(), a.end());
        std::sort(b.begin(), b.end());
        EXPECT_EQ(a, b) << "field " << name;
        ++compared;
      }
      // Names tshark shows that we must show too (the core of issue 2 section 3).
      for (const char* must : {"dhcp.type", "dhcp.id", "dhcp.hw.mac_addr", "dhcp.cookie",
                               "dhcp.option.dhcp", "dhcp.option.vendor_class_id",
                               "dhcp.client_id.uuid", "dhcp.option.client_system_architecture",
                               "dhcp.option.vendor.pxeclient.boot_menu.desc"})
        if (theirs.count(must)) {
          EXPECT_TRUE(ours.count(must)) << must;
        }
    }
  }
  EXPECT_GT(compared, 500u);
}

TEST(DhcpCapture, SeabiosIpxeDiscoverAndOfferMatchTsharkV) {
  const char* const name = "seabios-ipxe-proxydhcp.pcap";
  const auto pk = dhcp_payloads(pxescope::test::real_capture(name));
  ASSERT_FALSE(pk.empty());
  // What tshark -V said of the recording's first DISCOVER (its .discover.txt).
  const auto fact = [&](const char* label) {
    const std::string value = pxescope::test::discover_fact(name, label);
    EXPECT_FALSE(value.empty()) << label;
    return value;
  };
  FieldTree t;
  // The first DHCP packet: the DISCOVER.
  pxescope::dissect_dhcp(pk[0].payload, pk[0].offset, t);
  EXPECT_EQ(text_of(t[t.first_root()]), "Dynamic Host Configuration Protocol (Discover)");
  EXPECT_EQ(text_of(t[t.find("dhcp.id")]), "Transaction ID: " + fact("Transaction ID"));
  EXPECT_EQ(t[t.find("dhcp.hw.mac_addr")].str_value, fact("Client MAC address"));
  EXPECT_EQ(text_of(t[option(t, 53)]), "Option: (53) DHCP Message Type (Discover)");
  EXPECT_EQ(t[t.find("dhcp.option.dhcp_max_message_size")].uint_value, 1472u);
  EXPECT_EQ(t[t.find("dhcp.client_network_id_major")].uint_value, 2u);
  EXPECT_EQ(t[t.find("dhcp.client_network_id_minor")].uint_value, 1u);
  EXPECT_EQ(t[t.find("dhcp.option.vendor_class_id")].str_value, "PXEClient:Arch:00000:UNDI:002001");
  const NodeId uc = t.find("dhcp.option.user_class.text");
  ASSERT_NE(uc, kNoNode);
  EXPECT_EQ(t[uc].str_value, "iPXE");
  EXPECT_TRUE(has_warning(t, uc, "Non standard"));
  EXPECT_EQ(all(t, "dhcp.option.request_list_item").size(), 23u);
  EXPECT_EQ(t[t.find("dhcp.client_id.uuid")].str_value, fact("Client Identifier (UUID)"));
  // iPXE's 175: bus id 8086:100e (e1000), version 1.0.0, feature flags.
  EXPECT_EQ(t[t.find("dhcp.option.ipxe.bus_id.vendor")].uint_value, 0x8086u);
  EXPECT_EQ(t[t.find("dhcp.option.ipxe.bus_id.device")].uint_value, 0x100eu);
  EXPECT_EQ(t[t.find("dhcp.option.ipxe.version.major")].uint_value, 1u);
  EXPECT_EQ(t[t.find("dhcp.option.ipxe.http")].uint_value, 1u);

  // The next one: the proxyDHCP OFFER with PXE 43.
  ASSERT_GE(pk.size(), 2u);
  t.clear();
  pxescope::dissect_dhcp(pk[1].payload, pk[1].offset, t);
  EXPECT_EQ(text_of(t[t.first_root()]), "Dynamic Host Configuration Protocol (Offer)");
  EXPECT_EQ(text_of(t[option(t, 54)]), "Option: (54) DHCP Server Identifier (192.168.77.2)");
  EXPECT_EQ(text_of(t[option(t, 43)]), "Option: (43) Vendor-Specific Information (PXEClient)");
  EXPECT_EQ(text_of(t[t.find("dhcp.option.vendor.pxeclient.discovery_control")]),
            "discovery control: 0x03, Disable Broadcast, Disable Multicast");
  EXPECT_EQ(t[t.find("dhcp.option.vendor.pxeclient.menu_prompt.prompt")].str_value, "PXE");
  EXPECT_EQ(t[t.find("dhcp.option.vendor.pxeclient.boot_servers.ip")].str_value, "192.168.77.2");
  EXPECT_EQ(t[t.find("dhcp.option.vendor.pxeclient.boot_menu.desc")].str_value, "PXE Netboot");
  EXPECT_EQ(text_of(t[t.find("dhcp.flags")]), "Bootp flags: 0x8000, Broadcast flag (Broadcast)");
  EXPECT_EQ(text_of(t[t.find("dhcp.flags.reserved")]),
            ".000 0000 0000 0000 = Reserved flags: 0x0000");
}

TEST(DhcpCapture, UefiArchitecturesAreNamed) {
  struct Case {
    const char* file;
    std::uint64_t arch;
    const char* name;
  };
  for (const Case& c : {Case{"ovmf-edk2-proxydhcp.pcap", 7, "x64 UEFI"},
                        Case{"aavmf-arm64-proxydhcp.pcap", 11, "ARM 64-bit UEFI"}}) {
    const auto pk = dhcp_payloads(pxescope::test::real_capture(c.file));
    ASSERT_FALSE(pk.empty()) << c.file;
    FieldTree t;
    pxescope::dissect_dhcp(pk[0].payload, pk[0].offset, t);
    const NodeId a = t.find("dhcp.option.client_system_architecture");
    ASSERT_NE(a, kNoNode) << c.file;
    EXPECT_EQ(t[a].uint_value, c.arch);
    EXPECT_NE(text_of(t[a]).find(c.name), std::string::npos) << text_of(t[a]);
    const NodeId va = t.find("dhcp.option.vendor_class_id.pxe.arch");
    ASSERT_NE(va, kNoNode);
    EXPECT_EQ(t[va].uint_value, c.arch);
    EXPECT_EQ(t.find("dhcp.option.vendor_class_id.pxe.undi_major") == kNoNode, false);
  }
}
