// View ▸ Colouring Rules: an ordered list of (name, display filter, background, foreground),
// as Wireshark's colouring rules. A row takes the colours of the first enabled rule whose
// filter matches its frame. Compiling refuses a filter that does not parse with the
// parser's message, naming the rule, so a saved set is always one the list can run.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/field_tree.hpp"
#include "analyzer/filter/display_filter.hpp"

namespace pxescope {

struct ColourRule {
  std::string name;
  std::string filter;
  std::uint32_t background = 0xffffff;  // 0xRRGGBB, as for a light palette
  std::uint32_t foreground = 0x000000;
  bool enabled = true;
  bool operator==(const ColourRule&) const = default;
};

// The defaults: problems first (malformed, TFTP and ICMP errors, NAK, warnings), then
// proxyDHCP, the DHCP message types and TFTP, in pastel tints like Wireshark's.
std::vector<ColourRule> default_colour_rules();

class ColourRuleSet {
 public:
  // nullopt with `error` = "rule 'NAME': column N: ..." when a rule's filter does not parse.
  static std::optional<ColourRuleSet> compile(std::vector<ColourRule> rules, std::string& error);

  // Index of the first enabled rule that matches, -1 when none does.
  int first_match(const FieldTree& tree, const filter::FrameContext& frame) const;
  const std::vector<ColourRule>& rules() const { return rules_; }

 private:
  std::vector<ColourRule> rules_;
  std::vector<filter::DisplayFilter> filters_;  // one per rule
};

}  // namespace pxescope
