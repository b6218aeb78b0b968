// The DHCPv6 option table both ways: lookups by code and by dnsmasq/Kea config name, values
// encoded from config text, then decoded back by the DHCPv6 dissector to the same values.
#include <gtest/gtest.h>

#include "analyzer/dhcpv6/dhcpv6_dissector.hpp"
#include "analyzer/dhcpv6/dhcpv6_option_table.hpp"
#include "analyzer/fields/field_registry.hpp"

using namespace pxescope;
using namespace pxescope::dhcpv6;
using Bytes = std::vector<std::uint8_t>;

namespace {

Bytes encode(std::string_view config, std::uint16_t expect_code) {
  std::uint16_t code = 0;
  Bytes value;
  std::string error;
  EXPECT_TRUE(encode_config_option(config, code, value, &error)) << config << ": " << error;
  EXPECT_EQ(code, expect_code) << config;
  return value;
}

std::string encode_error(std::string_view config) {
  std::uint16_t code = 0;
  Bytes value;
  std::string error;
  EXPECT_FALSE(encode_config_option(config, code, value, &error)) << config;
  return error;
}

// A Reply carrying `options`, decoded by the dissector.
FieldTree decode_reply(const Bytes& options) {
  Bytes msg = {kReply, 0x12, 0x34, 0x56};
  msg.insert(msg.end(), options.begin(), options.end());
  FieldTree tree;
  dissect_dhcpv6(msg, 0, tree);
  return tree;
}

std::vector<std::string> values(const FieldTree& t, std::string_view name) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const FieldNode& n = t[static_cast<NodeId>(i)];
    if (n.name != name) continue;
    out.push_back(n.kind == ValueKind::String ? n.str_value : std::to_string(n.uint_value));
  }
  return out;
}

}  // namespace

TEST(Dhcpv6Table, RowsAreFoundByCodeAndByConfigName) {
  const OptionDef* url = find_option(kOptBootfileUrl);
  ASSERT_NE(url, nullptr);
  EXPECT_EQ(url->code, 59);
  EXPECT_EQ(url->config_name, "bootfile-url");
  EXPECT_EQ(url->field, "dhcpv6.bootfile_url");
  EXPECT_EQ(find_option("option6:bootfile-url"), url);
  EXPECT_EQ(find_option("BOOTFILE-URL"), url);  // dnsmasq compares with strcasecmp
  EXPECT_EQ(find_option("59"), url);
  EXPECT_EQ(find_option("client-arch-type"), find_option(kOptClientArch));  // Kea's name
  EXPECT_EQ(find_option("dns-server"), find_option(kOptDnsServers));        // dnsmasq's name
  EXPECT_EQ(find_option("dns-servers"), find_option(kOptDnsServers));       // Kea's name
  EXPECT_EQ(find_option("no-such-option"), nullptr);
  EXPECT_EQ(find_option(9999), nullptr);
  EXPECT_EQ(option_label(9999), "Unknown");
  EXPECT_EQ(message_type_name(kRelayForw), "Relay-forw");
}

TEST(Dhcpv6Table, EveryNetbootOptionHasARow) {
  for (std::uint16_t code : {1,  2,  3,  4,  5,  6,  7,  8,  9,  11, 12, 13, 14, 15, 16,
                             17, 18, 21, 22, 23, 24, 25, 26, 39, 59, 60, 61, 62, 79}) {
    const OptionDef* d = find_option(code);
    ASSERT_NE(d, nullptr) << code;
    EXPECT_FALSE(d->label.empty()) << code;
    EXPECT_FALSE(d->config_name.empty()) << code;
  }
  EXPECT_TRUE(find_option(kOptIaNa)->options_follow);
  EXPECT_TRUE(find_option(kOptIaPd)->options_follow);
  EXPECT_EQ(find_option(kOptClientArch)->hook, Hook::ClientArch);
}

TEST(Dhcpv6Table, OptionFieldsAreRegisteredFromTheRows) {
  for (const OptionDef& d : options()) {
    if (!d.field.empty()) {
      EXPECT_TRUE(fields::is_registered(d.field)) << d.field;
    }
    for (const RecordField& r : d.record) EXPECT_TRUE(fields::is_registered(r.field)) << r.field;
  }
  const auto* f = fields::find_field("dhcpv6.bootfile_url");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->protocol, "dhcpv6");
  EXPECT_EQ(f->info.type, fields::FieldType::String);
  EXPECT_EQ(fields::find_field("dhcpv6.dns_server")->info.type, fields::FieldType::Ipv6);
  EXPECT_TRUE(fields::is_registered("dhcpv6.msgtype"));
  EXPECT_TRUE(fields::is_registered("ipv6.src"));
  EXPECT_TRUE(fields::is_registered("icmpv6.nd.ra.flag.m"));
  EXPECT_FALSE(fields::is_registered("dhcpv6.option.foo"));
}

TEST(Dhcpv6Table, BootfileUrlEncodesAndDecodesBack) {
  const Bytes v = encode("option6:bootfile-url,tftp://[2001:db8::1]/bootx64.efi", 59);
  EXPECT_EQ(std::string(v.begin(), v.end()), "tftp://[2001:db8::1]/bootx64.efi");
  Bytes opts;
  append_option(opts, 59, v);
  ASSERT_EQ(opts.size(), 4 + v.size());
  EXPECT_EQ(opts[0], 0);
  EXPECT_EQ(opts[1], 59);
  EXPECT_EQ(opts[3], v.size());
  const FieldTree t = decode_reply(opts);
  EXPECT_EQ(values(t, "dhcpv6.bootfile_url"),
            std::vector<std::string>{"tftp://[2001:db8::1]/bootx64.efi"});
  EXPECT_EQ(t.count_warnings(), 0u);
}

TEST(Dhcpv6Table, AddressesNumbersNamesAndListsEncodeAsTheWireHasThem) {
  EXPECT_EQ(encode("option6:dns-server,[2001:db8::1],2001:db8::2", 23).size(), 32u);
  EXPECT_EQ(encode("option6:client-arch,efi-x64", 61), (Bytes{0, 7}));  // the IANA registry
  EXPECT_EQ(encode("client-arch-type,7,0x10", 61), (Bytes{0, 7, 0, 16}));
  EXPECT_EQ(encode("option6:preference,255", 7), (Bytes{255}));
  EXPECT_EQ(encode("option6:domain-search,lab.example", 24),
            (Bytes{3, 'l', 'a', 'b', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0}));
  EXPECT_EQ(
      encode("option6:bootfile-param,console=0,quiet", 60),
      (Bytes{0, 9, 'c', 'o', 'n', 's', 'o', 'l', 'e', '=', '0', 0, 5, 'q', 'u', 'i', 'e', 't'}));
  EXPECT_EQ(encode("option6:client-nii,UNDI,3,16", 62), (Bytes{1, 3, 16}));
  EXPECT_EQ(encode("option6:rapid-commit", 14), Bytes{});
  // Status code: the message keeps its commas.
  EXPECT_EQ(encode("status-code,NoAddrAvail,no, none left", 13),
            (Bytes{0, 2, 'n', 'o', ',', ' ', 'n', 'o', 'n', 'e', ' ', 'l', 'e', 'f', 't'}));
  // Vendor class: enterprise, then (length, data) items.
  const Bytes vc = encode("option6:vendor-class,343,PXEClient:Arch:00007:UNDI:003016", 16);
  ASSERT_EQ(vc.size(), 4u + 2u + 32u);
  EXPECT_EQ(vc[3], 343 & 0xff);
  EXPECT_EQ(vc[5], 32);
  // Decoded back by the dissector: the same values, named, split like DHCPv4 option 60.
  Bytes opts;
  append_option(opts, 23, encode("dns-server,2001:db8::1,2001:db8::2", 23));
  append_option(opts, 61, encode("client-arch,efi-x64", 61));
  append_option(opts, 16, vc);
  append_option(opts, 24, encode("domain-search,lab.example,example.com", 24));
  append_option(opts, 60, encode("bootfile-param,console=0,quiet", 60));
  const FieldTree t = decode_reply(opts);
  EXPECT_EQ(values(t, "dhcpv6.dns_server"),
            (std::vector<std::string>{"2001:db8::1", "2001:db8::2"}));
  EXPECT_EQ(values(t, "dhcpv6.client_arch"), std::vector<std::string>{"7"});
  EXPECT_EQ(values(t, "dhcpv6.vendorclass.enterprise"), std::vector<std::string>{"343"});
  EXPECT_EQ(values(t, "dhcpv6.vendorclass.pxe.arch"), std::vector<std::string>{"7"});
  EXPECT_EQ(values(t, "dhcpv6.vendorclass.pxe.undi_major"), std::vector<std::string>{"3"});
  EXPECT_EQ(values(t, "dhcpv6.vendorclass.pxe.undi_minor"), std::vector<std::string>{"16"});
  EXPECT_EQ(values(t, "dhcpv6.search_list_entry"),
            (std::vector<std::string>{"lab.example.", "example.com."}));
  EXPECT_EQ(values(t, "dhcpv6.bootfile_param"), (std::vector<std::string>{"console=0", "quiet"}));
  EXPECT_EQ(t.count_warnings(), 0u);
}

TEST(Dhcpv6Table, BadConfigTextGetsOneLineNamingTheProblem) {
  EXPECT_NE(encode_error("option6:no-such,1").find("unknown DHCPv6 option"), std::string::npos);
  EXPECT_NE(encode_error("option6:dns-server,2001:db8::zz").find("not an IPv6 address"),
            std::string::npos);
  EXPECT_NE(encode_error("option6:preference,256").find("in range"), std::string::npos);
  EXPECT_NE(encode_error("option6:client-nii,1,2").find("too few record fields"),
            std::string::npos);
  EXPECT_NE(encode_error("option6:vendor-class,343").find("ENTERPRISE"), std::string::npos);
  EXPECT_NE(encode_error("option6:relay-msg,00").find("relay"), std::string::npos);
  const std::string e = encode_error("option6:dns-server,nothing");
  EXPECT_EQ(e.find('\n'), std::string::npos);
}
