// The server's lifecycle decisions, without a network: following the interface
// (InterfaceFollower).
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "responder/interface_follower.hpp"

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

TEST(InterfaceFollower, RecreatedInterfaceIsServedOnceItHasAnAddress) {
  const auto t0 = InterfaceFollower::Clock::now();
  InterfaceFollower f("srv0", iface(5, kOldIp), seconds(30));
  f.on_change(false, {}, t0);
  // Back with a new index but no address yet: still silent.
  EXPECT_EQ(f.on_change(true, iface(9, 0), t0).action, Action::Nothing);
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

}  // namespace
