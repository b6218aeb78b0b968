// The decisions on hand-made requests: iPXE detection, HTTP boot, architectures, --only,
// relays (giaddr + option 82), malformed requests, and full DHCP with its lease file.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "responder/engine.hpp"
#include "responder/net/frame_builder.hpp"
#include "unit/request_builder.hpp"
#include "unit/responder_test_support.hpp"

namespace pxescope::responder {
namespace {

using testing::kClientMac;
using testing::RequestBuilder;

struct Decided {
  FrameOutcome outcome;
  Verdict verdict;
  Reply reply;
  std::vector<std::uint8_t> frame;
};

Decided decide(const ResponderConfig& cfg, const std::vector<std::uint8_t>& frame) {
  Engine engine(cfg, testing::test_server());
  engine.set_check_destination(false);
  Decided d;
  d.outcome = engine.handle_frame(frame, 1000);
  d.verdict = engine.verdict();
  d.reply = engine.reply();
  d.frame.assign(engine.reply_frame().begin(), engine.reply_frame().end());
  return d;
}

TEST(ResponderDecision, NonPxeClientIgnoredInProxyMode) {
  const Decided d =
      decide(testing::boot_file_config("pxelinux.0"), RequestBuilder(1, "MSFT 5.0").frame());
  EXPECT_EQ(d.outcome, FrameOutcome::Silent);
  EXPECT_EQ(d.verdict, Verdict::NotPxe);
}

TEST(ResponderDecision, ArchitectureChoosesTheFile) {
  ResponderConfig cfg = testing::boot_file_config("pxelinux.0");
  BootRule efi;
  efi.arches = {7, 9};
  efi.file = "ipxe.efi";
  cfg.boot_rules.push_back(efi);
  RequestBuilder bios(3, "PXEClient:Arch:00000:UNDI:002001");
  bios.arch(0);
  EXPECT_EQ(decide(cfg, bios.frame(4011)).reply.file, "pxelinux.0");
  RequestBuilder uefi(3, "PXEClient:Arch:00007:UNDI:003000");
  uefi.arch(7);
  EXPECT_EQ(decide(cfg, uefi.frame(4011)).reply.file, "ipxe.efi");
  // No option 93: the architecture comes from the vendor class.
  EXPECT_EQ(
      decide(cfg, RequestBuilder(3, "PXEClient:Arch:00009:UNDI:003000").frame(4011)).reply.file,
      "ipxe.efi");
}

TEST(ResponderDecision, IpxeClientGetsItsScriptInsteadOfChainloadingAgain) {
  ResponderConfig cfg = testing::boot_file_config("pxelinux.0");
  std::vector<std::string> warnings;
  parse_config_text(
      "dhcp-userclass=set:ipxe,iPXE\ndhcp-match=set:ipxe,175\n"
      "dhcp-boot=tag:ipxe,http://192.0.2.1/boot.ipxe\n",
      "t.conf", cfg, warnings);
  ASSERT_TRUE(warnings.empty());
  RequestBuilder plain(1, "PXEClient:Arch:00000:UNDI:002001");
  plain.arch(0);
  const Decided first = decide(cfg, plain.frame());
  EXPECT_EQ(first.reply.style, OfferStyle::Menu) << "plain PXE ROM: menu, then pxelinux.0 on 4011";

  RequestBuilder by_user_class(1, "PXEClient:Arch:00000:UNDI:002001");
  by_user_class.arch(0).ipxe();
  const Decided d = decide(cfg, by_user_class.frame());
  ASSERT_EQ(d.outcome, FrameOutcome::Reply);
  EXPECT_EQ(d.reply.style, OfferStyle::Direct);
  EXPECT_EQ(d.reply.file, "http://192.0.2.1/boot.ipxe");

  RequestBuilder by_option(1, "PXEClient:Arch:00007:UNDI:003010");
  by_option.arch(7).option(175, {0xb1, 0x05, 0x01, 0x80, 0x86, 0x10, 0x0e});
  EXPECT_EQ(decide(cfg, by_option.frame()).reply.file, "http://192.0.2.1/boot.ipxe");
}

TEST(ResponderDecision, HttpBootClientGetsUrl) {
  ResponderConfig cfg = testing::boot_file_config("pxelinux.0");
  RequestBuilder http(1, "HTTPClient:Arch:00016:UNDI:003000");
  http.arch(16);
  EXPECT_EQ(decide(cfg, http.frame()).verdict, Verdict::NoBootFile) << "no URL configured";
  cfg.http_boot_url = "http://192.0.2.1/boot/bootx64.efi";
  const Decided d = decide(cfg, http.frame());
  ASSERT_EQ(d.outcome, FrameOutcome::Reply);
  EXPECT_EQ(d.reply.vendor_class, "HTTPClient");
  EXPECT_EQ(d.reply.file, "http://192.0.2.1/boot/bootx64.efi");
  EXPECT_EQ(d.reply.style, OfferStyle::Direct);
}

// UEFI HTTP boot with pxescope's HTTP service on: the file for the client's PXE sibling (x64
// HTTP 16 -> x64 UEFI 7) as a URL on this server, in proxy and in full DHCP mode.
TEST(ResponderDecision, HttpBootClientGetsRootFileFromOwnHttpService) {
  ResponderConfig cfg = testing::boot_file_config("pxelinux.0");
  BootRule efi;
  efi.arches = {7, 9};
  efi.file = "efi/bootx64.efi";
  cfg.boot_rules.push_back(efi);
  RequestBuilder http(1, "HTTPClient:Arch:00016:UNDI:003000");
  http.arch(16);
  EXPECT_EQ(decide(cfg, http.frame()).verdict, Verdict::NoBootFile) << "HTTP off: no URL to give";
  cfg.http_port = 8080;
  for (const bool full : {false, true}) {
    SCOPED_TRACE(full ? "full DHCP" : "proxy");
    ResponderConfig mode = cfg;
    mode.full_dhcp = full;
    mode.range_start = 0xc0000264u;
    mode.range_end = 0xc00002c7u;
    mode.address_check = false;
    const Decided d = decide(mode, http.frame());
    ASSERT_EQ(d.outcome, FrameOutcome::Reply);
    EXPECT_EQ(d.reply.vendor_class, "HTTPClient");
    EXPECT_EQ(d.reply.style, OfferStyle::Direct);
    EXPECT_EQ(d.reply.file, "http://192.0.2.1:8080/efi/bootx64.efi");
  }
  cfg.http_port = 80;
  EXPECT_EQ(decide(cfg, http.frame()).reply.file, "http://192.0.2.1/efi/bootx64.efi");
  cfg.http_boot_url = "http://198.51.100.7/uki.efi";
  EXPECT_EQ(decide(cfg, http.frame()).reply.file, "http://198.51.100.7/uki.efi")
      << "an --http-url written for HTTP clients wins";
  RequestBuilder pxe(1, "PXEClient:Arch:00007:UNDI:003000");
  pxe.arch(7);
  EXPECT_EQ(decide(cfg, pxe.frame()).reply.file, "efi/bootx64.efi") << "PXE clients: TFTP as ever";
}

TEST(ResponderDecision, OnlyListedMacsAreAnswered) {
  ResponderConfig cfg = testing::boot_file_config("pxelinux.0");
  cfg.only = {MacAddress{0x02, 0, 0, 0, 0, 9}};
  RequestBuilder req(1, "PXEClient:Arch:00000:UNDI:002001");
  EXPECT_EQ(decide(cfg, req.frame()).verdict, Verdict::NotListed);
  cfg.only.push_back(kClientMac);
  EXPECT_EQ(decide(cfg, req.frame()).outcome, FrameOutcome::Reply);
}

TEST(ResponderDecision, RelayedRequestAnsweredThroughTheRelayWithOption82) {
  RequestBuilder req(1, "PXEClient:Arch:00007:UNDI:003000");
  req.arch(7).giaddr(0x0a010001u).option(82, {1, 4, 'p', 'o', 'r', 't'});
  const Decided d = decide(testing::boot_file_config("pxelinux.0"), req.frame(67, 0x0a010001u, 67));
  ASSERT_EQ(d.outcome, FrameOutcome::Reply);
  EXPECT_EQ(d.reply.to.ip, 0x0a010001u);
  EXPECT_EQ(d.reply.to.port, 67);
  EXPECT_EQ(d.reply.to.mac, kClientMac) << "the relay's MAC: the frame's source";
  // Check the bytes through the analyzer: giaddr and 82 echoed.
  PacketDissector dissector;
  FieldTree tree;
  Frame f;
  f.data = d.frame;
  f.link_type = 1;
  dissector.dissect(f, tree);
  EXPECT_EQ(tree[tree.find("dhcp.ip.relay")].str_value, "10.1.0.1");
  EXPECT_NE(tree.find("dhcp.option.type"), kNoNode);
  bool saw82 = false;
  for (NodeId id = 0; id < tree.size(); ++id)
    if (tree[id].name == "dhcp.option.type" && tree[id].uint_value == 82) saw82 = true;
  EXPECT_TRUE(saw82);
}

TEST(ResponderDecision, TwoRespondersAgree) {
  // Proxy DHCP holds no state: two engines give byte-identical answers.
  RequestBuilder req(1, "PXEClient:Arch:00000:UNDI:002001");
  req.arch(0).option(97, std::vector<std::uint8_t>(17, 7));
  const ResponderConfig cfg = testing::boot_file_config("pxelinux.0");
  EXPECT_EQ(decide(cfg, req.frame()).frame, decide(cfg, req.frame()).frame);
}

TEST(ResponderDecision, MalformedRequestsAreNotAnsweredAndGoodOnesStillAre) {
  Engine engine(testing::boot_file_config("pxelinux.0"), testing::test_server());
  engine.set_check_destination(false);
  RequestBuilder good(1, "PXEClient:Arch:00000:UNDI:002001");
  // An option running past the end.
  RequestBuilder overrun(1, "PXEClient:Arch:00000:UNDI:002001");
  overrun.p.push_back(60);
  overrun.p.push_back(200);
  std::vector<std::uint8_t> bad = overrun.frame();
  EXPECT_EQ(engine.handle_frame(bad, 1), FrameOutcome::Malformed);
  // Bad arch length, truncated header, bad cookie, random bytes.
  RequestBuilder bad_arch(1, "PXEClient");
  bad_arch.option(93, {0});
  EXPECT_EQ(engine.handle_frame(bad_arch.frame(), 1), FrameOutcome::Malformed);
  std::vector<std::uint8_t> truncated = good.frame();
  truncated.resize(42 + 100);
  EXPECT_NE(engine.handle_frame(truncated, 1), FrameOutcome::Reply);
  RequestBuilder cookie(1, "PXEClient");
  cookie.p[236] = 0;
  EXPECT_EQ(engine.handle_frame(cookie.frame(), 1), FrameOutcome::Malformed);
  std::vector<std::uint8_t> noise(600);
  for (std::size_t i = 0; i < noise.size(); ++i) noise[i] = static_cast<std::uint8_t>(i * 131 + 7);
  for (std::size_t cut = 0; cut < noise.size(); cut += 37)
    EXPECT_NE(engine.handle_frame({noise.data(), cut}, 1), FrameOutcome::Reply);
  // Every prefix of a good request: never a crash, never a reply to a cut one.
  const std::vector<std::uint8_t> whole = good.frame();
  for (std::size_t cut = 0; cut + 1 < 42 + 241; ++cut)
    EXPECT_NE(engine.handle_frame({whole.data(), cut}, 1), FrameOutcome::Reply) << cut;
  EXPECT_EQ(engine.handle_frame(whole, 1), FrameOutcome::Reply);
}

TEST(ResponderDecision, FullDhcpNeverGivesOneAddressTwiceAndSurvivesRestart) {
  LeaseTable table(0xc0000264u, 0xc0000266u);  // 192.0.2.100-102
  const MacAddress a{2, 0, 0, 0, 0, 0xa}, b{2, 0, 0, 0, 0, 0xb}, c{2, 0, 0, 0, 0, 0xc},
      d{2, 0, 0, 0, 0, 0xd};
  const std::uint32_t ip_a = table.offer(a, 0, 100);
  ASSERT_NE(ip_a, 0u);
  ASSERT_TRUE(table.bind(a, ip_a, 100, 3600));
  EXPECT_FALSE(table.bind(b, ip_a, 100, 3600)) << "held by a";
  const std::uint32_t ip_b = table.offer(b, ip_a, 100);  // asks for a's address
  EXPECT_NE(ip_b, ip_a);
  ASSERT_TRUE(table.bind(b, ip_b, 100, 3600));
  const std::uint32_t ip_c = table.offer(c, 0, 100);
  EXPECT_NE(ip_c, 0u);
  EXPECT_NE(ip_c, ip_a);
  EXPECT_NE(ip_c, ip_b);
  EXPECT_EQ(table.offer(d, 0, 100), 0u) << "pool of 3 exhausted while c's offer is held";
  // What the journal would have written, replayed at the next start.
  std::string journal;
  for (const LeaseRecord& r : table.take_changes()) journal += format_lease_record(r);
  std::istringstream file(journal);
  const LeaseLog log = replay_lease_log(file, "leases");

  LeaseTable restarted(0xc0000264u, 0xc0000266u);
  restarted.restore(log.latest, 200);
  EXPECT_EQ(restarted.bound_address(a, 200), ip_a);
  EXPECT_EQ(restarted.bound_address(b, 200), ip_b);
  EXPECT_EQ(restarted.offer(a, 0, 200), ip_a) << "same client, same address after restart";
  const std::uint32_t ip_d = restarted.offer(d, 0, 200);
  EXPECT_NE(ip_d, ip_a);
  EXPECT_NE(ip_d, ip_b);
  EXPECT_TRUE(restarted.release(a, ip_a));
}

TEST(ResponderDecision, FullDhcpDoraNakAndRelease) {
  ResponderConfig cfg = testing::boot_file_config("pxelinux.0");
  cfg.full_dhcp = true;
  cfg.range_start = 0xc0000264u;
  cfg.range_end = 0xc00002c7u;
  Engine engine(cfg, testing::test_server());
  engine.set_check_destination(false);
  RequestBuilder discover(1, "");
  ASSERT_EQ(engine.handle_frame(discover.frame(), 10), FrameOutcome::Reply)
      << "non-PXE clients get leases";
  const std::uint32_t offered = engine.reply().yiaddr;
  EXPECT_TRUE(offered >= cfg.range_start && offered <= cfg.range_end);
  EXPECT_EQ(engine.reply().message_type, 2);
  RequestBuilder request(3, "");
  request.option(54, {192, 0, 2, 1})
      .option(50,
              {static_cast<std::uint8_t>(offered >> 24), static_cast<std::uint8_t>(offered >> 16),
               static_cast<std::uint8_t>(offered >> 8), static_cast<std::uint8_t>(offered)});
  ASSERT_EQ(engine.handle_frame(request.frame(), 11), FrameOutcome::Reply);
  EXPECT_EQ(engine.reply().message_type, 5);
  EXPECT_EQ(engine.reply().yiaddr, offered);
  EXPECT_TRUE(engine.leases_changed());
  RequestBuilder wrong(3, "");
  wrong.option(54, {192, 0, 2, 1}).option(50, {192, 0, 2, 250});  // outside the range
  ASSERT_EQ(engine.handle_frame(wrong.frame(), 12), FrameOutcome::Reply);
  EXPECT_EQ(engine.reply().message_type, 6) << "NAK";
  RequestBuilder release(7, "");
  release.ciaddr(offered).option(54, {192, 0, 2, 1});
  EXPECT_EQ(engine.handle_frame(release.frame(), 13), FrameOutcome::Silent);
  EXPECT_TRUE(engine.leases_changed());
  EXPECT_EQ(engine.leases().bound_address(kClientMac, 14), 0u);
}

// Which DHCP options a reply's payload carries (the options after the magic cookie).
std::vector<std::uint8_t> option_codes(std::span<const std::uint8_t> payload) {
  std::vector<std::uint8_t> codes;
  for (std::size_t i = 240; i < payload.size() && payload[i] != 255;) {
    if (payload[i] == 0) {
      ++i;
      continue;
    }
    codes.push_back(payload[i]);
    if (i + 1 >= payload.size()) break;
    i += 2u + payload[i + 1];
  }
  return codes;
}

TEST(ResponderDecision, FullDhcpNamesTheFileForUefiSoEdk2SkipsPort4011) {
  // As the only DHCP server, the lease offer to EDK2 carries siaddr + file and no option 60:
  // EDK2 then boots from it at once. "PXEClient" without 43 made it ask port 4011 and wait a
  // second there (measured in the Secure Boot time-to-installer bench).
  ResponderConfig cfg = testing::boot_file_config("bootnetx64.efi");
  cfg.full_dhcp = true;
  cfg.range_start = 0xc0000264u;
  cfg.range_end = 0xc00002c7u;
  Engine engine(cfg, testing::test_server());
  engine.set_check_destination(false);
  RequestBuilder discover(1, "PXEClient:Arch:00007:UNDI:003000");
  discover.arch(7);
  ASSERT_EQ(engine.handle_frame(discover.frame(), 10), FrameOutcome::Reply);
  const auto check = [&](const char* what) {
    SCOPED_TRACE(what);
    EXPECT_EQ(engine.reply().style, OfferStyle::Direct);
    const std::span<const std::uint8_t> p = engine.reply_payload();
    ASSERT_GE(p.size(), 300u);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(p.data() + 108)), "bootnetx64.efi");
    EXPECT_EQ(p[20] << 24 | p[21] << 16 | p[22] << 8 | p[23], 0xc0000201) << "siaddr";
    const std::vector<std::uint8_t> codes = option_codes(p);
    EXPECT_EQ(std::count(codes.begin(), codes.end(), 60), 0) << "no PXEClient";
    EXPECT_EQ(std::count(codes.begin(), codes.end(), 43), 0);
  };
  check("OFFER");
  const std::uint32_t offered = engine.reply().yiaddr;
  RequestBuilder request(3, "PXEClient:Arch:00007:UNDI:003000");
  request.arch(7).option(54, {192, 0, 2, 1}).address_option(50, offered);
  ASSERT_EQ(engine.handle_frame(request.frame(), 11), FrameOutcome::Reply);
  EXPECT_EQ(engine.reply().message_type, 5);
  check("ACK");
  // BIOS PXE ROMs keep the menu and port 4011 (every PXE ROM implements that path).
  RequestBuilder bios(1, "PXEClient:Arch:00000:UNDI:002001");
  bios.arch(0).chaddr({0x52, 0x54, 0, 0, 0, 9});
  ASSERT_EQ(engine.handle_frame(bios.frame(), 12), FrameOutcome::Reply);
  EXPECT_EQ(engine.reply().style, OfferStyle::Menu);
  EXPECT_EQ(engine.reply().vendor_class, "PXEClient");
}

}  // namespace
}  // namespace pxescope::responder

namespace pxescope::responder {
namespace {

TEST(ResponderDecisionRepeats, RepeatedSingleValueOptionIsMalformed) {
  // pxeload garbage kind 7: 53 with an odd type, then a normal 53 = DISCOVER.
  Engine engine(testing::boot_file_config("pxelinux.0"), testing::test_server());
  engine.set_check_destination(false);
  RequestBuilder twice(1, "PXEClient:Arch:00000:UNDI:002001");
  twice.option(53, {0x21});
  EXPECT_EQ(engine.handle_frame(twice.frame(), 1), FrameOutcome::Malformed);
  EXPECT_EQ(engine.parse_error(), ParseError::BadOptionLength);
}

}  // namespace
}  // namespace pxescope::responder
