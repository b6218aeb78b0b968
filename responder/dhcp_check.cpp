#include "responder/dhcp_check.hpp"

#include <poll.h>

#include <chrono>
#include <random>

#include "responder/net/frame_builder.hpp"
#include "responder/check_discover.hpp"

namespace pxescope::responder {
namespace {

using Clock = std::chrono::steady_clock;

// Bounds the loop whatever the network does (a storm of replies cannot keep us here).
constexpr std::size_t kMaxFramesLooked = 100000;

void remember(std::vector<OtherServerReply>& servers, const OtherServerReply& r) {
  for (OtherServerReply& known : servers)
    if (known.server == r.server) {
      if (!known.yiaddr) known.yiaddr = r.yiaddr;
      known.pxe = known.pxe || r.pxe;
      return;
    }
  servers.push_back(r);
}

std::string name_server(const OtherServerReply& s) {
  return format_ipv4(s.server) + " (MAC " + format_mac(s.server_mac) + ")";
}

}  // namespace

bool run_dhcp_check(RawDhcpSocket& raw, const InterfaceInfo& iface, unsigned seconds,
                    std::vector<OtherServerReply>& servers, std::string& error) {
  std::mt19937 rng(std::random_device{}());
  const auto xid = static_cast<std::uint32_t>(rng());
  // A BIOS PXE ROM's DISCOVER: full DHCP servers and proxyDHCP servers both answer it.
  const std::vector<std::uint8_t> discover = build_check_discover(iface.mac, xid);
  UdpEndpoints ep;
  ep.src_mac = iface.mac;
  ep.dst_mac = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  ep.src_ip = 0;
  ep.dst_ip = 0xffffffffu;
  ep.src_port = 68;
  ep.dst_port = 67;
  std::vector<std::uint8_t> frame;
  build_udp_frame(ep, discover, static_cast<std::uint16_t>(xid), frame);
  if (!raw.queue(frame) || raw.send_queued() != 1) {
    error =
        "dhcp-check: could not send the DISCOVER: is the interface up (ip link)? --dhcp-check 0 "
        "skips the check";
    return false;
  }
  const auto deadline = Clock::now() + std::chrono::seconds(seconds);
  std::size_t looked = 0;
  while (looked < kMaxFramesLooked) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) break;
    pollfd p{raw.fd(), POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) continue;
    const std::size_t count = raw.receive_batch();
    for (std::size_t k = 0; k < count; ++k, ++looked)
      if (auto r = other_server_reply(raw.received(k), iface.mac, iface.ip)) remember(servers, *r);
  }
  return true;
}

DhcpCheckVerdict judge_dhcp_check(const std::vector<OtherServerReply>& servers,
                                  const std::string& iface, bool full_dhcp, bool force) {
  DhcpCheckVerdict v;
  for (const OtherServerReply& s : servers) {
    const std::string who = name_server(s);
    if (s.yiaddr && full_dhcp) {
      const std::string line = "another DHCP server answers on " + iface + ": " + who +
                               " offered " + format_ipv4(s.yiaddr) +
                               "; two DHCP servers on one network hand out conflicting "
                               "addresses: stop it, or drop --dhcp-range to serve PXE beside "
                               "it as a proxy";
      if (force)
        v.warnings.push_back(line + " (starting anyway: --force)");
      else if (v.refusal.empty())
        v.refusal = line + ", or override with --force";
      continue;
    }
    if (s.pxe) {
      v.warnings.push_back(
          (s.yiaddr ? "the DHCP server " + who + " also gives PXE clients boot information"
                    : "another proxyDHCP server answers PXE clients on " + iface + ": " + who) +
          "; a client that gets two PXE answers boots from one or the other (\"it boots one "
          "time and not the next\"): stop one of them");
      continue;
    }
    v.notes.push_back("DHCP server " + who + " answers" +
                      (s.yiaddr ? " (offered " + format_ipv4(s.yiaddr) + ")" : std::string()) +
                      (full_dhcp ? "" : ": expected beside a proxy"));
  }
  return v;
}

}  // namespace pxescope::responder
