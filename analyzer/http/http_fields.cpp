// HTTP/1.x head fields (http_head.cpp); Wireshark's names and types.
#include "analyzer/fields/field_registry.hpp"

namespace pxescope::fields {
namespace {
using enum FieldType;
constexpr FieldInfo kFields[] = {
    {"http.request", "Request", Bool},
    {"http.response", "Response", Bool},
    {"http.request.line", "Request line", String},
    {"http.response.line", "Response line", String},
    {"http.request.method", "Request Method", String},
    {"http.request.uri", "Request URI", String},
    {"http.request.version", "Request Version", String},
    {"http.response.version", "Response Version", String},
    {"http.response.code", "Status Code", UInt},
    {"http.response.phrase", "Response Phrase", String},
    {"http.host", "Host", String},
    {"http.user_agent", "User-Agent", String},
    {"http.content_length_header", "Content-Length", String},
    {"http.content_length", "Content length", UInt},
    {"http.content_type", "Content-Type", String},
    {"http.range", "Range (pxescope: not in Wireshark)", String},
    {"http.content_range", "Content-Range (pxescope: not in Wireshark)", String},
    {"http.server", "Server", String},
    {"http.connection", "Connection", String},
    {"http.transfer_encoding", "Transfer-Encoding", String},
    // pxescope's own: how much of a body went by (on each TCP segment carrying body bytes).
    {"http.body_bytes_seen", "Body bytes seen so far, this segment's included (pxescope)", UInt},
    {"http.body_complete", "The body reached its Content-Length here (pxescope)", Bool},
};
}  // namespace
extern const ProtocolFields kHttpFields{"http", "Hypertext Transfer Protocol", kFields};
}  // namespace pxescope::fields
