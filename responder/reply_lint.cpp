#include "responder/reply_lint.hpp"

#include "analyzer/frame.hpp"
#include "analyzer/link/udp_locator.hpp"
#include "analyzer/lint/offer_lint.hpp"

namespace pxescope::responder {
namespace {

bool parse_payload(std::span<const std::uint8_t> frame, DhcpMessage& out) {
  UdpLocation loc;
  if (!locate_udp(frame, static_cast<std::uint32_t>(LinkType::Ethernet), loc)) return false;
  return out.parse(frame.subspan(loc.payload_offset, loc.payload_length));
}

}  // namespace

std::string reply_lint_codes(std::span<const std::uint8_t> request_frame,
                             std::span<const std::uint8_t> reply_frame, bool from_port_4011) {
  // Reused across log lines: parse() refills their buffers, so a warm server allocates only
  // the returned codes per logged reply.
  thread_local DhcpMessage request, reply;
  if (!parse_payload(reply_frame, reply)) return {};
  const bool have_request = parse_payload(request_frame, request);
  LintContext context;
  context.reply_from_4011 = from_port_4011;
  std::string codes;
  for (const LintFinding& f : lint_reply(reply, have_request ? &request : nullptr, context)) {
    if (!codes.empty()) codes += ',';
    codes += f.code;
  }
  return codes;
}

}  // namespace pxescope::responder
