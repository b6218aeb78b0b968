#include "analyzer/lint/capture_linter.hpp"

#include "analyzer/link/udp_locator.hpp"

namespace pxescope {

const std::vector<LintFinding>& CaptureLinter::check(const Frame& frame) {
  findings_.clear();
  UdpLocation loc;
  if (!locate_udp(frame.data, frame.link_type, loc) || loc.payload_length < 236) return findings_;
  const bool dhcp_port =
      loc.dst_port == 67 || loc.dst_port == 68 || loc.dst_port == 4011 || loc.src_port == 4011;
  if (!dhcp_port) return findings_;
  DhcpMessage m;
  if (!m.parse(frame.data.subspan(loc.payload_offset, loc.payload_length)) || m.hlen != 6)
    return findings_;
  std::uint64_t key = 0;
  for (auto b : m.mac) key = (key << 8) | b;
  if (m.op == 1) {
    auto& table = loc.dst_port == 4011 ? last_4011_ : last_request_;
    if (table.size() >= kMaxClients && !table.count(key)) table.clear();
    table[key] = std::move(m);
    return findings_;
  }
  LintContext ctx;
  ctx.reply_from_4011 = loc.src_port == 4011;
  const auto& table = ctx.reply_from_4011 ? last_4011_ : last_request_;
  const auto it = table.find(key);
  const DhcpMessage* request = it != table.end() && it->second.xid == m.xid ? &it->second : nullptr;
  findings_ = lint_reply(m, request, ctx);
  if (grub_watch_.size() >= kMaxClients && !grub_watch_.count(key)) grub_watch_.clear();
  const std::uint32_t server = m.server_id() ? m.server_id() : loc.src_ip;
  if (auto trap = grub_watch_[key].add({server, m.yiaddr, m.siaddr, m.boot_file()}))
    findings_.push_back(std::move(*trap));
  return findings_;
}

std::size_t CaptureLinter::check_and_annotate(const Frame& frame, FieldTree& tree) {
  const auto& findings = check(frame);
  if (findings.empty()) return 0;
  NodeId dhcp = kNoNode;
  tree.for_each_child(kNoNode, [&](NodeId id) {
    if (dhcp == kNoNode && tree[id].name == "dhcp") dhcp = id;
  });
  annotate_dhcp_tree(tree, dhcp, findings);
  return findings.size();
}

void CaptureLinter::clear() {
  last_request_.clear();
  last_4011_.clear();
  grub_watch_.clear();
  findings_.clear();
}

}  // namespace pxescope
