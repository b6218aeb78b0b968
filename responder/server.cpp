#include "responder/server.hpp"

#include <signal.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

#include "responder/boot_file_access.hpp"
#include "responder/dhcp6/dhcp6_interfaces.hpp"
#include "responder/event_log.hpp"
#include "responder/interface_plan.hpp"
#include "responder/journal_sink.hpp"
#include "responder/lease_file.hpp"
#include "responder/net/link_watch.hpp"
#include "responder/privileges.hpp"
#include "responder/reload.hpp"
#include "responder/served_interface.hpp"
#include "responder/service_notify.hpp"

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

// The one lease file of full DHCP: leases.IFACE for one interface, leases for several (one
// file keyed by address; their ranges never overlap).
std::string shared_lease_file(const ResponderConfig& cfg, const InterfacePlan& plan) {
  std::vector<std::string> full;
  for (std::size_t i = 0; i < plan.served.size(); ++i)
    if (config_for_interface(cfg, plan, i).full_dhcp) full.push_back(plan.served[i].name);
  if (full.empty()) return cfg.lease_file;
  return lease_file_path(cfg.lease_file, full.size() == 1 ? full.front() : std::string());
}

// Served interface `index`'s view of a configuration: its range, tags and the lease file.
ResponderConfig view_of(const ResponderConfig& cfg, const InterfacePlan& plan, std::size_t index) {
  ResponderConfig view = config_for_interface(cfg, plan, index);
  view.lease_file = shared_lease_file(cfg, plan);
  return view;
}

}  // namespace

int run_server(const ResponderConfig& cfg_in, const ConfigSource& reload_source) {
  const ResponderConfig& cfg = cfg_in;
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
  // Which interfaces, each with which range (interface_plan.hpp: named ones, all but the
  // excluded ones, or those the ranges fit; never lo).
  for (const std::string& name : cfg.interfaces) {  // named: said first, as for one
    InterfaceInfo info;
    if (name != "lo" && !usable_interface(name, cfg.server_ip, info, error)) return fail(error);
  }
  const std::vector<HostInterface> host = host_interfaces();
  const InterfacePlan plan = plan_interfaces(cfg, host);
  if (!plan.error.empty()) return fail(plan.error);
  for (const std::string& note : plan.notes)
    std::fprintf(stderr, "pxescope respond: %s\n", note.c_str());

  EventLog log(stdout, cfg.json_log, cfg.quiet_dhcp);
  std::vector<std::unique_ptr<ServedInterface>> sites;
  for (std::size_t i = 0; i < plan.served.size(); ++i) {
    sites.push_back(std::make_unique<ServedInterface>(view_of(cfg, plan, i), log));
    if (!sites.back()->look_up(error)) return fail(error);
  }
  // Every interface served, as one text: "eth0" or "eth0,eth1.10" (journald, STATUS=).
  const auto joined = [&](auto text_of) {
    std::string text;
    for (const auto& site : sites) text += (text.empty() ? "" : ",") + text_of(*site);
    return text;
  };
  const std::string names = joined([](const ServedInterface& s) { return s.config().interface; });
  // systemd: structured lines to journald, READY/STATUS/WATCHDOG/STOPPING to the manager.
  bool log_also_stdout = true;
  const auto journal = journal_sink_for(cfg.journal, names, log_also_stdout);
  if (journal) log.set_sink(journal.get(), log_also_stdout);
  ServiceNotifier notifier;
  auto status_text = [&] {
    bool full = false, answering = true;
    for (const auto& site : sites) {
      full = full || site->config().full_dhcp;
      answering = answering && site->answering();
    }
    const std::string_view dhcp6 = !cfg.dhcp6.answers() ? ""
                                   : cfg.dhcp6.full     ? "full"
                                                        : "stateless";
    return service_status(
        names, joined([](const ServedInterface& s) { return format_ipv4(s.server_ip()); }), full,
        answering, log.counts(), dhcp6);
  };
  live::LiveService live(live::live_options(cfg), cfg, log);  // boot stories, --metrics
  live.set_server_ip(sites.front()->server_ip());
  if (!live.open(error)) return fail(error);
  for (auto& site : sites) site->set_live(&live);
  // Each interface's DHCP sockets, dhcp-check, TFTP and HTTP; with http-address= one HTTP
  // service (the first interface's) listens where it says.
  // DHCPv6 per interface, as DHCPv4: each its own IPv6 range (dhcp6/dhcp6_interfaces.hpp).
  std::vector<const ResponderConfig*> views;
  for (auto& site : sites) {
    if (!site->choose_dhcp6(sites.size() > 1, error)) return fail(error);
    views.push_back(&site->config());
  }
  if (const std::string twice = dhcp6_range_served_twice(views); !twice.empty()) return fail(twice);
  for (std::size_t i = 0; i < sites.size(); ++i)
    if (!sites[i]->open(i == 0 || cfg.http_address.empty(), who, error))
      return error.empty() ? 1 : fail(error);  // empty: the refusal is printed already
  LinkWatch link_watch;
  if (!link_watch.open(error)) return fail(error);

  std::vector<LeaseTable*> tables;
  for (auto& site : sites)
    if (site->config().full_dhcp) tables.push_back(&site->engine().leases());
  std::unique_ptr<LeaseJournal> lease_journal;
  if (!tables.empty()) {
    lease_journal =
        start_lease_journal(shared_lease_file(cfg, plan), who, tables, wall_seconds(), error);
    if (!lease_journal) return fail(error);
  }
  for (auto& site : sites) {
    site->name_in_log(sites.size() > 1);
    if (site->config().full_dhcp) site->set_lease_journal(lease_journal.get());
    if (!site->open_address_check(error)) return fail(error);
  }

  if (const std::string warning = root_without_user_warning(who); !warning.empty())
    std::fprintf(stderr, "pxescope respond: WARNING: %s\n", warning.c_str());
  if (!drop_privileges(who, kCapsKeptAfterStart, error)) return fail(error);
  for (const std::string& problem : unreadable_boot_files(cfg, who.name))
    std::fprintf(stderr, "pxescope respond: WARNING: %s\n", problem.c_str());

  const int ep = ::epoll_create1(EPOLL_CLOEXEC);
  for (const int fd : {sfd, link_watch.fd()}) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = fd;
    ::epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
  }
  for (auto& site : sites) site->watch_all(ep);
  if (live.metrics_fd() >= 0) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = live.metrics_fd();
    ::epoll_ctl(ep, EPOLL_CTL_ADD, ev.data.fd, &ev);
  }

  // One start line per interface served.
  for (const auto& site : sites) {
    log.info("start", site->start_text());
    if (const std::string v6 = site->ipv6_text(); !v6.empty()) log.info("ipv6", v6);
  }
  log.flush();
  notifier.ready(status_text());

  // An exit with an error while serving: transfers in flight are told (ERROR) and logged.
  auto stop_serving = [&](const std::string& why) {
    for (auto& site : sites) site->shutdown(why);
    log.info("error", why);
    log.flush();
    notifier.stopping(why);
    return fail(why);
  };
  // SIGHUP: each interface takes its own view of the configuration read again.
  auto reload_all = [&] {
    for (std::size_t i = 0; i < sites.size(); ++i)
      sites[i]->reload([&, i](ResponderConfig& next, std::string& why) {
        ResponderConfig all;
        if (!reload_source || !reload_source(all, why)) return false;
        next = view_of(all, plan, i);
        return true;
      });
  };

  bool running = true;
  bool reload_requested = false;
  while (running) {
    int timeout_ms = -1;
    wait_no_later_than(notifier.next_deadline(), timeout_ms);
    bool waiting = log.has_suppressed() || live.wake_ms() > 0;
    for (auto& site : sites) {
      site->fold_deadlines(timeout_ms);
      waiting = waiting || !site->answering() || site->has_suppressed();
    }
    // Waiting for an interface to come back (to give up on time) or with malformed frames
    // to sum up: wake up at least once a second.
    if (waiting && (timeout_ms < 0 || timeout_ms > 1000)) timeout_ms = 1000;
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
        if (!link_watch.drain()) continue;
        for (auto& site : sites)
          if (!site->follow(error)) return stop_serving(error);
        notifier.status(status_text());
      } else if (fd == live.metrics_fd()) {
        live.handle_metrics(wall_seconds());
      } else {
        for (auto& site : sites)
          if (site->handle(fd)) break;
      }
    }
    for (auto& site : sites) site->after_wake_up();
    if (reload_requested && running) {
      reload_requested = false;
      notifier.reloading();
      reload_all();
      notifier.ready(status_text());
    }
    for (auto& site : sites)
      if (const auto why = site->gone_for_good()) return stop_serving(*why);
    log.summarize_suppressed();
    live.tick(std::chrono::steady_clock::now() - woke);
    log.flush();
    notifier.tick(std::chrono::steady_clock::now(), status_text);
  }
  notifier.stopping("stopping: signal received");
  for (auto& site : sites) site->shutdown("signal received");  // ERROR to each client, logged
  live.finish();                                               // the stories still open are told
  log.summarize_suppressed(true);
  log.info("stop", "signal received, stopped cleanly");
  log.flush();
  ::close(ep);
  ::close(sfd);
  return 0;
}

}  // namespace pxescope::responder
