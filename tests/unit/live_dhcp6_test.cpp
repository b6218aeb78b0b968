// respond's live stories and STATUS= over IPv6: the DHCPv6 service's requests and replies
// (datagrams, not frames) make the PXEv6 client's story, its TFTP over IPv6 joins it, it gets
// its `boot` line, and systemd's STATUS counts DHCPv6 requests.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "analyzer/capture_reader.hpp"
#include "dhcp6_test_support.hpp"
#include "responder/dhcp6/dhcp6_log.hpp"
#include "responder/live/live_service.hpp"
#include "responder/service_notify.hpp"

namespace pxescope::responder::live {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kFullConfig =
    "dhcp-range=fd00:62::1000,fd00:62::1fff,64,1h\n"
    "dhcp-option=option6:bootfile-url,tftp://[::]/ipxe.efi\n";

Ipv6Address v6(const char* text) {
  Ipv6Address a{};
  EXPECT_TRUE(parse_ipv6(text, a)) << text;
  return a;
}

// The server side as the DHCPv6 service knows it; the client's link-local address is the
// EUI-64 of test6::kClientMac.
Dhcp6Datagram from_client() {
  Dhcp6Datagram d;
  d.peer = v6("fe80::5054:ff:fe12:3456");
  d.server_mac = {2, 0x62, 0, 0, 0, 2};
  d.server_source = v6("fe80::62:ff:fe00:2");
  d.server_address = v6("fd00:62::2");
  return d;
}

tftp::TransferEvent finished(std::string client, std::string file, std::uint64_t size) {
  tftp::TransferEvent e;
  e.kind = tftp::TransferEvent::Kind::kFinish;
  e.client = std::move(client);
  e.file = std::move(file);
  e.size = e.bytes = size;
  e.duration = std::chrono::microseconds(0);  // ended as it began: after the DHCPv6
  return e;
}

struct Logged {
  fs::path path = fs::temp_directory_path() / ("live_dhcp6_test." + std::to_string(getpid()));
  std::FILE* out = std::fopen(path.c_str(), "w");
  ~Logged() { fs::remove(path); }
  std::string text() {
    std::fclose(out);
    out = nullptr;
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
};

// The `boot` line of the client, or "".
std::string boot_line(const std::string& text) {
  const std::size_t at = text.find(" boot mac=52:54:00:12:34:56 ");
  if (at == std::string::npos) return {};
  return text.substr(at, text.find('\n', at) - at);
}

ResponderConfig full_config() {
  ResponderConfig cfg;
  std::vector<std::string> warnings;
  parse_config_text(kFullConfig, "test.conf", cfg, warnings);
  EXPECT_TRUE(cfg.dhcp6.full);
  return cfg;
}

Dhcp6Identity server_identity() {
  Dhcp6Identity id;
  id.duid = duid_ll({2, 0x62, 0, 0, 0, 2});
  id.address = v6("fd00:62::2");
  return id;
}

// A PXEv6 client's Solicit answered, its boot file and then its next file over TFTP from the
// address it was given: one story, one `boot` line, `booted`.
TEST(LiveDhcp6, Pxev6ClientGetsItsBootLineWithItsTftpOverIpv6) {
  Logged logged;
  ASSERT_NE(logged.out, nullptr);
  const ResponderConfig cfg = full_config();
  {
    EventLog log(logged.out, false, true);
    LiveService live(live_options(cfg), cfg, log);
    Dhcp6Engine engine(cfg, server_identity());
    const test6::Bytes solicit = test6::build_request({});
    const Outcome6 outcome = engine.handle(solicit, 0);
    ASSERT_EQ(outcome, Outcome6::Reply);
    ASSERT_TRUE(engine.reply().has_address);
    live.on_dhcp6(engine, outcome, true, solicit, from_client());
    EXPECT_EQ(live.stories()->live(), 1u);
    const std::string client = "[" + format_ipv6(engine.reply().address) + "]:1501";
    live.on_tftp(finished(client, "ipxe.efi", 1000));
    live.on_tftp(finished(client, "autoexec.ipxe", 100));  // the boot program went on
    EXPECT_EQ(live.stories()->live(), 1u) << "the transfers joined the DHCPv6 client's story";
    live.finish();
    log.flush();
  }
  const std::string line = boot_line(logged.text());
  EXPECT_NE(line.find(" verdict=booted "), std::string::npos) << line;
  EXPECT_NE(line.find("x64 UEFI"), std::string::npos) << line;  // arch from option 61
}

// A client the DHCPv6 service did not answer (stateless mode without a boot file) still has
// its story, told as a PXEv6 attempt.
TEST(LiveDhcp6, UnansweredSolicitsAreToldAsPxev6) {
  Logged logged;
  ASSERT_NE(logged.out, nullptr);
  ResponderConfig cfg;
  std::vector<std::string> warnings;
  parse_config_text("dhcp-range=fd00:62::,ra-stateless\n", "test.conf", cfg, warnings);
  ASSERT_TRUE(cfg.dhcp6.answers());
  {
    EventLog log(logged.out, false, true);
    LiveService live(live_options(cfg), cfg, log);
    Dhcp6Engine engine(cfg, server_identity());
    const test6::Bytes solicit = test6::build_request({});
    const Outcome6 outcome = engine.handle(solicit, 0);
    EXPECT_EQ(outcome, Outcome6::Silent);  // no boot file configured
    live.on_dhcp6(engine, outcome, false, solicit, from_client());
    EXPECT_EQ(live.stories()->live(), 1u);
    live.finish();
    log.flush();
  }
  const std::string line = boot_line(logged.text());
  EXPECT_NE(line.find(" verdict=incomplete-capture "), std::string::npos) << line;
  EXPECT_NE(line.find("after the first DHCPv6 Solicit"), std::string::npos) << line;
}

// Malformed DHCPv6 makes no story; stories off (--no-live-stories) take nothing.
TEST(LiveDhcp6, MalformedRequestsAndStoriesOffMakeNoStory) {
  ResponderConfig cfg = full_config();
  EventLog log(stdout, false, true);
  LiveService live(live_options(cfg), cfg, log);
  Dhcp6Engine engine(cfg, server_identity());
  const test6::Bytes junk = {1, 0, 0};
  ASSERT_EQ(engine.handle(junk, 0), Outcome6::Malformed);
  live.on_dhcp6(engine, Outcome6::Malformed, false, junk, from_client());
  EXPECT_EQ(live.stories()->live(), 0u);

  cfg.live_stories = false;
  LiveService off(live_options(cfg), cfg, log);
  const test6::Bytes solicit = test6::build_request({});
  const Outcome6 outcome = engine.handle(solicit, 0);
  off.on_dhcp6(engine, outcome, true, solicit, from_client());
  EXPECT_EQ(off.stories(), nullptr);
}

// The frames made from the datagrams read back as DHCPv6 over IPv6 from the client's MAC and
// to it: the failure capture holds what a capture on the interface would.
TEST(LiveDhcp6, FailureCaptureHoldsTheDhcpv6Frames) {
  const fs::path dir = fs::temp_directory_path() / ("live_dhcp6_dir." + std::to_string(getpid()));
  fs::create_directories(dir);
  ResponderConfig cfg = full_config();
  cfg.story_dir = dir.string();
  Logged logged;
  {
    EventLog log(logged.out, false, true);
    LiveService live(live_options(cfg), cfg, log);
    std::string error;
    ASSERT_TRUE(live.open(error)) << error;
    Dhcp6Engine engine(cfg, server_identity());
    const test6::Bytes solicit = test6::build_request({});
    const Outcome6 outcome = engine.handle(solicit, 0);
    live.on_dhcp6(engine, outcome, true, solicit, from_client());
    live.finish();  // Advertise, then nothing: a failed boot, captured
    log.flush();
  }
  const std::string text = logged.text();
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    ++files;
    StoryBuilder builder;
    CaptureReader reader;
    ASSERT_TRUE(reader.open_file(e.path().string())) << reader.error();
    Frame f;
    while (reader.next(f)) builder.add(f);
    const auto stories = builder.finish();
    ASSERT_EQ(stories.size(), 1u);
    EXPECT_EQ(stories.front().solicits, 1u);
    EXPECT_EQ(stories.front().replies.size(), 1u);
    EXPECT_EQ(stories.front().replies.front().boot_file, "ipxe.efi");
    EXPECT_NE(
        text.find(std::string("verdict=") + std::string(verdict_code(stories.front().verdict))),
        std::string::npos)
        << "diagnose reads the capture back to the live verdict: " << text;
  }
  EXPECT_EQ(files, 1u) << text;
  fs::remove_all(dir);
}

TEST(LiveDhcp6, StatusCountsDhcpv6Requests) {
  EventLog log(stdout, false, true);
  Dhcp6Log log6(log, true);
  log6.count(Outcome6::Reply);
  log6.count(Outcome6::Reply);
  log6.count(Outcome6::Silent);
  log6.count(Outcome6::Malformed);
  EXPECT_EQ(service_status("eth0", "10.0.0.1", false, true, log.counts(), "full"),
            "serving eth0 10.0.0.1 (proxy): 0 replies, 0 ignored, 0 malformed; DHCPv6 (full) 2 "
            "replies, 1 ignored, 1 malformed; TFTP 0 sent, 0 failed; HTTP 0 requests");
  // DHCPv6 off: the line as before.
  EXPECT_EQ(service_status("eth0", "10.0.0.1", false, true, log.counts()),
            "serving eth0 10.0.0.1 (proxy): 0 replies, 0 ignored, 0 malformed; TFTP 0 sent, 0 "
            "failed; HTTP 0 requests");
}

}  // namespace
}  // namespace pxescope::responder::live
