// One background pass over a capture file: where each frame starts, the few facts the quick
// filters need, which frames the display filter keeps, and the clients table. Glue only: the
// analyzer reads, summarizes, dissects and filters; this loop just drives it off the GUI thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/capture_index.hpp"
#include "analyzer/clients/client_membership.hpp"
#include "analyzer/clients/client_table.hpp"
#include "analyzer/filter/display_filter.hpp"
#include "analyzer/lint/capture_linter.hpp"
#include "analyzer/packet_dissector.hpp"

namespace pxescope::gui {

enum FrameFlag : std::uint8_t {
  kFrameDhcp = 1,
  kFramePxe = 2,
  kFrameTftp = 4,
  kFrameWarned = 8,   // a warning or an error on it: the dissector's or the offer linter's
  kFrameLinted = 16,  // the offer linter has findings on it (ScanChunk::findings holds them)
};

// The clients view lists this many machines at most (more is a load test, not a boot to read).
inline constexpr std::size_t kMaxClients = 10000;

struct FrameFacts {
  std::uint8_t flags = 0;
  std::uint8_t message_type = 0;  // DHCP option 53, 0 if none
};

struct ScanOptions {
  std::string path;
  std::optional<filter::DisplayFilter> filter;
  bool pxe_only = false;
  bool dhcp_only = false;
  // The offer linter sees every DHCP frame (findings colour rows, `_ws.expert` matches them);
  // off only in bench/gui, which measures what it costs.
  bool lint = true;
  bool filtered() const {
    return pxe_only || dhcp_only || (filter && !filter->matches_everything());
  }
};

// A batch of consecutive frames, handed to the GUI thread.
struct ScanChunk {
  std::uint64_t first_frame = 0;  // 0-based index of offsets[0]
  std::vector<std::int64_t> offsets;
  std::vector<FrameFacts> facts;
  std::vector<std::uint32_t> visible;  // 0-based indices of the frames the filters keep
  std::int64_t bytes_done = 0, bytes_total = 0;
  std::int64_t first_ts_sec = 0;  // of frame 1, valid in the chunk where first_frame == 0
  std::uint32_t first_ts_nsec = 0;
  // The offer linter's findings of the chunk's frames that have some (1-based frame number).
  std::vector<std::pair<std::uint64_t, std::vector<LintFinding>>> findings;
};

struct ScanResult {
  bool opened = false;
  std::string error;  // open error, or why the file ended early (truncated)
  std::uint64_t frames = 0;
  std::vector<ClientRecord> clients;
  std::uint64_t unlisted_client_frames = 0;      // frames of clients beyond kMaxClients
  std::shared_ptr<PacketDissector> dissector;    // knows every TFTP transfer of the file
  std::shared_ptr<ClientMembership> membership;  // whose boot each frame belongs to
  // The pass's own reader when it read the whole file cleanly: it has seen every block, so
  // the viewer's reads of any row never walk the file (FrameFetcher(CaptureScanner&&)).
  std::unique_ptr<FrameFetcher> fetcher;
};

// Dissects one frame into `tree`, fills its facts, feeds `clients` (if any) and says whether
// the filters keep it. Shared by the file pass and the live capture. `clock` sees every
// frame of the input in order (frame.time_relative and frame.time_delta in filters), and so
// does `membership` when given (it learns the leases; pxe.client in filters reads it).
// `linter`, when given, sees every DHCP frame in order (as `analyze -V`): its findings are on
// the tree before the filter runs (`_ws.expert`), kFrameLinted says there are some, and
// linter->findings() holds them until the next frame.
bool classify_frame(const ScanOptions& options, const Frame& frame, PacketDissector& dissector,
                    FieldTree& tree, ClientTable* clients, FrameFacts& facts,
                    filter::FrameClock& clock, ClientMembership* membership = nullptr,
                    CaptureLinter* linter = nullptr);

// Runs the pass; calls on_chunk from the calling thread every few thousand frames (the first
// chunk is small so a viewer can show rows at once). Stops early when `cancel` turns true.
ScanResult run_scan(const ScanOptions& options, const std::atomic<bool>& cancel,
                    const std::function<void(ScanChunk&&)>& on_chunk);

}  // namespace pxescope::gui
