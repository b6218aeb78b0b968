// One interface a responder serves: its own configuration (its range and tags), its server
// address, DHCP sockets, interface follower, engine (leases, address checks), ARP socket,
// TFTP and HTTP services and conflict watch. run_server() keeps one per served interface and
// runs them all on one epoll loop: a request that arrives on an interface is only ever
// answered on that interface's own sockets.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "responder/config.hpp"
#include "responder/conflict_watch.hpp"
#include "responder/dhcp6/dhcp6_service.hpp"
#include "responder/engine.hpp"
#include "responder/event_log.hpp"
#include "responder/http/http_server.hpp"
#include "responder/interface_follower.hpp"
#include "responder/lease_journal.hpp"
#include "responder/live/live_service.hpp"
#include "responder/net/arp_socket.hpp"
#include "responder/net/dhcp_sockets.hpp"
#include "responder/ra/router_advertiser.hpp"
#include "responder/reload.hpp"
#include "responder/tftp/tftp_server.hpp"

namespace pxescope::responder {

// The interface exists and has an IPv4 address (or `server_ip` stands in for it); false with
// one line in `error` otherwise.
bool usable_interface(const std::string& name, std::uint32_t server_ip, InterfaceInfo& info,
                      std::string& error);

// Folds a steady-clock deadline (of a TFTP, HTTP or notify timer) into epoll's `timeout_ms`.
void wait_no_later_than(std::chrono::steady_clock::time_point deadline, int& timeout_ms);

class ServedInterface {
 public:
  ServedInterface(ResponderConfig cfg, EventLog& log);
  ServedInterface(const ServedInterface&) = delete;
  ServedInterface& operator=(const ServedInterface&) = delete;

  // Start-up, in this order, as root. look_up(): the interface, its address and the range
  // checks. open(): the DHCP sockets, the dhcp-check, TFTP, HTTP (`with_http` false: another
  // interface's HTTP service listens on the one http-address= given), DHCPv6 when configured
  // (with the range choose_dhcp6() chose for this interface) and its Router Advertisements
  // (enable-ra). A refusal already printed (another DHCPv6 server on the link) leaves `error`
  // empty. open_address_check():
  // the ARP socket of full DHCP, once the leases are loaded. False with one line in `error`.
  bool look_up(std::string& error);
  // DHCPv6 (dhcp6/dhcp6_interfaces.hpp): this interface's IPv6 range, before open(); `several`:
  // more than one interface is served. Prints a note when DHCPv6 is off here.
  bool choose_dhcp6(bool several, std::string& error);
  bool open(bool with_http, const ServingIdentity& who, std::string& error);
  bool open_address_check(std::string& error);
  // The lease journal shared by every interface (one lease file, keyed by address: ranges
  // of different interfaces never overlap). Null in proxy mode.
  void set_lease_journal(LeaseJournal* journal) { journal_ = journal; }
  // The live boot stories and --metrics (one for the process): told of this interface's DHCP,
  // TFTP and HTTP events, with this interface's address. Before open().
  void set_live(live::LiveService* live) { live_ = live; }
  // Several interfaces served: each DHCP log line names this one (iface=NAME).
  void name_in_log(bool on) { name_in_log_ = on; }

  // The loop: every descriptor into `ep` (again after the interface is re-created).
  void watch_all(int ep);
  // Folds this interface's next deadline into epoll_wait's timeout (-1: none).
  void fold_deadlines(int& timeout_ms);
  // An epoll event: false when `fd` is none of this interface's.
  bool handle(int fd);
  // After each wake-up: TFTP/HTTP timeouts, address checks that are over.
  void after_wake_up();
  // A netlink notification: look the interface up again and follow it. False with `why`
  // set when the server must exit.
  bool follow(std::string& why);
  // Every wake-up: the message to exit with once the interface has been away too long.
  std::optional<std::string> gone_for_good() const;
  // SIGHUP: this interface's view of the new configuration (see reload.hpp).
  void reload(const ConfigSource& source);
  void shutdown(const std::string& why);

  bool answering() const { return follower_ && follower_->answering(); }
  std::uint32_t server_ip() const { return server_.ip; }
  // Malformed DHCPv6 lines to sum up: the loop wakes up once a second for them.
  bool has_suppressed() const { return dhcp6_ && dhcp6_->has_suppressed(); }
  const ResponderConfig& config() const { return cfg_; }
  Engine& engine() { return *engine_; }
  // The "start" line's text for this interface.
  std::string start_text() const;
  // The "ipv6" line's text: where TFTP and HTTP serve IPv6 ("" when neither does).
  std::string ipv6_text() const;

 private:
  void serve(std::span<const std::uint8_t> frame, const LinkMeta& link, std::int64_t now);
  void serve_kept(std::span<const std::uint8_t> request);
  void watch(int fd);
  void unwatch(int fd);
  std::unique_ptr<tftp::TftpServer> open_tftp(std::string& why);
  std::unique_ptr<http::HttpServer> open_http(std::uint32_t ip, std::string& why);
  bool reopen_on(const InterfaceInfo& fresh, std::string& why);

  ResponderConfig cfg_;
  EventLog& log_;
  int ep_ = -1;
  InterfaceInfo iface_;
  ServerIdentity server_;
  std::unique_ptr<DhcpSockets> dhcp_;
  std::optional<InterfaceFollower> follower_;
  std::unique_ptr<tftp::TftpServer> tftp_;
  std::unique_ptr<http::HttpServer> http_;
  std::unique_ptr<Dhcp6Service> dhcp6_;           // DHCPv6 (responder/dhcp6/), when configured
  std::unique_ptr<RouterAdvertiser> advertiser_;  // enable-ra (responder/ra/), when asked
  std::unique_ptr<Engine> engine_;
  LeaseJournal* journal_ = nullptr;
  live::LiveService* live_ = nullptr;
  bool name_in_log_ = false;
  bool dhcp6_several_ = false;
  std::optional<ArpSocket> arp_;
  ConflictWatch conflicts_;
  std::vector<std::uint8_t> kept_;
};

}  // namespace pxescope::responder
