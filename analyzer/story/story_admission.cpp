#include "analyzer/story/story_admission.hpp"

#include "analyzer/summary.hpp"

namespace pxescope {

bool StoryAdmission::admits(const Frame& frame) {
  DhcpSummary summary;
  if (!summarize_dhcp(frame, summary) || !summary.chaddr) return true;
  std::uint64_t mac = 0;
  for (int i = 0; i < 6; ++i) mac = (mac << 8) | summary.chaddr[i];
  if (machines_.count(mac) || (machines_.size() < limit_ && machines_.insert(mac).second))
    return true;
  turned_away_ = true;
  return false;
}

}  // namespace pxescope
