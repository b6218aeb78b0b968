#include "responder/check_discover.hpp"

#include <algorithm>

#include "analyzer/dhcp/option_codes.hpp"
#include "analyzer/dhcp/option_writer.hpp"

namespace pxescope::responder {

std::vector<std::uint8_t> build_check_discover(const MacAddress& mac, std::uint32_t xid) {
  constexpr std::size_t kBootpHeader = 236, kBootpMinimum = 300;
  std::vector<std::uint8_t> b(kBootpMinimum + 64, 0);
  b[0] = 1;  // BOOTREQUEST
  b[1] = 1;  // Ethernet
  b[2] = 6;
  for (int i = 0; i < 4; ++i)
    b[4 + static_cast<std::size_t>(i)] = std::uint8_t(xid >> (24 - 8 * i));
  b[10] = 0x80;  // broadcast flag
  std::copy(mac.begin(), mac.end(), b.begin() + 28);
  const std::uint8_t cookie[] = {99, 130, 83, 99};
  std::copy(std::begin(cookie), std::end(cookie), b.begin() + kBootpHeader);
  using dhcp::OptionSpace;
  dhcp::OptionWriter w(b, kBootpHeader + 4);
  const std::uint8_t parameters[] = {1,  2,  3,  5,  6,   11,  12,  13,  15,  16,  17,  18,
                                     43, 54, 60, 67, 128, 129, 130, 131, 132, 133, 134, 135};
  w.number(OptionSpace::Dhcp, dhcp::kOptMessageType, dhcp::kMsgDiscover);
  w.number(OptionSpace::Dhcp, dhcp::kOptMaxMessageSize, 1260);
  w.value(OptionSpace::Dhcp, dhcp::kOptParameterRequestList, parameters);
  w.number(OptionSpace::Dhcp, dhcp::kOptClientArch, 0);
  w.record(OptionSpace::Dhcp, dhcp::kOptClientNdi, {1u, 2u, 1u});
  w.text(OptionSpace::Dhcp, dhcp::kOptVendorClass, "PXEClient:Arch:00000:UNDI:002001");
  w.end();
  b.resize(std::max(w.size(), kBootpMinimum));
  return b;
}

}  // namespace pxescope::responder
