// The recorded boots of captures/stories (real firmware in QEMU against broken responders):
// every verdict and reason keyword of captures/stories/MANIFEST, and the CLI's JSON format.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "analyzer/capture_reader.hpp"
#include "analyzer/story/boot_story.hpp"
#include "tests/test_captures.hpp"

namespace pxescope {
namespace {

const std::filesystem::path kStories = PXESCOPE_SOURCE_DIR "/captures/stories";

struct Story {
  std::string capture, verdict;
  std::vector<std::string> keywords;
};

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(" \t");
  const auto e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::vector<Story> manifest() {
  std::ifstream in(kStories / "MANIFEST");
  std::vector<Story> out;
  std::string line;
  while (std::getline(in, line)) {
    if (trim(line).empty() || trim(line)[0] == '#') continue;
    std::vector<std::string> fields;
    std::stringstream ss(line);
    std::string field;
    while (std::getline(ss, field, '|')) fields.push_back(trim(field));
    if (fields.size() < 2) continue;
    out.push_back({fields[0], fields[1], {fields.begin() + 2, fields.end()}});
  }
  return out;
}

TEST(DiagnoseStories, EveryRecordedBootGetsItsVerdictAndReason) {
  const auto stories = manifest();
  ASSERT_GE(stories.size(), 8u) << "captures/stories/MANIFEST missing or short";
  for (const Story& expected : stories) {
    CaptureReader reader;
    ASSERT_TRUE(reader.open_file((kStories / expected.capture).string())) << reader.error();
    StoryBuilder builder;
    Frame frame;
    while (reader.next(frame)) builder.add(frame);
    const auto clients = builder.finish();
    ASSERT_EQ(clients.size(), 1u) << expected.capture;  // one VM per recording
    const ClientStory& s = clients[0];
    EXPECT_EQ(verdict_code(s.verdict), expected.verdict) << expected.capture << ": " << s.reason;
    for (const std::string& k : expected.keywords)
      EXPECT_NE(s.reason.find(k), std::string::npos)
          << expected.capture << ": reason lacks \"" << k << "\": " << s.reason;
    EXPECT_FALSE(s.timeline.empty());
    if (expected.verdict != "booted") {
      EXPECT_FALSE(s.fix.empty()) << expected.capture;
    }
  }
}

TEST(DiagnoseStories, CliJsonHasOneObjectPerClientWithTheDocumentedKeys) {
  const std::string bin = PXESCOPE_BIN_DIR "/pxescope";
  if (!std::filesystem::exists(bin)) GTEST_SKIP() << "pxescope binary not built at " << bin;
  const std::string cmd = bin + " diagnose --json " + (kStories / "bios-no-tftp.pcap").string() +
                          " " + pxescope::test::real_capture("ovmf-edk2-proxydhcp.pcap");
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
  ASSERT_TRUE(pipe);
  std::string out;
  char buf[4096];
  while (std::size_t n = fread(buf, 1, sizeof buf, pipe.get())) out.append(buf, n);
  std::stringstream lines(out);
  std::string line;
  std::vector<nlohmann::json> objects;
  while (std::getline(lines, line)) objects.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(objects.size(), 2u);
  for (const auto& o : objects) {
    for (const char* key :
         {"mac", "uuid", "arch", "firmware", "verdict", "reason", "fix", "timeline", "transfers"})
      EXPECT_TRUE(o.contains(key)) << key;
    ASSERT_TRUE(o["timeline"].is_array());
    ASSERT_FALSE(o["timeline"].empty());
    for (const char* key : {"frame", "time", "event", "text"})
      EXPECT_TRUE(o["timeline"][0].contains(key));
  }
  EXPECT_EQ(objects[0]["verdict"], "tftp-unanswered");
  EXPECT_EQ(objects[0]["arch"], 0);
  EXPECT_EQ(objects[1]["verdict"], "booted");
  const std::string uuid =
      pxescope::test::discover_fact("ovmf-edk2-proxydhcp.pcap", "Client Identifier (UUID)");
  ASSERT_EQ(uuid.size(), 36u) << uuid;
  EXPECT_EQ(objects[1]["uuid"], uuid);
  EXPECT_EQ(objects[1]["arch"], 7);
  EXPECT_EQ(objects[1]["transfers"][0]["size_probe"], true);
}

std::string run_cli(const std::string& args) {
  const std::string cmd = PXESCOPE_BIN_DIR "/pxescope " + args;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
  std::string out;
  char buf[4096];
  while (pipe && !feof(pipe.get()))
    if (std::size_t n = fread(buf, 1, sizeof buf, pipe.get())) out.append(buf, n);
  return out;
}

// The HTTP fetches of a boot: the "http" array (added beside "transfers") and the text lines.
TEST(DiagnoseStories, HttpFetchesInJsonAndText) {
  if (!std::filesystem::exists(PXESCOPE_BIN_DIR "/pxescope")) GTEST_SKIP() << "pxescope not built";
  const std::string capture = (kStories / "http-booted.pcap").string();
  const auto o = nlohmann::json::parse(run_cli("diagnose --json " + capture));
  ASSERT_TRUE(o.contains("transfers"));
  ASSERT_TRUE(o["http"].is_array());
  ASSERT_EQ(o["http"].size(), 3u);
  const auto& kernel = o["http"][1];
  for (const char* key : {"method", "url", "server", "port", "status", "phrase", "content_length",
                          "bytes", "complete", "syns", "connected", "refused", "reset", "seconds"})
    EXPECT_TRUE(kernel.contains(key)) << key;
  EXPECT_EQ(kernel["url"], "http://192.168.77.2/vmlinuz");
  EXPECT_EQ(kernel["status"], 200);
  EXPECT_EQ(kernel["content_length"], 9000);
  EXPECT_EQ(kernel["bytes"], 9000);
  EXPECT_EQ(kernel["complete"], true);
  int requests = 0;
  for (const auto& e : o["timeline"]) requests += e["event"] == "http-request";
  EXPECT_EQ(requests, 3);

  const auto stalled = nlohmann::json::parse(
      run_cli("diagnose --json " + (kStories / "http-stalled.pcap").string()));
  EXPECT_EQ(stalled["http"][0]["complete"], false);
  EXPECT_EQ(stalled["http"][0]["bytes"], 7197);
  const auto refused = nlohmann::json::parse(
      run_cli("diagnose --json " + (kStories / "http-refused.pcap").string()));
  EXPECT_EQ(refused["http"].size(), 3u);
  EXPECT_EQ(refused["http"][0]["refused"], true);
  EXPECT_TRUE(refused["http"][0]["status"].is_null());

  const std::string text = run_cli("diagnose " + capture);
  EXPECT_NE(text.find("HTTP GET http://192.168.77.2/vmlinuz: 200 OK, 9000 bytes, "),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("verdict: booted"), std::string::npos);
}

}  // namespace
}  // namespace pxescope
