#include "analyzer/summary.hpp"

#include "analyzer/dhcp/message_view.hpp"
#include "analyzer/link/udp_locator.hpp"

namespace pxescope {
namespace {

bool is_dhcp_port(std::uint16_t p) {
  return p == 67 || p == 68 || p == 4011;
}

}  // namespace

bool summarize_dhcp(const Frame& frame, DhcpSummary& out) {
  out = DhcpSummary{};
  UdpLocation loc;
  if (!locate_udp(frame.data, frame.link_type, loc)) return false;
  if (!is_dhcp_port(loc.src_port) && !is_dhcp_port(loc.dst_port)) return false;

  out.is_dhcp = true;
  out.src_ip = loc.src_ip;
  out.dst_ip = loc.dst_ip;
  out.src_port = loc.src_port;
  out.dst_port = loc.dst_port;
  // The read model, reused: its buffers stay warm from one packet to the next.
  thread_local dhcp::MessageView view;
  view.parse(frame.data.subspan(loc.payload_offset, loc.payload_length));
  out.op = view.op();
  out.xid = view.xid();
  if (view.hlen() == 6) out.chaddr = view.chaddr6();
  out.malformed = loc.payload_cut || view.bytes().size() < dhcp::kOptionsStart || view.hlen() > 16;
  if (view.bytes().size() < dhcp::kOptionsStart) return true;
  if (!view.has_cookie()) {
    out.malformed = true;  // not DHCP: plain BOOTP or junk; the file field still counts
    out.boot_file = view.boot_file();
    return true;
  }

  // The facts the line shows; the two it checks are the ones whose format fixes their size,
  // and their values are still shown when the size is wrong (-V tells what is wrong).
  if (const auto type = view.find(dhcp::kOptMessageType)) {
    out.message_type = type->value.empty() ? 0 : type->value[0];
    out.malformed |= !dhcp::option_length_ok(type->code, type->value.size());
  }
  if (const auto arch = view.find(dhcp::kOptClientArch)) {
    out.arch = dhcp::read_first_arch(arch->value);
    out.malformed |= !dhcp::option_length_ok(arch->code, arch->value.size());
  }
  out.vendor_class = view.vendor_class();
  out.pxe = dhcp::is_pxe_or_http_vendor_class(out.vendor_class);
  out.boot_file = view.boot_file();
  out.malformed |= view.has_cut_option() || !view.every_area_ends();
  return true;
}

}  // namespace pxescope
