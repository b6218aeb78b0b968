#include "analyzer/story/dhcpv6_message.hpp"

#include <algorithm>

#include "analyzer/dhcpv6/dhcpv6_option_table.hpp"
#include "analyzer/link/bytes.hpp"

namespace pxescope {
namespace {

using namespace dhcpv6;

using bytes::be16;

// Calls visit(code, value) for each option of `area`; stops at an option that runs past the end.
template <typename Visit>
void for_each_option(std::span<const std::uint8_t> area, Visit&& visit) {
  std::size_t at = 0;
  while (at + 4 <= area.size()) {
    const std::uint16_t code = be16(area.data() + at);
    const std::size_t length = be16(area.data() + at + 2);
    if (at + 4 + length > area.size()) return;
    visit(code, area.subspan(at + 4, length));
    at += 4 + length;
  }
}

std::string text_of(std::span<const std::uint8_t> bytes) {
  return std::string(bytes.begin(), bytes.end());
}

}  // namespace

bool Dhcpv6Message::from_client() const {
  switch (type) {
    case kAdvertise:
    case kReply:
    case kReconfigure:
    case kRelayForw:
    case kRelayRepl:
      return false;
    default:
      return true;
  }
}

bool Dhcpv6Message::parse(std::span<const std::uint8_t> payload) {
  *this = Dhcpv6Message{};
  if (payload.size() < 4) return false;
  type = payload[0];
  if (type == kRelayForw || type == kRelayRepl || type == 0) return false;
  xid = (std::uint32_t{payload[1]} << 16) | (std::uint32_t{payload[2]} << 8) | payload[3];
  auto note_status = [this](std::span<const std::uint8_t> v) {
    if (status >= 0 || v.size() < 2) return;
    status = be16(v.data());
    status_message = text_of(v.subspan(2));
  };
  for_each_option(payload.subspan(4), [&](std::uint16_t code, std::span<const std::uint8_t> v) {
    switch (code) {
      case kOptClientId:
        client_duid.assign(v.begin(), v.end());
        break;
      case kOptServerId:
        server_duid.assign(v.begin(), v.end());
        break;
      case kOptClientArch:
        if (arch < 0 && v.size() >= 2) arch = be16(v.data());
        break;
      case kOptVendorClass:  // enterprise (4), then (u16 length, data) items
        if (vendor_class.empty() && v.size() >= 6) {
          const std::size_t n = std::min<std::size_t>(be16(v.data() + 4), v.size() - 6);
          vendor_class = text_of(v.subspan(6, n));
        }
        break;
      case kOptBootfileUrl:
        bootfile_url = text_of(v);
        break;
      case kOptOro:
        for (std::size_t i = 0; i + 2 <= v.size(); i += 2)
          if (be16(v.data() + i) == kOptBootfileUrl) asks_bootfile_url = true;
        break;
      case kOptStatusCode:
        note_status(v);
        break;
      case kOptIaNa:  // IAID, T1, T2, then IAADDR and status options
        if (v.size() < 12) break;
        for_each_option(v.subspan(12), [&](std::uint16_t inner, std::span<const std::uint8_t> iv) {
          if (inner == kOptIaAddr && iv.size() >= 16) {
            std::array<std::uint8_t, 16> a{};
            std::copy_n(iv.begin(), 16, a.begin());
            addresses.push_back(a);
          } else if (inner == kOptStatusCode) {
            note_status(iv);
          }
        });
        break;
      default:
        break;
    }
  });
  return true;
}

bool split_boot_url(const std::string& url, std::string& scheme, std::string& host,
                    std::string& path) {
  const auto colon = url.find("://");
  if (colon == std::string::npos) return false;
  scheme = url.substr(0, colon);
  const std::size_t start = colon + 3;
  std::size_t host_end;
  if (start < url.size() && url[start] == '[') {
    const auto close = url.find(']', start);
    if (close == std::string::npos) return false;
    host = url.substr(start + 1, close - start - 1);
    host_end = close + 1;
  } else {
    host_end = url.find_first_of(":/", start);
    if (host_end == std::string::npos) host_end = url.size();
    host = url.substr(start, host_end - start);
  }
  const auto slash = url.find('/', host_end);
  path = slash == std::string::npos ? std::string() : url.substr(slash + 1);
  return !host.empty();
}

}  // namespace pxescope
