#include "responder/dhcp6/dhcp6_service.hpp"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netpacket/packet.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "analyzer/dhcpv6/dhcpv6_option_table.hpp"
#include "responder/lease_file.hpp"
#include "responder/live/live_service.hpp"

namespace pxescope::responder {
namespace {

bool is_link_local(const Ipv6Address& a) {
  return a[0] == 0xfe && (a[1] & 0xc0) == 0x80;
}

// "[fe80::1%eth0]:546": the scope is always the served interface (the socket is bound to it).
std::string endpoint_text(const sockaddr_in6& sa, const std::string& iface) {
  Ipv6Address a{};
  std::memcpy(a.data(), &sa.sin6_addr, 16);
  std::string s = "[" + format_ipv6(a);
  if (sa.sin6_scope_id != 0) s += "%" + iface;
  return s + "]:" + std::to_string(ntohs(sa.sin6_port));
}

// One message of a recvmmsg/sendmmsg batch: its one buffer and its peer.
void point(mmsghdr& m, iovec& iov, void* data, std::size_t size, sockaddr_in6& peer) {
  iov = {data, size};
  m = {};
  m.msg_hdr.msg_name = &peer;
  m.msg_hdr.msg_namelen = sizeof peer;
  m.msg_hdr.msg_iov = &iov;
  m.msg_hdr.msg_iovlen = 1;
}

std::string read_whole(int fd) {
  std::string text;
  char buf[4096];
  for (off_t at = 0;;) {
    const ssize_t n = ::pread(fd, buf, sizeof buf, at);
    if (n <= 0) break;
    text.append(buf, static_cast<std::size_t>(n));
    at += n;
  }
  return text;
}

// The server's DUID: the one in the lease file (full mode keeps it across restarts, as
// dnsmasq does), else a new DUID-LLT there; without a lease file (stateless) the DUID-LL
// of the interface's MAC, the same at every start with nothing to store.
std::vector<std::uint8_t> server_duid(const MacAddress& mac, int lease_fd, Lease6Table* leases,
                                      std::int64_t now) {
  if (lease_fd < 0) return duid_ll(mac);
  std::vector<std::uint8_t> duid;
  std::vector<std::string> problems;
  leases->load_text(read_whole(lease_fd), now, duid, problems);
  for (const std::string& p : problems)
    std::fprintf(stderr, "pxescope respond: WARNING: DHCPv6 lease file %s\n", p.c_str());
  return duid.empty() ? duid_llt(mac, now) : duid;
}

}  // namespace

bool query_interface6(const std::string& name, Interface6& out, std::string& error) {
  out = Interface6{};
  out.index = static_cast<int>(if_nametoindex(name.c_str()));
  if (out.index == 0) {
    error = "interface " + name + " does not exist (ip link shows the names)";
    return false;
  }
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) {
    error = std::string("getifaddrs: ") + std::strerror(errno);
    return false;
  }
  for (ifaddrs* i = list; i; i = i->ifa_next) {
    if (!i->ifa_addr || name != i->ifa_name) continue;
    if (i->ifa_addr->sa_family == AF_PACKET) {
      const auto* ll = reinterpret_cast<const sockaddr_ll*>(i->ifa_addr);
      if (ll->sll_halen == 6) std::memcpy(out.mac.data(), ll->sll_addr, 6);
    } else if (i->ifa_addr->sa_family == AF_INET6) {
      Ipv6Address a{};
      std::memcpy(a.data(), &reinterpret_cast<const sockaddr_in6*>(i->ifa_addr)->sin6_addr, 16);
      if (is_link_local(a) && !out.has_link_local) {
        out.has_link_local = true;
        out.link_local = a;
      } else if (!is_link_local(a) && !out.has_global) {
        out.has_global = true;
        out.global = a;
      }
    }
  }
  freeifaddrs(list);
  return true;
}

std::string dhcp6_lease_file_path(const ResponderConfig& cfg) {
  // Several interfaces: a file each (each service writes its whole table), named after it.
  const std::string own = cfg.dhcp6.lease_file_per_interface ? "." + cfg.interface : "";
  if (!cfg.dhcp6.lease_file.empty()) return cfg.dhcp6.lease_file + own;
  if (!cfg.lease_file.empty()) return lease_file_path(cfg.lease_file, cfg.interface) + ".v6" + own;
  return std::string(kDefaultLeaseDirectory) + "/leases6." + cfg.interface;
}

std::string resolve_dhcp6_range(ResponderConfig& cfg, const Interface6& iface) {
  Dhcp6Config& d = cfg.dhcp6;
  if (!d.full) return {};
  if (!d.constructor.empty()) {
    if (d.constructor != cfg.interface)
      return d.range_origin + ": dhcp-range constructor:" + d.constructor + " names another " +
             "interface than the served " + cfg.interface + ": serve " + d.constructor +
             " (--iface " + d.constructor + "), or name " + cfg.interface;
    if (!iface.has_global)
      return d.range_origin + ": dhcp-range constructor:" + d.constructor + ": " + cfg.interface +
             " has no global IPv6 address to take the prefix from (add one)";
    std::memcpy(d.range_start.data(), iface.global.data(), 8);
    std::memcpy(d.range_end.data(), iface.global.data(), 8);
    return {};
  }
  if (!iface.has_global || std::memcmp(d.range_start.data(), iface.global.data(), 8) != 0)
    return d.range_origin + ": dhcp-range " + format_ipv6(d.range_start) + "-" +
           format_ipv6(d.range_end) + " is not on " + cfg.interface + "'s /64 prefix" +
           (iface.has_global ? " (" + format_ipv6(iface.global) + ")"
                             : " (it has no global IPv6 address)") +
           ": choose addresses inside it, or use constructor:" + cfg.interface;
  return {};
}

Dhcp6Service::Dhcp6Service(const ResponderConfig& cfg, Dhcp6Identity id, EventLog& log)
    : dry_run_(cfg.dry_run),
      batch_(std::make_unique<Batch>()),
      engine_(std::make_unique<Dhcp6Engine>(cfg, std::move(id))),
      log_(log, cfg.quiet_dhcp) {}

Dhcp6Service::~Dhcp6Service() {
  if (fd_ >= 0) ::close(fd_);
  if (lease_fd_ >= 0) ::close(lease_fd_);
}

std::unique_ptr<Dhcp6Service> Dhcp6Service::open(const ResponderConfig& cfg_in,
                                                 const ServingIdentity& who, EventLog& log,
                                                 std::int64_t now, std::string& error) {
  ResponderConfig cfg = cfg_in;
  Interface6 iface;
  if (!query_interface6(cfg.interface, iface, error)) return nullptr;
  if (const std::string problem = resolve_dhcp6_range(cfg, iface); !problem.empty()) {
    error = problem;
    return nullptr;
  }
  if (!iface.has_global && !iface.has_link_local) {
    error = "interface " + cfg.interface + " has no IPv6 address: bring it up with IPv6 " +
            "enabled (sysctl net.ipv6.conf." + cfg.interface + ".disable_ipv6=0)";
    return nullptr;
  }
  Lease6Table loaded;
  int lease_fd = -1;
  std::string lease_path;
  if (cfg.dhcp6.full && !cfg.dry_run) {
    lease_path = dhcp6_lease_file_path(cfg);
    lease_fd = open_lease_file(lease_path, who, error);
    if (lease_fd < 0) return nullptr;
  }
  Dhcp6Identity id;
  id.duid = server_duid(iface.mac, lease_fd, &loaded, now);
  id.address = iface.has_global ? iface.global : iface.link_local;
  std::unique_ptr<Dhcp6Service> s(new Dhcp6Service(cfg, std::move(id), log));
  s->lease_fd_ = lease_fd;
  s->interface_ = cfg.interface;
  s->lease_path_ = lease_path;
  s->mac_ = iface.mac;
  s->link_local_ = iface.has_link_local ? iface.link_local : iface.global;
  if (lease_fd >= 0) {
    std::vector<std::uint8_t> ignored;
    std::vector<std::string> problems;
    s->engine_->leases().load_text(read_whole(lease_fd), now, ignored, problems);
    s->save_leases();  // the DUID is on disk from the first start on
  }

  s->fd_ = ::socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  const int one = 1;
  if (s->fd_ < 0 || ::setsockopt(s->fd_, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one) != 0 ||
      ::setsockopt(s->fd_, SOL_SOCKET, SO_BINDTODEVICE, cfg.interface.c_str(),
                   static_cast<socklen_t>(cfg.interface.size())) != 0) {
    error = "DHCPv6 socket on " + cfg.interface + ": " + std::strerror(errno) +
            " (run as root, or with CAP_NET_RAW and CAP_NET_BIND_SERVICE)";
    return nullptr;
  }
  // A burst of Solicits (a rack powering on) must wait in the socket, not be dropped: the
  // IPv4 side's 32 MiB, forced as root (the default ~200 KiB holds a few hundred).
  const int buffer = 32 << 20;
  if (::setsockopt(s->fd_, SOL_SOCKET, SO_RCVBUFFORCE, &buffer, sizeof buffer) != 0)
    ::setsockopt(s->fd_, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
  sockaddr_in6 local{};
  local.sin6_family = AF_INET6;
  local.sin6_port = htons(dhcpv6::kServerPort);
  local.sin6_addr = in6addr_any;
  if (::bind(s->fd_, reinterpret_cast<const sockaddr*>(&local), sizeof local) != 0) {
    error = errno == EADDRINUSE
                ? "UDP port 547 (DHCPv6) is already in use on this host: another DHCPv6 server "
                  "(dnsmasq, Kea, odhcpd?) runs here; stop it, or remove pxescope's IPv6 lines"
                : std::string("DHCPv6 port 547: ") + std::strerror(errno) +
                      " (run as root, or with CAP_NET_BIND_SERVICE)";
    return nullptr;
  }
  ipv6_mreq group{};
  inet_pton(AF_INET6, "ff02::1:2", &group.ipv6mr_multiaddr);
  group.ipv6mr_interface = static_cast<unsigned>(iface.index);
  if (::setsockopt(s->fd_, IPPROTO_IPV6, IPV6_JOIN_GROUP, &group, sizeof group) != 0) {
    error = "cannot join ff02::1:2 (All_DHCP_Relay_Agents_and_Servers) on " + cfg.interface + ": " +
            std::strerror(errno) + " (is IPv6 enabled on it?)";
    return nullptr;
  }
  return s;
}

void Dhcp6Service::save_leases() {
  if (lease_fd_ < 0) return;
  const std::string text = engine_->leases().to_text(engine_->server().duid);
  // Small (one line per lease): written whole, through the descriptor opened as root.
  if (::ftruncate(lease_fd_, 0) != 0 ||
      ::pwrite(lease_fd_, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size()))
    std::fprintf(stderr, "pxescope respond: WARNING: cannot write DHCPv6 lease file %s: %s\n",
                 lease_path_.c_str(), std::strerror(errno));
}

void Dhcp6Service::handle_ready(std::int64_t now) {
  Batch& b = *batch_;
  // Bounded: TFTP and DHCPv4 are served between batches, whatever a sender floods.
  for (int round = 0; round < 4; ++round) {
    for (std::size_t k = 0; k < Batch::kSize; ++k)
      point(b.rx_msg[k], b.rx_iov[k], b.rx[k].data(), b.rx[k].size(), b.peer[k]);
    const int got = ::recvmmsg(fd_, b.rx_msg.data(), Batch::kSize, MSG_DONTWAIT, nullptr);
    if (got <= 0) break;
    std::size_t queued = 0;
    for (int k = 0; k < got; ++k) {
      if (b.rx_msg[k].msg_hdr.msg_flags & MSG_TRUNC) continue;  // larger than any request
      const sockaddr_in6& peer = b.peer[k];
      Ipv6Address source{};
      std::memcpy(source.data(), &peer.sin6_addr, 16);
      MacAddress mac{};
      const bool eui64 = is_link_local(source) && mac_from_eui64(source, mac);
      const Outcome6 outcome =
          engine_->handle(std::span<const std::uint8_t>(b.rx[k].data(), b.rx_msg[k].msg_len), now,
                          eui64 ? &mac : nullptr);
      // Clients are answered on 546; a relay on 547 (RFC 8415 §7.2).
      sockaddr_in6& to = b.to[queued];
      to = peer;
      to.sin6_port =
          htons(engine_->request().relayed() ? dhcpv6::kServerPort : dhcpv6::kClientPort);
      const bool send = outcome == Outcome6::Reply && !dry_run_;
      if (log_.wants(outcome))  // formatted only for a line that is written
        log_.request(*engine_, outcome, endpoint_text(peer, interface_),
                     endpoint_text(to, interface_), send, dry_run_);
      log_.count(outcome);
      if (live_) tell_live(outcome, send, b.rx[k].data(), b.rx_msg[k].msg_len, peer);
      if (!send) continue;
      const auto reply = engine_->reply_payload();
      b.tx[queued].assign(reply.begin(), reply.end());
      ++queued;
    }
    send_queued(queued);
    // Once per batch, not per request: the file is rewritten whole.
    if (engine_->leases().take_changed()) save_leases();
  }
}

void Dhcp6Service::tell_live(Outcome6 outcome, bool sent, const std::uint8_t* data,
                             std::size_t size, const sockaddr_in6& peer) {
  live::Dhcp6Datagram where;
  std::memcpy(where.peer.data(), &peer.sin6_addr, 16);
  where.peer_port = ntohs(peer.sin6_port);
  where.server_mac = mac_;
  where.server_source = link_local_;
  where.server_address = engine_->server().address;
  live_->on_dhcp6(*engine_, outcome, sent, {data, size}, where);
}

void Dhcp6Service::send_queued(std::size_t count) {
  Batch& b = *batch_;
  for (std::size_t k = 0; k < count; ++k)
    point(b.tx_msg[k], b.tx_iov[k], b.tx[k].data(), b.tx[k].size(), b.to[k]);
  for (std::size_t done = 0; done < count;) {
    const int n = ::sendmmsg(fd_, b.tx_msg.data() + done, static_cast<unsigned>(count - done), 0);
    if (n <= 0) {
      std::fprintf(stderr, "pxescope respond: WARNING: DHCPv6 send: %s (%zu replies lost)\n",
                   std::strerror(errno), count - done);
      return;
    }
    done += static_cast<std::size_t>(n);
  }
}

std::string Dhcp6Service::describe() const {
  return std::string(" dhcp6=") + (engine_->full_mode() ? "full" : "stateless") +
         " dhcp6_duid=" + duid_text(engine_->server().duid) +
         " dhcp6_address=" + format_ipv6(engine_->server().address) +
         (lease_path_.empty() ? std::string() : " dhcp6_lease_file=" + lease_path_);
}

}  // namespace pxescope::responder
