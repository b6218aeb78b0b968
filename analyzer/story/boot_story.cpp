// The story builder: frames -> per-client events. The verdict is decided in verdict.cpp.
#include "analyzer/story/boot_story.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cstdio>
#include <unordered_map>

#include "analyzer/ascii.hpp"
#include "analyzer/dhcpv6/dhcpv6_duid.hpp"
#include "analyzer/dhcpv6/dhcpv6_option_table.hpp"
#include "analyzer/link/udp_locator.hpp"
#include "analyzer/lint/grub_proxy_lint.hpp"
#include "analyzer/story/boot_files.hpp"
#include "analyzer/story/http_fetches.hpp"
#include "analyzer/story/ipv6_story.hpp"

namespace pxescope {
namespace {

constexpr std::size_t kHeadBytes = 512;
constexpr std::size_t kMaxClients = 4096;  // keeps memory bounded on huge captures

std::uint64_t mac_key(const std::array<std::uint8_t, 6>& m) {
  std::uint64_t k = 0;
  for (auto b : m) k = (k << 8) | b;
  return k;
}
std::uint64_t endpoint_key(std::uint32_t ip, std::uint16_t port) {
  return (std::uint64_t{ip} << 16) | port;
}
std::uint16_t be16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}
std::uint32_t be32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         p[3];
}

// "name=value name=value" from NUL-separated TFTP option pairs.
std::string tftp_options_text(std::span<const std::uint8_t> p, std::uint32_t* blksize,
                              std::uint64_t* tsize) {
  std::vector<std::string> parts;
  std::size_t i = 0;
  while (i < p.size()) {
    std::size_t j = i;
    while (j < p.size() && p[j]) ++j;
    parts.emplace_back(reinterpret_cast<const char*>(p.data() + i), j - i);
    i = j + 1;
  }
  std::string out;
  for (std::size_t k = 0; k + 1 < parts.size(); k += 2) {
    const std::string name = ascii_lowercase(parts[k]);
    if (!out.empty()) out += ' ';
    out += name + "=" + parts[k + 1];
    const unsigned long long v = std::strtoull(parts[k + 1].c_str(), nullptr, 10);
    if (name == "blksize" && blksize && v) *blksize = static_cast<std::uint32_t>(v);
    if (name == "tsize" && tsize) *tsize = v;
  }
  return out;
}

std::string describe_reply(const DhcpMessage& m, std::uint32_t server, bool from_4011) {
  std::string t = std::string(dhcp_message_type_name(m.message_type()));
  if (from_4011) t = "boot-server " + t;
  t += " from " + format_ipv4(server);
  if (from_4011) t += ":4011";
  if (m.yiaddr)
    t += ": address " + format_ipv4(m.yiaddr);
  else
    t += ": no address (proxyDHCP)";
  const std::string file = m.boot_file();
  const PxeVendorInfo pxe = m.pxe_vendor();
  if (!file.empty()) {
    t += ", boot file " + file;
    if (m.siaddr) t += " on " + format_ipv4(m.siaddr);
  }
  if (pxe.has_menu) {
    t += ", PXE menu";
    if (!pxe.menu_items.empty()) t += " \"" + pxe.menu_items.front() + "\"";
  }
  if (pxe.has_boot_servers) t += ", boot servers (43.8)";
  if (file.empty() && !pxe.has_menu && !pxe.has_boot_servers) t += ", no boot file";
  return t;
}

void add_unique(std::vector<std::string>& list, const std::string& item) {
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
}

// The snap length cut this datagram: fewer bytes captured than the frame had on the wire,
// and fewer than the UDP header announces.
bool cut_by_snap_length(const Frame& f, const UdpLocation& loc) {
  return loc.payload_cut && f.original_length > f.data.size();
}

// PXEClient (PXE firmware, iPXE), HTTPClient (UEFI HTTP boot) or option 93: network booting.
bool announces_network_boot(const DhcpMessage& m) {
  const std::string_view vci = m.vendor_class();
  return m.has(93) || vci.starts_with("PXEClient") || vci.starts_with("HTTPClient");
}

// A "file not found" that is ordinary (PXELINUX's and GRUB's config search, shim's and GRUB's
// optional files): what it is, or an empty kind.
OptionalProbe ordinary_miss(const TftpTransferStory& x) {
  if (x.error_code != 1 || x.error_from_client) return {};
  return optional_probe(x.file);
}

}  // namespace

struct StoryBuilder::Impl {
  std::vector<ClientStory> clients;
  std::unordered_map<std::uint64_t, std::size_t> by_mac;
  std::unordered_map<std::uint32_t, std::size_t> by_ip;
  std::vector<DhcpMessage> last_request;  // per client: its last DHCP request
  std::vector<DhcpMessage> last_4011;     // per client: its last port-4011 request
  std::vector<bool> have_4011;
  std::vector<bool> lint_pending_4011;  // offers to re-lint once we know about 4011
  // Per client: a proxy naming shim/GRUB while the DHCP server's next-server is elsewhere.
  std::vector<GrubProxyWatch> grub_watch;
  struct TransferRef {
    std::size_t client;
    std::size_t transfer;
    std::uint16_t last_block = 0;
    std::uint16_t last_ack = 0;
    std::uint32_t wraps = 0;
    std::uint32_t data_sends_of_first = 0;
    bool acked_any_data = false;
    std::vector<std::size_t> icmp_events;  // timeline positions of ICMP about its RRQ
  };
  std::unordered_map<std::uint64_t, TransferRef> transfers;  // by client ip:port
  std::size_t servers_answering_4011_mask = 0;
  std::vector<std::uint32_t> servers_4011;
  double capture_start = 0, capture_end = 0;
  bool any_frame = false;
  DhcpMessage msg;
  // IPv6 (PXEv6): addresses as ids, the scratch tree of the IPv6 walk, the frame being read.
  Ipv6AddressIds v6_ids;
  FieldTree v6_scratch;
  Ipv6StoryPacket v6_packet;
  bool frame_is_ipv6 = false;

  std::string address_text(std::uint32_t ip) const { return v6_ids.text(ip); }
  // The client was heard from at `t` (over IPv4 unless this frame is IPv6).
  void touch(ClientStory& s, double t) const {
    s.last_time = std::max(s.last_time, t);
    if (!frame_is_ipv6) s.ipv4_last_time = std::max(s.ipv4_last_time, t);
  }
  HttpFetchFollower http;

  static double seconds(const Frame& f) { return static_cast<double>(f.ts_sec) + f.ts_nsec * 1e-9; }

  std::size_t client_for_mac(const std::array<std::uint8_t, 6>& mac, double t) {
    const auto it = by_mac.find(mac_key(mac));
    if (it != by_mac.end()) return it->second;
    if (clients.size() >= kMaxClients) return SIZE_MAX;
    ClientStory s;
    s.mac = mac;
    s.capture_start = capture_start;
    s.first_time = t;
    s.last_time = t;
    clients.push_back(std::move(s));
    last_request.emplace_back();
    last_4011.emplace_back();
    have_4011.push_back(false);
    lint_pending_4011.push_back(false);
    grub_watch.emplace_back();
    by_mac.emplace(mac_key(mac), clients.size() - 1);
    return clients.size() - 1;
  }

  TimelineEvent& event(std::size_t c, const Frame& f, std::string kind, std::string text) {
    return event_at(c, f.index, seconds(f), std::move(kind), std::move(text));
  }
  TimelineEvent& event_at(std::size_t c, std::uint64_t frame, double t, std::string kind,
                          std::string text) {
    ClientStory& s = clients[c];
    touch(s, t);
    s.timeline.push_back(
        {frame, t - s.first_time, std::move(kind), std::move(text), {}, t - capture_start});
    return s.timeline.back();
  }

  // Records what the snap length removed from one of a client's packets; `decisive` when the
  // verdict depends on it.
  void note_cut(std::size_t c, const Frame& f, const std::string& field, bool decisive) {
    ClientStory& s = clients[c];
    const auto captured = static_cast<std::uint32_t>(f.data.size());
    if (s.snap_length == 0 || captured < s.snap_length) s.snap_length = captured;
    add_unique(s.missing_fields, field);
    if (decisive) add_unique(s.cut_decisive, field);
  }

  // A DHCP packet cut before the end of its fixed header: only who it was for is known.
  void on_cut_bootp_header(const Frame& f, const UdpLocation& loc,
                           std::span<const std::uint8_t> payload) {
    std::array<std::uint8_t, 6> mac{};
    bool from_client = loc.dst_port == 67 || loc.dst_port == 4011;
    if (payload.size() >= 34) {
      std::copy_n(payload.data() + 28, 6, mac.begin());
      from_client = payload[0] == 1;
    } else if (from_client && loc.src_mac_offset != kNoMacOffset) {
      // The link's source address (802.11's SA, a CAPWAP-tunnelled frame's own).
      std::copy_n(f.data.data() + loc.src_mac_offset, 6, mac.begin());
    } else {
      return;  // nothing left says which client it was for
    }
    const std::size_t c = client_for_mac(mac, seconds(f));
    if (c == SIZE_MAX) return;
    if (from_client) clients[c].requests_cut = true;
    note_cut(c, f,
             from_client ? "a DHCP request's header and options (vendor class, architecture)"
                         : "a DHCP reply's header and options (address, boot file, PXE menu)",
             !from_client);
  }

  bool any_transfer_complete(const ClientStory& s) const {
    return std::any_of(s.transfers.begin(), s.transfers.end(),
                       [](const TftpTransferStory& t) { return t.complete && !t.tsize_probe; });
  }

  void on_dhcp(const Frame& f, const UdpLocation& loc) {
    const auto payload = f.data.subspan(loc.payload_offset, loc.payload_length);
    const bool cut = cut_by_snap_length(f, loc);
    if (!msg.parse(payload)) {
      if (cut) on_cut_bootp_header(f, loc, payload);
      return;
    }
    if (msg.hlen < 6) return;  // not an Ethernet client (hlen > 16 still names one)
    const double t = seconds(f);
    const std::size_t c = client_for_mac(msg.mac, t);
    if (c == SIZE_MAX) return;
    ClientStory& s = clients[c];
    const std::uint8_t type = msg.message_type();
    if (cut) {
      const std::string what =
          msg.op == 1 ? "the options of the client's " : "the options of a server's ";
      note_cut(c, f,
               what + std::string(dhcp_message_type_name(type)) +
                   (msg.op == 1 ? " (vendor class, architecture)" : " (boot file, PXE menu)"),
               msg.op != 1);
      if (msg.op == 1) s.requests_cut = true;
    }
    if (msg.op == 1) {
      s.dhcp_request_seen = true;
      if (announces_network_boot(msg)) s.network_boot = true;
      const bool to_4011 = loc.dst_port == 4011;
      if (std::find(s.xids.begin(), s.xids.end(), msg.xid) == s.xids.end())
        s.xids.push_back(msg.xid);
      if (s.uuid.empty()) s.uuid = msg.uuid();
      if (s.arch < 0) s.arch = msg.arch();
      if (s.vendor_class.empty()) s.vendor_class = std::string(msg.vendor_class());
      if (loc.src_ip) by_ip[loc.src_ip] = c, s.ip = loc.src_ip;
      const bool later = any_transfer_complete(s) && !to_4011;
      if (later) ++s.later_dhcp;
      if (type == 1) {
        ++s.discovers;
        if (s.firmware.name.empty() || (later && s.later_dhcp == 1)) {
          // The first DISCOVER names the firmware; keep it (a boot program's DHCP is noted below).
          if (s.firmware.name.empty()) s.firmware = fingerprint_firmware(msg);
        }
      } else if (type == 3) {
        ++s.requests;
      }
      std::string text = std::string(dhcp_message_type_name(type));
      char xid[16];
      std::snprintf(xid, sizeof xid, "0x%08x", msg.xid);
      if (to_4011) {
        ++s.pxe_4011_requests;
        text = "boot-server " + text + " to " + format_ipv4(loc.dst_ip) + ":4011";
        last_4011[c] = msg;
        have_4011[c] = true;
      } else {
        last_request[c] = msg;
      }
      text += std::string(" xid ") + xid;
      if (msg.has(60)) text += ", " + std::string(msg.vendor_class());
      if (msg.arch() >= 0 && !msg.has(60)) text += ", arch " + std::to_string(msg.arch());
      if (later) {
        const FirmwareFingerprint fp = fingerprint_firmware(msg);
        text += " (after the boot file: " + fp.name + ")";
      }
      std::string kind = "dhcp-" + ascii_lowercase(dhcp_message_type_name(type));
      if (to_4011) kind = "pxe-4011-request";
      event(c, f, kind, text);
      return;
    }
    // A reply.
    const bool from_4011 = loc.src_port == 4011;
    const std::uint32_t server = msg.server_id() ? msg.server_id() : loc.src_ip;
    ServerReply r;
    r.server_ip = server;
    r.from_4011 = from_4011;
    r.type = type;
    r.yiaddr = msg.yiaddr;
    r.siaddr = msg.siaddr;
    r.boot_file = msg.boot_file();
    const PxeVendorInfo pxe = msg.pxe_vendor();
    r.menu = pxe.has_menu;
    r.boot_servers = pxe.has_boot_servers;
    for (const std::string& item : pxe.menu_items)
      r.menu_text += (r.menu_text.empty() ? "" : "/") + item;
    r.xid = msg.xid;
    r.proxy = msg.yiaddr == 0 && msg.pxe_client() && !from_4011;
    r.frame = f.index;
    r.time = t;
    s.replies.push_back(r);
    if (from_4011 &&
        std::find(servers_4011.begin(), servers_4011.end(), server) == servers_4011.end())
      servers_4011.push_back(server);
    if (type == 5 && msg.yiaddr) {
      s.ip = msg.yiaddr;
      by_ip[msg.yiaddr] = c;
    }
    std::string kind = r.proxy ? "proxy-offer" : from_4011 ? "pxe-4011-ack" : "dhcp-";
    if (kind == "dhcp-") kind += ascii_lowercase(dhcp_message_type_name(type));
    TimelineEvent& e = event(c, f, kind, describe_reply(msg, server, from_4011));
    LintContext ctx;
    ctx.reply_from_4011 = from_4011;
    const DhcpMessage* req = from_4011 ? (have_4011[c] ? &last_4011[c] : nullptr)
                                       : (last_request[c].op == 1 ? &last_request[c] : nullptr);
    for (const LintFinding& finding : lint_reply(msg, req, ctx))
      e.warnings.push_back(std::string(finding.code) + ": " + finding.message);
    if (auto trap = grub_watch[c].add({server, msg.yiaddr, msg.siaddr, r.boot_file}))
      e.warnings.push_back(std::string(trap->code) + ": " + trap->message);
  }

  std::size_t client_for_ip(std::uint32_t ip, const Frame& f, const UdpLocation& loc,
                            bool src_is_client) {
    const auto it = by_ip.find(ip);
    if (it != by_ip.end()) return it->second;
    // The client's link address: Ethernet's, 802.11's SA/DA, a tunnelled frame's own.
    const std::uint32_t at = src_is_client ? loc.src_mac_offset : loc.dst_mac_offset;
    if (at == kNoMacOffset) return SIZE_MAX;
    std::array<std::uint8_t, 6> mac{};
    std::copy_n(f.data.data() + at, 6, mac.begin());
    const std::size_t c = client_for_mac(mac, seconds(f));
    if (c != SIZE_MAX) by_ip[ip] = c, clients[c].ip = ip;
    return c;
  }

  void on_tftp(const Frame& f, const UdpLocation& loc) {
    const auto p = f.data.subspan(loc.payload_offset, loc.payload_length);
    if (p.size() < 2) return;
    const std::uint16_t op = be16(p.data());
    const double t = seconds(f);
    if (loc.dst_port == 69 && (op == 1 || op == 2)) {
      const std::size_t c = client_for_ip(loc.src_ip, f, loc, true);
      if (c == SIZE_MAX) return;
      ClientStory& s = clients[c];
      if (cut_by_snap_length(f, loc))
        note_cut(c, f, "a TFTP read request's file name and options", true);
      std::size_t j = 0;
      while (j + 2 < p.size() && p[2 + j]) ++j;
      std::string file(reinterpret_cast<const char*>(p.data() + 2), j);
      const std::uint64_t key = endpoint_key(loc.src_ip, loc.src_port);
      auto it = transfers.find(key);
      if (it != transfers.end() && it->second.client == c &&
          s.transfers[it->second.transfer].file == file &&
          s.transfers[it->second.transfer].server_port == 0) {
        TftpTransferStory& x = s.transfers[it->second.transfer];
        ++x.rrq_count;
        ++x.retransmissions;
        x.end = t;
        x.last_frame = f.index;
        event(c, f, "tftp-rrq", "TFTP read request " + file + " repeated (no answer yet)");
        return;
      }
      TftpTransferStory x;
      x.file = file;
      x.client_ip = loc.src_ip;
      x.server_ip = loc.dst_ip;
      x.client_port = loc.src_port;
      if (Ipv6AddressIds::is_id(loc.dst_ip)) x.server_address = address_text(loc.dst_ip);
      x.rrq_count = 1;
      x.first_frame = x.last_frame = f.index;
      x.start = x.end = t;
      // Skip the mode string, then options.
      std::size_t k = 2 + j + 1;
      while (k < p.size() && p[k]) ++k;
      if (k + 1 < p.size())
        x.requested_options = tftp_options_text(p.subspan(k + 1), nullptr, nullptr);
      s.transfers.push_back(std::move(x));
      TransferRef ref;
      ref.client = c;
      ref.transfer = s.transfers.size() - 1;
      transfers[key] = std::move(ref);
      const TftpTransferStory& added = s.transfers.back();
      std::string text = "TFTP read request " + file + " to " + address_text(loc.dst_ip);
      if (!added.requested_options.empty()) text += " (" + added.requested_options + ")";
      event(c, f, "tftp-rrq", text);
      return;
    }
    // A packet of a followed transfer, from the server (to client ip:port) or from the client.
    bool from_server = true;
    auto it = transfers.find(endpoint_key(loc.dst_ip, loc.dst_port));
    if (it == transfers.end()) {
      it = transfers.find(endpoint_key(loc.src_ip, loc.src_port));
      from_server = false;
    }
    if (it == transfers.end()) return;
    TransferRef& ref = it->second;
    ClientStory& s = clients[ref.client];
    TftpTransferStory& x = s.transfers[ref.transfer];
    x.end = t;
    x.last_frame = f.index;
    touch(s, t);
    if (from_server && x.server_port == 0) x.server_port = loc.src_port;
    switch (op) {
      case 3: {  // DATA
        if (!from_server || p.size() < 4) return;
        const std::uint16_t block = be16(p.data() + 2);
        // Sizes from the protocol: the UDP length, not the bytes the snap length left.
        const std::size_t captured = p.size() - 4;
        const bool cut = cut_by_snap_length(f, loc) && loc.udp_length >= 12;
        const std::size_t n = cut ? loc.udp_length - 12u : captured;
        if (cut) note_cut(ref.client, f, "TFTP data (the file's bytes)", false);
        // No block is longer than the negotiated size: a bigger one shows a lost/cut OACK.
        if (n > x.blksize) x.blksize = static_cast<std::uint32_t>(n);
        x.largest_data_ip_length =
            std::max<std::uint32_t>(x.largest_data_ip_length, loc.ip_total_length);
        const std::uint16_t expected = static_cast<std::uint16_t>(ref.last_block + 1);
        if (block == expected) {
          if (block == 0) ++ref.wraps;
          ref.last_block = block;
          ++x.blocks;
          x.bytes += n;
          if (x.head.size() < kHeadBytes && !x.head_cut) {
            const std::size_t want = std::min(n, kHeadBytes - x.head.size());
            const std::size_t take = std::min(captured, want);
            x.head.insert(x.head.end(), p.begin() + 4,
                          p.begin() + 4 + static_cast<std::ptrdiff_t>(take));
            if (take < want) {
              x.head_cut = true;
              note_cut(ref.client, f, "the first bytes of " + x.file + " (the PE header check)",
                       false);
            }
          }
          if (n < x.blksize) x.complete = true;
        } else {
          ++x.retransmissions;
        }
        if (block == 1) ++ref.data_sends_of_first;
        return;
      }
      case 4:  // ACK
        if (from_server || p.size() < 4) return;
        ref.last_ack = be16(p.data() + 2);
        if (ref.last_ack > 0) ref.acked_any_data = true;
        return;
      case 5: {  // ERROR
        x.error_code = p.size() >= 4 ? be16(p.data() + 2) : 0;
        std::size_t j = 0;
        while (4 + j < p.size() && p[4 + j]) ++j;
        x.error_message.assign(reinterpret_cast<const char*>(p.data() + 4), j);
        x.error_from_client = !from_server;
        if (!from_server && !x.oack_options.empty() && x.blocks == 0) x.tsize_probe = true;
        return;
      }
      case 6:  // OACK
        if (!from_server) return;
        if (cut_by_snap_length(f, loc))
          note_cut(ref.client, f, "a TFTP OACK's options (blksize, tsize)", false);
        x.oack_options = tftp_options_text(p.subspan(2), &x.blksize, &x.tsize);
        return;
      default:
        return;
    }
  }

  void on_icmp(const Frame& f, const UdpLocation& loc) {
    const std::size_t icmp = loc.ip_offset + loc.ip_header_length;
    const auto d = f.data;
    if (d.size() < icmp + 8 + 20) return;
    if (d[icmp] != 3) return;  // destination unreachable
    const std::uint8_t code = d[icmp + 1];
    const std::size_t inner = icmp + 8;
    const std::size_t ihl = (d[inner] & 0x0f) * 4u;
    if ((d[inner] >> 4) != 4 || ihl < 20 || d[inner + 9] != 17 || d.size() < inner + ihl + 4)
      return;
    const std::uint32_t client_ip = be32(d.data() + inner + 12);
    const std::uint32_t server_ip = be32(d.data() + inner + 16);
    const std::uint16_t client_port = be16(d.data() + inner + ihl);
    const std::uint16_t server_port = be16(d.data() + inner + ihl + 2);
    const char* what = code == 3   ? "port unreachable"
                       : code == 1 ? "host unreachable"
                                   : "unreachable";
    on_unreachable(f, what, client_ip, client_port, server_ip, server_port);
  }

  // An ICMP/ICMPv6 unreachable about a datagram from client_ip:client_port to a closed port.
  void on_unreachable(const Frame& f, const char* what, std::uint32_t client_ip,
                      std::uint16_t client_port, std::uint32_t server_ip,
                      std::uint16_t server_port) {
    const std::string icmp = frame_is_ipv6 ? "ICMPv6 " : "ICMP ";
    if (server_port == 69) {
      const auto it = transfers.find(endpoint_key(client_ip, client_port));
      if (it == transfers.end()) return;
      ClientStory& s = clients[it->second.client];
      s.transfers[it->second.transfer].icmp_unreachable = true;
      it->second.icmp_events.push_back(s.timeline.size());
      event(it->second.client, f, "icmp-unreachable",
            icmp + what + " from " + address_text(server_ip) +
                " for TFTP port 69: no TFTP server listens there");
    } else if (server_port == 4011) {
      const auto it = by_ip.find(client_ip);
      if (it == by_ip.end()) return;
      ++clients[it->second].icmp_4011_unreachable;
      event(it->second, f, "icmp-unreachable",
            icmp + what + " from " + address_text(server_ip) +
                " for port 4011: no boot server listens there");
    }
  }

  // A DHCPv6 message (frame number `frame`, time `t`, sent from `src`, an address id), read
  // from a frame or handed over typed: the client is the machine of the DUID's MAC (the
  // link's otherwise, when `src_mac`/`dst_mac` are known).
  void on_dhcpv6(std::uint64_t frame, double t, const Dhcpv6Message& m, std::uint32_t src,
                 const std::array<std::uint8_t, 6>* src_mac,
                 const std::array<std::uint8_t, 6>* dst_mac) {
    const bool from_client = m.from_client();
    auto mac = dhcpv6::duid_ethernet_mac(m.client_duid);
    if (!mac && src_mac) mac = from_client ? *src_mac : *dst_mac;
    if (!mac) return;
    const std::size_t c = client_for_mac(*mac, t);
    if (c == SIZE_MAX) return;
    ClientStory& s = clients[c];
    const std::string name = ascii_lowercase(dhcpv6::message_type_name(m.type));
    if (from_client) {
      s.dhcp_request_seen = true;
      const bool netboot = m.arch >= 0 || m.vendor_class.starts_with("PXEClient") ||
                           m.vendor_class.starts_with("HTTPClient");
      if (netboot) {
        s.network_boot = true;
        if (s.ipv6_start < 0) s.ipv6_start = t;
      }
      if (s.arch < 0) s.arch = m.arch;
      if (s.vendor_class.empty()) s.vendor_class = m.vendor_class;
      if (m.type == dhcpv6::kSolicit) ++s.solicits;
      by_ip[src] = c;
      event_at(c, frame, t, "dhcpv6-" + name, describe_dhcpv6(m, {}));
      return;
    }
    ServerReply r;
    r.server_ip = src;
    std::string scheme, host, path;
    if (split_boot_url(m.bootfile_url, scheme, host, path)) {
      Ipv6Address a{};
      // The URL's host is the boot server, as siaddr (next-server) is over IPv4.
      if (inet_pton(AF_INET6, host.c_str(), a.data()) == 1) r.siaddr = v6_ids.id(a);
      r.boot_file = path;
    }
    r.server_address = address_text(r.server_ip);
    r.type = m.type;
    for (const auto& a : m.addresses) by_ip[v6_ids.id(a)] = c;
    if (!m.addresses.empty()) r.yiaddr = v6_ids.id(m.addresses.front());
    r.xid = m.xid;
    r.frame = frame;
    r.time = t;
    s.replies.push_back(r);
    if (m.type == dhcpv6::kReply && m.status > 0 && m.addresses.empty()) {
      ++s.dhcpv6_refusals;
      s.dhcpv6_refusal = std::to_string(m.status) + " (" +
                         std::string(dhcp::value_name(dhcpv6::status_code_names(),
                                                      static_cast<std::uint32_t>(m.status))) +
                         ")" + (m.status_message.empty() ? "" : " \"" + m.status_message + "\"");
    }
    event_at(c, frame, t, "dhcpv6-" + name, describe_dhcpv6(m, address_text(src)));
  }

  void on_ipv6(const Frame& f, const UdpLocation& link) {
    Ipv6StoryPacket& p = v6_packet;
    if (!read_ipv6_story_packet(f, link, v6_scratch, v6_ids, p)) return;
    frame_is_ipv6 = true;
    switch (p.kind) {
      case Ipv6StoryPacket::Kind::Dhcpv6:
        on_dhcpv6(f.index, seconds(f), p.dhcpv6, p.loc.src_ip, p.has_macs ? &p.src_mac : nullptr,
                  p.has_macs ? &p.dst_mac : nullptr);
        break;
      case Ipv6StoryPacket::Kind::Udp:
        on_tftp(f, p.loc);
        break;
      case Ipv6StoryPacket::Kind::PortUnreachable:
        on_unreachable(f, "port unreachable", p.quoted_src, p.quoted_src_port, p.quoted_dst,
                       p.quoted_dst_port);
        break;
      case Ipv6StoryPacket::Kind::None:
        break;
    }
    frame_is_ipv6 = false;
  }

  // The typed twin of add() for a DHCPv6 frame: addresses interned in a frame's order.
  void add_dhcpv6(const Dhcpv6StoryEvent& e) {
    note_time(e.time);
    const std::uint32_t src = v6_ids.id(e.src_ip);
    v6_ids.id(e.dst_ip);
    frame_is_ipv6 = true;
    on_dhcpv6(e.frame, e.time, e.message, src, e.has_macs ? &e.src_mac : nullptr,
              e.has_macs ? &e.dst_mac : nullptr);
    frame_is_ipv6 = false;
  }

  void add(const Frame& f) {
    const double t = seconds(f);
    note_time(t);
    UdpLocation loc;
    if (!locate_udp(f.data, f.link_type, loc)) {
      if (loc.reached == UdpStage::Link && loc.ethertype == kEtherTypeIpv6) on_ipv6(f, loc);
      if (loc.reached >= UdpStage::Ipv4 && loc.ip_proto == 1 && loc.ip_fragment_offset == 0)
        on_icmp(f, loc);
      if (loc.reached >= UdpStage::Ipv4 && loc.ip_proto == 6)
        http.on_segment(f, loc, t, clients, by_ip,
                        [&](std::size_t c, std::string kind, std::string text) {
                          event(c, f, std::move(kind), std::move(text));
                        });
      return;
    }
    const bool dhcp_ports = loc.src_port == 67 || loc.src_port == 68 || loc.dst_port == 67 ||
                            loc.dst_port == 68 || loc.dst_port == 4011 || loc.src_port == 4011;
    if (dhcp_ports && (loc.payload_length >= 236 || cut_by_snap_length(f, loc))) {
      on_dhcp(f, loc);
      return;
    }
    on_tftp(f, loc);
  }

  // Live use: the start of a transfer or fetch the caller followed itself.
  void add_followed(const std::array<std::uint8_t, 6>& mac, double t, std::uint64_t frame,
                    std::string kind, std::string text) {
    note_time(t);
    const std::size_t c = client_for_mac(mac, t);
    if (c == SIZE_MAX) return;
    ClientStory& s = clients[c];
    touch(s, t);
    s.timeline.push_back(
        {frame, t - s.first_time, std::move(kind), std::move(text), {}, t - capture_start});
  }
  void note_time(double t) {
    capture_end = any_frame ? std::max(capture_end, t) : t;
    if (!any_frame) capture_start = t;
    any_frame = true;
  }

  std::string transfer_summary(const TftpTransferStory& x) const {
    char buf[256];
    const double secs = x.end - x.start;
    if (x.tsize_probe) {
      std::snprintf(buf, sizeof buf, "size probe (OACK %s, then the client aborted: normal)",
                    x.oack_options.c_str());
    } else if (x.complete) {
      const double rate = secs > 0 ? static_cast<double>(x.bytes) / secs / 1024.0 : 0.0;
      std::snprintf(buf, sizeof buf,
                    "%llu bytes in %u blocks of %u, %.2f s, %.0f KiB/s, %u retransmissions",
                    static_cast<unsigned long long>(x.bytes), x.blocks, x.blksize, secs, rate,
                    x.retransmissions);
    } else if (x.error_code >= 0) {
      const OptionalProbe probe = ordinary_miss(x);
      std::snprintf(buf, sizeof buf, "ERROR %d from the %s: %s%s%.*s%s", x.error_code,
                    x.error_from_client ? "client" : "server", x.error_message.c_str(),
                    probe.kind.empty() ? "" : " (normal: ", static_cast<int>(probe.note.size()),
                    probe.note.data(), probe.kind.empty() ? "" : ")");
    } else if (x.server_port == 0) {
      std::snprintf(buf, sizeof buf, "no answer to %u read request(s)%s", x.rrq_count,
                    x.icmp_unreachable ? " (ICMP port unreachable)" : "");
    } else {
      std::snprintf(buf, sizeof buf,
                    "stopped after %u blocks (%llu bytes) of %u, %u retransmissions", x.blocks,
                    static_cast<unsigned long long>(x.bytes), x.blksize, x.retransmissions);
    }
    return "TFTP " + x.file + ": " + buf;
  }

  // A finished transfer's summary goes after its last packet: its place is found by time.
  void insert_summary(ClientStory& s, std::uint64_t first_frame, double end, std::string kind,
                      std::string text) const {
    const double rel = end - s.first_time;
    TimelineEvent e{first_frame, rel, std::move(kind), std::move(text), {}, end - capture_start};
    auto pos = std::upper_bound(s.timeline.begin(), s.timeline.end(), rel,
                                [](double v, const TimelineEvent& ev) { return v < ev.time; });
    s.timeline.insert(pos, std::move(e));
  }

  // The linter's "UEFI client offered a menu, nobody answers 4011" needs the whole story:
  // only now is it known whether a boot server ever answered this client.
  static void note_uefi_menu_without_4011(ClientStory& s) {
    if (!is_uefi_arch(s.arch)) return;
    const bool answered = std::any_of(s.replies.begin(), s.replies.end(),
                                      [](const ServerReply& r) { return r.from_4011; });
    if (answered) return;
    for (const ServerReply& r : s.replies) {
      if (!r.menu) continue;
      for (TimelineEvent& e : s.timeline)
        if (e.frame == r.frame && e.kind != "tftp-transfer")
          e.warnings.push_back(
              "uefi-menu-no-4011: a UEFI client was offered a PXE menu, but nobody answered its "
              "boot-server request on port 4011");
    }
  }

  // Where the firmware gave up on IPv4 and moved to IPv6, and why IPv4 failed.
  static void note_ipv6_fallback(ClientStory& s) {
    const double at = s.ipv6_start - s.first_time;
    char after[64];
    std::snprintf(after, sizeof after, "%.1f s after its first IPv4 packet", at);
    TimelineEvent e{0,
                    at,
                    "ipv6-fallback",
                    "gave up on IPv4 (" + std::string(verdict_code(s.ipv4_verdict)) + ": " +
                        s.ipv4_reason + ") and moved to IPv6 (PXEv6), " + after,
                    {},
                    s.ipv6_start - s.capture_start};
    auto pos = std::lower_bound(s.timeline.begin(), s.timeline.end(), at,
                                [](const TimelineEvent& ev, double v) { return ev.time < v; });
    if (pos != s.timeline.end()) e.frame = pos->frame;
    s.timeline.insert(pos, std::move(e));
  }

  std::vector<ClientStory> finish() {
    for (std::size_t c = 0; c < clients.size(); ++c) {
      ClientStory& s = clients[c];
      // Blocks the server kept resending that the client never acknowledged.
      for (const auto& [key, ref] : transfers) {
        if (ref.client != c) continue;
        TftpTransferStory& x = s.transfers[ref.transfer];
        x.large_blocks_unacked = !ref.acked_any_data && ref.data_sends_of_first >= 2;
        if (x.large_blocks_unacked) x.complete = false;
        // A server answered this request after all: the ICMP was stray or late.
        if (x.server_port != 0)
          for (std::size_t at : ref.icmp_events)
            s.timeline[at].text = s.timeline[at].text.substr(0, s.timeline[at].text.find(':')) +
                                  ": yet " + server_text(x) + " answered" +
                                  (x.complete ? " and the transfer completed" : "") +
                                  " (a stray or late ICMP)";
      }
      for (const TftpTransferStory& x : s.transfers) {
        const OptionalProbe probe = ordinary_miss(x);
        std::string kind = x.tsize_probe         ? "tftp-size-probe"
                           : x.complete          ? "tftp-transfer"
                           : !probe.kind.empty() ? "tftp-" + std::string(probe.kind)
                           : x.error_code >= 0   ? "tftp-error"
                                                 : "tftp-incomplete";
        insert_summary(s, x.first_frame, x.end, std::move(kind), transfer_summary(x));
      }
      for (const HttpFetchStory& x : s.http)
        insert_summary(s, x.first_frame, x.end, http_fetch_kind(x), http_fetch_summary(x));
      note_uefi_menu_without_4011(s);
      decide_verdict(s, capture_end, servers_4011.size());
      if (s.ipv4_attempt) note_ipv6_fallback(s);
    }
    return std::move(clients);
  }
};

StoryBuilder::StoryBuilder() : impl_(std::make_unique<Impl>()) {}
void StoryBuilder::add_transfer(const std::array<std::uint8_t, 6>& mac, TftpTransferStory x) {
  // Over IPv6 the caller knows the server's address as text: its id, as a read frame gets.
  Ipv6Address server{};
  if (x.server_ip == 0 && inet_pton(AF_INET6, x.server_address.c_str(), server.data()) == 1)
    x.server_ip = impl_->v6_ids.id(server);
  impl_->add_followed(mac, x.start, x.first_frame, "tftp-rrq",
                      "TFTP read request " + x.file + " to " + server_text(x) +
                          (x.requested_options.empty() ? "" : " (" + x.requested_options + ")"));
  if (const auto it = impl_->by_mac.find(mac_key(mac)); it != impl_->by_mac.end()) {
    ClientStory& s = impl_->clients[it->second];
    if (x.client_ip) impl_->by_ip[x.client_ip] = it->second, s.ip = x.client_ip;
    impl_->touch(s, x.end);
    s.transfers.push_back(std::move(x));
  }
}
void StoryBuilder::add_http_fetch(const std::array<std::uint8_t, 6>& mac, HttpFetchStory x) {
  impl_->add_followed(mac, x.start, x.first_frame, "http-request",
                      "HTTP " + (x.method.empty() ? std::string("GET") : x.method) + " " + x.url);
  if (const auto it = impl_->by_mac.find(mac_key(mac)); it != impl_->by_mac.end()) {
    impl_->touch(impl_->clients[it->second], x.end);
    impl_->clients[it->second].http.push_back(std::move(x));
  }
}
void StoryBuilder::add_dhcpv6(const Dhcpv6StoryEvent& event) {
  impl_->add_dhcpv6(event);
}
void StoryBuilder::note_time(double now) {
  impl_->note_time(now);
}
StoryBuilder::~StoryBuilder() = default;
void StoryBuilder::add(const Frame& frame) {
  impl_->add(frame);
}
std::vector<ClientStory> StoryBuilder::finish() {
  return impl_->finish();
}

std::vector<ClientStory> StoryBuilder::snapshot() const {
  Impl copy = *impl_;
  return copy.finish();
}

std::string server_text(const TftpTransferStory& x) {
  return x.server_address.empty() ? format_ipv4(x.server_ip) : x.server_address;
}
std::string server_text(const ServerReply& r) {
  return r.server_address.empty() ? format_ipv4(r.server_ip) : r.server_address;
}

std::string_view verdict_code(Verdict v) {
  switch (v) {
    case Verdict::Booted:
      return "booted";
    case Verdict::NoOffer:
      return "no-offer";
    case Verdict::NoBootInfo:
      return "no-boot-info";
    case Verdict::No4011Answer:
      return "no-4011-answer";
    case Verdict::TftpUnanswered:
      return "tftp-unanswered";
    case Verdict::TftpFileNotFound:
      return "tftp-file-not-found";
    case Verdict::TftpStalled:
      return "tftp-stalled";
    case Verdict::ArchMismatch:
      return "arch-mismatch";
    case Verdict::ChainloadLoop:
      return "chainload-loop";
    case Verdict::ConflictingProxies:
      return "conflicting-proxies";
    case Verdict::BlksizeTooLarge:
      return "blksize-too-large";
    case Verdict::IncompleteCapture:
      return "incomplete-capture";
    case Verdict::NotPxe:
      return "not-pxe";
    case Verdict::NoDhcpv6Offer:
      return "no-dhcpv6-offer";
    case Verdict::NoBootfileUrl:
      return "no-bootfile-url";
    case Verdict::Dhcpv6Refused:
      return "dhcpv6-refused";
    case Verdict::HttpNotFound:
      return "http-not-found";
    case Verdict::HttpUnanswered:
      return "http-unanswered";
    case Verdict::HttpStalled:
      return "http-stalled";
    case Verdict::NbpWrongServer:
      return "nbp-wrong-server";
    case Verdict::NbpRefused:
      return "nbp-refused";
    case Verdict::Dhcpv6SplitAnswer:
      return "dhcpv6-split-answer";
  }
  return "incomplete-capture";
}

}  // namespace pxescope
