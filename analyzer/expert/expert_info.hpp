// Expert information (Wireshark's Analyze ▸ Expert Information, tshark -z expert): every
// warning the dissectors and the offer linter put on a capture's frames, read the way
// `pxescope analyze -V` reads the file (each frame dissected in order, every DHCP frame given
// to the linter), with the field it concerns, and grouped by severity then code.
//
// A warning's code: the linter's own ("uuid-not-echoed", from its "pxe-lint CODE: …"
// message), else the protocol of the field it is on ("dhcp", "tftp", "udp"), as Wireshark's
// expert items are grouped by protocol.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/field_tree.hpp"
#include "analyzer/frame.hpp"

namespace pxescope {

struct ExpertItem {
  std::uint64_t frame = 0;
  Severity severity = Severity::Note;
  std::string code;
  std::string field;  // the node's name ("dhcp.option.client_system_architecture")
  std::string message;
};

std::string_view expert_code(std::string_view field, std::string_view message);

// Appends every warning of the tree (depth first, as -V prints them) for frame `frame`.
void collect_tree_warnings(const FieldTree& tree, std::uint64_t frame,
                           std::vector<ExpertItem>& out);

// Frame by frame, for a reader loop of one's own (`analyze --expert`): the dissector and the
// linter see the frames in order, as `analyze -V` has them.
class ExpertCollector {
 public:
  ExpertCollector();
  ~ExpertCollector();
  void add(const Frame& frame);
  std::vector<ExpertItem>& items() { return items_; }

 private:
  struct State;
  std::unique_ptr<State> state_;
  std::vector<ExpertItem> items_;
};

struct ExpertReport {
  std::vector<ExpertItem> items;  // in frame order
  std::uint64_t frames = 0;       // frames read
  std::string error;              // unreadable file, truncated file, or "cancelled"
  bool cancelled = false;
};

// Walks the capture. `progress` (may be empty) gets 0..100 now and then; `cancel` (may be
// null) stops the walk early.
ExpertReport collect_expert_info(const std::string& path, const std::atomic<bool>* cancel,
                                 const std::function<void(int percent)>& progress = {});

// Severity (errors first) ▸ code (alphabetical) ▸ the items, in frame order.
struct ExpertGroup {
  Severity severity = Severity::Note;
  std::string code;
  std::vector<std::size_t> items;  // indices into the report's items
};
std::vector<ExpertGroup> group_expert_items(const std::vector<ExpertItem>& items);

// tshark -z expert style text: one header line per group, then "  frame N: field: message".
std::string render_expert_text(const ExpertReport& report);

}  // namespace pxescope
