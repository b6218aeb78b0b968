#include "responder/dhcp6/dhcp6_report.hpp"

#include <cstdio>

#include "analyzer/dhcp/option_table.hpp"
#include "analyzer/dhcpv6/dhcpv6_option_table.hpp"
#include "responder/dhcp6/dhcp6_engine.hpp"
#include "responder/dhcp6/dhcp6_replay.hpp"

namespace pxescope::responder {

using namespace dhcpv6;

namespace {

struct FirmwareKind {
  const char* label;
  std::uint16_t arch;
  bool http;
  bool ipxe;
};
// The clients that network-boot over IPv6 (there is no BIOS PXEv6).
constexpr FirmwareKind kKinds[] = {
    {"x64 UEFI PXEv6", 7, false, false},    {"x64 UEFI HTTPv6", 16, true, false},
    {"arm64 UEFI PXEv6", 11, false, false}, {"arm64 UEFI HTTPv6", 19, true, false},
    {"ia32 UEFI PXEv6", 6, false, false},   {"iPXE x64 UEFI", 7, false, true},
};

void add(std::vector<std::uint8_t>& out, std::uint16_t code, std::string_view text) {
  std::vector<std::uint8_t> value;
  if (encode_value(*find_option(code), text, value)) append_option(out, code, value);
}

}  // namespace

std::vector<std::uint8_t> build_solicit6(std::uint16_t arch, bool http, bool ipxe,
                                         const std::array<std::uint8_t, 6>& mac,
                                         std::uint32_t xid) {
  std::vector<std::uint8_t> m = {kSolicit, static_cast<std::uint8_t>(xid >> 16),
                                 static_cast<std::uint8_t>(xid >> 8),
                                 static_cast<std::uint8_t>(xid)};
  append_option(m, kOptClientId, duid_ll(mac));
  add(m, kOptIaNa, "1,0,0");
  add(m, kOptOro, "59,60,23");
  char vendor[48];
  std::snprintf(vendor, sizeof vendor, "343,%s:Arch:%05u:UNDI:003000",
                http ? "HTTPClient" : "PXEClient", arch);
  add(m, kOptVendorClass, vendor);
  add(m, kOptClientArch, std::to_string(arch));
  if (ipxe) add(m, kOptUserClass, "iPXE");
  return m;
}

std::vector<Dhcp6ReportLine> report_dhcp6_clients(const ResponderConfig& cfg_in) {
  std::vector<Dhcp6ReportLine> lines;
  if (!cfg_in.dhcp6.answers()) return lines;
  ResponderConfig cfg = cfg_in;
  const Dhcp6Identity id = replay_identity6(cfg);
  std::uint8_t n = 0;
  for (const FirmwareKind& k : kKinds) {
    Dhcp6Engine engine(cfg, id);  // a fresh lease table per kind: each sees a free range
    const auto solicit = build_solicit6(k.arch, k.http, k.ipxe, {0x02, 0, 0, 0, 0x06, ++n}, 0x1000);
    const Outcome6 outcome = engine.handle(solicit, 0);
    Dhcp6ReportLine line;
    const std::string_view name = dhcp::arch_short_name(k.arch);
    line.kind = std::string("DHCPv6 ") + k.label + " (" + std::string(name) + ", " +
                std::to_string(k.arch) + ")";
    line.answered = outcome == Outcome6::Reply && !engine.reply().bootfile_url.empty();
    const std::string words = replay_line6(engine, outcome);
    line.answer = words.substr(words.find(": ") + 2);
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace pxescope::responder
