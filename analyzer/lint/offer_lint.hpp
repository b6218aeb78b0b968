// The offer linter: checks a DHCP/proxyDHCP reply (OFFER, ACK, a port-4011 ACK) against the
// PXE specification 2.1, RFC 2131/4578 and known firmware quirks, against the request it
// answers when that is known. Findings become warnings on the field-tree node concerned.
//
// Callers:
//   - a capture reader (CLI analyze, the story builder): parse the request and the reply with
//     DhcpMessage, call lint_reply(), then annotate_dhcp_tree() on the reply's tree;
//   - the responder, before sending: lint_reply(reply, &request) on its own encoded bytes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/field_tree.hpp"
#include "analyzer/story/dhcp_message.hpp"

namespace pxescope {

struct LintFinding {
  std::string_view code;  // stable short id, e.g. "uuid-not-echoed" (static storage)
  Severity severity = Severity::Warn;
  std::string message;  // one line: what is wrong and what the firmware will do
  // Where it belongs: an option (code >= 0) or, when option_code < 0, a header/dhcp node.
  int option_code = -1;
  std::string_view node_name;  // tree node name to attach to ("dhcp.ip.server", a 43 sub-node)
};

struct LintContext {
  // Whether anybody answers port 4011 for this client: nullopt when unknown (a single reply).
  std::optional<bool> port4011_answered;
  bool reply_from_4011 = false;  // the reply came from port 4011 (a boot-server ACK)
};

// All findings for one reply. `request` may be null (unknown); checks that need it are skipped.
std::vector<LintFinding> lint_reply(const DhcpMessage& reply, const DhcpMessage* request,
                                    const LintContext& context = {});

// Attaches each finding as a warning to its node under `dhcp_node` (the "dhcp" node of the
// reply's tree); a finding whose node is absent goes on `dhcp_node` itself.
void annotate_dhcp_tree(FieldTree& tree, NodeId dhcp_node,
                        const std::vector<LintFinding>& findings);

}  // namespace pxescope
