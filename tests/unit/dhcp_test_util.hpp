// Helpers for the dhcp_*_test.cpp files: build BOOTP/DHCP payloads byte by byte, pull
// DHCP payloads out of the shared captures with libpcap, and query the field tree.
#pragma once

#include <pcap/pcap.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/dhcp/dhcp_dissector.hpp"
#include "analyzer/field_tree.hpp"

namespace dhcp_test {

using Bytes = std::vector<std::uint8_t>;
using pxescope::FieldTree;
using pxescope::kNoNode;
using pxescope::NodeId;

// Frame offset the tests pretend the payload starts at (Ethernet + IPv4 + UDP).
inline constexpr std::uint32_t kBase = 42;

// A 240-byte BOOTP request from 52:54:00:12:34:56 with the DHCP cookie, no options.
inline Bytes bootp(std::uint8_t op = 1) {
  Bytes p(240, 0);
  p[0] = op;
  p[1] = 1;
  p[2] = 6;
  p[4] = 0xde, p[5] = 0xad, p[6] = 0xbe, p[7] = 0xef;
  const std::uint8_t mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
  for (int i = 0; i < 6; ++i) p[28 + i] = mac[i];
  p[236] = 99, p[237] = 130, p[238] = 83, p[239] = 99;
  return p;
}

inline void opt(Bytes& p, std::uint8_t code, std::initializer_list<std::uint8_t> value) {
  p.push_back(code);
  p.push_back(static_cast<std::uint8_t>(value.size()));
  p.insert(p.end(), value.begin(), value.end());
}
inline void opt(Bytes& p, std::uint8_t code, std::string_view value) {
  p.push_back(code);
  p.push_back(static_cast<std::uint8_t>(value.size()));
  p.insert(p.end(), value.begin(), value.end());
}
inline void opt(Bytes& p, std::uint8_t code, const Bytes& value) {
  p.push_back(code);
  p.push_back(static_cast<std::uint8_t>(value.size()));
  p.insert(p.end(), value.begin(), value.end());
}
inline void end(Bytes& p) {
  p.push_back(255);
}

inline NodeId dissect(const Bytes& p, FieldTree& t) {
  t.clear();
  return pxescope::dissect_dhcp(p, kBase, t);
}

// Every node named `name` (in id order = depth-first order).
inline std::vector<NodeId> all(const FieldTree& t, std::string_view name) {
  std::vector<NodeId> out;
  for (NodeId i = 0; i < t.size(); ++i)
    if (t[i].name == name) out.push_back(i);
  return out;
}

// The option node ("dhcp.option.type") with this code; the n-th if it occurs several times.
inline NodeId option(const FieldTree& t, std::uint64_t code, std::size_t nth = 0) {
  for (NodeId id : all(t, "dhcp.option.type"))
    if (t[id].uint_value == code && nth-- == 0) return id;
  return kNoNode;
}

// First child (at any depth) of `under` named `name`.
inline NodeId child(const FieldTree& t, NodeId under, std::string_view name) {
  if (under == kNoNode) return kNoNode;
  return t.find(name, under);
}

inline bool has_warning(const FieldTree& t, NodeId id, std::string_view needle) {
  if (id == kNoNode) return false;
  for (const auto& w : t[id].warnings)
    if (w.message.find(needle) != std::string::npos) return true;
  return false;
}

// True if any node has a warning containing `needle`.
inline bool any_warning(const FieldTree& t, std::string_view needle) {
  for (NodeId i = 0; i < t.size(); ++i)
    if (has_warning(t, i, needle)) return true;
  return false;
}

struct CapturedDhcp {
  int frame;             // 1-based
  std::uint32_t offset;  // of the DHCP payload within the frame
  Bytes payload;
};

// The DHCP payloads (UDP 67/68/4011) of an Ethernet/IPv4 capture.
inline std::vector<CapturedDhcp> dhcp_payloads(const std::string& path) {
  std::vector<CapturedDhcp> out;
  char err[PCAP_ERRBUF_SIZE];
  pcap_t* pc = pcap_open_offline(path.c_str(), err);
  if (!pc) return out;
  pcap_pkthdr* h;
  const u_char* d;
  int frame = 0;
  while (pcap_next_ex(pc, &h, &d) == 1) {
    ++frame;
    if (h->caplen < 42 || d[12] != 8 || d[13] != 0 || d[23] != 17) continue;
    const std::size_t udp = 14 + (d[14] & 15u) * 4;
    if (h->caplen < udp + 8) continue;
    const unsigned sp = d[udp] << 8 | d[udp + 1], dp = d[udp + 2] << 8 | d[udp + 3];
    auto dhcp_port = [](unsigned p) { return p == 67 || p == 68 || p == 4011; };
    if (!dhcp_port(sp) && !dhcp_port(dp)) continue;
    out.push_back({frame, static_cast<std::uint32_t>(udp + 8), Bytes(d + udp + 8, d + h->caplen)});
  }
  pcap_close(pc);
  return out;
}

}  // namespace dhcp_test
