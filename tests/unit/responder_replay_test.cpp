// Replies to every real firmware capture, checked field by field through the analyzer,
// and against the bytes dnsmasq sent in the same exchange where they must agree.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

#include "responder/replay.hpp"
#include "responder/reply_lint.hpp"
#include "unit/responder_test_support.hpp"

namespace pxescope::responder {
namespace {

using testing::boot_file_config;
using testing::capture;
using testing::replay;
using testing::ReplayedReply;

// dnsmasq's first reply from 192.168.77.2:port (the recording harness's proxy address).
std::vector<std::uint8_t> first_dnsmasq_reply(const std::string& path, unsigned port) {
  for (const auto& f : testing::read_frames(path)) {
    if (f.size() < 42 + 240 || f[12] != 0x08 || f[13] != 0x00) continue;
    const bool from_proxy = f[26] == 192 && f[27] == 168 && f[28] == 77 && f[29] == 2;
    const bool from_port = (unsigned(f[34]) << 8 | f[35]) == port;
    if (from_proxy && from_port) return {f.begin() + 42, f.end()};
  }
  return {};
}
std::vector<std::uint8_t> first_dnsmasq_offer(const std::string& path) {
  return first_dnsmasq_reply(path, 67);
}

// What the client sent in a recording: its DISCOVERs, its REQUESTs to port 4011, and the
// REQUEST of its lease (to port 67).
struct ClientPackets {
  std::vector<testing::CapturedDhcp> discovers, requests_4011, requests_67;
};
ClientPackets client_packets(const std::string& path) {
  ClientPackets c;
  for (auto& p : testing::captured_dhcp(path)) {
    const auto type = p.num("dhcp.option.dhcp");
    if (type == 1)
      c.discovers.push_back(std::move(p));
    else if (type == 3 && p.num("udp.dstport") == 4011)
      c.requests_4011.push_back(std::move(p));
    else if (type == 3 && p.num("udp.dstport") == 67)
      c.requests_67.push_back(std::move(p));
  }
  return c;
}

void expect_proxy_offer_basics(const ReplayedReply& r, const std::string& server) {
  EXPECT_EQ(r.num("dhcp.type"), 2u);
  EXPECT_EQ(r.num("dhcp.option.dhcp"), 2u);
  EXPECT_EQ(r.str("dhcp.ip.your"), "0.0.0.0") << "proxy DHCP never hands out addresses";
  EXPECT_EQ(r.str("dhcp.option.dhcp_server_id"), server);
  EXPECT_EQ(r.str("dhcp.option.vendor_class_id"), "PXEClient");
  EXPECT_EQ(r.str("ip.dst"), "255.255.255.255");
  EXPECT_EQ(r.num("udp.srcport"), 67u);
  EXPECT_EQ(r.num("udp.dstport"), 68u);
  EXPECT_GE(r.frame.size() - 42, 300u) << "BOOTP minimum";
  EXPECT_EQ(r.tree.count_warnings(Severity::Warn), 0u) << "the analyzer finds fault with the reply";
}

TEST(ResponderReplay, SeabiosIpxeGetsMenuThenBootFileOn4011) {
  const std::string path = capture("seabios-ipxe-proxydhcp.pcap");
  const ClientPackets client = client_packets(path);
  ASSERT_EQ(client.discovers.size(), 2u);
  ASSERT_EQ(client.requests_4011.size(), 1u);
  const auto replies = replay(path, boot_file_config("pxelinux.0"));
  ASSERT_EQ(replies.size(), 3u);
  EXPECT_EQ(replies[0].request_frame, client.discovers[0].frame_index);
  EXPECT_EQ(replies[1].request_frame, client.discovers[1].frame_index);
  EXPECT_EQ(replies[2].request_frame, client.requests_4011[0].frame_index);
  const std::string uuid = client.discovers[0].str("dhcp.client_id.uuid");
  ASSERT_EQ(uuid.size(), 36u) << uuid;  // iPXE sends its SMBIOS UUID in option 97
  for (int i = 0; i < 2; ++i) {
    const ReplayedReply& offer = replies[i];
    expect_proxy_offer_basics(offer, "192.0.2.1");
    EXPECT_EQ(offer.num("dhcp.id"), client.discovers[i].num("dhcp.id"));
    EXPECT_EQ(offer.str("dhcp.client_id.uuid"), uuid);
    EXPECT_EQ(offer.num("dhcp.option.vendor.pxeclient.discovery_control"), 3u);
    EXPECT_EQ(offer.str("dhcp.option.vendor.pxeclient.boot_servers.ip"), "192.0.2.1");
    EXPECT_EQ(offer.num("dhcp.option.vendor.pxeclient.boot_menu.type"), 0x8000u);
    EXPECT_EQ(offer.str("dhcp.option.vendor.pxeclient.menu_prompt.prompt"), "PXE");
    EXPECT_EQ(offer.str("dhcp.file"), "") << "a menu offer names no file";
  }
  const ReplayedReply& ack = replies[2];
  EXPECT_EQ(ack.num("dhcp.option.dhcp"), 5u);
  EXPECT_EQ(ack.str("dhcp.file"), "pxelinux.0");
  EXPECT_EQ(ack.str("dhcp.ip.server"), "192.0.2.1");
  EXPECT_EQ(ack.str("dhcp.ip.your"), "0.0.0.0");
  // The address the router leased, from which the client asked port 4011.
  const std::string leased = client.requests_4011[0].str("ip.src");
  ASSERT_EQ(leased.rfind("192.168.77.", 0), 0u) << leased;
  EXPECT_EQ(ack.str("dhcp.ip.client"), leased);
  EXPECT_EQ(ack.num("dhcp.option.vendor.pxeclient.boot_item.type"), 0x8000u);
  EXPECT_EQ(ack.str("ip.dst"), leased);
  EXPECT_EQ(ack.num("udp.srcport"), 4011u);
  EXPECT_EQ(ack.num("udp.dstport"), 68u);
  EXPECT_EQ(ack.tree.count_warnings(Severity::Warn), 0u);
}

TEST(ResponderReplay, SeedConfigOfferIsByteIdenticalToDnsmasq) {
  // dnsmasq ran with the seed's pxe-service line (basename pxelinux, ".0" added) on .2.
  // The project's e1000 and virtio recordings, then ../shared's when present.
  std::vector<std::string> paths;
  for (const char* name : {"seabios-ipxe-proxydhcp.pcap", "seabios-ipxe-virtio-proxydhcp.pcap"})
    for (std::string& path : pxescope::test::recordings_of(name)) paths.push_back(std::move(path));
  for (const std::string& name : paths) {
    SCOPED_TRACE(name);
    ResponderConfig cfg;
    std::vector<std::string> warnings;
    parse_config_text("pxe-service=x86PC,\"PXE Netboot\",pxelinux\ndhcp-range=192.168.77.0,proxy\n",
                      "seed.conf", cfg, warnings);
    ASSERT_TRUE(warnings.empty());
    const auto replies = replay(name, cfg, testing::test_server(0xc0a84d02u));
    ASSERT_EQ(replies.size(), 3u);
    EXPECT_EQ(replies[0].payload(), first_dnsmasq_offer(name));
    EXPECT_EQ(replies[2].str("dhcp.file"), "pxelinux.0");
  }
}

TEST(ResponderReplay, Edk2GetsNoMenuThenAcksOn4011To4011) {
  const std::string path = capture("ovmf-edk2-proxydhcp.pcap");
  const ClientPackets client = client_packets(path);
  ASSERT_EQ(client.requests_4011.size(), 1u);
  const auto replies =
      replay(path, boot_file_config("syslinux.efi"), testing::test_server(0xc0a84d02u));
  ASSERT_EQ(replies.size(), 2u);
  const ReplayedReply& offer = replies[0];
  expect_proxy_offer_basics(offer, "192.168.77.2");
  EXPECT_FALSE(offer.has("dhcp.option.vendor.pxeclient.discovery_control"))
      << "EDK2 must get no option 43, so it asks port 4011";
  EXPECT_EQ(offer.str("dhcp.file"), "");
  EXPECT_EQ(offer.payload(), first_dnsmasq_offer(path)) << "same bytes as dnsmasq's offer";
  const ReplayedReply& ack = replies[1];
  EXPECT_EQ(ack.request_frame, client.requests_4011[0].frame_index);
  EXPECT_EQ(ack.num("udp.srcport"), 4011u);
  EXPECT_EQ(ack.num("udp.dstport"), 4011u);
  EXPECT_EQ(ack.str("ip.dst"), client.requests_4011[0].str("ip.src"));
  EXPECT_EQ(ack.str("dhcp.file"), "syslinux.efi");
  const auto dnsmasq_ack = first_dnsmasq_reply(path, 4011);
  ASSERT_FALSE(dnsmasq_ack.empty());
  EXPECT_EQ(ack.payload(), dnsmasq_ack) << "same bytes as dnsmasq's 4011 ACK";
}

TEST(ResponderReplay, IpxeEfiRequestsFrom68Answered) {
  const std::string path = capture("ovmf-ipxe-proxydhcp.pcap");
  const ClientPackets client = client_packets(path);
  ASSERT_EQ(client.requests_4011.size(), 1u);
  EXPECT_EQ(client.requests_4011[0].num("udp.srcport"), 68u) << "iPXE asks 4011 from port 68";
  const auto replies = replay(path, boot_file_config("syslinux.efi"));
  ASSERT_EQ(replies.size(), 4u);
  for (int i = 0; i < 3; ++i) expect_proxy_offer_basics(replies[i], "192.0.2.1");
  const ReplayedReply& ack = replies[3];
  EXPECT_EQ(ack.num("dhcp.option.dhcp"), 5u);
  EXPECT_EQ(ack.num("udp.dstport"), 68u);
  EXPECT_EQ(ack.str("ip.dst"), client.requests_4011[0].str("ip.src"));
  EXPECT_EQ(ack.str("dhcp.file"), "syslinux.efi");
}

TEST(ResponderReplay, Arm64ByArchitectureAndSilentWithoutBootFile) {
  const std::string path = capture("aavmf-arm64-proxydhcp.pcap");
  ResponderConfig cfg = boot_file_config("pxelinux.0");
  cfg.boot_rules[0].arches = {0};  // BIOS only: nothing for arm64
  EXPECT_TRUE(replay(path, cfg).empty());
  BootRule arm;
  arm.arches = {11};
  arm.file = "grubaa64.efi";
  cfg.boot_rules.push_back(arm);
  const auto replies = replay(path, cfg);
  ASSERT_EQ(replies.size(), 1u);
  expect_proxy_offer_basics(replies[0], "192.0.2.1");
}

TEST(ResponderReplay, FullDhcpNoRouterLeasesAnAddressAndStillBoots) {
  ResponderConfig cfg = boot_file_config("pxelinux.0");
  cfg.full_dhcp = true;
  cfg.range_start = 0xc0a84d64u;  // .100
  cfg.range_end = 0xc0a84dc7u;    // .199
  const std::string path = capture("seabios-ipxe-fulldhcp-norouter.pcap");
  const ClientPackets client = client_packets(path);
  ASSERT_EQ(client.requests_67.size(), 1u);
  const std::string requested = client.requests_67[0].str("dhcp.option.requested_ip_address");
  const auto replies = replay(path, cfg, testing::test_server(0xc0a84d02u));
  ASSERT_EQ(replies.size(), 4u);  // OFFER, OFFER, ACK, 4011 ACK
  const std::string offered = replies[0].str("dhcp.ip.your");
  EXPECT_EQ(replies[0].num("dhcp.option.dhcp"), 2u);
  EXPECT_EQ(replies[1].str("dhcp.ip.your"), offered)
      << "a retransmitted DISCOVER gets the same address";
  EXPECT_EQ(replies[0].str("dhcp.option.subnet_mask"), "255.255.255.0");
  EXPECT_EQ(replies[0].num("dhcp.option.vendor.pxeclient.discovery_control"), 3u);
  // The client REQUESTs the address dnsmasq offered (from the same .100-.199 pool): free here,
  // so it is ACKed.
  EXPECT_EQ(replies[2].num("dhcp.option.dhcp"), 5u);
  EXPECT_EQ(replies[2].str("dhcp.ip.your"), requested);
  EXPECT_EQ(replies[2].num("dhcp.option.ip_address_lease_time"), 3600u);
  EXPECT_EQ(replies[3].str("dhcp.file"), "pxelinux.0");
}

TEST(ResponderReplay, CommandLinePrintsTheSameNodesAsTheEngine) {
  const std::string path = capture("ovmf-edk2-proxydhcp.pcap");
  const std::string cmd = std::string(PXESCOPE_BIN_DIR) + "/pxescope respond --replay " + path +
                          " --json --boot-file syslinux.efi --server-ip 192.168.77.2";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, pipe.get())) output.append(buf, n);
  const auto replies =
      replay(path, boot_file_config("syslinux.efi"), testing::test_server(0xc0a84d02u));
  std::vector<nlohmann::json> lines;
  std::size_t start = 0;
  while (start < output.size()) {
    const std::size_t nl = output.find('\n', start);
    lines.push_back(nlohmann::json::parse(output.substr(start, nl - start)));
    start = nl == std::string::npos ? output.size() : nl + 1;
  }
  ASSERT_EQ(lines.size(), replies.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    EXPECT_EQ(lines[i]["request_frame"].get<std::uint64_t>(), replies[i].request_frame);
    const auto& nodes = lines[i]["reply"];
    ASSERT_TRUE(nodes.is_array());
    ASSERT_GE(nodes.size(), 4u);  // eth, ip, udp, dhcp
    EXPECT_EQ(nodes[0]["name"], "eth");
    EXPECT_EQ(nodes.back()["name"], "dhcp");
  }
  // The ACK names the file.
  EXPECT_NE(output.find("\"syslinux.efi\""), std::string::npos);
}

// The live log line carries the same linter's codes for what was sent (reply_lint_codes).
TEST(ResponderReplay, LiveLogLintCodesOfAReply) {
  CaptureReader reader;
  ASSERT_TRUE(reader.open_file(capture("ovmf-edk2-proxydhcp.pcap")));
  Engine wrong(boot_file_config("pxelinux.0"), testing::test_server(0xc0a84d02u));
  Engine right(boot_file_config("syslinux.efi"), testing::test_server(0xc0a84d02u));
  wrong.set_check_destination(false);
  right.set_check_destination(false);
  Frame frame;
  std::size_t checked = 0, acks_4011 = 0;
  while (reader.next(frame)) {
    if (wrong.handle_frame(frame.data, frame.ts_sec) != FrameOutcome::Reply) continue;
    ASSERT_EQ(right.handle_frame(frame.data, frame.ts_sec), FrameOutcome::Reply);
    const bool from_4011 = wrong.ingress().dst_port == 4011;
    const std::string bad = reply_lint_codes(frame.data, wrong.reply_frame(), from_4011);
    const std::string good = reply_lint_codes(frame.data, right.reply_frame(), from_4011);
    EXPECT_EQ(good, "") << "frame " << frame.index;
    // The offer carries no file (EDK2 asks 4011), the 4011 ACK names pxelinux.0.
    if (from_4011) {
      EXPECT_NE(bad.find("file-arch-mismatch"), std::string::npos) << bad;
      ++acks_4011;
    }
    ++checked;
  }
  EXPECT_GE(checked, 2u);
  EXPECT_GE(acks_4011, 1u);
}

// What respond would send is linted like a reply seen on the wire: a UEFI client configured
// with only a BIOS boot file gets a reply whose tree carries the finding; a fitting file none.
TEST(ResponderReplay, RepliesItWouldSendAreLinted) {
  const std::string path = capture("ovmf-edk2-proxydhcp.pcap");
  auto run = [&](const std::string& file) {
    const std::string cmd = std::string(PXESCOPE_BIN_DIR) + "/pxescope respond --replay " + path +
                            " --json --boot-file " + file + " 2>/dev/null";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
    std::string output;
    char buf[4096];
    while (std::size_t n = std::fread(buf, 1, sizeof buf, pipe.get())) output.append(buf, n);
    return output;
  };
  const std::string wrong = run("pxelinux.0");
  ASSERT_FALSE(wrong.empty());
  EXPECT_NE(wrong.find("pxe-lint file-arch-mismatch"), std::string::npos);
  const std::string right = run("syslinux.efi");
  ASSERT_FALSE(right.empty());
  EXPECT_EQ(right.find("pxe-lint"), std::string::npos);
}

}  // namespace
}  // namespace pxescope::responder

namespace pxescope::responder {
namespace {

// Every capture of the project and of ../shared: no crash, and every reply is one the
// analyzer finds no fault with and that keeps the proxy invariants.
TEST(ResponderReplay, EveryCaptureGivesCleanProxyReplies) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files = pxescope::test::project_captures();
  for (fs::path& f : pxescope::test::shared_captures()) files.push_back(std::move(f));
  ASSERT_GE(files.size(), 6u);
  const ResponderConfig cfg = boot_file_config("pxelinux.0");
  std::size_t total = 0;
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.string());
    for (const ReplayedReply& r : replay(file.string(), cfg)) {
      ++total;
      EXPECT_EQ(r.tree.count_warnings(Severity::Warn), 0u);
      EXPECT_EQ(r.str("dhcp.ip.your"), "0.0.0.0");
      EXPECT_EQ(r.str("dhcp.option.dhcp_server_id"), "192.0.2.1");
      EXPECT_EQ(r.str("dhcp.option.vendor_class_id"), "PXEClient");
      EXPECT_GE(r.frame.size(), 42u + 300u);
    }
  }
  EXPECT_GE(total, 12u);
}

TEST(ResponderReplay, MalformedGeneratedCapturesGetNoReply) {
  const ResponderConfig cfg = boot_file_config("pxelinux.0");
  const std::string dir = std::string(PXESCOPE_SOURCE_DIR) + "/captures/generated/";
  for (const char* name : {"opt-length-past-end.pcap", "wrong-length-options.pcap",
                           "bad-magic-cookie.pcap", "missing-end.pcap", "hlen-over-16.pcap"}) {
    if (!std::filesystem::exists(dir + name)) continue;
    SCOPED_TRACE(name);
    EXPECT_TRUE(replay(dir + name, cfg).empty());
  }
}

TEST(ResponderReplay, RelayAgentCaptureAnsweredToTheRelayWithOption82) {
  const std::string path =
      std::string(PXESCOPE_SOURCE_DIR) + "/captures/generated/relay-agent-82.pcap";
  if (!std::filesystem::exists(path))
    GTEST_SKIP() << "captures/generated/relay-agent-82.pcap not present";
  const ResponderConfig cfg = boot_file_config("pxelinux.0");
  const auto replies = replay(path, cfg);
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].str("ip.dst"), "10.20.0.1");
  EXPECT_EQ(replies[0].num("udp.dstport"), 67u);
  EXPECT_EQ(replies[0].str("dhcp.ip.relay"), "10.20.0.1");
  EXPECT_TRUE(replies[0].has("dhcp.option.agent_information_option") ||
              replies[0].has("dhcp.option.agent_information_option.agent_circuit_id"))
      << "option 82 echoed";
}

TEST(ResponderReplay, EveryLinkTypeIsAnswered) {
  const ResponderConfig cfg = boot_file_config("pxelinux.0");
  const std::string dir = std::string(PXESCOPE_SOURCE_DIR) + "/captures/generated/";
  for (const char* name : {"linux-sll.pcap", "linux-sll2.pcap", "raw-ipv4.pcap", "vlan-8021q.pcap",
                           "vlan-qinq.pcap"}) {
    if (!std::filesystem::exists(dir + name)) continue;
    SCOPED_TRACE(name);
    const auto replies = replay(dir + name, cfg);
    ASSERT_EQ(replies.size(), 1u) << "one DISCOVER in each";
    EXPECT_EQ(replies[0].num("dhcp.option.dhcp"), 2u);
    EXPECT_EQ(replies[0].str("dhcp.hw.mac_addr"), "52:54:00:c0:ff:ee");
  }
}

}  // namespace
}  // namespace pxescope::responder
