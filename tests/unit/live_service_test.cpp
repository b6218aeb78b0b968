// respond's live service (responder/live/live_service.hpp): one `boot` line per client with its
// verdict, failure captures in --story-dir, and at most 30 of them a minute however many
// clients fail.
#include "responder/live/live_service.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "story_test_support.hpp"

namespace pxescope::responder::live {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(LiveService, FailedBootsAreLoggedAndCapturedAtMost30AMinute) {
  const fs::path dir =
      fs::temp_directory_path() / ("live_service_test." + std::to_string(getpid()));
  fs::create_directories(dir / "stories");
  ResponderConfig cfg;
  cfg.story_dir = (dir / "stories").string();
  std::FILE* out = std::fopen((dir / "log").c_str(), "w");
  ASSERT_NE(out, nullptr);
  {
    EventLog log(out, false, true);
    LiveService live(live_options(cfg), cfg, log);
    std::string error;
    ASSERT_TRUE(live.open(error)) << error;
    for (std::uint8_t i = 1; i <= 35; ++i) {
      testing::Bootp m = testing::discover();
      m.mac = {2, 0, 0, 0, 0, i};
      const testing::Bytes frame = testing::eth_frame(
          m.mac, testing::ipv4_udp(0, 0xffffffff, 68, 67, testing::bootp_payload(m)));
      live.on_frame(frame);
    }
    live.finish();
    log.flush();
    EXPECT_EQ(live.metrics().render().find("pxescope_boot_verdicts_total{verdict=\"booted\"}"),
              std::string::npos);
  }
  std::fclose(out);
  const std::string text = slurp(dir / "log");
  EXPECT_EQ(count(text, " boot mac=02:00:00:00:00:"), 35u) << text;
  EXPECT_EQ(count(text, " capture=" + (dir / "stories").string() + "/boot-0200000000"), 30u)
      << text;
  EXPECT_EQ(count(text, " capture_skipped=rate-limit"), 5u) << text;
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir / "stories")) ++files;
  EXPECT_EQ(files, 30u);
  fs::remove_all(dir);
}

// The responder of these tests: 192.168.77.2/24, MAC 02:00:00:00:00:01.
ServerIdentity lab_server() {
  ServerIdentity server;
  server.ip = testing::ip4(192, 168, 77, 2);
  server.netmask = 0xffffff00u;
  server.mac = {2, 0, 0, 0, 0, 1};
  return server;
}

// Junk never makes a story (nor evicts a real one at the cap); a request the engine parsed does,
// and counts in its labels.
TEST(LiveService, MalformedRequestsMakeNoStory) {
  ResponderConfig cfg;
  BootRule rule;
  rule.file = "pxelinux.0";
  cfg.boot_rules.push_back(rule);
  const ServerIdentity server = lab_server();
  Engine engine(cfg, server);
  EventLog log(stdout, false, true);
  LiveService live(live_options(cfg), cfg, log);
  testing::Bootp m = testing::discover();
  testing::Bytes payload = testing::bootp_payload(m);
  testing::Bytes junk = payload;
  junk[236] = 0;  // no DHCP magic cookie
  for (const testing::Bytes& p : {junk, payload}) {
    const testing::Bytes frame =
        testing::eth_frame(m.mac, testing::ipv4_udp(0, 0xffffffff, 68, 67, p));
    const FrameOutcome outcome = engine.handle_frame(frame, 0);
    live.on_dhcp(engine, outcome, outcome == FrameOutcome::Reply, frame, 0);
    if (&p == &junk) {
      EXPECT_EQ(outcome, FrameOutcome::Malformed);
      EXPECT_EQ(live.stories()->live(), 0u);
    }
  }
  EXPECT_EQ(live.stories()->live(), 1u);
  const std::string text = live.metrics().render();
  EXPECT_NE(text.find("pxescope_dhcp_malformed_total{reason=\""), std::string::npos) << text;
  EXPECT_NE(text.find("pxescope_dhcp_replies_total{type=\"offer\",mode=\"proxy\",arch=\"7\"} 1"),
            std::string::npos)
      << text;
}

// The server's own DISCOVER (--dhcp-check), seen again on its raw socket, is no client's boot.
TEST(LiveService, TheServersOwnFramesMakeNoStory) {
  ResponderConfig cfg;
  const ServerIdentity server = lab_server();
  Engine engine(cfg, server);
  EventLog log(stdout, false, true);
  LiveService live(live_options(cfg), cfg, log);
  for (const MacAddress& mac : {server.mac, MacAddress{2, 0, 0, 0, 0, 9}}) {
    testing::Bootp m = testing::discover();
    m.mac = mac;
    const testing::Bytes frame = testing::eth_frame(
        m.mac, testing::ipv4_udp(0, 0xffffffff, 68, 67, testing::bootp_payload(m)));
    const FrameOutcome outcome = engine.handle_frame(frame, 0);
    live.on_dhcp(engine, outcome, outcome == FrameOutcome::Reply, frame, 0);
    EXPECT_EQ(live.stories()->live(), mac == server.mac ? 0u : 1u);
  }
}

TEST(LiveService, StoryDirMustExist) {
  ResponderConfig cfg;
  cfg.story_dir = "/nonexistent/pxescope-stories";
  EventLog log(stdout, false, true);
  LiveService live(live_options(cfg), cfg, log);
  std::string error;
  EXPECT_FALSE(live.open(error));
  EXPECT_NE(error.find("is not a directory"), std::string::npos) << error;
}

}  // namespace
}  // namespace pxescope::responder::live
