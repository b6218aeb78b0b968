#include "responder/dhcp6/dhcp6_log.hpp"

#include <cstdio>

#include "analyzer/dhcp/option_table.hpp"
#include "analyzer/dhcpv6/dhcpv6_option_table.hpp"
#include "responder/dhcp6/dhcp6_leases.hpp"

namespace pxescope::responder {

using Field = EventLog::Field;

namespace {

Field text(std::string_view key, std::string_view value) {
  return {key, value};
}
Field number(std::string_view key, std::uint64_t value) {
  return {key, {}, value, true};
}

}  // namespace

void Dhcp6Log::request(const Dhcp6Engine& engine, Outcome6 outcome, std::string_view from,
                       std::string_view to, bool sent, bool dry_run) {
  if (outcome == Outcome6::Malformed) {
    summarize();
    if (!malformed_.allow(LogRateLimit::Clock::now())) {
      last_from_.assign(from);
      return;
    }
    const Field fields[] = {text("from", from),
                            text("reason", parse_error6_text(engine.parse_error()))};
    log_.line("dhcp6-malformed", fields);
    return;
  }
  if (quiet_) return;
  const Dhcp6Request& req = engine.request();
  Field fields[16];
  std::size_t n = 0;
  fields[n++] = text("request", dhcpv6::message_type_name(req.message_type));
  char xid[9];
  std::snprintf(xid, sizeof xid, "0x%06x", req.xid);
  fields[n++] = text("xid", xid);
  fields[n++] = text("from", from);
  const std::string duid = duid_text(req.client_id);
  if (!duid.empty()) fields[n++] = text("duid", duid);
  MacAddress mac{};
  const std::string mac_text = req.mac(mac) ? format_mac(mac) : std::string();
  if (!mac_text.empty()) fields[n++] = text("mac", mac_text);
  if (req.has_arch) {
    fields[n++] = number("arch", req.arch);
    const std::string_view name = dhcp::arch_short_name(req.arch);
    fields[n++] = text("arch_name", name.empty() ? std::string_view("unknown") : name);
  }
  if (req.is_ipxe()) fields[n++] = text("client", "ipxe");
  const std::string relay = req.relayed() ? format_ipv6(req.relays[0].link) : std::string();
  if (req.relayed()) fields[n++] = text("relay", relay);
  if (outcome != Outcome6::Reply) {
    fields[n++] = text("reason", verdict6_text(engine.verdict()));
    log_.line("dhcp6-ignored", std::span<const Field>(fields, n));
    return;
  }
  const Dhcp6Reply& r = engine.reply();
  fields[n++] = text("reply", dhcpv6::message_type_name(r.message_type));
  const std::string address = r.has_address ? format_ipv6(r.address) : std::string();
  if (r.has_address) fields[n++] = text("address", address);
  if (r.has_ia_status || r.has_status) {
    const std::uint16_t code = r.has_ia_status ? r.ia_status : r.status;
    fields[n++] = text("status", dhcp::value_name(dhcpv6::status_code_names(), code));
  }
  if (!r.bootfile_url.empty()) fields[n++] = text("url", r.bootfile_url);
  fields[n++] = text("to", to);
  if (dry_run)
    fields[n++] = text("sent", "dry-run");
  else if (!sent)
    fields[n++] = text("sent", "failed");
  log_.line("dhcp6", std::span<const Field>(fields, n));
}

void Dhcp6Log::summarize(bool force) {
  const std::uint64_t count = malformed_.take_suppressed(LogRateLimit::Clock::now(), force);
  if (count == 0) return;
  const Field fields[] = {
      number("count", count),
      number("window_s", static_cast<std::uint64_t>(EventLog::kMalformedWindow.count())),
      text("last_from", last_from_)};
  log_.line("dhcp6-malformed-suppressed", fields);
}

}  // namespace pxescope::responder
