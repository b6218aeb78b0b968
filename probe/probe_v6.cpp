// The DHCPv6 probe, as EDK2's PXEv6 does it: Solicit to ff02::1:2, collect Advertises,
// Request the best, read the Reply, Release. Answers are read with pxescope's own DHCPv6
// dissector, so the report says what `pxescope analyze` would show of them.
#include <arpa/inet.h>
#include <tins/ethernetII.h>
#include <tins/icmpv6.h>
#include <tins/ipv6.h>
#include <tins/rawpdu.h>
#include <tins/udp.h>

#include <algorithm>
#include <random>
#include <span>

#include "analyzer/dhcpv6/dhcpv6_dissector.hpp"
#include "analyzer/dhcpv6/dhcpv6_option_table.hpp"
#include "analyzer/link/ipv6_text.hpp"
#include "probe/probe_client.hpp"
#include "probe/probe_link.hpp"

namespace pxescope::probe {
namespace {

using namespace dhcpv6;

constexpr Ipv6 kAllServersAndRelays = {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2};

std::string text_of(const Ipv6& a) {
  return Ipv6Text(a.data()).buf;
}

// What the probe needs of one Advertise or Reply, read from pxescope's DHCPv6 tree.
struct Dhcp6Answer {
  std::uint8_t type = 0;
  std::uint32_t xid = 0;
  Bytes server_duid;
  std::string server_duid_text;
  int preference = 0;  // option 7; 0 when absent (RFC 8415 §18.2.9)
  Ipv6 address{};      // the IA_NA's first address; all zero when none
  std::string status;  // a status code other than Success, "NoAddrsAvail: text"
  std::string bootfile_url;
  std::string bootfile_params;
  std::string from;  // the server's IPv6 address
  Ipv6 from_ip{};
  Mac from_mac{};
};

// Reads `payload` with dissect_dhcpv6 into `a`; false when it is not a DHCPv6 message.
bool read_answer(std::span<const std::uint8_t> payload, FieldTree& tree, Dhcp6Answer& a) {
  tree.clear();
  const NodeId top = dissect_dhcpv6(payload, 0, tree);
  const NodeId type = tree.find("dhcpv6.msgtype", top), xid = tree.find("dhcpv6.xid", top);
  if (type == kNoNode || xid == kNoNode) return false;
  a.type = static_cast<std::uint8_t>(tree[type].uint_value);
  a.xid = static_cast<std::uint32_t>(tree[xid].uint_value);
  const auto status_of = [&](NodeId under) {
    const NodeId code = tree.find("dhcpv6.status_code", under);
    if (code == kNoNode || tree[code].uint_value == 0) return;
    const NodeId msg = tree.find("dhcpv6.status_msg", under);
    const auto value = static_cast<std::uint32_t>(tree[code].uint_value);
    a.status = "status " + std::string(dhcp::value_name(status_code_names(), value)) + " (" +
               std::to_string(value) + ")" + (msg != kNoNode ? ": " + tree[msg].str_value : "");
  };
  tree.for_each_child(top, [&](NodeId opt) {
    if (tree[opt].name != "dhcpv6.option.type") return;
    switch (tree[opt].uint_value) {
      case kOptServerId:
        if (const NodeId d = tree.find("dhcpv6.duid.bytes", opt); d != kNoNode) {
          a.server_duid.assign(payload.begin() + tree[d].offset,
                               payload.begin() + tree[d].offset + tree[d].length);
          a.server_duid_text = tree[d].str_value;
        }
        break;
      case kOptPreference:
        if (const NodeId p = tree.find("dhcpv6.option_preference", opt); p != kNoNode)
          a.preference = static_cast<int>(tree[p].uint_value);
        break;
      case kOptIaNa:
        if (const NodeId ip = tree.find("dhcpv6.iaaddr.ip", opt); ip != kNoNode)
          std::copy_n(payload.begin() + tree[ip].offset, 16, a.address.begin());
        status_of(opt);
        break;
      case kOptStatusCode:
        status_of(opt);
        break;
      case kOptBootfileUrl:
        if (const NodeId u = tree.find("dhcpv6.bootfile_url", opt); u != kNoNode)
          a.bootfile_url = tree[u].str_value;
        break;
      case kOptBootfileParam:
        tree.for_each_child(opt, [&](NodeId p) {
          if (tree[p].name != "dhcpv6.bootfile_param") return;
          if (!a.bootfile_params.empty()) a.bootfile_params += ' ';
          a.bootfile_params += tree[p].str_value;
        });
        break;
      default:
        break;
    }
  });
  return true;
}

// "tftp://[fd00::2]/dir/file" -> address and "dir/file"; false for any other URL.
bool parse_tftp_url(const std::string& url, Ipv6& host, std::string& path) {
  constexpr std::string_view kScheme = "tftp://";
  if (url.compare(0, kScheme.size(), kScheme) != 0) return false;
  std::string rest = url.substr(kScheme.size());
  const std::size_t slash = rest.find('/', rest.starts_with("[") ? rest.find(']') : 0);
  if (slash == std::string::npos) return false;
  std::string name = rest.substr(0, slash);
  if (name.size() > 2 && name.front() == '[' && name.back() == ']')
    name = name.substr(1, name.size() - 2);
  path = rest.substr(slash + 1);
  return !path.empty() && inet_pton(AF_INET6, name.c_str(), host.data()) == 1;
}

struct Probe6 {
  const ProbeOptions& opt;
  ProbeLink& link;
  Probe6Report& report;
  Mac mac{};
  Ipv6 my_ip{};
  Ipv6 leased{};  // the address the Reply gave, once it did
  Bytes rx;
  FieldTree tree;
  Clock::time_point start = Clock::now();

  std::uint16_t elapsed_cs() const {
    const auto cs =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count() / 10;
    return static_cast<std::uint16_t>(std::min<long long>(cs, 0xffff));
  }

  Dhcp6Request request(std::uint8_t type, std::uint32_t xid) const {
    Dhcp6Request r;
    r.arch = opt.arch;
    r.mac = mac;
    r.xid = xid;
    r.type = type;
    r.elapsed_cs = elapsed_cs();
    return r;
  }

  void send(const Dhcp6Request& r) {
    Tins::EthernetII frame =
        udp6_frame(mac, {}, my_ip, kClientPort, kAllServersAndRelays, kServerPort, build_dhcp6(r));
    link.send(frame);
  }

  // The next DHCPv6 message to our port with transaction `xid` until `deadline`; answers
  // neighbour solicitations for our address on the way (servers reply by unicast).
  bool next_answer(std::uint32_t xid, Clock::time_point deadline, Dhcp6Answer& a) {
    while (link.receive(rx, deadline)) {
      try {
        const Tins::EthernetII eth(rx.data(), static_cast<std::uint32_t>(rx.size()));
        const Tins::IPv6* ip = eth.find_pdu<Tins::IPv6>();
        if (!ip) continue;
        if (const Tins::ICMPv6* icmp = eth.find_pdu<Tins::ICMPv6>()) {
          answer_neighbour_solicitation(eth, *ip, *icmp);
          continue;
        }
        const Tins::UDP* udp = eth.find_pdu<Tins::UDP>();
        const Tins::RawPDU* raw = eth.find_pdu<Tins::RawPDU>();
        if (!udp || !raw || udp->dport() != kClientPort || udp->sport() != kServerPort) continue;
        a = Dhcp6Answer{};
        if (!read_answer(raw->payload(), tree, a) || a.xid != xid) continue;
        a.from_ip = ipv6_of(ip->src_addr());
        a.from_mac = mac_of(eth.src_addr());
        a.from = text_of(a.from_ip);
        return true;
      } catch (const std::exception&) {
        // a frame libtins cannot parse is not an answer to us
      }
    }
    return false;
  }

  void answer_neighbour_solicitation(const Tins::EthernetII& eth, const Tins::IPv6& ip,
                                     const Tins::ICMPv6& icmp) {
    if (icmp.type() != Tins::ICMPv6::NEIGHBOUR_SOLICIT) return;
    const Ipv6 target = ipv6_of(icmp.target_addr()), asker = ipv6_of(ip.src_addr());
    if ((target != my_ip && (target != leased || leased == Ipv6{})) || asker == Ipv6{})
      return;  // not ours, or duplicate address detection
    Tins::EthernetII na = neighbour_advert(mac, target, mac_of(eth.src_addr()), asker);
    link.send(na);
  }

  // RRQ with tsize for the bootfile-url's file; ERROR 8 after the OACK, as firmware does.
  void probe_tftp(const Dhcp6Answer& server, std::uint16_t port) {
    Ipv6 host{};
    if (!parse_tftp_url(report.bootfile_url, host, report.boot_file)) return;
    report.boot_server = text_of(host);
    const Ipv6 from = host[0] == 0xfe || leased == Ipv6{} ? my_ip : leased;
    Mac host_mac = server.from_mac;
    if (host != server.from_ip && !resolve(host, from, host_mac)) {
      report.tftp_result = "no neighbour advertisement for " + report.boot_server +
                           ": the TFTP host is not on this link";
      report.steps.push_back("TFTP: " + report.tftp_result);
      return;
    }
    const Bytes rrq = tftp_size_request(report.boot_file);
    for (int attempt = 0; attempt < 2 && report.tftp_result.empty(); ++attempt) {
      Tins::EthernetII frame = udp6_frame(mac, host_mac, from, port, host, 69, rrq);
      link.send(frame);
      report.steps.push_back("sent TFTP read request " + report.boot_file +
                             " (tsize=0 blksize=1468) to " + report.boot_server);
      const auto deadline = Clock::now() + std::chrono::milliseconds(opt.reply_wait_ms);
      while (report.tftp_result.empty() && link.receive(rx, deadline))
        report.tftp_result = tftp_answer(host_mac, from, port);
    }
    if (report.tftp_result.empty())
      report.tftp_result = "no answer from [" + report.boot_server + "]:69";
    report.steps.push_back("TFTP: " + report.tftp_result);
  }

  // The link address of `target` (neighbour discovery, RFC 4861 §7.2); false when none
  // answers in time.
  bool resolve(const Ipv6& target, const Ipv6& from, Mac& out) {
    Tins::EthernetII ns = neighbour_solicitation(mac, from, target);
    link.send(ns);
    const auto deadline = Clock::now() + std::chrono::milliseconds(opt.reply_wait_ms);
    while (link.receive(rx, deadline)) {
      try {
        const Tins::EthernetII eth(rx.data(), static_cast<std::uint32_t>(rx.size()));
        const Tins::ICMPv6* icmp = eth.find_pdu<Tins::ICMPv6>();
        if (!icmp) continue;
        if (icmp->type() == Tins::ICMPv6::NEIGHBOUR_ADVERT &&
            ipv6_of(icmp->target_addr()) == target) {
          out = mac_of(eth.src_addr());
          return true;
        }
        answer_neighbour_solicitation(eth, eth.rfind_pdu<Tins::IPv6>(), *icmp);
      } catch (const std::exception&) {
        // not a neighbour advertisement
      }
    }
    return false;
  }

  // What the frame in `rx` says about our TFTP request ("" when nothing).
  std::string tftp_answer(const Mac& server_mac, const Ipv6& from, std::uint16_t port) {
    try {
      const Tins::EthernetII eth(rx.data(), static_cast<std::uint32_t>(rx.size()));
      const Tins::IPv6* ip = eth.find_pdu<Tins::IPv6>();
      if (!ip || ipv6_of(ip->dst_addr()) != from) return "";
      const std::string sender = text_of(ipv6_of(ip->src_addr()));
      if (const Tins::ICMPv6* icmp = eth.find_pdu<Tins::ICMPv6>()) {
        answer_neighbour_solicitation(eth, *ip, *icmp);
        if (icmp->type() == Tins::ICMPv6::DEST_UNREACHABLE)
          return "ICMPv6 unreachable from " + sender + ": no TFTP server listens on port 69";
        return "";
      }
      const Tins::UDP* udp = eth.find_pdu<Tins::UDP>();
      const Tins::RawPDU* raw = eth.find_pdu<Tins::RawPDU>();
      if (!udp || !raw || udp->dport() != port) return "";
      bool abort = false;
      const std::string answer = describe_tftp_answer(raw->payload(), sender, abort);
      if (abort) {
        Tins::EthernetII end = udp6_frame(mac, server_mac, from, port, ipv6_of(ip->src_addr()),
                                          udp->sport(), tftp_abort());
        link.send(end);
      }
      return answer;
    } catch (const std::exception&) {
      return "";  // a frame libtins cannot parse is no answer
    }
  }

  ProbeAnswer describe(const Dhcp6Answer& a, std::string kind) const {
    ProbeAnswer p;
    p.server = a.from;
    p.kind = std::move(kind);
    std::string s = a.address != Ipv6{} ? "address " + text_of(a.address) : "no address";
    if (!a.status.empty()) s += ", " + a.status;
    s += a.bootfile_url.empty() ? ", no bootfile-url" : ", bootfile-url " + a.bootfile_url;
    if (!a.bootfile_params.empty()) s += ", bootfile-params \"" + a.bootfile_params + "\"";
    if (a.preference) s += ", preference " + std::to_string(a.preference);
    p.summary = s;
    return p;
  }

  void note(const ProbeAnswer& p, const std::string& what) {
    report.steps.push_back("got " + what + " from " + p.server + ": " + p.summary);
  }

  void run(std::mt19937& rng) {
    // 1. Solicit (resent at 1 s and 3 s) and collect every Advertise.
    const std::uint32_t xid = rng() & 0xffffffu;
    std::vector<Dhcp6Answer> advertises;
    const auto offers_end = start + std::chrono::milliseconds(opt.offer_wait_ms);
    const int resend_ms[] = {0, 1000, 3000};
    for (std::size_t i = 0; i < 3 && advertises.empty() && Clock::now() < offers_end; ++i) {
      send(request(kSolicit, xid));
      report.steps.push_back("sent Solicit (arch " + std::to_string(opt.arch) + ") from " +
                             text_of(my_ip) + " to ff02::1:2");
      const auto until =
          i + 1 < 3 ? start + std::chrono::milliseconds(resend_ms[i + 1]) : offers_end;
      // After the first Advertise, wait for the others until the offer window ends
      // (RFC 8415 §18.2.1), unless one has the highest preference.
      Dhcp6Answer a;
      while (next_answer(xid, advertises.empty() ? std::min(until, offers_end) : offers_end, a)) {
        if (a.type != kAdvertise) continue;
        report.answers.push_back(describe(a, "advertise"));
        note(report.answers.back(), "Advertise");
        advertises.push_back(a);
        if (a.preference == 255) break;
      }
    }
    if (advertises.empty()) {
      report.steps.push_back("no DHCPv6 server answered the Solicit");
      return;
    }
    // 2. The best Advertise: one with an address, highest preference, first on a tie.
    const Dhcp6Answer* best = nullptr;
    for (const Dhcp6Answer& a : advertises)
      if (a.address != Ipv6{} && a.status.empty() && (!best || a.preference > best->preference))
        best = &a;
    if (!best) {
      report.steps.push_back("no Advertise offered an address: not sending a Request");
      report.server = advertises.front().from;
      report.server_duid = advertises.front().server_duid_text;
      report.bootfile_url = advertises.front().bootfile_url;
      report.bootfile_params = advertises.front().bootfile_params;
      return;
    }
    report.server = best->from;
    report.server_duid = best->server_duid_text;
    report.bootfile_url = best->bootfile_url;
    report.bootfile_params = best->bootfile_params;
    // 3. Request it.
    const std::uint32_t request_xid = (xid + 1) & 0xffffffu;
    Dhcp6Request r = request(kRequest, request_xid);
    r.server_duid = best->server_duid;
    r.address = best->address;
    send(r);
    report.steps.push_back("sent Request for " + text_of(best->address) + " to " + best->from);
    Dhcp6Answer reply;
    bool replied = false;
    while (!replied &&
           next_answer(request_xid, Clock::now() + std::chrono::milliseconds(opt.reply_wait_ms),
                       reply))
      replied = reply.type == kReply;
    if (!replied) {
      report.steps.push_back("no Reply to the Request from " + best->from);
      return;
    }
    report.answers.push_back(describe(reply, "reply"));
    note(report.answers.back(), "Reply");
    if (reply.address != Ipv6{} && reply.status.empty()) report.address = text_of(reply.address);
    if (!reply.bootfile_url.empty()) report.bootfile_url = reply.bootfile_url;
    if (!reply.bootfile_params.empty()) report.bootfile_params = reply.bootfile_params;
    if (!report.address.empty()) leased = reply.address;
    // 4. The boot file's size over TFTP, from the leased address, as EDK2 does next.
    if (opt.tftp) probe_tftp(*best, static_cast<std::uint16_t>(49152 + xid % 8192));
    // 5. Give the address back.
    if (!report.address.empty()) {
      Dhcp6Request release = request(kRelease, (xid + 2) & 0xffffffu);
      release.server_duid = best->server_duid;
      release.address = reply.address;
      send(release);
      report.steps.push_back("sent Release of " + report.address);
    }
  }
};

}  // namespace

void run_probe6(const ProbeOptions& options, ProbeLink& link, Probe6Report& report) {
  Probe6 probe{options, link, report, {}, {}, {}, {}, {}, Clock::now()};
  probe.mac = options.mac;
  const bool own_mac =
      std::all_of(probe.mac.begin(), probe.mac.end(), [](std::uint8_t b) { return b == 0; }) ||
      probe.mac == link.interface_mac();
  if (own_mac) probe.mac = link.interface_mac();
  // The kernel's link-local address when the probe is the interface; else the EUI-64 one
  // of the probe's MAC, whose neighbour solicitations the probe answers itself.
  probe.my_ip = own_mac && link.interface_link_local() ? *link.interface_link_local()
                                                       : link_local_of(probe.mac);
  std::mt19937 rng(std::random_device{}());
  const std::size_t sent_before = link.sent();
  probe.run(rng);
  report.packets_sent = link.sent() - sent_before;
}

}  // namespace pxescope::probe
