#include "analyzer/stats/dhcp_servers.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "analyzer/clients/client_table.hpp"
#include "analyzer/render.hpp"

namespace pxescope {
namespace {

// DHCPv4 message types (option 53) and DHCPv6 ones (RFC 8415) that a server sends.
constexpr std::uint8_t kOffer = 2, kAck = 5, kNak = 6;
constexpr std::uint8_t kV6Advertise = 2, kV6Reply = 7;

// Boot information, as the firmware reads it: a boot file, a PXE menu or boot-server list
// (43), or a proxyDHCP offer (which sends the client to that server's port 4011). siaddr alone
// is not: dnsmasq, as a plain router, puts its own address there in every reply.
bool gives_boot_info(const ServerReply& r) {
  return !r.boot_file.empty() || r.menu || r.boot_servers || r.proxy;
}

// Where one server sent one client: the file (a 4011 ACK's included) and the host it comes
// from (siaddr, else the server itself, as a proxy or 4011 answer means). Two servers that
// send a client to different places leave the boot to whichever offer the firmware takes.
struct BootPointer {
  std::string file, menu, host;
  bool offered = false;  // not only a 4011 answer (a boot server the client chose to ask)
  std::string text() const {
    std::string what = !file.empty()   ? file
                       : !menu.empty() ? "menu \"" + menu + "\""
                                       : std::string("a proxy offer without file");
    return what + " from " + host;
  }
};

void note_boot_pointer(BootPointer& p, const ServerReply& r, const std::string& server) {
  if (p.host.empty())
    p.host = r.server_address.empty() && r.siaddr ? format_ipv4(r.siaddr) : server;
  if (p.file.empty() && !r.boot_file.empty()) {
    p.file = r.boot_file;
    if (r.server_address.empty() && r.siaddr) p.host = format_ipv4(r.siaddr);
  }
  if (p.menu.empty()) p.menu = r.menu_text;
  p.offered |= !r.from_4011;
}

}  // namespace

std::vector<DhcpServerStats> dhcp_server_stats(const std::vector<ClientStory>& stories) {
  std::vector<DhcpServerStats> rows;
  std::map<std::string, std::size_t> row_of;
  std::vector<std::set<std::string>> clients_of;
  for (const ClientStory& story : stories) {
    const std::string client = format_mac(story.mac);
    // Per server, what it told this client to boot (replies with boot information only).
    std::map<std::string, BootPointer> told;
    for (const ServerReply& r : story.replies) {
      const std::string server = server_text(r);
      auto [it, added] = row_of.try_emplace(server, rows.size());
      if (added) {
        rows.emplace_back();
        clients_of.emplace_back();
        rows.back().server = server;
        rows.back().ipv6 = !r.server_address.empty();
        rows.back().first_frame = r.frame;
      }
      DhcpServerStats& row = rows[it->second];
      ++row.replies;
      if (row.ipv6) {
        row.offers += r.type == kV6Advertise;
        row.acks += r.type == kV6Reply;
      } else {
        row.offers += r.type == kOffer;
        row.acks += r.type == kAck;
        row.naks += r.type == kNak;
      }
      row.proxy |= r.proxy;
      row.port_4011 |= r.from_4011;
      row.first_frame = std::min(row.first_frame, r.frame);
      row.last_frame = std::max(row.last_frame, r.frame);
      clients_of[it->second].insert(client);
      if (!gives_boot_info(r)) continue;
      row.boot_info = true;
      if (!r.boot_file.empty() && std::find(row.boot_files.begin(), row.boot_files.end(),
                                            r.boot_file) == row.boot_files.end())
        row.boot_files.push_back(r.boot_file);
      note_boot_pointer(told[server], r, server);
    }
    for (const auto& [server, pointer] : told) {
      const std::string info = pointer.text();
      for (const auto& [other, other_pointer] : told) {
        const std::string other_info = other_pointer.text();
        if (other == server || other_info == info || !pointer.offered || !other_pointer.offered)
          continue;
        DhcpServerStats& row = rows[row_of[server]];
        if (row.conflicting) continue;  // the first client it contradicted names it
        row.conflicting = true;
        row.conflict =
            client + ": " + server + " gave " + info + ", " + other + " gave " + other_info;
      }
    }
  }
  for (std::size_t i = 0; i < rows.size(); ++i)
    rows[i].clients = static_cast<std::uint32_t>(clients_of[i].size());
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.first_frame < b.first_frame; });
  return rows;
}

std::string dhcp_servers_json(const std::vector<DhcpServerStats>& servers) {
  std::string out = "[";
  for (const DhcpServerStats& s : servers) {
    if (out.size() > 1) out += ',';
    out += "{\"server\":";
    append_json_string(s.server, out);
    out += ",\"ipv6\":" + std::string(s.ipv6 ? "true" : "false");
    out += ",\"offers\":" + std::to_string(s.offers);
    out += ",\"acks\":" + std::to_string(s.acks);
    out += ",\"naks\":" + std::to_string(s.naks);
    out += ",\"replies\":" + std::to_string(s.replies);
    out += ",\"clients\":" + std::to_string(s.clients);
    out += ",\"proxy\":" + std::string(s.proxy ? "true" : "false");
    out += ",\"port_4011\":" + std::string(s.port_4011 ? "true" : "false");
    out += ",\"boot_info\":" + std::string(s.boot_info ? "true" : "false");
    out += ",\"boot_files\":[";
    for (std::size_t i = 0; i < s.boot_files.size(); ++i) {
      if (i) out += ',';
      append_json_string(s.boot_files[i], out);
    }
    out += "],\"first_frame\":" + std::to_string(s.first_frame);
    out += ",\"last_frame\":" + std::to_string(s.last_frame);
    out += ",\"conflicting\":" + std::string(s.conflicting ? "true" : "false");
    out += ",\"conflict\":";
    append_json_string(s.conflict, out);
    out += '}';
  }
  out += "]\n";
  return out;
}

}  // namespace pxescope
