// The server's lifecycle decisions, without a network: following the interface
// (InterfaceFollower) and SIGHUP reloads (prepare_reload / diff_config).
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "responder/interface_follower.hpp"
#include "responder/lease_file.hpp"
#include "responder/reload.hpp"

namespace {

using namespace pxescope::responder;
using Action = InterfaceFollower::Action;
using std::chrono::seconds;

InterfaceInfo iface(int index, std::uint32_t ip) {
  InterfaceInfo info;
  info.index = index;
  info.ip = ip;
  info.netmask = 0xffffff00u;
  return info;
}

constexpr std::uint32_t kOldIp = 0x0a4e0001u;  // 10.78.0.1
constexpr std::uint32_t kNewIp = 0x0a4e0002u;  // 10.78.0.2

TEST(InterfaceFollower, DeletedInterfaceStopsAnsweringAtOnceAndGivesUpAfterTheGrace) {
  const auto t0 = InterfaceFollower::Clock::now();
  InterfaceFollower f("srv0", iface(5, kOldIp), seconds(30));
  const auto gone = f.on_change(false, {}, t0);
  EXPECT_EQ(gone.action, Action::StopAnswering);
  EXPECT_NE(gone.message.find("interface srv0: gone"), std::string::npos) << gone.message;
  EXPECT_FALSE(f.answering());
  EXPECT_EQ(f.on_change(false, {}, t0 + seconds(1)).action, Action::Nothing) << "said once";
  EXPECT_EQ(f.on_tick(t0 + seconds(29)).action, Action::Nothing);
  const auto fail = f.on_tick(t0 + seconds(30));
  EXPECT_EQ(fail.action, Action::Fail);
  EXPECT_NE(fail.message.find("srv0"), std::string::npos) << fail.message;
}

TEST(InterfaceFollower, DeletionSeenAsAddressLossFirstIsStillNamedGone) {
  const auto t0 = InterfaceFollower::Clock::now();
  InterfaceFollower f("srv0", iface(5, kOldIp), seconds(30));
  EXPECT_EQ(f.on_change(true, iface(5, 0), t0).action, Action::StopAnswering);
  const auto gone = f.on_change(false, {}, t0 + seconds(20));
  EXPECT_EQ(gone.action, Action::StopAnswering);
  EXPECT_NE(gone.message.find("gone"), std::string::npos) << gone.message;
  EXPECT_EQ(f.on_tick(t0 + seconds(30)).action, Action::Fail) << "the grace counts from the first";
}

TEST(InterfaceFollower, RecreatedInterfaceIsServedOnceItHasAnAddress) {
  const auto t0 = InterfaceFollower::Clock::now();
  InterfaceFollower f("srv0", iface(5, kOldIp), seconds(30));
  f.on_change(false, {}, t0);
  // Back with a new index but no address yet: still silent.
  EXPECT_EQ(f.on_change(true, iface(9, 0), t0).action, Action::StopAnswering);
  EXPECT_FALSE(f.answering());
  const auto back = f.on_change(true, iface(9, kNewIp), t0);
  EXPECT_EQ(back.action, Action::Serve);
  EXPECT_NE(back.message.find("re-created, rebound"), std::string::npos) << back.message;
  EXPECT_NE(back.message.find("10.78.0.2"), std::string::npos) << back.message;
  f.serving(iface(9, kNewIp));
  EXPECT_TRUE(f.answering());
  EXPECT_FALSE(f.deadline().has_value());
  EXPECT_EQ(f.on_tick(t0 + seconds(300)).action, Action::Nothing);
}

TEST(InterfaceFollower, AddressChangeIsAnnouncedWithOldAndNew) {
  const auto t0 = InterfaceFollower::Clock::now();
  InterfaceFollower f("srv0", iface(5, kOldIp), seconds(30));
  EXPECT_EQ(f.on_change(true, iface(5, kOldIp), t0).action, Action::Nothing) << "other link";
  const auto changed = f.on_change(true, iface(5, kNewIp), t0);
  EXPECT_EQ(changed.action, Action::Serve);
  EXPECT_NE(changed.message.find("address changed 10.78.0.1 -> 10.78.0.2"), std::string::npos)
      << changed.message;
}

TEST(InterfaceFollower, LostAddressStopsAnsweringUntilOneIsBack) {
  const auto t0 = InterfaceFollower::Clock::now();
  InterfaceFollower f("srv0", iface(5, kOldIp), seconds(30));
  EXPECT_EQ(f.on_change(true, iface(5, 0), t0).action, Action::StopAnswering);
  const auto back = f.on_change(true, iface(5, kOldIp), t0 + seconds(2));
  EXPECT_EQ(back.action, Action::Serve);
  EXPECT_NE(back.message.find("back"), std::string::npos) << back.message;
}

ResponderConfig boot_config(const std::string& file) {
  ResponderConfig cfg;
  std::vector<std::string> warnings;
  parse_config_text("interface=srv0\ndhcp-range=10.78.0.0,proxy\ndhcp-boot=" + file +
                        "\nenable-tftp\ntftp-root=/srv/tftp\n",
                    "test.conf", cfg, warnings);
  EXPECT_TRUE(warnings.empty());
  return cfg;
}

ConfigSource source_of(const ResponderConfig& cfg) {
  return [cfg](ResponderConfig& next, std::string&) {
    next = cfg;
    return true;
  };
}

TEST(Reload, ChangedBootFileIsAppliedAndNamed) {
  const ResponderConfig current = boot_config("pxelinux.0");
  const ReloadResult r = prepare_reload(current, source_of(boot_config("ipxe.efi")));
  ASSERT_TRUE(r.ok) << r.error;
  ASSERT_EQ(r.changes.size(), 1u);
  EXPECT_EQ(describe_change(r.changes[0]), "dhcp-boot: pxelinux.0 -> ipxe.efi");
  ASSERT_EQ(r.config.boot_rules.size(), 1u);
  EXPECT_EQ(r.config.boot_rules[0].file, "ipxe.efi");
}

TEST(Reload, UnchangedConfigurationReportsNoChange) {
  const ResponderConfig current = boot_config("pxelinux.0");
  const ReloadResult r = prepare_reload(current, source_of(current));
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_TRUE(r.changes.empty());
}

TEST(Reload, FailingSourceKeepsTheOldConfigurationAndSaysWhy) {
  const ResponderConfig current = boot_config("pxelinux.0");
  const ReloadResult r = prepare_reload(current, [](ResponderConfig&, std::string& error) {
    error = "cannot read /etc/pxe.conf: No such file or directory";
    return false;
  });
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("keeping the old configuration"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("cannot read /etc/pxe.conf"), std::string::npos) << r.error;
}

TEST(Reload, InterfaceChangeNeedsARestartAndIsRefused) {
  const ResponderConfig current = boot_config("pxelinux.0");
  ResponderConfig next = boot_config("ipxe.efi");
  next.interface = "eth1";
  const ReloadResult r = prepare_reload(current, source_of(next));
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("interface: srv0 -> eth1 needs a restart"), std::string::npos) << r.error;
}

TEST(Reload, WhatStartUpDerivedCarriesOver) {
  ResponderConfig current = boot_config("pxelinux.0");
  ResponderConfig next = current;
  next.interface.clear();  // start-up took it from the range
  const ReloadResult r = prepare_reload(current, source_of(next));
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.config.interface, "srv0");
}

// Full DHCP: start-up made a relative dhcp-leasefile= absolute (and filled in the default);
// the same file read again is no change, not "dhcp-leasefile needs a restart".
TEST(Reload, AnUnchangedRelativeLeaseFileIsNoChange) {
  for (const char* configured : {"leases.rel", ""}) {
    ResponderConfig next;
    std::vector<std::string> warnings;
    parse_config_text("interface=srv0\ndhcp-range=10.78.0.100,10.78.0.150\n", "test.conf", next,
                      warnings);
    next.lease_file = configured;
    ResponderConfig current = next;
    current.lease_file = lease_file_path(configured, "srv0");  // what start-up did
    const ReloadResult r = prepare_reload(current, source_of(next));
    EXPECT_TRUE(r.ok) << "lease file '" << configured << "': " << r.error;
  }
}

// A dhcp-mac= line reloads: its kind is named and its MAC shown (the kind table once had no
// row for it and read past its end).
TEST(Reload, DhcpMacLinesAreNamed) {
  ResponderConfig current = boot_config("pxelinux.0");
  std::vector<std::string> warnings;
  ResponderConfig next = current;
  parse_config_text("dhcp-mac=set:lab,52:54:00:*:*:*\n", "test.conf", next, warnings);
  ASSERT_TRUE(warnings.empty()) << warnings.front();
  const ReloadResult r = prepare_reload(current, source_of(next));
  ASSERT_TRUE(r.ok) << r.error;
  ASSERT_EQ(r.changes.size(), 1u);
  EXPECT_NE(describe_change(r.changes[0]).find("mac:set:lab,52:54:00:"), std::string::npos)
      << describe_change(r.changes[0]);
}

TEST(Reload, TftpRootAndMenuChangesAreNamedKeyByKey) {
  const ResponderConfig current = boot_config("pxelinux.0");
  ResponderConfig next = current;
  next.tftp_root = "/srv/tftp2";
  std::vector<std::string> warnings;
  parse_config_text("pxe-service=x86PC,\"Install\",pxelinux\n", "test.conf", next, warnings);
  const auto changes = diff_config(current, next);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].key, "tftp-root");
  EXPECT_FALSE(changes[0].needs_restart);
  EXPECT_EQ(changes[1].key, "pxe-service");
  EXPECT_NE(changes[1].after.find("Install"), std::string::npos) << changes[1].after;
}

}  // namespace

// The config lines added with the field report reload too: dhcp-option, dhcp-host, tag-if and
// dhcp-ignore changes are named and applied; no-ping (the ARP socket) needs a restart.
TEST(Reload, DhcpOptionAndHostLinesAreNamedAndNoPingNeedsARestart) {
  const ResponderConfig current = boot_config("pxelinux.0");
  ResponderConfig next = current;
  ConfiguredOption ntp;
  ntp.code = 42;
  ntp.wire = {42, 4, 10, 0, 0, 1};
  next.options.push_back(ntp);
  HostRule host;
  host.mac = {0x52, 0x54, 0, 0x12, 0x34, 0x56};
  host.mac_mask = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  host.ignore = true;
  next.hosts.push_back(host);
  const ReloadResult r = prepare_reload(current, source_of(next));
  ASSERT_TRUE(r.ok) << r.error;
  ASSERT_EQ(r.changes.size(), 2u);
  EXPECT_EQ(describe_change(r.changes[0]).rfind("dhcp-option: ", 0), 0u)
      << describe_change(r.changes[0]);
  EXPECT_NE(describe_change(r.changes[0]).find("2a040a000001"), std::string::npos);
  EXPECT_NE(describe_change(r.changes[1]).find("52:54:00:12:34:56"), std::string::npos)
      << describe_change(r.changes[1]);
  ASSERT_EQ(r.config.options.size(), 1u);
  ASSERT_EQ(r.config.hosts.size(), 1u);

  next = current;
  next.address_check = !current.address_check;
  const ReloadResult refused = prepare_reload(current, source_of(next));
  EXPECT_FALSE(refused.ok);
  EXPECT_NE(refused.error.find("no-ping"), std::string::npos) << refused.error;
  EXPECT_NE(refused.error.find("needs a restart"), std::string::npos) << refused.error;
}
