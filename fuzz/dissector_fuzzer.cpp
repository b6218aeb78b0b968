// libFuzzer target for the dissector. The first input byte picks what the rest is:
//   0: a BOOTP/DHCP payload, given to dissect_dhcp() directly;
//   1: a UDP payload, wrapped in Ethernet + IPv4 + UDP to port 67 (DHCP) and dissected;
//   2: a UDP payload, wrapped the same way to port 69 (TFTP) and dissected;
//   3: a whole frame; the second byte picks its link type (Ethernet, raw IPv4, Linux
//      cooked v1/v2, LINKTYPE_IPV4) and the third how many bytes the snap length cut;
//   4: a pcapng file, read by PcapngReader from memory (fmemopen): every frame, then a seek
//      back to a block start tell() reported and, on a fresh reader, forward to it; each
//      frame is analysed as in mode 3.
//   5: a DHCPv6 message, given to dissect_dhcpv6() directly and wrapped in Ethernet + IPv6 +
//      UDP to port 547;
//   6: an ICMPv6 message, wrapped in Ethernet + IPv6 (errors quote packets: IPv6 again);
//   7: a DNS message, to UDP port 53 and back from it;
//   8: HTTP: a TCP handshake on port 80, then the bytes from the client (a request head)
//      and from the server (a response head), through the TCP stream table and HTTP follower;
//   9: a CAPWAP data packet (its header + the tunnelled 802.3/802.11 frame) to UDP 5247.
//  10: bytes a client sent the responder's HTTP service: the request head parser (whole, cut
//      in half, and under a limit smaller than the input), then the target path decoder and
//      the Range resolver on what it found; their invariants abort() when broken.
//  11: a DHCPv6 message to the responder's request view (parse_dhcp6_request), whole and cut
//      in half; it aborts when a view points outside the bytes, a refused request reads as
//      valid, or an accepted one breaks the view's promises (relay depth, DUID size).
// Whole frames (3, 4) also come as 802.11 (105) and radiotap (127).
// Every decoded tree is also rendered as JSON and text, and every frame goes through the
// summary fast path (summarize_dhcp), so the renderers and the fast path are fuzzed too.
// Frames also go to the ICMP unreachable decoder, which only the CLI calls. Whole frames
// (modes 3, 4) reach every frame dissector: ARP, IPv4 with its checksum, UDP, ICMP with the
// quoted IPv4 + UDP (and the request log it looks the refused request up in), DHCP, TFTP;
// and each frame's one-line summary (protocol and info columns) is read back.
// DHCP payloads are also read as the story view (DhcpMessage, with the offer linter and the
// firmware fingerprint on top), and frames go through the boot-story builder.
// fuzz/seeds.cpp writes corpus files in this same format from real captures.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

#include "analyzer/dhcp/dhcp_dissector.hpp"
#include "analyzer/dhcpv6/dhcpv6_dissector.hpp"
#include "analyzer/field_tree.hpp"
#include "analyzer/fingerprint/firmware_fingerprint.hpp"
#include "analyzer/frame.hpp"
#include "analyzer/icmp/icmp_unreachable.hpp"
#include "analyzer/lint/offer_lint.hpp"
#include "analyzer/packet_dissector.hpp"
#include "analyzer/pcapng_reader.hpp"
#include "analyzer/render.hpp"
#include "analyzer/story/boot_story.hpp"
#include "analyzer/story/dhcp_message.hpp"
#include "analyzer/summary.hpp"
#include "analyzer/tftp/tftp_dissector.hpp"
#include "fuzz/fuzz_input.hpp"
#include "responder/dhcp6/dhcp6_request.hpp"
#include "responder/http/http_range.hpp"
#include "responder/http/http_request.hpp"

namespace {

using pxescope::fuzz::Mode;

void render(const pxescope::FieldTree& tree) {
  static std::string out;  // reused: the fuzzer looks for bugs, not allocations
  out.clear();
  pxescope::append_fields_json(tree, out);
  pxescope::append_tree_text(tree, out);
}

// The summary fast path walks the same bytes by hand and hands out views into the frame:
// read every byte they point at, so ASan catches a view past the end of the data.
void summarize(const pxescope::Frame& frame) {
  pxescope::DhcpSummary summary;
  if (!pxescope::summarize_dhcp(frame, summary)) return;
  volatile std::uint8_t sink = 0;
  for (char c : summary.vendor_class) sink = sink ^ static_cast<std::uint8_t>(c);
  for (char c : summary.boot_file) sink = sink ^ static_cast<std::uint8_t>(c);
  if (summary.chaddr)
    for (int i = 0; i < 6; ++i) sink = sink ^ summary.chaddr[i];
}

// The reasoning side reads the same bytes through DhcpMessage (its own view of the option
// scan, with RFC 3396 joins): ask it everything the story, linter and fingerprint ask.
void reason_about(std::span<const std::uint8_t> payload) {
  pxescope::DhcpMessage message;
  if (!message.parse(payload)) return;
  volatile std::size_t sink = 0;
  sink = sink + message.message_type() + static_cast<std::size_t>(message.arch() + 1);
  sink = sink + message.uuid().size() + message.boot_file().size() + message.server_id();
  sink = sink + message.option_order().size() + message.vendor_class().size();
  const pxescope::PxeVendorInfo pxe = message.pxe_vendor();
  for (const auto& item : pxe.menu_items) sink = sink + item.size();
  sink = sink + pxescope::fingerprint_firmware(message).name.size();
  // The message as a reply, linted against itself as the request: every check runs.
  sink = sink + pxescope::lint_reply(message, &message).size();
  const pxescope::DhcpMessage copy = message;  // copies re-point their option views
  sink = sink + copy.option(60).size();
}

// What the CLI's boot-traffic view asks of an ICMP unreachable: the quoted ports, and the
// quoted payload read as a TFTP request. Its bytes are read so ASan sees a bad view.
void probe_icmp(const pxescope::Frame& frame) {
  pxescope::IcmpUnreachable u;
  if (!pxescope::parse_icmp_unreachable(frame, u)) return;
  volatile std::size_t sink = pxescope::icmp_unreachable_code_name(u.code).size();
  for (std::uint8_t b : u.quoted_payload) sink = sink + b;
  pxescope::TftpHeader header;
  if (pxescope::peek_tftp(u.quoted_payload, header)) sink = sink + header.file_name.size();
}

// One frame through everything that takes frames: fast path, tree + renderers, ICMP.
void analyze(const pxescope::Frame& frame, pxescope::PacketDissector& dissector,
             pxescope::FieldTree& tree) {
  summarize(frame);
  dissector.dissect(frame, tree);
  render(tree);
  volatile std::size_t sink = tree.protocol_column().size();
  for (char c : tree.info_column()) sink = sink + static_cast<unsigned char>(c);
  probe_icmp(frame);
}

// Mode 4. The frames share one dissector and one story builder, as in the CLI.
void read_pcapng(std::span<const std::uint8_t> file, pxescope::FieldTree& tree) {
  if (file.empty()) return;  // fmemopen refuses a zero-sized buffer
  // fmemopen wants a non-const buffer; "rb" never writes to it.
  std::FILE* f = fmemopen(const_cast<std::uint8_t*>(file.data()), file.size(), "rb");
  if (!f) return;
  pxescope::PcapngReader reader;
  pxescope::PacketDissector dissector;
  pxescope::StoryBuilder stories;
  std::vector<std::int64_t> starts;  // tell() before each frame
  struct Seen {
    std::uint32_t link_type;
    std::vector<std::uint8_t> data;
  };
  std::vector<Seen> frames;
  pxescope::Frame frame;
  if (reader.open(f, "fuzz")) {
    for (starts.push_back(reader.tell()); reader.next(frame); starts.push_back(reader.tell())) {
      frame.index = frames.size() + 1;
      frames.push_back({frame.link_type, {frame.data.begin(), frame.data.end()}});
      analyze(frame, dissector, tree);
      stories.add(frame);
    }
    volatile std::size_t sink = stories.finish().size() + reader.error().size();
    (void)sink;
  }
  // Random access, as the GUI does: the same block start must give the same frame, both
  // going back on this reader and on a fresh one that learns the sections on its way.
  if (!frames.empty()) {
    const std::size_t pick = file.size() % frames.size();
    const auto same_frame = [&](pxescope::PcapngReader& r) {
      if (!r.seek(starts[pick]) || !r.next(frame) || frame.link_type != frames[pick].link_type ||
          !std::ranges::equal(frame.data, frames[pick].data))
        std::abort();
    };
    same_frame(reader);
    pxescope::PcapngReader fresh;
    if (std::fseek(f, 0, SEEK_SET) != 0 || !fresh.open(f, "fuzz")) std::abort();
    same_frame(fresh);
  }
  std::fclose(f);
}

// The responder's HTTP request parsing. The parser must never claim more bytes than it was
// given, and a range must lie inside the file it was resolved against.
void parse_http(std::span<const std::uint8_t> bytes) {
  namespace http = pxescope::responder::http;
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  for (const std::size_t limit : {std::size_t{8192}, text.size() / 2 + 1}) {
    for (const std::string_view input : {text, text.substr(0, text.size() / 2)}) {
      const http::ParseResult parsed = http::parse_request_head(input, limit);
      if (parsed.state == http::ParseState::kComplete && parsed.head_bytes > input.size()) abort();
      if (parsed.state == http::ParseState::kError &&
          (parsed.error_status < 400 || parsed.error.empty()))
        abort();
      if (parsed.state != http::ParseState::kComplete) continue;
      std::string path, why;
      if (http::decode_target_path(parsed.request.target, path, why) &&
          path.find('\0') != std::string::npos)
        abort();
      for (const std::uint64_t size :
           {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{1000}, std::uint64_t{UINT64_MAX}}) {
        const http::ByteRange range = http::resolve_range(parsed.request.range, size);
        if (range.kind == http::ByteRange::Kind::kPartial &&
            (range.length == 0 || range.first >= size || range.length > size - range.first))
          abort();
      }
    }
  }
}

// Mode 11: the responder's DHCPv6 request view and its promises.
bool inside(std::span<const std::uint8_t> view, std::span<const std::uint8_t> bytes) {
  return view.empty() ||
         (view.data() >= bytes.data() && view.data() + view.size() <= bytes.data() + bytes.size());
}

void parse_dhcp6(std::span<const std::uint8_t> bytes) {
  using namespace pxescope::responder;
  static Dhcp6Request request;  // reused, as the responder's engine reuses it
  for (const std::size_t cut : {bytes.size(), bytes.size() / 2}) {
    const auto input = bytes.first(cut);
    const ParseError6 error = parse_dhcp6_request(input, request);
    if (parse_error6_text(error).empty()) abort();
    if (error != ParseError6::None) continue;
    if (request.relay_count > kMaxRelayHops6) abort();
    if (request.client_id.size() > kMaxDuidBytes || request.server_id.size() > kMaxDuidBytes)
      abort();
    if (request.client_id.empty() && request.message_type != 11) abort();
    const auto text = [](std::string_view s) {
      return std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(s.data()),
                                           s.size());
    };
    if (!inside(request.client_id, input) || !inside(request.server_id, input) ||
        !inside(request.oro, input) || !inside(text(request.user_class), input) ||
        !inside(text(request.vendor_class), input) || !inside(request.client_link_layer, input))
      abort();
    for (std::size_t i = 0; i < request.relay_count; ++i)
      if (!inside(request.relays[i].interface_id, input)) abort();
    std::array<std::uint8_t, 6> mac{};
    volatile bool sink = request.mac(mac) && request.is_boot_client() && request.asks_for(59);
    (void)sink;
  }
}

// Modes 7 and 8: the same bytes both ways of one conversation, through one dissector (the
// TCP stream table and the HTTP follower keep state between the frames).
void conversation(Mode mode, std::span<const std::uint8_t> bytes, pxescope::FieldTree& tree) {
  static std::vector<std::uint8_t> frame_bytes;
  pxescope::PacketDissector dissector;
  pxescope::Frame frame;
  frame.link_type = 1;
  const auto send = [&](std::uint64_t index) {
    frame.index = index;
    frame.data = frame_bytes;
    frame.original_length = static_cast<std::uint32_t>(frame_bytes.size());
    analyze(frame, dissector, tree);
  };
  if (mode == Mode::DnsUdp) {
    pxescope::fuzz::wrap_in_udp_ports(bytes, 33000, 53, false, frame_bytes);
    send(1);
    pxescope::fuzz::wrap_in_udp_ports(bytes, 53, 33000, true, frame_bytes);
    send(2);
    return;
  }
  const std::uint32_t length = static_cast<std::uint32_t>(bytes.size());
  pxescope::fuzz::wrap_in_tcp({}, 0x02, 1000, 0, false, frame_bytes);  // SYN
  send(1);
  pxescope::fuzz::wrap_in_tcp({}, 0x12, 5000, 1001, true, frame_bytes);  // SYN, ACK
  send(2);
  pxescope::fuzz::wrap_in_tcp(bytes, 0x18, 1001, 5001, false, frame_bytes);  // the request
  send(3);
  pxescope::fuzz::wrap_in_tcp(bytes, 0x18, 5001, 1001 + length, true, frame_bytes);  // response
  send(4);
  pxescope::fuzz::wrap_in_tcp(bytes, 0x18, 1001, 5001, false, frame_bytes);  // retransmission
  send(5);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  static pxescope::FieldTree tree;  // reused across inputs, as the CLI reuses it
  static std::vector<std::uint8_t> frame_bytes;
  const auto mode = static_cast<Mode>(data[0] % pxescope::fuzz::kModeCount);
  std::span<const std::uint8_t> rest(data + 1, size - 1);

  tree.clear();
  if (mode == Mode::HttpRequest) {
    parse_http(rest);
    return 0;
  }
  if (mode == Mode::Dhcpv6Request) {
    parse_dhcp6(rest);
    return 0;
  }
  if (mode == Mode::Pcapng) {
    read_pcapng(rest, tree);
    return 0;
  }
  if (mode == Mode::DhcpPayload) {
    pxescope::dissect_dhcp(rest, 42, tree);
    render(tree);
    reason_about(rest);
    return 0;
  }

  pxescope::Frame frame;
  frame.index = 1;
  if (mode == Mode::WholeFrame) {
    if (rest.size() < 2) return 0;
    frame.link_type = pxescope::fuzz::link_type_from_byte(rest[0]);
    const std::uint8_t cut = rest[1];
    rest = rest.subspan(2);
    frame.data = rest;
    frame.original_length = static_cast<std::uint32_t>(rest.size()) + cut;
  } else if (mode == Mode::DnsUdp || mode == Mode::HttpTcp) {
    conversation(mode, rest, tree);
    return 0;
  } else if (mode == Mode::CapwapUdp) {
    pxescope::fuzz::wrap_in_udp_ports(rest, 12222, 5247, false, frame_bytes);
    frame.link_type = 1;
    frame.data = frame_bytes;
    frame.original_length = static_cast<std::uint32_t>(frame_bytes.size());
  } else if (mode == Mode::Dhcpv6Udp || mode == Mode::Icmpv6) {
    if (mode == Mode::Dhcpv6Udp) {
      pxescope::dissect_dhcpv6(rest, 62, tree);
      render(tree);
    }
    pxescope::fuzz::wrap_in_ipv6(rest, mode == Mode::Dhcpv6Udp ? 17 : 58, frame_bytes);
    frame.link_type = 1;
    frame.data = frame_bytes;
    frame.original_length = static_cast<std::uint32_t>(frame_bytes.size());
  } else {
    const std::uint16_t port = mode == Mode::DhcpUdp ? 67 : 69;
    pxescope::fuzz::wrap_in_udp(rest, port, frame_bytes);
    frame.link_type = 1;
    frame.data = frame_bytes;
    frame.original_length = static_cast<std::uint32_t>(frame_bytes.size());
  }
  pxescope::PacketDissector dissector;  // fresh: no TFTP state leaks between inputs
  analyze(frame, dissector, tree);
  if (mode == Mode::TftpUdp) {
    // A second packet of the same transfer, from the server's new port, so the transfer
    // follower's state is exercised too.
    pxescope::fuzz::wrap_in_udp(rest, 0, frame_bytes);
    frame.index = 2;
    frame.data = frame_bytes;
    frame.original_length = static_cast<std::uint32_t>(frame_bytes.size());
    dissector.dissect(frame, tree);
    render(tree);
  }
  if (mode == Mode::DhcpUdp) reason_about(rest);
  // The boot-story builder on the frame, twice (a retransmission), then its verdicts.
  pxescope::StoryBuilder stories;
  stories.add(frame);
  stories.add(frame);
  volatile std::size_t sink = stories.finish().size();
  (void)sink;
  return 0;
}
