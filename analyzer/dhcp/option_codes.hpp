// Named DHCPv4 option codes, PXE/iPXE sub-option codes and message types: the numbers the
// readers and writers of pxescope act on, so that code says kOptVendorClass, not 60. Each
// constant is the `code` of a row of the option table (option_table.cpp, looked up with
// find_option); tests/unit/dhcp_option_codes_test.cpp checks every one against its row.
// Plain constants, no table: including this pulls nothing into a binary.
#pragma once

#include <cstdint>

namespace pxescope::dhcp {

// Top-level options (OptionSpace::Dhcp), RFC 2132 and successors.
inline constexpr std::uint8_t kOptPad = 0;
inline constexpr std::uint8_t kOptSubnetMask = 1;
inline constexpr std::uint8_t kOptRouter = 3;
inline constexpr std::uint8_t kOptDomainNameServer = 6;
inline constexpr std::uint8_t kOptHostName = 12;
inline constexpr std::uint8_t kOptDomainName = 15;
inline constexpr std::uint8_t kOptVendorSpecific = 43;  // PXE sub-options when 60 is PXEClient
inline constexpr std::uint8_t kOptRequestedAddress = 50;
inline constexpr std::uint8_t kOptLeaseTime = 51;
inline constexpr std::uint8_t kOptOverload = 52;  // 1: file, 2: sname, 3: both hold options
inline constexpr std::uint8_t kOptMessageType = 53;
inline constexpr std::uint8_t kOptServerId = 54;
inline constexpr std::uint8_t kOptParameterRequestList = 55;
inline constexpr std::uint8_t kOptMessage = 56;
inline constexpr std::uint8_t kOptMaxMessageSize = 57;
inline constexpr std::uint8_t kOptRenewalTime = 58;
inline constexpr std::uint8_t kOptRebindingTime = 59;
inline constexpr std::uint8_t kOptVendorClass = 60;
inline constexpr std::uint8_t kOptClientId = 61;
inline constexpr std::uint8_t kOptTftpServerName = 66;
inline constexpr std::uint8_t kOptBootfileName = 67;
inline constexpr std::uint8_t kOptUserClass = 77;
inline constexpr std::uint8_t kOptRelayAgentInfo = 82;
inline constexpr std::uint8_t kOptClientArch = 93;  // RFC 4578 client system architecture
inline constexpr std::uint8_t kOptClientNdi = 94;   // RFC 4578 network device interface (UNDI)
inline constexpr std::uint8_t kOptClientGuid = 97;  // RFC 4578 UUID/GUID client identifier
inline constexpr std::uint8_t kOptEtherboot = 175;  // iPXE's encapsulated options
inline constexpr std::uint8_t kOptPxelinuxConfigFile = 209;
inline constexpr std::uint8_t kOptPxelinuxPathPrefix = 210;
inline constexpr std::uint8_t kOptEnd = 255;

// PXE sub-options of option 43 (OptionSpace::Pxe), PXE spec 2.1 table 2-1.
inline constexpr std::uint8_t kPxePad = 0;
inline constexpr std::uint8_t kPxeDiscoveryControl = 6;
inline constexpr std::uint8_t kPxeBootServers = 8;
inline constexpr std::uint8_t kPxeBootMenu = 9;
inline constexpr std::uint8_t kPxeMenuPrompt = 10;
inline constexpr std::uint8_t kPxeBootItem = 71;
inline constexpr std::uint8_t kPxeEnd = 255;

// DHCP message types, the values of option 53 (RFC 2132 section 9.6).
inline constexpr std::uint8_t kMsgDiscover = 1;
inline constexpr std::uint8_t kMsgOffer = 2;
inline constexpr std::uint8_t kMsgRequest = 3;
inline constexpr std::uint8_t kMsgDecline = 4;
inline constexpr std::uint8_t kMsgAck = 5;
inline constexpr std::uint8_t kMsgNak = 6;
inline constexpr std::uint8_t kMsgRelease = 7;
inline constexpr std::uint8_t kMsgInform = 8;

// BOOTP op codes (RFC 951).
inline constexpr std::uint8_t kBootRequest = 1;
inline constexpr std::uint8_t kBootReply = 2;

}  // namespace pxescope::dhcp
