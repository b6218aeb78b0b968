// The offer linter's findings for the frames of a capture, by frame number. The GUI decodes a
// frame alone when it is painted or clicked, but the linter judges a reply against the request
// before it: the packet list's pass (gui/scan_pass) runs the linter over every DHCP frame in
// order and keeps the findings here; rows and the detail pane put them on the reply's tree
// where `analyze -V` does.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "analyzer/field_tree.hpp"
#include "analyzer/lint/offer_lint.hpp"

namespace pxescope {

class LintIndex {
 public:
  // The frame's findings (1-based), or null when it has none.
  const std::vector<LintFinding>* find(std::uint64_t frame) const;
  void add(std::uint64_t frame, std::vector<LintFinding> findings) {
    by_frame_[frame] = std::move(findings);
  }
  void clear() { by_frame_.clear(); }

 private:
  std::unordered_map<std::uint64_t, std::vector<LintFinding>> by_frame_;
};

// Puts the findings on the reply's tree (its top-level "dhcp" node), as
// CaptureLinter::check_and_annotate does. Returns how many were placed.
std::size_t annotate_reply_tree(FieldTree& tree, const std::vector<LintFinding>& findings);

}  // namespace pxescope
