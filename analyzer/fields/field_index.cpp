// The one list of protocol field tables. A new dissector adds its table here (one line each,
// kept in alphabetical order so that branches adding protocols merge without conflict).
#include "analyzer/fields/field_registry.hpp"

namespace pxescope::fields {

// Declared by each protocol's <proto>_fields.cpp.
extern const ProtocolFields kArpFields;
extern const ProtocolFields kCapwapDataFields;
extern const ProtocolFields kCapwapFields;
extern const ProtocolFields kDhcpFields;
extern const ProtocolFields kDhcpv6Fields;
extern const ProtocolFields kDnsFields;
extern const ProtocolFields kEthFields;
extern const ProtocolFields kFrameFields;
extern const ProtocolFields kHttpFields;
extern const ProtocolFields kIcmpFields;
extern const ProtocolFields kIcmpv6Fields;
extern const ProtocolFields kIeee8021adFields;
extern const ProtocolFields kIeee8021ahFields;
extern const ProtocolFields kIpFields;
extern const ProtocolFields kIpv6Fields;
extern const ProtocolFields kLlcFields;
extern const ProtocolFields kRadiotapFields;
extern const ProtocolFields kSllFields;
extern const ProtocolFields kTcpFields;
extern const ProtocolFields kTftpFields;
extern const ProtocolFields kUdpFields;
extern const ProtocolFields kVlanFields;
extern const ProtocolFields kWlanFields;
extern const ProtocolFields kWsExpertFields;
extern const ProtocolFields kWsMalformedFields;

std::span<const ProtocolFields* const> registered_protocols() {
  // One line each, sorted, so that branches adding protocols merge cleanly.
  // clang-format off
  static const ProtocolFields* const kProtocols[] = {
      &kArpFields,
      &kCapwapDataFields,
      &kCapwapFields,
      &kDhcpFields,
      &kDhcpv6Fields,
      &kDnsFields,
      &kEthFields,
      &kFrameFields,
      &kHttpFields,
      &kIcmpFields,
      &kIcmpv6Fields,
      &kIeee8021adFields,
      &kIeee8021ahFields,
      &kIpFields,
      &kIpv6Fields,
      &kLlcFields,
      &kRadiotapFields,
      &kSllFields,
      &kTcpFields,
      &kTftpFields,
      &kUdpFields,
      &kVlanFields,
      &kWlanFields,
      &kWsExpertFields,
      &kWsMalformedFields,
  };
  // clang-format on
  return kProtocols;
}

}  // namespace pxescope::fields
