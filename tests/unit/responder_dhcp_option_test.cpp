// dhcp-option= / dhcp-option-force= lines: every option of the table by number, dnsmasq's
// option: names in any case, tag:/vendor:/encap: forms, values encoded through the table
// once at config time, and what reaches a reply (asked for in 55, forced, tags, spaces).
#include <gtest/gtest.h>

#include <filesystem>

#include "analyzer/dhcp/option_samples.hpp"
#include "responder/config.hpp"
#include "unit/dhcp_test_util.hpp"
#include "unit/request_builder.hpp"
#include "unit/responder_test_support.hpp"

namespace pxescope::responder {
namespace {

using dhcp::OptionSpace;

ResponderConfig parse(const std::string& text, std::vector<std::string>& errors) {
  ResponderConfig cfg;
  parse_config_text(text, "opt.conf", cfg, errors);
  return cfg;
}

// A value the encoder reads for the row (the same samples the fuzz seeds use).
std::string sample(const dhcp::OptionDef& def) {
  return dhcp::sample_text(def);
}

TEST(DhcpOptionLines, EveryTableOptionByNumberAndByDnsmasqName) {
  std::size_t accepted = 0, by_name = 0;
  for (const dhcp::OptionDef& def : dhcp::options_of(OptionSpace::Dhcp)) {
    const std::string line = "dhcp-option=" + std::to_string(def.code) + "," + sample(def) + "\n";
    SCOPED_TRACE(line);
    std::vector<std::string> errors;
    const ResponderConfig cfg = parse(line, errors);
    if (!errors.empty()) {
      // Refused only with the reason the table's owner column gives.
      EXPECT_NE(def.owner, dhcp::Owner::Config);
      EXPECT_NE(errors[0].find("opt.conf:1: dhcp-option:"), std::string::npos) << errors[0];
      EXPECT_NE(errors[0].find("not configurable: " + std::string(def.instead)), std::string::npos)
          << errors[0];
      continue;
    }
    EXPECT_EQ(def.owner, dhcp::Owner::Config) << "accepted, so the config owns it";
    ++accepted;
    ASSERT_EQ(cfg.options.size(), 1u);
    std::vector<std::uint8_t> value;
    ASSERT_TRUE(dhcp::encode_value(def, sample(def), value));
    std::vector<std::uint8_t> wire;
    dhcp::append_option(wire, def.code, value);
    EXPECT_EQ(cfg.options[0].wire, wire);
    const std::string_view name = dhcp::config_name(def.code);
    if (name.empty()) continue;
    std::string upper(name);
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    std::vector<std::string> name_errors;
    const ResponderConfig named =
        parse("dhcp-option=option:" + upper + "," + sample(def) + "\n", name_errors);
    ASSERT_TRUE(name_errors.empty()) << name_errors.front();
    EXPECT_EQ(named.options[0].wire, wire) << upper;
    ++by_name;
  }
  EXPECT_GT(accepted, 60u);
  EXPECT_GT(by_name, 35u);
  // Every dnsmasq name has a row to encode with.
  for (int code = 1; code < 255; ++code) {
    const auto c = static_cast<std::uint8_t>(code);
    if (dhcp::config_name(c).empty()) continue;
    EXPECT_NE(dhcp::find_option(OptionSpace::Dhcp, c), nullptr) << dhcp::config_name(c);
  }
}

// The owner column decides for the sub-option spaces too: PXE 6/8/9/10/71 are built from
// pxe-service= lines, and no space lets a line write its Pad or End.
TEST(DhcpOptionLines, TheOwnerColumnRefusesWhatPxescopeWritesItself) {
  for (const char* line :
       {"dhcp-option=vendor:PXEClient,6,3\n", "dhcp-option=vendor:PXEClient,10,5,Boot\n",
        "dhcp-option=vendor:PXEClient,71,32768,00:00\n", "dhcp-option=vendor:PXEClient,255\n",
        "dhcp-option=encap:175,255\n", "dhcp-option=0\n", "dhcp-option=option:T1,60\n"}) {
    SCOPED_TRACE(line);
    std::vector<std::string> errors;
    const ResponderConfig cfg = parse(line, errors);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_NE(errors[0].find("is not configurable: "), std::string::npos) << errors[0];
    EXPECT_TRUE(cfg.options.empty());
  }
  std::vector<std::string> errors;
  parse("dhcp-option=vendor:PXEClient,9,x\n", errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("it is built from pxe-service= and pxe-prompt= lines"),
            std::string::npos)
      << errors[0];
}

// The router is an ordinary dhcp-option line now (no field of its own): dnsmasq's rules
// apply to it like to every option.
TEST(DhcpOptionLines, TheRouterFollowsTagsAndTheRequestListLikeEveryOption) {
  std::vector<std::string> errors;
  const ResponderConfig cfg = parse(
      "dhcp-range=192.0.2.100,192.0.2.199\n"
      "dhcp-userclass=set:ipxe,iPXE\n"
      "dhcp-option=option:router,192.0.2.1\n"
      "dhcp-option=tag:ipxe,3,192.0.2.254\n",
      errors);
  ASSERT_TRUE(errors.empty()) << errors.front();
  ASSERT_EQ(cfg.options.size(), 2u);
  EXPECT_EQ(cfg.options[0].wire, (std::vector<std::uint8_t>{3, 4, 192, 0, 2, 1}));
  auto router_in_offer = [&](testing::RequestBuilder b) {
    Engine engine(cfg, testing::test_server());
    engine.set_check_destination(false);
    EXPECT_EQ(engine.handle_frame(b.frame(), 0), FrameOutcome::Reply);
    FieldTree t;
    dhcp_test::dissect({engine.reply_payload().begin(), engine.reply_payload().end()}, t);
    const NodeId router = t.find("dhcp.option.router");
    return router == kNoNode ? std::string("<none>") : t[router].str_value;
  };
  testing::RequestBuilder plain(1, "PXEClient:Arch:00000:UNDI:002001");
  EXPECT_EQ(router_in_offer(plain), "192.0.2.1") << "no 55: every option goes";
  testing::RequestBuilder ipxe(1, "PXEClient:Arch:00000:UNDI:002001");
  ipxe.ipxe();
  EXPECT_EQ(router_in_offer(ipxe), "192.0.2.254") << "the tagged line beats the untagged one";
  testing::RequestBuilder not_asked(1, "PXEClient:Arch:00000:UNDI:002001");
  not_asked.option(55, {1, 6, 43, 60, 66, 67});
  EXPECT_EQ(router_in_offer(not_asked), "<none>") << "3 not in 55, not forced (dnsmasq)";
}

// 120 (RFC 3361) as dnsmasq writes it: addresses get encoding 1, names encoding 0; the
// dissector reads both back with tshark's field names.
TEST(DhcpOptionLines, SipServersByAddressOrByName) {
  std::vector<std::string> errors;
  const ResponderConfig cfg = parse(
      "dhcp-option=option:sip-server,10.0.0.5,10.0.0.6\n"
      "dhcp-option=120,sip.example\n",
      errors);
  ASSERT_TRUE(errors.empty()) << errors.front();
  ASSERT_EQ(cfg.options.size(), 2u);
  using B = std::vector<std::uint8_t>;
  EXPECT_EQ(cfg.options[0].wire, (B{120, 9, 1, 10, 0, 0, 5, 10, 0, 0, 6}));
  EXPECT_EQ(cfg.options[1].wire,
            (B{120, 14, 0, 3, 's', 'i', 'p', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0}));
  for (const ConfiguredOption& o : cfg.options) {
    B p = dhcp_test::bootp(2);
    p.insert(p.end(), o.wire.begin(), o.wire.end());
    dhcp_test::end(p);
    FieldTree t;
    dhcp_test::dissect(p, t);
    EXPECT_EQ(t.count_warnings(Severity::Warn), 0u);
    const NodeId encoding = t.find("dhcp.option.sip_server.encoding");
    ASSERT_NE(encoding, kNoNode);
    if (t[encoding].uint_value == 1) {
      const auto addresses = dhcp_test::all(t, "dhcp.option.sip_server.address");
      ASSERT_EQ(addresses.size(), 2u);
      EXPECT_EQ(t[addresses[1]].str_value, "10.0.0.6");
    } else {
      EXPECT_EQ(t[t.find("dhcp.option.sip_server.name")].str_value, "sip.example");
    }
  }
}

TEST(DhcpOptionLines, MisspeltOptionNameGetsASuggestion) {
  std::vector<std::string> errors;
  parse("dhcp-option=option:dns-servr,10.0.0.1\n", errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("opt.conf:1: dhcp-option: unknown option name 'option:dns-servr'; did "
                           "you mean 'option:dns-server'?"),
            std::string::npos)
      << errors[0];
}

TEST(DhcpOptionLines, ValuesAsDnsmasqWritesThem) {
  std::vector<std::string> errors;
  const ResponderConfig cfg = parse(
      "dhcp-option=option:dns-server,10.0.0.1,10.0.0.2\n"
      "dhcp-option=option:Domain-Name,\"lab.example\"  # comment\n"
      "dhcp-option=26,1500\n"
      "dhcp-option-force=tag:ipxe,209,pxelinux.cfg/default\n"
      "dhcp-option=vendor:PXEClient,1,0.0.0.0\n"
      "dhcp-option=encap:175,176,1\n"
      "dhcp-option=option:domain-search,lab.example,example.com.\n"
      "dhcp-option=option:classless-static-route,10.0.0.0/8,192.168.1.1,0.0.0.0/0,192.168.1.254\n",
      errors);
  ASSERT_TRUE(errors.empty()) << errors.front();
  ASSERT_EQ(cfg.options.size(), 8u);
  using B = std::vector<std::uint8_t>;
  EXPECT_EQ(cfg.options[0].wire, (B{6, 8, 10, 0, 0, 1, 10, 0, 0, 2}));
  EXPECT_EQ(cfg.options[1].wire,
            (B{15, 11, 'l', 'a', 'b', '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e'}));
  EXPECT_EQ(cfg.options[2].wire, (B{26, 2, 0x05, 0xdc}));
  EXPECT_TRUE(cfg.options[3].force);
  ASSERT_EQ(cfg.options[3].tags.size(), 1u);
  EXPECT_EQ(cfg.tag_names[cfg.options[3].tags[0].tag], "ipxe");
  EXPECT_EQ(cfg.options[4].space, OptionSpace::Pxe);
  EXPECT_EQ(cfg.options[4].wire, (B{1, 4, 0, 0, 0, 0}));
  EXPECT_EQ(cfg.options[5].space, OptionSpace::Ipxe);
  EXPECT_EQ(cfg.options[5].wire, (B{176, 1, 1}));
  const B search = {119, 26, 3,   'l', 'a', 'b', 7,   'e', 'x', 'a', 'm', 'p', 'l', 'e',
                    0,   7,  'e', 'x', 'a', 'm', 'p', 'l', 'e', 3,   'c', 'o', 'm', 0};
  EXPECT_EQ(cfg.options[6].wire, search) << "RFC 1035 labels";
  EXPECT_EQ(cfg.options[7].wire, (B{121, 11, 8, 10, 192, 168, 1, 1, 0, 192, 168, 1, 254}))
      << "RFC 3442: width, significant octets, router";

  for (const char* bad :
       {"dhcp-option=3,1.2.3\n", "dhcp-option=option:nonsense,1\n", "dhcp-option=26,big\n",
        "dhcp-option=53,1\n", "dhcp-option=67,pxelinux.0\n", "dhcp-option=encap:43,1,1\n",
        "dhcp-option=vendor:PXEClient,9,x\n", "dhcp-option=300,1\n",
        "dhcp-option=121,10.0.0.0/33,10.0.0.1\n", "dhcp-option=119,a..b\n"}) {
    SCOPED_TRACE(bad);
    std::vector<std::string> e;
    parse(bad, e);
    ASSERT_EQ(e.size(), 1u);
    EXPECT_NE(e[0].find("opt.conf:1: dhcp-option"), std::string::npos) << e[0];
  }
}

// Full DHCP over the SeaBIOS+iPXE capture: its DISCOVER asks (55) for 6 but not 42 or 209.
TEST(DhcpOptionLines, RepliesCarryAskedForForcedAndTaggedOptions) {
  // The project's own recording (captures/real): this test needs nothing beside the clone.
  ASSERT_TRUE(std::filesystem::exists(testing::capture("seabios-ipxe-fulldhcp-norouter.pcap")));
  std::vector<std::string> errors;
  ResponderConfig cfg = parse(
      "dhcp-range=192.168.77.100,192.168.77.199\n"
      "dhcp-boot=pxelinux.0\n"
      "dhcp-option=option:dns-server,10.9.9.9\n"
      "dhcp-option=option:ntp-server,10.8.8.8\n"
      "dhcp-option-force=209,pxelinux.cfg/lab\n"
      "dhcp-userclass=set:ipxe,iPXE\n"
      "dhcp-option=tag:ipxe,option:dns-server,10.7.7.7\n"
      "dhcp-option=tag:!ipxe,option:domain-name,not-ipxe\n"
      "dhcp-option=vendor:PXEClient,1,10.6.6.6\n"
      "dhcp-option=option:domain-search,lab.example\n",
      errors);
  ASSERT_TRUE(errors.empty()) << errors.front();
  const auto replies = testing::replay(testing::capture("seabios-ipxe-fulldhcp-norouter.pcap"), cfg,
                                       testing::test_server(0xc0a84d02u));
  ASSERT_GE(replies.size(), 1u);
  const auto& offer = replies[0];
  ASSERT_EQ(offer.num("dhcp.option.dhcp"), 2u);
  EXPECT_EQ(offer.str("dhcp.option.domain_name_server"), "10.7.7.7")
      << "the tagged line beats the untagged one";
  EXPECT_FALSE(offer.has("dhcp.option.ntp_server")) << "42 was not asked for in 55";
  EXPECT_EQ(offer.str("dhcp.option.pxe_config_file"), "pxelinux.cfg/lab")
      << "209 is not in 55, but forced";
  EXPECT_FALSE(offer.has("dhcp.option.domain_name")) << "tag:!ipxe does not match iPXE";
  EXPECT_EQ(offer.str("dhcp.option.vendor.pxeclient.mtftp_ip"), "10.6.6.6") << "in 43";
  EXPECT_EQ(offer.str("dhcp.option.dhcp_dns_domain_search_list_fqdn"), "lab.example")
      << "119 written from a name reads back through the dissector";

  // Proxy mode never hands out network settings, only the PXE sub-options.
  ResponderConfig proxy = cfg;
  proxy.full_dhcp = false;
  const auto proxied = testing::replay(testing::capture("seabios-ipxe-proxydhcp.pcap"), proxy,
                                       testing::test_server(0xc0a84d02u));
  ASSERT_GE(proxied.size(), 1u);
  EXPECT_FALSE(proxied[0].has("dhcp.option.domain_name_server"));
  EXPECT_FALSE(proxied[0].has("dhcp.option.pxe_config_file"));
  EXPECT_EQ(proxied[0].str("dhcp.option.vendor.pxeclient.mtftp_ip"), "10.6.6.6");
}

}  // namespace
}  // namespace pxescope::responder
