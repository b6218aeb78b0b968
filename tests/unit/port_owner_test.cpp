// The /proc lookup that names who holds a UDP port (responder/net/port_owner), and the
// exclusive port guards built on it: a socket that shares ports (SO_REUSEADDR, as dnsmasq's
// and every DHCP server's) must not be able to share ours, and ours must not share theirs.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "responder/net/port_owner.hpp"
#include "responder/net/raw_socket.hpp"

namespace pxescope::responder {
namespace {

namespace fs = std::filesystem;

// A /proc look-alike: one UDP socket (inode 4242) on 0.0.0.0:67 held by "dnsmasq" (pid 1234),
// one unrelated process, and a socket on 4011 nobody visible holds.
class FakeProc : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("pxproc-" + std::to_string(::getpid()));
    fs::create_directories(root_ / "net");
    std::ofstream(root_ / "net" / "udp")
        << "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
           "timeout inode ref pointer drops\n"
        << "  12: 00000000:0043 00000000:0000 07 00000000:00000000 00:00000000 00000000     0   "
           "     0 4242 2 0000000000000000 0\n"
        << "  13: 00000000:0FAB 00000000:0000 07 00000000:00000000 00:00000000 00000000     0   "
           "     0 5151 2 0000000000000000 0\n";
    std::ofstream(root_ / "net" / "udp6") << "  sl  local_address ...\n";
    make_process(77, "bash", "pipe:[99]");
    make_process(1234, "dnsmasq", "socket:[4242]");
  }
  void TearDown() override { fs::remove_all(root_); }
  void make_process(int pid, const std::string& comm, const std::string& fd_target) {
    const fs::path dir = root_ / std::to_string(pid);
    fs::create_directories(dir / "fd");
    std::ofstream(dir / "comm") << comm << "\n";
    fs::create_symlink(fd_target, dir / "fd" / "3");
  }
  fs::path root_;
};

TEST_F(FakeProc, FindsTheProcessHoldingThePort) {
  const auto owner = find_udp_port_owner(67, root_.string());
  ASSERT_TRUE(owner.has_value());
  EXPECT_EQ(owner->pid, 1234);
  EXPECT_EQ(owner->name, "dnsmasq");
  EXPECT_FALSE(find_udp_port_owner(68, root_.string()).has_value()) << "nobody on 68";
  EXPECT_FALSE(find_udp_port_owner(4011, root_.string()).has_value()) << "socket, no process";
}

TEST_F(FakeProc, MessageNamesPortInterfaceProcessAndTheFix) {
  EXPECT_EQ(port_in_use_message(67, "eth0", root_.string()),
            "UDP port 67 (DHCP) on eth0 is in use by dnsmasq (pid 1234): stop it, or make it "
            "serve other interfaces only; two servers answering one network's clients break "
            "boots");
  const std::string unknown = port_in_use_message(4011, "eth0", root_.string());
  EXPECT_NE(unknown.find("UDP port 4011 (PXE boot server) on eth0 is in use by another program"),
            std::string::npos)
      << unknown;
  EXPECT_NE(unknown.find("ss -ulpn"), std::string::npos) << unknown;
}

// A UDP socket on an ephemeral port, SO_REUSEADDR like a DHCP server's; returns its port.
int bind_sharing_socket(std::uint16_t& port) {
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  port = ntohs(addr.sin_port);
  return fd;
}

std::string own_comm() {
  std::ifstream in("/proc/self/comm");
  std::string name;
  std::getline(in, name);
  return name;
}

TEST(PortOwnerLive, FindsThisProcess) {
  std::uint16_t port = 0;
  const int fd = bind_sharing_socket(port);
  ASSERT_GE(fd, 0);
  const auto owner = find_udp_port_owner(port);
  ASSERT_TRUE(owner.has_value());
  EXPECT_EQ(owner->pid, ::getpid());
  EXPECT_EQ(owner->name, own_comm());
  ::close(fd);
}

TEST(PortGuardExclusive, RefusesAPortASharingSocketHoldsAndNamesIt) {
  std::uint16_t port = 0;
  const int fd = bind_sharing_socket(port);
  ASSERT_GE(fd, 0);
  PortGuard guard;
  std::string error;
  EXPECT_FALSE(guard.open("lo", port, error)) << "SO_REUSEADDR on both sides would share it";
  EXPECT_NE(error.find("UDP port " + std::to_string(port) + " on lo is in use by " + own_comm() +
                       " (pid " + std::to_string(::getpid()) + ")"),
            std::string::npos)
      << error;
  ::close(fd);
}

TEST(PortGuardExclusive, HeldPortCannotBeSharedByAnother) {
  std::uint16_t port = 0;
  {
    const int fd = bind_sharing_socket(port);  // find a free port, then give it back
    ASSERT_GE(fd, 0);
    ::close(fd);
  }
  PortGuard guard;
  std::string error;
  ASSERT_TRUE(guard.open("lo", port, error)) << error;
  std::uint16_t same = port;
  const int other = bind_sharing_socket(same);
  EXPECT_LT(other, 0) << "a second server bound port " << port << " beside the guard";
  if (other >= 0) ::close(other);
}

}  // namespace
}  // namespace pxescope::responder
