// The dnsmasq TFTP serving rules (responder/tftp/tftp_policy): tftp-lowercase, tftp-unique-root
// (IP or MAC from the ARP table) and the ownership rules of tftp-secure / running as root.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "responder/tftp/tftp_policy.hpp"

using namespace pxescope::tftp;

TEST(TftpPolicy, LowercaseName) {
  EXPECT_EQ(lowercase_name("PXE\\PXELINUX.0"), "pxe\\pxelinux.0");
  EXPECT_EQ(lowercase_name("Boot/BCD"), "boot/bcd");
}

TEST(TftpPolicy, UniqueRootByIpAndByMac) {
  EXPECT_EQ(unique_root_component(0xc000020a, false), "192.0.2.10");
  const std::string arp = ::testing::TempDir() + "/tftp_policy_arp." + std::to_string(getpid());
  std::ofstream(arp) << "IP address       HW type     Flags       HW address            Mask     "
                        "Device\n"
                        "192.0.2.11       0x1         0x0         00:00:00:00:00:00     *        "
                        "eth0\n"
                        "192.0.2.10       0x1         0x2         52:54:00:AB:cd:01     *        "
                        "eth0\n";
  EXPECT_EQ(unique_root_component(0xc000020a, true, arp), "52-54-00-ab-cd-01");
  EXPECT_EQ(unique_root_component(0xc000020b, true, arp), "") << "incomplete entry";
  EXPECT_EQ(unique_root_component(0xc000020c, true, arp), "") << "unknown client";
  std::filesystem::remove(arp);
}

TEST(TftpPolicy, OwnershipRules) {
  struct Case {
    uint32_t mode, owner, euid;
    bool secure, allowed;
  };
  for (const Case& test : {
           Case{S_IFREG | 0644, 1000, 0, false, true},     // root: world-readable
           Case{S_IFREG | 0640, 0, 0, false, false},       // root: not world-readable
           Case{S_IFREG | 0640, 0, 0, true, false},        // tftp-secure changes nothing as root
           Case{S_IFREG | 0600, 1000, 1000, true, true},   // secure: owned by the serving user
           Case{S_IFREG | 0644, 1001, 1000, true, false},  // secure: someone else's file
           Case{S_IFREG | 0644, 1001, 1000, false, true},  // not secure: readable is enough
       }) {
    EXPECT_EQ(ownership_refusal(test.mode, test.owner, test.euid, test.secure).empty(),
              test.allowed)
        << std::oct << test.mode << " owner " << std::dec << test.owner << " euid " << test.euid
        << " secure " << test.secure;
  }
}
