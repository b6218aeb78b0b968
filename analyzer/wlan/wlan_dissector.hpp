// Radiotap, IEEE 802.11 and LLC/SNAP -> field-tree nodes with tshark's names ("radiotap",
// "wlan", "llc" top nodes; wlan.fc.type_subtype, wlan.bssid, wlan.sa, llc.type...). The walk
// itself is wlan_locator.hpp's; this file names what it found.
#pragma once

#include <cstdint>
#include <string_view>

#include "analyzer/field_tree.hpp"
#include "analyzer/wlan/wlan_locator.hpp"

namespace pxescope {

// The radiotap header read into `r` (frame starts at `p`).
NodeId add_radiotap(FieldTree& tree, const std::uint8_t* p, const wlan::RadiotapLayout& r);

// The MAC header `h` of the 802.11 frame at `p` + h.offset, whose bytes end at `n`;
// `fcs_at` > 0 is where its FCS is. Sets the frame's "802.11" summary ("QoS Data, SN=201,
// FN=0, Flags=.......T"), which the layers above overwrite. `failure` is the walk's.
NodeId add_wlan(FieldTree& tree, const std::uint8_t* p, std::size_t n, const wlan::MacHeader& h,
                std::uint32_t fcs_at, std::string_view failure);

// The LLC (and SNAP) header at p + off (bytes end at `n`).
NodeId add_llc(FieldTree& tree, const std::uint8_t* p, std::size_t n, std::uint32_t off);

}  // namespace pxescope
