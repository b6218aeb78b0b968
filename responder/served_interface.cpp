#include "responder/served_interface.hpp"

#include <sys/epoll.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "responder/dhcp6/dhcp6_interfaces.hpp"
#include "responder/dhcp6_check.hpp"
#include "responder/dhcp_check.hpp"
#include "responder/http_server_options.hpp"
#include "responder/net/link_watch.hpp"
#include "responder/other_server.hpp"
#include "responder/privileges.hpp"
#include "responder/ra/ra_start.hpp"
#include "responder/serve_ipv6_report.hpp"
#include "responder/tftp_server_options.hpp"

namespace pxescope::responder {
namespace {

// How long the interface may be gone (or without an address) before the server gives up.
constexpr std::chrono::seconds kInterfaceGrace{30};

std::int64_t wall_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::int64_t monotonic_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void wait_no_later_than_ms(std::int64_t deadline_ms, int& timeout_ms) {
  if (deadline_ms == INT64_MAX) return;
  const std::int64_t left = deadline_ms - monotonic_ms();
  const int ms = left <= 0 ? 0 : static_cast<int>(left < 60000 ? left : 60000);
  if (timeout_ms < 0 || ms < timeout_ms) timeout_ms = ms;
}

// Full DHCP hands out addresses from the range: it must lie in the interface's subnet.
std::string range_problem(const ResponderConfig& cfg, const InterfaceInfo& iface) {
  if (!cfg.full_dhcp) return {};
  const std::uint32_t mask = iface.netmask ? iface.netmask : 0xffffff00u;
  const std::uint32_t net = iface.ip & mask;
  if (iface.ip == 0 || (cfg.range_start & mask) != net || (cfg.range_end & mask) != net)
    return "--dhcp-range " + format_ipv4(cfg.range_start) + "-" + format_ipv4(cfg.range_end) +
           " does not fit " + cfg.interface + "'s subnet " + format_ipv4(net) + "/" +
           format_ipv4(mask) + ": choose addresses inside it";
  return {};
}

ServerIdentity identity_of(const ResponderConfig& cfg, const InterfaceInfo& iface) {
  ServerIdentity server;
  server.ip = cfg.server_ip ? cfg.server_ip : iface.ip;
  server.netmask = iface.netmask;
  server.mac = iface.mac;
  return server;
}

// --dhcp-check: another DHCP server refuses a full-DHCP start (unless --force); another
// PXE server is a warning. False with `error` set when the start is refused.
bool check_for_other_servers(RawDhcpSocket& raw, const InterfaceInfo& iface,
                             const ResponderConfig& cfg, std::string& error) {
  std::vector<OtherServerReply> servers;
  if (!run_dhcp_check(raw, iface, cfg.dhcp_check_seconds, servers, error)) return false;
  const DhcpCheckVerdict verdict =
      judge_dhcp_check(servers, cfg.interface, cfg.full_dhcp, cfg.force);
  for (const std::string& note : verdict.notes)
    std::fprintf(stderr, "pxescope respond: dhcp-check: %s\n", note.c_str());
  for (const std::string& warning : verdict.warnings)
    std::fprintf(stderr, "pxescope respond: WARNING: %s\n", warning.c_str());
  error = verdict.refusal;
  return error.empty();
}

}  // namespace

void wait_no_later_than(std::chrono::steady_clock::time_point deadline, int& timeout_ms) {
  if (deadline == std::chrono::steady_clock::time_point::max()) return;
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                        deadline - std::chrono::steady_clock::now())
                        .count();
  const int ms = left < 0 ? 0 : static_cast<int>(std::min<std::int64_t>(left, 60000)) + 1;
  if (timeout_ms < 0 || ms < timeout_ms) timeout_ms = ms;
}

ServedInterface::ServedInterface(ResponderConfig cfg, EventLog& log)
    : cfg_(std::move(cfg)), log_(log), conflicts_(cfg_.full_dhcp) {
  kept_.reserve(AddressProbes::kFrameBytes);
}

bool usable_interface(const std::string& name, std::uint32_t server_ip, InterfaceInfo& info,
                      std::string& error) {
  if (!query_interface(name, info, error)) return false;
  if (info.ip == 0 && server_ip == 0) {
    error = "interface " + name +
            " has no IPv4 address: give it one (ip addr add ...) or use --server-ip";
    return false;
  }
  return true;
}

bool ServedInterface::look_up(std::string& error) {
  if (!usable_interface(cfg_.interface, cfg_.server_ip, iface_, error)) return false;
  server_ = identity_of(cfg_, iface_);
  if (cfg_.full_dhcp) {
    if (error = range_problem(cfg_, iface_); !error.empty()) return false;
    if (server_.ip >= cfg_.range_start && server_.ip <= cfg_.range_end) {
      error = "--dhcp-range contains this server's own address " + format_ipv4(server_.ip);
      return false;
    }
  }
  follower_.emplace(cfg_.interface, iface_, kInterfaceGrace);
  engine_ = std::make_unique<Engine>(cfg_, server_);
  return true;
}

std::unique_ptr<tftp::TftpServer> ServedInterface::open_tftp(std::string& why) {
  // Bound to the interface by index: opened again when the interface is re-created.
  tftp::TftpServer::Options options = tftp_server_options(cfg_);
  options.logger = [this](const tftp::TransferEvent& e) {
    log_.tftp(e);
    if (live_) {
      live_->set_server_ip(server_.ip);
      live_->on_tftp(e);
    }
  };
  auto server = std::make_unique<tftp::TftpServer>(options);
  if (!server->open(why)) server.reset();
  return server;
}

std::unique_ptr<http::HttpServer> ServedInterface::open_http(std::uint32_t ip, std::string& why) {
  // On the interface's address (not every address) unless http-address= says: opened again
  // on a new address when the interface is readdressed or re-created.
  http::HttpServer::Options options = http_server_options(cfg_, ip);
  options.logger = [this](const http::RequestEvent& e) {
    log_.http(e);
    if (live_) {
      live_->set_server_ip(server_.ip);
      live_->on_http(e);
    }
  };
  auto server = std::make_unique<http::HttpServer>(std::move(options));
  if (!server->open(why)) server.reset();
  return server;
}

bool ServedInterface::choose_dhcp6(bool several, std::string& error) {
  dhcp6_several_ = several;
  if (!cfg_.dhcp6.enabled && !cfg_.dhcp6.enable_ra) return true;  // no IPv6 asked for
  Interface6 iface;
  if (!query_interface6(cfg_.interface, iface, error)) return false;
  std::string note;
  if (!choose_dhcp6_range(cfg_, iface, several, note))
    std::fprintf(stderr, "pxescope respond: %s\n", note.c_str());
  return true;
}

bool ServedInterface::open(bool with_http, const ServingIdentity& who, std::string& error) {
  std::string warning;
  // Exclusive guards on 67/4011: another DHCP/PXE server on this interface is an error naming
  // it. A dry run only watches, so it may run beside the real server.
  dhcp_ = open_dhcp_sockets(cfg_.interface, iface_, cfg_.dry_run, error, warning);
  if (!dhcp_) return false;
  if (!warning.empty())
    std::fprintf(stderr, "pxescope respond: WARNING: %s (dry run: watching anyway)\n",
                 warning.c_str());
  if (cfg_.dhcp_check_seconds > 0 && !cfg_.dry_run) {
    if (!check_for_other_servers(dhcp_->raw, iface_, cfg_, error)) return false;
    // Full DHCPv6: the same rule for another DHCPv6 server on the link (dhcp6_check.hpp);
    // it prints its own refusal.
    if (cfg_.dhcp6.full && cfg_.dhcp6.answers() &&
        check_for_other_dhcp6_servers(cfg_, cfg_.interface, static_cast<unsigned>(iface_.index),
                                      iface_.mac) != 0) {
      error.clear();
      return false;
    }
  }
  // --dry-run sends nothing: no TFTP or HTTP socket either.
  if (cfg_.enable_tftp && !cfg_.dry_run && !(tftp_ = open_tftp(error))) return false;
  if (with_http && cfg_.http_port != 0 && !cfg_.dry_run && !(http_ = open_http(server_.ip, error)))
    return false;
  // DHCPv6 (responder/dhcp6/): on with an IPv6 dhcp-range, an option6: line or --dhcp6.
  if (cfg_.dhcp6.answers() &&
      !(dhcp6_ = Dhcp6Service::open(cfg_, who, log_, wall_seconds(), error)))
    return false;
  if (dhcp6_) dhcp6_->set_live(live_);
  // enable-ra (ra/): Router Advertisements on the interface, never unless asked (raw socket:
  // opened before the privileges go).
  advertiser_ = start_router_advertiser(cfg_, error);
  return advertiser_ || error.empty();
}

bool ServedInterface::open_address_check(std::string& error) {
  // Full DHCP checks each new address with ARP before offering it (dnsmasq pings).
  if (!cfg_.full_dhcp || !cfg_.address_check || cfg_.dry_run) return true;
  arp_.emplace();
  if (!arp_->open(iface_, server_.ip, error)) return false;
  engine_->enable_address_check();
  return true;
}

void ServedInterface::watch(int fd) {
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = fd;
  ::epoll_ctl(ep_, EPOLL_CTL_ADD, fd, &ev);
}

void ServedInterface::unwatch(int fd) {
  ::epoll_ctl(ep_, EPOLL_CTL_DEL, fd, nullptr);
}

void ServedInterface::watch_all(int ep) {
  ep_ = ep;
  if (dhcp_) watch(dhcp_->raw.fd());
  if (tftp_) watch(tftp_->poll_fd());
  if (http_) watch(http_->poll_fd());
  if (arp_) watch(arp_->fd());
  if (dhcp6_) watch(dhcp6_->fd());
  if (advertiser_) watch(advertiser_->fd());
}

// One request through the engine: reply queued, line logged, leases saved, and the address
// check started when the engine asks for one.
void ServedInterface::serve(std::span<const std::uint8_t> frame, const LinkMeta& link,
                            std::int64_t now) {
  Engine& engine = *engine_;
  const FrameOutcome outcome = engine.handle_frame(frame, now, link);
  if (outcome == FrameOutcome::NotDhcpRequest) {
    // Another server's OFFER/ACK (udp 67 -> 68): a second proxy answering our clients.
    if (auto other = other_server_reply(frame, server_.mac, server_.ip))
      if (auto c = conflicts_.other_reply(*other, now)) log_.conflict(*c);
  } else if (outcome == FrameOutcome::Reply) {
    if (auto c = conflicts_.our_reply(engine.request().chaddr, now)) log_.conflict(*c);
  }
  // No sockets while the interface is gone: a kept request is logged, not answered.
  const bool send = outcome == FrameOutcome::Reply && !cfg_.dry_run && dhcp_;
  if (send && !dhcp_->raw.queue(engine.reply_frame())) {
    dhcp_->raw.send_queued();
    dhcp_->raw.queue(engine.reply_frame());
  }
  log_.dhcp(engine, outcome, send, cfg_.dry_run, frame,
            name_in_log_ ? std::string_view(cfg_.interface) : std::string_view());
  if (live_) {
    live_->set_server_ip(server_.ip);
    live_->on_dhcp(engine, outcome, send, frame, now);
  }
  if (journal_) journal_->append(engine.leases().take_changes());
  const std::uint32_t check = engine.check_wanted();
  if (check != 0 &&
      engine.address_checks()->start(check, engine.request().chaddr, frame, monotonic_ms()))
    arp_->send_request(check);
}

// A kept request handled again (its address check is over): it was checked on arrival.
void ServedInterface::serve_kept(std::span<const std::uint8_t> request) {
  constexpr LinkMeta kCheckedBefore{.udp_checksum_done_elsewhere = true};
  kept_.assign(request.begin(), request.end());
  serve(kept_, kCheckedBefore, wall_seconds());
}

void ServedInterface::fold_deadlines(int& timeout_ms) {
  if (AddressProbes* checks = engine_->address_checks())
    wait_no_later_than_ms(checks->next_deadline_ms(), timeout_ms);
  if (tftp_) wait_no_later_than(tftp_->next_deadline(), timeout_ms);
  if (http_) wait_no_later_than(http_->next_deadline(), timeout_ms);
  if (advertiser_) wait_no_later_than(advertiser_->next_deadline(), timeout_ms);
}

bool ServedInterface::handle(int fd) {
  if (dhcp_ && fd == dhcp_->raw.fd()) {
    RawDhcpSocket& raw = dhcp_->raw;
    // Drain what is queued in batches (bounded, so TFTP is never starved by a storm).
    const std::int64_t now = wall_seconds();
    for (int round = 0; round < 16; ++round) {
      const std::size_t count = raw.receive_batch();
      if (count == 0) break;
      for (std::size_t k = 0; k < count; ++k) {
        const std::span<const std::uint8_t> frame = raw.received(k);
        if (!frame.empty()) serve(frame, raw.link(k), now);
      }
      raw.send_queued();
    }
  } else if (arp_ && fd == arp_->fd()) {
    arp_->drain([&](std::uint32_t sender_ip, const MacAddress& sender_mac) {
      AddressProbes::Claim claim;
      if (!engine_->address_checks()->claimed(sender_ip, sender_mac, claim)) return;
      engine_->leases().mark_in_use(claim.ip, wall_seconds(), cfg_.lease_seconds);
      log_.info("address-in-use", format_ipv4(claim.ip) + " answered ARP from " +
                                      format_mac(sender_mac) + ": not offered for " +
                                      std::to_string(cfg_.lease_seconds) +
                                      " s; offering another to " + format_mac(claim.client));
      serve_kept(claim.request);
    });
    if (dhcp_) dhcp_->raw.send_queued();
  } else if (dhcp6_ && fd == dhcp6_->fd()) {
    dhcp6_->handle_ready(wall_seconds());
  } else if (tftp_ && fd == tftp_->poll_fd()) {
    tftp_->handle_ready(tftp::Clock::now());
  } else if (http_ && fd == http_->poll_fd()) {
    http_->handle_ready(http::Clock::now());
  } else if (advertiser_ && fd == advertiser_->fd()) {
    advertiser_->handle_ready(RouterAdvertiser::Clock::now());
  } else {
    return false;
  }
  return true;
}

void ServedInterface::after_wake_up() {
  if (advertiser_) advertiser_->handle_timeouts(RouterAdvertiser::Clock::now());
  if (http_) {
    const auto now = http::Clock::now();
    if (now >= http_->next_deadline()) http_->handle_timeouts(now);
  }
  if (tftp_) {
    const auto now = tftp::Clock::now();
    if (now >= tftp_->next_deadline()) tftp_->handle_timeouts(now);
  }
  if (AddressProbes* checks = engine_->address_checks()) {
    checks->expire(monotonic_ms(), [this](std::span<const std::uint8_t> r) { serve_kept(r); });
    if (dhcp_) dhcp_->raw.send_queued();
  }
  if (dhcp6_) dhcp6_->tick();
}

// The interface is back (Serve): the sockets that hang on its index or address opened again.
bool ServedInterface::reopen_on(const InterfaceInfo& fresh, std::string& why) {
  RaisedCapabilities raised;  // CAP_NET_RAW/NET_BIND_SERVICE for the new sockets only
  const std::string& name = cfg_.interface;
  const bool new_index = fresh.index != follower_->bound().index;
  if (dhcp_ && new_index) {
    unwatch(dhcp_->raw.fd());
    dhcp_.reset();
  }
  if (!dhcp_) {
    std::string guard_warning;
    dhcp_ = open_dhcp_sockets(name, fresh, cfg_.dry_run, why, guard_warning);
    if (!dhcp_) {
      why = "interface " + name + " is back but cannot be served again: " + why +
            " (keep CAP_NET_RAW and CAP_NET_BIND_SERVICE, or restart pxescope)";
      return false;
    }
    if (!guard_warning.empty()) log_.info("warning", guard_warning);
    watch(dhcp_->raw.fd());
  }
  if (tftp_ && new_index) {
    unwatch(tftp_->poll_fd());
    tftp_.reset();
    if (!(tftp_ = open_tftp(why))) {
      why = "interface " + name + " is back but TFTP cannot be served again: " + why;
      return false;
    }
    watch(tftp_->poll_fd());
  }
  if (advertiser_ && new_index) {  // its socket was bound to the old index
    unwatch(advertiser_->fd());
    if (!(advertiser_ = start_router_advertiser(cfg_, why))) {
      why = "interface " + name + " is back but RAs cannot be sent again: " + why;
      return false;
    }
    watch(advertiser_->fd());
  }
  const std::uint32_t fresh_ip = cfg_.server_ip ? cfg_.server_ip : fresh.ip;
  if (http_ && cfg_.http_address.empty() && (new_index || fresh_ip != server_.ip)) {
    unwatch(http_->poll_fd());
    http_->shutdown("interface " + name + " readdressed");
    http_.reset();
    if (!(http_ = open_http(fresh_ip, why))) {
      why = "interface " + name + " is back but HTTP cannot be served again: " + why;
      return false;
    }
    watch(http_->poll_fd());
    log_.info("interface", "HTTP now listens on " + http_->bind_ip() + ":" +
                               std::to_string(http_->bound_port()));
  }
  if (why = range_problem(cfg_, fresh); !why.empty()) return false;
  // The address check asks "who has X? tell <us>" from the interface's index and address.
  if (arp_ && (new_index || fresh.ip != server_.ip)) {
    unwatch(arp_->fd());
    arp_.emplace();
    if (!arp_->open(fresh, fresh_ip, why)) return false;
    watch(arp_->fd());
  }
  server_ = identity_of(cfg_, fresh);
  engine_->set_server(server_);
  follower_->serving(fresh);
  return true;
}

bool ServedInterface::follow(std::string& why) {
  InterfaceInfo fresh;
  std::string lookup_error;
  const bool exists = query_interface(cfg_.interface, fresh, lookup_error);
  const InterfaceFollower::Step step =
      follower_->on_change(exists, fresh, InterfaceFollower::Clock::now());
  if (step.action == InterfaceFollower::Action::StopAnswering) {
    // Close rather than mute: a deleted interface's socket reports errors forever.
    if (dhcp_) unwatch(dhcp_->raw.fd());
    dhcp_.reset();
  } else if (step.action == InterfaceFollower::Action::Serve && !reopen_on(fresh, why)) {
    return false;
  }
  if (!step.message.empty()) log_.info("interface", step.message);
  return true;
}

std::optional<std::string> ServedInterface::gone_for_good() const {
  const auto step = follower_->on_tick(InterfaceFollower::Clock::now());
  if (step.action == InterfaceFollower::Action::Fail) return step.message;
  return std::nullopt;
}

void ServedInterface::reload(const ConfigSource& source) {
  reload_config(cfg_, source, *engine_, tftp_.get(), log_, http_.get());
  Interface6 iface;
  std::string note, unused;
  if (dhcp6_ && query_interface6(cfg_.interface, iface, unused))
    choose_dhcp6_range(cfg_, iface, dhcp6_several_, note);  // its own range again
  if (dhcp6_) dhcp6_->set_config(cfg_);
}

void ServedInterface::shutdown(const std::string& why) {
  if (tftp_) tftp_->shutdown(why);  // ERROR to each client, logged
  if (http_) http_->shutdown(why);
  if (dhcp6_) dhcp6_->tick(true);  // the last malformed-line summary
}

std::string ServedInterface::start_text() const {
  return "interface=" + cfg_.interface + " server_ip=" + format_ipv4(server_.ip) +
         " mode=" + (cfg_.full_dhcp ? "full-dhcp" : "proxy") +
         " rcvbuf=" + std::to_string(dhcp_ ? dhcp_->raw.receive_buffer() : 0) +
         (!cfg_.enable_tftp ? std::string(" tftp=off")
          : cfg_.dry_run    ? std::string(" tftp=off (dry-run)")
                            : " tftp_root=" + cfg_.tftp_root) +
         (http_ ? " http=" + http_->bind_ip() + ":" + std::to_string(http_->bound_port())
                : std::string()) +
         (cfg_.full_dhcp ? " lease_file=" + cfg_.lease_file : std::string()) +
         (dhcp6_ ? dhcp6_->describe() : std::string()) + (cfg_.dry_run ? " dry-run" : "");
}

// IPv6 (issue 12): TFTP and HTTP also serve the interface's IPv6 addresses.
std::string ServedInterface::ipv6_text() const {
  const auto ipv6_of = [](const auto* server) {
    return server ? Ipv6Listener{server->listens_ipv6(), server->bound_port(), server->ipv6_note()}
                  : Ipv6Listener{};
  };
  return ipv6_serving_line(ipv6_of(tftp_.get()), ipv6_of(http_.get()), cfg_.interface);
}

}  // namespace pxescope::responder
