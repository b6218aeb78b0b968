// DHCPv6 on several interfaces (responder/dhcp6/dhcp6_interfaces.hpp): each served interface
// gets the IPv6 range written for it (constructor:, its /64, a prefix-less one), none when no
// range is for it, its own lease file; one range never serves two interfaces.
#include "responder/dhcp6/dhcp6_interfaces.hpp"

#include <gtest/gtest.h>

namespace pxescope::responder {
namespace {

ResponderConfig parse(const std::string& text) {
  ResponderConfig cfg;
  std::vector<std::string> problems;
  parse_config_text(text, "t.conf", cfg, problems);
  EXPECT_TRUE(problems.empty()) << (problems.empty() ? "" : problems.front());
  return cfg;
}

Interface6 with_global(const char* address) {
  Interface6 i;
  i.has_global = parse_ipv6(address, i.global);
  return i;
}

// The view of `cfg` for interface `name`: its chosen range (or none).
struct View {
  ResponderConfig cfg;
  bool serves = false;
  std::string note;
};
View view(const ResponderConfig& cfg, const std::string& name, const char* global, bool several) {
  View v;
  v.cfg = cfg;
  v.cfg.interface = name;
  v.serves = choose_dhcp6_range(v.cfg, with_global(global), several, v.note);
  return v;
}

constexpr const char* kTwoRanges =
    "dhcp-range=fd00:10::100,fd00:10::1ff,64,1h\n"
    "dhcp-range=::100,::1ff,constructor:s1,64,2h\n"
    "dhcp-option=option6:bootfile-url,tftp://[::]/ipxe.efi\n"
    "enable-ra\n";

TEST(Dhcp6Interfaces, EachInterfaceGetsTheRangeWrittenForIt) {
  const ResponderConfig cfg = parse(kTwoRanges);
  const View s0 = view(cfg, "s0", "fd00:10::1", true);
  EXPECT_TRUE(s0.serves) << s0.note;
  EXPECT_EQ(format_ipv6(s0.cfg.dhcp6.range_start), "fd00:10::100");
  EXPECT_EQ(s0.cfg.dhcp6.lease_seconds, 3600u);
  const View s1 = view(cfg, "s1", "fd00:20::1", true);  // by constructor: its own prefix later
  EXPECT_TRUE(s1.serves) << s1.note;
  EXPECT_EQ(s1.cfg.dhcp6.constructor, "s1");
  EXPECT_EQ(s1.cfg.dhcp6.lease_seconds, 7200u);
  EXPECT_TRUE(s1.cfg.dhcp6.full);
  EXPECT_EQ(s1.cfg.dhcp6.range_origin, "t.conf:2");
  // Full mode on two interfaces: a lease file each.
  EXPECT_TRUE(s0.cfg.dhcp6.lease_file_per_interface);
  EXPECT_NE(dhcp6_lease_file_path(s0.cfg), dhcp6_lease_file_path(s1.cfg));
  EXPECT_EQ(dhcp6_range_served_twice({&s0.cfg, &s1.cfg}), "");
}

TEST(Dhcp6Interfaces, AnInterfaceNoRangeIsForServesNoDhcpv6AndSendsNoRas) {
  const ResponderConfig cfg = parse(kTwoRanges);
  const View s2 = view(cfg, "s2", "fd00:30::1", true);
  EXPECT_FALSE(s2.serves);
  EXPECT_FALSE(s2.cfg.dhcp6.answers());
  EXPECT_FALSE(s2.cfg.dhcp6.enable_ra);
  EXPECT_NE(s2.note.find("no IPv6 dhcp-range is for s2 (its /64: fd00:30::1)"), std::string::npos)
      << s2.note;
  // One interface served: the range as written (its misfit is resolve_dhcp6_range's to say).
  const View alone =
      view(parse("dhcp-range=fd00:10::100,fd00:10::1ff\n"), "s2", "fd00:30::1", false);
  EXPECT_TRUE(alone.serves);
  EXPECT_TRUE(alone.cfg.dhcp6.answers());
  EXPECT_FALSE(alone.cfg.dhcp6.lease_file_per_interface);
}

TEST(Dhcp6Interfaces, WithoutRangesEveryInterfaceIsStateless) {
  const ResponderConfig cfg = parse("dhcp-option=option6:bootfile-url,tftp://[::]/ipxe.efi\n");
  for (const char* name : {"s0", "s1"}) {
    const View v = view(cfg, name, "fd00:10::1", true);
    EXPECT_TRUE(v.serves);
    EXPECT_TRUE(v.cfg.dhcp6.answers());
    EXPECT_FALSE(v.cfg.dhcp6.full);
  }
}

TEST(Dhcp6Interfaces, OneRangeOnTwoInterfacesIsRefused) {
  const ResponderConfig cfg = parse("dhcp-range=fd00:10::100,fd00:10::1ff\n");
  const View a = view(cfg, "s0", "fd00:10::1", true);
  const View b = view(cfg, "s1", "fd00:10::2", true);  // the same /64 on both
  const std::string why = dhcp6_range_served_twice({&a.cfg, &b.cfg});
  EXPECT_NE(why.find("the range at t.conf:1 fits both s0 and s1"), std::string::npos) << why;
}

}  // namespace
}  // namespace pxescope::responder
