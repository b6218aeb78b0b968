// Captures cut by the snap length: sizes come from the protocol, the story says what is
// missing, and a verdict that rests on cut packets is incomplete-capture.
#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <string>

#include "analyzer/story/story_render.hpp"
#include "story_test_support.hpp"

namespace pxescope {
namespace {

using namespace pxescope::testing;

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

bool lists(const std::vector<std::string>& fields, std::string_view part) {
  return std::any_of(fields.begin(), fields.end(),
                     [&](const std::string& f) { return contains(f, part); });
}

// pxelinux.0 (512 + 512 + 100 bytes), then ldlinux.c32: a boot that worked.
Script booted_bios_boot() {
  Script s;
  dora_with_file(s, "pxelinux.0", 0);
  download(s, 2.0, 2000, "pxelinux.0", 3);
  download(s, 3.0, 2001, "ldlinux.c32", 2);
  return s;
}

TEST(StorySnapLength, TransferSizesComeFromTheUdpLengthsNotTheCapturedBytes) {
  Script s = booted_bios_boot();
  s.snap_length(120);  // 74 bytes of each 512-byte block are left
  const auto stories = s.run();
  const ClientStory& story = only(stories);
  ASSERT_GE(story.transfers.size(), 2u);
  const TftpTransferStory& x = story.transfers[0];
  EXPECT_EQ(x.file, "pxelinux.0");
  EXPECT_TRUE(x.complete);
  EXPECT_EQ(x.blocks, 3u);
  EXPECT_EQ(x.bytes, 512u + 512u + 100u);
  EXPECT_TRUE(x.head_cut);
  EXPECT_EQ(verdict_code(story.verdict), "booted") << story.reason;  // the download proves it
}

TEST(StorySnapLength, TheStoryWarnsAndNamesWhatIsMissing) {
  Script s = booted_bios_boot();
  s.snap_length(120);
  const auto stories = s.run();
  const ClientStory& story = only(stories);
  EXPECT_EQ(story.snap_length, 120u);
  EXPECT_TRUE(lists(story.missing_fields, "TFTP data")) << story.missing_fields.size();
  EXPECT_TRUE(lists(story.missing_fields, "DHCP reply")) << story.missing_fields.size();
  std::string text, json;
  append_story_text(story, text);
  append_story_json(story, json);
  EXPECT_TRUE(contains(text, "the capture was truncated at 120 bytes per packet")) << text;
  EXPECT_TRUE(contains(text, "TFTP data")) << text;
  EXPECT_TRUE(contains(json, "\"truncated\":{\"snap_length\":120,\"missing\":[")) << json;
}

TEST(StorySnapLength, AWholeCaptureHasNoTruncationNote) {
  const auto stories = booted_bios_boot().run();
  const ClientStory& story = only(stories);
  EXPECT_EQ(story.snap_length, 0u);
  EXPECT_TRUE(story.missing_fields.empty());
  std::string json;
  append_story_json(story, json);
  EXPECT_FALSE(contains(json, "truncated")) << json;
}

// An address, no boot information: no-boot-info when whole; when the replies are cut (inside
// the BOOTP header at 250, inside the options at 300) nobody can tell.
TEST(StorySnapLength, CutRepliesMakeTheVerdictIncompleteCapture) {
  for (std::size_t snap : {SIZE_MAX, std::size_t{300}, std::size_t{250}}) {
    Script s;
    address_without_boot_info(s);
    s.snap_length(snap);
    const auto stories = s.run();
    const ClientStory& story = only(stories);
    if (snap == SIZE_MAX) {
      EXPECT_EQ(verdict_code(story.verdict), "no-boot-info") << story.reason;
      continue;
    }
    EXPECT_EQ(verdict_code(story.verdict), "incomplete-capture") << snap << ": " << story.reason;
    EXPECT_TRUE(contains(story.reason, "truncated at " + std::to_string(snap) + " bytes"))
        << story.reason;
    EXPECT_TRUE(contains(story.fix, "-s 0")) << story.fix;
    EXPECT_FALSE(story.cut_decisive.empty());
  }
}

// A real recorded boot cut with `editcap -s 100`: the same transfer sizes as the whole file.
TEST(StorySnapLength, EditcapCutRealBootKeepsItsTransferSizes) {
  if (std::system("command -v editcap >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "editcap (wireshark/tshark) not installed";
  const std::string whole = PXESCOPE_SOURCE_DIR "/captures/stories/bios-booted.pcap";
  const std::filesystem::path cut = std::filesystem::temp_directory_path() /
                                    ("pxescope-snap-" + std::to_string(getpid()) + ".pcap");
  ASSERT_EQ(std::system(("editcap -s 100 " + whole + " " + cut.string()).c_str()), 0);
  const auto full = stories_of(whole);
  const auto snapped = stories_of(cut.string());
  std::filesystem::remove(cut);
  ASSERT_EQ(full.size(), 1u);
  ASSERT_EQ(snapped.size(), 1u);
  EXPECT_EQ(verdict_code(snapped[0].verdict), "booted") << snapped[0].reason;
  EXPECT_EQ(snapped[0].snap_length, 100u);
  ASSERT_EQ(snapped[0].transfers.size(), full[0].transfers.size());
  for (std::size_t i = 0; i < full[0].transfers.size(); ++i) {
    const TftpTransferStory& a = full[0].transfers[i];
    const TftpTransferStory& b = snapped[0].transfers[i];
    EXPECT_EQ(b.file, a.file);
    EXPECT_EQ(b.bytes, a.bytes) << a.file;
    EXPECT_EQ(b.blocks, a.blocks) << a.file;
    EXPECT_EQ(b.complete, a.complete) << a.file;
  }
}

}  // namespace
}  // namespace pxescope
