// pxescope's own fields (no Wireshark counterpart). No dissector puts them in a tree: the
// display filter computes them for the frame being filtered (filter_eval.cpp), pxe.client
// from the capture's client membership (analyzer/clients/client_membership.hpp).
#include "analyzer/fields/field_registry.hpp"

namespace pxescope::fields {
namespace {
constexpr FieldInfo kFields[] = {
    {"pxe.client", "A client whose boot the frame belongs to (its MAC)", FieldType::Ether},
};
}  // namespace
extern const ProtocolFields kPxeFields{"pxe", "pxescope boot membership", kFields};
}  // namespace pxescope::fields
