// The one list of protocol field tables. A new dissector adds its table here (one line each,
// kept in alphabetical order so that branches adding protocols merge without conflict).
#include "analyzer/fields/field_registry.hpp"

namespace pxescope::fields {

// Declared by each protocol's <proto>_fields.cpp.
extern const ProtocolFields arp_fields;
extern const ProtocolFields icmp_fields;
extern const ProtocolFields ip_more_fields;
extern const ProtocolFields udp_more_fields;

std::span<const ProtocolFields* const> registered_protocols() {
  static const ProtocolFields* const kProtocols[] = {
      nullptr,  // placeholder so the array is not empty; skipped below
      &arp_fields, &icmp_fields, &ip_more_fields, &udp_more_fields,
  };
  static const std::span<const ProtocolFields* const> list =
      std::span<const ProtocolFields* const>(kProtocols).subspan(1);
  return list;
}

}  // namespace pxescope::fields
