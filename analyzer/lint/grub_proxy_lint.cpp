#include "analyzer/lint/grub_proxy_lint.hpp"

#include "analyzer/lint/grub_shim.hpp"

namespace pxescope {
namespace {

// Where the proxy's boot file is served: its next-server, else the proxy itself.
std::uint32_t tftp_server_of(const ExchangeReply& proxy) {
  return proxy.siaddr ? proxy.siaddr : proxy.server_ip;
}

}  // namespace

std::string grub_proxy_ways_out(std::string_view proxy_tftp_server) {
  return "set next-server (siaddr) on the DHCP server to " + std::string(proxy_tftp_server) +
         " (dnsmasq: dhcp-boot=<file>,,<ip>; ISC dhcpd: next-server <ip>;), or run pxescope in "
         "full-DHCP mode "
         "(dhcp-range=START,END) as the only DHCP server, or boot iPXE or the kernel directly "
         "instead (iPXE/kernel mode), which fetch from the server that named them";
}

std::optional<LintFinding> GrubProxyWatch::add(const ExchangeReply& reply) {
  if (reply.yiaddr == 0 && siaddr_loader_by_name(reply.boot_file) != SiaddrLoader::None)
    proxy_ = reply;
  else if (reply.yiaddr != 0)
    address_ = reply;
  else
    return std::nullopt;
  // No xid match: EDK2 gets the file from the proxy's port-4011 ACK, an exchange of its own.
  if (!proxy_ || !address_) return std::nullopt;
  const std::uint32_t tftp = tftp_server_of(*proxy_);
  if (address_->siaddr == tftp) return std::nullopt;
  const ExchangeReply proxy = *proxy_;
  const ExchangeReply address = *address_;
  proxy_.reset();  // one finding per pair
  const std::string loader(siaddr_loader_text(siaddr_loader_by_name(proxy.boot_file)));
  const std::string next_server =
      address.siaddr ? "next-server " + format_ipv4(address.siaddr) : "no next-server";
  LintFinding f;
  f.code = "grub-behind-proxy";
  f.severity = Severity::Warn;
  f.message =
      "the proxyDHCP " + format_ipv4(proxy.server_ip) + " names " + loader + " (" +
      proxy.boot_file + ", served from " + format_ipv4(tftp) + ") but the DHCP server " +
      format_ipv4(address.server_ip) + " sets " + next_server +
      ": GRUB takes its TFTP server from the DHCP server's siaddr, so it will ask " +
      (address.siaddr ? format_ipv4(address.siaddr) : std::string("nobody")) +
      " for its modules and grub.cfg and fail. Fix: " + grub_proxy_ways_out(format_ipv4(tftp));
  f.node_name = reply.yiaddr ? "dhcp.ip.server" : "dhcp.file";
  return f;
}

}  // namespace pxescope
