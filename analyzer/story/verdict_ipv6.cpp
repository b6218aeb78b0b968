// PXEv6 verdicts: UEFI firmware that network-boots over DHCPv6 (RFC 8415, RFC 5970), usually
// after its IPv4 attempt failed. The IPv4 attempt is judged alone, up to the moment the
// firmware moved on; the client's verdict is then the IPv6 attempt's.
#include <algorithm>

#include "analyzer/story/verdict_steps.hpp"

namespace pxescope {
namespace {

bool is_ipv6(const ServerReply& r) {
  return !r.server_address.empty();
}
bool is_ipv6(const TftpTransferStory& x) {
  return !x.server_address.empty();
}

// A copy of the story with only the replies and transfers of one IP version.
ClientStory one_version(const ClientStory& s, bool ipv6) {
  ClientStory v = s;
  std::erase_if(v.replies, [ipv6](const ServerReply& r) { return is_ipv6(r) != ipv6; });
  std::erase_if(v.transfers, [ipv6](const TftpTransferStory& x) { return is_ipv6(x) != ipv6; });
  return v;
}

const char* kDhcpv6ServerFix =
    "run a DHCPv6 server for network boot on this link and let the router's Router "
    "Advertisements allow DHCPv6 (dnsmasq: dhcp-range=<prefix>::100,<prefix>::1ff,64 and "
    "enable-ra, with dhcp-option=option6:bootfile-url,tftp://[<server>]/<file>); a DHCPv6 relay "
    "must forward to it";

// The address from one server and the boot file URL from another, nobody giving both, and no
// download after: EDK2's PXEv6 takes an Advertise only when it holds both (seen in the lab
// with a stateless boot server beside the LAN's DHCPv6 server), so it sends no Request and
// waits. True when it set the verdict; a capture that stops too soon stays incomplete.
bool decide_split_answer(ClientStory& s, const ClientStory& v6, double capture_end) {
  if (!v6.transfers.empty()) return false;
  const ServerReply* address_only = nullptr;
  const ServerReply* url_only = nullptr;
  double last_reply = 0;
  for (const ServerReply& r : v6.replies) {
    if (r.yiaddr != 0 && !r.boot_file.empty()) return false;  // one server gave both
    if (r.yiaddr != 0 && !address_only) address_only = &r;
    if (!r.boot_file.empty() && !url_only) url_only = &r;
    last_reply = std::max(last_reply, r.time);
  }
  if (!address_only || !url_only || address_only->server_ip == url_only->server_ip ||
      capture_end - last_reply < kPatience)
    return false;
  const auto requests =
      std::count_if(s.timeline.begin(), s.timeline.end(),
                    [](const TimelineEvent& e) { return e.kind == "dhcpv6-request"; });
  set(s, Verdict::Dhcpv6SplitAnswer,
      "the DHCPv6 server " + server_text(*address_only) +
          " offered an address but no boot file URL (option 59), the server " +
          server_text(*url_only) + " a boot file URL (" + url_only->boot_file +
          ") but no address; the firmware needs both from one server " +
          (requests == 0 ? "(EDK2 takes neither: no Request, it waits at \"Start PXE over IPv6\")"
                         : "(it sent " + std::to_string(requests) + " Request(s))") +
          " and downloaded nothing in the " + whole_seconds(capture_end - last_reply) +
          " s the capture goes on",
      "give the boot file URL on the server that gives the addresses (dnsmasq: "
      "dhcp-option=option6:bootfile-url,tftp://[<boot server>]/<file>; Kea: option-data "
      "bootfile-url) and let the boot server serve only the files, or let one server do both "
      "(pxescope full mode: dhcp-range=<prefix>::100,<prefix>::1ff,64, with the other DHCPv6 "
      "server off on this link)");
  return true;
}

void decide_ipv6_attempt(ClientStory& s, double capture_end) {
  ClientStory v6 = one_version(s, true);
  const std::string waited = whole_seconds(capture_end - s.ipv6_start);
  if (v6.replies.empty() && v6.transfers.empty()) {
    if (capture_end - s.ipv6_start < kPatience)
      set(s, Verdict::IncompleteCapture,
          "the capture ends " + waited +
              " s after the first DHCPv6 Solicit, before a DHCPv6 server could answer",
          "capture longer (at least 10 s after the client starts PXEv6)");
    else
      set(s, Verdict::NoDhcpv6Offer,
          std::to_string(s.solicits) + " DHCPv6 Solicit(s) over " + waited +
              " s and no DHCPv6 server answered (EDK2: PXE-E16 No valid offer received)",
          kDhcpv6ServerFix);
    return;
  }
  const auto url = std::find_if(v6.replies.begin(), v6.replies.end(),
                                [](const ServerReply& r) { return !r.boot_file.empty(); });
  if (url == v6.replies.end() && v6.transfers.empty()) {
    const ServerReply& first = v6.replies.front();
    set(s, Verdict::NoBootfileUrl,
        "the DHCPv6 server " + server_text(first) + " answered " +
            std::to_string(v6.replies.size()) + " time(s)" +
            (first.yiaddr ? " with an address" : "") +
            " but never with a boot file URL (option 59), so the firmware has nothing to "
            "download (EDK2: PXE-E21 Remote boot cancelled)",
        "give PXEv6 clients a boot file URL: dnsmasq: "
        "dhcp-option=option6:bootfile-url,tftp://[<server>]/<file> (or tag it by "
        "option6:61 = 7 for x64 UEFI); Kea: option-data bootfile-url; ISC dhcpd: option "
        "dhcp6.bootfile-url");
    return;
  }
  if (v6.transfers.empty() && s.dhcpv6_refusals > 0) {
    set(s, Verdict::Dhcpv6Refused,
        "the DHCPv6 server " + server_text(v6.replies.back()) +
            " gave a boot file URL but answered " + std::to_string(s.dhcpv6_refusals) +
            " Request(s) with no address, status " + s.dhcpv6_refusal +
            ": without an address the firmware cannot download anything",
        "read the DHCPv6 server's log for the refusal; dnsmasq says \"address in use\" when "
        "another IA of the same client holds the address (EDK2 runs two DHCPv6 clients on one "
        "DUID, "
        "its PXE and, after an RA with the M flag, its IPv6 stack, and dnsmasq hashes DUID and "
        "IAID "
        "modulo the pool's size): give the range a size that is not a power of two (e.g. "
        "::100-::2fe) and remove the client's lease");
    return;
  }
  if (decide_split_answer(s, v6, capture_end)) return;
  v6.last_time = s.last_time;
  decide_from_packets(v6, capture_end);
  set(s, v6.verdict, v6.reason, v6.fix);
}

}  // namespace

void decide_dual_stack(ClientStory& s, double capture_end) {
  const bool ipv6_answered = std::any_of(s.replies.begin(), s.replies.end(),
                                         [](const ServerReply& r) { return is_ipv6(r); }) ||
                             std::any_of(s.transfers.begin(), s.transfers.end(),
                                         [](const TftpTransferStory& x) { return is_ipv6(x); });
  if (s.ipv4_last_time < 0 || s.first_time >= s.ipv6_start) {
    decide_ipv6_attempt(s, capture_end);  // IPv6 only
    return;
  }
  // The IPv4 attempt alone: up to the first Solicit when IPv6 went on, else (nobody answered
  // over IPv6: the IPv4 failure is what to fix) over the whole capture.
  ClientStory v4 = one_version(s, false);
  v4.last_time = s.ipv4_last_time;
  v4.ipv6_start = -1;
  decide_from_packets(v4, ipv6_answered ? s.ipv6_start : capture_end);
  s.ipv4_attempt = v4.verdict != Verdict::Booted && v4.verdict != Verdict::ChainloadLoop;
  s.ipv4_verdict = v4.verdict;
  s.ipv4_reason = v4.reason;
  if (!s.ipv4_attempt) {  // it booted over IPv4: the DHCPv6 afterwards is the booted system's
    decide_from_packets(s, capture_end);
    return;
  }
  if (!ipv6_answered) {
    set(s, v4.verdict,
        v4.reason + "; then the firmware tried PXEv6: " + std::to_string(s.solicits) +
            " DHCPv6 Solicit(s), no DHCPv6 server answered",
        v4.fix);
    return;
  }
  decide_ipv6_attempt(s, capture_end);
  s.reason += " (over IPv6; before that, over IPv4, " + std::string(verdict_code(s.ipv4_verdict)) +
              ": " + s.ipv4_reason + ")";
}

}  // namespace pxescope
