#include "responder/server.hpp"

#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>

#include "responder/engine.hpp"
#include "responder/event_log.hpp"
#include "responder/net/raw_socket.hpp"
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

// setgroups/setgid/setuid to `user`: the opened sockets stay usable, every capability goes.
bool drop_privileges(const std::string& user, const std::string& chown_path, std::string& error) {
  errno = 0;
  const passwd* pw = ::getpwnam(user.c_str());
  if (pw == nullptr) {
    error = "--user " + user + ": no such user";
    return false;
  }
  if (!chown_path.empty() && ::chown(chown_path.c_str(), pw->pw_uid, pw->pw_gid) != 0 &&
      errno != ENOENT) {
    error = "cannot hand " + chown_path + " to " + user + ": " + std::strerror(errno);
    return false;
  }
  if (::setgroups(0, nullptr) != 0 || ::setgid(pw->pw_gid) != 0 || ::setuid(pw->pw_uid) != 0) {
    error = "cannot drop privileges to " + user + ": " + std::strerror(errno);
    return false;
  }
  if (::setuid(0) == 0) {
    error = "privileges were not dropped (setuid(0) still works)";
    return false;
  }
  return true;
}

std::string dirname_of(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

int run_server(const ResponderConfig& cfg_in) {
  ResponderConfig cfg = cfg_in;
  std::string error;
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

  ServerIdentity server;
  server.ip = cfg.server_ip ? cfg.server_ip : iface.ip;
  server.netmask = iface.netmask;
  server.mac = iface.mac;
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
    const std::uint32_t mask = iface.netmask ? iface.netmask : 0xffffff00u;
    const std::uint32_t net = iface.ip & mask;
    if (iface.ip == 0 || (cfg.range_start & mask) != net || (cfg.range_end & mask) != net)
      return fail("--dhcp-range " + format_ipv4(cfg.range_start) + "-" +
                  format_ipv4(cfg.range_end) + " does not fit " + cfg.interface + "'s subnet " +
                  format_ipv4(net) + "/" + format_ipv4(mask) + ": choose addresses inside it");
    if (server.ip >= cfg.range_start && server.ip <= cfg.range_end)
      return fail("--dhcp-range contains this server's own address " + format_ipv4(server.ip));
    if (cfg.lease_file.empty()) cfg.lease_file = "/var/lib/pxescope/leases." + cfg.interface;
    ::mkdir(dirname_of(cfg.lease_file).c_str(), 0755);
  }

  RawDhcpSocket raw;
  if (!raw.open(iface, error)) return fail(error);
  PortGuard guard67, guard4011;
  if (!guard67.open(cfg.interface, 67, error) || !guard4011.open(cfg.interface, 4011, error)) {
    if (error.find("permission") != std::string::npos) return fail(error);
    std::fprintf(stderr, "pxescope respond: WARNING: %s\n", error.c_str());
  }

  EventLog log(stdout, cfg.json_log, cfg.quiet_dhcp);
  std::unique_ptr<tftp::TftpServer> tftp_server;
  if (cfg.enable_tftp) {
    tftp::TftpServer::Options options = tftp_server_options(cfg);
    options.logger = [&log](const tftp::TransferEvent& e) { log.tftp(e); };
    tftp_server = std::make_unique<tftp::TftpServer>(options);
    if (!tftp_server->open(error)) return fail(error);
  }

  Engine engine(cfg, server);
  if (cfg.full_dhcp && !engine.leases().load(cfg.lease_file, wall_seconds(), error))
    return fail(error);

  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigprocmask(SIG_BLOCK, &signals, nullptr);
  ::signal(SIGPIPE, SIG_IGN);
  const int sfd = ::signalfd(-1, &signals, SFD_NONBLOCK | SFD_CLOEXEC);

  if (!cfg.user.empty()) {
    if (!drop_privileges(cfg.user, cfg.full_dhcp ? dirname_of(cfg.lease_file) : std::string(),
                         error))
      return fail(error);
  }

  const int ep = ::epoll_create1(EPOLL_CLOEXEC);
  auto watch = [ep](int fd) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = fd;
    ::epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
  };
  watch(raw.fd());
  watch(sfd);
  if (tftp_server) watch(tftp_server->poll_fd());

  std::string start = "interface=" + cfg.interface + " server_ip=" + format_ipv4(server.ip) +
                      " mode=" + (cfg.full_dhcp ? "full-dhcp" : "proxy") +
                      " rcvbuf=" + std::to_string(raw.receive_buffer()) +
                      (cfg.enable_tftp ? " tftp_root=" + cfg.tftp_root : std::string(" tftp=off")) +
                      (cfg.dry_run ? " dry-run" : "");
  log.info("start", start);
  log.flush();

  bool running = true;
  while (running) {
    int timeout_ms = -1;
    if (tftp_server) {
      const auto deadline = tftp_server->next_deadline();
      if (deadline != tftp::Clock::time_point::max()) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - tftp::Clock::now())
                .count();
        timeout_ms = left < 0 ? 0 : static_cast<int>(left) + 1;
      }
    }
    epoll_event events[8];
    const int n = ::epoll_wait(ep, events, 8, timeout_ms);
    if (n < 0 && errno != EINTR) return fail(std::string("epoll_wait: ") + std::strerror(errno));
    for (int i = 0; i < n; ++i) {
      const int fd = events[i].data.fd;
      if (fd == sfd) {
        signalfd_siginfo si{};
        while (::read(sfd, &si, sizeof si) == static_cast<ssize_t>(sizeof si)) running = false;
      } else if (fd == raw.fd()) {
        // Drain what is queued in batches (bounded, so TFTP is never starved by a storm).
        const std::int64_t now = wall_seconds();
        for (int round = 0; round < 16; ++round) {
          const std::size_t count = raw.receive_batch();
          if (count == 0) break;
          for (std::size_t k = 0; k < count; ++k) {
            const std::span<const std::uint8_t> frame = raw.received(k);
            if (frame.empty()) continue;
            const FrameOutcome outcome = engine.handle_frame(frame, now);
            const bool send = outcome == FrameOutcome::Reply && !cfg.dry_run;
            if (send && !raw.queue(engine.reply_frame())) {
              raw.send_queued();
              raw.queue(engine.reply_frame());
            }
            log.dhcp(engine, outcome, send, cfg.dry_run, frame);
            if (engine.leases_changed() && !engine.leases().save(cfg.lease_file, error))
              log.info("error", error);
          }
          raw.send_queued();
        }
      } else if (tftp_server && fd == tftp_server->poll_fd()) {
        tftp_server->handle_ready(tftp::Clock::now());
      }
    }
    if (tftp_server) {
      const auto now = tftp::Clock::now();
      if (now >= tftp_server->next_deadline()) tftp_server->handle_timeouts(now);
    }
    log.flush();
  }
  if (tftp_server) tftp_server->shutdown("signal received");  // ERROR to each client, logged
  log.info("stop", "signal received, stopped cleanly");
  log.flush();
  ::close(ep);
  ::close(sfd);
  return 0;
}

}  // namespace pxescope::responder
