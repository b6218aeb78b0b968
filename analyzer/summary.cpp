#include "analyzer/summary.hpp"

#include <cstring>

#include "analyzer/link/udp_locator.hpp"

namespace pxescope {
namespace {

constexpr std::size_t kBootpFixed = 236;  // op .. file, before the magic cookie
constexpr std::size_t kFileField = 108, kFileLength = 128;

bool is_dhcp_port(std::uint16_t p) {
  return p == 67 || p == 68 || p == 4011;
}

std::string_view nul_trimmed(const std::uint8_t* p, std::size_t max) {
  const void* nul = std::memchr(p, 0, max);
  const std::size_t len =
      nul ? static_cast<std::size_t>(static_cast<const std::uint8_t*>(nul) - p) : max;
  return {reinterpret_cast<const char*>(p), len};
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
  const std::uint8_t* b = frame.data.data() + loc.payload_offset;
  const std::size_t n = loc.payload_length;
  out.malformed = loc.payload_cut;
  if (n < kBootpFixed + 4) {
    out.malformed = true;
    if (n >= 8) {
      out.op = b[0];
      out.xid = (std::uint32_t{b[4]} << 24) | (std::uint32_t{b[5]} << 16) |
                (std::uint32_t{b[6]} << 8) | b[7];
    }
    if (n >= 34 && b[2] == 6) out.chaddr = b + 28;
    return true;
  }
  out.op = b[0];
  out.xid =
      (std::uint32_t{b[4]} << 24) | (std::uint32_t{b[5]} << 16) | (std::uint32_t{b[6]} << 8) | b[7];
  if (b[2] == 6) out.chaddr = b + 28;
  if (b[2] > 16) out.malformed = true;
  if (b[236] != 99 || b[237] != 130 || b[238] != 83 || b[239] != 99) {
    out.malformed = true;  // not DHCP: plain BOOTP or junk; the file field still counts
    out.boot_file = nul_trimmed(b + kFileField, kFileLength);
    return true;
  }

  // Option walk: only the few options the line shows. Overload (52) moves options into
  // the file/sname fields; then the boot file comes from option 67 only.
  std::uint8_t overload = 0;
  bool ended = false;
  std::size_t i = 240;
  while (i < n) {
    const std::uint8_t code = b[i];
    if (code == 0) {
      ++i;
      continue;
    }
    if (code == 255) {
      ended = true;
      break;
    }
    if (i + 1 >= n || i + 2 + b[i + 1] > n) {
      out.malformed = true;
      break;
    }
    const std::uint8_t len = b[i + 1];
    const std::uint8_t* v = b + i + 2;
    switch (code) {
      case 53:
        if (len >= 1) out.message_type = v[0];
        if (len != 1) out.malformed = true;
        break;
      case 93:
        if (len >= 2 && out.arch < 0) out.arch = (v[0] << 8) | v[1];
        if (len == 0 || (len & 1)) out.malformed = true;  // a list of 16-bit types
        break;
      case 60:
        if (out.vendor_class.empty()) {
          out.vendor_class = {reinterpret_cast<const char*>(v), len};
          out.pxe = out.vendor_class.starts_with("PXEClient") ||
                    out.vendor_class.starts_with("HTTPClient");
        }
        break;
      case 67:
        if (out.boot_file.empty()) out.boot_file = nul_trimmed(v, len);
        break;
      case 52:
        if (len >= 1) overload = v[0];
        break;
      default:
        break;
    }
    i += 2u + len;
  }
  if (!ended) out.malformed = true;
  if (out.boot_file.empty() && !(overload & 1))
    out.boot_file = nul_trimmed(b + kFileField, kFileLength);
  return true;
}

}  // namespace pxescope
