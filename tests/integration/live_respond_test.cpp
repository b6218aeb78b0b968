// Live boot stories and --metrics end to end: `pxescope respond` (full DHCP) in a throw-away
// network namespace (names suffixed with the pid), a pxescope-probe client and tftp-hpa in
// another one over a veth. Scrapes /metrics with curl during the boot and checks the counters,
// waits (bounded) for the `boot` verdict lines, and reads the failed boot's capture back with
// `pxescope diagnose`. Then `diagnose -i IFACE --follow` sees the same boot from the wire.
// Needs root, ip, curl and tftp-hpa; skips otherwise.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include "tests/integration/respond_process.hpp"
#include "tests/integration/tftp_test_support.hpp"

namespace fs = std::filesystem;
using tftp_test::read_file;

namespace {

constexpr const char* kServerIp = "10.81.1.1";
constexpr const char* kOtherMac = "02:00:00:00:81:99";  // not in --only: never answered

// The value of one sample line of the metrics text, -1 when absent.
double sample(const std::string& text, const std::string& name_and_labels) {
  const std::string key = "\n" + name_and_labels + " ";
  const std::size_t at = ("\n" + text).find(key);
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + key.size() - 1));
}

class LiveRespond : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const auto missing = tftp_test::missing_root_or_tools({"ip", "curl", "tftp"});
        !missing.empty())
      GTEST_SKIP() << missing;
    binary_ = std::string(PXESCOPE_BIN_DIR) + "/pxescope";
    probe_ = std::string(PXESCOPE_BIN_DIR) + "/pxescope-probe";
    if (access(binary_.c_str(), X_OK) != 0 || access(probe_.c_str(), X_OK) != 0)
      GTEST_SKIP() << "no " << binary_ << " or " << probe_ << " (build them)";
    const std::string suffix = std::to_string(getpid());
    base_ = fs::temp_directory_path() / ("live_respond_test." + suffix);
    fs::remove_all(base_);
    fs::create_directories(base_ / "tftp");
    fs::create_directories(base_ / "stories");
    std::ofstream(base_ / "tftp" / "pxelinux.0") << std::string(40000, 'p');
    std::ofstream(base_ / "tftp" / "ldlinux.c32") << std::string(3000, 'l');
    ASSERT_TRUE(server_ns_.create("pxlives" + suffix));
    ASSERT_TRUE(client_ns_.create("pxlivec" + suffix));
    link_ = "pxls" + suffix;
    client_link_ = "pxlc" + suffix;
    ASSERT_TRUE(tftp_test::connect_with_veth(server_ns_, link_, std::string(kServerIp) + "/24",
                                             client_ns_, client_link_, "10.81.1.2/24"));
    client_mac_ = client("cat /sys/class/net/" + client_link_ + "/address").output;
    while (!client_mac_.empty() && client_mac_.back() == '\n') client_mac_.pop_back();
  }

  void TearDown() override {
    respond_.stop();
    home_.go_back();
    client_ns_.destroy();
    server_ns_.destroy();
    if (!base_.empty()) fs::remove_all(base_);
  }

  tftp_test::CommandResult client(const std::string& command, int timeout_s = 60) {
    return tftp_test::run("ip netns exec " + client_ns_.name() + " " + command, timeout_s);
  }
  tftp_test::CommandResult server(const std::string& command, int timeout_s = 60) {
    return tftp_test::run("ip netns exec " + server_ns_.name() + " " + command, timeout_s);
  }
  std::string scrape() {
    return client(std::string("curl -s http://") + kServerIp + ":9187/metrics").output;
  }
  std::string tftp_get(const std::string& file) {
    return client("sh -c 'cd " + base_.string() + " && tftp " + kServerIp + " -m binary -c get " +
                  file + " got.bin 2>&1'")
        .output;
  }
  // The log's `boot` line about `mac`, waited for (at most `seconds`).
  std::string boot_line(const std::string& log, const std::string& mac, int seconds) {
    for (int waited = 0; waited < seconds * 10; ++waited) {
      const std::string text = read_file(log);
      const std::size_t at = text.find(" boot mac=" + mac);
      if (at != std::string::npos) return text.substr(at, text.find('\n', at) - at);
      usleep(100000);
    }
    return {};
  }

  std::string binary_, probe_, link_, client_link_, client_mac_;
  fs::path base_;
  tftp_test::HomeNamespace home_;
  tftp_test::Namespace server_ns_, client_ns_;
  tftp_test::RespondProcess respond_;
};

TEST_F(LiveRespond, MetricsCountTheBootAndVerdictsAreLoggedAndCaptured) {
  const std::string log = (base_ / "respond.log").string();
  ASSERT_TRUE(respond_.start(server_ns_, home_, binary_,
                             {"respond",
                              "--iface",
                              link_,
                              "--dhcp-check",
                              "0",
                              "--dhcp-range",
                              "10.81.1.50,10.81.1.59",
                              "--no-ping",
                              "--lease-file",
                              (base_ / "leases").string(),
                              "--only",
                              client_mac_,
                              "--tftp-root",
                              (base_ / "tftp").string(),
                              "--boot-file",
                              "pxelinux.0",
                              "--metrics",
                              std::string(kServerIp) + ":9187",
                              "--story-dir",
                              (base_ / "stories").string()},
                             log, "start "))
      << read_file(log);

  const auto probe = client(probe_ + " -i " + client_link_ + " --arch bios", 60);
  EXPECT_NE(probe.output.find("pxelinux.0"), std::string::npos) << probe.output;
  EXPECT_EQ(tftp_get("pxelinux.0"), "");
  EXPECT_EQ(tftp_get("ldlinux.c32"), "");
  EXPECT_NE(tftp_get("missing.0").find("not found"), std::string::npos);
  // A client --only does not name: ignored, never answered, its boot fails (no-offer).
  client(probe_ + " -i " + client_link_ + " --mac " + kOtherMac + " --no-tftp", 60);

  // During the boot: the exchange and the transfers, by their labels.
  const std::string during = scrape();
  const std::string dhcp = "{type=\"discover\",port=\"67\",mode=\"full\",arch=\"0\"}";
  EXPECT_GE(sample(during, "pxescope_dhcp_requests_total" + dhcp), 2) << during;
  EXPECT_EQ(sample(during, "pxescope_dhcp_replies_total{type=\"offer\",mode=\"full\",arch=\"0\"}"),
            1)
      << during;
  // The REQUEST on 67, and the one to the boot server on 4011.
  EXPECT_EQ(sample(during, "pxescope_dhcp_replies_total{type=\"ack\",mode=\"full\",arch=\"0\"}"), 2)
      << during;
  EXPECT_EQ(
      sample(
          during,
          "pxescope_dhcp_requests_total{type=\"request\",port=\"4011\",mode=\"full\",arch=\"0\"}"),
      1)
      << during;
  EXPECT_GE(sample(during, "pxescope_dhcp_ignored_total{reason=\"not in --only\"}"), 1) << during;
  EXPECT_EQ(sample(during, "pxescope_tftp_transfers_total{outcome=\"finish\"}"), 2) << during;
  EXPECT_EQ(sample(during, "pxescope_tftp_transfers_total{outcome=\"refused\"}"), 1) << during;
  EXPECT_EQ(sample(during, "pxescope_tftp_errors_total{code=\"1\",from=\"server\"}"), 1) << during;
  EXPECT_EQ(sample(during, "pxescope_tftp_bytes_total"), 43000) << during;
  EXPECT_EQ(sample(during, "pxescope_leases{state=\"in_use\"}") +
                sample(during, "pxescope_leases{state=\"free\"}"),
            10)
      << during;
  EXPECT_GE(sample(during, "pxescope_event_loop_latency_seconds_count"), 1) << during;

  // One verdict line per client boot, after its silence.
  const std::string booted = boot_line(log, client_mac_, 60);
  EXPECT_NE(booted.find("verdict=booted"), std::string::npos) << read_file(log);
  EXPECT_NE(booted.find("file=ldlinux.c32"), std::string::npos) << booted;
  EXPECT_NE(booted.find("arch=\"x86 BIOS\""), std::string::npos) << booted;
  const std::string failed = boot_line(log, kOtherMac, 60);
  ASSERT_NE(failed.find("verdict=no-offer"), std::string::npos) << read_file(log);
  EXPECT_NE(failed.find("reason="), std::string::npos) << failed;
  EXPECT_NE(failed.find("fix="), std::string::npos) << failed;
  const std::string after = scrape();
  EXPECT_EQ(sample(after, "pxescope_boot_verdicts_total{verdict=\"booted\"}"), 1) << after;
  EXPECT_EQ(sample(after, "pxescope_boot_verdicts_total{verdict=\"no-offer\"}"), 1) << after;

  // The failed boot's capture: diagnose tells the same verdict; the booted one wrote none.
  std::smatch m;
  ASSERT_TRUE(std::regex_search(failed, m, std::regex("capture=(\\S+\\.pcapng)"))) << failed;
  const auto diagnose = tftp_test::run(binary_ + " diagnose --json " + m[1].str());
  EXPECT_NE(diagnose.output.find("\"verdict\":\"no-offer\""), std::string::npos) << diagnose.output;
  std::size_t captures = 0;
  for (const auto& entry : fs::directory_iterator(base_ / "stories")) {
    ++captures;
    EXPECT_NE(entry.path().filename().string().find("boot-020000008199-"), std::string::npos);
  }
  EXPECT_EQ(captures, 1u);
}

TEST_F(LiveRespond, DiagnoseFollowPrintsVerdictsAsClientsBoot) {
  const std::string log = (base_ / "respond.log").string();
  ASSERT_TRUE(respond_.start(
      server_ns_, home_, binary_,
      {"respond", "--iface", link_, "--dhcp-check", "0", "--dhcp-range", "10.81.1.50,10.81.1.59",
       "--no-ping", "--tftp-root", (base_ / "tftp").string(), "--boot-file", "missing.0"},
      log, "start "))
      << read_file(log);
  // diagnose --follow on the server's side of the link, bounded by --seconds.
  const std::string followed = (base_ / "follow.txt").string();
  const auto follow =
      tftp_test::run("sh -c 'ip netns exec " + server_ns_.name() + " " + binary_ + " diagnose -i " +
                         link_ + " --follow --seconds 25 > " + followed + " 2>&1 & echo $!'",
                     10);
  ASSERT_EQ(follow.exit_code, 0) << follow.output;
  const pid_t follower = static_cast<pid_t>(std::stol(follow.output));
  usleep(1500000);  // the capture is open (not a timing assert: a late start only sees less)
  client(probe_ + " -i " + client_link_ + " --arch bios", 60);
  std::string text;
  for (int waited = 0; waited < 400 && text.find("tftp-file-not-found") == std::string::npos;
       ++waited) {
    usleep(100000);
    text = read_file(followed);
  }
  EXPECT_NE(text.find("tftp-file-not-found"), std::string::npos) << text << read_file(log);
  // respond told the same boot the same way.
  EXPECT_NE(boot_line(log, client_mac_, 30).find("verdict=tftp-file-not-found"), std::string::npos)
      << read_file(log);
  kill(follower, SIGTERM);  // this test's own follower (it stops by itself after 25 s too)
}

}  // namespace
