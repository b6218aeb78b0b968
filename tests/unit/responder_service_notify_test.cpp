// What `respond` tells systemd (sd_notify): READY=1 with STATUS=, WATCHDOG=1 at half of
// WATCHDOG_USEC, STATUS= refreshed only when it changed, RELOADING=1 with MONOTONIC_USEC=,
// STOPPING=1; nothing at all without NOTIFY_SOCKET. A unix datagram socket plays systemd; the
// loop's times are given, not waited for. The process end to end: systemd_service_test.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "responder/service_notify.hpp"
#include "unix_datagram_listener.hpp"

namespace pxescope::responder {
namespace {

using namespace std::chrono_literals;

// systemd's end of NOTIFY_SOCKET.
class FakeManager : public UnixDatagramListener {
 public:
  FakeManager()
      : UnixDatagramListener(std::filesystem::temp_directory_path() /
                             ("pxnotify-" + std::to_string(::getpid()))) {}
  std::string path_text() const { return path().string(); }
};

TEST(ServiceNotifier, TellsTheManagerReadyWatchdogStatusReloadAndStop) {
  FakeManager manager;
  ASSERT_TRUE(manager.bound());
  ::setenv("NOTIFY_SOCKET", manager.path_text().c_str(), 1);
  ::setenv("WATCHDOG_USEC", "60000000", 1);  // 60 s: a ping every 30 s
  ::unsetenv("WATCHDOG_PID");
  ServiceNotifier notifier;  // sd_notify reads NOTIFY_SOCKET at each call: it stays set
  ASSERT_TRUE(notifier.active());
  EXPECT_EQ(notifier.watchdog_interval(), 60s);

  const auto t0 = ServiceNotifier::Clock::now();
  notifier.ready("serving eth0");
  EXPECT_EQ(manager.take(),
            (std::vector<std::string>{"READY=1\nSTATUS=serving eth0", "WATCHDOG=1"}));
  EXPECT_LE(notifier.next_deadline(), ServiceNotifier::Clock::now() + 30s);
  EXPECT_GT(notifier.next_deadline(), t0 + 20s);

  auto same = [] { return std::string("serving eth0"); };
  notifier.tick(t0 + 1s, same);
  EXPECT_TRUE(manager.take().empty()) << "no ping before half the interval";
  notifier.tick(t0 + 31s, same);
  EXPECT_EQ(manager.take(), (std::vector<std::string>{"WATCHDOG=1"}))
      << "pinged; STATUS unchanged is not sent again";
  notifier.tick(t0 + 70s, [] { return std::string("serving eth0: 1 replies"); });
  EXPECT_EQ(manager.take(),
            (std::vector<std::string>{"WATCHDOG=1", "STATUS=serving eth0: 1 replies"}));

  notifier.status("NOT answering: eth0 is gone");  // at once, whatever the refresh time
  notifier.status("NOT answering: eth0 is gone");
  EXPECT_EQ(manager.take(), (std::vector<std::string>{"STATUS=NOT answering: eth0 is gone"}));

  notifier.reloading();
  const auto reload = manager.take();
  ASSERT_EQ(reload.size(), 1u);
  EXPECT_EQ(reload[0].rfind("RELOADING=1\nMONOTONIC_USEC=", 0), 0u) << reload[0];
  notifier.stopping("stopping: signal received");
  EXPECT_EQ(manager.take(),
            (std::vector<std::string>{"STOPPING=1\nSTATUS=stopping: signal received"}));
  ::unsetenv("NOTIFY_SOCKET");
  ::unsetenv("WATCHDOG_USEC");
}

TEST(ServiceNotifier, WatchdogOfAnotherProcessIsNotOurs) {
  FakeManager manager;
  ASSERT_TRUE(manager.bound());
  ::setenv("NOTIFY_SOCKET", manager.path_text().c_str(), 1);
  ::setenv("WATCHDOG_USEC", "60000000", 1);
  ::setenv("WATCHDOG_PID", std::to_string(::getpid() + 1).c_str(), 1);
  ServiceNotifier notifier;
  EXPECT_TRUE(notifier.active());
  EXPECT_EQ(notifier.next_deadline(), ServiceNotifier::Clock::time_point::max());
  notifier.ready("x");
  EXPECT_EQ(manager.take(), (std::vector<std::string>{"READY=1\nSTATUS=x"}));
  ::unsetenv("NOTIFY_SOCKET");
  ::unsetenv("WATCHDOG_USEC");
  ::unsetenv("WATCHDOG_PID");
}

TEST(ServiceNotifier, NotUnderSystemdDoesNothing) {
  ::unsetenv("NOTIFY_SOCKET");
  ::setenv("WATCHDOG_USEC", "1000000", 1);
  ServiceNotifier notifier;
  ::unsetenv("WATCHDOG_USEC");
  EXPECT_FALSE(notifier.active());
  EXPECT_EQ(notifier.next_deadline(), ServiceNotifier::Clock::time_point::max());
  bool asked = false;
  notifier.tick(ServiceNotifier::Clock::now() + 1h, [&] {
    asked = true;
    return std::string();
  });
  EXPECT_FALSE(asked) << "no STATUS text built for nobody";
}

TEST(ServiceStatus, NamesTheInterfaceModeAndCounts) {
  EventCounts c;
  c.replies = 12;
  c.ignored = 3;
  c.tftp_done = 2;
  c.http = 5;
  EXPECT_EQ(service_status("eth0", "10.0.0.1", false, true, c),
            "serving eth0 10.0.0.1 (proxy): 12 replies, 3 ignored, 0 malformed; TFTP 2 sent, 0 "
            "failed; HTTP 5 requests");
  EXPECT_NE(service_status("eth0", "10.0.0.1", true, true, c).find("(full DHCP)"),
            std::string::npos);
  EXPECT_EQ(service_status("eth0", "10.0.0.1", false, false, c)
                .rfind("NOT answering: eth0 is gone or has no IPv4 address: 12 replies", 0),
            0u);
}

}  // namespace
}  // namespace pxescope::responder
