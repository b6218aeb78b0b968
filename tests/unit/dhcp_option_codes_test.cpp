// The named option codes (analyzer/dhcp/option_codes.hpp) are the codes of the option
// table's rows: each constant against the label of the row it names, so a wrong number
// fails here rather than in a reply on the wire.
#include <gtest/gtest.h>

#include <string_view>

#include "analyzer/dhcp/option_table.hpp"

using namespace pxescope::dhcp;

namespace {

struct Named {
  OptionSpace space;
  std::uint8_t code;
  std::string_view label;  // the row's label in option_table.cpp
};

constexpr Named kNamed[] = {
    {OptionSpace::Dhcp, kOptPad, "Padding"},
    {OptionSpace::Dhcp, kOptSubnetMask, "Subnet Mask"},
    {OptionSpace::Dhcp, kOptRouter, "Router"},
    {OptionSpace::Dhcp, kOptDomainNameServer, "Domain Name Server"},
    {OptionSpace::Dhcp, kOptHostName, "Host Name"},
    {OptionSpace::Dhcp, kOptDomainName, "Domain Name"},
    {OptionSpace::Dhcp, kOptVendorSpecific, "Vendor-Specific Information"},
    {OptionSpace::Dhcp, kOptRequestedAddress, "Requested IP Address"},
    {OptionSpace::Dhcp, kOptLeaseTime, "IP Address Lease Time"},
    {OptionSpace::Dhcp, kOptOverload, "Option Overload"},
    {OptionSpace::Dhcp, kOptMessageType, "DHCP Message Type"},
    {OptionSpace::Dhcp, kOptServerId, "DHCP Server Identifier"},
    {OptionSpace::Dhcp, kOptParameterRequestList, "Parameter Request List"},
    {OptionSpace::Dhcp, kOptMessage, "Message"},
    {OptionSpace::Dhcp, kOptMaxMessageSize, "Maximum DHCP Message Size"},
    {OptionSpace::Dhcp, kOptRenewalTime, "Renewal Time Value"},
    {OptionSpace::Dhcp, kOptRebindingTime, "Rebinding Time Value"},
    {OptionSpace::Dhcp, kOptVendorClass, "Vendor class identifier"},
    {OptionSpace::Dhcp, kOptClientId, "Client identifier"},
    {OptionSpace::Dhcp, kOptTftpServerName, "TFTP Server Name"},
    {OptionSpace::Dhcp, kOptBootfileName, "Bootfile name"},
    {OptionSpace::Dhcp, kOptUserClass, "User Class Information"},
    {OptionSpace::Dhcp, kOptRelayAgentInfo, "Agent Information Option"},
    {OptionSpace::Dhcp, kOptClientArch, "Client System Architecture"},
    {OptionSpace::Dhcp, kOptClientNdi, "Client Network Device Interface"},
    {OptionSpace::Dhcp, kOptClientGuid, "UUID/GUID-based Client Identifier"},
    {OptionSpace::Dhcp, kOptEtherboot, "Etherboot"},
    {OptionSpace::Dhcp, kOptPxelinuxConfigFile, "PXELINUX configuration file"},
    {OptionSpace::Dhcp, kOptPxelinuxPathPrefix, "PXELINUX path prefix"},
    {OptionSpace::Dhcp, kOptEnd, "End"},
    {OptionSpace::Pxe, kPxePad, "Padding"},
    {OptionSpace::Pxe, kPxeDiscoveryControl, "PXE discovery control"},
    {OptionSpace::Pxe, kPxeBootServers, "PXE boot servers"},
    {OptionSpace::Pxe, kPxeBootMenu, "PXE boot menu"},
    {OptionSpace::Pxe, kPxeMenuPrompt, "PXE menu prompt"},
    {OptionSpace::Pxe, kPxeBootItem, "PXE boot item"},
    {OptionSpace::Pxe, kPxeEnd, "PXE Client End"},
};

}  // namespace

TEST(DhcpOptionCodes, EveryNamedCodeIsTheCodeOfItsTableRow) {
  for (const Named& n : kNamed) {
    const OptionDef* def = find_option(n.space, n.code);
    ASSERT_NE(def, nullptr) << space_name(n.space) << "." << int{n.code} << " has no row";
    EXPECT_EQ(def->label, n.label) << space_name(n.space) << "." << int{n.code};
  }
}

TEST(DhcpOptionCodes, MessageTypesAreNamedAsTheTableNamesThem) {
  const std::pair<std::uint8_t, std::string_view> types[] = {
      {kMsgDiscover, "Discover"}, {kMsgOffer, "Offer"},   {kMsgRequest, "Request"},
      {kMsgDecline, "Decline"},   {kMsgAck, "ACK"},       {kMsgNak, "NAK"},
      {kMsgRelease, "Release"},   {kMsgInform, "Inform"},
  };
  for (const auto& [type, name] : types) EXPECT_EQ(message_type_name(type), name) << int{type};
}
