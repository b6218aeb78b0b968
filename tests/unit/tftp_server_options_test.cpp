// `pxescope respond` hands the TFTP lines of its configuration to the server
// (responder/tftp_server_options): every tftp-* field must arrive.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "responder/tftp_server_options.hpp"

using namespace pxescope::responder;

TEST(TftpServerOptions, DefaultsAreDnsmasqs) {
  const auto options = tftp_server_options(ResponderConfig{});
  EXPECT_EQ(options.max_transfers, 50u);
  EXPECT_EQ(options.max_per_client, 8u);
  EXPECT_FALSE(options.no_blocksize || options.lowercase || options.unique_root ||
               options.unique_root_mac || options.secure || options.single_port);
  EXPECT_EQ(options.port_min, 0);
  EXPECT_EQ(options.port_max, 0);
}

TEST(TftpServerOptions, EveryTftpLineArrives) {
  ResponderConfig cfg;
  cfg.tftp_root = "/srv/tftp";
  cfg.interface = "eth0";
  cfg.tftp_max = 12;
  cfg.tftp_max_per_client = 3;
  cfg.tftp_no_blocksize = cfg.tftp_lowercase = cfg.tftp_secure = cfg.tftp_single_port = true;
  cfg.tftp_unique_root_mac = true;  // tftp-unique-root=mac implies the unique root
  cfg.tftp_port_min = 40000;
  cfg.tftp_port_max = 40100;
  const auto options = tftp_server_options(cfg);
  EXPECT_EQ(options.root, "/srv/tftp");
  EXPECT_EQ(options.iface, "eth0");
  EXPECT_EQ(options.max_transfers, 12u);
  EXPECT_EQ(options.max_per_client, 3u);
  EXPECT_TRUE(options.no_blocksize);
  EXPECT_TRUE(options.lowercase);
  EXPECT_TRUE(options.secure);
  EXPECT_TRUE(options.single_port);
  EXPECT_TRUE(options.unique_root);
  EXPECT_TRUE(options.unique_root_mac);
  EXPECT_EQ(options.port_min, 40000);
  EXPECT_EQ(options.port_max, 40100);
}

// Field report §5: a missing tftp-root names the config line that set it, says what is wrong
// ("does not exist" / "is not a directory"), and advises changing that line, not a flag.
TEST(TftpServerOptions, AMissingRootNamesTheConfigLineNotAFlag) {
  ResponderConfig cfg;
  cfg.enable_tftp = true;
  cfg.tftp_root = "/nonexistent/pxescope-test-root";
  cfg.tftp_root_origin = "pxe.conf:4";
  pxescope::tftp::TftpServer missing(tftp_server_options(cfg));
  std::string error;
  ASSERT_FALSE(missing.open(error));
  EXPECT_EQ(error.rfind("pxe.conf:4: TFTP root /nonexistent/pxescope-test-root does not exist", 0),
            0u)
      << error;
  EXPECT_NE(error.find("tftp-root= line"), std::string::npos) << error;
  EXPECT_EQ(error.find("--tftp-root"), std::string::npos) << error;

  const std::string file = ::testing::TempDir() + "pxescope-root-is-a-file";
  std::ofstream(file) << "not a directory\n";
  cfg.tftp_root = file;
  pxescope::tftp::TftpServer file_root(tftp_server_options(cfg));
  ASSERT_FALSE(file_root.open(error));
  EXPECT_NE(error.find("is not a directory"), std::string::npos) << error;
  std::remove(file.c_str());

  cfg.tftp_root_origin.clear();  // given with the flag: the advice names the flag
  cfg.tftp_root = "/nonexistent/pxescope-test-root";
  pxescope::tftp::TftpServer from_flag(tftp_server_options(cfg));
  ASSERT_FALSE(from_flag.open(error));
  EXPECT_EQ(error.rfind("--tftp-root: TFTP root", 0), 0u) << error;
}
