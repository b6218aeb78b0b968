// The shared DHCP option scan (analyzer/dhcp/option_scan.hpp): occurrence offsets, lengths
// and flags, option overload in RFC 2131 order, RFC 3396 continuations; and DhcpMessage
// agreeing with the dissector, which both read options through it.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "analyzer/dhcp/option_scan.hpp"
#include "analyzer/story/dhcp_message.hpp"
#include "tests/test_captures.hpp"
#include "unit/dhcp_test_util.hpp"

using namespace dhcp_test;
using pxescope::DhcpMessage;
using pxescope::dhcp::Area;
using pxescope::dhcp::kFileAt;
using pxescope::dhcp::kSnameAt;
using pxescope::dhcp::next_piece;
using pxescope::dhcp::Occurrence;
using pxescope::dhcp::OptionScan;
using pxescope::dhcp::scan_options;

namespace {

std::string text(std::span<const std::uint8_t> v) {
  return std::string(v.begin(), v.end());
}

void expect_occurrence(const Occurrence& o, Occurrence::Kind kind, Area area, std::uint8_t code,
                       std::uint32_t off, std::uint32_t len, std::uint32_t declared = 0) {
  EXPECT_EQ(o.kind, kind);
  EXPECT_EQ(o.area, area);
  EXPECT_EQ(o.code, code);
  EXPECT_EQ(o.off, off);
  EXPECT_EQ(o.len, len);
  EXPECT_EQ(o.declared, declared);
}

// Writes raw bytes into the header (the file or sname field) at payload offset `at`.
void put(Bytes& p, std::size_t at, std::initializer_list<std::uint8_t> bytes) {
  std::copy(bytes.begin(), bytes.end(), p.begin() + static_cast<std::ptrdiff_t>(at));
}

void expect_scan(const OptionScan& scan, std::uint8_t overload, bool end_in_options,
                 bool end_in_file, bool end_in_sname) {
  EXPECT_TRUE(scan.cookie_ok);
  EXPECT_EQ(scan.overload, overload);
  EXPECT_EQ(scan.end_in_options, end_in_options);
  EXPECT_EQ(scan.end_in_file, end_in_file);
  EXPECT_EQ(scan.end_in_sname, end_in_sname);
}

// A reply whose option 52 overloads file (67 "a.ef") and sname (66 "1.2").
Bytes overloaded_reply() {
  Bytes p = bootp(2);
  put(p, kFileAt, {67, 4, 'a', '.', 'e', 'f', 255});
  put(p, kSnameAt, {66, 3, '1', '.', '2', 255});
  opt(p, 53, {2});
  opt(p, 52, {3});
  end(p);
  return p;
}

}  // namespace

TEST(DhcpOptionScan, OverloadScansFileThenSnameAfterTheOptionsField) {
  const Bytes p = overloaded_reply();
  std::vector<Occurrence> occ;
  const OptionScan scan = scan_options(p, occ);
  expect_scan(scan, 3, true, true, true);
  ASSERT_EQ(occ.size(), 9u);
  expect_occurrence(occ[0], Occurrence::Option, Area::Options, 53, 240, 1, 1);
  expect_occurrence(occ[1], Occurrence::Option, Area::Options, 52, 243, 1, 1);
  expect_occurrence(occ[2], Occurrence::End, Area::Options, 255, 246, 0);
  // The options field ends right after End: no trailing run there.
  expect_occurrence(occ[3], Occurrence::Option, Area::File, 67, 108, 4, 4);
  expect_occurrence(occ[4], Occurrence::End, Area::File, 255, 114, 0);
  expect_occurrence(occ[5], Occurrence::Trailing, Area::File, 0, 115, 236 - 115);
  expect_occurrence(occ[6], Occurrence::Option, Area::Sname, 66, 44, 3, 3);
  expect_occurrence(occ[7], Occurrence::End, Area::Sname, 255, 49, 0);
  expect_occurrence(occ[8], Occurrence::Trailing, Area::Sname, 0, 50, 108 - 50);
  for (const auto& o : occ) {
    EXPECT_FALSE(o.truncated);
    EXPECT_FALSE(o.continuation);
  }
}

TEST(DhcpOptionScan, WithoutOverloadFileAndSnameAreNotScanned) {
  Bytes p = bootp(2);
  const std::string_view file = "boot/ipxe.efi";  // would read as options 98, 111, ...
  std::copy(file.begin(), file.end(), p.begin() + 108);
  opt(p, 53, {2});
  end(p);
  std::vector<Occurrence> occ;
  const OptionScan scan = scan_options(p, occ);
  EXPECT_EQ(scan.overload, 0);
  ASSERT_EQ(occ.size(), 2u);
  EXPECT_TRUE(std::all_of(occ.begin(), occ.end(),
                          [](const Occurrence& o) { return o.area == Area::Options; }));
}

TEST(DhcpOptionScan, LaterOccurrencesAreContinuationsOfTheFirst) {
  Bytes p = bootp(2);
  opt(p, 43, {6, 1});
  opt(p, 60, "PXEClient");
  opt(p, 43, {8});
  opt(p, 43, {3});
  end(p);
  std::vector<Occurrence> occ;
  scan_options(p, occ);
  ASSERT_EQ(occ.size(), 5u);
  EXPECT_FALSE(occ[0].continuation);
  EXPECT_FALSE(occ[1].continuation);  // another code
  EXPECT_TRUE(occ[2].continuation);
  EXPECT_TRUE(occ[3].continuation);
  EXPECT_EQ(occ[2].off, 240u + 4 + 11);
  EXPECT_EQ(occ[3].off, 240u + 4 + 11 + 3);
  EXPECT_EQ(next_piece(occ, 0), 2u);
  EXPECT_EQ(next_piece(occ, 2), 3u);
  EXPECT_EQ(next_piece(occ, 3), occ.size());
  EXPECT_EQ(next_piece(occ, 1), occ.size());
}

TEST(DhcpOptionScan, TruncatedOptionKeepsTheBytesPresent) {
  Bytes p = bootp(2);
  opt(p, 53, {2});
  p.insert(p.end(), {12, 10, 'p', 'x', 'e'});  // host name declares 10 bytes, 3 are there
  std::vector<Occurrence> occ;
  const OptionScan scan = scan_options(p, occ);
  EXPECT_FALSE(scan.end_in_options);
  ASSERT_EQ(occ.size(), 2u);
  expect_occurrence(occ[1], Occurrence::Option, Area::Options, 12, 243, 3, 10);
  EXPECT_TRUE(occ[1].truncated);
  EXPECT_FALSE(occ[0].truncated);
}

TEST(DhcpOptionScan, CodeWithoutRoomForItsLength) {
  Bytes p = bootp(2);
  opt(p, 53, {2});
  p.push_back(12);
  std::vector<Occurrence> occ;
  const OptionScan scan = scan_options(p, occ);
  EXPECT_FALSE(scan.end_in_options);
  ASSERT_EQ(occ.size(), 2u);
  expect_occurrence(occ[1], Occurrence::NoLength, Area::Options, 12, 243, 0);
  EXPECT_TRUE(occ[1].truncated);
}

TEST(DhcpOptionScan, NoEndInOptionsOrOverloadedFile) {
  Bytes p = bootp(2);
  put(p, kFileAt, {67, 2, 'a', 'b'});  // then zeros to the end of the field
  opt(p, 52, {1});
  opt(p, 53, {2});
  std::vector<Occurrence> occ;
  const OptionScan scan = scan_options(p, occ);
  expect_scan(scan, 1, false, false, false);
  ASSERT_EQ(occ.size(), 4u);
  expect_occurrence(occ[2], Occurrence::Option, Area::File, 67, 108, 2, 2);
  expect_occurrence(occ[3], Occurrence::Pad, Area::File, 0, 112, 236 - 112);
}

TEST(DhcpOptionScan, BadCookieIsReportedButOptionsAreStillLocated) {
  Bytes p = bootp(2);
  p[239] = 98;
  opt(p, 53, {2});
  end(p);
  std::vector<Occurrence> occ;
  const OptionScan scan = scan_options(p, occ);
  EXPECT_FALSE(scan.cookie_ok);
  EXPECT_EQ(occ.size(), 2u);
}

TEST(DhcpOptionScan, ShortPayloadClearsTheReusedListAndKeepsItsBuffer) {
  std::vector<Occurrence> occ;
  const Bytes reply = overloaded_reply();
  scan_options(reply, occ);
  const Occurrence* buffer = occ.data();
  const std::size_t capacity = occ.capacity();
  const Bytes plain_bootp(236, 0);
  const OptionScan scan = scan_options(plain_bootp, occ);
  EXPECT_FALSE(scan.cookie_ok);
  EXPECT_TRUE(occ.empty());
  scan_options(reply, occ);  // warm: the same packet again needs no new buffer
  EXPECT_EQ(occ.size(), 9u);
  EXPECT_EQ(occ.data(), buffer);
  EXPECT_EQ(occ.capacity(), capacity);
}

TEST(DhcpOptionScanAgreement, SplitBootFileContinuingInTheOverloadedFileField) {
  Bytes p = bootp(2);
  put(p, kFileAt, {67, 4, '.', 'e', 'f', 'i', 255});
  opt(p, 52, {1});
  opt(p, 67, "grubx64");
  end(p);

  DhcpMessage m;
  ASSERT_TRUE(m.parse(p));
  EXPECT_FALSE(m.malformed);
  EXPECT_EQ(text(m.option(67)), "grubx64.efi");
  EXPECT_EQ(m.boot_file(), "grubx64.efi");
  EXPECT_TRUE(m.file.empty());  // the file field holds options, not a name
  const std::vector<std::uint8_t> order = m.option_order();
  EXPECT_EQ(std::count(order.begin(), order.end(), 67), 1);

  FieldTree t;
  dissect(p, t);
  const std::vector<NodeId> names = all(t, "dhcp.option.bootfile_name");
  ASSERT_EQ(names.size(), 1u);  // decoded once, from the joined value
  EXPECT_EQ(t[names[0]].str_value, text(m.option(67)));
}

TEST(DhcpOptionScanAgreement, VendorOptionSplitOverOptionsFileAndSname) {
  Bytes p = bootp(2);
  // Option 43 in three pieces, RFC 2131 order: options field, file, sname.
  put(p, kFileAt, {43, 3, 0x80, 0x00, 4, 255});
  put(p, kSnameAt, {43, 5, 'B', 'o', 'o', 't', 255, 255});
  opt(p, 60, "PXEClient");
  opt(p, 52, {3});
  opt(p, 43, {6, 1, 8, 9, 7});
  end(p);

  DhcpMessage m;
  ASSERT_TRUE(m.parse(p));
  const std::uint8_t joined[] = {6, 1, 8, 9, 7, 0x80, 0x00, 4, 'B', 'o', 'o', 't', 255};
  EXPECT_TRUE(std::ranges::equal(m.option(43), joined));
  EXPECT_TRUE(m.sname.empty());
  const auto pxe = m.pxe_vendor();
  EXPECT_EQ(pxe.discovery_control.value_or(0), 8);
  ASSERT_EQ(pxe.menu_items.size(), 1u);
  EXPECT_EQ(pxe.menu_items[0], "Boot");

  FieldTree t;
  dissect(p, t);
  const NodeId desc = t.find("dhcp.option.vendor.pxeclient.boot_menu.desc");
  ASSERT_NE(desc, kNoNode);
  EXPECT_EQ(t[desc].str_value, pxe.menu_items[0]);
}

// On every DHCP message of the real firmware captures both read the same options.
TEST(DhcpOptionScanAgreement, SameOptionCodesOnRealCaptures) {
  const auto captures = pxescope::test::firmware_captures();
  ASSERT_GE(captures.size(), 6u);
  std::size_t compared = 0;
  FieldTree t;
  for (const auto& path : captures) {
    const std::string name = path.filename().string();
    for (const auto& c : dhcp_payloads(path.string())) {
      DhcpMessage m;
      if (!m.parse(c.payload) || !m.has_cookie) continue;
      std::vector<std::uint8_t> ours = m.option_order();
      dissect(c.payload, t);
      std::vector<std::uint8_t> theirs;
      for (NodeId id : all(t, "dhcp.option.type")) {
        const auto code = t[id].uint_value;
        if (code == 255 || t[id].text.find("(continued") != std::string::npos) continue;
        theirs.push_back(static_cast<std::uint8_t>(code));
      }
      std::ranges::sort(ours);
      std::ranges::sort(theirs);
      EXPECT_EQ(ours, theirs) << name << " frame " << c.frame;
      ++compared;
    }
  }
  EXPECT_GT(compared, 20u);
}
