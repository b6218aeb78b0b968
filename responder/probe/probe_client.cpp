#include "responder/probe/probe_client.hpp"

#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <algorithm>

#include <chrono>
#include <cstring>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>

#include "analyzer/dhcp/option_table.hpp"
#include "analyzer/link/udp_locator.hpp"
#include "responder/net/frame_builder.hpp"
#include "responder/net/raw_socket.hpp"

namespace pxescope::responder {
namespace {

using Bytes = std::vector<std::uint8_t>;
using Clock = std::chrono::steady_clock;

void put32(Bytes& b, std::size_t at, std::uint32_t v) {
  b[at] = static_cast<std::uint8_t>(v >> 24);
  b[at + 1] = static_cast<std::uint8_t>(v >> 16);
  b[at + 2] = static_cast<std::uint8_t>(v >> 8);
  b[at + 3] = static_cast<std::uint8_t>(v);
}
void option(Bytes& b, std::uint8_t code, std::initializer_list<std::uint8_t> value) {
  b.push_back(code);
  b.push_back(static_cast<std::uint8_t>(value.size()));
  b.insert(b.end(), value.begin(), value.end());
}
void option(Bytes& b, std::uint8_t code, const std::string& text) {
  b.push_back(code);
  b.push_back(static_cast<std::uint8_t>(text.size()));
  b.insert(b.end(), text.begin(), text.end());
}
void option_ip(Bytes& b, std::uint8_t code, std::uint32_t ip) {
  option(b, code,
         {static_cast<std::uint8_t>(ip >> 24), static_cast<std::uint8_t>(ip >> 16),
          static_cast<std::uint8_t>(ip >> 8), static_cast<std::uint8_t>(ip)});
}

// A raw Ethernet socket on one interface: the probe has no address of its own at first.
class ProbeSocket {
 public:
  ~ProbeSocket() {
    if (fd_ >= 0) ::close(fd_);
  }
  bool open(int ifindex, std::string& error) {
    fd_ = ::socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
    if (fd_ < 0) {
      error = std::string("cannot open a raw socket (") + std::strerror(errno) +
              "): run as root or give pxescope CAP_NET_RAW";
      return false;
    }
    sockaddr_ll sll{};
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_ALL);
    sll.sll_ifindex = ifindex;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&sll), sizeof sll) != 0) {
      error = std::string("cannot bind the raw socket: ") + std::strerror(errno);
      return false;
    }
    ifindex_ = ifindex;
    return true;
  }
  bool send(const Bytes& frame) {
    sockaddr_ll to{};
    to.sll_family = AF_PACKET;
    to.sll_ifindex = ifindex_;
    to.sll_halen = 6;
    std::memcpy(to.sll_addr, frame.data(), 6);
    return ::sendto(fd_, frame.data(), frame.size(), 0, reinterpret_cast<sockaddr*>(&to),
                    sizeof to) == static_cast<ssize_t>(frame.size());
  }
  // One incoming frame, waiting at most until `deadline`; empty at the deadline.
  std::size_t receive(Bytes& buf, Clock::time_point deadline) {
    for (;;) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0) return 0;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left)) <= 0) continue;
      sockaddr_ll from{};
      socklen_t len = sizeof from;
      buf.resize(2048);
      const ssize_t n =
          ::recvfrom(fd_, buf.data(), buf.size(), 0, reinterpret_cast<sockaddr*>(&from), &len);
      if (n <= 0) continue;
      if (from.sll_pkttype == PACKET_OUTGOING) continue;
      return static_cast<std::size_t>(n);
    }
  }

 private:
  int fd_ = -1;
  int ifindex_ = 0;
};

struct Probe {
  const ProbeOptions& opt;
  ProbeReport& report;
  ProbeSocket sock;
  MacAddress mac{};
  std::uint32_t xid = 0;
  std::uint32_t my_ip = 0;
  Bytes frame, rx;
  std::uint16_t ip_id = 1;
  std::vector<std::pair<std::uint32_t, MacAddress>> known_macs;  // server IP -> MAC

  MacAddress mac_of(std::uint32_t ip) const {
    for (const auto& [a, m] : known_macs)
      if (a == ip) return m;
    return MacAddress{0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  }

  void send_udp(std::uint32_t src_ip, std::uint16_t sport, std::uint32_t dst_ip,
                std::uint16_t dport, const Bytes& payload) {
    UdpEndpoints ep;
    ep.src_mac = mac;
    ep.dst_mac =
        dst_ip == 0xffffffffu ? MacAddress{0xff, 0xff, 0xff, 0xff, 0xff, 0xff} : mac_of(dst_ip);
    ep.src_ip = src_ip;
    ep.dst_ip = dst_ip;
    ep.src_port = sport;
    ep.dst_port = dport;
    build_udp_frame(ep, payload, ip_id++, frame);
    if (sock.send(frame)) ++report.packets_sent;
  }

  // Answers ARP requests for the probe's address so servers can reach it.
  bool handle_arp(std::span<const std::uint8_t> f) {
    if (f.size() < 42 || f[12] != 0x08 || f[13] != 0x06 || my_ip == 0) return false;
    if (f[20] != 0 || f[21] != 1) return true;  // not a request
    const std::uint32_t target =
        (std::uint32_t{f[38]} << 24) | (f[39] << 16) | (f[40] << 8) | f[41];
    if (target != my_ip) return true;
    Bytes r(42, 0);
    std::copy_n(f.begin() + 6, 6, r.begin());  // to the asker
    std::copy(mac.begin(), mac.end(), r.begin() + 6);
    r[12] = 0x08, r[13] = 0x06, r[14] = 0, r[15] = 1, r[16] = 0x08, r[17] = 0, r[18] = 6, r[19] = 4;
    r[20] = 0, r[21] = 2;
    std::copy(mac.begin(), mac.end(), r.begin() + 22);
    put32(r, 28, my_ip);
    std::copy_n(f.begin() + 22, 10, r.begin() + 32);  // sender MAC + IP become the target
    if (sock.send(r)) ++report.packets_sent;
    return true;
  }

  void remember_mac(std::span<const std::uint8_t> f, std::uint32_t ip) {
    if (f.size() < 12 || ip == 0) return;
    MacAddress m;
    std::copy_n(f.begin() + 6, 6, m.begin());
    for (auto& [a, known] : known_macs)
      if (a == ip) return void(known = m);
    known_macs.emplace_back(ip, m);
  }

  // DHCP replies for our xid (any port 68 or 4011 destination) until the deadline.
  template <typename OnReply>
  void collect_dhcp(Clock::time_point deadline, OnReply&& on_reply, std::uint32_t want_xid) {
    while (std::size_t n = sock.receive(rx, deadline)) {
      const std::span<const std::uint8_t> f(rx.data(), n);
      if (handle_arp(f)) continue;
      UdpLocation loc;
      if (!locate_udp(f, 1, loc) || (loc.src_port != 67 && loc.src_port != 4011)) continue;
      DhcpMessage m;
      if (!m.parse(f.subspan(loc.payload_offset, loc.payload_length)) || m.op != 2) continue;
      if (m.xid != want_xid || m.mac != mac) continue;
      remember_mac(f, loc.src_ip);
      if (on_reply(m, loc)) return;
    }
  }

  void add_answer(const DhcpMessage& m, const UdpLocation& loc, const DhcpMessage& request,
                  bool from_4011) {
    ProbeAnswer a;
    a.server_ip = m.server_id() ? m.server_id() : loc.src_ip;
    const std::uint8_t type = m.message_type();
    a.kind = from_4011   ? "boot-server ack"
             : type == 5 ? "ack"
             : m.yiaddr  ? "address offer"
                         : "proxy offer";
    std::string s = m.yiaddr ? "address " + format_ipv4(m.yiaddr) : "no address";
    const std::string file = m.boot_file();
    if (!file.empty())
      s += ", boot file " + file + (m.siaddr ? " on " + format_ipv4(m.siaddr) : "");
    const PxeVendorInfo pxe = m.pxe_vendor();
    if (pxe.has_menu)
      s += ", PXE menu" + (pxe.menu_items.empty() ? "" : " \"" + pxe.menu_items[0] + "\"");
    if (m.pxe_client()) s += ", PXEClient";
    if (file.empty() && !pxe.has_menu && !pxe.has_boot_servers) s += ", no boot information";
    a.summary = s;
    LintContext ctx;
    ctx.reply_from_4011 = from_4011;
    a.findings = lint_reply(m, &request, ctx);
    report.answers.push_back(std::move(a));
  }

  void run() {
    std::mt19937 rng(std::random_device{}());
    xid = static_cast<std::uint32_t>(rng());
    // 1. DISCOVER (resent at 1 s and 3 s, as firmware does) and collect every offer.
    const DhcpMessage discover_view = [&] {
      DhcpMessage d;
      d.parse(build_probe_dhcp(opt.arch, mac, xid, 1));
      return d;
    }();
    std::optional<DhcpMessage> address_offer;
    std::uint32_t address_server = 0;
    std::vector<DhcpMessage> pxe_offers;
    // Every answer to our DISCOVER: kept for the report; the first address offer and every
    // PXE offer are what the next steps follow.
    const auto on_offer = [&](const DhcpMessage& m, const UdpLocation& loc) {
      add_answer(m, loc, discover_view, false);
      report.steps.push_back("got " + report.answers.back().kind + " from " +
                             format_ipv4(report.answers.back().server_ip) + ": " +
                             report.answers.back().summary);
      if (m.yiaddr && !address_offer) {
        address_offer = m;
        address_server = m.server_id() ? m.server_id() : loc.src_ip;
      }
      if (m.pxe_client() || !m.boot_file().empty()) pxe_offers.push_back(m);
      return false;
    };
    const auto start = Clock::now();
    const int resend_ms[] = {0, 1000, 3000};
    for (std::size_t i = 0; i < 3; ++i) {
      if (Clock::now() - start > std::chrono::milliseconds(opt.offer_wait_ms)) break;
      send_udp(0, 68, 0xffffffffu, 67, build_probe_dhcp(opt.arch, mac, xid, 1));
      report.steps.push_back("sent DISCOVER (arch " + std::to_string(opt.arch) + ")");
      const auto until = i + 1 < 3 ? start + std::chrono::milliseconds(resend_ms[i + 1])
                                   : start + std::chrono::milliseconds(opt.offer_wait_ms);
      collect_dhcp(std::min(until, start + std::chrono::milliseconds(opt.offer_wait_ms)), on_offer,
                   xid);
      if (address_offer || !pxe_offers.empty()) {
        // Firmware waits a little for more offers after the first; then stops resending.
        collect_dhcp(start + std::chrono::milliseconds(opt.offer_wait_ms), on_offer, xid);
        break;
      }
    }
    if (!address_offer && pxe_offers.empty()) {
      report.steps.push_back("no server answered the DISCOVER");
      return;
    }
    // Boot information from the offers.
    for (const DhcpMessage& m : pxe_offers)
      if (report.boot_file.empty() && !m.boot_file().empty()) {
        report.boot_file = m.boot_file();
        report.boot_server = m.siaddr ? m.siaddr : m.server_id();
      }
    // 2. REQUEST the offered address (needed for 4011 and TFTP).
    if (address_offer) {
      const DhcpMessage request_view = [&] {
        DhcpMessage d;
        d.parse(build_probe_dhcp(opt.arch, mac, xid, 3, address_offer->yiaddr, address_server));
        return d;
      }();
      send_udp(0, 68, 0xffffffffu, 67,
               build_probe_dhcp(opt.arch, mac, xid, 3, address_offer->yiaddr, address_server));
      report.steps.push_back("sent REQUEST for " + format_ipv4(address_offer->yiaddr));
      collect_dhcp(
          Clock::now() + std::chrono::milliseconds(opt.reply_wait_ms),
          [&](const DhcpMessage& m, const UdpLocation& loc) {
            const std::uint8_t type = m.message_type();
            if (type == 5 && m.yiaddr) {
              my_ip = m.yiaddr;
              report.address = my_ip;
            }
            if (type == 5 || type == 6) {
              add_answer(m, loc, request_view, false);
              report.steps.push_back(std::string(type == 5 ? "got ACK" : "got NAK") + " from " +
                                     format_ipv4(loc.src_ip));
              if (report.boot_file.empty() && !m.boot_file().empty()) {
                report.boot_file = m.boot_file();
                report.boot_server = m.siaddr ? m.siaddr : m.server_id();
              }
              return true;
            }
            return false;
          },
          xid);
    }
    if (my_ip == 0) {
      report.steps.push_back("no address: stopping before port 4011 and TFTP");
      return;
    }
    // 3. Ask the boot server on port 4011 when the offers gave no file (EDK2/iPXE behaviour).
    if (report.boot_file.empty()) {
      for (const DhcpMessage& m : pxe_offers) {
        const std::uint32_t server = m.server_id();
        if (!server) continue;
        const std::uint32_t xid4011 = xid + 1;
        const Bytes req =
            build_probe_dhcp(opt.arch, mac, xid4011, 3, 0, 0, true, my_ip, m.pxe_vendor().has_menu);
        DhcpMessage req_view;
        req_view.parse(req);
        send_udp(my_ip, 4011, server, 4011, req);
        report.steps.push_back("sent boot-server REQUEST to " + format_ipv4(server) + ":4011");
        bool answered = false;
        collect_dhcp(
            Clock::now() + std::chrono::milliseconds(opt.reply_wait_ms),
            [&](const DhcpMessage& r, const UdpLocation& loc) {
              add_answer(r, loc, req_view, true);
              report.steps.push_back("got boot-server ACK from " + format_ipv4(loc.src_ip) + ": " +
                                     report.answers.back().summary);
              if (!r.boot_file().empty()) {
                report.boot_file = r.boot_file();
                report.boot_server = r.siaddr ? r.siaddr : server;
              }
              answered = true;
              return true;
            },
            xid4011);
        if (!answered) report.steps.push_back("no answer on port 4011 from " + format_ipv4(server));
        if (!report.boot_file.empty()) break;
      }
    }
    // 4. TFTP size probe.
    if (opt.tftp && !report.boot_file.empty() && report.boot_server) probe_tftp();
    // 5. Give the address back.
    if (address_offer) {
      send_udp(my_ip, 68, address_server, 67,
               build_probe_dhcp(opt.arch, mac, xid + 2, 7, 0, address_server, false, my_ip));
      report.steps.push_back("sent RELEASE of " + format_ipv4(my_ip));
    }
  }

  void probe_tftp() {
    const std::uint16_t port = static_cast<std::uint16_t>(49152 + (xid % 8192));
    Bytes rrq = {0, 1};
    for (const std::string& s : {report.boot_file, std::string("octet"), std::string("tsize"),
                                 std::string("0"), std::string("blksize"), std::string("1468")}) {
      rrq.insert(rrq.end(), s.begin(), s.end());
      rrq.push_back(0);
    }
    for (int attempt = 0; attempt < 2 && report.tftp_result.empty(); ++attempt) {
      send_udp(my_ip, port, report.boot_server, 69, rrq);
      report.steps.push_back("sent TFTP read request " + report.boot_file +
                             " (tsize=0 blksize=1468) to " + format_ipv4(report.boot_server));
      const auto deadline = Clock::now() + std::chrono::milliseconds(opt.reply_wait_ms);
      while (std::size_t n = sock.receive(rx, deadline)) {
        const std::span<const std::uint8_t> f(rx.data(), n);
        if (handle_arp(f)) continue;
        UdpLocation loc;
        if (!locate_udp(f, 1, loc)) {
          // ICMP port unreachable quoting our RRQ: nobody listens on 69.
          if (loc.reached >= UdpStage::Ipv4 && loc.ip_proto == 1 && loc.dst_ip == my_ip) {
            const std::size_t icmp = loc.ip_offset + loc.ip_header_length;
            if (f.size() >= icmp + 2 && f[icmp] == 3) {
              report.tftp_result = "ICMP unreachable from " + format_ipv4(loc.src_ip) +
                                   ": no TFTP server listens on port 69";
              break;
            }
          }
          continue;
        }
        if (loc.dst_ip != my_ip || loc.dst_port != port || loc.payload_length < 2) continue;
        remember_mac(f, loc.src_ip);
        const auto p = f.subspan(loc.payload_offset, loc.payload_length);
        const std::uint16_t op = static_cast<std::uint16_t>((p[0] << 8) | p[1]);
        Bytes abort = {0, 5, 0, 8};
        const std::string msg = "probe done";
        abort.insert(abort.end(), msg.begin(), msg.end());
        abort.push_back(0);
        if (op == 6) {
          std::string opts;
          for (std::size_t i = 2; i < p.size(); ++i) opts += p[i] ? static_cast<char>(p[i]) : ' ';
          report.tftp_result = "OACK from " + format_ipv4(loc.src_ip) + ": " + opts;
          send_udp(my_ip, port, loc.src_ip, loc.src_port, abort);
          break;
        }
        if (op == 3) {
          report.tftp_result = "DATA from " + format_ipv4(loc.src_ip) +
                               " (the server ignored the options; the file exists)";
          send_udp(my_ip, port, loc.src_ip, loc.src_port, abort);
          break;
        }
        if (op == 5 && p.size() >= 4) {
          std::string text;
          for (std::size_t i = 4; i < p.size() && p[i]; ++i) text += static_cast<char>(p[i]);
          report.tftp_result = "ERROR " + std::to_string((p[2] << 8) | p[3]) + " from " +
                               format_ipv4(loc.src_ip) + ": " + text;
          break;
        }
      }
    }
    if (report.tftp_result.empty())
      report.tftp_result = "no answer from " + format_ipv4(report.boot_server) + ":69";
    report.steps.push_back("TFTP: " + report.tftp_result);
  }
};

}  // namespace

bool parse_probe_arch(const std::string& text, int& arch) {
  // The option table's short names (bios, efi-x64, efi-arm64, ...) or a number.
  const std::vector<std::uint16_t> codes = dhcp::arch_codes_from_name(text);
  if (codes.empty()) return false;
  arch = codes.front();
  return true;
}

std::vector<std::uint8_t> build_probe_dhcp(int arch, const std::array<std::uint8_t, 6>& mac,
                                           std::uint32_t xid, std::uint8_t type,
                                           std::uint32_t requested_ip, std::uint32_t server_id,
                                           bool boot_server_request, std::uint32_t ciaddr,
                                           bool boot_item) {
  Bytes b(236, 0);
  b[0] = 1;
  b[1] = 1;
  b[2] = 6;
  put32(b, 4, xid);
  b[10] = 0x80;  // broadcast flag: the probe has no address yet
  put32(b, 12, ciaddr);
  std::copy(mac.begin(), mac.end(), b.begin() + 28);
  b.push_back(99), b.push_back(130), b.push_back(83), b.push_back(99);
  const auto a = static_cast<std::uint8_t>(arch);
  const auto ah = static_cast<std::uint8_t>(arch >> 8);
  const bool uefi = arch != 0;
  char vci[40];
  std::snprintf(vci, sizeof vci, "PXEClient:Arch:%05d:UNDI:%s", arch, uefi ? "003000" : "002001");
  // UUID: derived from the MAC so repeated probes look like the same machine.
  const std::initializer_list<std::uint8_t> uuid = {0,      0x70,   0x78,   0x65,   0x73,  0x63,
                                                    0x6f,   0x70,   0x65,   0x00,   0x00,  mac[0],
                                                    mac[1], mac[2], mac[3], mac[4], mac[5]};
  option(b, 53, {type});
  if (requested_ip) option_ip(b, 50, requested_ip);
  if (server_id) option_ip(b, 54, server_id);
  if (type == 7) {
    b.push_back(255);
    return b;
  }
  if (uefi) {
    // EDK2's shape (NetworkPkg PxeBcDhcp4): 53, 57, 55, 97, 94, 93, 60.
    option(b, 57, {0x05, 0xc0});
    option(b, 55, {1,  2,  3,  4,  5,  6,  12, 13, 15, 17,  18,  22,  23,  28,  40,  41,  42, 43,
                   50, 51, 54, 58, 59, 60, 66, 67, 97, 128, 129, 130, 131, 132, 133, 134, 135});
    b.push_back(97), b.push_back(17), b.insert(b.end(), uuid);
    option(b, 94, {1, 3, 0});
    option(b, 93, {ah, a});
  } else {
    // A legacy PXE 2.1 ROM's shape: 53, 57, 55, 97, 93, 94, 60.
    option(b, 57, {0x04, 0xec});
    option(b, 55, {1,  2,  3,  5,  6,   11,  12,  13,  15,  16,  17,  18,
                   43, 54, 60, 67, 128, 129, 130, 131, 132, 133, 134, 135});
    b.push_back(97), b.push_back(17), b.insert(b.end(), uuid);
    option(b, 93, {ah, a});
    option(b, 94, {1, 2, 1});
  }
  option(b, 60, std::string(vci));
  // A menu choice (boot item 0x8000, layer 0) only answers a menu; EDK2 sends none without one.
  if (boot_server_request && boot_item) option(b, 43, {71, 4, 0x80, 0x00, 0x00, 0x00, 255});
  b.push_back(255);
  while (b.size() < 300) b.push_back(0);
  return b;
}

bool interface_has_default_route(const std::string& iface) {
  std::ifstream in("/proc/net/route");
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::istringstream ss(line);
    std::string name, destination, gateway, flags, refcnt, use, metric, mask;
    if (!(ss >> name >> destination >> gateway >> flags >> refcnt >> use >> metric >> mask))
      continue;
    if (name == iface && destination == "00000000" && mask == "00000000") return true;
  }
  return false;
}

bool run_probe(const ProbeOptions& options, ProbeReport& report, std::string& error) {
  InterfaceInfo info;
  if (!query_interface(options.iface, info, error)) return false;
  Probe probe{options, report, {}, {}, 0, 0, {}, {}, 1, {}};
  if (!probe.sock.open(info.index, error)) return false;
  probe.mac = options.mac;
  if (std::all_of(probe.mac.begin(), probe.mac.end(), [](std::uint8_t b) { return b == 0; }))
    probe.mac = info.mac;
  probe.run();
  return true;
}

}  // namespace pxescope::responder
