// Several interfaces in one responder: interface= (repeated, lists), except-interface=,
// dhcp-range=interface:NAME / set:TAG, which interface each range lands on
// (plan_interfaces, against a made-up host), each interface's view of the configuration,
// the tags a range gives (directly and behind a relay), the reload comparison, and the one
// lease file several interfaces share.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "responder/config.hpp"
#include "responder/config_interfaces.hpp"
#include "responder/interface_plan.hpp"
#include "responder/lease_file.hpp"
#include "responder/proxy_decision.hpp"
#include "responder/reload.hpp"

namespace pxescope::responder {
namespace {

ResponderConfig parse(std::string_view text, std::vector<std::string>& errors) {
  ResponderConfig cfg;
  parse_config_text(text, "t.conf", cfg, errors);
  return cfg;
}

std::uint32_t ip(const char* text) {
  std::uint32_t out = 0;
  EXPECT_TRUE(parse_ipv4(text, out)) << text;
  return out;
}

// The host the plans are made against: lo, eth0 10.0.0.1/24, two VLANs of eth1 (eth1 itself
// has no address), a docker bridge.
const std::vector<HostInterface> kHost = {
    {"lo", 0x7f000001u, 0xff000000u, true},       {"eth0", 0x0a000001u, 0xffffff00u, false},
    {"eth1.10", 0x0a0a0001u, 0xffffff00u, false}, {"eth1.20", 0x0a140001u, 0xffffff00u, false},
    {"docker0", 0xac110001u, 0xffff0000u, false},
};

InterfacePlan plan_of(std::string_view text) {
  std::vector<std::string> errors;
  const ResponderConfig cfg = parse(text, errors);
  EXPECT_TRUE(errors.empty()) << errors.front();
  return plan_interfaces(cfg, kHost);
}

std::vector<std::string> served_names(const InterfacePlan& plan) {
  std::vector<std::string> names;
  for (const PlannedInterface& p : plan.served) names.push_back(p.name);
  return names;
}

TEST(ConfigInterfaces, InterfaceLinesRepeatAndTakeLists) {
  std::vector<std::string> errors;
  const ResponderConfig cfg =
      parse("interface=eth0\ninterface=eth1.10,eth1.20\ninterface=eth0\n", errors);
  EXPECT_TRUE(errors.empty()) << errors.front();
  EXPECT_EQ(cfg.interfaces, (std::vector<std::string>{"eth0", "eth1.10", "eth1.20"}));
  EXPECT_EQ(cfg.interface, "eth0");
  EXPECT_EQ(cfg.interface_origin, "t.conf:1");
  EXPECT_EQ(cfg.config_conflicts, 0u);
}

TEST(ConfigInterfaces, LoopbackIsNeverServed) {
  std::vector<std::string> errors;
  const ResponderConfig cfg = parse("interface=lo\n", errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("t.conf:1: interface: lo is never served"), std::string::npos)
      << errors[0];
  EXPECT_TRUE(cfg.interfaces.empty());
}

TEST(ConfigInterfaces, NamedAndExcludedIsAContradiction) {
  for (const char* text : {"interface=eth0\nexcept-interface=eth0\n",
                           "except-interface=eth1,eth0\ninterface=eth0\n"}) {
    SCOPED_TRACE(text);
    std::vector<std::string> errors;
    const ResponderConfig cfg = parse(text, errors);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_NE(errors[0].find("t.conf:2:"), std::string::npos) << errors[0];
    EXPECT_NE(errors[0].find("keep one of the two"), std::string::npos) << errors[0];
    EXPECT_EQ(cfg.config_conflicts, 1u) << "--keep-going cannot start it";
  }
  std::vector<std::string> errors;
  const ResponderConfig cfg = parse("except-interface=docker0,eth9\n", errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(cfg.except_interfaces, (std::vector<std::string>{"docker0", "eth9"}));
}

TEST(ConfigInterfaces, RangePrefixesNameTheInterfaceAndSetTags) {
  std::vector<std::string> errors;
  ResponderConfig cfg = parse(
      "dhcp-range=interface:eth1.10,set:vlan10,10.10.0.100,10.10.0.150,1h\n"
      "dhcp-range=set:vlan20,10.20.0.0,proxy\n",
      errors);
  ASSERT_TRUE(errors.empty()) << errors.front();
  ASSERT_EQ(cfg.ranges.size(), 2u);
  const DhcpRange& a = cfg.ranges[0];
  EXPECT_EQ(a.interface, "eth1.10");
  EXPECT_FALSE(a.proxy);
  EXPECT_EQ(a.start, ip("10.10.0.100"));
  EXPECT_EQ(a.end, ip("10.10.0.150"));
  EXPECT_EQ(a.lease_seconds, 3600u);
  EXPECT_EQ(a.set_tags, 1u << cfg.tag_index("vlan10"));
  EXPECT_EQ(a.origin, "t.conf:1");
  const DhcpRange& b = cfg.ranges[1];
  EXPECT_TRUE(b.interface.empty());
  EXPECT_TRUE(b.proxy);
  EXPECT_EQ(b.network, ip("10.20.0.0"));
  EXPECT_EQ(b.set_tags, 1u << cfg.tag_index("vlan20"));
  // The single-range fields hold the first line, as before (replay, --test).
  EXPECT_TRUE(cfg.full_dhcp);
  EXPECT_EQ(cfg.range_start, ip("10.10.0.100"));
  for (const char* bad :
       {"dhcp-range=interface:,10.0.0.0,proxy\n", "dhcp-range=set:,10.0.0.0,proxy\n"}) {
    std::vector<std::string> e;
    parse(bad, e);
    EXPECT_EQ(e.size(), 1u) << bad;
  }
}

TEST(ConfigInterfaces, OneNetworkPerInterfaceAtParseTime) {
  const struct {
    const char* text;
    bool conflict;
  } cases[] = {
      {"dhcp-range=10.0.0.10,10.0.0.20\ndhcp-range=10.0.1.10,10.0.1.20\n", false},
      {"dhcp-range=10.0.0.0,proxy\ndhcp-range=10.1.0.0,proxy\n", false},
      {"dhcp-range=10.0.0.0,proxy\ndhcp-range=10.0.0.10,10.0.0.20\n", true},
      {"dhcp-range=10.0.0.10,10.0.0.20\ndhcp-range=10.0.0.30,10.0.0.40\n", true},
      {"dhcp-range=interface:eth0,10.0.0.0,proxy\ndhcp-range=interface:eth0,10.1.0.0,proxy\n",
       true},
      {"dhcp-range=interface:eth0,10.0.0.0,proxy\ndhcp-range=interface:eth1,10.0.0.0,proxy\n",
       false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    std::vector<std::string> errors;
    const ResponderConfig cfg = parse(c.text, errors);
    EXPECT_EQ(cfg.config_conflicts, c.conflict ? 1u : 0u);
    EXPECT_EQ(errors.size(), c.conflict ? 1u : 0u);
    if (c.conflict) {
      EXPECT_NE(errors[0].find("t.conf:2:"), std::string::npos) << errors[0];
      EXPECT_NE(errors[0].find("t.conf:1"), std::string::npos) << errors[0];
    }
  }
}

TEST(InterfacePlan, NamedInterfacesEachTakeTheRangeOfTheirSubnet) {
  const InterfacePlan plan = plan_of(
      "interface=eth1.10\ninterface=eth1.20\n"
      "dhcp-range=set:v20,10.20.0.100,10.20.0.150\n"
      "dhcp-range=set:v10,10.10.0.0,proxy\n");
  ASSERT_TRUE(plan.error.empty()) << plan.error;
  EXPECT_EQ(served_names(plan), (std::vector<std::string>{"eth1.10", "eth1.20"}));
  EXPECT_EQ(plan.served[0].range, 1);
  EXPECT_EQ(plan.served[1].range, 0);
  EXPECT_TRUE(plan.relayed.empty());
}

TEST(InterfacePlan, EachInterfaceRunsWithItsOwnRangeAndTags) {
  std::vector<std::string> errors;
  ResponderConfig cfg = parse(
      "interface=eth1.10,eth1.20\n"
      "dhcp-range=set:v20,10.20.0.100,10.20.0.150,2h\n"
      "dhcp-range=set:v10,10.10.0.0,proxy\n"
      "dhcp-boot=tag:v10,ten.efi\ndhcp-boot=tag:v20,twenty.efi\n",
      errors);
  ASSERT_TRUE(errors.empty()) << errors.front();
  const InterfacePlan plan = plan_interfaces(cfg, kHost);
  ASSERT_EQ(plan.served.size(), 2u);
  const ResponderConfig ten = config_for_interface(cfg, plan, 0);
  const ResponderConfig twenty = config_for_interface(cfg, plan, 1);
  EXPECT_EQ(ten.interface, "eth1.10");
  EXPECT_FALSE(ten.full_dhcp) << "proxy on VLAN 10";
  EXPECT_EQ(ten.proxy_network, ip("10.10.0.0"));
  EXPECT_EQ(twenty.interface, "eth1.20");
  EXPECT_TRUE(twenty.full_dhcp) << "full DHCP on VLAN 20 only";
  EXPECT_EQ(twenty.range_start, ip("10.20.0.100"));
  EXPECT_EQ(twenty.lease_seconds, 7200u);
  // The range's set: tag is the request's tag on that interface, and only there.
  DhcpRequest req;
  EXPECT_EQ(request_tags(req, ten), 1u << cfg.tag_index("v10"));
  EXPECT_EQ(request_tags(req, twenty), 1u << cfg.tag_index("v20"));
}

TEST(InterfacePlan, RangeNamedByInterfacePrefix) {
  const InterfacePlan plan =
      plan_of("interface=eth0,eth1.10\ndhcp-range=interface:eth0,192.168.9.0,proxy\n");
  ASSERT_TRUE(plan.error.empty()) << plan.error;
  EXPECT_EQ(plan.served[0].range, 0);
  EXPECT_EQ(plan.served[1].range, -1) << "eth1.10 has no range: proxy, no tags";
  const InterfacePlan unserved =
      plan_of("interface=eth0\ndhcp-range=interface:eth9,10.0.0.0,proxy\n");
  EXPECT_NE(unserved.error.find("names interface eth9, which is not served: add interface=eth9"),
            std::string::npos)
      << unserved.error;
}

TEST(InterfacePlan, WithoutNamesTheRangesChooseTheInterfaces) {
  const InterfacePlan plan =
      plan_of("dhcp-range=10.20.0.100,10.20.0.150\ndhcp-range=10.0.0.0,proxy\n");
  ASSERT_TRUE(plan.error.empty()) << plan.error;
  EXPECT_EQ(served_names(plan), (std::vector<std::string>{"eth0", "eth1.20"}));
  const InterfacePlan none = plan_of("dhcp-boot=pxelinux.0\n");
  EXPECT_NE(none.error.find("no interface given"), std::string::npos) << none.error;
}

TEST(InterfacePlan, ExceptInterfaceServesTheRestThatARangeFitsNeverLo) {
  const InterfacePlan plan = plan_of(
      "except-interface=eth0\ndhcp-range=10.0.0.0,proxy\ndhcp-range=10.10.0.0,proxy\n"
      "dhcp-range=10.20.0.0,proxy\n");
  ASSERT_TRUE(plan.error.empty()) << plan.error;
  EXPECT_EQ(served_names(plan), (std::vector<std::string>{"eth1.10", "eth1.20"}));
  // eth0's range is then a relayed network (nothing served holds it); docker0 is left out.
  EXPECT_EQ(plan.relayed, (std::vector<int>{0}));
  ASSERT_EQ(plan.notes.size(), 1u);
  EXPECT_EQ(plan.notes[0], "docker0: no dhcp-range fits its subnet; not served");
}

TEST(InterfacePlan, ExceptInterfaceWithoutARangeIsRefused) {
  const InterfacePlan plan = plan_of("except-interface=eth0\ndhcp-boot=pxelinux.0\n");
  EXPECT_TRUE(plan.served.empty());
  EXPECT_NE(plan.error.find("would answer PXE clients on every interface"), std::string::npos)
      << plan.error;
}

TEST(InterfacePlan, LoopbackNamedIsRefused) {
  ResponderConfig cfg;
  cfg.interfaces = {"eth0", "lo"};  // as if from code: the parser refuses it already
  const InterfacePlan plan = plan_interfaces(cfg, kHost);
  EXPECT_NE(plan.error.find("interface lo is a loopback interface"), std::string::npos)
      << plan.error;
}

TEST(InterfacePlan, TwoRangesOnOneInterfaceAreRefused) {
  // Different /24s at parse time, one /16 on the host: only the plan sees it.
  const InterfacePlan plan =
      plan_of("interface=docker0\ndhcp-range=172.17.1.0,proxy\ndhcp-range=172.17.2.0,proxy\n");
  EXPECT_NE(plan.error.find("two dhcp-range lines for docker0 (t.conf:2 and t.conf:3)"),
            std::string::npos)
      << plan.error;
}

TEST(InterfacePlan, FullRangeOutsideEveryServedSubnetIsRefused) {
  const InterfacePlan plan =
      plan_of("interface=eth0,eth1.10\ndhcp-range=192.168.5.10,192.168.5.20\n");
  EXPECT_NE(plan.error.find("fits no served interface's subnet (eth0 10.0.0.0/255.255.255.0, "
                            "eth1.10 10.10.0.0/255.255.255.0)"),
            std::string::npos)
      << plan.error;
  // One interface: the message it always had.
  const InterfacePlan one = plan_of("interface=eth0\ndhcp-range=192.168.5.10,192.168.5.20\n");
  EXPECT_NE(one.error.find("does not fit eth0's subnet"), std::string::npos) << one.error;
}

TEST(InterfacePlan, ProxyRangesBehindRelaysTagByGiaddr) {
  std::vector<std::string> errors;
  ResponderConfig cfg = parse(
      "interface=eth0,eth1.10\n"
      "dhcp-range=set:lab,10.79.0.0,proxy\ndhcp-range=set:office,10.80.0.0,proxy,255.255.0.0\n",
      errors);
  ASSERT_TRUE(errors.empty()) << errors.front();
  const InterfacePlan plan = plan_interfaces(cfg, kHost);
  ASSERT_TRUE(plan.error.empty()) << plan.error;
  EXPECT_EQ(plan.relayed, (std::vector<int>{0, 1}));
  const ResponderConfig view = config_for_interface(cfg, plan, 0);
  ASSERT_EQ(view.relay_networks.size(), 2u);
  DhcpRequest req;
  req.giaddr = ip("10.79.0.1");
  EXPECT_EQ(request_tags(req, view), 1u << cfg.tag_index("lab"));
  req.giaddr = ip("10.80.7.1");
  EXPECT_EQ(request_tags(req, view), 1u << cfg.tag_index("office"));
  req.giaddr = ip("10.81.0.1");
  EXPECT_EQ(request_tags(req, view), 0u);
  req.giaddr = 0;
  EXPECT_EQ(request_tags(req, view), 0u) << "a direct request is no relayed network's";
}

TEST(InterfacePlan, OneInterfaceOneProxyRangeElsewhereIsAnsweredWithAWarning) {
  const InterfacePlan plan = plan_of("interface=eth0\ndhcp-range=10.79.0.0,proxy\n");
  ASSERT_TRUE(plan.error.empty()) << plan.error;
  EXPECT_EQ(plan.served[0].range, 0);
  ASSERT_EQ(plan.notes.size(), 1u);
  EXPECT_NE(plan.notes[0].find("WARNING: dhcp-range network 10.79.0.0 is not eth0's network"),
            std::string::npos)
      << plan.notes[0];
}

TEST(InterfacePlan, ReloadRefusesAnotherInterfaceListOrRange) {
  std::vector<std::string> errors;
  const ResponderConfig before = parse("interface=eth0\ndhcp-range=10.0.0.0,proxy\n", errors);
  const ResponderConfig more = parse("interface=eth0,eth1.10\ndhcp-range=10.0.0.0,proxy\n", errors);
  const ResponderConfig ranges =
      parse("interface=eth0\ndhcp-range=10.0.0.0,proxy\ndhcp-range=10.10.0.0,proxy\n", errors);
  ASSERT_TRUE(errors.empty()) << errors.front();
  for (const ResponderConfig* after : {&more, &ranges}) {
    const std::vector<ConfigChange> changes = diff_config(before, *after);
    ASSERT_EQ(changes.size(), 1u);
    EXPECT_TRUE(changes[0].needs_restart) << changes[0].key;
  }
  EXPECT_EQ(diff_config(before, more)[0].key, "interface");
  EXPECT_EQ(diff_config(before, ranges)[0].key, "dhcp-range");
}

TEST(SharedLeaseFile, TwoInterfacesTablesInOneFileKeyedByAddress) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("pxescope-shared-leases-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "leases").string();
  const MacAddress same_client = {2, 0, 0, 0, 0, 7};  // one machine on two VLANs
  const std::int64_t now = 1'000'000;
  {
    LeaseTable ten(ip("10.10.0.100"), ip("10.10.0.110"));
    LeaseTable twenty(ip("10.20.0.100"), ip("10.20.0.110"));
    LeaseTable* const tables[] = {&ten, &twenty};
    std::string error;
    auto journal = start_lease_journal(path, ServingIdentity{}, tables, now, error);
    ASSERT_TRUE(journal) << error;
    ASSERT_TRUE(ten.bind(same_client, ip("10.10.0.105"), now, 3600));
    ASSERT_TRUE(twenty.bind(same_client, ip("10.20.0.101"), now, 3600));
    journal->append(ten.take_changes());
    journal->append(twenty.take_changes());
    ASSERT_TRUE(journal->wait_idle(std::chrono::seconds(5)));
  }
  LeaseTable ten(ip("10.10.0.100"), ip("10.10.0.110"));
  LeaseTable twenty(ip("10.20.0.100"), ip("10.20.0.110"));
  LeaseTable* const tables[] = {&ten, &twenty};
  std::string error;
  auto journal = start_lease_journal(path, ServingIdentity{}, tables, now + 10, error);
  ASSERT_TRUE(journal) << error;
  EXPECT_EQ(ten.bound_address(same_client, now + 10), ip("10.10.0.105"));
  EXPECT_EQ(twenty.bound_address(same_client, now + 10), ip("10.20.0.101"))
      << "the same MAC keeps its lease on each interface";
  journal.reset();
  std::filesystem::remove_all(dir);
}

TEST(SharedLeaseFile, SeveralInterfacesShareTheDefaultFile) {
  EXPECT_EQ(lease_file_path("", ""), "/var/lib/pxescope/leases");
  EXPECT_EQ(lease_file_path("", "eth0"), "/var/lib/pxescope/leases.eth0");
}

}  // namespace
}  // namespace pxescope::responder
