#include "analyzer/clients/client_table.hpp"

#include <algorithm>

namespace pxescope {
namespace {

// DHCP message types (RFC 2132 option 53).
constexpr std::uint8_t kDiscover = 1, kOffer = 2, kRequest = 3, kAck = 5, kNak = 6;

ClientStage stage_of(const DhcpSummary& s) {
  switch (s.message_type) {
    case kDiscover:
      return ClientStage::Discover;
    case kOffer:
      return ClientStage::Offered;
    case kRequest:
      return ClientStage::Requested;
    case kAck:
      return ClientStage::Acked;
    case kNak:
      return ClientStage::Nacked;
    default:
      return ClientStage::None;
  }
}

}  // namespace

std::string_view client_stage_name(ClientStage stage) {
  switch (stage) {
    case ClientStage::None:
      return "-";
    case ClientStage::Discover:
      return "discover sent";
    case ClientStage::Offered:
      return "offered";
    case ClientStage::Requested:
      return "requested";
    case ClientStage::Acked:
      return "acked";
    case ClientStage::Nacked:
      return "nacked";
  }
  return "-";
}

std::string format_mac(const std::array<std::uint8_t, 6>& mac) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(17);
  for (std::size_t i = 0; i < mac.size(); ++i) {
    if (i) out.push_back(':');
    out.push_back(kHex[mac[i] >> 4]);
    out.push_back(kHex[mac[i] & 15]);
  }
  return out;
}

void ClientTable::clear() {
  clients_.clear();
  by_mac_.clear();
  uuid_looked_.clear();
  overflow_frames_ = 0;
}

namespace {
std::uint64_t mac_key(const std::uint8_t* chaddr) {
  std::uint64_t key = 0;
  for (int i = 0; i < 6; ++i) key = (key << 8) | chaddr[i];
  return key;
}
}  // namespace

bool ClientTable::wants_tree(const DhcpSummary& s) const {
  if (!s.is_dhcp || !s.chaddr || s.op != 1) return false;
  auto it = by_mac_.find(mac_key(s.chaddr));
  if (it == by_mac_.end()) return clients_.size() < limit_;
  return !uuid_looked_[it->second];
}

void ClientTable::add(const Frame& frame, const DhcpSummary& s, const FieldTree* tree) {
  if (!s.is_dhcp || !s.chaddr) return;
  const std::uint64_t key = mac_key(s.chaddr);
  if (clients_.size() >= limit_ && by_mac_.find(key) == by_mac_.end()) {
    ++overflow_frames_;
    return;
  }
  auto [it, inserted] = by_mac_.try_emplace(key, clients_.size());
  if (inserted) {
    clients_.emplace_back();
    uuid_looked_.push_back(false);
    ClientRecord& c = clients_.back();
    std::copy(s.chaddr, s.chaddr + 6, c.mac.begin());
    c.first_sec = frame.ts_sec;
    c.first_nsec = frame.ts_nsec;
    c.first_frame = frame.index;
  }
  ClientRecord& c = clients_[it->second];
  ++c.packets;
  c.last_sec = frame.ts_sec;
  c.last_nsec = frame.ts_nsec;
  const auto stage = static_cast<std::uint8_t>(stage_of(s));
  // A NAK ends an exchange, but a later DISCOVER/ACK restarts it: keep the furthest success.
  if (stage > c.furthest_stage &&
      !(c.furthest_stage == static_cast<std::uint8_t>(ClientStage::Acked)))
    c.furthest_stage = stage;
  if (s.op == 1) {  // what the client says about itself
    if (s.arch >= 0 && c.arch < 0) c.arch = s.arch;
    if (!s.vendor_class.empty() && c.vendor_class.empty()) c.vendor_class.assign(s.vendor_class);
    if (s.pxe) c.pxe = true;
    if (tree && !uuid_looked_[it->second]) {
      uuid_looked_[it->second] = true;
      const NodeId uuid = tree->find("dhcp.client_id.uuid");
      if (uuid != kNoNode) c.uuid = (*tree)[uuid].str_value;
    }
  } else if (!s.boot_file.empty()) {
    c.boot_file.assign(s.boot_file);
  }
}

}  // namespace pxescope
