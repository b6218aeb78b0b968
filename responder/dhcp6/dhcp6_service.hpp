// The live DHCPv6 service: a UDP socket on port 547 bound to the served interface
// (SO_BINDTODEVICE) and joined to ff02::1:2 there, answering through Dhcp6Engine. Replies
// go to the client's link-local source on port 546, or to the relay on port 547 as a
// Relay-reply. Opened before privileges are dropped (547 is a privileged port); one more
// descriptor on the responder's epoll loop (server.cpp calls handle_ready()).
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>

#include "responder/config.hpp"
#include "responder/dhcp6/dhcp6_engine.hpp"
#include "responder/dhcp6/dhcp6_log.hpp"
#include "responder/privileges.hpp"

namespace pxescope::responder {

namespace live {
class LiveService;
}

// The interface's IPv6 facts the service needs: its MAC (the DUID) and addresses.
struct Interface6 {
  int index = 0;
  MacAddress mac{};
  bool has_global = false;  // a global or ULA address (URLs, the range's prefix)
  Ipv6Address global{};
  bool has_link_local = false;
  Ipv6Address link_local{};
};
bool query_interface6(const std::string& name, Interface6& out, std::string& error);

// The lease file of full mode: <dhcp-leasefile>.v6, or /var/lib/pxescope/leases6.IFACE.
std::string dhcp6_lease_file_path(const ResponderConfig& cfg);

// Fills `cfg.dhcp6`'s range from the interface when written with constructor:IFACE, and
// checks a full range lies on the interface's prefix; "" when all is well, else one line.
std::string resolve_dhcp6_range(ResponderConfig& cfg, const Interface6& iface);

class Dhcp6Service {
 public:
  // Null with `error` set (one line naming the problem and the fix) when it cannot serve.
  static std::unique_ptr<Dhcp6Service> open(const ResponderConfig& cfg, const ServingIdentity& who,
                                            EventLog& log, std::int64_t now, std::string& error);
  ~Dhcp6Service();

  int fd() const { return fd_; }
  // Reads what is queued (bounded) and answers it.
  void handle_ready(std::int64_t now);
  void set_config(const ResponderConfig& cfg) { engine_->set_config(cfg); }
  // The live boot stories (null: none): told of each request handled and the reply sent.
  void set_live(live::LiveService* live) { live_ = live; }
  // Once per loop wake-up: the malformed-line summary when its window is over.
  void tick(bool force = false) { log_.summarize(force); }
  bool has_suppressed() const { return log_.has_suppressed(); }
  // For the start line: "dhcp6=full duid=... address=...".
  std::string describe() const;

 private:
  Dhcp6Service(const ResponderConfig& cfg, Dhcp6Identity id, EventLog& log);
  void save_leases();
  void send_queued(std::size_t count);
  void tell_live(Outcome6 outcome, bool sent, const std::uint8_t* data, std::size_t size,
                 const sockaddr_in6& peer);

  // recvmmsg/sendmmsg batches: a burst costs one system call per 32 requests, not two each.
  struct Batch {
    static constexpr std::size_t kSize = 32;
    std::array<std::array<std::uint8_t, 2048>, kSize> rx;
    std::array<iovec, kSize> rx_iov, tx_iov;
    std::array<mmsghdr, kSize> rx_msg, tx_msg;
    std::array<sockaddr_in6, kSize> peer, to;
    std::array<std::vector<std::uint8_t>, kSize> tx;
  };

  int fd_ = -1;
  int lease_fd_ = -1;
  std::string lease_path_;
  std::string interface_;
  bool dry_run_ = false;
  std::unique_ptr<Batch> batch_;
  std::unique_ptr<Dhcp6Engine> engine_;
  Dhcp6Log log_;
  live::LiveService* live_ = nullptr;
  MacAddress mac_{};          // the interface's, and its link-local address: the replies'
  Ipv6Address link_local_{};  // source, for the frames the live stories read
};

}  // namespace pxescope::responder
