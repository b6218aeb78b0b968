// The option table as the responder uses it: lookups, value names (the IANA architecture
// registry), and encoding replies that the dissector then reads back identically.
#include <gtest/gtest.h>

#include "analyzer/dhcp/option_table.hpp"
#include "unit/dhcp_test_util.hpp"

using namespace pxescope::dhcp;
using dhcp_test::Bytes;
using dhcp_test::FieldTree;
using dhcp_test::kNoNode;

TEST(DhcpTable, LookupBySpaceCodeNameLabel) {
  const OptionDef* d = find_option(OptionSpace::Dhcp, 67);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->label, "Bootfile name");
  EXPECT_EQ(d->field, "dhcp.option.bootfile_name");
  EXPECT_EQ(d->type, ValueType::String);
  EXPECT_EQ(find_option("dhcp.option.bootfile_name"), d);
  EXPECT_EQ(find_option("bootfile NAME"), d);
  EXPECT_EQ(find_option("dhcp.67"), d);
  const OptionDef* menu = find_option("pxe.9");
  ASSERT_NE(menu, nullptr);
  EXPECT_EQ(menu->space, OptionSpace::Pxe);
  EXPECT_EQ(menu->field, "dhcp.option.vendor.pxeclient.boot_menu");
  EXPECT_EQ(find_option(OptionSpace::Dhcp, 43)->encapsulates, OptionSpace::Pxe);
  EXPECT_EQ(find_option(OptionSpace::Dhcp, 175)->encapsulates, OptionSpace::Ipxe);
  EXPECT_EQ(find_option(OptionSpace::Dhcp, 82)->encapsulates, OptionSpace::Relay);
  EXPECT_EQ(find_option(OptionSpace::Dhcp, 201), nullptr);
  EXPECT_EQ(find_option("no such option"), nullptr);
  EXPECT_EQ(option_label(OptionSpace::Dhcp, 201), "Unknown");
  EXPECT_EQ(space_from_name("ipxe"), OptionSpace::Ipxe);
}

TEST(DhcpTable, EveryRfc2132OptionHasARow) {
  // RFC 2132 defines 0-76 except 63 (Netware/IP, RFC 2242) — all by name.
  for (int code = 0; code <= 76; ++code) {
    if (code == 63) continue;
    const OptionDef* d = find_option(OptionSpace::Dhcp, static_cast<std::uint8_t>(code));
    ASSERT_NE(d, nullptr) << code;
    EXPECT_FALSE(d->label.empty());
    EXPECT_FALSE(d->field.empty() && d->type != ValueType::Record) << code;
  }
  for (int code : {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}) {
    ASSERT_NE(find_option(OptionSpace::Pxe, static_cast<std::uint8_t>(code == 13 ? 71 : code)),
              nullptr)
        << code;
  }
  EXPECT_NE(find_option(OptionSpace::Pxe, 255), nullptr);
}

TEST(DhcpTable, ArchitectureRegistry) {
  for (std::uint16_t a = 0; a <= 0x29; ++a) {
    EXPECT_NE(arch_name(a), "Unknown") << a;
    EXPECT_FALSE(arch_short_name(a).empty()) << a;
  }
  EXPECT_EQ(arch_name(0x2a), "Unknown");
  EXPECT_EQ(arch_name(0), "x86 BIOS");
  EXPECT_EQ(arch_name(7), "x64 UEFI");
  EXPECT_EQ(arch_name(9), "EBC");
  EXPECT_EQ(arch_name(11), "ARM 64-bit UEFI");
  EXPECT_EQ(arch_name(16), "x64 UEFI boot from HTTP");
  EXPECT_EQ(arch_name(0x27), "LoongArch 64-bit UEFI");
  EXPECT_EQ(arch_short_name(0), "bios");
  EXPECT_EQ(arch_short_name(6), "efi-ia32");
  EXPECT_EQ(arch_short_name(10), "efi-arm32");
  EXPECT_EQ(arch_short_name(19), "efi-arm64-http");
  EXPECT_EQ(arch_codes_from_name("efi-x64"), (std::vector<std::uint16_t>{7, 9}));
  EXPECT_EQ(arch_codes_from_name("efi-bc"), (std::vector<std::uint16_t>{9}));
  EXPECT_EQ(arch_codes_from_name("EFI-ARM64"), (std::vector<std::uint16_t>{11}));
  EXPECT_EQ(arch_codes_from_name("efi-x64-http"), (std::vector<std::uint16_t>{16}));
  EXPECT_EQ(arch_codes_from_name("0x13"), (std::vector<std::uint16_t>{19}));
  EXPECT_EQ(arch_codes_from_name("41"), (std::vector<std::uint16_t>{41}));
  EXPECT_TRUE(arch_codes_from_name("sparc").empty());
  EXPECT_EQ(message_type_name(5), "ACK");
  EXPECT_EQ(pxe_server_type_name(0x8001), "Vendor use");
}

TEST(DhcpTable, EncodeEachType) {
  std::string err;
  Bytes out;
  ASSERT_TRUE(encode_value(*find_option(OptionSpace::Dhcp, 53), "Offer", out, &err)) << err;
  EXPECT_EQ(out, (Bytes{2}));
  out.clear();
  ASSERT_TRUE(encode_value(*find_option(OptionSpace::Dhcp, 3), "10.0.0.1, 10.0.0.2", out, &err));
  EXPECT_EQ(out, (Bytes{10, 0, 0, 1, 10, 0, 0, 2}));
  out.clear();
  ASSERT_TRUE(encode_value(*find_option(OptionSpace::Dhcp, 51), "3600", out, &err));
  EXPECT_EQ(out, (Bytes{0, 0, 0x0e, 0x10}));
  out.clear();
  ASSERT_TRUE(encode_value(*find_option(OptionSpace::Dhcp, 2), "-1", out, &err));
  EXPECT_EQ(out, (Bytes{0xff, 0xff, 0xff, 0xff}));
  out.clear();
  ASSERT_TRUE(encode_value(*find_option(OptionSpace::Dhcp, 93), "efi-x64, 0x0b", out, &err));
  EXPECT_EQ(out, (Bytes{0, 7, 0, 11}));
  out.clear();
  ASSERT_TRUE(encode_value(*find_option(OptionSpace::Dhcp, 94), "1,3,16", out, &err));
  EXPECT_EQ(out, (Bytes{1, 3, 16}));
  out.clear();
  ASSERT_TRUE(encode_value(*find_option(OptionSpace::Pxe, 10), "5,Press F8", out, &err));
  EXPECT_EQ(out, (Bytes{5, 'P', 'r', 'e', 's', 's', ' ', 'F', '8'}));
  out.clear();
  ASSERT_TRUE(encode_value(*find_option(OptionSpace::Dhcp, 19), "true", out, &err));
  EXPECT_EQ(out, (Bytes{1}));
  out.clear();
  ASSERT_TRUE(encode_value(*find_option(OptionSpace::Pxe, 9), "80:00:02:68:69", out, &err));
  EXPECT_EQ(out, (Bytes{0x80, 0, 2, 'h', 'i'}));

  out.clear();
  EXPECT_FALSE(encode_value(*find_option(OptionSpace::Dhcp, 1), "255.255.0", out, &err));
  EXPECT_NE(err.find("not a dotted IPv4 address"), std::string::npos);
  EXPECT_FALSE(encode_value(*find_option(OptionSpace::Dhcp, 57), "70000", out, &err));
  EXPECT_FALSE(encode_value(*find_option(OptionSpace::Dhcp, 53), "Hello", out, &err));
}

TEST(DhcpTable, AppendOptionSplitsLongValues) {
  Bytes out;
  Bytes value(300, 0x41);
  append_option(out, 43, value);
  ASSERT_EQ(out.size(), 2 + 255 + 2 + 45u);
  EXPECT_EQ(out[0], 43);
  EXPECT_EQ(out[1], 255);
  EXPECT_EQ(out[257], 43);
  EXPECT_EQ(out[258], 45);
  Bytes empty;
  append_option(empty, 80, {});
  EXPECT_EQ(empty, (Bytes{80, 0}));
}

// A reply encoded from the table decodes back to the same values.
TEST(DhcpTable, EncodedReplyRoundTripsThroughTheDissector) {
  Bytes pxe;
  std::string err;
  Bytes v;
  auto sub = [&](std::uint8_t code, std::string_view text) {
    v.clear();
    ASSERT_TRUE(encode_value(*find_option(OptionSpace::Pxe, code), text, v, &err)) << err;
    append_option(pxe, code, v);
  };
  sub(6, "3");
  sub(10, "0,PXE");
  // A long boot menu forces 43 over 255 bytes: RFC 3396 split, then joined on decode.
  std::string menu = "80:00:fa:";
  for (int i = 0; i < 250; ++i) menu += "41:";
  menu.pop_back();
  sub(9, menu);
  pxe.push_back(255);

  Bytes p = dhcp_test::bootp(2);
  auto top = [&](std::uint8_t code, std::string_view text) {
    v.clear();
    ASSERT_TRUE(encode_value(*find_option(OptionSpace::Dhcp, code), text, v, &err)) << err;
    append_option(p, code, v);
  };
  top(53, "Offer");
  top(54, "192.168.77.2");
  top(60, "PXEClient");
  append_option(p, 43, pxe);
  top(67, "ipxe.efi");
  p.push_back(255);

  FieldTree t;
  dhcp_test::dissect(p, t);
  EXPECT_EQ(t.count_warnings(pxescope::Severity::Warn), 0u);
  EXPECT_EQ(t[t.find("dhcp.option.dhcp")].uint_value, 2u);
  EXPECT_EQ(t[t.find("dhcp.option.dhcp_server_id")].str_value, "192.168.77.2");
  EXPECT_EQ(t[t.find("dhcp.option.vendor.pxeclient.discovery_control")].uint_value, 3u);
  EXPECT_EQ(t[t.find("dhcp.option.vendor.pxeclient.menu_prompt.prompt")].str_value, "PXE");
  EXPECT_EQ(t[t.find("dhcp.option.vendor.pxeclient.boot_menu.desc")].str_value,
            std::string(250, 'A'));
  EXPECT_EQ(t[t.find("dhcp.option.bootfile_name")].str_value, "ipxe.efi");
  EXPECT_NE(dhcp_test::option(t, 43, 1), kNoNode);  // two pieces on the wire
}
