#include "responder/reply_options.hpp"

#include <algorithm>

#include "responder/proxy_decision.hpp"

namespace pxescope::responder {
namespace {

bool applies(const ConfiguredOption& o, dhcp::OptionSpace space, std::uint32_t tags) {
  return o.space == space && tags_match(o.tags, tags);
}

// dnsmasq's precedence: a line with tags beats one without; among equals the later wins.
bool superseded(const std::vector<ConfiguredOption>& all, std::size_t i, std::uint32_t tags) {
  const ConfiguredOption& o = all[i];
  for (std::size_t j = 0; j < all.size(); ++j) {
    if (j == i || all[j].code != o.code || !applies(all[j], o.space, tags)) continue;
    const bool j_tagged = !all[j].tags.empty(), i_tagged = !o.tags.empty();
    if (j_tagged != i_tagged ? j_tagged : j > i) return true;
  }
  return false;
}

bool asked_for(const Reply& r, const ConfiguredOption& o) {
  return o.force || r.request_list.empty() ||
         std::find(r.request_list.begin(), r.request_list.end(), o.code) != r.request_list.end();
}

}  // namespace

void append_configured_options(const Reply& r, const ResponderConfig& cfg, dhcp::OptionSpace space,
                               dhcp::OptionWriter& out, bool (*wanted)(std::uint8_t code)) {
  const std::vector<ConfiguredOption>& all = cfg.options;
  for (std::size_t i = 0; i < all.size(); ++i) {
    const ConfiguredOption& o = all[i];
    if ((wanted && !wanted(o.code)) || !applies(o, space, r.tags) || superseded(all, i, r.tags))
      continue;
    if (space == dhcp::OptionSpace::Dhcp) {
      if (!asked_for(r, o)) continue;
    }
    out.encoded(o.wire);
  }
}

}  // namespace pxescope::responder
