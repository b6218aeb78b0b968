// TFTP request parsing, option negotiation and packet building (responder/tftp/tftp_protocol).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "responder/tftp/tftp_protocol.hpp"

using namespace pxescope::tftp;

namespace {

// Builds opcode + NUL-terminated strings, as a client would.
std::vector<uint8_t> packet(uint16_t opcode, const std::vector<std::string>& strings) {
  std::vector<uint8_t> out{static_cast<uint8_t>(opcode >> 8), static_cast<uint8_t>(opcode)};
  for (const auto& text : strings) {
    out.insert(out.end(), text.begin(), text.end());
    out.push_back(0);
  }
  return out;
}

std::vector<std::string> split_strings(const uint8_t* data, size_t length) {
  std::vector<std::string> out;
  std::string current;
  for (size_t i = 0; i < length; ++i) {
    if (data[i] == 0) {
      out.push_back(current);
      current.clear();
    } else {
      current.push_back(static_cast<char>(data[i]));
    }
  }
  return out;
}

}  // namespace

TEST(TftpProtocol, ParsesPlainReadRequest) {
  const auto bytes = packet(1, {"pxelinux.0", "octet"});
  const auto result = parse_request(bytes);
  ASSERT_TRUE(result.request) << result.error;
  EXPECT_EQ(result.request->opcode, Opcode::kRrq);
  EXPECT_EQ(result.request->filename, "pxelinux.0");
  EXPECT_EQ(result.request->mode, "octet");
  EXPECT_FALSE(result.request->options.blksize);
  EXPECT_FALSE(result.request->options.tsize);
}

TEST(TftpProtocol, ParsesOptionsCaseInsensitively) {
  // What EDK2 sends: blksize, tsize probe value 0, windowsize 4; mode in upper case.
  const auto bytes = packet(1, {"efi/syslinux.efi", "OCTET", "BLKSIZE", "1468", "tsize", "0",
                                "WindowSize", "4", "timeout", "3", "unknown", "x"});
  const auto result = parse_request(bytes);
  ASSERT_TRUE(result.request) << result.error;
  EXPECT_EQ(result.request->mode, "octet");
  EXPECT_EQ(result.request->options.blksize, 1468u);
  EXPECT_EQ(result.request->options.tsize, 0u);
  EXPECT_EQ(result.request->options.windowsize, 4u);
  EXPECT_EQ(result.request->options.timeout_s, 3u);
}

TEST(TftpProtocol, WriteRequestIsRecognised) {
  const auto result = parse_request(packet(2, {"upload.bin", "octet"}));
  ASSERT_TRUE(result.request);
  EXPECT_EQ(result.request->opcode, Opcode::kWrq);
}

TEST(TftpProtocol, RejectsMalformedRequests) {
  EXPECT_FALSE(parse_request(std::vector<uint8_t>{0, 1}).request);
  EXPECT_FALSE(parse_request(packet(4, {"x", "octet"})).request);  // an ACK is not a request
  auto unterminated = packet(1, {"file"});
  unterminated.insert(unterminated.end(), {'o', 'c', 't'});  // mode without NUL
  const auto result = parse_request(unterminated);
  EXPECT_FALSE(result.request);
  EXPECT_NE(result.error.find("mode"), std::string::npos);
  std::vector<uint8_t> no_nul{0, 1, 'a', 'b', 'c'};
  EXPECT_FALSE(parse_request(no_nul).request);
}

TEST(TftpProtocol, MalformedOptionValuesAreDropped) {
  const auto result =
      parse_request(packet(1, {"f", "octet", "blksize", "12x", "tsize", "", "windowsize", "-1"}));
  ASSERT_TRUE(result.request);
  EXPECT_FALSE(result.request->options.blksize);
  EXPECT_FALSE(result.request->options.tsize);
  EXPECT_FALSE(result.request->options.windowsize);
}

TEST(TftpProtocol, NegotiatesWithinLimits) {
  RequestedOptions requested;
  requested.blksize = 65464;
  requested.windowsize = 1000;
  requested.tsize = 0;
  requested.timeout_s = 5;
  NegotiationLimits limits;
  limits.max_blksize = 1468;  // an Ethernet interface: 1500 - 32
  limits.max_windowsize = 64;
  const auto negotiated = negotiate(requested, limits);
  EXPECT_EQ(negotiated.blksize, 1468);
  EXPECT_TRUE(negotiated.ack_blksize);
  EXPECT_EQ(negotiated.windowsize, 64);
  EXPECT_TRUE(negotiated.ack_windowsize);
  EXPECT_TRUE(negotiated.ack_tsize);
  EXPECT_EQ(negotiated.timeout_s, 5u);
  EXPECT_TRUE(negotiated.any());
}

TEST(TftpProtocol, IgnoresOutOfRangeOptions) {
  RequestedOptions requested;
  requested.blksize = 7;     // RFC 2348 minimum is 8
  requested.timeout_s = 0;   // RFC 2349: 1..255
  requested.windowsize = 0;  // RFC 7440: 1..65535
  const auto low = negotiate(requested, {});
  EXPECT_FALSE(low.ack_blksize);
  EXPECT_EQ(low.blksize, kDefaultBlksize);
  EXPECT_FALSE(low.timeout_s);
  EXPECT_FALSE(low.ack_windowsize);
  EXPECT_EQ(low.windowsize, 1);
  EXPECT_FALSE(low.any());
  requested.blksize = 65465;
  requested.timeout_s = 256;
  const auto high = negotiate(requested, {});
  EXPECT_FALSE(high.ack_blksize);
  EXPECT_FALSE(high.timeout_s);
}

TEST(TftpProtocol, BuildsOackWithAcceptedOptionsOnly) {
  Negotiated negotiated;
  negotiated.blksize = 1468;
  negotiated.ack_blksize = true;
  negotiated.ack_tsize = true;
  negotiated.windowsize = 4;
  negotiated.ack_windowsize = true;
  std::vector<uint8_t> out(kMaxPacket);
  const size_t length = build_oack(out, negotiated, 1048576);
  ASSERT_GT(length, 2u);
  EXPECT_EQ(out[0], 0);
  EXPECT_EQ(out[1], 6);
  const auto strings = split_strings(out.data() + 2, length - 2);
  const std::vector<std::string> expected{"blksize", "1468", "tsize", "1048576", "windowsize", "4"};
  EXPECT_EQ(strings, expected);
}

TEST(TftpProtocol, BuildsErrorPacket) {
  std::vector<uint8_t> out(kMaxPacket);
  const size_t length = build_error(out, ErrorCode::kFileNotFound, "file not found: x");
  ASSERT_EQ(length, 4u + 17u + 1u);
  EXPECT_EQ(out[1], 5);
  EXPECT_EQ(out[3], 1);
  EXPECT_EQ(std::string(reinterpret_cast<char*>(out.data()) + 4), "file not found: x");
  EXPECT_EQ(out[length - 1], 0);
}

TEST(TftpProtocol, DataHeaderCarriesWrappedBlockNumber) {
  std::vector<uint8_t> out(8);
  write_data_header(out, 0xabcd);
  EXPECT_EQ(out[0], 0);
  EXPECT_EQ(out[1], 3);
  EXPECT_EQ(out[2], 0xab);
  EXPECT_EQ(out[3], 0xcd);
}

TEST(TftpProtocol, ParsesClientAckAndError) {
  const std::vector<uint8_t> ack{0, 4, 0x12, 0x34};
  const auto parsed_ack = parse_client_packet(ack);
  ASSERT_TRUE(parsed_ack);
  EXPECT_EQ(parsed_ack->opcode, Opcode::kAck);
  EXPECT_EQ(parsed_ack->block, 0x1234);

  const auto error = packet(5, {});
  std::vector<uint8_t> abort{0, 5, 0, 8};
  const std::string text = "tsize probe";
  abort.insert(abort.end(), text.begin(), text.end());
  abort.push_back(0);
  const auto parsed_error = parse_client_packet(abort);
  ASSERT_TRUE(parsed_error);
  EXPECT_EQ(parsed_error->opcode, Opcode::kError);
  EXPECT_EQ(parsed_error->error_code, 8);
  EXPECT_EQ(parsed_error->error_text, "tsize probe");

  EXPECT_FALSE(parse_client_packet(std::vector<uint8_t>{0, 4, 1}));
  EXPECT_FALSE(parse_client_packet(std::vector<uint8_t>{0, 9, 0, 0}));
  EXPECT_EQ(error_code_name(8), "option negotiation refused");
}
