#include "probe/probe_link.hpp"

#include <pcap/pcap.h>
#include <poll.h>

#include <tins/network_interface.h>
#include <tins/packet_sender.h>
#include <tins/sniffer.h>
#include <algorithm>
#include <cstring>

namespace pxescope::probe {

ProbeLink::ProbeLink() = default;
ProbeLink::~ProbeLink() = default;

bool ProbeLink::open(const std::string& iface, std::string& error) {
  Tins::NetworkInterface nic;
  try {
    nic = Tins::NetworkInterface(iface);
    mac_ = mac_of(nic.hw_address());
    for (const Tins::NetworkInterface::IPv6Prefix& p : nic.ipv6_addresses()) {
      const Ipv6 a = ipv6_of(p.address);
      if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) link_local_ = a;
    }
  } catch (const std::exception&) {
    error = "no interface named " + iface + " (see `ip link`)";
    return false;
  }
  try {
    // Everything a server answers with: DHCP, TFTP, ARP and neighbour discovery, ICMP errors.
    Tins::SnifferConfiguration config;
    config.set_filter("arp or icmp or icmp6 or udp");
    config.set_immediate_mode(true);
    config.set_promisc_mode(false);
    config.set_direction(PCAP_D_IN);  // not the frames the probe sends itself
    config.set_snap_len(2048);
    sniffer_ = std::make_unique<Tins::Sniffer>(iface, config);
    sender_ = std::make_unique<Tins::PacketSender>(nic);
  } catch (const std::exception& e) {
    error = "cannot capture on " + iface + " (" + e.what() +
            "): run as root or give pxescope-probe CAP_NET_RAW";
    return false;
  }
  char pcap_error[PCAP_ERRBUF_SIZE];
  // Non-blocking: poll() below bounds every wait; pcap_dispatch then never blocks.
  if (pcap_setnonblock(sniffer_->get_pcap_handle(), 1, pcap_error) != 0) {
    error = std::string("cannot read ") + iface + " without blocking: " + pcap_error;
    return false;
  }
  return true;
}

bool ProbeLink::send(Tins::EthernetII& frame) {
  try {
    sender_->send(frame);
  } catch (const std::exception&) {
    return false;  // the step's report says nothing came back
  }
  ++sent_;
  return true;
}

bool ProbeLink::receive(Bytes& frame, Clock::time_point deadline) {
  pcap_t* handle = sniffer_->get_pcap_handle();
  const auto copy = [](u_char* user, const pcap_pkthdr* header, const u_char* bytes) {
    reinterpret_cast<Bytes*>(user)->assign(bytes, bytes + header->caplen);
  };
  for (;;) {
    if (pcap_dispatch(handle, 1, copy, reinterpret_cast<u_char*>(&frame)) == 1) return true;
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p{sniffer_->get_fd(), POLLIN, 0};
    ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 200)));
  }
}

}  // namespace pxescope::probe
