// The one list of protocol field tables. A new dissector adds its table here (one line each,
// kept in alphabetical order so that branches adding protocols merge without conflict).
#include "analyzer/fields/field_registry.hpp"

namespace pxescope::fields {

// Declared by each protocol's <proto>_fields.cpp.
extern const ProtocolFields kArpFields;
extern const ProtocolFields kIpMoreFields;
extern const ProtocolFields kUdpMoreFields;
extern const ProtocolFields kDhcpFields;
extern const ProtocolFields kDnsFields;
extern const ProtocolFields kEthFields;
extern const ProtocolFields kHttpFields;
extern const ProtocolFields kIcmpFields;
extern const ProtocolFields kIeee8021adFields;
extern const ProtocolFields kIeee8021ahFields;
extern const ProtocolFields kIpFields;
extern const ProtocolFields kSllFields;
extern const ProtocolFields kTcpFields;
extern const ProtocolFields kTftpFields;
extern const ProtocolFields kUdpFields;
extern const ProtocolFields kVlanFields;

std::span<const ProtocolFields* const> registered_protocols() {
  static const ProtocolFields* const kProtocols[] = {
      &kArpFields,        &kIpMoreFields,     &kUdpMoreFields, &kDhcpFields,
      &kDnsFields,        &kEthFields,        &kHttpFields,    &kIcmpFields,
      &kIeee8021adFields, &kIeee8021ahFields, &kIpFields,      &kSllFields,
      &kTcpFields,        &kTftpFields,       &kUdpFields,     &kVlanFields,
  };
  return kProtocols;
}

}  // namespace pxescope::fields
