// `pxescope respond` hands the TFTP lines of its configuration to the server
// (responder/tftp_server_options): every tftp-* field must arrive.
#include <gtest/gtest.h>

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
