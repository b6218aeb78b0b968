// Other servers on the network: how a reply seen on the wire is classified
// (responder/other_server), what the start-up check concludes from the servers it heard
// (responder/dhcp_check, full DHCP refuses, PXE servers warn) and the run-time conflict
// watch's one report per conflict (responder/conflict_watch).
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analyzer/fingerprint/firmware_fingerprint.hpp"
#include "analyzer/story/dhcp_message.hpp"
#include "responder/check_discover.hpp"
#include "responder/conflict_watch.hpp"
#include "responder/dhcp_check.hpp"
#include "responder/event_log.hpp"
#include "responder/net/frame_builder.hpp"
#include "responder/other_server.hpp"

namespace pxescope::responder {
namespace {

const MacAddress kOurMac = {0x02, 0, 0, 0, 0, 0x01};
const MacAddress kTheirMac = {0x02, 0, 0, 0, 0, 0x99};
const MacAddress kClient = {0x02, 0, 0, 0, 0x10, 0x01};
constexpr std::uint32_t kOurIp = 0x0a4e0001;    // 10.78.0.1
constexpr std::uint32_t kTheirIp = 0x0a4e0032;  // 10.78.0.50

// A BOOTREPLY (op 2) or request (op 1) as a whole Ethernet frame.
std::vector<std::uint8_t> dhcp_frame(std::uint8_t op, std::uint8_t type, std::uint32_t yiaddr,
                                     bool pxe, const MacAddress& from_mac, std::uint32_t from_ip,
                                     std::uint32_t xid = 0x1234, std::uint16_t src_port = 67) {
  std::vector<std::uint8_t> p(236, 0);
  p[0] = op, p[1] = 1, p[2] = 6;
  for (int i = 0; i < 4; ++i) p[4 + i] = static_cast<std::uint8_t>(xid >> (24 - 8 * i));
  for (int i = 0; i < 4; ++i) p[16 + i] = static_cast<std::uint8_t>(yiaddr >> (24 - 8 * i));
  std::copy(kClient.begin(), kClient.end(), p.begin() + 28);
  p.insert(p.end(), {99, 130, 83, 99, 53, 1, type, 54, 4});
  for (int i = 0; i < 4; ++i) p.push_back(static_cast<std::uint8_t>(from_ip >> (24 - 8 * i)));
  if (pxe) {
    const std::string vc = "PXEClient";
    p.push_back(60), p.push_back(static_cast<std::uint8_t>(vc.size()));
    p.insert(p.end(), vc.begin(), vc.end());
  }
  p.push_back(255);
  UdpEndpoints ep;
  ep.src_mac = from_mac;
  ep.dst_mac = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  ep.src_ip = from_ip;
  ep.dst_ip = 0xffffffffu;
  ep.src_port = src_port;
  ep.dst_port = op == 2 ? 68 : 67;
  std::vector<std::uint8_t> frame;
  build_udp_frame(ep, p, 1, frame);
  return frame;
}

TEST(OtherServerReply, ClassifiesAProxyOffer) {
  const auto r =
      other_server_reply(dhcp_frame(2, 2, 0, true, kTheirMac, kTheirIp), kOurMac, kOurIp);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->server, kTheirIp);
  EXPECT_EQ(r->server_mac, kTheirMac);
  EXPECT_EQ(r->client, kClient);
  EXPECT_EQ(r->xid, 0x1234u);
  EXPECT_EQ(r->yiaddr, 0u);
  EXPECT_TRUE(r->pxe);
}

TEST(OtherServerReply, IgnoresOurOwnRequestsAndOtherPorts) {
  EXPECT_FALSE(other_server_reply(dhcp_frame(2, 2, 0, true, kOurMac, kOurIp), kOurMac, kOurIp))
      << "our own reply";
  EXPECT_FALSE(other_server_reply(dhcp_frame(1, 1, 0, true, kTheirMac, 0), kOurMac, kOurIp))
      << "a client's request";
  EXPECT_FALSE(
      other_server_reply(dhcp_frame(2, 2, 0, true, kTheirMac, kTheirIp, 1, 68), kOurMac, kOurIp))
      << "not from a server port";
  std::vector<std::uint8_t> cut = dhcp_frame(2, 2, 0, true, kTheirMac, kTheirIp);
  cut.resize(60);
  EXPECT_FALSE(other_server_reply(cut, kOurMac, kOurIp)) << "truncated";
}

OtherServerReply server(std::uint32_t ip, std::uint32_t yiaddr, bool pxe) {
  OtherServerReply s;
  s.server = ip;
  s.server_mac = kTheirMac;
  s.yiaddr = yiaddr;
  s.pxe = pxe;
  return s;
}

// The check's DISCOVER (encoded through the option writer, no libtins): a PXE 2.1 BIOS ROM's,
// which both full DHCP and proxyDHCP servers answer.
TEST(CheckDiscover, IsABiosPxeDiscoverOfAtLeast300Bytes) {
  const std::vector<std::uint8_t> discover = build_check_discover(kOurMac, 0x01020304);
  EXPECT_GE(discover.size(), 300u);
  EXPECT_EQ(discover.back(), 255) << "ends with End, no stray bytes";
  DhcpMessage m;
  ASSERT_TRUE(m.parse(discover));
  EXPECT_EQ(m.op, 1);
  EXPECT_EQ(m.xid, 0x01020304u);
  EXPECT_EQ(m.message_type(), 1);
  EXPECT_EQ(m.mac, kOurMac);
  EXPECT_EQ(m.arch(), 0);
  EXPECT_TRUE(m.pxe_client());
  EXPECT_EQ(m.vendor_class(), "PXEClient:Arch:00000:UNDI:002001");
  EXPECT_NE(fingerprint_firmware(m).name.find("BIOS"), std::string::npos)
      << fingerprint_firmware(m).name;
}

TEST(JudgeDhcpCheck, FullDhcpRefusesBesideAnotherDhcpServerNamingIt) {
  const auto v = judge_dhcp_check({server(kTheirIp, 0x0a4e0064, false)}, "srv0", true, false);
  EXPECT_NE(v.refusal.find("another DHCP server answers on srv0: 10.78.0.50 (MAC "
                           "02:00:00:00:00:99) offered 10.78.0.100"),
            std::string::npos)
      << v.refusal;
  EXPECT_NE(v.refusal.find("--force"), std::string::npos) << v.refusal;
  EXPECT_TRUE(v.warnings.empty());
}

TEST(JudgeDhcpCheck, ForceTurnsTheRefusalIntoAWarning) {
  const auto v = judge_dhcp_check({server(kTheirIp, 0x0a4e0064, false)}, "srv0", true, true);
  EXPECT_TRUE(v.refusal.empty());
  ASSERT_EQ(v.warnings.size(), 1u);
  EXPECT_NE(v.warnings[0].find("10.78.0.50"), std::string::npos);
  EXPECT_NE(v.warnings[0].find("--force"), std::string::npos);
}

TEST(JudgeDhcpCheck, ProxyModeWarnsAboutAnotherProxyOnlyAndNotesTheDhcpServer) {
  const auto v = judge_dhcp_check(
      {server(0x0a4e00fe, 0x0a4e0064, false), server(kTheirIp, 0, true)}, "srv0", false, false);
  EXPECT_TRUE(v.refusal.empty()) << "proxy mode never refuses";
  ASSERT_EQ(v.warnings.size(), 1u);
  EXPECT_NE(v.warnings[0].find("another proxyDHCP server answers PXE clients on srv0: 10.78.0.50"),
            std::string::npos)
      << v.warnings[0];
  ASSERT_EQ(v.notes.size(), 1u) << "the DHCP server a proxy runs beside is expected";
  EXPECT_NE(v.notes[0].find("10.78.0.254"), std::string::npos) << v.notes[0];
}

TEST(JudgeDhcpCheck, DhcpServerGivingPxeInformationIsAWarningInProxyMode) {
  const auto v = judge_dhcp_check({server(kTheirIp, 0x0a4e0064, true)}, "srv0", false, false);
  ASSERT_EQ(v.warnings.size(), 1u);
  EXPECT_NE(v.warnings[0].find("also gives PXE clients boot information"), std::string::npos);
}

TEST(JudgeDhcpCheck, AnotherProxyBesideFullDhcpWarnsButDoesNotRefuse) {
  const auto v = judge_dhcp_check({server(kTheirIp, 0, true)}, "srv0", true, false);
  EXPECT_TRUE(v.refusal.empty());
  EXPECT_EQ(v.warnings.size(), 1u);
}

OtherServerReply reply_to(const MacAddress& client, std::uint32_t xid, std::uint32_t yiaddr,
                          bool pxe) {
  OtherServerReply r = server(kTheirIp, yiaddr, pxe);
  r.client = client;
  r.xid = xid;
  return r;
}

TEST(ConflictWatch, OneReportPerConflictWhicheverAnswerComesFirst) {
  ConflictWatch watch(false);
  // Theirs first, then ours: one conflict.
  EXPECT_FALSE(watch.other_reply(reply_to(kClient, 7, 0, true), 100));
  const auto c = watch.our_reply(kClient, 100);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->server, kTheirIp);
  EXPECT_EQ(c->client, kClient);
  EXPECT_EQ(c->xid, 7u);
  // Their ACK of the same transaction and our answer to a retry: the same conflict.
  EXPECT_FALSE(watch.other_reply(reply_to(kClient, 7, 0, true), 101));
  EXPECT_FALSE(watch.our_reply(kClient, 101));
  // The next boot attempt (new xid), ours first this time: a new conflict.
  const auto next = watch.other_reply(reply_to(kClient, 8, 0, true), 110);
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->xid, 8u);
}

TEST(ConflictWatch, PlainDhcpServerIsNoConflictForAProxy) {
  ConflictWatch proxy(false);
  proxy.our_reply(kClient, 100);
  EXPECT_FALSE(proxy.other_reply(reply_to(kClient, 7, 0x0a4e0064, false), 100));
  ConflictWatch full(true);
  full.our_reply(kClient, 100);
  EXPECT_TRUE(full.other_reply(reply_to(kClient, 7, 0x0a4e0064, false), 100))
      << "full DHCP: another address for our client is a conflict";
}

TEST(ConflictWatch, OtherClientsAndOldAnswersAreNoConflict) {
  ConflictWatch watch(false);
  watch.our_reply(kClient, 100);
  const MacAddress other = {0x02, 0, 0, 0, 0x10, 0x02};
  EXPECT_FALSE(watch.other_reply(reply_to(other, 7, 0, true), 100));
  EXPECT_FALSE(
      watch.other_reply(reply_to(kClient, 9, 0, true), 100 + ConflictWatch::kWindowSeconds + 1))
      << "a boot long after ours";
}

// The conflict line is an interface (log readers, `--json`): its fields and event name.
TEST(ConflictLogLine, JsonNamesClientServerAndKind) {
  char* text = nullptr;
  std::size_t size = 0;
  std::FILE* out = open_memstream(&text, &size);
  ASSERT_NE(out, nullptr);
  {
    EventLog log(out, true, false);
    log.conflict({kClient, 0x4001, kTheirIp, kTheirMac, false});
    log.flush();
  }
  std::fclose(out);
  const auto line = nlohmann::json::parse(std::string(text, size));
  std::free(text);
  EXPECT_EQ(line["event"], "conflict");
  EXPECT_EQ(line["mac"], "02:00:00:00:10:01");
  EXPECT_EQ(line["xid"], "0x00004001");
  EXPECT_EQ(line["server"], "10.78.0.50");
  EXPECT_EQ(line["server_mac"], "02:00:00:00:00:99");
  EXPECT_EQ(line["kind"], "proxy");
  EXPECT_TRUE(line.contains("message"));
}

}  // namespace
}  // namespace pxescope::responder
