// The offer linter's findings for every frame of a capture file, by frame number. The GUI
// decodes a frame alone when it is clicked, but the linter judges a reply against the request
// before it: one cheap pass over the file (only frames on the DHCP ports are dissected) keeps
// the findings, and the detail pane puts them on the reply's tree where `analyze -V` does.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "analyzer/field_tree.hpp"
#include "analyzer/lint/offer_lint.hpp"

namespace pxescope {

class LintIndex {
 public:
  // Reads the file; false with `error` when it cannot be opened (a truncated file keeps what
  // was read). `cancel` (may be null) stops early.
  bool build(const std::string& path, const std::atomic<bool>* cancel, std::string& error);
  // The frame's findings (1-based), or null when it has none.
  const std::vector<LintFinding>* find(std::uint64_t frame) const;
  std::size_t frames_with_findings() const { return by_frame_.size(); }

 private:
  std::unordered_map<std::uint64_t, std::vector<LintFinding>> by_frame_;
};

// Puts the findings on the reply's tree (its top-level "dhcp" node), as
// CaptureLinter::check_and_annotate does. Returns how many were placed.
std::size_t annotate_reply_tree(FieldTree& tree, const std::vector<LintFinding>& findings);

}  // namespace pxescope
