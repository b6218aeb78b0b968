// The DHCPv6 decisions, table-driven, and the replies they write (read back with libtins).
#include <gtest/gtest.h>
#include <tins/dhcpv6.h>

#include "dhcp6_test_support.hpp"
#include "responder/config.hpp"
#include "responder/dhcp6/dhcp6_engine.hpp"

namespace pxescope::responder {
namespace {

using namespace test6;

const MacAddress kServerMac = {0x02, 0, 0, 0, 0xe7, 0x01};

ResponderConfig config(const std::string& text) {
  ResponderConfig cfg;
  std::vector<std::string> problems;
  parse_config_text(text, "t.conf", cfg, problems);
  EXPECT_TRUE(problems.empty()) << problems.front();
  return cfg;
}

Dhcp6Identity identity() {
  Dhcp6Identity id;
  id.duid = duid_ll(kServerMac);
  parse_ipv6("fd00::2", id.address);
  return id;
}

const char* kStateless =
    "dhcp-range=fd00::,ra-stateless\n"
    "dhcp-option=option6:bootfile-url,tftp://[::]/ipxe.efi\n";
const char* kFull =
    "dhcp-range=fd00::100,fd00::1ff,64,1h\n"
    "dhcp-option=option6:bootfile-url,tftp://[::]/ipxe.efi\n";

struct Case {
  const char* name;
  const char* config;
  SolicitShape request;
  Verdict6 verdict;
  std::uint8_t reply_type;  // 0: none
};

std::vector<Case> cases() {
  SolicitShape ovmf;
  SolicitShape host;
  host.with_arch = host.with_vendor_class = host.ask_bootfile = false;
  SolicitShape other_server = ovmf;
  other_server.type = Tins::DHCPv6::REQUEST;
  other_server.server_id = {0, 3, 0, 1, 9, 9, 9, 9, 9, 9};
  SolicitShape ours = ovmf;
  ours.type = Tins::DHCPv6::REQUEST;
  ours.server_id = duid_ll(kServerMac);
  SolicitShape no_server_id = ovmf;
  no_server_id.type = Tins::DHCPv6::REQUEST;
  SolicitShape rapid = ovmf;
  rapid.rapid_commit = true;
  SolicitShape confirm = ovmf;
  confirm.type = Tins::DHCPv6::CONFIRM;
  SolicitShape rebind = ovmf;
  rebind.type = Tins::DHCPv6::REBIND;
  SolicitShape info = host;
  info.type = Tins::DHCPv6::INFO_REQUEST;
  info.ask_bootfile = true;
  info.ia_na = false;
  SolicitShape release = ours;
  release.type = Tins::DHCPv6::RELEASE;
  SolicitShape solicit_with_id = ovmf;
  solicit_with_id.server_id = duid_ll(kServerMac);
  return {
      {"stateless: OVMF's Solicit gets an Advertise", kStateless, ovmf, Verdict6::Reply, 2},
      {"stateless: an ordinary host is left alone", kStateless, host, Verdict6::NotBootClient, 0},
      {"stateless: Rapid Commit still gets an Advertise", kStateless, rapid, Verdict6::Reply, 2},
      {"stateless: a Request to us gets a Reply", kStateless, ours, Verdict6::Reply, 7},
      {"stateless: a Request to another server is ignored", kStateless, other_server,
       Verdict6::NotForUs, 0},
      {"a Request without a server id is ignored", kFull, no_server_id, Verdict6::NotForUs, 0},
      {"a Solicit with a server id is ignored", kFull, solicit_with_id, Verdict6::NotForUs, 0},
      {"stateless: Confirm belongs to the address server", kStateless, confirm, Verdict6::NotForUs,
       0},
      {"stateless: Rebind belongs to the address server", kStateless, rebind, Verdict6::NotForUs,
       0},
      {"stateless: Information-request asking for 59 gets a Reply", kStateless, info,
       Verdict6::Reply, 7},
      {"stateless: no boot file for the client", "dhcp-range=fd00::,ra-stateless\n", ovmf,
       Verdict6::NoBootFile, 0},
      {"full: OVMF's Solicit gets an Advertise", kFull, ovmf, Verdict6::Reply, 2},
      {"full: an ordinary host gets an address too", kFull, host, Verdict6::Reply, 2},
      {"full: Rapid Commit gets a Reply", kFull, rapid, Verdict6::Reply, 7},
      {"full: Request gets a Reply", kFull, ours, Verdict6::Reply, 7},
      {"full: Confirm gets a Reply", kFull, confirm, Verdict6::Reply, 7},
      {"full: Release gets a Reply", kFull, release, Verdict6::Reply, 7},
      {"--only without this MAC", "dhcp-range=fd00::,ra-stateless\n", ovmf, Verdict6::NotListed, 0},
      {"dhcp-host ignore", "dhcp-range=fd00::,ra-stateless\ndhcp-host=52:54:00:12:34:56,ignore\n",
       ovmf, Verdict6::Ignored, 0},
  };
}

TEST(Dhcp6Decision, EachMessageInEachMode) {
  for (const Case& c : cases()) {
    ResponderConfig cfg = config(c.config);
    if (std::string(c.name).starts_with("--only")) cfg.only.push_back({2, 0, 0, 0, 0, 0x99});
    Dhcp6Engine engine(cfg, identity());
    const Bytes wire = build_request(c.request);
    const Outcome6 outcome = engine.handle(wire, 1000);
    EXPECT_EQ(engine.verdict(), c.verdict) << c.name;
    if (c.reply_type == 0) {
      EXPECT_EQ(outcome, Outcome6::Silent) << c.name;
      continue;
    }
    ASSERT_EQ(outcome, Outcome6::Reply) << c.name;
    const auto payload = engine.reply_payload();
    Tins::DHCPv6 reply(payload.data(), static_cast<std::uint32_t>(payload.size()));
    EXPECT_EQ(reply.msg_type(), c.reply_type) << c.name;
    EXPECT_EQ(reply.transaction_id(), c.request.xid) << c.name;
    const Bytes server_id = duid_ll(kServerMac);
    EXPECT_EQ(option_text(reply, 2), std::string(server_id.begin(), server_id.end())) << c.name;
    const Bytes client_id = duid_llt_of(c.request.mac);
    EXPECT_EQ(option_text(reply, 1), std::string(client_id.begin(), client_id.end())) << c.name;
  }
}

Tins::DHCPv6 answer(Dhcp6Engine& engine, const SolicitShape& s, std::int64_t now = 1000) {
  EXPECT_EQ(engine.handle(build_request(s), now), Outcome6::Reply)
      << verdict6_text(engine.verdict()) << " / " << parse_error6_text(engine.parse_error());
  const auto p = engine.reply_payload();
  return Tins::DHCPv6(p.data(), static_cast<std::uint32_t>(p.size()));
}

TEST(Dhcp6Decision, StatelessAdvertiseCarriesTheUrlAndNoAddress) {
  Dhcp6Engine engine(config(kStateless), identity());
  const Tins::DHCPv6 reply = answer(engine, {});
  EXPECT_EQ(option_text(reply, 59), "tftp://[fd00::2]/ipxe.efi") << "[::] is the server's";
  EXPECT_EQ(reply.search_option(Tins::DHCPv6::IA_NA), nullptr);
}

TEST(Dhcp6Decision, FullModeOffersCommitsRenewsAndReleases) {
  Dhcp6Engine engine(config(kFull), identity());
  Tins::DHCPv6 adv = answer(engine, {});
  ASSERT_NE(adv.search_option(Tins::DHCPv6::IA_NA), nullptr);
  const auto ia = adv.ia_na();
  EXPECT_EQ(ia.id, 0x0a0b0c0du);
  EXPECT_EQ(ia.t1, 1800u);
  EXPECT_EQ(ia.t2, 3150u);
  ASSERT_GE(ia.options.size(), 28u);
  // The IA Address inside: fd00::100..1ff, 3600 s.
  Ipv6Address offered{};
  std::copy(ia.options.begin() + 4, ia.options.begin() + 20, offered.begin());
  EXPECT_TRUE(engine.leases().in_range(offered)) << format_ipv6(offered);
  EXPECT_EQ(option_text(adv, 59), "tftp://[fd00::2]/ipxe.efi");

  SolicitShape request;
  request.type = Tins::DHCPv6::REQUEST;
  request.server_id = duid_ll(kServerMac);
  const Tins::DHCPv6 reply = answer(engine, request);
  const auto committed = reply.ia_na();
  EXPECT_TRUE(std::equal(offered.begin(), offered.end(), committed.options.begin() + 4))
      << "the Request gets the address the Advertise offered";
  const Lease6* lease = engine.leases().find(duid_llt_of(kClientMac), 0x0a0b0c0d);
  ASSERT_NE(lease, nullptr);
  EXPECT_TRUE(lease->committed);
  EXPECT_EQ(lease->expires, 1000 + 3600);

  SolicitShape renew = request;
  renew.type = Tins::DHCPv6::RENEW;
  answer(engine, renew, 2000);
  EXPECT_EQ(engine.leases().find(duid_llt_of(kClientMac), 0x0a0b0c0d)->expires, 2000 + 3600);

  SolicitShape release = request;
  release.type = Tins::DHCPv6::RELEASE;
  const Tins::DHCPv6 released = answer(engine, release);
  EXPECT_EQ(released.search_option(Tins::DHCPv6::IA_NA), nullptr);
  EXPECT_EQ(engine.leases().find(duid_llt_of(kClientMac), 0x0a0b0c0d), nullptr) << "Release frees";

  // A Renew for a lease no longer held: NoBinding inside the IA.
  const Tins::DHCPv6 nobinding = answer(engine, renew);
  const auto nb = nobinding.ia_na();
  ASSERT_GE(nb.options.size(), 6u);
  EXPECT_EQ(nb.options[1], 13);  // status code option
  EXPECT_EQ(nb.options[5], kStatusNoBinding);
}

TEST(Dhcp6Decision, ARangeOfOneIsExhaustedBySecondClient) {
  Dhcp6Engine engine(config("dhcp-range=fd00::100,fd00::100,64,1h\n"), identity());
  SolicitShape a;
  a.rapid_commit = true;
  answer(engine, a);
  SolicitShape b = a;
  b.mac = {2, 0, 0, 0, 0, 0x22};
  const Tins::DHCPv6 reply = answer(engine, b);
  const auto ia = reply.ia_na();
  ASSERT_GE(ia.options.size(), 6u);
  EXPECT_EQ(ia.options[5], kStatusNoAddrsAvail);
}

TEST(Dhcp6Decision, RapidCommitReplyCarriesOption14) {
  Dhcp6Engine engine(config(kFull), identity());
  SolicitShape s;
  s.rapid_commit = true;
  const Tins::DHCPv6 reply = answer(engine, s);
  EXPECT_EQ(reply.msg_type(), Tins::DHCPv6::REPLY);
  EXPECT_TRUE(reply.has_rapid_commit());
}

TEST(Dhcp6Decision, TheBootFileFollowsArchTagsAndIpv4Rules) {
  struct ArchCase {
    const char* config;
    SolicitShape request;
    const char* url;
  };
  SolicitShape x64, arm64, ipxe, http;
  arm64.arch = 11;
  ipxe.user_class = "iPXE";
  http.arch = 16;
  http.vendor = "HTTPClient";
  const std::string stateless = "dhcp-range=fd00::,ra-stateless\n";
  const ArchCase cases[] = {
      {"dhcp-match=set:efi64,option6:61,7\n"
       "dhcp-option=tag:efi64,option6:bootfile-url,tftp://[::]/x64.efi\n"
       "dhcp-option=option6:bootfile-url,tftp://[::]/other.efi\n",
       x64, "tftp://[fd00::2]/x64.efi"},
      {"dhcp-match=set:efi64,option6:61,7\n"
       "dhcp-option=tag:efi64,option6:bootfile-url,tftp://[::]/x64.efi\n"
       "dhcp-option=option6:bootfile-url,tftp://[::]/other.efi\n",
       arm64, "tftp://[fd00::2]/other.efi"},
      // The IPv4 rules when no bootfile-url line is written.
      {"dhcp-boot=undionly.kpxe\ndhcp-match=set:a64,option:client-arch,11\n"
       "dhcp-boot=tag:a64,grubaa64.efi\n",
       arm64, "tftp://[fd00::2]/grubaa64.efi"},
      {"dhcp-userclass=set:ipxe,iPXE\ndhcp-boot=tag:ipxe,http://[::]/boot.ipxe\n"
       "dhcp-boot=ipxe.efi\n",
       ipxe, "http://[fd00::2]/boot.ipxe"},
      {"dhcp-boot=/efi/shimx64.efi\n", x64, "tftp://[fd00::2]/efi/shimx64.efi"},
      {"http-port=8080\ndhcp-boot=ipxe.efi\n", http, "http://[fd00::2]:8080/ipxe.efi"},
  };
  for (const ArchCase& c : cases) {
    Dhcp6Engine engine(config(stateless + c.config), identity());
    const Tins::DHCPv6 reply = answer(engine, c.request);
    EXPECT_EQ(option_text(reply, 59), c.url) << c.config;
  }
}

TEST(Dhcp6Decision, BootParamsGoToBootClients) {
  Dhcp6Engine engine(config(std::string(kFull) + "dhcp-option=option6:bootfile-param,quiet\n"),
                     identity());
  const Tins::DHCPv6 reply = answer(engine, {});
  EXPECT_EQ(option_text(reply, 60), std::string("\0\5quiet", 7));
  SolicitShape host;
  host.with_arch = host.with_vendor_class = host.ask_bootfile = false;
  const Tins::DHCPv6 plain = answer(engine, host);
  EXPECT_EQ(option_text(plain, 59), "");
  EXPECT_EQ(option_text(plain, 60), "");
}

TEST(Dhcp6Decision, RelayReplyWrapsTheReplyAndKeepsTheInterfaceId) {
  Dhcp6Engine engine(config(kStateless), identity());
  const Bytes wire = relay_forw(build_request({}), 0, {'p', 'o', 'r', 't', '7'});
  ASSERT_EQ(engine.handle(wire, 1000), Outcome6::Reply);
  const auto p = engine.reply_payload();
  ASSERT_GE(p.size(), 34u);
  EXPECT_EQ(p[0], 13) << "Relay-reply";
  EXPECT_EQ(p[2], 0xfd) << "link address copied";
  EXPECT_EQ(p[18], 0xfe) << "peer address copied";
  // Options: interface-id first, then the relay message holding the Advertise.
  EXPECT_EQ(p[34 + 1], 18);
  EXPECT_EQ(std::string(p.begin() + 38, p.begin() + 43), "port7");
  EXPECT_EQ(p[43 + 1], 9);
  Tins::DHCPv6 inner(p.data() + 47, static_cast<std::uint32_t>(p.size() - 47));
  EXPECT_EQ(inner.msg_type(), Tins::DHCPv6::ADVERTISE);
  EXPECT_EQ(option_text(inner, 59), "tftp://[fd00::2]/ipxe.efi");
}

TEST(Dhcp6Decision, MalformedRequestsAreNeverAnswered) {
  Dhcp6Engine engine(config(kFull), identity());
  Bytes m = build_request({});
  for (int i = 0; i < 1000; ++i) put_option(m, 6, {0, 59});
  EXPECT_EQ(engine.handle(m, 1000), Outcome6::Malformed);
  EXPECT_TRUE(engine.reply_payload().empty());
}

}  // namespace
}  // namespace pxescope::responder
