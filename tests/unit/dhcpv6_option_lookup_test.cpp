// find_option(code) of the DHCPv6 option table answers from a direct index below 256 and a
// binary search above: every code must give the row a plain scan of the table gives.
#include <gtest/gtest.h>

#include "analyzer/dhcpv6/dhcpv6_option_table.hpp"

namespace pxescope::dhcpv6 {
namespace {

TEST(Dhcpv6OptionLookup, EveryCodeFindsTheRowAScanFinds) {
  std::size_t found = 0;
  for (std::uint32_t code = 0; code <= 0xffff; ++code) {
    const OptionDef* scanned = nullptr;
    for (const OptionDef& d : options())
      if (d.code == code) scanned = &d;
    const OptionDef* looked_up = find_option(static_cast<std::uint16_t>(code));
    ASSERT_EQ(looked_up, scanned) << "code " << code;
    found += scanned != nullptr;
  }
  EXPECT_EQ(found, options().size());
  ASSERT_NE(find_option(kOptBootfileUrl), nullptr);
  EXPECT_EQ(find_option(kOptBootfileUrl)->code, kOptBootfileUrl);
}

}  // namespace
}  // namespace pxescope::dhcpv6
