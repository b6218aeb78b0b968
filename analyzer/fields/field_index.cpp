// The one list of protocol field tables. A new dissector adds its table here (one line each,
// kept in alphabetical order so that branches adding protocols merge without conflict).
#include "analyzer/fields/field_registry.hpp"

namespace pxescope::fields {

// Declared by each protocol's <proto>_fields.cpp.
// (none yet: the registry is being filled in; see issue 10 §1)
extern const ProtocolFields kDhcpv6Fields;
extern const ProtocolFields kIcmpv6Fields;
extern const ProtocolFields kIpv6Fields;

std::span<const ProtocolFields* const> registered_protocols() {
  static const ProtocolFields* const kProtocols[] = {
      nullptr,  // placeholder so the array is not empty; skipped below
      &kDhcpv6Fields,
      &kIcmpv6Fields,
      &kIpv6Fields,
  };
  static const std::span<const ProtocolFields* const> list =
      std::span<const ProtocolFields* const>(kProtocols).subspan(1);
  return list;
}

}  // namespace pxescope::fields
