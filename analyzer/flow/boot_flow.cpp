#include "analyzer/flow/boot_flow.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <string_view>
#include <unordered_map>

#include "analyzer/ascii.hpp"
#include "analyzer/capture_reader.hpp"
#include "analyzer/clients/client_table.hpp"
#include "analyzer/story/http_fetches.hpp"

namespace pxescope::flow {
namespace {

// What an arrow's label says about the host at the server's end.
struct RoleRule {
  std::string_view label_prefix;
  bool client_sends;  // the rule names the receiver (else the sender)
  std::string_view role;
};
constexpr RoleRule kRoleRules[] = {
    {"OFFER", false, "DHCP server"},       {"ACK", false, "DHCP server"},
    {"NAK", false, "DHCP server"},         {"proxy ", false, "proxyDHCP"},
    {"4011 ", false, "proxyDHCP"},         {"4011 ", true, "proxyDHCP"},
    {"Advertise", false, "DHCPv6 server"}, {"Reply", false, "DHCPv6 server"},
    {"RRQ ", true, "TFTP server"},         {"WRQ ", true, "TFTP server"},
    {"GET ", true, "HTTP server"},         {"HEAD ", true, "HTTP server"},
    {"OACK", false, "TFTP server"},
};

bool is_broadcast(const std::string& address) {
  return address == "255.255.255.255" || address == "broadcast" || address.starts_with("ff02:");
}

std::string mac_key(const Mac& mac) {
  return format_mac(mac);
}

// Builds the columns as steps name them: one host per client MAC or server address.
class HostTable {
 public:
  std::size_t client(const ClientStory& s) {
    const std::string key = "client " + mac_key(s.mac);
    const auto [it, added] = index_.try_emplace(key, hosts_.size());
    if (added) {
      std::string name = mac_key(s.mac);
      if (s.ip && !Ipv6AddressIds::is_id(s.ip)) name += " (" + format_ipv4(s.ip) + ")";
      hosts_.push_back({std::move(name), "client"});
      clients_.push_back(it->second);
    }
    return it->second;
  }
  std::size_t server(const std::string& address) {
    const std::string key = is_broadcast(address) ? "broadcast" : address;
    const auto [it, added] = index_.try_emplace(key, hosts_.size());
    if (added) hosts_.push_back({key, key == "broadcast" ? "broadcast" : ""});
    return it->second;
  }
  void add_role(std::size_t host, std::string_view role) {
    std::string& r = hosts_[host].role;
    if (r == "client" || r == "broadcast" || r.find(role) != std::string::npos) return;
    r += (r.empty() ? "" : " + ") + std::string(role);
  }
  // Clients first, the broadcast column last, the rest as they appeared; `steps` follow.
  std::vector<FlowHost> finish(std::vector<FlowStep>& steps) {
    std::vector<std::size_t> order(clients_);
    for (std::size_t i = 0; i < hosts_.size(); ++i)
      if (hosts_[i].role != "client" && hosts_[i].role != "broadcast") order.push_back(i);
    for (std::size_t i = 0; i < hosts_.size(); ++i)
      if (hosts_[i].role == "broadcast") order.push_back(i);
    std::vector<std::size_t> column(hosts_.size());
    std::vector<FlowHost> out;
    for (std::size_t i : order) {
      column[i] = out.size();
      FlowHost h = hosts_[i];
      if (h.role.empty()) h.role = "host";
      out.push_back(std::move(h));
    }
    for (FlowStep& s : steps) s.from = column[s.from], s.to = column[s.to];
    return out;
  }

 private:
  std::vector<FlowHost> hosts_;
  std::vector<std::size_t> clients_;
  std::map<std::string, std::size_t> index_;
};

// Which story a packet belongs to, and whether the client sent it.
struct Owner {
  std::size_t story = SIZE_MAX;
  bool client_sent = false;
};

class PacketOwners {
 public:
  explicit PacketOwners(const std::vector<ClientStory>& stories) {
    for (std::size_t i = 0; i < stories.size(); ++i) {
      const ClientStory& s = stories[i];
      by_mac_.emplace(mac_key(s.mac), i);
      if (s.ip && !Ipv6AddressIds::is_id(s.ip)) by_ip_.emplace(format_ipv4(s.ip), i);
      for (const TftpTransferStory& x : s.transfers)
        if (!Ipv6AddressIds::is_id(x.client_ip)) by_ip_.emplace(format_ipv4(x.client_ip), i);
    }
  }
  Owner of(const PacketArrow& p) const {
    if (p.names_client) return {find(by_mac_, mac_key(p.client_mac)), p.from_client};
    if (p.has_macs) {
      if (const std::size_t s = find(by_mac_, mac_key(p.src_mac)); s != SIZE_MAX) return {s, true};
      if (const std::size_t s = find(by_mac_, mac_key(p.dst_mac)); s != SIZE_MAX) return {s, false};
    }
    if (const std::size_t s = find(by_ip_, p.from); s != SIZE_MAX) return {s, true};
    return {find(by_ip_, p.to), false};
  }

 private:
  static std::size_t find(const std::unordered_map<std::string, std::size_t>& m,
                          const std::string& key) {
    const auto it = m.find(key);
    return it == m.end() ? SIZE_MAX : it->second;
  }
  std::unordered_map<std::string, std::size_t> by_mac_, by_ip_;
};

FlowStep bar(std::size_t client, std::size_t server, const std::string& what, std::uint64_t bytes,
             double start, double end, std::uint64_t first, std::uint64_t last, bool complete,
             double capture_start) {
  FlowStep s;
  s.frame = first;
  s.last_frame = std::max(first, last);
  s.time = start - capture_start;
  s.end = end - capture_start;
  s.from = server;
  s.to = client;
  s.label = transfer_label(what, bytes, end - start);
  s.detail = s.label + (complete ? "" : " (incomplete)") + ", frames " + std::to_string(first) +
             "-" + std::to_string(s.last_frame);
  s.transfer = true;
  s.failed = !complete;
  s.bytes = bytes;
  return s;
}

// The story's transfers that carried data, as bars.
void add_transfers(const ClientStory& s, std::size_t client, HostTable& hosts, double capture_start,
                   std::vector<FlowStep>& steps) {
  for (const TftpTransferStory& x : s.transfers) {
    if (x.blocks == 0) continue;  // no data: its RRQ and ERROR arrows tell it
    const std::size_t server = hosts.server(server_text(x));
    hosts.add_role(server, "TFTP server");
    steps.push_back(bar(client, server, x.file, x.bytes, x.start, x.end, x.first_frame,
                        x.last_frame, x.complete, capture_start));
  }
  for (const HttpFetchStory& x : s.http) {
    if (x.bytes == 0) continue;
    const std::size_t server = hosts.server(format_ipv4(x.server_ip));
    hosts.add_role(server, "HTTP server");
    const std::size_t slash = x.url.rfind('/');
    const std::string file = slash == std::string::npos ? x.url : x.url.substr(slash + 1);
    steps.push_back(bar(client, server, file, x.bytes, x.start, x.end, x.first_frame, x.last_frame,
                        http_fetch_succeeded(x), capture_start));
  }
}

}  // namespace

std::string transfer_label(const std::string& file, std::uint64_t bytes, double seconds) {
  // Thousands separated, as people read sizes.
  std::string digits = std::to_string(bytes), grouped;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  char duration[32];
  std::snprintf(duration, sizeof duration, "%.2f s", seconds);
  return file + " " + grouped + " bytes in " + duration;
}

void BootFlowBuilder::add(const Frame& frame) {
  if (!any_frame_) capture_.capture_start = frame_seconds(frame), any_frame_ = true;
  stories_.add(frame);
  if (!reader_.read(frame, arrow_)) return;
  if (capture_.packets.size() >= kMaxPackets) {
    capture_.truncated = true;
    return;
  }
  capture_.packets.push_back(std::move(arrow_));
}

FlowCapture BootFlowBuilder::finish() {
  capture_.stories = stories_.finish();
  return std::move(capture_);
}

bool read_flow_capture(const std::string& path, FlowCapture& out, std::string& error) {
  CaptureReader reader;
  if (!reader.open_file(path)) {
    error = reader.error();
    return false;
  }
  BootFlowBuilder builder;
  Frame frame;
  while (reader.next(frame)) builder.add(frame);
  error = reader.error();
  out = builder.finish();
  return true;
}

BootFlow boot_flow(const FlowCapture& capture, const std::string& client_mac) {
  BootFlow flow;
  flow.truncated = capture.truncated;
  const PacketOwners owners(capture.stories);
  const auto wanted = [&](std::size_t story) {
    if (story == SIZE_MAX) return false;
    const ClientStory& s = capture.stories[story];
    return client_mac.empty() ? s.network_boot : ascii_lowercase(client_mac) == mac_key(s.mac);
  };
  HostTable hosts;
  std::vector<bool> seen(capture.stories.size(), false);
  for (const PacketArrow& p : capture.packets) {
    const Owner owner = owners.of(p);
    if (!wanted(owner.story)) continue;
    const ClientStory& s = capture.stories[owner.story];
    if (!seen[owner.story]) {
      seen[owner.story] = true;
      add_transfers(s, hosts.client(s), hosts, capture.capture_start, flow.steps);
    }
    const std::size_t me = hosts.client(s);
    const std::size_t other = hosts.server(owner.client_sent ? p.to : p.from);
    for (const RoleRule& rule : kRoleRules)
      if (rule.client_sends == owner.client_sent && p.label.starts_with(rule.label_prefix))
        hosts.add_role(other, rule.role);
    FlowStep step;
    step.frame = step.last_frame = p.frame;
    step.time = step.end = p.time - capture.capture_start;
    step.from = owner.client_sent ? me : other;
    step.to = owner.client_sent ? other : me;
    step.label = p.label;
    step.detail = p.detail;
    step.failed = p.failed;
    flow.steps.push_back(std::move(step));
  }
  // Bars sit where their transfer started: after the request that opened it.
  std::stable_sort(flow.steps.begin(), flow.steps.end(), [](const FlowStep& a, const FlowStep& b) {
    if (a.time != b.time) return a.time < b.time;
    if (a.frame != b.frame) return a.frame < b.frame;
    return !a.transfer && b.transfer;
  });
  flow.hosts = hosts.finish(flow.steps);
  return flow;
}

}  // namespace pxescope::flow
