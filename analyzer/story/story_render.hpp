// Boot stories as text (for `pxescope diagnose`) and as JSON (one object per client).
#pragma once

#include <string>

#include "analyzer/story/boot_story.hpp"

namespace pxescope {

struct StoryTextOptions {
  bool capture_time = false;  // times from the capture's start, not from the client's first packet
};

// Human text: a header line (MAC, UUID, arch, firmware), a warning when the snap length cut
// packets, the timeline (repeated events, and repeated cycles of a few events such as a read
// request and its ICMP error, collapsed by collapse_timeline: "... ×4, 0.0–27.8 s"),
// verdict/reason/fix.
void append_story_text(const ClientStory& story, std::string& out,
                       const StoryTextOptions& options = {});

// {"mac","uuid","arch","firmware":{"name","confidence","evidence"},"verdict","reason","fix",
//  "timeline":[{"frame","time","capture_time","event","text","warnings":[...]}...],
//  "transfers":[...],"http":[...],"truncated":{"snap_length","missing":[...]} (only when cut)}
// on one line, without a trailing newline.
void append_story_json(const ClientStory& story, std::string& out);

}  // namespace pxescope
