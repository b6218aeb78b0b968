// The responder's request view on the one read model (responder/dhcp_request.cpp over
// analyzer/dhcp/message_view.hpp): options a client split in pieces are now joined (RFC 3396)
// and answered, and what the responder refused before it still refuses, with the same
// ParseError.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "analyzer/dhcp/option_codes.hpp"
#include "analyzer/dhcp/option_scan.hpp"
#include "responder/dhcp_request.hpp"
#include "unit/request_builder.hpp"
#include "unit/responder_test_support.hpp"

namespace pxescope::responder {
namespace {

using namespace dhcp;
using testing::RequestBuilder;
using Bytes = std::vector<std::uint8_t>;

std::string generated(const char* name) {
  return std::string(PXESCOPE_SOURCE_DIR) + "/captures/generated/" + name;
}

// The request's payload as a client would end it (END), or as given (`ended` false).
ParseError parse(const RequestBuilder& b, DhcpRequest& out, bool ended = true) {
  static Bytes payload;  // the views in `out` point into it
  payload = b.p;
  if (ended) payload.push_back(kOptEnd);
  return parse_dhcp_request(payload, out);
}

TEST(ResponderRequestView, SplitVendorClassIsJoinedAndAnswered) {
  const std::string path = generated("split-option-60.pcap");
  ASSERT_TRUE(std::filesystem::exists(path)) << path;
  const auto frames = testing::read_frames(path);
  ASSERT_EQ(frames.size(), 1u);
  DhcpRequest req;
  const Bytes payload(frames[0].begin() + 42, frames[0].end());
  ASSERT_EQ(parse_dhcp_request(payload, req), ParseError::None)
      << "60 in two pieces used to be refused as a repeated option";
  EXPECT_EQ(req.vendor_class, "PXEClient:Arch:00007:UNDI:003016");
  EXPECT_TRUE(req.is_pxe_client());
  EXPECT_EQ(req.arch, 7);

  const auto replies = testing::replay(path, testing::boot_file_config("ipxe.efi"));
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].num("dhcp.option.dhcp"), kMsgOffer);
  EXPECT_EQ(replies[0].str("dhcp.option.vendor_class_id"), "PXEClient");
}

TEST(ResponderRequestView, SplitBootItemOfA4011RequestIsJoined) {
  RequestBuilder b(kMsgRequest, "PXEClient:Arch:00000:UNDI:002001");
  b.option(kOptVendorSpecific, {kPxeBootItem, 4, 0x80})
      .option(kOptClientArch, {0, 0})
      .option(kOptVendorSpecific, {0x00, 0x00, 0x00, kPxeEnd});
  DhcpRequest req;
  ASSERT_EQ(parse(b, req), ParseError::None);
  EXPECT_TRUE(req.has_boot_item);
  EXPECT_EQ(req.boot_item_type, 0x8000);
  EXPECT_EQ(req.boot_item_layer, 0);
}

TEST(ResponderRequestView, SplitArchListIsJoined) {
  RequestBuilder b(kMsgDiscover, "PXEClient");
  b.option(kOptClientArch, {0, 7}).option(kOptClientArch, {0, 0});
  DhcpRequest req;
  ASSERT_EQ(parse(b, req), ParseError::None);
  EXPECT_TRUE(req.has_arch);
  EXPECT_EQ(req.arch, 7) << "the first of the joined list";
  EXPECT_TRUE(req.has_option(kOptClientArch));
}

TEST(ResponderRequestView, WhatWasRefusedIsStillRefused) {
  struct Case {
    const char* what;
    void (*build)(RequestBuilder&);
    ParseError expected;
    bool ended = true;
  };
  const Case cases[] = {
      {"option overload (52), even with well-formed options in file",
       [](RequestBuilder& b) {
         const std::uint8_t file[] = {kOptBootfileName, 1, 'x', kOptEnd};
         std::copy(std::begin(file), std::end(file), b.p.begin() + kFileAt);
         b.option(kOptOverload, {1});
       },
       ParseError::BadOptionLength},
      {"53 empty, then 53 = DISCOVER (pxeload garbage kind 7; a join would make it valid)",
       [](RequestBuilder& b) {
         b.p.resize(240);
         b.option(kOptMessageType, {}).option(kOptMessageType, {kMsgDiscover});
       },
       ParseError::BadOptionLength},
      {"53 twice", [](RequestBuilder& b) { b.option(kOptMessageType, {0x21}); },
       ParseError::BadOptionLength},
      {"53 = 0", [](RequestBuilder& b) { b.p[242] = 0; }, ParseError::BadOptionLength},
      {"97 twice",
       [](RequestBuilder& b) {
         b.option(kOptClientGuid, Bytes(17)).option(kOptClientGuid, Bytes(17));
       },
       ParseError::BadOptionLength},
      {"54 twice",
       [](RequestBuilder& b) { b.address_option(kOptServerId, 1).address_option(kOptServerId, 2); },
       ParseError::BadOptionLength},
      {"50 in two 2-byte pieces",
       [](RequestBuilder& b) {
         b.option(kOptRequestedAddress, {10, 0}).option(kOptRequestedAddress, {0, 1});
       },
       ParseError::BadOptionLength},
      {"57 of 3 bytes",
       [](RequestBuilder& b) {
         b.option(kOptMaxMessageSize, {5, 192, 0});
       },
       ParseError::BadOptionLength},
      {"94 of 2 bytes",
       [](RequestBuilder& b) {
         b.option(kOptClientNdi, {1, 2});
       },
       ParseError::BadOptionLength},
      {"93 of 1 byte", [](RequestBuilder& b) { b.option(kOptClientArch, {0}); },
       ParseError::BadOptionLength},
      {"93 joined to an odd length",
       [](RequestBuilder& b) {
         b.option(kOptClientArch, {0, 7}).option(kOptClientArch, {0});
       },
       ParseError::BadOptionLength},
      {"43 repeated with a 2-byte boot item (pxeload garbage kind 11)",
       [](RequestBuilder& b) {
         for (int i = 0; i < 100; ++i) b.option(kOptVendorSpecific, {kPxeBootItem, 2, 0xff, 0xff});
       },
       ParseError::BadOptionLength},
      {"43 whose sub-option runs past its value",
       [](RequestBuilder& b) {
         b.option(kOptVendorSpecific, {kPxeBootItem, 40, 0, 1, 6, kPxeEnd});
       },
       ParseError::OptionOverrun},
      {"an option past the end",
       [](RequestBuilder& b) {
         b.p.insert(b.p.end(), {kOptVendorClass, 200, 'P'});
       },
       ParseError::OptionOverrun, false},
      {"a code with no length", [](RequestBuilder& b) { b.p.push_back(kOptHostName); },
       ParseError::OptionOverrun, false},
      {"no END", [](RequestBuilder&) {}, ParseError::NoEnd, false},
      {"no cookie", [](RequestBuilder& b) { b.p[236] = 0; }, ParseError::BadCookie},
      {"a BOOTREPLY", [](RequestBuilder& b) { b.p[0] = kBootReply; }, ParseError::NotRequest},
      {"hlen 7", [](RequestBuilder& b) { b.p[2] = 7; }, ParseError::BadHardware},
      {"shorter than header + cookie", [](RequestBuilder& b) { b.p.resize(239); },
       ParseError::TooShort, false},
  };
  for (const Case& c : cases) {
    RequestBuilder b(kMsgDiscover, "PXEClient:Arch:00000:UNDI:002001");
    c.build(b);
    DhcpRequest req;
    EXPECT_EQ(parse_error_text(parse(b, req, c.ended)), parse_error_text(c.expected)) << c.what;
  }
}

}  // namespace
}  // namespace pxescope::responder
