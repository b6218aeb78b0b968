// The offer linter: one hand-built reply per rule, the field-tree annotation, and the real
// dnsmasq replies of the shared captures (the reference: no warnings).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "analyzer/capture_reader.hpp"
#include "analyzer/dhcp/dhcp_dissector.hpp"
#include "analyzer/link/udp_locator.hpp"
#include "analyzer/lint/capture_linter.hpp"
#include "analyzer/lint/offer_lint.hpp"
#include "analyzer/packet_dissector.hpp"
#include "story_test_support.hpp"
#include "tests/test_captures.hpp"

namespace pxescope {
namespace {

using namespace pxescope::testing;

DhcpMessage parsed(const Bootp& b) {
  DhcpMessage m;
  const Bytes bytes = bootp_payload(b);
  EXPECT_TRUE(m.parse(bytes));
  return m;
}

Bootp pxe_request(int arch = 7) {
  Bootp b;
  b.options = pxe_request_options(1, arch);
  return b;
}

const Bytes kUuid = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

// A correct proxy offer: 53, 54, 60 PXEClient, 97 echoed.
Bootp good_proxy_offer() {
  Bootp b;
  b.op = 2;
  b.options = {opt(53, {2}), opt(54, {192, 168, 77, 2}), opt(60, "PXEClient"), {97, kUuid}};
  return b;
}

std::vector<std::string> codes(const Bootp& reply, const Bootp* request,
                               const LintContext& ctx = {}) {
  const DhcpMessage r = parsed(reply);
  std::vector<std::string> out;
  if (request) {
    const DhcpMessage q = parsed(*request);
    for (const auto& f : lint_reply(r, &q, ctx)) out.emplace_back(f.code);
  } else {
    for (const auto& f : lint_reply(r, nullptr, ctx)) out.emplace_back(f.code);
  }
  return out;
}

bool has(const std::vector<std::string>& v, std::string_view code) {
  return std::find(v.begin(), v.end(), code) != v.end();
}

// PXE sub-options: 6 discovery control, 8 boot servers, 9 menu, 10 prompt.
Opt pxe43(bool menu, bool prompt, std::size_t menu_text = 11) {
  Bytes v = {6, 1, 3, 8, 7, 0x80, 0x00, 1, 192, 168, 77, 2};
  if (menu) {
    v.push_back(9);
    v.push_back(static_cast<std::uint8_t>(3 + menu_text));
    v.push_back(0x80);
    v.push_back(0x00);
    v.push_back(static_cast<std::uint8_t>(menu_text));
    for (std::size_t i = 0; i < menu_text; ++i) v.push_back('a');
  }
  if (prompt) append(v, Bytes{10, 4, 0, 'P', 'X', 'E'});
  v.push_back(255);
  return {43, v};
}

TEST(OfferLint, GoodProxyOfferIsClean) {
  const Bootp req = pxe_request();
  EXPECT_TRUE(codes(good_proxy_offer(), &req).empty());
}

TEST(OfferLint, UuidNotEchoed) {
  const Bootp req = pxe_request();
  Bootp reply = good_proxy_offer();
  reply.options.pop_back();
  EXPECT_TRUE(has(codes(reply, &req), "uuid-not-echoed"));
  // Without the request nobody knows the client sent 97.
  EXPECT_FALSE(has(codes(reply, nullptr), "uuid-not-echoed"));
}

TEST(OfferLint, VendorOptionsWithoutPxeClient) {
  const Bootp req = pxe_request(0);
  Bootp reply;
  reply.op = 2;
  reply.yiaddr = ip4(192, 168, 77, 150);
  reply.options = {opt(53, {2}), opt(54, {192, 168, 77, 1}), pxe43(true, true)};
  EXPECT_TRUE(has(codes(reply, &req), "43-without-60"));
}

TEST(OfferLint, ProxyOfferWithout60) {
  const Bootp req = pxe_request();
  Bootp reply;
  reply.op = 2;
  reply.options = {opt(53, {2}), opt(54, {192, 168, 77, 2}), {97, kUuid}};
  EXPECT_TRUE(has(codes(reply, &req), "proxy-without-60"));
}

TEST(OfferLint, MenuWithoutPromptAndTooLong) {
  const Bootp req = pxe_request(0);
  Bootp reply = good_proxy_offer();
  reply.options.push_back(pxe43(true, false));
  EXPECT_TRUE(has(codes(reply, &req), "menu-without-prompt"));
  Bootp long_menu = good_proxy_offer();
  long_menu.options.push_back(pxe43(true, true, 251));  // 254-byte sub-option
  const auto c = codes(long_menu, &req);
  EXPECT_TRUE(has(c, "menu-too-long"));
  EXPECT_FALSE(has(c, "menu-without-prompt"));
}

TEST(OfferLint, UefiMenuWithNobodyOn4011) {
  const Bootp req = pxe_request(7);
  Bootp reply = good_proxy_offer();
  reply.options.push_back(pxe43(true, true));
  LintContext nobody;
  nobody.port4011_answered = false;
  EXPECT_TRUE(has(codes(reply, &req, nobody), "uefi-menu-no-4011"));
  EXPECT_FALSE(has(codes(reply, &req), "uefi-menu-no-4011"));  // unknown: no claim
  const Bootp bios = pxe_request(0);
  EXPECT_FALSE(has(codes(reply, &bios, nobody), "uefi-menu-no-4011"));
}

TEST(OfferLint, FileNameFillingTheFileField) {
  const Bootp req = pxe_request(0);
  Bootp reply = good_proxy_offer();
  reply.siaddr = ip4(192, 168, 77, 2);
  reply.file = std::string(128, 'x');
  EXPECT_TRUE(has(codes(reply, &req), "file-field-unterminated"));
  reply.options.push_back(opt(67, std::string(130, 'y')));
  const auto c = codes(reply, &req);
  EXPECT_FALSE(has(c, "file-field-unterminated"));
  EXPECT_TRUE(has(c, "long-67"));
}

TEST(OfferLint, SiaddrZeroWithBootFile) {
  const Bootp req = pxe_request(0);
  Bootp reply = good_proxy_offer();
  reply.file = "pxelinux.0";
  EXPECT_TRUE(has(codes(reply, &req), "siaddr-zero"));
  reply.options.push_back(opt(66, "192.168.77.2"));
  const auto c = codes(reply, &req);
  EXPECT_FALSE(has(c, "siaddr-zero"));
  EXPECT_TRUE(has(c, "siaddr-zero-66"));
  reply.siaddr = ip4(192, 168, 77, 2);
  EXPECT_FALSE(has(codes(reply, &req), "siaddr-zero-66"));
}

TEST(OfferLint, BootFileForAnotherArchitecture) {
  Bootp reply = good_proxy_offer();
  reply.siaddr = ip4(192, 168, 77, 2);
  reply.file = "pxelinux.0";
  const Bootp uefi = pxe_request(7), bios = pxe_request(0), arm = pxe_request(11);
  EXPECT_TRUE(has(codes(reply, &uefi), "file-arch-mismatch"));
  EXPECT_FALSE(has(codes(reply, &bios), "file-arch-mismatch"));
  reply.file = "grub/grubx64.efi";
  EXPECT_FALSE(has(codes(reply, &uefi), "file-arch-mismatch"));
  EXPECT_TRUE(has(codes(reply, &bios), "file-arch-mismatch"));
  EXPECT_TRUE(has(codes(reply, &arm), "file-arch-mismatch"));
}

TEST(OfferLint, BootServerAckWithoutFile) {
  const Bootp req = pxe_request(7);
  Bootp ack = good_proxy_offer();
  ack.options[0] = opt(53, {5});
  LintContext ctx;
  ctx.reply_from_4011 = true;
  EXPECT_TRUE(has(codes(ack, &req, ctx), "4011-ack-without-file"));
}

TEST(OfferLint, FirmwareQuirksUBootAndRaspberryPi) {
  Bootp uboot;
  uboot.options = {opt(53, {1}),       opt(57, {2, 64}),        opt(93, {0, 11}),
                   opt(94, {1, 0, 0}), opt(60, "U-Boot.armv8"), opt(55, {1, 3, 6, 12, 17})};
  EXPECT_TRUE(has(codes(good_proxy_offer(), &uboot), "uboot-ignores-proxy"));
  Bootp pi;
  pi.mac = {0xdc, 0xa6, 0x32, 1, 2, 3};
  pi.options = {opt(53, {1}),
                opt(55, {1, 3, 43, 60, 66, 67, 128, 129, 130, 131, 132, 133, 134, 135}),
                opt(60, "PXEClient:Arch:00000:UNDI:002001")};
  Bootp offer = good_proxy_offer();
  offer.options.push_back(pxe43(true, true));
  EXPECT_TRUE(has(codes(offer, &pi), "rpi-no-boot-menu-string"));
  const std::string item = "Raspberry Pi Boot";
  Bytes v = {6,
             1,
             3,
             9,
             static_cast<std::uint8_t>(3 + item.size()),
             0,
             0,
             static_cast<std::uint8_t>(item.size())};
  append(v, item);
  append(v, Bytes{10, 4, 0, 'P', 'X', 'E', 255});
  Bootp pi_offer = good_proxy_offer();
  pi_offer.options.push_back({43, v});
  EXPECT_FALSE(has(codes(pi_offer, &pi), "rpi-no-boot-menu-string"));
}

TEST(OfferLint, RequestsAreNotLinted) {
  const Bootp req = pxe_request(7);
  EXPECT_TRUE(codes(req, nullptr).empty());
}

TEST(OfferLint, FindingsLandOnTheirTreeNodes) {
  const Bootp req = pxe_request(0);
  Bootp reply = good_proxy_offer();
  reply.file = "pxelinux.0";
  reply.options.push_back(pxe43(true, false));
  const Bytes bytes = bootp_payload(reply);
  FieldTree tree;
  const NodeId dhcp = dissect_dhcp(bytes, 0, tree);
  const DhcpMessage r = parsed(reply), q = parsed(req);
  const auto findings = lint_reply(r, &q);
  ASSERT_GE(findings.size(), 2u);
  annotate_dhcp_tree(tree, dhcp, findings);
  const NodeId menu = tree.find("dhcp.option.vendor.pxeclient.boot_menu", dhcp);
  ASSERT_NE(menu, kNoNode);
  ASSERT_FALSE(tree[menu].warnings.empty());
  EXPECT_NE(tree[menu].warnings[0].message.find("menu-without-prompt"), std::string::npos);
  const NodeId siaddr = tree.find("dhcp.ip.server", dhcp);
  ASSERT_NE(siaddr, kNoNode);
  ASSERT_FALSE(tree[siaddr].warnings.empty());
  EXPECT_NE(tree[siaddr].warnings[0].message.find("siaddr-zero"), std::string::npos);
}

TEST(CaptureLinter, ChecksEachReplyAgainstItsRequestAndAnnotatesTheTree) {
  Bootp req = pxe_request(7);
  Bootp reply = good_proxy_offer();
  reply.xid = req.xid;
  reply.options.pop_back();  // 97 not echoed
  const Bytes req_frame = eth_frame(kStoryMac, ipv4_udp(0, 0xffffffff, 68, 67, bootp_payload(req)));
  const Bytes reply_frame = eth_frame(
      {2, 0, 0, 0, 0, 2}, ipv4_udp(ip4(192, 168, 77, 2), 0xffffffff, 67, 68, bootp_payload(reply)));
  CaptureLinter linter;
  PacketDissector dissector;
  FieldTree tree;
  Frame f;
  f.link_type = 1;
  f.data = req_frame;
  f.original_length = static_cast<std::uint32_t>(req_frame.size());
  dissector.dissect(f, tree);
  EXPECT_EQ(linter.check_and_annotate(f, tree), 0u);  // a request: remembered, not linted
  f.data = reply_frame;
  f.original_length = static_cast<std::uint32_t>(reply_frame.size());
  dissector.dissect(f, tree);
  const std::size_t before = tree.count_warnings(Severity::Warn);
  EXPECT_EQ(linter.check_and_annotate(f, tree), 1u);
  EXPECT_EQ(tree.count_warnings(Severity::Warn), before + 1);
  const NodeId dhcp = tree.find("dhcp");
  ASSERT_NE(dhcp, kNoNode);
  ASSERT_FALSE(tree[dhcp].warnings.empty());
  EXPECT_NE(tree[dhcp].warnings.back().message.find("uuid-not-echoed"), std::string::npos);
  // Another client's reply (different MAC) has no known request: no 97 claim.
  linter.clear();
  EXPECT_TRUE(linter.check(f).empty());
}

// Every real recording (captures/real, then ../shared's when present).
TEST(OfferLint, DnsmasqRepliesInRealCapturesAreClean) {
  const auto files = pxescope::test::firmware_captures();
  ASSERT_GE(files.size(), 6u);
  for (const auto& path : files) {
    const std::string name = path.filename().string();
    CaptureReader reader;
    ASSERT_TRUE(reader.open_file(path.string())) << name;
    Frame frame;
    DhcpMessage request, request4011, reply;
    bool have_request = false, have_4011 = false;
    int replies = 0;
    while (reader.next(frame)) {
      UdpLocation loc;
      if (!locate_udp(frame.data, frame.link_type, loc) || loc.payload_length < 236) continue;
      if (loc.dst_port != 67 && loc.dst_port != 68 && loc.dst_port != 4011) continue;
      DhcpMessage m;
      if (!m.parse(frame.data.subspan(loc.payload_offset, loc.payload_length))) continue;
      if (m.op == 1) {
        (loc.dst_port == 4011 ? request4011 : request) = m;
        (loc.dst_port == 4011 ? have_4011 : have_request) = true;
        continue;
      }
      ++replies;
      LintContext ctx;
      ctx.reply_from_4011 = loc.src_port == 4011;
      const DhcpMessage* q = ctx.reply_from_4011 ? (have_4011 ? &request4011 : nullptr)
                                                 : (have_request ? &request : nullptr);
      for (const auto& f : lint_reply(m, q, ctx))
        EXPECT_LT(f.severity, Severity::Warn)
            << name << " frame " << frame.index << ": " << f.message;
    }
    EXPECT_GT(replies, 0) << name;
  }
}

}  // namespace
}  // namespace pxescope
