// The last UDP packet seen on each (source, destination) address and port pair, with a
// short description ("RRQ pxelinux.0", "DHCP"): what an ICMP port unreachable quotes is
// looked up here so that its summary names the request it answers. Bounded like the TFTP
// transfer table: past kMaxEntries the log starts over.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <unordered_map>

namespace pxescope {

class UdpRequestLog {
 public:
  static constexpr std::size_t kMaxEntries = 4096;

  struct Entry {
    std::uint64_t frame = 0;
    char text[64] = {};
    std::uint8_t length = 0;
    std::string_view view() const { return {text, length}; }
  };
  struct Flow {
    std::uint32_t src_ip = 0, dst_ip = 0;
    std::uint16_t src_port = 0, dst_port = 0;
    bool operator==(const Flow&) const = default;
  };

  void record(const Flow& flow, std::uint64_t frame, std::string_view text) {
    auto it = entries_.find(flow);
    if (it == entries_.end()) {
      if (entries_.size() >= kMaxEntries) entries_.clear();
      it = entries_.emplace(flow, Entry{}).first;
    }
    // Keep the newest frame (the GUI may re-dissect an older one).
    if (frame < it->second.frame) return;
    Entry& e = it->second;
    e.frame = frame;
    e.length = static_cast<std::uint8_t>(std::min(text.size(), sizeof e.text));
    std::memcpy(e.text, text.data(), e.length);
  }

  // The packet of `flow` seen last before `frame`, or nullptr.
  const Entry* find(const Flow& flow, std::uint64_t frame) const {
    const auto it = entries_.find(flow);
    return it != entries_.end() && it->second.frame < frame ? &it->second : nullptr;
  }

  void clear() { entries_.clear(); }

 private:
  struct FlowHash {
    std::size_t operator()(const Flow& f) const {
      const std::uint64_t a = (std::uint64_t{f.src_ip} << 32) | f.dst_ip;
      const std::uint64_t b = (std::uint64_t{f.src_port} << 16) | f.dst_port;
      return static_cast<std::size_t>((a ^ (b * 0x9E3779B97F4A7C15ull)) * 0xff51afd7ed558ccdull);
    }
  };
  std::unordered_map<Flow, Entry, FlowHash> entries_;
};

}  // namespace pxescope
