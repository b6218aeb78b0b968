// libtins, the independent packet library, checks every reply frame the responder builds from
// the real captures: parsed by libtins and serialized again (libtins recomputes the lengths and
// the IPv4 and UDP checksums), the frame must come back byte for byte, so our framing is what
// libtins would build; and Tins::DHCP must read the options we encoded, in order.
// (The responder frames replies itself, without libtins: README "Where libtins fits".)
#include <gtest/gtest.h>

#include <tins/tins.h>
#include <algorithm>
#include <filesystem>

#include "responder/config.hpp"
#include "unit/responder_test_support.hpp"

namespace pxescope::responder {
namespace {

// The configurations the replies are made under: a direct boot file per architecture with an
// iPXE script, and the seed's boot menu (which leads EDK2 and iPXE to the 4011 exchange).
std::vector<ResponderConfig> configs() {
  std::vector<ResponderConfig> out;
  for (const char* text : {"dhcp-range=192.0.2.0,proxy\n"
                           "pxe-service=x86PC,\"PXE Netboot\",pxelinux\n"
                           "pxe-service=X86-64_EFI,\"UEFI\",syslinux.efi\n"
                           "pxe-service=ARM64_EFI,\"UEFI arm64\",grubaa64.efi\n",
                           "dhcp-range=192.0.2.0,proxy\n"
                           "dhcp-userclass=set:ipxe,iPXE\n"
                           "dhcp-boot=tag:ipxe,http://192.0.2.1/boot.ipxe\n"
                           "dhcp-boot=pxelinux.0\n"}) {
    ResponderConfig cfg;
    std::vector<std::string> warnings;
    parse_config_text(text, "test.conf", cfg, warnings);
    EXPECT_TRUE(warnings.empty()) << warnings.front();
    out.push_back(std::move(cfg));
  }
  return out;
}

// The real recordings: captures/real, then ../shared's when present.
std::vector<std::string> capture_files() {
  std::vector<std::string> out;
  for (const auto& path : pxescope::test::firmware_captures()) out.push_back(path.string());
  return out;
}

// The option codes of a DHCP payload in wire order, walked by hand (no Pad, up to End).
std::vector<std::uint8_t> our_option_codes(const std::vector<std::uint8_t>& payload) {
  std::vector<std::uint8_t> codes;
  for (std::size_t i = 240; i < payload.size() && payload[i] != 255;) {
    if (payload[i] == 0) {
      ++i;
      continue;
    }
    codes.push_back(payload[i]);
    i += 2 + payload[i + 1];
  }
  return codes;
}

TEST(ReplyFrameLibtins, EveryReplyReserializesByteForByteAndLibtinsReadsItsOptions) {
  std::size_t checked = 0;
  for (const auto& cfg : configs()) {
    for (const auto& path : capture_files()) {
      SCOPED_TRACE(path);
      for (const auto& reply : testing::replay(path, cfg)) {
        SCOPED_TRACE("reply to frame " + std::to_string(reply.request_frame));
        // Our checksums are zeroed before libtins reads the frame: serialize() computes them.
        std::vector<std::uint8_t> unchecked = reply.frame;
        unchecked[14 + 10] = unchecked[14 + 11] = 0;  // IPv4 header checksum
        unchecked[34 + 6] = unchecked[34 + 7] = 0;    // UDP checksum
        Tins::EthernetII parsed(unchecked.data(), static_cast<std::uint32_t>(unchecked.size()));
        const auto* ip = parsed.find_pdu<Tins::IP>();
        const auto* udp = parsed.find_pdu<Tins::UDP>();
        const auto* raw = parsed.find_pdu<Tins::RawPDU>();
        ASSERT_TRUE(ip && udp && raw);
        EXPECT_EQ(ip->tot_len(), reply.frame.size() - 14);
        EXPECT_EQ(udp->length(), reply.frame.size() - 34);
        EXPECT_GE(raw->payload_size(), 300u);  // the BOOTP minimum, padded
        const auto bytes = parsed.serialize();
        EXPECT_EQ(std::vector<std::uint8_t>(bytes.begin(), bytes.end()), reply.frame);

        const auto dhcp = raw->to<Tins::DHCP>();
        std::vector<std::uint8_t> tins_codes;
        for (const auto& option : dhcp.options()) {
          if (option.option() != Tins::DHCP::PAD && option.option() != Tins::DHCP::END) {
            tins_codes.push_back(static_cast<std::uint8_t>(option.option()));
          }
        }
        EXPECT_EQ(tins_codes, our_option_codes(reply.payload()));
        // Unicast replies go to the client's own MAC, never through an ARP entry.
        if (parsed.dst_addr() != Tins::EthernetII::BROADCAST) {
          EXPECT_EQ(parsed.dst_addr(), Tins::HWAddress<6>(dhcp.chaddr()));
        }
        ++checked;
      }
    }
  }
  EXPECT_GE(checked, 20u) << "the captures should yield replies under both configurations";
}

}  // namespace
}  // namespace pxescope::responder
