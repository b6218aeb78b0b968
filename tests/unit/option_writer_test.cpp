// The option writer: typed values checked against the option table's rows, written into a
// fixed buffer, and read back by the dissector as what they were meant to be.
#include "analyzer/dhcp/option_writer.hpp"

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "unit/dhcp_test_util.hpp"

namespace pxescope::dhcp {
namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes written(const OptionWriter& w) {
  return {w.written().begin(), w.written().end()};
}

TEST(OptionWriter, NumbersTakeTheWidthOfTheirRow) {
  std::array<std::uint8_t, 64> buffer;
  OptionWriter w(buffer);
  EXPECT_TRUE(w.number(OptionSpace::Dhcp, kOptMessageType, kMsgOffer));
  EXPECT_TRUE(w.number(OptionSpace::Dhcp, kOptServerId, 0xc0000201u));
  EXPECT_TRUE(w.number(OptionSpace::Dhcp, 57, 1500));  // u16: max message size
  EXPECT_TRUE(w.number(OptionSpace::Dhcp, 19, 1));     // bool
  EXPECT_EQ(written(w), (Bytes{53, 1, 2, 54, 4, 192, 0, 2, 1, 57, 2, 0x05, 0xdc, 19, 1, 1}));
}

TEST(OptionWriter, ValuesTheRowDoesNotAllowAreLeftOut) {
  std::array<std::uint8_t, 64> buffer;
  OptionWriter w(buffer);
  EXPECT_FALSE(w.number(OptionSpace::Dhcp, kOptMessageType, 300));  // u8 out of range
  EXPECT_FALSE(w.number(OptionSpace::Dhcp, 19, 2));                   // bool
  EXPECT_FALSE(w.number(OptionSpace::Dhcp, 250, 1));                  // no row
  EXPECT_FALSE(w.number(OptionSpace::Dhcp, kOptBootfileName, 1));   // a string row
  EXPECT_FALSE(w.text(OptionSpace::Dhcp, kOptServerId, "10.0.0.1"));
  EXPECT_FALSE(w.bytes(OptionSpace::Dhcp, kOptBootfileName, Bytes{1}));
  EXPECT_FALSE(w.bytes(OptionSpace::Pxe, kPxeBootMenu, Bytes{1}));  // has its own call
  EXPECT_FALSE(w.record(OptionSpace::Pxe, kPxeMenuPrompt, {5u}));   // too few fields
  EXPECT_FALSE(w.number(OptionSpace::Dhcp, 255, 0));  // End is written by end() only
  EXPECT_FALSE(w.value(OptionSpace::Dhcp, kOptServerId, Bytes{1, 2, 3}));
  EXPECT_TRUE(w.value(OptionSpace::Dhcp, kOptRouter, Bytes{1, 2, 3, 4, 5, 6, 7, 8}));
  EXPECT_EQ(w.size(), 10u) << "only the router list was written";
  EXPECT_FALSE(w.overflowed());
}

TEST(OptionWriter, LongValuesAreSplitAsRfc3396Says) {
  std::array<std::uint8_t, 400> buffer;
  OptionWriter w(buffer);
  ASSERT_TRUE(w.text(OptionSpace::Dhcp, kOptBootfileName, std::string(300, 'a')));
  ASSERT_EQ(w.size(), 2 + 255 + 2 + 45u);
  EXPECT_EQ(buffer[0], 67);
  EXPECT_EQ(buffer[1], 255);
  EXPECT_EQ(buffer[257], 67);
  EXPECT_EQ(buffer[258], 45);
  EXPECT_EQ(option_wire_size(300), w.size());
  EXPECT_EQ(option_wire_size(0), 2u);
}

TEST(OptionWriter, AnOptionThatDoesNotFitIsLeftOutWholeAndEndStillFits) {
  std::array<std::uint8_t, 12> buffer{};
  OptionWriter w(buffer, 2);  // after two bytes of something else
  EXPECT_TRUE(w.number(OptionSpace::Dhcp, kOptMessageType, kMsgAck));  // 3 bytes
  EXPECT_FALSE(w.text(OptionSpace::Dhcp, kOptBootfileName, "pxelinux.0"));
  EXPECT_TRUE(w.overflowed());
  EXPECT_TRUE(w.number(OptionSpace::Dhcp, kOptServerId, 1));  // 6 more: 11 of 12
  EXPECT_FALSE(w.encoded(Bytes{80, 0}));
  w.end();
  EXPECT_EQ(w.size(), 12u);
  EXPECT_EQ(written(w), (Bytes{53, 1, 5, 54, 4, 0, 0, 0, 1, 255}));
}

// A PXE reply's option 43 made with the writer's PXE calls decodes to what was written.
TEST(OptionWriter, PxeSubOptionsRoundTripThroughTheDissector) {
  std::array<std::uint8_t, 600> pxe_buffer;
  OptionWriter pxe(pxe_buffer);
  ASSERT_TRUE(pxe.number(OptionSpace::Pxe, kPxeDiscoveryControl, 3));
  ASSERT_TRUE(pxe.record(OptionSpace::Pxe, kPxeMenuPrompt, {5u, std::string_view("F8")}));
  const PxeBootServer servers[] = {{0x8000, 0xc0000201u}};
  ASSERT_TRUE(pxe.pxe_boot_servers(servers));
  const std::string long_text(240, 'A');
  // The third item would take the sub-option past 255 bytes: it is left out.
  const PxeMenuItem items[] = {{0x8000, "Netboot"}, {0, long_text}, {0x8001, "never"}};
  EXPECT_FALSE(pxe.pxe_boot_menu(items));
  const std::uint8_t layer[2] = {0, 0};
  ASSERT_TRUE(pxe.record(OptionSpace::Pxe, kPxeBootItem,
                         {0x8000u, std::span<const std::uint8_t>(layer)}));
  pxe.end();

  Bytes p = dhcp_test::bootp(2);
  const std::size_t header = p.size();
  p.resize(1200);
  OptionWriter w(p, header);
  ASSERT_TRUE(w.number(OptionSpace::Dhcp, kOptMessageType, kMsgOffer));
  ASSERT_TRUE(w.text(OptionSpace::Dhcp, kOptVendorClass, "PXEClient"));
  ASSERT_TRUE(w.bytes(OptionSpace::Dhcp, kOptVendorSpecific, pxe.written()));
  w.end();
  p.resize(w.size());

  FieldTree t;
  dhcp_test::dissect(p, t);
  for (NodeId i = 0; i < t.size(); ++i)  // notes (the RFC 3396 split of 43) are fine
    for (const auto& w : t[i].warnings)
      if (w.severity != Severity::Note) ADD_FAILURE() << t[i].name << ": " << w.message;
  EXPECT_EQ(t[t.find("dhcp.option.vendor.pxeclient.discovery_control")].uint_value, 3u);
  EXPECT_EQ(t[t.find("dhcp.option.vendor.pxeclient.menu_prompt.timeout")].uint_value, 5u);
  EXPECT_EQ(t[t.find("dhcp.option.vendor.pxeclient.menu_prompt.prompt")].str_value, "F8");
  EXPECT_EQ(t[t.find("dhcp.option.vendor.pxeclient.boot_servers.ip")].str_value, "192.0.2.1");
  const auto descs = dhcp_test::all(t, "dhcp.option.vendor.pxeclient.boot_menu.desc");
  ASSERT_EQ(descs.size(), 2u);
  EXPECT_EQ(t[descs[0]].str_value, "Netboot");
  EXPECT_EQ(t[descs[1]].str_value, long_text);
  EXPECT_EQ(t[t.find("dhcp.option.vendor.pxeclient.boot_item.type")].uint_value, 0x8000u);
}

TEST(OptionWriter, EveryNamedCodeHasItsRow) {
  for (std::uint8_t code :
       {kOptSubnetMask, kOptRouter, kOptBroadcastAddress, kOptVendorSpecific,
        kOptLeaseTime, kOptMessageType, kOptServerId, kOptRenewalTime, kOptRebindingTime,
        kOptVendorClass, kOptTftpServerName, kOptBootfileName, kOptRelayAgentInfo,
        kOptClientGuid, kOptEtherboot})
    EXPECT_NE(find_option(OptionSpace::Dhcp, code), nullptr) << int{code};
  for (std::uint8_t code : {kPxeDiscoveryControl, kPxeBootServers, kPxeBootMenu,
                            kPxeMenuPrompt, kPxeBootItem})
    EXPECT_NE(find_option(OptionSpace::Pxe, code), nullptr) << int{code};
  EXPECT_EQ(message_type_name(kMsgOffer), "Offer");
  EXPECT_EQ(message_type_name(kMsgNak), "NAK");
}

}  // namespace
}  // namespace pxescope::dhcp
