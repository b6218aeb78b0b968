// The offer path stays allocation-free with dhcp-option lines configured: their bytes are
// encoded once at config time and only copied per reply (bench/README.md's targets).
#include <gtest/gtest.h>

#include "responder/config.hpp"
#include "unit/allocation_counter.hpp"
#include "unit/responder_frames.hpp"
#include "unit/responder_test_support.hpp"

namespace pxescope::responder {
namespace {

std::size_t allocations_in_warm_replies(const std::string& config_text) {
  const std::size_t at_start = g_allocations.load();
  ResponderConfig cfg;
  std::vector<std::string> errors;
  parse_config_text(config_text, "alloc.conf", cfg, errors);
  EXPECT_GT(g_allocations.load(), at_start) << "the counting hook works (parsing allocates)";
  EXPECT_TRUE(errors.empty()) << errors.front();
  Engine engine(cfg, testing::test_server(0x0a000001u));
  engine.set_check_destination(false);
  const auto frame = testing::discover_frame("PXEClient:Arch:00000:UNDI:002001");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(engine.handle_frame(frame, 0), FrameOutcome::Reply);
  const std::size_t before = g_allocations.load();
  for (int i = 0; i < 100; ++i) engine.handle_frame(frame, 0);
  return g_allocations.load() - before;
}

constexpr const char* kOptions =
    "dhcp-boot=pxelinux.0\n"
    "dhcp-userclass=set:ipxe,iPXE\n"
    "dhcp-option=option:dns-server,10.0.0.53\n"
    "dhcp-option=tag:!ipxe,option:domain-name,lab.example\n"
    "dhcp-option-force=209,pxelinux.cfg/lab\n"
    "dhcp-option=vendor:PXEClient,1,10.0.0.7\n"
    "dhcp-option=encap:175,176,1\n"
    "dhcp-mac=set:qemu,52:54:00:*:*:*\n"
    "tag-if=set:known,tag:qemu\n";

TEST(OfferAllocation, ProxyOfferWithConfiguredOptionsAllocatesNothing) {
  EXPECT_EQ(allocations_in_warm_replies(std::string("dhcp-range=10.0.0.0,proxy\n") + kOptions), 0u);
}

TEST(OfferAllocation, FullDhcpOfferWithConfiguredOptionsAllocatesNothing) {
  EXPECT_EQ(allocations_in_warm_replies(std::string("dhcp-range=10.0.0.100,10.0.0.199\n") +
                                        "dhcp-host=52:54:00:12:34:56,10.0.0.150\n" + kOptions),
            0u);
}

}  // namespace
}  // namespace pxescope::responder
