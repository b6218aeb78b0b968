// How far did the boot get? The first step that failed, in plain words, and the likely fix.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "analyzer/story/boot_story.hpp"
#include "analyzer/story/verdict_steps.hpp"

namespace pxescope {
namespace {

std::string family_text(ArchFamily f) {
  switch (f) {
    case ArchFamily::BiosX86:
      return "a BIOS (x86 real-mode) program";
    case ArchFamily::EfiIa32:
      return "an x86 32-bit UEFI program";
    case ArchFamily::EfiX64:
      return "an x64 UEFI program";
    case ArchFamily::EfiArm32:
      return "an ARM 32-bit UEFI program";
    case ArchFamily::EfiArm64:
      return "an ARM64 UEFI program";
    case ArchFamily::EfiOther:
      return "a UEFI program";
    case ArchFamily::Unknown:
      return "an unknown kind of program";
  }
  return "";
}

std::string arch_fix(int arch) {
  switch (arch_family(arch)) {
    case ArchFamily::BiosX86:
      return "serve a BIOS boot file to arch 0 (pxelinux.0, undionly.kpxe); dnsmasq: "
             "pxe-service=x86PC,...";
    case ArchFamily::EfiX64:
      return "serve an x64 UEFI file to arch 7/9 (syslinux.efi, ipxe.efi, shimx64.efi, "
             "grubx64.efi); dnsmasq: pxe-service=x86-64_EFI,... or "
             "dhcp-match=set:efi64,option:client-arch,7";
    case ArchFamily::EfiArm64:
      return "serve an ARM64 UEFI file to arch 11 (grubaa64.efi, bootaa64.efi, ipxe arm64 "
             "snp.efi); dnsmasq: pxe-service=ARM64_EFI,...";
    default:
      return "match the boot file to the client's architecture (option 93) with per-arch rules on "
             "the server";
  }
}

// What one server offered the client for booting: "pxelinux.0", "menu "Linux" (file pxelinux.0
// on port 4011)", "a proxy offer without file".
std::string offer_text(const ServerReply& offer, const std::vector<ServerReply>& replies) {
  if (!offer.boot_file.empty()) return offer.boot_file;
  std::string file_4011;
  for (const ServerReply& r : replies)
    if (r.from_4011 && r.server_ip == offer.server_ip && !r.boot_file.empty())
      file_4011 = r.boot_file;
  std::string text =
      !offer.menu_text.empty() ? "menu \"" + offer.menu_text + "\"" : "a proxy offer without file";
  if (!file_4011.empty()) text += " (file " + file_4011 + " on port 4011)";
  return text;
}

// Two or more servers answered the same DISCOVER with boot information: whichever offer the
// firmware takes decides the boot, so this is the verdict even when the boot then went on
// (chainloaded, looped or booted).
bool judge_conflicting_proxies(ClientStory& s, const TftpTransferStory* completed) {
  std::map<std::uint32_t, std::map<std::uint32_t, const ServerReply*>> offers_by_xid;
  for (const ServerReply& r : s.replies) {
    if (r.from_4011 || r.type == 5) continue;
    if (r.boot_file.empty() && !r.menu && !r.boot_servers && !r.proxy) continue;
    offers_by_xid[r.xid].emplace(r.server_ip, &r);  // the first offer of each server
  }
  for (const auto& [xid, by_server] : offers_by_xid) {
    if (by_server.size() < 2) continue;
    std::string list;
    for (const auto& [server, offer] : by_server)
      list += (list.empty() ? "" : "; ") + server_text(*offer) + " offering " +
              offer_text(*offer, s.replies);
    const std::string how = completed ? "; this time it downloaded " + completed->file + " from " +
                                            server_text(*completed)
                                      : "";
    set(s, Verdict::ConflictingProxies,
        std::to_string(by_server.size()) + " PXE servers answered the same DISCOVER (" + list +
            "): which one the firmware follows is a race, so the outcome depends on which offer "
            "wins" +
            how,
        "keep one proxyDHCP/PXE server on this segment (stop the other, or limit it with "
        "interface/MAC/vendor-class rules), or make them give the same answer");
    return true;
  }
  return false;
}

// Without boot information PXE firmware gives up: EDK2 says PXE-E16, the PXE 2.1 ROMs PXE-E53.
std::string no_boot_info_error(const ClientStory& s) {
  return s.firmware.name.find("EDK2") != std::string::npos ? "PXE-E16: no valid offer received"
                                                           : "PXE-E53: no boot filename received";
}

}  // namespace

void decide_from_packets(ClientStory& s, double capture_end) {
  const double silence = capture_end - s.last_time;
  const std::string client_arch =
      s.arch >= 0 ? std::string(arch_name(s.arch)) + " (arch " + std::to_string(s.arch) + ")"
                  : "unknown architecture";

  // Which servers said what about booting.
  std::set<std::uint32_t> address_servers, boot_servers;
  std::map<std::uint32_t, std::set<std::string>> files_by_server;
  std::set<std::string> offered_files;
  bool any_boot_info = false, proxy_or_menu = false, any_4011_reply = false;
  for (const ServerReply& r : s.replies) {
    if (r.yiaddr) address_servers.insert(r.server_ip);
    const bool boot = !r.boot_file.empty() || r.menu || r.boot_servers || r.proxy;
    if (boot) {
      any_boot_info = true;
      if (!r.from_4011) boot_servers.insert(r.server_ip);
    }
    if (r.proxy || r.menu || r.boot_servers) proxy_or_menu = true;
    if (r.from_4011) any_4011_reply = true;
    if (!r.boot_file.empty()) {
      offered_files.insert(strip_slash(r.boot_file));
      files_by_server[r.server_ip].insert(strip_slash(r.boot_file));
    }
  }
  (void)boot_servers;
  double first_address_offer = -1, last_reply = s.first_time;
  bool acked = false;
  for (const ServerReply& r : s.replies) {
    acked |= r.type == 5 && r.yiaddr != 0;
    if (r.yiaddr && first_address_offer < 0) first_address_offer = r.time;
    last_reply = std::max(last_reply, r.time);
  }

  // The transfers of the boot file (or all transfers when no name was seen on the wire).
  std::vector<const TftpTransferStory*> boot_transfers;
  for (const TftpTransferStory& x : s.transfers)
    if (offered_files.empty() || offered_files.count(strip_slash(x.file)))
      boot_transfers.push_back(&x);
  const TftpTransferStory* completed = nullptr;
  for (const TftpTransferStory* x : boot_transfers)
    if (x->complete && !x->tsize_probe) {
      completed = x;
      break;
    }
  const std::string boot_file = completed                 ? completed->file
                                : !offered_files.empty()  ? *offered_files.begin()
                                : !boot_transfers.empty() ? boot_transfers.front()->file
                                                          : std::string();

  // 1. Several proxyDHCP servers: a race, whatever happened after.
  if (judge_conflicting_proxies(s, completed)) return;

  // 2. Chainload loop: the same file downloaded again and again, DHCP in between.
  std::map<std::string, int> completions;
  for (const TftpTransferStory& x : s.transfers)
    if (x.complete && !x.tsize_probe) ++completions[strip_slash(x.file)];
  for (const auto& [file, n] : completions)
    if (n >= 2 && s.later_dhcp > 0) {
      set(s, Verdict::ChainloadLoop,
          file + " was downloaded " + std::to_string(n) +
              " times with DHCP in between: the boot program (e.g. iPXE) asks DHCP again and is "
              "handed itself again",
          "give the second stage a different answer: match the boot program's DHCP (iPXE sends "
          "user "
          "class \"iPXE\" / option 175) and hand it its script or kernel; dnsmasq: "
          "dhcp-userclass=set:ipxe,iPXE and dhcp-boot=tag:ipxe,<script>; ISC: if exists "
          "user-class and option user-class = \"iPXE\"");
      return;
    }

  // 3. Booted: the boot file arrived and the next stage spoke (and, when it fetched a kernel,
  // the kernel and initrd arrived; when it fetched its next files, from a server that has them).
  if (completed && verdict_rules::judge_after_boot_file(s, *completed, capture_end)) return;

  // 4. Nobody answered at all (a capture of TFTP alone goes on to step 7).
  if (s.replies.empty() && s.transfers.empty()) {
    if (capture_end - s.first_time < kPatience)
      set(s, Verdict::IncompleteCapture,
          "the capture ends " + whole_seconds(capture_end - s.first_time) +
              " s after the first DISCOVER, before any server could answer",
          "capture longer (at least 10 s after the client starts)");
    else
      set(s, Verdict::NoOffer,
          std::to_string(s.discovers) + " DISCOVER(s) over " +
              whole_seconds(capture_end - s.first_time) +
              " s and no DHCP server answered (PXE-E51)",
          "start a DHCP server (or proxyDHCP) on this segment, or configure the router's DHCP "
          "relay (ip helper-address) to reach it; check that nothing filters UDP 67/68");
    return;
  }

  // 5. Addresses but no boot information anywhere (PXE-E53).
  if (!any_boot_info && s.transfers.empty()) {
    if (capture_end - first_address_offer < 2 * kPatience && s.requests == 0)
      set(s, Verdict::IncompleteCapture,
          "an address was offered but the capture ends before a proxyDHCP offer could arrive",
          "capture longer");
    else
      set(s, Verdict::NoBootInfo,
          format_ipv4(*address_servers.begin()) + " offered an address" +
              (acked ? " (the client took it)" : " (the client did not take it)") +
              ", but no server named a boot file or a PXE boot server (" + no_boot_info_error(s) +
              ")",
          "give the client a boot file: run a proxyDHCP (dnsmasq: dhcp-range=<subnet>,proxy and "
          "pxe-service=...) or set next-server and filename (options 66/67) on the DHCP server");
    return;
  }

  // 6. Boot information that needs a port-4011 boot server.
  if (offered_files.empty() && s.transfers.empty()) {
    if (s.pxe_4011_requests > 0 && !any_4011_reply) {
      set(s, Verdict::No4011Answer,
          "the client asked for its boot file on port 4011 " + std::to_string(s.pxe_4011_requests) +
              " time(s)" +
              (s.icmp_4011_unreachable ? " and got ICMP port unreachable"
                                       : std::string(" and got no answer")) +
              " (the proxy offer named no file, so the firmware must ask the boot server)",
          "let the proxyDHCP answer on UDP 4011: open the port in the server's firewall (e.g. nft "
          "add rule inet filter input udp dport 4011 accept); dnsmasq in proxy mode listens there "
          "by itself");
      return;
    }
    if (any_4011_reply) {
      set(s, Verdict::NoBootInfo, "the port-4011 boot server answered without a boot file name",
          "give the boot server a file for this architecture (dnsmasq: "
          "pxe-service=<arch>,...,<file>)");
      return;
    }
    if (capture_end - last_reply < kPatience * 2)
      set(s, Verdict::IncompleteCapture,
          "a PXE offer arrived (menu/proxy, no file) but the capture ends before the client went "
          "on",
          "capture longer");
    else
      set(s, Verdict::NoBootInfo,
          "the PXE offers named no boot file and the client never asked a boot server on port "
          "4011" +
              std::string(is_uefi_arch(s.arch) && proxy_or_menu
                              ? " (UEFI firmware ignores a menu it cannot use)"
                              : ""),
          "put the boot file in the offer (option 67 / file field, with next-server) for this "
          "architecture, or make sure a boot server answers port 4011");
    return;
  }

  // 7. A boot file name was given: what happened on TFTP.
  const ArchFamily client_family = arch_family(s.arch);
  const ArchFamily named_family = boot_file_family(boot_file);
  // UEFI HTTP boot: the boot file is a URL, fetched over HTTP.
  if (boot_transfers.empty() && verdict_rules::judge_http_boot_file(s, boot_file, capture_end))
    return;
  if (boot_transfers.empty()) {
    if (!families_compatible(client_family, named_family)) {
      set(s, Verdict::ArchMismatch,
          "the client is " + client_arch + " but was offered " + boot_file + ", " +
              family_text(named_family) + "; it never asked for it",
          arch_fix(s.arch));
      return;
    }
    set(s, Verdict::IncompleteCapture,
        "offered boot file " + boot_file + " but no TFTP read request for it is in the capture",
        silence < kPatience * 2 ? "capture longer"
                                : "check that the client accepted the offer (see the linter's "
                                  "warnings) and capture the whole boot");
    return;
  }
  if (!completed) {
    const TftpTransferStory& last = *boot_transfers.back();
    bool answered = false, icmp = false, not_found = false, big_unacked = false, data = false;
    std::string not_found_message;
    for (const TftpTransferStory* x : boot_transfers) {
      answered |= x->server_port != 0;
      icmp |= x->icmp_unreachable;
      if (x->error_code == 1 && !x->error_from_client) {
        not_found = true;
        not_found_message = x->error_message;
      }
      big_unacked |= x->large_blocks_unacked;
      data |= x->blocks > 0;
    }
    if (not_found) {
      set(s, Verdict::TftpFileNotFound,
          "the TFTP server at " + server_text(last) + " says file not found for " + last.file +
              (not_found_message.empty() ? "" : " (\"" + not_found_message + "\")"),
          "put " + last.file +
              " in the TFTP root (path relative to it, case matters) or fix the "
              "boot file name the DHCP/proxy server gives");
      return;
    }
    if (!answered) {
      if (!icmp && capture_end - last.start < kPatience) {
        set(s, Verdict::IncompleteCapture,
            "the capture ends right after the TFTP read request for " + last.file,
            "capture longer");
        return;
      }
      set(s, Verdict::TftpUnanswered,
          "the TFTP read request for " + last.file + " to " + server_text(last) +
              (icmp ? " got ICMP port unreachable: no TFTP server listens on port 69 there"
                    : " was never answered (PXE-E32: TFTP open timeout)"),
          "run a TFTP server on " + server_text(last) +
              " (dnsmasq: enable-tftp and tftp-root=...), or point next-server (siaddr) at the "
              "host that has one; open UDP 69 in its firewall");
      return;
    }
    if (big_unacked || last.blksize > 1468) {
      for (const TftpTransferStory* x : boot_transfers)
        if (x->large_blocks_unacked) {
          set(s, Verdict::BlksizeTooLarge,
              "the server sent " + x->file + " in blocks of " + std::to_string(x->blksize) +
                  " bytes (IP datagrams of " + std::to_string(x->largest_data_ip_length) +
                  " bytes) and the client never acknowledged one: the blocks do not fit the path "
                  "MTU",
              "cap the TFTP block size at 1468 or less (dnsmasq: tftp-mtu=1500 or "
              "tftp-no-blocksize; tftpd-hpa: --blocksize 1468)");
          return;
        }
    }
    if (data || last.error_code >= 0) {
      if (last.error_code < 0 && capture_end - last.end < kPatience) {
        set(s, Verdict::IncompleteCapture,
            "the capture ends during the TFTP transfer of " + last.file, "capture longer");
        return;
      }
      set(s, Verdict::TftpStalled,
          "the TFTP transfer of " + last.file + " stopped after " + std::to_string(last.blocks) +
              " blocks" +
              (last.error_code >= 0
                   ? " with ERROR " + std::to_string(last.error_code) + " \"" + last.error_message +
                         "\" from the " + (last.error_from_client ? "client" : "server")
                   : std::string(" without an error")),
          "check the network path for loss (retransmissions: " +
              std::to_string(last.retransmissions) +
              "), the TFTP server's logs, and try a smaller blksize/windowsize");
      return;
    }
  }

  // 8. Downloaded (or only size-probed) but no next stage.
  const ArchFamily image_family =
      completed ? boot_image_family(completed->head) : ArchFamily::Unknown;
  const ArchFamily file_family = image_family != ArchFamily::Unknown ? image_family : named_family;
  const bool bios_image_sent_to_uefi = completed && image_family == ArchFamily::Unknown &&
                                       is_uefi_arch(s.arch) && completed->head.size() >= 2 &&
                                       !(completed->head[0] == 'M' && completed->head[1] == 'Z');
  if (!families_compatible(client_family, file_family) || bios_image_sent_to_uefi) {
    set(s, Verdict::ArchMismatch,
        "the client is " + client_arch + " but " + boot_file + " is " +
            family_text(bios_image_sent_to_uefi ? ArchFamily::BiosX86 : file_family) +
            (completed ? " (read from the downloaded bytes)" : "") + "; the firmware cannot run it",
        arch_fix(s.arch));
    return;
  }
  if (!completed) {
    set(s, Verdict::IncompleteCapture,
        "the client only probed the size of " + boot_file + " and the capture shows no download",
        silence < kPatience * 2 ? "capture longer"
                                : "check the firmware console for the reason it gave up");
    return;
  }
  // Over IPv4: without Secure Boot an unsigned program runs and asks for its next file at once;
  // with it on, the firmware refuses the image it has just downloaded and the wire goes quiet.
  // Over IPv6 silence proves nothing: the usual boot programs (syslinux.efi) cannot go on there.
  const bool over_ipv4 = completed->server_address.empty();
  if (over_ipv4 && is_uefi_arch(s.arch) && pe_image_signed(completed->head) == false) {
    const double quiet = capture_end - completed->end;
    set(s, Verdict::NbpRefused,
        "downloaded " + completed->file + " (" + std::to_string(completed->bytes) + " bytes from " +
            server_text(*completed) +
            "), an unsigned UEFI program, and then the firmware stopped: it asked for nothing "
            "more" +
            (quiet >= 1 ? " in the " + whole_seconds(quiet) + " s the capture goes on" : "") +
            ". With Secure Boot on, UEFI refuses to start a program without a signature it "
            "trusts (EDK2 prints \"Access Denied\" on the console)",
        "serve a signed chain instead: shim (shimx64.efi from shim-signed, or Debian's netboot "
        "bootnetx64.efi) then the signed GRUB (grubx64.efi from grub-efi-amd64-signed); or turn "
        "Secure Boot off in the firmware setup");
    return;
  }
  set(s, Verdict::IncompleteCapture,
      "downloaded " + completed->file + " but nothing followed in the capture (" +
          whole_seconds(capture_end - completed->end) + " s)",
      "capture longer; if it stays silent, look at the client's console: the boot program started "
      "without needing the network, or failed");
}

void decide_verdict(ClientStory& s, double capture_end, std::size_t servers_answering_4011) {
  (void)servers_answering_4011;
  // A phone or laptop asking for an address: not a boot, so no PXE verdict or fix.
  if (s.dhcp_request_seen && !s.network_boot && !s.requests_cut && s.transfers.empty()) {
    set(s, Verdict::NotPxe,
        "a DHCP client that is not network-booting (" +
            (s.vendor_class.empty() ? std::string("no vendor class")
                                    : "vendor class \"" + s.vendor_class + "\"") +
            ", no PXEClient/HTTPClient, no client architecture option 93)",
        "");
    return;
  }
  if (s.ipv6_start >= 0)
    decide_dual_stack(s, capture_end);
  else
    decide_from_packets(s, capture_end);
  // What the snap length cut decides the verdict: say so rather than guess. A finished
  // download proves itself (its sizes come from the UDP lengths).
  if (s.cut_decisive.empty() || s.verdict == Verdict::Booted || s.verdict == Verdict::ChainloadLoop)
    return;
  std::string fields;
  for (const std::string& f : s.cut_decisive) fields += (fields.empty() ? "" : "; ") + f;
  set(s, Verdict::IncompleteCapture,
      "the capture was truncated at " + std::to_string(s.snap_length) +
          " bytes per packet (snap length) and the packets that decide this boot are cut: " +
          fields + " missing (what is left suggests " + std::string(verdict_code(s.verdict)) + ")",
      "capture again without a snap length limit (tcpdump -s 0; dumpcap/tshark keep whole "
      "packets by default)");
}

}  // namespace pxescope
