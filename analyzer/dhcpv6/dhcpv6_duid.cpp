// The DUID rows. Field names and labels follow Wireshark's packet-dhcpv6.c.
#include "analyzer/dhcpv6/dhcpv6_duid.hpp"

#include <algorithm>

#include "analyzer/link/bytes.hpp"

namespace pxescope::dhcpv6 {
namespace {

enum DuidType : std::uint16_t { kLlt = 1, kEn = 2, kLl = 3, kUuid = 4 };
constexpr std::uint16_t kEthernet = 1;
constexpr std::int64_t kUnixTimeOf2000 = 946684800;  // DUID-LLT counts from 2000-01-01 UTC

constexpr DuidLayout kLayouts[] = {
    {kLlt,
     "link-layer address plus time",
     {{{DuidPart::HardwareType, "dhcpv6.duidllt.hwtype", "Hardware type", {}, 2},
       {DuidPart::Time, "dhcpv6.duidllt.time", "DUID Time", "DUID Time (seconds since 2000-01-01)",
        4},
       {DuidPart::LinkAddress, "dhcpv6.duidllt.link_layer_addr", "Link-layer address", {}, 0}}}},
    {kEn,
     "assigned by vendor based on Enterprise number",
     {{{DuidPart::Enterprise, "dhcpv6.duiden.enterprise", "Enterprise ID", {}, 4},
       {DuidPart::Opaque, "dhcpv6.duiden.identifier", "Identifier", {}, 0}}}},
    {kLl,
     "link-layer address",
     {{{DuidPart::HardwareType, "dhcpv6.duidll.hwtype", "Hardware type", {}, 2},
       {DuidPart::LinkAddress, "dhcpv6.duidll.link_layer_addr", "Link-layer address", {}, 0}}}},
    {kUuid,
     "Universally Unique Identifier (UUID)",
     {{{DuidPart::Opaque, "dhcpv6.duiduuid.bytes", "UUID", {}, 16}}}},
};

constexpr auto kNames = [] {
  std::array<dhcp::ValueName, std::size(kLayouts)> names{};
  for (std::size_t i = 0; i < names.size(); ++i) names[i] = {kLayouts[i].type, kLayouts[i].name};
  return names;
}();

// The offset of the first field that is `part`, 0 when the row has none (0 is the type).
std::size_t offset_of(const DuidLayout& row, DuidPart part) {
  std::size_t at = 2;
  for (const DuidField& f : row.fields) {
    if (f.part == part) return at;
    at += f.size;
  }
  return 0;
}

}  // namespace

std::size_t DuidLayout::min_size() const {
  std::size_t n = 2;
  for (const DuidField& f : fields) n += f.size;
  return n;
}

bool DuidLayout::fixed_size() const {
  return std::none_of(fields.begin(), fields.end(),
                      [](const DuidField& f) { return f.part != DuidPart::None && f.size == 0; });
}

std::span<const DuidLayout> duid_layouts() {
  return kLayouts;
}

const DuidLayout* find_duid_layout(std::uint16_t type) {
  for (const DuidLayout& row : kLayouts)
    if (row.type == type) return &row;
  return nullptr;
}

std::span<const dhcp::ValueName> duid_type_names() {
  return kNames;
}

std::optional<std::array<std::uint8_t, 6>> duid_ethernet_mac(std::span<const std::uint8_t> duid) {
  if (duid.size() < 2) return std::nullopt;
  const DuidLayout* row = find_duid_layout(bytes::be16(duid.data()));
  if (!row) return std::nullopt;
  const std::size_t hw_at = offset_of(*row, DuidPart::HardwareType);
  const std::size_t mac_at = offset_of(*row, DuidPart::LinkAddress);
  if (hw_at == 0 || mac_at == 0 || duid.size() != mac_at + 6 ||
      bytes::be16(duid.data() + hw_at) != kEthernet)
    return std::nullopt;
  std::array<std::uint8_t, 6> mac{};
  std::copy_n(duid.begin() + static_cast<std::ptrdiff_t>(mac_at), 6, mac.begin());
  return mac;
}

std::vector<std::uint8_t> duid_ll(const std::array<std::uint8_t, 6>& mac) {
  std::vector<std::uint8_t> d = {0, kLl, 0, kEthernet};
  d.insert(d.end(), mac.begin(), mac.end());
  return d;
}

std::vector<std::uint8_t> duid_llt(const std::array<std::uint8_t, 6>& mac, std::int64_t unix_now) {
  const auto t =
      static_cast<std::uint32_t>(unix_now > kUnixTimeOf2000 ? unix_now - kUnixTimeOf2000 : 0);
  std::vector<std::uint8_t> d = {0,
                                 kLlt,
                                 0,
                                 kEthernet,
                                 static_cast<std::uint8_t>(t >> 24),
                                 static_cast<std::uint8_t>(t >> 16),
                                 static_cast<std::uint8_t>(t >> 8),
                                 static_cast<std::uint8_t>(t)};
  d.insert(d.end(), mac.begin(), mac.end());
  return d;
}

}  // namespace pxescope::dhcpv6
