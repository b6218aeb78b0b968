// The one read model of a DHCP message (analyzer/dhcp/message_view.hpp): header fields,
// options located once (overload, RFC 3396 joins, cut options left out), the typed value
// readings, the sub-option walk, the length rules, and no allocation once warm.
#include "analyzer/dhcp/message_view.hpp"

#include <gtest/gtest.h>

#include <string>

// GCC sees the counter's free() behind the vectors it inlines here and calls it mismatched.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#include "unit/allocation_counter.hpp"
#include "unit/dhcp_test_util.hpp"

using namespace dhcp_test;
using namespace pxescope::dhcp;

namespace {

std::string text(std::span<const std::uint8_t> v) {
  return std::string(v.begin(), v.end());
}

Bytes discover() {
  Bytes p = bootp(1);
  opt(p, kOptMessageType, {kMsgDiscover});
  opt(p, kOptMaxMessageSize, {0x05, 0xc0});
  opt(p, kOptClientArch, {0x00, 0x07});
  opt(p, kOptVendorClass, "PXEClient:Arch:00007:UNDI:003016");
  opt(p, kOptServerId, {192, 168, 1, 1});
  opt(p, kOptRequestedAddress, {192, 168, 1, 50});
  opt(p, kOptParameterRequestList, {1, 3, 43, 60, 66, 67});
  end(p);
  return p;
}

std::string captured(const char* name) {
  return std::string(PXESCOPE_SOURCE_DIR) + "/captures/generated/" + name;
}

}  // namespace

TEST(DhcpMessageView, HeaderFieldsAndTypedOptions) {
  const Bytes p = discover();
  MessageView view;
  ASSERT_TRUE(view.parse(p));
  EXPECT_TRUE(view.has_cookie());
  EXPECT_EQ(view.op(), kBootRequest);
  EXPECT_EQ(view.htype(), 1);
  EXPECT_EQ(view.hlen(), 6);
  EXPECT_EQ(view.xid(), 0xdeadbeefu);
  ASSERT_NE(view.chaddr6(), nullptr);
  EXPECT_EQ(view.chaddr6()[5], 0x56);
  EXPECT_EQ(view.message_type(), kMsgDiscover);
  EXPECT_EQ(view.max_message_size(), 1472);
  EXPECT_EQ(view.arch(), 7);
  EXPECT_EQ(view.vendor_class(), "PXEClient:Arch:00007:UNDI:003016");
  EXPECT_TRUE(view.pxe_or_http_client());
  EXPECT_EQ(view.server_id(), 0xc0a80101u);
  EXPECT_EQ(view.requested_ip(), 0xc0a80132u);
  EXPECT_EQ(view.option(kOptParameterRequestList).size(), 6u);
  EXPECT_FALSE(view.has(kOptBootfileName));
  EXPECT_TRUE(view.boot_file().empty());
  EXPECT_FALSE(view.has_cut_option());
  EXPECT_TRUE(view.every_area_ends());
  // One entry per code, in wire order.
  std::string order;
  view.for_each_option([&order](const LocatedOption& o) {
    order += std::to_string(o.code) + " ";
    return true;
  });
  EXPECT_EQ(order, "53 57 93 60 54 50 55 ");
}

TEST(DhcpMessageView, ValuesOfTheWrongSizeAreNotReadAsTyped) {
  Bytes p = bootp(1);
  opt(p, kOptMessageType, {1, 1});
  opt(p, kOptServerId, {10, 0, 0});
  opt(p, kOptMaxMessageSize, {5});
  opt(p, kOptClientArch, {0});
  end(p);
  MessageView view;
  ASSERT_TRUE(view.parse(p));
  EXPECT_TRUE(view.has(kOptMessageType));
  EXPECT_EQ(view.message_type(), 0);
  EXPECT_EQ(view.server_id(), 0u);
  EXPECT_EQ(view.max_message_size(), 0);
  EXPECT_EQ(view.arch(), -1);
}

TEST(DhcpMessageView, OverloadedFileAndSnameHoldOptions) {
  const auto payloads = dhcp_payloads(captured("option-overload.pcap"));
  ASSERT_EQ(payloads.size(), 1u);
  MessageView view;
  ASSERT_TRUE(view.parse(payloads[0].payload));
  EXPECT_EQ(view.scan().overload, 3);
  EXPECT_EQ(view.find(kOptBootfileName)->area, Area::File);
  EXPECT_EQ(view.boot_file(), "pxelinux.0");
  EXPECT_EQ(view.find(kOptDomainName)->area, Area::Sname);
  EXPECT_EQ(view.option_text(kOptDomainName), "boot.example");
  EXPECT_TRUE(view.has(kOptTftpServerName));
  EXPECT_TRUE(view.every_area_ends());

  // The file field holds options, not a name: with no 67 the boot file is empty.
  Bytes p = bootp(2);
  std::copy_n("pxelinux.0", 10, p.begin() + kFileAt);
  opt(p, kOptOverload, {1});
  end(p);
  ASSERT_TRUE(view.parse(p));
  EXPECT_TRUE(view.boot_file().empty());
  EXPECT_FALSE(view.every_area_ends()) << "the file field has no End";
}

TEST(DhcpMessageView, SplitOptionsAreJoined) {
  const auto payloads = dhcp_payloads(captured("split-option-60.pcap"));
  ASSERT_EQ(payloads.size(), 1u);
  MessageView view;
  ASSERT_TRUE(view.parse(payloads[0].payload));
  const auto vc = view.find(kOptVendorClass);
  ASSERT_TRUE(vc.has_value());
  EXPECT_TRUE(vc->split);
  EXPECT_EQ(view.vendor_class(), "PXEClient:Arch:00007:UNDI:003016");
  EXPECT_EQ(view.option_count(), 5u) << "60 once, at its first occurrence";

  const auto offers = dhcp_payloads(captured("split-option-43.pcap"));
  ASSERT_EQ(offers.size(), 1u);
  ASSERT_TRUE(view.parse(offers[0].payload));
  const auto vendor = view.find(kOptVendorSpecific);
  ASSERT_TRUE(vendor.has_value());
  EXPECT_TRUE(vendor->split);
  std::string codes;
  const bool whole = walk_suboptions(vendor->value, [&](std::uint8_t code, auto) {
    codes += std::to_string(code) + " ";
    return true;
  });
  EXPECT_TRUE(whole) << "the cut inside sub-option 9 is mended by the join";
  EXPECT_EQ(codes, "6 8 9 10 ");
  EXPECT_EQ(view.boot_file(), "pxelinux.0");
}

TEST(DhcpMessageView, CutPiecesAreLeftOut) {
  Bytes p = bootp(1);
  opt(p, kOptVendorClass, "PXE");
  opt(p, kOptHostName, "pc");
  p.insert(p.end(), {kOptVendorClass, 40, 'C', 'l'});  // runs past the end of the message
  MessageView view;
  ASSERT_TRUE(view.parse(p));
  EXPECT_TRUE(view.has_cut_option());
  EXPECT_FALSE(view.every_area_ends());
  EXPECT_EQ(view.vendor_class(), "PXE") << "the whole piece stays, the cut one is left out";
  EXPECT_EQ(view.option_text(kOptHostName), "pc");

  Bytes only_cut = bootp(1);
  only_cut.insert(only_cut.end(), {kOptVendorClass, 40, 'P'});
  ASSERT_TRUE(view.parse(only_cut));
  EXPECT_FALSE(view.has(kOptVendorClass));
  EXPECT_EQ(view.option_count(), 0u);
}

TEST(DhcpMessageView, NoCookieNoOptionsAndShortPayloadsReadNothingOutside) {
  Bytes p = discover();
  std::copy_n("boot.0", 6, p.begin() + kFileAt);
  p[kBootpHeaderSize] = 0;
  MessageView view;
  ASSERT_TRUE(view.parse(p));
  EXPECT_FALSE(view.has_cookie());
  EXPECT_EQ(view.option_count(), 0u);
  EXPECT_EQ(view.message_type(), 0);
  EXPECT_EQ(view.boot_file(), "boot.0") << "BOOTP: the file field names the boot file";

  for (std::size_t n : {0, 1, 7, 8, 33, 34, 235, 236, 239}) {
    const Bytes cut(p.begin(), p.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_EQ(view.parse(cut), n >= kBootpHeaderSize) << n;
    EXPECT_EQ(view.xid(), n >= 8 ? 0xdeadbeefu : 0u) << n;
    EXPECT_EQ(view.chaddr6() != nullptr, n >= 34) << n;
    EXPECT_EQ(view.file_field().size(), n >= kFileEnd ? kFileEnd - kFileAt : 0u) << n;
    EXPECT_EQ(view.option_count(), 0u) << n;
  }
}

TEST(DhcpMessageView, SubOptionWalk) {
  std::string seen;
  auto record = [&](std::uint8_t code, std::span<const std::uint8_t> v) {
    seen += std::to_string(code) + ":" + text(v) + " ";
    return true;
  };
  const Bytes good = {kPxePad, 6, 1, 'x', 71, 2, 'a', 'b', kPxeEnd, 9, 9};
  EXPECT_TRUE(walk_suboptions(good, record));
  EXPECT_EQ(seen, "6:x 71:ab ") << "pad skipped, End stops";
  seen.clear();
  const Bytes overrun = {6, 1, 'x', 9, 5, 'a'};
  EXPECT_FALSE(walk_suboptions(overrun, record));
  EXPECT_EQ(seen, "6:x ");
  EXPECT_FALSE(walk_suboptions(Bytes{6}, record)) << "a code with no length";
  int visits = 0;
  EXPECT_TRUE(walk_suboptions(good, [&](std::uint8_t, auto) { return ++visits < 1; }));
  EXPECT_EQ(visits, 1) << "the visitor stops the walk";
}

TEST(DhcpMessageView, LengthRules) {
  EXPECT_TRUE(option_length_ok(kOptMessageType, 1));
  EXPECT_FALSE(option_length_ok(kOptMessageType, 2));
  EXPECT_FALSE(option_length_ok(kOptMessageType, 0));
  EXPECT_TRUE(option_length_ok(kOptServerId, 4));
  EXPECT_FALSE(option_length_ok(kOptRequestedAddress, 5));
  EXPECT_TRUE(option_length_ok(kOptClientArch, 4));
  EXPECT_FALSE(option_length_ok(kOptClientArch, 3));
  EXPECT_FALSE(option_length_ok(kOptClientArch, 0));
  EXPECT_TRUE(option_length_ok(kOptClientGuid, 17));
  EXPECT_FALSE(option_length_ok(kOptClientNdi, 2));
  EXPECT_TRUE(option_length_ok(kOptVendorClass, 0)) << "no rule: any length";
  EXPECT_TRUE(fixed_size_option(kOptMessageType));
  EXPECT_TRUE(fixed_size_option(kOptClientGuid));
  EXPECT_FALSE(fixed_size_option(kOptClientArch)) << "a list";
  EXPECT_FALSE(fixed_size_option(kOptVendorClass));
}

TEST(DhcpMessageView, AnOrdinaryMessageAllocatesNothingEvenCold) {
  const auto split = dhcp_payloads(captured("split-option-43.pcap"));
  ASSERT_EQ(split.size(), 1u);
  const Bytes plain = discover();
  const std::size_t before = g_allocations.load();
  {
    MessageView view;
    view.parse(plain);
    view.parse(split[0].payload);
    EXPECT_TRUE(view.find(kOptVendorSpecific)->split);
  }
  EXPECT_EQ(g_allocations.load() - before, 0u);
}

TEST(DhcpMessageView, NoAllocationOnceWarm) {
  // A big message: hundreds of pieces of one option spill the inline lists to the heap.
  Bytes big = bootp(1);
  for (int i = 0; i < 300; ++i) opt(big, kOptVendorSpecific, {kPxeBootItem, 2, 0, 1});
  end(big);
  const Bytes plain = discover();
  MessageView view;
  view.parse(big);  // warm: the spilled lists and the join buffer reach their size
  EXPECT_EQ(view.occurrences().size(), 300u) << "300 pieces (the layout is not kept)";
  EXPECT_EQ(view.option(kOptVendorSpecific).size(), 1200u);
  view.parse(plain);
  const std::size_t before = g_allocations.load();
  for (int i = 0; i < 100; ++i) {
    view.parse(plain);
    view.parse(big);
  }
  EXPECT_EQ(g_allocations.load() - before, 0u);
  EXPECT_TRUE(view.find(kOptVendorSpecific)->split) << "the last parse joined 43";
}
