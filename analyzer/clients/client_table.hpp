// One row per DHCP client machine seen in a capture (keyed by the client hardware address):
// what it says it is and how far its DHCP exchange got. Fed frame by frame with the summary
// (and, when the caller has one, the field tree for the UUID of option 97).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/field_tree.hpp"
#include "analyzer/frame.hpp"
#include "analyzer/summary.hpp"

namespace pxescope {

struct ClientRecord {
  std::array<std::uint8_t, 6> mac{};
  std::string uuid;          // option 97 as the dissector prints it, "" if never sent
  std::int32_t arch = -1;    // option 93 first item, -1 if never sent
  std::string vendor_class;  // option 60 of its first request that had one
  std::string boot_file;     // last boot file offered to it
  std::int64_t first_sec = 0, last_sec = 0;
  std::uint32_t first_nsec = 0, last_nsec = 0;
  std::uint64_t first_frame = 0;
  std::uint64_t packets = 0;        // its requests and the replies addressed to it
  std::uint8_t furthest_stage = 0;  // ClientStage value
  bool pxe = false;
};

// How far the DHCP exchange got, in order.
enum class ClientStage : std::uint8_t { None, Discover, Offered, Requested, Acked, Nacked };
std::string_view client_stage_name(ClientStage stage);           // "discover sent", "offered", ...
std::string format_mac(const std::array<std::uint8_t, 6>& mac);  // "52:54:00:12:34:56"

class ClientTable {
 public:
  // Keeps at most `limit` clients (a capture of a load test can hold millions): frames of
  // further machines are counted in overflow_frames() and otherwise ignored.
  explicit ClientTable(std::size_t limit = static_cast<std::size_t>(-1)) : limit_(limit) {}
  std::uint64_t overflow_frames() const { return overflow_frames_; }

  // Adds one DHCP frame (summary.is_dhcp must be true; others are ignored).
  void add(const Frame& frame, const DhcpSummary& summary, const FieldTree* tree = nullptr);
  // Whether add() would use a field tree for this frame (a request of a client whose UUID was
  // not looked for yet): lets a caller skip dissecting the other frames.
  bool wants_tree(const DhcpSummary& summary) const;
  const std::vector<ClientRecord>& clients() const { return clients_; }  // in order of first sight
  void clear();

 private:
  std::vector<ClientRecord> clients_;
  std::map<std::uint64_t, std::size_t> by_mac_;
  std::vector<bool> uuid_looked_;  // per client: a request of it was seen with a tree
  std::size_t limit_;
  std::uint64_t overflow_frames_ = 0;
};

}  // namespace pxescope
