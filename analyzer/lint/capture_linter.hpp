// The offer linter over a stream of frames (a capture file, a live capture, the GUI's packet
// list): remembers each client's last DHCP request (and port-4011 request) so every reply is
// checked against the request it answers, and puts the findings on the reply's field tree.
//
//   CaptureLinter linter;  PacketDissector d;  FieldTree tree;
//   while (reader.next(frame)) {
//     d.dissect(frame, tree);
//     linter.check_and_annotate(frame, tree);   // warnings appear on the dhcp.* nodes
//   }
// Parses each DHCP frame once more (a copy of its bytes): meant for the tree/JSON/GUI paths,
// not for the one-line summary fast path.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "analyzer/field_tree.hpp"
#include "analyzer/frame.hpp"
#include "analyzer/lint/grub_proxy_lint.hpp"
#include "analyzer/lint/last_request_table.hpp"
#include "analyzer/lint/offer_lint.hpp"
#include "analyzer/packet_dissector.hpp"

namespace pxescope {

class CaptureLinter {
 public:
  // Findings for this frame when it is a DHCP reply (empty for requests and other frames).
  const std::vector<LintFinding>& check(const Frame& frame);
  // The last check()'s findings.
  const std::vector<LintFinding>& findings() const { return findings_; }
  // check(), then each finding as a warning on the frame's tree (its top-level "dhcp" node).
  // Returns the number of findings.
  std::size_t check_and_annotate(const Frame& frame, FieldTree& tree);
  // The one way a frame is read with its findings (`analyze -V`, `-Y`, `--expert`, the GUI's
  // passes): dissected into `tree`, then, when it is DHCP, checked and annotated, so that
  // `_ws.expert` and the colouring rules see the linter's findings as well as the dissectors'.
  DissectResult dissect_and_annotate(PacketDissector& dissector, const Frame& frame,
                                     FieldTree& tree);
  void clear();

 private:
  static constexpr std::size_t kMaxClients = LastRequestTable::kMaxClients;
  LastRequestTable last_request_;  // by MAC: requests are kept as bytes, parsed on a reply
  LastRequestTable last_4011_;     // by MAC
  std::unordered_map<std::uint64_t, GrubProxyWatch> grub_watch_;  // by MAC: proxy + GRUB trap
  std::vector<LintFinding> findings_;
  DhcpMessage reply_, request_;  // parsed again for each reply (their buffers are reused)
};

}  // namespace pxescope
