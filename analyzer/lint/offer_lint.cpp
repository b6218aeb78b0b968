#include "analyzer/lint/offer_lint.hpp"

#include <string>

#include "analyzer/fingerprint/firmware_fingerprint.hpp"

namespace pxescope {
namespace {

void add(std::vector<LintFinding>& out, std::string_view code, Severity severity,
         std::string message, int option_code = -1, std::string_view node = {}) {
  out.push_back({code, severity, std::move(message), option_code, node});
}

bool is_http_client(const DhcpMessage* request) {
  return request && request->vendor_class().starts_with("HTTPClient");
}

}  // namespace

std::vector<LintFinding> lint_reply(const DhcpMessage& reply, const DhcpMessage* request,
                                    const LintContext& context) {
  std::vector<LintFinding> out;
  if (reply.op != 2) return out;
  const std::uint8_t type = reply.message_type();
  const bool answers_pxe = request ? request->pxe_client() : reply.pxe_client();
  const PxeVendorInfo pxe = reply.pxe_vendor();
  const std::string file = reply.boot_file();
  const int arch = request ? request->arch() : -1;

  if (type != 0 && type != 2 && type != 5)
    return out;  // only OFFER/ACK (and BOOTP) carry boot info

  if (type != 0 && !reply.has(54))
    add(out, "no-server-id", Severity::Warn,
        "no server identifier (54): the client cannot address its REQUEST or port-4011 request "
        "to this server",
        -1, "dhcp");

  if (request && request->has(97) && answers_pxe && (reply.pxe_client() || pxe.present) &&
      !reply.has(97))
    add(out, "uuid-not-echoed", Severity::Warn,
        "the client sent its UUID (97) but the reply does not echo it: PXE 2.1 servers echo 97, "
        "and some firmware ignores replies without it",
        -1, "dhcp");

  if (pxe.present && !reply.pxe_client())
    add(out, "43-without-60", Severity::Warn,
        "PXE vendor options (43) without option 60 \"PXEClient\": PXE firmware reads 43 only "
        "when 60 says PXEClient, so it ignores them",
        43);

  const bool proxy_offer = reply.yiaddr == 0 && type == 2;
  if (proxy_offer && answers_pxe && !reply.pxe_client())
    add(out, "proxy-without-60", Severity::Warn,
        "an offer without an address (a proxyDHCP offer) must carry option 60 \"PXEClient\"; "
        "PXE firmware drops it otherwise",
        -1, "dhcp");

  if (reply.has(60) && answers_pxe && !is_http_client(request) &&
      reply.vendor_class() != "PXEClient" && reply.vendor_class().starts_with("PXEClient"))
    add(out, "60-not-exact", Severity::Note,
        "option 60 in a reply should be exactly \"PXEClient\" (the client's Arch/UNDI suffix is "
        "not echoed)",
        60);

  if (pxe.has_menu && !pxe.has_prompt)
    add(out, "menu-without-prompt", Severity::Warn,
        "a PXE boot menu (43.9) without a menu prompt (43.10): the PXE spec needs both, and "
        "firmware shows no menu (or hangs) without the prompt",
        43, "dhcp.option.vendor.pxeclient.boot_menu");
  if (pxe.has_menu && pxe.menu_length > 253)
    add(out, "menu-too-long", Severity::Warn,
        "the boot menu (43.9) is " + std::to_string(pxe.menu_length) +
            " bytes: over 253 it cannot fit one option 43, and most firmware does not join "
            "split options (RFC 3396)",
        43, "dhcp.option.vendor.pxeclient.boot_menu");
  if (reply.option(43).size() > 255 || pxe.malformed)
    add(out, "43-malformed", Severity::Warn,
        "option 43's PXE sub-options do not parse (or exceed one option): firmware ignores them",
        43);
  if (pxe.has_menu && is_uefi_arch(arch) && context.port4011_answered.has_value() &&
      !*context.port4011_answered)
    add(out, "uefi-menu-no-4011", Severity::Warn,
        "a UEFI client was offered a PXE menu, but nobody answers its boot-server request on "
        "port 4011: the menu choice leads nowhere",
        43, "dhcp.option.vendor.pxeclient.boot_menu");
  if (pxe.discovery_control && (*pxe.discovery_control & 0x08) && file.empty())
    add(out, "direct-boot-without-file", Severity::Warn,
        "discovery control (43.6) says \"use the boot file name directly\" but no file name is "
        "given",
        43, "dhcp.option.vendor.pxeclient.discovery_control");

  if (!reply.has(67) && reply.file_field_unterminated)
    add(out, "file-field-unterminated", Severity::Warn,
        "the boot file name fills all 128 bytes of the file field with no NUL: a name of 128 "
        "bytes or more must go in option 67",
        -1, "dhcp.file");
  if (reply.option(67).size() > 127 && !reply.has(52))
    add(out, "long-67", Severity::Note,
        "option 67 is " + std::to_string(reply.option(67).size()) +
            " bytes: firmware that copies it into the 128-byte BOOTP file field truncates it",
        67);

  if (!file.empty() && reply.siaddr == 0 && !is_http_client(request)) {
    if (reply.has(66))
      add(out, "siaddr-zero-66", Severity::Note,
          "next-server (siaddr) is 0.0.0.0 and the TFTP server is named only in option 66: "
          "EDK2 and Intel firmware use siaddr and ignore 66",
          -1, "dhcp.ip.server");
    else
      add(out, "siaddr-zero", Severity::Warn,
          "a boot file \"" + file +
              "\" but next-server (siaddr) is 0.0.0.0 and there is no option 66: the client has "
              "no TFTP server to ask",
          -1, "dhcp.ip.server");
  }

  if (!file.empty() && arch >= 0) {
    const ArchFamily client = arch_family(arch);
    const ArchFamily named = boot_file_family(file);
    if (!families_compatible(client, named))
      add(out, "file-arch-mismatch", Severity::Warn,
          "boot file \"" + file + "\" looks built for another architecture than the client's (" +
              std::string(arch_name(arch)) + ", option 93 = " + std::to_string(arch) + ")",
          reply.has(67) ? 67 : -1, reply.has(67) ? std::string_view{} : "dhcp.file");
  }

  if (is_http_client(request) && !file.empty() && !file.starts_with("http://") &&
      !file.starts_with("https://"))
    add(out, "http-client-no-url", Severity::Warn,
        "an HTTPClient (UEFI HTTP boot) needs a URL as boot file, got \"" + file + "\"", -1,
        "dhcp.file");
  if (is_http_client(request) && !file.empty() && reply.vendor_class() != "HTTPClient")
    add(out, "http-client-no-60", Severity::Warn,
        "UEFI HTTP boot ignores a reply without option 60 \"HTTPClient\"", 60);

  if (context.reply_from_4011 && type == 5 && file.empty())
    add(out, "4011-ack-without-file", Severity::Warn,
        "the port-4011 boot-server ACK names no boot file: the client has nothing to download", -1,
        "dhcp.file");

  // Firmware quirks, keyed on what the request looks like.
  if (request) {
    const FirmwareFingerprint fp = fingerprint_firmware(*request);
    if (fp.name == "U-Boot" && reply.yiaddr == 0 && type == 2)
      add(out, "uboot-ignores-proxy", Severity::Warn,
          "U-Boot drops every offer without an address (yiaddr 0): a proxyDHCP offer never "
          "reaches it; give it next-server/filename from the DHCP server itself",
          -1, "dhcp.ip.your");
    if (fp.name.starts_with("Raspberry Pi") && (pxe.present || reply.pxe_client())) {
      bool pi_menu = false;
      for (const std::string& item : pxe.menu_items)
        pi_menu |= item.find("Raspberry Pi Boot") != std::string::npos;
      if (!pi_menu)
        add(out, "rpi-no-boot-menu-string", Severity::Note,
            "the Raspberry Pi boot ROM (Pi 3) looks for \"Raspberry Pi Boot\" in the PXE menu of "
            "option 43 (dnsmasq: pxe-service=0,\"Raspberry Pi Boot\") and ignores the offer "
            "without it",
            43);
    }
  }

  if (request && request->xid != reply.xid)
    add(out, "xid-mismatch", Severity::Warn, "the reply's xid differs from the request's", -1,
        "dhcp.id");
  if (request && request->mac != reply.mac)
    add(out, "chaddr-mismatch", Severity::Warn,
        "the reply's client hardware address differs from the request's", -1, "dhcp.hw.mac_addr");
  if (request && request->option(57).size() == 2) {
    const std::size_t max = (request->option(57)[0] << 8) | request->option(57)[1];
    std::size_t size = 236 + 4;
    for (const auto& o : reply.options()) size += 2 + o.value.size();
    if (max >= 576 && size + 1 + 28 > max)
      add(out, "over-max-size", Severity::Warn,
          "the reply (" + std::to_string(size + 29) +
              " bytes with IP/UDP) is larger than the client's maximum message size (57) of " +
              std::to_string(max),
          -1, "dhcp");
  }
  return out;
}

namespace {

NodeId find_option_node(const FieldTree& tree, NodeId dhcp_node, int code) {
  NodeId found = kNoNode;
  tree.for_each_child(dhcp_node, [&](NodeId c) {
    if (found == kNoNode && tree[c].name == "dhcp.option.type" &&
        tree[c].uint_value == static_cast<std::uint64_t>(code))
      found = c;
  });
  return found;
}

}  // namespace

void annotate_dhcp_tree(FieldTree& tree, NodeId dhcp_node,
                        const std::vector<LintFinding>& findings) {
  if (dhcp_node == kNoNode) return;
  for (const LintFinding& f : findings) {
    NodeId target = kNoNode;
    if (f.option_code >= 0) target = find_option_node(tree, dhcp_node, f.option_code);
    if (!f.node_name.empty() && f.node_name != "dhcp") {
      const NodeId from = target != kNoNode ? target : dhcp_node;
      const NodeId named = tree.find(f.node_name, from);
      if (named != kNoNode) target = named;
    }
    if (target == kNoNode) target = dhcp_node;
    std::string message = "pxe-lint ";
    message += f.code;
    message += ": ";
    message += f.message;
    tree.warn(target, f.severity, message);
  }
}

}  // namespace pxescope
