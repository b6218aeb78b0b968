// How a verdict reads at a glance: the colour views give it (the GUI's Clients table and
// story pane) and the order they sort it in (failures first). One table for every view.
#pragma once

#include <cstdint>

#include "analyzer/story/boot_story.hpp"

namespace pxescope {

enum class VerdictTone : std::uint8_t {
  Failed,   // the boot stopped: red
  Unknown,  // no verdict on the boot itself (capture too short, not a network boot): plain
  Booted,   // green
};
VerdictTone verdict_tone(Verdict v);

// Sort key: failures first, then the undecided, then the booted; within a tone in the
// order of the Verdict enum (roughly the stage the boot stopped at).
int verdict_sort_rank(Verdict v);

}  // namespace pxescope
