#include "responder/server.hpp"

#include <signal.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "responder/boot_file_access.hpp"
#include "responder/conflict_watch.hpp"
#include "responder/dhcp6/dhcp6_service.hpp"
#include "responder/dhcp6_check.hpp"
#include "responder/dhcp_check.hpp"
#include "responder/engine.hpp"
#include "responder/event_log.hpp"
#include "responder/http/http_server.hpp"
#include "responder/http_server_options.hpp"
#include "responder/interface_follower.hpp"
#include "responder/journal_sink.hpp"
#include "responder/lease_file.hpp"
#include "responder/live/live_service.hpp"
#include "responder/net/arp_socket.hpp"
#include "responder/net/dhcp_sockets.hpp"
#include "responder/net/link_watch.hpp"
#include "responder/net/raw_socket.hpp"
#include "responder/privileges.hpp"
#include "responder/ra/ra_start.hpp"
#include "responder/reload.hpp"
#include "responder/serve_ipv6_report.hpp"
#include "responder/service_notify.hpp"
#include "responder/tftp/tftp_server.hpp"
#include "responder/tftp_server_options.hpp"

namespace pxescope::responder {
namespace {

int fail(const std::string& message) {
  std::fprintf(stderr, "pxescope respond: %s\n", message.c_str());
  return 1;
}

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

// Milliseconds from now until `deadline_ms`, for epoll_wait (-1: no deadline).
// The same for a steady-clock deadline of the TFTP or HTTP server, folded into `timeout_ms`.
void wait_no_later_than(std::chrono::steady_clock::time_point deadline, int& timeout_ms) {
  if (deadline == std::chrono::steady_clock::time_point::max()) return;
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                        deadline - std::chrono::steady_clock::now())
                        .count();
  const int ms = left < 0 ? 0 : static_cast<int>(std::min<std::int64_t>(left, 60000)) + 1;
  if (timeout_ms < 0 || ms < timeout_ms) timeout_ms = ms;
}

int wait_ms_until(std::int64_t deadline_ms) {
  if (deadline_ms == INT64_MAX) return -1;
  const std::int64_t left = deadline_ms - monotonic_ms();
  return left <= 0 ? 0 : static_cast<int>(left < 60000 ? left : 60000);
}

// --dhcp-check: another DHCP server refuses a full-DHCP start (unless --force); another
// PXE server is a warning. Returns the exit code, 0 to go on.
int check_for_other_servers(RawDhcpSocket& raw, const InterfaceInfo& iface,
                            const ResponderConfig& cfg) {
  std::vector<OtherServerReply> servers;
  std::string error;
  if (!run_dhcp_check(raw, iface, cfg.dhcp_check_seconds, servers, error)) return fail(error);
  const DhcpCheckVerdict verdict =
      judge_dhcp_check(servers, cfg.interface, cfg.full_dhcp, cfg.force);
  for (const std::string& note : verdict.notes)
    std::fprintf(stderr, "pxescope respond: dhcp-check: %s\n", note.c_str());
  for (const std::string& warning : verdict.warnings)
    std::fprintf(stderr, "pxescope respond: WARNING: %s\n", warning.c_str());
  if (!verdict.refusal.empty()) return fail(verdict.refusal);
  return 0;
}

// How long the interface may be gone (or without an address) before the server gives up.
constexpr std::chrono::seconds kInterfaceGrace{30};

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

}  // namespace

int run_server(const ResponderConfig& cfg_in, const ConfigSource& reload_source) {
  ResponderConfig cfg = cfg_in;
  std::string error;
  // Signals first: a SIGHUP or SIGTERM during the start-up (the dhcp-check listens for 2 s)
  // waits for the loop instead of killing the process half-started.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  sigprocmask(SIG_BLOCK, &signals, nullptr);
  ::signal(SIGPIPE, SIG_IGN);
  const int sfd = ::signalfd(-1, &signals, SFD_NONBLOCK | SFD_CLOEXEC);
  ServingIdentity who;
  if (!resolve_serving_identity(cfg.user, who, error)) return fail(error);
  if (cfg.interface.empty()) {
    // No interface= line (the seed config has none): the one whose subnet holds the range.
    const std::uint32_t net = cfg.full_dhcp ? cfg.range_start : cfg.proxy_network;
    if (net != 0) cfg.interface = interface_for_address(net);
    if (cfg.interface.empty())
      return fail(
          "no interface given and no single interface is on the dhcp-range network: use "
          "--iface NAME (or interface= in the config)");
  }
  InterfaceInfo iface;
  if (!query_interface(cfg.interface, iface, error)) return fail(error);

  ServerIdentity server = identity_of(cfg, iface);
  if (server.ip == 0)
    return fail("interface " + cfg.interface +
                " has no IPv4 address: give it one (ip addr add ...) or use --server-ip");
  if (cfg.proxy_network && iface.netmask &&
      (cfg.proxy_network & iface.netmask) != (iface.ip & iface.netmask))
    std::fprintf(stderr,
                 "pxescope respond: WARNING: dhcp-range network %s is not %s's network (%s/%s); "
                 "answering anyway\n",
                 format_ipv4(cfg.proxy_network).c_str(), cfg.interface.c_str(),
                 format_ipv4(iface.ip).c_str(), format_ipv4(iface.netmask).c_str());

  if (cfg.full_dhcp) {
    if (const std::string problem = range_problem(cfg, iface); !problem.empty())
      return fail(problem);
    if (server.ip >= cfg.range_start && server.ip <= cfg.range_end)
      return fail("--dhcp-range contains this server's own address " + format_ipv4(server.ip));
    cfg.lease_file = lease_file_path(cfg.lease_file, cfg.interface);
  }

  std::string warning;
  // Exclusive guards on 67/4011: another DHCP/PXE server on this interface is an error naming
  // it. A dry run only watches, so it may run beside the real server.
  std::unique_ptr<DhcpSockets> dhcp =
      open_dhcp_sockets(cfg.interface, iface, cfg.dry_run, error, warning);
  if (!dhcp) return fail(error);
  if (!warning.empty())
    std::fprintf(stderr, "pxescope respond: WARNING: %s (dry run: watching anyway)\n",
                 warning.c_str());
  LinkWatch link_watch;
  if (!link_watch.open(error)) return fail(error);
  InterfaceFollower follower(cfg.interface, iface, kInterfaceGrace);

  EventLog log(stdout, cfg.json_log, cfg.quiet_dhcp);
  // systemd: structured lines to journald, READY/STATUS/WATCHDOG/STOPPING to the manager.
  bool log_also_stdout = true;
  const auto journal = journal_sink_for(cfg.journal, cfg.interface, log_also_stdout);
  if (journal) log.set_sink(journal.get(), log_also_stdout);
  ServiceNotifier notifier;
  auto status_text = [&] {
    return service_status(cfg.interface, format_ipv4(server.ip), cfg.full_dhcp,
                          follower.answering(), log.counts());
  };
  live::LiveService live(live::live_options(cfg), cfg, log);  // boot stories, --metrics
  live.set_server_ip(server.ip);
  if (!live.open(error)) return fail(error);
  if (cfg.dhcp_check_seconds > 0 && !cfg.dry_run) {
    if (int rc = check_for_other_servers(dhcp->raw, iface, cfg); rc != 0) return rc;
    // Full DHCPv6: the same rule for another DHCPv6 server on the link (dhcp6_check.hpp).
    if (cfg.dhcp6.full && cfg.dhcp6.answers())
      if (int rc = check_for_other_dhcp6_servers(cfg, cfg.interface,
                                                 static_cast<unsigned>(iface.index), iface.mac);
          rc)
        return rc;
  }
  // Bound to the interface by index: opened again when the interface is re-created.
  auto open_tftp = [&cfg, &log, &live](std::string& why) {
    tftp::TftpServer::Options options = tftp_server_options(cfg);
    options.logger = [&log, &live](const tftp::TransferEvent& e) {
      log.tftp(e);
      live.on_tftp(e);
    };
    auto server = std::make_unique<tftp::TftpServer>(options);
    if (!server->open(why)) server.reset();
    return server;
  };
  std::unique_ptr<tftp::TftpServer> tftp_server;
  // --dry-run sends nothing: no TFTP socket either.
  if (cfg.enable_tftp && !cfg.dry_run && !(tftp_server = open_tftp(error))) return fail(error);

  // HTTP listens on the interface's address (not every address) unless http-address= says:
  // opened again on a new address when the interface is readdressed or re-created.
  auto open_http = [&cfg, &log, &live](std::uint32_t interface_ip, std::string& why) {
    http::HttpServer::Options options = http_server_options(cfg, interface_ip);
    options.logger = [&log, &live](const http::RequestEvent& e) {
      log.http(e);
      live.on_http(e);
    };
    auto server = std::make_unique<http::HttpServer>(std::move(options));
    if (!server->open(why)) server.reset();
    return server;
  };
  std::unique_ptr<http::HttpServer> http_server;
  if (cfg.http_port != 0 && !cfg.dry_run && !(http_server = open_http(server.ip, error)))
    return fail(error);

  // DHCPv6 (responder/dhcp6/): on with an IPv6 dhcp-range, an option6: line or --dhcp6.
  std::unique_ptr<Dhcp6Service> dhcp6;
  if (cfg.dhcp6.answers() && !(dhcp6 = Dhcp6Service::open(cfg, who, log, wall_seconds(), error)))
    return fail(error);
  // enable-ra (ra/): Router Advertisements on the interface, never unless asked (raw socket:
  // opened before the privileges go).
  std::unique_ptr<RouterAdvertiser> advertiser = start_router_advertiser(cfg, error);
  if (!advertiser && !error.empty()) return fail(error);

  Engine engine(cfg, server);
  std::unique_ptr<LeaseJournal> lease_journal;
  if (cfg.full_dhcp) {
    lease_journal =
        start_lease_journal(cfg.lease_file, who, engine.leases(), wall_seconds(), error);
    if (!lease_journal) return fail(error);
  }
  // Full DHCP checks each new address with ARP before offering it (dnsmasq pings).
  std::optional<ArpSocket> arp;
  if (cfg.full_dhcp && cfg.address_check && !cfg.dry_run) {
    arp.emplace();
    if (!arp->open(iface, server.ip, error)) return fail(error);
    engine.enable_address_check();
  }
  ConflictWatch conflicts(cfg.full_dhcp);

  if (const std::string warning = root_without_user_warning(who); !warning.empty())
    std::fprintf(stderr, "pxescope respond: WARNING: %s\n", warning.c_str());
  if (!drop_privileges(who, kCapsKeptAfterStart, error)) return fail(error);
  for (const std::string& problem : unreadable_boot_files(cfg, who.name))
    std::fprintf(stderr, "pxescope respond: WARNING: %s\n", problem.c_str());

  const int ep = ::epoll_create1(EPOLL_CLOEXEC);
  auto watch = [ep](int fd) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = fd;
    ::epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
  };
  auto unwatch = [ep](int fd) { ::epoll_ctl(ep, EPOLL_CTL_DEL, fd, nullptr); };
  watch(dhcp->raw.fd());
  watch(sfd);
  watch(link_watch.fd());
  if (tftp_server) watch(tftp_server->poll_fd());
  if (http_server) watch(http_server->poll_fd());
  if (arp) watch(arp->fd());
  if (live.metrics_fd() >= 0) watch(live.metrics_fd());
  if (dhcp6) watch(dhcp6->fd());
  if (advertiser) watch(advertiser->fd());

  // One request through the engine: reply queued, line logged, leases saved, and the
  // address check started when the engine asks for one.
  auto serve = [&](std::span<const std::uint8_t> frame, const LinkMeta& link, std::int64_t now) {
    const FrameOutcome outcome = engine.handle_frame(frame, now, link);
    if (outcome == FrameOutcome::NotDhcpRequest) {
      // Another server's OFFER/ACK (udp 67 -> 68): a second proxy answering our clients.
      if (auto other = other_server_reply(frame, server.mac, server.ip))
        if (auto c = conflicts.other_reply(*other, now)) log.conflict(*c);
    } else if (outcome == FrameOutcome::Reply) {
      if (auto c = conflicts.our_reply(engine.request().chaddr, now)) log.conflict(*c);
    }
    // No sockets while the interface is gone: a kept request is logged, not answered.
    const bool send = outcome == FrameOutcome::Reply && !cfg.dry_run && dhcp;
    if (send && !dhcp->raw.queue(engine.reply_frame())) {
      dhcp->raw.send_queued();
      dhcp->raw.queue(engine.reply_frame());
    }
    log.dhcp(engine, outcome, send, cfg.dry_run, frame);
    live.on_dhcp(engine, outcome, send, frame, now);
    if (lease_journal) lease_journal->append(engine.leases().take_changes());
    const std::uint32_t check = engine.check_wanted();
    if (check != 0 &&
        engine.address_checks()->start(check, engine.request().chaddr, frame, monotonic_ms()))
      arp->send_request(check);
  };
  // A kept request handled again (its address check is over): it was checked on arrival.
  constexpr LinkMeta kCheckedBefore{.udp_checksum_done_elsewhere = true};
  std::vector<std::uint8_t> kept;
  kept.reserve(AddressProbes::kFrameBytes);
  auto serve_kept = [&](std::span<const std::uint8_t> request) {
    kept.assign(request.begin(), request.end());
    serve(kept, kCheckedBefore, wall_seconds());
  };

  std::string start = "interface=" + cfg.interface + " server_ip=" + format_ipv4(server.ip) +
                      " mode=" + (cfg.full_dhcp ? "full-dhcp" : "proxy") +
                      " rcvbuf=" + std::to_string(dhcp->raw.receive_buffer()) +
                      (!cfg.enable_tftp ? std::string(" tftp=off")
                       : cfg.dry_run    ? std::string(" tftp=off (dry-run)")
                                        : " tftp_root=" + cfg.tftp_root) +
                      (http_server ? " http=" + http_server->bind_ip() + ":" +
                                         std::to_string(http_server->bound_port())
                                   : std::string()) +
                      (cfg.full_dhcp ? " lease_file=" + cfg.lease_file : std::string()) +
                      (dhcp6 ? dhcp6->describe() : std::string()) + (cfg.dry_run ? " dry-run" : "");
  log.info("start", start);
  // IPv6 (issue 12): TFTP and HTTP also serve the interface's IPv6 addresses.
  const auto ipv6_of = [](const auto* server) {
    return server ? Ipv6Listener{server->listens_ipv6(), server->bound_port(), server->ipv6_note()}
                  : Ipv6Listener{};
  };
  if (const std::string v6 =
          ipv6_serving_line(ipv6_of(tftp_server.get()), ipv6_of(http_server.get()), cfg.interface);
      !v6.empty())
    log.info("ipv6", v6);
  log.flush();
  notifier.ready(status_text());

  // A netlink notification: look the interface up again and follow it (see
  // InterfaceFollower). False with `why` set when the server must exit.
  auto follow_interface = [&](std::string& why) {
    InterfaceInfo fresh;
    std::string lookup_error;
    const bool exists = query_interface(cfg.interface, fresh, lookup_error);
    const InterfaceFollower::Step step =
        follower.on_change(exists, fresh, InterfaceFollower::Clock::now());
    if (step.action == InterfaceFollower::Action::StopAnswering) {
      // Close rather than mute: a deleted interface's socket reports errors forever.
      if (dhcp) unwatch(dhcp->raw.fd());
      dhcp.reset();
    } else if (step.action == InterfaceFollower::Action::Serve) {
      RaisedCapabilities raised;  // CAP_NET_RAW/NET_BIND_SERVICE for the new sockets only
      const bool new_index = fresh.index != follower.bound().index;
      if (dhcp && new_index) {
        unwatch(dhcp->raw.fd());
        dhcp.reset();
      }
      if (!dhcp) {
        std::string guard_warning;
        dhcp = open_dhcp_sockets(cfg.interface, fresh, cfg.dry_run, why, guard_warning);
        if (!dhcp) {
          why = "interface " + cfg.interface + " is back but cannot be served again: " + why +
                " (keep CAP_NET_RAW and CAP_NET_BIND_SERVICE, or restart pxescope)";
          return false;
        }
        if (!guard_warning.empty()) log.info("warning", guard_warning);
        watch(dhcp->raw.fd());
      }
      if (tftp_server && new_index) {
        unwatch(tftp_server->poll_fd());
        tftp_server.reset();
        if (!(tftp_server = open_tftp(why))) {
          why = "interface " + cfg.interface + " is back but TFTP cannot be served again: " + why;
          return false;
        }
        watch(tftp_server->poll_fd());
      }
      if (advertiser && new_index) {  // its socket was bound to the old index
        unwatch(advertiser->fd());
        if (!(advertiser = start_router_advertiser(cfg, why))) {
          why = "interface " + cfg.interface + " is back but RAs cannot be sent again: " + why;
          return false;
        }
        watch(advertiser->fd());
      }
      const std::uint32_t fresh_ip = cfg.server_ip ? cfg.server_ip : fresh.ip;
      if (http_server && cfg.http_address.empty() && (new_index || fresh_ip != server.ip)) {
        unwatch(http_server->poll_fd());
        http_server->shutdown("interface " + cfg.interface + " readdressed");
        http_server.reset();
        if (!(http_server = open_http(fresh_ip, why))) {
          why = "interface " + cfg.interface + " is back but HTTP cannot be served again: " + why;
          return false;
        }
        watch(http_server->poll_fd());
        log.info("interface", "HTTP now listens on " + http_server->bind_ip() + ":" +
                                  std::to_string(http_server->bound_port()));
      }
      if (why = range_problem(cfg, fresh); !why.empty()) return false;
      // The address check asks "who has X? tell <us>" from the interface's index and address.
      if (arp && (new_index || fresh.ip != server.ip)) {
        unwatch(arp->fd());
        arp.emplace();
        if (!arp->open(fresh, cfg.server_ip ? cfg.server_ip : fresh.ip, why)) return false;
        watch(arp->fd());
      }
      server = identity_of(cfg, fresh);
      live.set_server_ip(server.ip);
      engine.set_server(server);
      follower.serving(fresh);
    }
    if (!step.message.empty()) log.info("interface", step.message);
    notifier.status(status_text());
    return true;
  };

  // An exit with an error while serving: transfers in flight are told (ERROR) and logged.
  auto stop_serving = [&](const std::string& why) {
    if (tftp_server) tftp_server->shutdown(why);
    if (http_server) http_server->shutdown(why);
    log.info("error", why);
    log.flush();
    notifier.stopping(why);
    return fail(why);
  };

  bool running = true;
  bool reload_requested = false;
  while (running) {
    int timeout_ms = -1;
    if (AddressProbes* checks = engine.address_checks())
      timeout_ms = wait_ms_until(checks->next_deadline_ms());
    if (tftp_server) wait_no_later_than(tftp_server->next_deadline(), timeout_ms);
    if (http_server) wait_no_later_than(http_server->next_deadline(), timeout_ms);
    if (advertiser) wait_no_later_than(advertiser->next_deadline(), timeout_ms);
    wait_no_later_than(notifier.next_deadline(), timeout_ms);
    // Waiting for the interface to come back (to give up on time) or with malformed frames
    // to sum up: wake up at least once a second.
    const bool dhcp6_suppressed = dhcp6 && dhcp6->has_suppressed();
    if ((!follower.answering() || log.has_suppressed() || dhcp6_suppressed || live.wake_ms() > 0) &&
        (timeout_ms < 0 || timeout_ms > 1000))
      timeout_ms = 1000;
    epoll_event events[8];
    const int n = ::epoll_wait(ep, events, 8, timeout_ms);
    const auto woke = std::chrono::steady_clock::now();  // the loop's latency, for --metrics
    if (n < 0 && errno != EINTR) return fail(std::string("epoll_wait: ") + std::strerror(errno));
    for (int i = 0; i < n; ++i) {
      const int fd = events[i].data.fd;
      if (fd == sfd) {
        signalfd_siginfo si{};
        while (::read(sfd, &si, sizeof si) == static_cast<ssize_t>(sizeof si)) {
          if (si.ssi_signo == SIGHUP)
            reload_requested = true;
          else
            running = false;
        }
      } else if (fd == link_watch.fd()) {
        if (link_watch.drain() && !follow_interface(error)) return stop_serving(error);
      } else if (dhcp && fd == dhcp->raw.fd()) {
        RawDhcpSocket& raw = dhcp->raw;
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
      } else if (arp && fd == arp->fd()) {
        arp->drain([&](std::uint32_t sender_ip, const MacAddress& sender_mac) {
          AddressProbes::Claim claim;
          if (!engine.address_checks()->claimed(sender_ip, sender_mac, claim)) return;
          engine.leases().mark_in_use(claim.ip, wall_seconds(), cfg.lease_seconds);
          log.info("address-in-use", format_ipv4(claim.ip) + " answered ARP from " +
                                         format_mac(sender_mac) + ": not offered for " +
                                         std::to_string(cfg.lease_seconds) +
                                         " s; offering another to " + format_mac(claim.client));
          serve_kept(claim.request);
        });
        if (dhcp) dhcp->raw.send_queued();
      } else if (dhcp6 && fd == dhcp6->fd()) {
        dhcp6->handle_ready(wall_seconds());
      } else if (tftp_server && fd == tftp_server->poll_fd()) {
        tftp_server->handle_ready(tftp::Clock::now());
      } else if (http_server && fd == http_server->poll_fd()) {
        http_server->handle_ready(http::Clock::now());
      } else if (advertiser && fd == advertiser->fd()) {
        advertiser->handle_ready(RouterAdvertiser::Clock::now());
      } else if (fd == live.metrics_fd()) {
        live.handle_metrics(wall_seconds());
      }
    }
    if (advertiser) advertiser->handle_timeouts(RouterAdvertiser::Clock::now());
    if (http_server) {
      const auto now = http::Clock::now();
      if (now >= http_server->next_deadline()) http_server->handle_timeouts(now);
    }
    if (tftp_server) {
      const auto now = tftp::Clock::now();
      if (now >= tftp_server->next_deadline()) tftp_server->handle_timeouts(now);
    }
    if (AddressProbes* checks = engine.address_checks()) {
      checks->expire(monotonic_ms(), serve_kept);
      if (dhcp) dhcp->raw.send_queued();
    }
    if (reload_requested && running) {
      reload_requested = false;
      notifier.reloading();
      reload_config(cfg, reload_source, engine, tftp_server.get(), log, http_server.get());
      if (dhcp6) dhcp6->set_config(cfg);
      notifier.ready(status_text());
    }
    if (const auto step = follower.on_tick(InterfaceFollower::Clock::now());
        step.action == InterfaceFollower::Action::Fail)
      return stop_serving(step.message);
    log.summarize_suppressed();
    if (dhcp6) dhcp6->tick();
    live.tick(std::chrono::steady_clock::now() - woke);
    log.flush();
    notifier.tick(std::chrono::steady_clock::now(), status_text);
  }
  notifier.stopping("stopping: signal received");
  if (tftp_server) tftp_server->shutdown("signal received");  // ERROR to each client, logged
  if (http_server) http_server->shutdown("signal received");
  live.finish();  // the stories still open are told
  log.summarize_suppressed(true);
  if (dhcp6) dhcp6->tick(true);
  log.info("stop", "signal received, stopped cleanly");
  log.flush();
  ::close(ep);
  ::close(sfd);
  return 0;
}

}  // namespace pxescope::responder
