// The flow graph of network boots (a ladder diagram, as Wireshark's Statistics ▸ Flow Graph):
// one column per host (the client, its DHCP server, proxyDHCP, TFTP and HTTP servers, by
// role) and, in time order, one step per packet that matters (flow_packets.hpp) with each
// TFTP/HTTP transfer the boot story followed collapsed into one bar (file, size, duration).
// Pure library code (no Qt): the GUI's flow graph view only draws it.
//
//   BootFlowBuilder builder;
//   while (reader.next(frame)) builder.add(frame);
//   const FlowCapture capture = builder.finish();
//   const BootFlow all = boot_flow(capture), one = boot_flow(capture, "52:54:00:12:34:56");
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analyzer/flow/flow_packets.hpp"
#include "analyzer/story/boot_story.hpp"

namespace pxescope::flow {

struct FlowHost {
  std::string address;  // "10.0.2.2", "fd00::2"; a client's MAC; "broadcast"
  std::string role;     // "client", "DHCP server", "proxyDHCP", "TFTP server", ... joined by " + "
};

// One row of the ladder: an arrow, or a transfer's bar (from the client's server to it).
struct FlowStep {
  std::uint64_t frame = 0;       // the packet (a bar: its first)
  std::uint64_t last_frame = 0;  // a bar's last packet (an arrow: frame)
  double time = 0, end = 0;      // seconds since the capture's first frame
  std::size_t from = 0, to = 0;  // indexes into BootFlow::hosts
  std::string label;             // "DISCOVER", "RRQ pxelinux.0", "pxelinux.0 26140 B 0.12 s"
  std::string detail;            // a longer line (tooltips, SVG titles)
  bool transfer = false;         // a bar
  bool failed = false;           // an ERROR, an unreachable, an incomplete transfer
  std::uint64_t bytes = 0;       // a bar's payload bytes
};

struct BootFlow {
  std::vector<FlowHost> hosts;  // columns, left to right: clients, then servers as they appear
  std::vector<FlowStep> steps;  // rows, in time order
  bool truncated = false;       // the capture had more arrows than are kept
};

// What one pass over a capture keeps: the stories (transfers, roles) and the packets.
struct FlowCapture {
  std::vector<ClientStory> stories;
  std::vector<PacketArrow> packets;
  double capture_start = 0;
  bool truncated = false;
};

class BootFlowBuilder {
 public:
  static constexpr std::size_t kMaxPackets = 500000;  // a capture of a load test stays bounded

  void add(const Frame& frame);
  FlowCapture finish();

 private:
  StoryBuilder stories_;
  FlowPacketReader reader_;
  PacketArrow arrow_;
  FlowCapture capture_;
  bool any_frame_ = false;
};

// Reads a capture file in one pass. False with `error` (one line) when it cannot be read; a
// file cut short keeps what was read, and says so in `error`.
bool read_flow_capture(const std::string& path, FlowCapture& out, std::string& error);

// The flow of one client (its MAC, "52:54:00:12:34:56", any case), or of every
// network-booting client when `client_mac` is empty.
BootFlow boot_flow(const FlowCapture& capture, const std::string& client_mac = {});

// A bar's text: "pxelinux.0 26,140 bytes in 0.12 s".
std::string transfer_label(const std::string& file, std::uint64_t bytes, double seconds);

}  // namespace pxescope::flow
