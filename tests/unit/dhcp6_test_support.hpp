// DHCPv6 requests for the responder's tests, built with libtins (not with the responder's
// own writer, so a test does not check the writer against itself), and small readers.
#pragma once

#include <tins/dhcpv6.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace pxescope::test6 {

using Bytes = std::vector<std::uint8_t>;

inline const Bytes kClientMac = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};

// A Solicit as OVMF's PXEv6 sends it: DUID-LLT, IA_NA, ORO asking for 59, 60 and 23,
// vendor class PXEClient:Arch:NNNNN:UNDI:003000 and option 61.
struct SolicitShape {
  std::uint8_t type = Tins::DHCPv6::SOLICIT;
  std::uint32_t xid = 0x123456;
  std::uint16_t arch = 7;
  bool with_arch = true;
  bool with_vendor_class = true;
  const char* vendor = "PXEClient";  // or "HTTPClient" (UEFI HTTP boot)
  bool ask_bootfile = true;
  bool ia_na = true;
  bool rapid_commit = false;
  std::string user_class;  // "iPXE"
  Bytes server_id;         // empty: none
  Bytes mac = kClientMac;
};

inline Bytes duid_llt_of(const Bytes& mac) {
  Bytes d = {0, 1, 0, 1, 0x2a, 0x3b, 0x4c, 0x5d};
  d.insert(d.end(), mac.begin(), mac.end());
  return d;
}

inline Bytes build_request(const SolicitShape& s) {
  Tins::DHCPv6 m;
  m.msg_type(static_cast<Tins::DHCPv6::MessageType>(s.type));
  m.transaction_id(s.xid);
  const Bytes duid = duid_llt_of(s.mac);
  m.add_option(Tins::DHCPv6::option(Tins::DHCPv6::CLIENTID, duid.begin(), duid.end()));
  if (!s.server_id.empty())
    m.add_option(
        Tins::DHCPv6::option(Tins::DHCPv6::SERVERID, s.server_id.begin(), s.server_id.end()));
  if (s.ia_na) m.ia_na(Tins::DHCPv6::ia_na_type(0x0a0b0c0d, 0, 0));
  Tins::DHCPv6::option_request_type oro = {23};
  if (s.ask_bootfile) oro = {59, 60, 23};
  m.option_request(oro);
  if (s.rapid_commit) m.rapid_commit();
  if (!s.user_class.empty()) {
    Tins::DHCPv6::user_class_type uc;
    uc.data.push_back(Bytes(s.user_class.begin(), s.user_class.end()));
    m.user_class(uc);
  }
  if (s.with_vendor_class) {
    char text[40];
    std::snprintf(text, sizeof text, "%s:Arch:%05u:UNDI:003000", s.vendor, s.arch);
    Tins::DHCPv6::vendor_class_type vc(343, {Bytes(text, text + std::strlen(text))});
    m.vendor_class(vc);
  }
  if (s.with_arch) {
    const Bytes arch = {static_cast<std::uint8_t>(s.arch >> 8), static_cast<std::uint8_t>(s.arch)};
    m.add_option(Tins::DHCPv6::option(61, arch.begin(), arch.end()));
  }
  return m.serialize();
}

// Option header + value, for the malformed shapes libtins will not write.
inline void put_option(Bytes& out, std::uint16_t code, const Bytes& value) {
  out.push_back(static_cast<std::uint8_t>(code >> 8));
  out.push_back(static_cast<std::uint8_t>(code));
  out.push_back(static_cast<std::uint8_t>(value.size() >> 8));
  out.push_back(static_cast<std::uint8_t>(value.size()));
  out.insert(out.end(), value.begin(), value.end());
}

// `inner` wrapped in a Relay-forw (hop count `hops`, link fd00::1, peer fe80::1).
inline Bytes relay_forw(const Bytes& inner, std::uint8_t hops, const Bytes& interface_id = {}) {
  Bytes m = {12, hops};
  Bytes link(16, 0), peer(16, 0);
  link[0] = 0xfd;
  link[15] = 1;
  peer[0] = 0xfe;
  peer[1] = 0x80;
  peer[15] = 1;
  m.insert(m.end(), link.begin(), link.end());
  m.insert(m.end(), peer.begin(), peer.end());
  if (!interface_id.empty()) put_option(m, 18, interface_id);
  put_option(m, 9, inner);
  return m;
}

// The value of `code` in a libtins-parsed message; empty when absent.
inline std::string option_text(const Tins::DHCPv6& m, std::uint16_t code) {
  const Tins::DHCPv6::option* o = m.search_option(static_cast<Tins::DHCPv6::OptionTypes>(code));
  return o ? std::string(o->data_ptr(), o->data_ptr() + o->data_size()) : std::string();
}

}  // namespace pxescope::test6
