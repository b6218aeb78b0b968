// Frames the responder must not answer although they carry a DHCP request: not for this
// host (PACKET_OTHERHOST), from another VLAN, with broken IPv4/UDP checksums or lengths,
// or with a relay address no relay can have.
#include <gtest/gtest.h>
#include <linux/if_packet.h>

#include "responder/engine.hpp"
#include "responder/net/frame_check.hpp"
#include "unit/request_builder.hpp"
#include "unit/responder_test_support.hpp"

namespace pxescope::responder {
namespace {

using testing::RequestBuilder;

struct Handled {
  FrameOutcome outcome;
  ParseError error;
};

Handled handle(const std::vector<std::uint8_t>& frame, const LinkMeta& link = {}) {
  Engine engine(testing::boot_file_config("pxelinux.0"), testing::test_server());
  return {engine.handle_frame(frame, 1000, link), engine.parse_error()};
}

std::vector<std::uint8_t> discover() {
  return RequestBuilder(1, "PXEClient:Arch:00000:UNDI:002001").frame();
}

constexpr std::size_t kIp = 14, kUdp = 14 + 20;

// A DISCOVER with one byte's bits flipped (a checksum or a payload byte gone wrong).
std::vector<std::uint8_t> discover_flipped(std::size_t at, std::uint8_t bits) {
  auto frame = discover();
  frame[at] ^= bits;
  return frame;
}

TEST(FrameCheck, AWellFormedDiscoverIsAnswered) {
  EXPECT_EQ(handle(discover()).outcome, FrameOutcome::Reply);
}

TEST(FrameCheck, PacketTypesTable) {
  struct Case {
    std::uint8_t type;
    bool accepted;
  };
  for (const Case c : {Case{PACKET_HOST, true}, Case{PACKET_BROADCAST, true},
                       Case{PACKET_MULTICAST, true}, Case{PACKET_OTHERHOST, false},
                       Case{PACKET_OUTGOING, false}, Case{PACKET_LOOPBACK, false}}) {
    SCOPED_TRACE(int{c.type});
    LinkMeta link;
    link.packet_type = c.type;
    EXPECT_EQ(link_accepts(link), c.accepted);
    EXPECT_EQ(handle(discover(), link).outcome,
              c.accepted ? FrameOutcome::Reply : FrameOutcome::NotDhcpRequest);
  }
}

TEST(FrameCheck, KernelStrippedVlanTagIsIgnoredUnlessPriorityOnly) {
  LinkMeta tagged;
  tagged.vlan_tagged = true;
  tagged.vlan_tci = 0x000a;  // VLAN 10
  EXPECT_EQ(handle(discover(), tagged).outcome, FrameOutcome::NotDhcpRequest);
  tagged.vlan_tci = 0xa000;  // priority 5, VLAN 0: the untagged network
  EXPECT_EQ(handle(discover(), tagged).outcome, FrameOutcome::Reply);
}

std::vector<std::uint8_t> with_tag(std::vector<std::uint8_t> frame, std::uint16_t tci) {
  const std::uint8_t tag[4] = {0x81, 0x00, static_cast<std::uint8_t>(tci >> 8),
                               static_cast<std::uint8_t>(tci)};
  frame.insert(frame.begin() + 12, tag, tag + 4);
  return frame;
}

TEST(FrameCheck, TagInTheBytesIsIgnoredLiveAndAnsweredInReplay) {
  EXPECT_EQ(handle(with_tag(discover(), 10)).outcome, FrameOutcome::NotDhcpRequest);
  EXPECT_EQ(handle(with_tag(discover(), 0)).outcome, FrameOutcome::Reply);
  Engine replay(testing::boot_file_config("pxelinux.0"), testing::test_server());
  replay.set_answer_tagged(true);
  EXPECT_EQ(replay.handle_frame(with_tag(discover(), 10), 1000), FrameOutcome::Reply);
}

TEST(FrameCheck, BadIpHeaderChecksumIsMalformed) {
  const Handled h = handle(discover_flipped(kIp + 10, 0x01));
  EXPECT_EQ(h.outcome, FrameOutcome::Malformed);
  EXPECT_EQ(h.error, ParseError::BadIpChecksum);
  EXPECT_EQ(parse_error_text(h.error), "bad IPv4 header checksum");
}

TEST(FrameCheck, BadUdpChecksumIsMalformedUnlessZeroOrCheckedElsewhere) {
  auto frame = discover_flipped(kUdp + 6, 0x01);
  const Handled h = handle(frame);
  EXPECT_EQ(h.outcome, FrameOutcome::Malformed);
  EXPECT_EQ(h.error, ParseError::BadUdpChecksum);
  // A veth/offload sender leaves the checksum to the NIC: the kernel says so.
  LinkMeta offloaded;
  offloaded.udp_checksum_done_elsewhere = true;
  EXPECT_EQ(handle(frame, offloaded).outcome, FrameOutcome::Reply);
  // A payload byte changed is caught the same way.
  EXPECT_EQ(handle(discover_flipped(kUdp + 8 + 4, 0x80)).error,  // xid
            ParseError::BadUdpChecksum);
  // 0 means "no checksum" in UDP over IPv4.
  frame[kUdp + 6] = 0;
  frame[kUdp + 7] = 0;
  EXPECT_EQ(handle(frame).outcome, FrameOutcome::Reply);
}

void set16(std::vector<std::uint8_t>& f, std::size_t at, std::size_t value) {
  f[at] = static_cast<std::uint8_t>(value >> 8);
  f[at + 1] = static_cast<std::uint8_t>(value);
}

// Rewrites the IPv4 checksum so only the length under test is wrong.
void fix_ip_checksum(std::vector<std::uint8_t>& f) {
  set16(f, kIp + 10, 0);
  set16(f, kIp + 10, internet_checksum({f.data() + kIp, 20}));
}

TEST(FrameCheck, InconsistentLengthsAreMalformed) {
  const std::size_t ip_total = discover().size() - kIp;
  struct Case {
    const char* what;
    std::size_t ip_total, udp_len;
  };
  for (const Case c : {Case{"IP total beyond the frame", ip_total + 40, ip_total - 20},
                       Case{"IP total below IP+UDP headers", 24, ip_total - 20},
                       Case{"UDP length beyond the IP payload", ip_total, ip_total - 10},
                       Case{"UDP length below its header", ip_total, 4}}) {
    SCOPED_TRACE(c.what);
    auto frame = discover();
    set16(frame, kIp + 2, c.ip_total);
    set16(frame, kUdp + 4, c.udp_len);
    set16(frame, kUdp + 6, 0);  // no UDP checksum: only the lengths are wrong
    fix_ip_checksum(frame);
    const Handled h = handle(frame);
    EXPECT_EQ(h.outcome, FrameOutcome::Malformed);
    EXPECT_EQ(h.error, ParseError::BadLength);
  }
}

TEST(FrameCheck, EthernetPaddingAfterTheDatagramIsFine) {
  auto frame = discover();
  frame.resize(frame.size() + 30, 0);
  EXPECT_EQ(handle(frame).outcome, FrameOutcome::Reply);
}

TEST(FrameCheck, RelayAddressRules) {
  struct Case {
    std::uint32_t giaddr;
    std::uint8_t hops;
    bool answered;
  };
  for (const Case c : {
           Case{0, 0, true},             // direct broadcast: the normal case
           Case{0x0a010001u, 1, true},   // relayed by 10.1.0.1
           Case{0x0a010001u, 0, true},   // a relay that does not count hops
           Case{0, 1, false},            // relayed, but nowhere to send the answer
           Case{0x7f000001u, 1, false},  // 127.0.0.1
           Case{0xffffffffu, 1, false},  // 255.255.255.255
           Case{0xe0000005u, 1, false},  // 224.0.0.5 multicast
           Case{0x00000005u, 1, false},  // 0.0.0.5 ("this network")
       }) {
    SCOPED_TRACE(format_ipv4(c.giaddr) + " hops " + std::to_string(c.hops));
    RequestBuilder req(1, "PXEClient:Arch:00000:UNDI:002001");
    req.giaddr(c.giaddr).hops(c.hops);
    const Handled h = handle(req.frame());
    EXPECT_EQ(h.outcome, c.answered ? FrameOutcome::Reply : FrameOutcome::Malformed);
    EXPECT_EQ(h.error, c.answered ? ParseError::None : ParseError::BadRelayAddress);
  }
}

}  // namespace
}  // namespace pxescope::responder
