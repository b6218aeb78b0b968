// Frame -> field tree: link layer (Ethernet, 802.1Q/QinQ, Linux cooked v1/v2, raw IPv4),
// IPv4, UDP, then BOOTP/DHCP (ports 67/68/4011) or TFTP (69, and the ephemeral ports of
// transfers it has seen start). Keeps only the state needed to follow TFTP transfers.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "analyzer/field_tree.hpp"
#include "analyzer/frame.hpp"

namespace pxescope {

enum class AppProtocol : std::uint8_t { None, Dhcp, Tftp };

struct DissectResult {
  AppProtocol protocol = AppProtocol::None;
  // Why the frame is not DHCP/TFTP (empty when it is): "not IPv4", "not UDP",
  // "unsupported link type 105", "truncated Ethernet header", ...
  std::string_view not_decoded_reason;
};

class PacketDissector {
 public:
  // Decodes the frame into `tree` (cleared first). Never throws on bad data: problems
  // become warnings on the fields they concern.
  DissectResult dissect(const Frame& frame, FieldTree& tree);

  // Forget followed TFTP transfers (new file).
  void reset();

 private:
  struct TftpKey {
    std::uint32_t ip_a, ip_b;
    std::uint16_t port_a, port_b;
    auto operator<=>(const TftpKey&) const = default;
  };
  std::map<TftpKey, std::uint64_t> tftp_transfers_;  // -> frame of the request
  friend class TftpFollower;
};

}  // namespace pxescope
