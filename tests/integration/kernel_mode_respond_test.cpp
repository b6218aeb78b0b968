// Kernel mode end to end: `pxescope respond --kernel K --initrd I --initrd I2 --cmdline C` with no
// TFTP root, in a throw-away network namespace (name suffixed with the pid), fetched from another
// one over a veth: the generated script, the kernel and the initrds over HTTP with curl (byte for
// byte), the iPXE binaries over HTTP and TFTP, and nothing else. Needs root, ip, curl and tftp-hpa;
// skips otherwise.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/integration/netns_pair_fixture.hpp"

namespace fs = std::filesystem;
using tftp_test::read_file;

namespace {

constexpr const char* kServerIp = "10.79.1.1";

class KernelModeRespond : public tftp_test::NetnsPairTest {
 protected:
  void SetUp() override {
    make_pair({.tag = "ke",
               .server_cidr = std::string(kServerIp) + "/24",
               .client_cidr = "10.79.1.2/24",
               .tools = {"ip", "curl", "tftp", "cmp"},
               .needs_pxescope = true});
    if (IsSkipped() || HasFatalFailure()) return;
    link_ = server_link_;
    for (const auto& [name, size] :
         {std::pair{"vmlinuz", 1 << 20}, {"initrd.gz", 3 << 20}, {"firmware.cpio", 1000}}) {
      std::string bytes(static_cast<std::size_t>(size), '\0');
      for (std::size_t i = 0; i < bytes.size(); ++i)
        bytes[i] = static_cast<char>((i * 131 + name[0]) >> 3);
      std::ofstream(base_ / name, std::ios::binary) << bytes;
      fs::permissions(base_ / name, fs::perms::owner_read | fs::perms::owner_write |
                                        fs::perms::group_read | fs::perms::others_read);
    }
  }

  // Fetches `path` from the server into `out`; curl's status code ("200", "404", ...).
  std::string fetch(const std::string& path, const fs::path& out) {
    return client("curl -s -o " + out.string() + " -w '%{http_code}' 'http://" + kServerIp + path +
                  "'")
        .output;
  }
  bool same_file(const fs::path& a, const fs::path& b) {
    return tftp_test::run("cmp -s " + a.string() + " " + b.string()).exit_code == 0;
  }

  std::string link_;
};

TEST_F(KernelModeRespond, ScriptKernelAndInitrdsOverHttpIpxeOverTftp) {
  const std::string log = (base_ / "respond.log").string();
  ASSERT_TRUE(respond_.start(
      server_ns_, home_, binary_,
      {"respond", "--iface", link_, "--dhcp-check", "0", "--kernel", (base_ / "vmlinuz").string(),
       "--initrd", (base_ / "initrd.gz").string(), "--initrd", (base_ / "firmware.cpio").string(),
       "--cmdline", "console=ttyS0 priority=low"},
      log, "http="))
      << read_file(log);
  EXPECT_NE(read_file(log).find(std::string("http=") + kServerIp + ":80"), std::string::npos)
      << "kernel mode turns HTTP on, port 80: " << read_file(log);

  const fs::path got = base_ / "got";
  ASSERT_EQ(fetch("/pxescope/boot.ipxe", got), "200") << read_file(log);
  const std::string script = read_file(got.string());
  EXPECT_EQ(script.substr(0, 7), "#!ipxe\n");
  EXPECT_NE(script.find("\nkernel kernel initrd=initrd-0 initrd=initrd-1 console=ttyS0 "
                        "priority=low\ninitrd initrd-0\ninitrd initrd-1\nboot\n"),
            std::string::npos)
      << script;
  const std::pair<const char*, const char*> files[] = {
      {"/pxescope/kernel", "vmlinuz"},
      {"/pxescope/initrd-0", "initrd.gz"},
      {"/pxescope/initrd-1", "firmware.cpio"},
  };
  for (const auto& [path, name] : files) {
    SCOPED_TRACE(path);
    EXPECT_EQ(fetch(path, got), "200");
    EXPECT_TRUE(same_file(got, base_ / name));
  }
  EXPECT_EQ(fetch("/pxescope/initrd-2", got), "404");
  EXPECT_EQ(fetch("/vmlinuz", got), "404") << "no HTTP root: only the routes";

  if (!fs::exists("/usr/lib/ipxe/undionly.kpxe")) GTEST_SKIP() << "Debian's ipxe package";
  EXPECT_EQ(fetch("/pxescope/snponly.efi", got), "200") << "UEFI HTTP boot's iPXE";
  EXPECT_TRUE(same_file(got, "/usr/lib/ipxe/snponly.efi"));
  const auto tftp = client("sh -c 'cd " + base_.string() + " && tftp " + kServerIp +
                           " -m binary -c get pxescope/undionly.kpxe undionly.kpxe'");
  EXPECT_EQ(tftp.exit_code, 0) << tftp.output;
  EXPECT_TRUE(same_file(base_ / "undionly.kpxe", "/usr/lib/ipxe/undionly.kpxe")) << tftp.output;
  const auto refused = client("sh -c 'cd " + base_.string() + " && tftp " + kServerIp +
                              " -m binary -c get pxescope/ipxe.lkrn x 2>&1'");
  EXPECT_NE(refused.output.find("no TFTP root"), std::string::npos)
      << "a fixed set, not /usr/lib/ipxe: " << refused.output;
}

}  // namespace
