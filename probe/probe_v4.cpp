// The DHCPv4 probe: DISCOVER, offers, REQUEST, port 4011, TFTP size probe, RELEASE.
#include <arpa/inet.h>

#include <tins/arp.h>
#include <tins/ethernetII.h>
#include <algorithm>
#include <optional>
#include <random>
#include <span>

#include "analyzer/dhcp/option_codes.hpp"
#include "analyzer/link/udp_locator.hpp"
#include "analyzer/story/dhcp_message.hpp"
#include "probe/probe_client.hpp"
#include "probe/probe_link.hpp"

namespace pxescope::probe {
namespace {

constexpr std::uint32_t kBroadcastIp = 0xffffffffu;
constexpr Mac kBroadcastMac = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

std::chrono::milliseconds ms(int n) {
  return std::chrono::milliseconds(n);
}

struct Probe4 {
  const ProbeOptions& opt;
  ProbeLink& link;
  ProbeReport& report;
  Mac mac{};
  std::uint32_t xid = 0;
  std::uint32_t my_ip = 0;
  Bytes rx;
  std::vector<std::pair<std::uint32_t, Mac>> known_macs;  // server IP -> MAC

  Mac mac_of(std::uint32_t ip) const {
    for (const auto& [a, m] : known_macs)
      if (a == ip) return m;
    return kBroadcastMac;
  }

  Dhcp4Request request(std::uint32_t with_xid, std::uint8_t type) const {
    Dhcp4Request r;
    r.arch = opt.arch;
    r.mac = mac;
    r.xid = with_xid;
    r.type = type;
    r.quirk = opt.quirk;
    return r;
  }

  void send_udp(std::uint32_t src_ip, std::uint16_t sport, std::uint32_t dst_ip,
                std::uint16_t dport, const Bytes& payload) {
    Tins::EthernetII frame =
        udp4_frame(mac, dst_ip == kBroadcastIp ? kBroadcastMac : mac_of(dst_ip), src_ip, sport,
                   dst_ip, dport, payload);
    link.send(frame);
  }

  // Answers ARP requests for the probe's address so servers can reach it (the kernel
  // does not know the address: the probe took it on the wire).
  bool handle_arp(std::span<const std::uint8_t> f) {
    if (f.size() < 42 || f[12] != 0x08 || f[13] != 0x06) return false;
    if (my_ip == 0) return true;
    try {
      const Tins::EthernetII eth(f.data(), static_cast<std::uint32_t>(f.size()));
      const Tins::ARP* arp = eth.find_pdu<Tins::ARP>();
      if (!arp || arp->opcode() != Tins::ARP::REQUEST ||
          std::uint32_t(arp->target_ip_addr()) != htonl(my_ip))
        return true;
      Tins::EthernetII reply = arp_reply(mac, my_ip, probe::mac_of(arp->sender_hw_addr()),
                                         ntohl(std::uint32_t(arp->sender_ip_addr())));
      link.send(reply);
    } catch (const std::exception&) {
      // a malformed ARP frame: not ours to answer
    }
    return true;
  }

  void remember_mac(std::span<const std::uint8_t> f, std::uint32_t ip) {
    if (f.size() < 12 || ip == 0) return;
    Mac m;
    std::copy_n(f.begin() + 6, 6, m.begin());
    for (auto& [a, known] : known_macs)
      if (a == ip) return void(known = m);
    known_macs.emplace_back(ip, m);
  }

  // DHCP replies for our xid (from port 67 or 4011) until the deadline or `on_reply` says done.
  template <typename OnReply>
  void collect_dhcp(Clock::time_point deadline, OnReply&& on_reply, std::uint32_t want_xid) {
    while (link.receive(rx, deadline)) {
      const std::span<const std::uint8_t> f(rx.data(), rx.size());
      if (handle_arp(f)) continue;
      UdpLocation loc;
      if (!locate_udp(f, kDltEthernet, loc) || (loc.src_port != 67 && loc.src_port != 4011))
        continue;
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
    a.server = format_ipv4(m.server_id() ? m.server_id() : loc.src_ip);
    const std::uint8_t type = m.message_type();
    a.kind = from_4011               ? "boot-server ack"
             : type == dhcp::kMsgAck ? "ack"
             : m.yiaddr              ? "address offer"
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

  void note_boot_file(const DhcpMessage& m, std::uint32_t fallback_server) {
    if (!report.boot_file.empty() || m.boot_file().empty()) return;
    report.boot_file = m.boot_file();
    report.boot_server = m.siaddr ? m.siaddr : fallback_server;
  }

  void run() {
    std::mt19937 rng(std::random_device{}());
    xid = static_cast<std::uint32_t>(rng());
    // 1. DISCOVER (resent at 1 s and 3 s, as firmware does) and collect every offer.
    const Bytes discover = build_dhcp4(request(xid, dhcp::kMsgDiscover));
    DhcpMessage discover_view;
    discover_view.parse(discover);
    std::optional<DhcpMessage> address_offer;
    std::uint32_t address_server = 0;
    std::vector<DhcpMessage> pxe_offers;
    // Every answer to our DISCOVER: kept for the report; the first address offer and every
    // PXE offer are what the next steps follow.
    const auto on_offer = [&](const DhcpMessage& m, const UdpLocation& loc) {
      add_answer(m, loc, discover_view, false);
      report.steps.push_back("got " + report.answers.back().kind + " from " +
                             report.answers.back().server + ": " + report.answers.back().summary);
      if (m.yiaddr && !address_offer) {
        address_offer = m;
        address_server = m.server_id() ? m.server_id() : loc.src_ip;
      }
      if (m.pxe_client() || !m.boot_file().empty()) pxe_offers.push_back(m);
      return false;
    };
    const auto start = Clock::now();
    const auto offers_end = start + ms(opt.offer_wait_ms);
    const int resend_ms[] = {0, 1000, 3000};
    for (std::size_t i = 0; i < 3; ++i) {
      if (Clock::now() >= offers_end) break;
      send_udp(0, 68, kBroadcastIp, 67, discover);
      report.steps.push_back("sent DISCOVER (arch " + std::to_string(opt.arch) +
                             (opt.quirk == Quirk::None ? "" : ", quirk " + quirk_name(opt.quirk)) +
                             ")");
      const auto until = i + 1 < 3 ? start + ms(resend_ms[i + 1]) : offers_end;
      collect_dhcp(std::min(until, offers_end), on_offer, xid);
      if (address_offer || !pxe_offers.empty()) {
        // Firmware waits a little for more offers after the first; then stops resending.
        collect_dhcp(offers_end, on_offer, xid);
        break;
      }
    }
    if (!address_offer && pxe_offers.empty()) {
      report.steps.push_back("no server answered the DISCOVER");
      return;
    }
    for (const DhcpMessage& m : pxe_offers) note_boot_file(m, m.server_id());
    // 2. REQUEST the offered address (needed for 4011 and TFTP).
    if (address_offer) {
      Dhcp4Request r = request(xid, dhcp::kMsgRequest);
      r.requested_ip = address_offer->yiaddr;
      r.server_id = address_server;
      const Bytes req = build_dhcp4(r);
      DhcpMessage request_view;
      request_view.parse(req);
      send_udp(0, 68, kBroadcastIp, 67, req);
      report.steps.push_back("sent REQUEST for " + format_ipv4(address_offer->yiaddr));
      collect_dhcp(
          Clock::now() + ms(opt.reply_wait_ms),
          [&](const DhcpMessage& m, const UdpLocation& loc) {
            const std::uint8_t type = m.message_type();
            if (type == dhcp::kMsgAck && m.yiaddr) report.address = my_ip = m.yiaddr;
            if (type != dhcp::kMsgAck && type != dhcp::kMsgNak) return false;
            add_answer(m, loc, request_view, false);
            report.steps.push_back(std::string(type == dhcp::kMsgAck ? "got ACK" : "got NAK") +
                                   " from " + format_ipv4(loc.src_ip));
            note_boot_file(m, m.server_id());
            return true;
          },
          xid);
    }
    if (my_ip == 0) {
      report.steps.push_back("no address: stopping before port 4011 and TFTP");
      return;
    }
    // 3. Ask the boot server on port 4011 when the offers gave no file (EDK2/iPXE behaviour).
    if (report.boot_file.empty()) ask_boot_servers(pxe_offers);
    // 4. TFTP size probe.
    if (opt.tftp && !report.boot_file.empty() && report.boot_server) probe_tftp();
    // 5. Give the address back.
    if (address_offer) {
      Dhcp4Request r = request(xid + 2, dhcp::kMsgRelease);
      r.server_id = address_server;
      r.ciaddr = my_ip;
      send_udp(my_ip, 68, address_server, 67, build_dhcp4(r));
      report.steps.push_back("sent RELEASE of " + format_ipv4(my_ip));
    }
  }

  void ask_boot_servers(const std::vector<DhcpMessage>& pxe_offers) {
    for (const DhcpMessage& m : pxe_offers) {
      const std::uint32_t server = m.server_id();
      if (!server) continue;
      const std::uint32_t xid4011 = xid + 1;
      Dhcp4Request r = request(xid4011, dhcp::kMsgRequest);
      r.boot_server_request = true;
      r.ciaddr = my_ip;
      r.boot_item = m.pxe_vendor().has_menu;
      const Bytes req = build_dhcp4(r);
      DhcpMessage req_view;
      req_view.parse(req);
      send_udp(my_ip, 4011, server, 4011, req);
      report.steps.push_back("sent boot-server REQUEST to " + format_ipv4(server) + ":4011");
      bool answered = false;
      collect_dhcp(
          Clock::now() + ms(opt.reply_wait_ms),
          [&](const DhcpMessage& reply, const UdpLocation& loc) {
            add_answer(reply, loc, req_view, true);
            report.steps.push_back("got boot-server ACK from " + format_ipv4(loc.src_ip) + ": " +
                                   report.answers.back().summary);
            note_boot_file(reply, server);
            answered = true;
            return true;
          },
          xid4011);
      if (!answered) report.steps.push_back("no answer on port 4011 from " + format_ipv4(server));
      if (!report.boot_file.empty()) break;
    }
  }

  // What one frame says about our TFTP request; "" when it is not about it.
  std::string tftp_answer(std::span<const std::uint8_t> f, std::uint16_t port) {
    UdpLocation loc;
    if (!locate_udp(f, kDltEthernet, loc)) {
      // ICMP port unreachable quoting our RRQ: nobody listens on 69.
      if (loc.reached >= UdpStage::Ipv4 && loc.ip_proto == 1 && loc.dst_ip == my_ip) {
        const std::size_t icmp = loc.ip_offset + loc.ip_header_length;
        if (f.size() >= icmp + 2 && f[icmp] == 3)
          return "ICMP unreachable from " + format_ipv4(loc.src_ip) +
                 ": no TFTP server listens on port 69";
      }
      return "";
    }
    if (loc.dst_ip != my_ip || loc.dst_port != port || loc.payload_length < 2) return "";
    remember_mac(f, loc.src_ip);
    bool abort = false;
    const std::string answer = describe_tftp_answer(
        f.subspan(loc.payload_offset, loc.payload_length), format_ipv4(loc.src_ip), abort);
    if (abort) send_udp(my_ip, port, loc.src_ip, loc.src_port, tftp_abort());
    return answer;
  }

  void probe_tftp() {
    const std::uint16_t port = static_cast<std::uint16_t>(49152 + (xid % 8192));
    const Bytes rrq = tftp_size_request(report.boot_file);
    for (int attempt = 0; attempt < 2 && report.tftp_result.empty(); ++attempt) {
      send_udp(my_ip, port, report.boot_server, 69, rrq);
      report.steps.push_back("sent TFTP read request " + report.boot_file +
                             " (tsize=0 blksize=1468) to " + format_ipv4(report.boot_server));
      const auto deadline = Clock::now() + ms(opt.reply_wait_ms);
      while (report.tftp_result.empty() && link.receive(rx, deadline)) {
        const std::span<const std::uint8_t> f(rx.data(), rx.size());
        if (!handle_arp(f)) report.tftp_result = tftp_answer(f, port);
      }
    }
    if (report.tftp_result.empty())
      report.tftp_result = "no answer from " + format_ipv4(report.boot_server) + ":69";
    report.steps.push_back("TFTP: " + report.tftp_result);
  }
};

}  // namespace

void run_probe4(const ProbeOptions& options, ProbeLink& link, ProbeReport& report) {
  Probe4 probe{options, link, report, options.mac, 0, 0, {}, {}};
  if (std::all_of(probe.mac.begin(), probe.mac.end(), [](std::uint8_t b) { return b == 0; }))
    probe.mac = link.interface_mac();
  const std::size_t sent_before = link.sent();
  probe.run();
  report.packets_sent = link.sent() - sent_before;
}

}  // namespace pxescope::probe
