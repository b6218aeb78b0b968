#include "responder/net/port_owner.hpp"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <vector>

namespace pxescope::responder {
namespace {

namespace fs = std::filesystem;

// Inodes of the sockets bound to `port` in one /proc/net/udp-style table. A line reads
// "sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...", with
// local_address = HEXADDR:HEXPORT.
void collect_inodes(const fs::path& table, std::uint16_t port, std::vector<std::string>& inodes) {
  std::ifstream in(table);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string slot, local, remote, state, queues, timer, retransmits, uid, timeout, inode;
    if (!(fields >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid >>
          timeout >> inode))
      continue;
    const std::size_t colon = local.rfind(':');
    if (colon == std::string::npos) continue;
    unsigned value = 0;
    const char* begin = local.data() + colon + 1;
    const char* end = local.data() + local.size();
    if (std::from_chars(begin, end, value, 16).ptr != end || value != port) continue;
    if (inode != "0") inodes.push_back(inode);
  }
}

std::string read_comm(const fs::path& pid_dir) {
  std::ifstream in(pid_dir / "comm");
  std::string name;
  std::getline(in, name);
  return name.empty() ? "an unnamed process" : name;
}

// What usually sits on each guarded port, for the message.
std::string port_role(std::uint16_t port) {
  switch (port) {
    case 67:
      return " (DHCP)";
    case 69:
      return " (TFTP)";
    case 4011:
      return " (PXE boot server)";
    default:
      return "";
  }
}

}  // namespace

std::optional<PortOwner> find_udp_port_owner(std::uint16_t port, const std::string& proc_root) {
  const fs::path root(proc_root);
  std::vector<std::string> inodes;
  collect_inodes(root / "net" / "udp", port, inodes);
  collect_inodes(root / "net" / "udp6", port, inodes);
  if (inodes.empty()) return std::nullopt;
  std::vector<std::string> wanted;
  for (const std::string& inode : inodes) wanted.push_back("socket:[" + inode + "]");
  std::error_code ec;
  for (const fs::directory_entry& process : fs::directory_iterator(root, ec)) {
    const std::string pid_text = process.path().filename().string();
    int pid = 0;
    const char* end = pid_text.data() + pid_text.size();
    if (std::from_chars(pid_text.data(), end, pid).ptr != end || pid <= 0) continue;
    std::error_code fd_ec;
    for (const fs::directory_entry& fd : fs::directory_iterator(process.path() / "fd", fd_ec)) {
      std::error_code link_ec;
      const std::string target = fs::read_symlink(fd.path(), link_ec).string();
      if (link_ec) continue;
      for (const std::string& w : wanted)
        if (target == w) return PortOwner{pid, read_comm(process.path())};
    }
  }
  return std::nullopt;
}

std::string port_in_use_message(std::uint16_t port, const std::string& iface,
                                const std::string& proc_root) {
  const std::optional<PortOwner> owner = find_udp_port_owner(port, proc_root);
  const std::string where = "UDP port " + std::to_string(port) + port_role(port) +
                            (iface.empty() ? std::string() : " on " + iface);
  if (owner)
    return where + " is in use by " + owner->name + " (pid " + std::to_string(owner->pid) +
           "): stop it, or make it serve other interfaces only; two servers answering one "
           "network's clients break boots";
  return where + " is in use by another program (see `ss -ulpn 'sport = :" + std::to_string(port) +
         "'`): stop it, or make it serve other interfaces only";
}

}  // namespace pxescope::responder
