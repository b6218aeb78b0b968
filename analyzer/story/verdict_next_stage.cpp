// After the boot program arrived: did its next files come from a server that has them, did the
// kernel and initrd arrive (over TFTP or HTTP), did an HTTP fetch fail?
#include <algorithm>
#include <cstdio>
#include <set>

#include "analyzer/story/boot_files.hpp"
#include "analyzer/story/http_fetches.hpp"
#include "analyzer/story/verdict_rules.hpp"

namespace pxescope::verdict_rules {
namespace {

// One file the next stage fetched, over either protocol.
struct Fetch {
  const TftpTransferStory* tftp = nullptr;
  const HttpFetchStory* http = nullptr;
  std::string name() const { return tftp ? tftp->file : http->url; }
  bool ok() const {
    return tftp ? tftp->complete && !tftp->tsize_probe : http_fetch_succeeded(*http);
  }
  std::uint64_t bytes() const { return tftp ? tftp->bytes : http->bytes; }
  std::uint32_t server() const { return tftp ? tftp->server_ip : http->server_ip; }
  double start() const { return tftp ? tftp->start : http->start; }
  double end() const { return tftp ? tftp->end : http->end; }
  std::string how() const {
    // server_text: an IPv6 server by its address (its server_ip is only the story's id).
    return std::to_string(bytes()) + " bytes over " + (tftp ? "TFTP" : "HTTP") + " from " +
           (tftp ? server_text(*tftp) : format_ipv4(server()));
  }
};

bool same_file(std::string_view a, std::string_view b) {
  return strip_slash(a) == strip_slash(b);
}

// The TFTP transfers and HTTP fetches after the boot program, in time order.
std::vector<Fetch> fetches_after(const ClientStory& s, const TftpTransferStory& nbp) {
  std::vector<Fetch> out;
  for (const TftpTransferStory& x : s.transfers)
    if (x.start >= nbp.end && !x.tsize_probe && !same_file(x.file, nbp.file))
      out.push_back({&x, nullptr});
  for (const HttpFetchStory& x : s.http)
    if (x.start >= nbp.start && x.url != nbp.file) out.push_back({nullptr, &x});
  std::stable_sort(out.begin(), out.end(),
                   [](const Fetch& a, const Fetch& b) { return a.start() < b.start(); });
  return out;
}

std::string list_of(const std::vector<std::string>& names, std::size_t at_most) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < at_most; ++i) out += (i ? ", " : "") + names[i];
  if (names.size() > at_most) out += ", …";
  return out;
}

// shim/GRUB (or any boot program) asked another server for its next files, and that server
// has no TFTP: the proxyDHCP trap, where GRUB takes the DHCP server's siaddr.
bool judge_wrong_server(ClientStory& s, const TftpTransferStory& nbp,
                        const std::vector<Fetch>& next, double capture_end) {
  for (std::size_t i = 0; i < next.size(); ++i) {
    const TftpTransferStory* first = next[i].tftp;
    if (!first || first->server_ip == nbp.server_ip || first->server_port != 0) continue;
    const std::uint32_t wrong = first->server_ip;
    // Everything asked of that server went unanswered, and nothing arrived after it began.
    std::vector<std::string> files;
    std::uint32_t requests = 0;
    bool icmp = false, answered = false, later_success = false;
    double last = first->start;
    for (std::size_t j = i; j < next.size(); ++j) {
      later_success |= next[j].ok();
      const TftpTransferStory* x = next[j].tftp;
      if (!x || x->server_ip != wrong) continue;
      answered |= x->server_port != 0;
      icmp |= x->icmp_unreachable;
      requests += x->rrq_count;
      last = std::max(last, x->end);
      if (std::find(files.begin(), files.end(), x->file) == files.end()) files.push_back(x->file);
    }
    if (answered || later_success) return false;
    if (!icmp && capture_end - last < kPatience) return false;  // the capture may end too soon
    // The program that asked: the last file that arrived before it asked.
    std::string program = nbp.file, from = server_text(nbp);
    for (std::size_t j = 0; j < i; ++j)
      if (next[j].ok()) program = next[j].name(), from = format_ipv4(next[j].server());
    std::string why;
    for (const ServerReply& r : s.replies)
      if (!r.proxy && !r.from_4011 && r.yiaddr && (r.siaddr == wrong || r.server_ip == wrong)) {
        why = r.siaddr == wrong ? "; " + format_ipv4(wrong) + " is the next-server (siaddr) in " +
                                      format_ipv4(r.server_ip) + "'s DHCP answer"
                                : "; " + format_ipv4(wrong) +
                                      " is the DHCP server that gave the client its address";
        break;
      }
    const bool from_proxy =
        std::any_of(s.replies.begin(), s.replies.end(), [&](const ServerReply& r) {
          return (r.proxy || r.from_4011) && r.server_ip == nbp.server_ip;
        });
    set_verdict(
        s, Verdict::NbpWrongServer,
        program + " (downloaded from " + from + ") asked " + format_ipv4(wrong) +
            " for its next files (" + list_of(files, 4) + "; " + std::to_string(requests) +
            " read request(s)) and " +
            (icmp ? std::string("got ICMP port unreachable") : std::string("got no answer")) +
            ": no TFTP server there" + why +
            (from_proxy ? "; GRUB and shim take their TFTP server from the DHCP server's answer, "
                          "not from the proxyDHCP that sent the boot program"
                        : ""),
        "make " + format_ipv4(wrong) + "'s DHCP answer point at " + server_text(nbp) +
            " (next-server / option 66 on the DHCP server; dnsmasq: dhcp-boot=<file>,," +
            server_text(nbp) + "; ISC: next-server " + server_text(nbp) +
            ";), or let one server answer everything (pxescope respond without --proxy: "
            "full-DHCP mode), or boot through iPXE/kernel mode (pxescope respond --kernel K "
            "--initrd I), which fetches over HTTP from pxescope");
    return true;
  }
  return false;
}

// A fetch the boot needs failed: the verdict of its protocol.
// `url` names what was wanted when the connection never carried a request.
void judge_failed_http(ClientStory& s, const HttpFetchStory& x, std::string_view what,
                       double capture_end, std::string_view url = {}) {
  const std::string server = format_ipv4(x.server_ip) + ":" + std::to_string(x.server_port);
  const std::string wanted = x.url.empty() ? std::string(url) : x.url;
  const std::string subject = wanted.empty() ? "" : " for " + std::string(what) + wanted;
  const bool silent_end = capture_end - x.end < kPatience && !x.reset && !x.refused;
  if (x.status >= 300) {
    set_verdict(s, Verdict::HttpNotFound,
                "the HTTP server at " + server + " answered " + std::to_string(x.status) + " " +
                    x.phrase + " for " + std::string(what) + x.url,
                "put " + std::string(file_basename(x.url)) +
                    " where the HTTP server serves that path (under its root; case matters), or "
                    "fix the URL in the iPXE script or the DHCP boot file name");
    return;
  }
  if (x.status >= 200) {
    if (silent_end) {
      set_verdict(s, Verdict::IncompleteCapture,
                  "the capture ends during the HTTP transfer of " + x.url, "capture longer");
      return;
    }
    set_verdict(
        s, Verdict::HttpStalled,
        "the HTTP transfer of " + std::string(what) + x.url + " from " + server +
            " stopped after " + std::to_string(x.bytes) +
            (x.content_length >= 0 ? " of " + std::to_string(x.content_length) : "") + " bytes" +
            (x.reset ? " (connection reset)"
                     : " (no more data for " +
                           std::to_string(static_cast<long long>(capture_end - x.end)) + " s)"),
        "check the network path for loss and the HTTP server's logs (a timeout, a "
        "process stopped mid-transfer, a file changed while served); compare with a "
        "download from another machine");
    return;
  }
  if (silent_end) {
    set_verdict(s, Verdict::IncompleteCapture,
                "the capture ends right after the client contacted " + server, "capture longer");
    return;
  }
  const std::string how = x.refused ? " was refused (TCP reset): nothing listens on port " +
                                          std::to_string(x.server_port) + " there"
                          : x.reset ? " was reset before the server answered"
                          : !x.connected
                              ? " was never answered (" + std::to_string(x.syns) + " SYN(s))"
                              : " got no answer";
  set_verdict(s, Verdict::HttpUnanswered, "the HTTP connection to " + server + subject + how,
              "run an HTTP server on " + server +
                  " (pxescope respond --http-port, nginx, python3 -m http.server), open TCP " +
                  std::to_string(x.server_port) +
                  " in its firewall, and check the host and port in the URL");
}

void judge_failed_tftp(ClientStory& s, const TftpTransferStory& x, std::string_view what,
                       double capture_end) {
  const std::string server = format_ipv4(x.server_ip);
  if (x.error_code == 1 && !x.error_from_client) {
    set_verdict(
        s, Verdict::TftpFileNotFound,
        "the TFTP server at " + server + " says file not found for " + std::string(what) + x.file,
        "put " + x.file +
            " in the TFTP root (path relative to it, case matters) or fix "
            "the name in the boot loader's configuration");
    return;
  }
  if (capture_end - x.end < kPatience && x.error_code < 0) {
    set_verdict(s, Verdict::IncompleteCapture,
                "the capture ends during the TFTP transfer of " + x.file, "capture longer");
    return;
  }
  if (x.server_port == 0) {
    set_verdict(s, Verdict::TftpUnanswered,
                "the TFTP read request for " + std::string(what) + x.file + " to " + server +
                    (x.icmp_unreachable ? " got ICMP port unreachable" : " was never answered"),
                "run a TFTP server on " + server +
                    " or point the boot loader at the one that "
                    "has " +
                    x.file);
    return;
  }
  set_verdict(
      s, Verdict::TftpStalled,
      "the TFTP transfer of " + std::string(what) + x.file + " stopped after " +
          std::to_string(x.blocks) + " blocks",
      "check the network path for loss (retransmissions: " + std::to_string(x.retransmissions) +
          "), the TFTP server's logs, and try a smaller blksize/windowsize");
}

void judge_failed(ClientStory& s, const Fetch& f, std::string_view what, double capture_end) {
  if (f.tftp)
    judge_failed_tftp(s, *f.tftp, what, capture_end);
  else
    judge_failed_http(s, *f.http, what, capture_end);
}

// A kernel was fetched: booted when it and every initrd arrived whole.
bool judge_kernel(ClientStory& s, const TftpTransferStory& nbp, const std::vector<Fetch>& next,
                  double capture_end) {
  std::vector<std::string> wanted;  // kernel(s) first, then initrds, by base name
  for (FileRole role : {FileRole::Kernel, FileRole::Initrd})
    for (const Fetch& f : next) {
      const std::string base(file_basename(f.name()));
      if (file_role(f.name()) == role &&
          std::find(wanted.begin(), wanted.end(), base) == wanted.end())
        wanted.push_back(base);
    }
  if (wanted.empty() || file_role(wanted.front()) != FileRole::Kernel) return false;
  std::string arrived;
  for (const std::string& base : wanted) {
    const Fetch* done = nullptr;
    const Fetch* last = nullptr;
    for (const Fetch& f : next)
      if (file_basename(f.name()) == base) {
        last = &f;
        if (f.ok() && !done) done = &f;
      }
    const bool kernel = file_role(base) == FileRole::Kernel;
    if (!done) {
      judge_failed(s, *last, kernel ? "the kernel " : "the initrd ", capture_end);
      return true;
    }
    arrived += std::string(arrived.empty() ? "" : " and ") +
               (kernel ? "the kernel " : "the initrd ") + done->name() + " (" + done->how() + ")";
  }
  const bool initrd = std::any_of(wanted.begin(), wanted.end(), [](const std::string& b) {
    return file_role(b) == FileRole::Initrd;
  });
  set_verdict(s, Verdict::Booted,
              "downloaded " + nbp.file + " (" + std::to_string(nbp.bytes) + " bytes from " +
                  server_text(nbp) + "), then " + arrived +
                  (initrd ? "" : " (no initrd was asked for)"),
              "");
  return true;
}

// Without a kernel: the last HTTP fetch that failed, unless a later one succeeded (iPXE
// scripts try a per-machine URL, then a default).
bool judge_http_failure(ClientStory& s, const std::vector<Fetch>& next, double capture_end) {
  const Fetch* failed = nullptr;
  for (const Fetch& f : next) {
    if (!f.http) continue;
    if (f.ok()) {
      failed = nullptr;
      continue;
    }
    const HttpFetchStory& x = *f.http;
    if (x.status >= 300 && x.status < 400) continue;  // a redirect: the next fetch follows it
    if (x.status >= 400 && !optional_probe(x.url).kind.empty()) continue;
    failed = &f;
  }
  if (!failed) return false;
  judge_failed(s, *failed, "", capture_end);
  return true;
}

}  // namespace

void set_verdict(ClientStory& s, Verdict v, std::string reason, std::string fix) {
  s.verdict = v;
  s.reason = std::move(reason);
  s.fix = std::move(fix);
}

bool judge_http_boot_file(ClientStory& s, const std::string& boot_file, double capture_end) {
  if (!boot_file.starts_with("http://") && !boot_file.starts_with("https://")) return false;
  const HttpFetchStory* fetch = nullptr;
  for (const HttpFetchStory& x : s.http)
    if (x.url == boot_file || (!x.url.empty() && file_basename(x.url) == file_basename(boot_file)))
      if (!fetch || !http_fetch_succeeded(*fetch)) fetch = &x;
  // A connection to the URL's server that never carried the request (refused, unanswered).
  for (const HttpFetchStory& x : s.http)
    if (!fetch && x.method.empty() &&
        boot_file.starts_with(
            "http://" + format_ipv4(x.server_ip) +
            (x.server_port == 80 ? "/" : ":" + std::to_string(x.server_port) + "/")))
      fetch = &x;
  if (!fetch) return false;
  if (!http_fetch_succeeded(*fetch)) {
    judge_failed_http(s, *fetch, "the boot file ", capture_end, boot_file);
    return true;
  }
  // The next stage is judged as after a TFTP boot file: the download stands in for one.
  TftpTransferStory nbp;
  nbp.file = fetch->url;
  nbp.server_ip = fetch->server_ip;
  nbp.bytes = fetch->bytes;
  nbp.complete = true;
  nbp.start = fetch->start;
  nbp.end = fetch->end;
  return judge_after_boot_file(s, nbp, capture_end);
}

bool judge_after_boot_file(ClientStory& s, const TftpTransferStory& nbp, double capture_end) {
  const std::vector<Fetch> next = fetches_after(s, nbp);
  if (judge_wrong_server(s, nbp, next, capture_end) || judge_kernel(s, nbp, next, capture_end) ||
      judge_http_failure(s, next, capture_end))
    return true;
  std::string asked;
  for (const Fetch& f : next)
    if (asked.empty() && (f.http || f.tftp->start > nbp.end)) asked = f.name();
  if (asked.empty() && s.later_dhcp == 0) return false;
  set_verdict(s, Verdict::Booted,
              "downloaded " + nbp.file + " (" + std::to_string(nbp.bytes) + " bytes from " +
                  server_text(nbp) + "), then " +
                  (asked.empty() ? std::string("the boot program sent its own DHCP")
                                 : "the boot program asked for " + asked),
              "");
  return true;
}

}  // namespace pxescope::verdict_rules
