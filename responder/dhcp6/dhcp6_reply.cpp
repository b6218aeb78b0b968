#include "responder/dhcp6/dhcp6_reply.hpp"

#include "analyzer/dhcp/option_table.hpp"
#include "analyzer/dhcpv6/dhcpv6_option_table.hpp"

namespace pxescope::responder {

using namespace dhcpv6;

namespace {

// A configured option holding dnsmasq's "[::]": its text, with this server's address in it,
// through the table row's text encoder (config-checked at load: never fails here).
void add_text_option(std::vector<std::uint8_t>& out, std::uint16_t code, std::string_view text) {
  thread_local std::vector<std::uint8_t> value;
  value.clear();
  const OptionDef* def = find_option(code);
  if (def == nullptr || !encode_value(*def, text, value)) return;
  append_option(out, code, value);
}

// The rest is typed: written through the table's typed entry, no text made and parsed back.
void add_status(std::vector<std::uint8_t>& out, std::uint16_t code) {
  append_typed_option(out, kOptStatusCode, {code, dhcp::value_name(status_code_names(), code)});
}

void add_ia_na(std::vector<std::uint8_t>& out, const Dhcp6Reply& r) {
  const std::size_t ia = begin_option(out, kOptIaNa, {r.iaid, r.t1, r.t2});
  if (r.has_address)
    end_option(out, begin_option(out, kOptIaAddr,
                                 {std::span<const std::uint8_t>(r.address), r.preferred, r.valid}));
  if (r.has_ia_status) add_status(out, r.ia_status);
  end_option(out, ia);
}

void write_message(const Dhcp6Request& req, const Dhcp6Reply& r, const Dhcp6Identity& server,
                   std::vector<std::uint8_t>& out) {
  out.push_back(r.message_type);
  out.push_back(static_cast<std::uint8_t>(r.xid >> 16));
  out.push_back(static_cast<std::uint8_t>(r.xid >> 8));
  out.push_back(static_cast<std::uint8_t>(r.xid));
  append_option(out, kOptServerId, server.duid);
  if (!req.client_id.empty()) append_option(out, kOptClientId, req.client_id);
  if (r.rapid_commit) append_typed_option(out, kOptRapidCommit, {});
  if (r.has_status) add_status(out, r.status);
  if (r.has_ia) add_ia_na(out, r);
  if (!r.bootfile_url.empty())
    append_typed_option(out, kOptBootfileUrl, {std::string_view(r.bootfile_url)});
  for (const Dhcp6Option* o : r.options) {
    if (o->server_placeholder) {
      thread_local std::string text;
      with_server_address(o->text, server, text);
      add_text_option(out, o->code, text);
    } else
      append_option(out, o->code, o->value);
  }
}

}  // namespace

void Dhcp6Reply::clear() {
  std::vector<const Dhcp6Option*> keep = std::move(options);
  std::string url = std::move(bootfile_url);
  *this = Dhcp6Reply{};
  keep.clear();
  url.clear();
  options = std::move(keep);  // capacity kept: no allocation per reply once warm
  bootfile_url = std::move(url);
}

void with_server_address(std::string_view text, const Dhcp6Identity& server, std::string& out) {
  out.assign(text);
  const std::string& host = server.url_host();
  for (std::size_t at = out.find("[::]"); at != std::string::npos;
       at = out.find("[::]", at + host.size()))
    out.replace(at, 4, host);
}

void write_dhcp6_reply(const Dhcp6Request& req, const Dhcp6Reply& reply,
                       const Dhcp6Identity& server, std::vector<std::uint8_t>& out) {
  out.clear();
  write_message(req, reply, server, out);
  // Innermost relay first: each Relay-reply carries the message below it (RFC 8415 §19.3).
  thread_local std::vector<std::uint8_t> inner;
  for (std::size_t i = req.relay_count; i-- > 0;) {
    const RelayHop6& hop = req.relays[i];
    inner.swap(out);
    out.clear();
    out.push_back(kRelayRepl);
    out.push_back(hop.hop_count);
    out.insert(out.end(), hop.link.begin(), hop.link.end());
    out.insert(out.end(), hop.peer.begin(), hop.peer.end());
    if (hop.has_interface_id) append_option(out, kOptInterfaceId, hop.interface_id);
    append_option(out, kOptRelayMsg, inner);
  }
}

}  // namespace pxescope::responder
