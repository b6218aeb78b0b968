// The probe's wire: frames sent with libtins' PacketSender (a PF_PACKET socket on the
// interface) and answers read with libtins' Sniffer (libpcap with a BPF filter, incoming
// frames only), each wait bounded by a deadline. The probe has no address of its own at
// first, so it sends whole Ethernet frames and reads whole Ethernet frames.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "probe/probe_packets.hpp"

namespace Tins {
class PacketSender;
class Sniffer;
}  // namespace Tins

namespace pxescope::probe {

using Clock = std::chrono::steady_clock;

class ProbeLink {
 public:
  ProbeLink();
  ~ProbeLink();
  ProbeLink(const ProbeLink&) = delete;
  ProbeLink& operator=(const ProbeLink&) = delete;

  // Opens the interface; false with one line in `error` (no such interface, no privilege).
  bool open(const std::string& iface, std::string& error);

  const Mac& interface_mac() const { return mac_; }
  // The interface's IPv6 link-local address, when the kernel gave it one.
  std::optional<Ipv6> interface_link_local() const { return link_local_; }

  // Sends one frame; counted in sent() when the kernel took it.
  bool send(Tins::EthernetII& frame);
  std::size_t sent() const { return sent_; }

  // The next frame that arrived on the interface, waiting at most until `deadline`;
  // false at the deadline.
  bool receive(Bytes& frame, Clock::time_point deadline);

 private:
  std::unique_ptr<Tins::PacketSender> sender_;
  std::unique_ptr<Tins::Sniffer> sniffer_;
  Mac mac_{};
  std::optional<Ipv6> link_local_;
  std::size_t sent_ = 0;
};

}  // namespace pxescope::probe
