#include "analyzer/lint/capture_linter.hpp"

#include "analyzer/link/bytes.hpp"
#include "analyzer/link/udp_locator.hpp"
#include "analyzer/lint/lint_index.hpp"

namespace pxescope {
namespace {

constexpr std::size_t kXidAt = 4, kChaddrAt = 28;  // RFC 2131 section 2, figure 1

}  // namespace

const std::vector<LintFinding>& CaptureLinter::check(const Frame& frame) {
  findings_.clear();
  UdpLocation loc;
  if (!locate_udp(frame.data, frame.link_type, loc) || loc.payload_length < 236) return findings_;
  const bool dhcp_port =
      loc.dst_port == 67 || loc.dst_port == 68 || loc.dst_port == 4011 || loc.src_port == 4011;
  if (!dhcp_port) return findings_;
  // What DhcpMessage::parse checks first (op 1/2, the fixed header: payload_length >= 236
  // above), read from the bytes: a request is only remembered, not parsed.
  const auto payload = frame.data.subspan(loc.payload_offset, loc.payload_length);
  const std::uint8_t op = payload[0], hlen = payload[2];
  if ((op != 1 && op != 2) || hlen != 6) return findings_;
  std::uint64_t key = 0;
  for (std::size_t i = 0; i < 6; ++i) key = (key << 8) | payload[kChaddrAt + i];
  if (op == 1) {
    (loc.dst_port == 4011 ? last_4011_ : last_request_).remember(key, payload);
    return findings_;
  }
  DhcpMessage& m = reply_;
  m.parse(payload);
  LintContext ctx;
  ctx.reply_from_4011 = loc.src_port == 4011;
  const auto remembered = (ctx.reply_from_4011 ? last_4011_ : last_request_).find(key);
  const DhcpMessage* request = nullptr;
  if (!remembered.empty() && bytes::be32(remembered.data() + kXidAt) == m.xid) {
    request_.parse(remembered);
    request = &request_;
  }
  findings_ = lint_reply(m, request, ctx);
  if (grub_watch_.size() >= kMaxClients && !grub_watch_.count(key)) grub_watch_.clear();
  const std::uint32_t server = m.server_id() ? m.server_id() : loc.src_ip;
  if (auto trap = grub_watch_[key].add({server, m.yiaddr, m.siaddr, m.boot_file()}))
    findings_.push_back(std::move(*trap));
  return findings_;
}

std::size_t CaptureLinter::check_and_annotate(const Frame& frame, FieldTree& tree) {
  return annotate_reply_tree(tree, check(frame));
}

DissectResult CaptureLinter::dissect_and_annotate(PacketDissector& dissector, const Frame& frame,
                                                  FieldTree& tree) {
  const DissectResult result = dissector.dissect(frame, tree);
  if (result.protocol == AppProtocol::Dhcp) check_and_annotate(frame, tree);
  return result;
}

void CaptureLinter::clear() {
  last_request_.clear();
  last_4011_.clear();
  grub_watch_.clear();
  findings_.clear();
}

}  // namespace pxescope
