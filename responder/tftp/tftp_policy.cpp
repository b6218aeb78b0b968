#include "responder/tftp/tftp_policy.hpp"

#include <arpa/inet.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "analyzer/ascii.hpp"

namespace pxescope::tftp {

std::string lowercase_name(std::string_view requested) {
  return ascii_lowercase(requested);
}

std::string unique_root_of(const responder::Endpoint& client, bool by_mac) {
  if (!client.is_v6())
    return unique_root_component(ntohl(client.storage.v4.sin_addr.s_addr), by_mac);
  if (by_mac) return "";
  char ip[INET6_ADDRSTRLEN] = {};
  inet_ntop(AF_INET6, &client.storage.v6.sin6_addr, ip, sizeof ip);
  return ip;
}

std::string unique_root_component(uint32_t client_ip, bool by_mac, const std::string& arp_table) {
  in_addr address{};
  address.s_addr = htonl(client_ip);
  char ip[INET_ADDRSTRLEN] = {};
  inet_ntop(AF_INET, &address, ip, sizeof ip);
  if (!by_mac) return ip;
  // /proc/net/arp: "IP address  HW type  Flags  HW address  Mask  Device", one entry a line.
  std::ifstream table(arp_table);
  std::string line;
  std::getline(table, line);  // the header
  while (std::getline(table, line)) {
    std::istringstream fields(line);
    std::string entry_ip, type, flags, mac;
    if (!(fields >> entry_ip >> type >> flags >> mac) || entry_ip != ip) continue;
    if (flags == "0x0" || mac.size() != 17) continue;  // incomplete: no answer to ARP yet
    for (char& c : mac) c = c == ':' ? '-' : ascii_lower(c);
    return mac;
  }
  return "";
}

std::string ownership_refusal(uint32_t mode, uint32_t owner, uint32_t euid, bool secure) {
  if (euid == 0) {
    if (mode & S_IROTH) return "";
    return "not world-readable (a TFTP server running as root serves only those; chmod o+r)";
  }
  if (secure && owner != euid) {
    return "not owned by the serving user (tftp-secure; chown it to uid " + std::to_string(euid) +
           ")";
  }
  return "";
}

}  // namespace pxescope::tftp
