#include "analyzer/packet_list/colour_rules.hpp"

namespace pxescope {

std::vector<ColourRule> default_colour_rules() {
  return {
      {"Malformed", "_ws.malformed", 0xff5f5f, 0x000000},
      {"TFTP errors", "tftp.opcode == 5", 0xffa0a0, 0x000000},
      {"ICMP errors", "icmp.type in {3, 4, 5, 11, 12} || icmpv6.type < 128", 0xffc8a0, 0x000000},
      {"DHCP NAK", "dhcp.option.dhcp == 6", 0xffb4b4, 0x000000},
      {"Warnings", "_ws.expert", 0xfff0a0, 0x000000},
      {"proxyDHCP", "udp.port == 4011", 0xe4d2ff, 0x000000},
      {"DHCP DISCOVER", "dhcp.option.dhcp == 1", 0xd2e6ff, 0x000000},
      {"DHCP OFFER", "dhcp.option.dhcp == 2", 0xd2f5d2, 0x000000},
      {"DHCP REQUEST", "dhcp.option.dhcp == 3", 0xbcdcff, 0x000000},
      {"DHCP ACK", "dhcp.option.dhcp == 5", 0xaae6aa, 0x000000},
      {"TFTP", "tftp", 0xeee4fa, 0x000000},
  };
}

std::optional<ColourRuleSet> ColourRuleSet::compile(std::vector<ColourRule> rules,
                                                    std::string& error) {
  ColourRuleSet set;
  set.filters_.reserve(rules.size());
  for (const ColourRule& rule : rules) {
    std::string why;
    if (rule.filter.find_first_not_of(" \t") == std::string::npos) {
      error = "rule '" + rule.name + "': the filter is empty (a rule needs one, e.g. tftp)";
      return std::nullopt;
    }
    auto parsed = filter::DisplayFilter::parse(rule.filter, why);
    if (!parsed) {
      error = "rule '" + rule.name + "': " + why;
      return std::nullopt;
    }
    set.filters_.push_back(std::move(*parsed));
  }
  set.rules_ = std::move(rules);
  return set;
}

int ColourRuleSet::first_match(const FieldTree& tree, const filter::FrameContext& frame) const {
  for (std::size_t i = 0; i < rules_.size(); ++i)
    if (rules_[i].enabled && filters_[i].matches(tree, frame)) return static_cast<int>(i);
  return -1;
}

}  // namespace pxescope
