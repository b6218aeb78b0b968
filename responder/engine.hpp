// One request frame in, at most one reply frame out: link/IP/UDP parsing at the edge,
// the pure decisions (proxy or full DHCP) in the middle, the reply frame built at the
// other edge. Shared by the live server and `respond --replay`. Buffers are reused:
// handling a frame allocates nothing once warm.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "responder/address_probe.hpp"
#include "responder/config.hpp"
#include "responder/full_dhcp.hpp"
#include "responder/lease_table.hpp"
#include "responder/net/frame_check.hpp"
#include "responder/proxy_decision.hpp"
#include "responder/reply.hpp"

namespace pxescope::responder {

enum class FrameOutcome : std::uint8_t {
  NotDhcpRequest,  // not IPv4/UDP to 67/4011, not addressed to us, or a BOOTREPLY
  Malformed,       // a request we must not answer (parse error)
  Silent,          // a valid request we decided not to answer (see verdict)
  Reply,           // reply_frame() holds the frame to send
};

class Engine {
 public:
  Engine(const ResponderConfig& cfg, const ServerIdentity& server);

  // Replay answers whatever the request's destination address; live mode only what is
  // broadcast or addressed to the server.
  void set_check_destination(bool on) { check_destination_ = on; }
  // Replay answers frames of any VLAN (a capture from a trunk port); live mode ignores a
  // frame that still carries a tag with a VLAN id: it is not from this interface's network.
  void set_answer_tagged(bool on) { answer_tagged_ = on; }

  // Between frames: the interface's address changed (server identity), or a SIGHUP reload
  // brought new rules (the lease pool's range never changes without a restart).
  void set_server(const ServerIdentity& server) { server_ = server; }
  const ServerIdentity& server() const { return server_; }
  void set_config(const ResponderConfig& cfg) { cfg_ = cfg; }

  // `link`: what the kernel said about the frame; frames it marks as not for this host or
  // as from another VLAN are ignored (NotDhcpRequest).
  FrameOutcome handle_frame(std::span<const std::uint8_t> frame, std::int64_t now,
                            const LinkMeta& link = {});

  const DhcpRequest& request() const { return request_; }
  const Ingress& ingress() const { return ingress_; }
  Verdict verdict() const { return verdict_; }
  ParseError parse_error() const { return parse_error_; }
  const Reply& reply() const { return reply_; }
  std::span<const std::uint8_t> reply_frame() const { return frame_; }
  std::span<const std::uint8_t> reply_payload() const { return payload_; }

  // Full DHCP: the lease table, and whether the last frame changed it (persist it then).
  LeaseTable& leases() { return leases_; }
  bool leases_changed() const { return leases_changed_; }

  // Full DHCP: check each new address (ARP) before offering it. The live server turns it
  // on (not with no-ping or --dry-run); replay and tests offer at once.
  void enable_address_check() { probes_.emplace(); }
  AddressProbes* address_checks() { return probes_ ? &*probes_ : nullptr; }
  // After a frame answered with Verdict::Probing: the address whose check must start
  // (0 when a check is already running). The caller starts it with the request frame.
  std::uint32_t check_wanted() const { return check_wanted_; }

 private:
  // True when the OFFER may go out: no check needed, or its check passed.
  bool address_checked(std::int64_t now);

  ResponderConfig cfg_;  // a copy: replies point into it (menu items)
  ServerIdentity server_;
  bool check_destination_ = true;
  bool answer_tagged_ = false;
  std::uint16_t ip_id_ = 0;
  DhcpRequest request_;
  Ingress ingress_;
  Verdict verdict_ = Verdict::NotForUs;
  ParseError parse_error_ = ParseError::None;
  Reply reply_;
  LeaseTable leases_;
  bool leases_changed_ = false;
  std::optional<AddressProbes> probes_;
  std::uint32_t check_wanted_ = 0;
  std::vector<std::uint8_t> payload_;
  std::vector<std::uint8_t> frame_;
};

}  // namespace pxescope::responder
