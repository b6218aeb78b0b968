#include "analyzer/lint/lint_index.hpp"

#include "analyzer/capture_reader.hpp"
#include "analyzer/link/udp_locator.hpp"
#include "analyzer/lint/capture_linter.hpp"
#include "analyzer/packet_dissector.hpp"

namespace pxescope {

bool LintIndex::build(const std::string& path, const std::atomic<bool>* cancel,
                      std::string& error) {
  by_frame_.clear();
  CaptureReader reader;
  if (!reader.open_file(path)) {
    error = reader.error();
    return false;
  }
  PacketDissector dissector;
  CaptureLinter linter;
  FieldTree tree;
  tree.set_info_wanted(false);
  Frame frame;
  while (reader.next(frame)) {
    if (cancel && cancel->load(std::memory_order_relaxed)) break;
    // `analyze -V` lints the frames the dissector calls DHCP; only the DHCP ports can be.
    UdpLocation loc;
    if (!locate_udp(frame.data, frame.link_type, loc)) continue;
    const bool dhcp_port = loc.dst_port == 67 || loc.dst_port == 68 || loc.dst_port == 4011 ||
                           loc.src_port == 4011 || loc.src_port == 67 || loc.src_port == 68;
    if (!dhcp_port || dissector.dissect(frame, tree).protocol != AppProtocol::Dhcp) continue;
    const std::vector<LintFinding>& findings = linter.check(frame);
    if (!findings.empty()) by_frame_[frame.index] = findings;
  }
  return true;
}

const std::vector<LintFinding>* LintIndex::find(std::uint64_t frame) const {
  const auto it = by_frame_.find(frame);
  return it == by_frame_.end() ? nullptr : &it->second;
}

std::size_t annotate_reply_tree(FieldTree& tree, const std::vector<LintFinding>& findings) {
  if (findings.empty()) return 0;
  NodeId dhcp = kNoNode;
  tree.for_each_child(kNoNode, [&](NodeId id) {
    if (dhcp == kNoNode && tree[id].name == "dhcp") dhcp = id;
  });
  annotate_dhcp_tree(tree, dhcp, findings);
  return findings.size();
}

}  // namespace pxescope
