// The DHCPv6 option table's typed entry (append_typed_option, begin_option/end_option):
// the same bytes as the text encoder for every row a reply writes, options nested in place,
// and values that do not fit a row refused with nothing appended.
#include <gtest/gtest.h>

#include "analyzer/dhcpv6/dhcpv6_option_table.hpp"

using namespace pxescope::dhcpv6;
using Bytes = std::vector<std::uint8_t>;

namespace {

// The option as the text encoder writes it: code, length, value from `text`.
Bytes from_text(std::uint16_t code, std::string_view text) {
  Bytes value, out;
  std::string error;
  EXPECT_TRUE(encode_value(*find_option(code), text, value, &error)) << text << ": " << error;
  append_option(out, code, value);
  return out;
}

const Bytes kAddress = {0xfd, 0, 0, 0x62, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0x2a};

}  // namespace

TEST(Dhcpv6TypedEncode, RecordsAndScalarsMatchTheTextEncoder) {
  Bytes out;
  ASSERT_TRUE(append_typed_option(out, kOptIaNa, {0x01020304u, 1800u, 2880u}));
  EXPECT_EQ(out, from_text(kOptIaNa, "16909060,1800,2880"));

  out.clear();
  ASSERT_TRUE(append_typed_option(out, kOptIaAddr,
                                  {std::span<const std::uint8_t>(kAddress), 3600u, 0xffffffffu}));
  EXPECT_EQ(out, from_text(kOptIaAddr, "fd00:62::102a,3600,4294967295"));

  out.clear();
  ASSERT_TRUE(append_typed_option(out, kOptStatusCode, {2u, std::string_view("NoAddrAvail")}));
  EXPECT_EQ(out, from_text(kOptStatusCode, "2,NoAddrAvail"));

  out.clear();
  ASSERT_TRUE(append_typed_option(out, kOptBootfileUrl,
                                  {std::string_view("tftp://[fd00:62::2]/ipxe.efi")}));
  EXPECT_EQ(out, from_text(kOptBootfileUrl, "tftp://[fd00:62::2]/ipxe.efi"));

  out.clear();
  ASSERT_TRUE(append_typed_option(out, kOptRapidCommit, {}));
  EXPECT_EQ(out, (Bytes{0, kOptRapidCommit, 0, 0}));

  out.clear();
  ASSERT_TRUE(append_typed_option(out, kOptClientArch, {7u, 16u}));  // an array: one per item
  EXPECT_EQ(out, from_text(kOptClientArch, "7,16"));

  out.clear();
  ASSERT_TRUE(append_typed_option(out, kOptPreference, {255u}));
  EXPECT_EQ(out, from_text(kOptPreference, "255"));
}

TEST(Dhcpv6TypedEncode, NestedOptionsGetTheirLengthWhenClosed) {
  Bytes out = {kAdvertise, 0, 0, 1};
  const std::size_t ia = begin_option(out, kOptIaNa, {1u, 1800u, 2880u});
  ASSERT_EQ(ia, 4u);
  end_option(
      out, begin_option(out, kOptIaAddr, {std::span<const std::uint8_t>(kAddress), 3600u, 3600u}));
  ASSERT_TRUE(append_typed_option(out, kOptStatusCode, {0u, std::string_view("Success")}));
  end_option(out, ia);

  // The same IA_NA written from text, its inner options as its value's tail.
  Bytes inner = from_text(kOptIaAddr, "fd00:62::102a,3600,3600");
  const Bytes status = from_text(kOptStatusCode, "0,Success");
  inner.insert(inner.end(), status.begin(), status.end());
  Bytes value;
  ASSERT_TRUE(encode_value(*find_option(kOptIaNa), "1,1800,2880", value));
  value.insert(value.end(), inner.begin(), inner.end());
  Bytes expected = {kAdvertise, 0, 0, 1};
  append_option(expected, kOptIaNa, value);
  EXPECT_EQ(out, expected);
}

TEST(Dhcpv6TypedEncode, ValuesThatDoNotFitTheRowAreRefusedWithNothingAppended) {
  const Bytes before = {1, 2, 3};
  Bytes out = before;
  EXPECT_FALSE(append_typed_option(out, kOptIaNa, {1u, 2u}));                    // too few fields
  EXPECT_FALSE(append_typed_option(out, kOptIaNa, {1u, 2u, 3u, 4u}));            // too many
  EXPECT_FALSE(append_typed_option(out, kOptPreference, {256u}));                // u8 out of range
  EXPECT_FALSE(append_typed_option(out, kOptClientArch, {0x10000u}));            // u16 out of range
  EXPECT_FALSE(append_typed_option(out, kOptRapidCommit, {1u}));                 // empty row
  EXPECT_FALSE(append_typed_option(out, kOptUnicast, {std::string_view("x")}));  // not 16 bytes
  EXPECT_FALSE(append_typed_option(out, kOptIaAddr,  // an IPv6 field is not a number
                                   {1u, 3600u, 3600u}));
  // Rows whose wire form is a list of (length, data): text only.
  EXPECT_FALSE(append_typed_option(out, kOptVendorClass, {343u, std::string_view("PXEClient")}));
  EXPECT_FALSE(append_typed_option(out, kOptUserClass, {std::string_view("iPXE")}));
  EXPECT_FALSE(append_typed_option(out, 9999, {1u}));  // no row
  EXPECT_EQ(begin_option(out, kOptIaNa, {1u}), std::string::npos);
  end_option(out, std::string::npos);  // does nothing
  EXPECT_EQ(out, before);
}
