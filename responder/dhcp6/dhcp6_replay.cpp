#include "responder/dhcp6/dhcp6_replay.hpp"

#include <cstring>

#include "analyzer/capture_reader.hpp"
#include "analyzer/dhcp/option_table.hpp"
#include "analyzer/dhcpv6/dhcpv6_option_table.hpp"
#include "analyzer/packet_dissector.hpp"

namespace pxescope::responder {

Dhcp6Identity replay_identity6(ResponderConfig& cfg) {
  Dhcp6Identity id;
  id.duid = duid_ll({0x02, 0, 0, 0, 0, 0x01});
  parse_ipv6("2001:db8::1", id.address);
  Dhcp6Config& d = cfg.dhcp6;
  if (d.full && !d.constructor.empty()) {  // the documentation prefix stands for IFACE's
    std::memcpy(d.range_start.data(), id.address.data(), 8);
    std::memcpy(d.range_end.data(), id.address.data(), 8);
  } else if (d.full) {
    std::memcpy(id.address.data(), d.range_start.data(), 8);
  }
  return id;
}

std::string replay_line6(const Dhcp6Engine& engine, Outcome6 outcome) {
  if (outcome == Outcome6::Malformed)
    return "ignored: malformed (" + std::string(parse_error6_text(engine.parse_error())) + ")";
  const Dhcp6Request& req = engine.request();
  char xid[12];
  std::snprintf(xid, sizeof xid, "0x%06x", req.xid);
  std::string line = std::string(dhcpv6::message_type_name(req.message_type)) + " xid " + xid;
  if (req.relayed()) line += " via relay " + format_ipv6(req.relays[0].link);
  if (req.has_arch) {
    line += " arch " + std::to_string(req.arch);
    const std::string_view name = dhcp::arch_short_name(req.arch);
    if (!name.empty()) line += " (" + std::string(name) + ")";
  }
  line += ": ";
  if (outcome != Outcome6::Reply)
    return line + "ignored: " + std::string(verdict6_text(engine.verdict()));
  const Dhcp6Reply& r = engine.reply();
  line += dhcpv6::message_type_name(r.message_type);
  if (req.relayed()) line += " in Relay-reply";
  if (r.has_address) line += " address " + format_ipv6(r.address);
  if (r.has_ia_status || r.has_status)
    line += " status " + std::string(dhcp::value_name(dhcpv6::status_code_names(),
                                                      r.has_ia_status ? r.ia_status : r.status));
  if (!r.bootfile_url.empty()) line += " url " + r.bootfile_url;
  if (r.bootfile_url.empty() && !r.has_address && !r.has_status && !r.has_ia_status)
    line += " (no boot file, no address)";
  return line;
}

bool replay_dhcp6_capture(const std::string& path, const ResponderConfig& cfg_in, std::FILE* out,
                          ReplayStats& stats, std::string& error) {
  CaptureReader reader;
  if (!reader.open_file(path)) {
    error = reader.error();
    return false;
  }
  ResponderConfig cfg = cfg_in;
  const Dhcp6Identity id = replay_identity6(cfg);
  Dhcp6Engine engine(cfg, id);
  PacketDissector dissector;
  FieldTree tree;
  Frame frame;
  while (reader.next(frame)) {
    // The analyzer finds the DHCPv6 message (any link type, VLANs); requests go to 547.
    dissector.reset();
    dissector.dissect(frame, tree);
    const NodeId top = tree.find("dhcpv6");
    const NodeId port = tree.find("udp.dstport");
    if (top == kNoNode || port == kNoNode || tree[port].uint_value != dhcpv6::kServerPort) continue;
    const FieldNode& n = tree[top];
    if (n.offset + n.length > frame.data.size()) continue;
    ++stats.requests;
    MacAddress mac{};
    const bool ethernet = frame.link_type == 1 && frame.data.size() >= 14;
    if (ethernet) std::memcpy(mac.data(), &frame.data[6], 6);
    const Outcome6 outcome = engine.handle(frame.data.subspan(n.offset, n.length), frame.ts_sec,
                                           ethernet ? &mac : nullptr);
    if (outcome == Outcome6::Reply)
      ++stats.replies;
    else
      ++stats.ignored;
    if (outcome == Outcome6::Malformed) ++stats.malformed;
    std::fprintf(out, "frame %llu: dhcp6 %s\n", static_cast<unsigned long long>(frame.index),
                 replay_line6(engine, outcome).c_str());
  }
  return true;
}

}  // namespace pxescope::responder
