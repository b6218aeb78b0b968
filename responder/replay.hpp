// `pxescope respond --replay`: the decisions run over a capture file, no network.
// JSON: each reply is dissected by the analyzer and printed as the nodes `pxescope analyze
// --json` prints, one NDJSON line {"request_frame": N, "reply": [NODE...]} per reply.
// Text: one line per request, what it got or why it was not answered ("ignored: not PXE").
#pragma once

#include <cstdio>
#include <span>
#include <string>
#include <vector>

#include "analyzer/frame.hpp"

#include "responder/config.hpp"
#include "responder/engine.hpp"
#include "responder/reply.hpp"

namespace pxescope {
class CaptureLinter;
}

namespace pxescope::responder {

struct ReplayStats {
  std::uint64_t frames = 0, requests = 0, replies = 0, malformed = 0, ignored = 0;
};

struct ReplayOutput {
  std::FILE* out = stdout;
  bool json = true;
  // JSON mode: the "frame N: ignored: why" lines go here (nullptr: nowhere), so the NDJSON
  // stays one line per reply.
  std::FILE* reasons = nullptr;
};

// Returns false with `error` set when the file cannot be read.
bool replay_capture(const std::string& path, const ResponderConfig& cfg,
                    const ServerIdentity& server, const ReplayOutput& output, ReplayStats& stats,
                    std::string& error);

// Why a request got no reply, in a few words: "ignored: not PXE", "ignored: --only", ...
std::string ignored_reason(FrameOutcome outcome, const Engine& engine);

// Replay answers captures of every link type the analyzer reads (Linux cooked v1/v2, raw
// IPv4): such a frame is rewrapped in an Ethernet header (source MAC from the link header
// when it has one). False for Ethernet frames (use them as they are) and unknown types.
bool rewrap_as_ethernet(const Frame& frame, std::vector<std::uint8_t>& out);

// The one NDJSON line for a reply frame (without the newline).
void append_replay_json(std::uint64_t request_frame, std::span<const std::uint8_t> reply_frame,
                        std::string& out, CaptureLinter* linter = nullptr);

}  // namespace pxescope::responder
