// Boot stories as text (for `pxescope diagnose`) and as JSON (one object per client).
#pragma once

#include <string>

#include "analyzer/story/boot_story.hpp"

namespace pxescope {

// Human text: a header line (MAC, UUID, arch, firmware), the timeline, verdict/reason/fix.
void append_story_text(const ClientStory& story, std::string& out);

// {"mac","uuid","arch","firmware":{"name","confidence","evidence"},"verdict","reason","fix",
//  "timeline":[{"frame","time","event","text","warnings":[...]}...],"transfers":[...]}
// on one line, without a trailing newline.
void append_story_json(const ClientStory& story, std::string& out);

}  // namespace pxescope
