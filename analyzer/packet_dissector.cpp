#include "analyzer/packet_dissector.hpp"

#include <algorithm>
#include <cstdio>

#include "analyzer/dhcp/dhcp_dissector.hpp"
#include "analyzer/dhcp/dhcp_info.hpp"
#include "analyzer/dhcpv6/dhcpv6_dissector.hpp"
#include "analyzer/dhcpv6/dhcpv6_option_table.hpp"
#include "analyzer/dns/dns_dissector.hpp"
#include "analyzer/icmp/icmp_dissector.hpp"
#include "analyzer/icmpv6/icmpv6_dissector.hpp"
#include "analyzer/link/internet_checksum.hpp"
#include "analyzer/link/link_dissector.hpp"
#include "analyzer/link/text_format.hpp"
#include "analyzer/tcp/tcp_dissector.hpp"
#include "analyzer/tftp/tftp_dissector.hpp"
#include "analyzer/tftp/tftp_summary.hpp"

namespace pxescope {
namespace {

constexpr std::uint16_t kBootpServer = 67, kBootpClient = 68, kPxeBinl = 4011, kTftp = 69,
                        kDns = 53;

bool is_dhcp_port(std::uint16_t p) {
  return p == kBootpServer || p == kBootpClient || p == kPxeBinl;
}

constexpr std::uint8_t kIcmpProtocol = 1, kTcpProtocol = 6;

}  // namespace

DissectResult PacketDissector::dissect(const Frame& frame, FieldTree& tree) {
  tree.clear();
  UdpLocation loc;
  LinkNodes nodes;
  const bool found = dissect_link_layers(frame, tree, loc, nodes);

  if (frame.original_length > frame.data.size() && nodes.first != kNoNode) {
    Line line;
    tree.warn(nodes.first, Severity::Warn,
              frame.cut_by_file_end
                  ? line("frame cut short by the end of the (truncated) file: %zu of %u bytes",
                         frame.data.size(), frame.original_length)
                  : line("frame cut by the snap length: %zu of %u bytes captured",
                         frame.data.size(), frame.original_length));
  }
  if (!found && loc.reached >= UdpStage::Link && loc.ethertype == kEtherTypeIpv6)
    return dissect_ipv6_frame(frame, loc.link_header_length + 4u * loc.vlan_count, tree);
  if (!found) {
    const std::size_t icmp_at = std::size_t{loc.ip_offset} + loc.ip_header_length;
    if (loc.reached >= UdpStage::Ipv4 && loc.ip_proto == kIcmpProtocol &&
        loc.ip_fragment_offset == 0 && frame.data.size() >= icmp_at) {
      IcmpContext context{frame.index, frame.data[loc.ip_offset + 8], &udp_requests_};
      add_icmp(tree, frame.data.data(), ipv4_payload_end(loc, frame.data.size()),
               static_cast<std::uint32_t>(icmp_at), context);
    } else if (loc.reached >= UdpStage::Ipv4 && loc.ip_proto == kTcpProtocol &&
               loc.ip_fragment_offset == 0 && frame.data.size() >= icmp_at) {
      dissect_tcp(frame, loc, tree);
    }
    return {AppProtocol::None, loc.failure};
  }
  const DissectResult result = dissect_udp_payload(frame, loc, tree);
  record_udp_request(frame, loc, tree);
  return result;
}

void PacketDissector::dissect_tcp(const Frame& frame, const UdpLocation& loc, FieldTree& tree) {
  const std::size_t captured = frame.data.size();
  const std::size_t end = ipv4_payload_end(loc, captured);
  TcpHeaderContext context;
  context.frame_index = frame.index;
  context.ends.src_ip = loc.src_ip;
  context.ends.dst_ip = loc.dst_ip;
  context.pseudo_header_sum = ipv4_pseudo_header_sum(loc.src_ip, loc.dst_ip, kTcpProtocol, 0);
  // Checkable when the IP length's worth of segment is all captured and not fragmented.
  context.checkable = !loc.ip_more_fragments &&
                      std::size_t{loc.ip_offset} + loc.ip_total_length <= captured &&
                      loc.ip_total_length >= loc.ip_header_length;
  const TcpDissection segment = add_tcp(
      tree, frame.data.data(), end, loc.ip_offset + loc.ip_header_length, context, tcp_streams_);
  if (HttpFollower::is_http_port(segment.ends.src_port) ||
      HttpFollower::is_http_port(segment.ends.dst_port))
    http_.on_segment(frame.index, segment, frame.data.data(), tree);
}

// What an ICMP error quoting this packet will name: "RRQ pxelinux.0" for a TFTP request,
// else the protocol ("DHCP", "UDP").
void PacketDissector::record_udp_request(const Frame& frame, const UdpLocation& loc,
                                         const FieldTree& tree) {
  const UdpRequestLog::Flow flow{loc.src_ip, loc.dst_ip, loc.src_port, loc.dst_port};
  TftpHeader header;
  const auto payload = frame.data.subspan(loc.payload_offset, loc.payload_length);
  if (loc.dst_port == kTftp && peek_tftp(payload, header) &&
      (header.opcode == kTftpRrq || header.opcode == kTftpWrq)) {
    char text[64];
    const int n =
        std::snprintf(text, sizeof text, "%s %.*s", header.opcode == kTftpRrq ? "RRQ" : "WRQ",
                      static_cast<int>(header.file_name.size()), header.file_name.data());
    udp_requests_.record(flow, frame.index,
                         {text, static_cast<std::size_t>(std::min(n, int{sizeof text - 1}))});
  } else {
    udp_requests_.record(flow, frame.index, tree.protocol_column());
  }
}

DissectResult PacketDissector::dissect_udp_payload(const Frame& frame, const UdpLocation& loc,
                                                   FieldTree& tree) {
  const auto payload = frame.data.subspan(loc.payload_offset, loc.payload_length);
  if (is_dhcp_port(loc.src_port) || is_dhcp_port(loc.dst_port)) {
    set_dhcp_summary(tree, dissect_dhcp(payload, loc.payload_offset, tree),
                     loc.src_port == kPxeBinl || loc.dst_port == kPxeBinl);
    return {AppProtocol::Dhcp, {}};
  }
  // DNS is decoded for the tree and the summary; for the boot story it stays "not decoded".
  if (loc.src_port == kDns || loc.dst_port == kDns) {
    dissect_dns(payload, loc.payload_offset, tree);
    return {AppProtocol::None, "UDP, not a DHCP or TFTP port"};
  }
  return follow_tftp(frame, payload, loc.payload_offset, ipv4_endpoint(loc.src_ip, loc.src_port),
                     ipv4_endpoint(loc.dst_ip, loc.dst_port), tree);
}

DissectResult PacketDissector::dissect_ipv6_frame(const Frame& frame, std::uint32_t ip_offset,
                                                  FieldTree& tree) {
  const Ipv6Layers ip = dissect_ipv6(frame.data, ip_offset, tree);
  if (ip.upper_protocol == kIpProtoIcmpv6 && ip.header_ok && !ip.later_fragment) {
    dissect_icmpv6(frame.data, ip, tree);
    return {AppProtocol::Icmpv6, {}};
  }
  if (!ip.udp_ok) return {AppProtocol::None, ip.failure};
  const auto payload = frame.data.subspan(ip.payload_offset, ip.payload_length);
  if (ip.src_port == dhcpv6::kClientPort || ip.src_port == dhcpv6::kServerPort ||
      ip.dst_port == dhcpv6::kClientPort || ip.dst_port == dhcpv6::kServerPort) {
    dissect_dhcpv6(payload, ip.payload_offset, tree);
    return {AppProtocol::Dhcpv6, {}};
  }
  return follow_tftp(frame, payload, ip.payload_offset, {ip.src, ip.src_port},
                     {ip.dst, ip.dst_port}, tree);
}

DissectResult PacketDissector::follow_tftp(const Frame& frame,
                                           std::span<const std::uint8_t> payload,
                                           std::uint32_t payload_offset, const Endpoint& src,
                                           const Endpoint& dst, FieldTree& tree) {
  // TFTP: requests to port 69 start a transfer; later packets are matched on the client's
  // address and port, and the server's (learnt from its first answer). State only moves
  // forward with frames newer than the transfer has seen, so the GUI can re-dissect any
  // frame of a scanned file without disturbing it.
  TftpHeader header;
  const bool has_opcode = peek_tftp(payload, header);
  const bool is_request =
      dst.port == kTftp && has_opcode && (header.opcode == kTftpRrq || header.opcode == kTftpWrq);
  if (is_request) {
    auto it = tftp_transfers_.find(src);
    if (it == tftp_transfers_.end() || frame.index > it->second.last_frame) {
      if (tftp_transfers_.size() >= kMaxFollowedTransfers) tftp_transfers_.clear();
      TftpTransfer& t = tftp_transfers_[src];
      t.server_ip = dst.addr;
      t.server_port = 0;
      t.request_frame = t.last_frame = frame.index;
      t.file_name.assign(header.file_name);
      t.last_block = 0;
      t.block_wraps = 0;
      t.block_size = kTftpDefaultBlockSize;
      t.wrap_frames.clear();
      t.write_request = header.opcode == kTftpWrq;
    }
    set_tftp_summary(tree, dissect_tftp(payload, payload_offset, tree), kTftpDefaultBlockSize);
    return {AppProtocol::Tftp, {}};
  }
  TftpTransfer* transfer = nullptr;
  if (auto it = tftp_transfers_.find(src);
      it != tftp_transfers_.end() && it->second.server_ip == dst.addr &&
      (it->second.server_port == dst.port || dst.port == kTftp)) {
    transfer = &it->second;
  } else if (auto it2 = tftp_transfers_.find(dst);
             it2 != tftp_transfers_.end() && it2->second.server_ip == src.addr) {
    TftpTransfer& t = it2->second;
    if (t.server_port == 0 && frame.index > t.last_frame) t.server_port = src.port;
    if (t.server_port == src.port || src.port == kTftp) transfer = &t;
  }
  if (!transfer && src.port != kTftp && dst.port != kTftp)
    return {AppProtocol::None, "UDP, not a DHCP or TFTP port"};

  TftpTransferContext context;
  if (transfer) {
    context.file_name = transfer->file_name;
    context.request_frame = transfer->request_frame;
    context.write_request = transfer->write_request;
    const bool data_or_ack =
        has_opcode && (header.opcode == kTftpData || header.opcode == kTftpAck);
    if (frame.index > transfer->last_frame) {
      transfer->last_frame = frame.index;
      context.block_wraps = transfer->block_wraps;
      if (data_or_ack) {
        // The 16-bit block number wraps on big files; count the wraps for tftp.block.full.
        // A jump of more than half the range is a wrap forward, or a late packet from before.
        const int delta = int{header.block} - int{transfer->last_block};
        if (delta < -32768) {
          context.block_wraps = ++transfer->block_wraps;
          transfer->last_block = header.block;
          transfer->wrap_frames.push_back(frame.index);  // rare: once per 65536 blocks
        } else if (delta > 32768 && transfer->block_wraps > 0) {
          --context.block_wraps;
        } else if (delta > 0) {
          transfer->last_block = header.block;
        }
      }
    } else {
      // Re-dissecting an earlier frame: the wraps that happened before it.
      for (std::uint64_t f : transfer->wrap_frames) context.block_wraps += f <= frame.index ? 1 : 0;
    }
  }
  const NodeId top = dissect_tftp(payload, payload_offset, tree, context);
  // The server's OACK sets the block size that tells the last DATA packet (RFC 2348).
  if (transfer && has_opcode && header.opcode == kTftpOack) {
    const std::uint32_t size = tftp_block_size_option(tree, top);
    transfer->block_size = size ? size : kTftpDefaultBlockSize;
  }
  set_tftp_summary(tree, top, transfer ? transfer->block_size : kTftpDefaultBlockSize);
  return {AppProtocol::Tftp, {}};
}

}  // namespace pxescope
