#include "responder/config_report.hpp"

#include <cstdint>
#include <filesystem>
#include <string_view>

#include "analyzer/dhcp/option_table.hpp"
#include "responder/proxy_decision.hpp"

namespace pxescope::responder {
namespace {

struct ClientKind {
  std::string_view label;
  std::string_view vendor_class;  // option 60 as such firmware sends it
  std::uint16_t arch;
  bool ipxe;  // user class "iPXE" and option 175, as iPXE sends them
};

constexpr ClientKind kClientKinds[] = {
    {"BIOS", "PXEClient:Arch:00000:UNDI:002001", 0, false},
    {"ia32 UEFI", "PXEClient:Arch:00006:UNDI:003016", 6, false},
    {"x64 UEFI", "PXEClient:Arch:00007:UNDI:003016", 7, false},
    {"arm64 UEFI", "PXEClient:Arch:00011:UNDI:003016", 11, false},
    {"iPXE on BIOS", "PXEClient:Arch:00000:UNDI:002001", 0, true},
    {"iPXE on x64 UEFI", "PXEClient:Arch:00007:UNDI:003016", 7, true},
    {"HTTP boot x64 UEFI", "HTTPClient:Arch:00016:UNDI:003001", 16, false},
    {"HTTP boot arm64 UEFI", "HTTPClient:Arch:00019:UNDI:003001", 19, false},
};

constexpr std::uint8_t kIpxeUserClass[] = {'i', 'P', 'X', 'E'};

void set_present(DhcpRequest& req, std::uint8_t code) {
  req.present[code >> 6] |= std::uint64_t{1} << (code & 63);
}

DhcpRequest made_up_discover(const ClientKind& kind) {
  DhcpRequest req;
  req.op = 1;
  req.htype = 1;
  req.hlen = 6;
  req.chaddr = {0x02, 0x00, 0x00, 0x00, 0x00, 0x42};
  req.message_type = 1;
  req.vendor_class = kind.vendor_class;
  req.has_arch = true;
  req.arch = kind.arch;
  for (std::uint8_t code : {53, 60, 93}) set_present(req, code);
  if (kind.ipxe) {
    req.user_class = kIpxeUserClass;
    req.has_ipxe_options = true;
    set_present(req, 77);
    set_present(req, 175);
  }
  return req;
}

std::string_view style_words(OfferStyle style) {
  switch (style) {
    case OfferStyle::Menu:
      return "boot menu, then port 4011";
    case OfferStyle::Binl:
      return "offer, then port 4011";
    case OfferStyle::Direct:
      return "file in the offer";
    case OfferStyle::None:
      break;
  }
  return "offer";
}

// Whether the TFTP root serves `file`; "" when it does (or it is not ours to serve).
std::string file_problem(const ResponderConfig& cfg, const Reply& reply,
                         const ServerIdentity& server) {
  const std::string& file = reply.file;
  if (file.empty() || file.find("://") != std::string::npos) return {};
  if (reply.siaddr != 0 && reply.siaddr != server.ip) return {};  // another server's file
  if (!cfg.enable_tftp || cfg.tftp_root.empty()) return "TFTP is not enabled";
  std::string rel = file;
  while (!rel.empty() && rel.front() == '/') rel.erase(0, 1);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(std::filesystem::path(cfg.tftp_root) / rel, ec))
    return "missing from the TFTP root " + cfg.tftp_root;
  return {};
}

}  // namespace

std::vector<ClientKindReport> report_client_kinds(const ResponderConfig& cfg) {
  ServerIdentity server;
  server.ip = cfg.server_ip ? cfg.server_ip : 0xc0000201u;
  std::vector<ClientKindReport> out;
  Reply reply;
  for (const ClientKind& kind : kClientKinds) {
    ClientKindReport line;
    line.kind = std::string(kind.label) + " (arch " + std::to_string(kind.arch) + ")";
    const DhcpRequest req = made_up_discover(kind);
    reply = Reply{};
    const Verdict v = fill_pxe_offer(req, cfg, server, reply);
    if (v != Verdict::Reply) {
      line.answer = "nothing: " + std::string(verdict_text(v));
    } else {
      line.answer = std::string(style_words(reply.style)) + ", file " + reply.file;
      if (reply.siaddr != 0 && reply.siaddr != server.ip)
        line.answer += " from " + format_ipv4(reply.siaddr);
      const std::string problem = file_problem(cfg, reply, server);
      if (!problem.empty()) {
        line.answer += " (" + problem + ")";
        line.problem = true;
      }
    }
    out.push_back(std::move(line));
  }
  return out;
}

}  // namespace pxescope::responder
