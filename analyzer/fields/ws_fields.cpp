// Wireshark's "_ws" pseudo-protocols that say something about the dissection itself: the
// frame has expert information (a warn- or error-level warning in its tree; notes, such as a
// checksum left to offload, are informational like Wireshark's "chat" and do not count) or is
// malformed (an error-level warning: a header or field cut short). No dissector adds them to a
// tree: the display filter reads them from the tree's warnings (filter_parser.cpp), so colouring
// rules and searches can use Wireshark's names for "this frame has a problem".
#include "analyzer/fields/field_registry.hpp"

namespace pxescope::fields {
extern const ProtocolFields kWsExpertFields{"_ws.expert", "Expert Info", {}};
extern const ProtocolFields kWsMalformedFields{"_ws.malformed", "Malformed Packet", {}};
}  // namespace pxescope::fields
