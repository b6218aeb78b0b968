// Colouring rules (analyzer/packet_list/colour_rules.hpp) and the _ws.expert / _ws.malformed
// filter fields they use: the defaults compile and colour real frames by their type, a bad
// filter is refused naming the rule, the first matching rule wins.
#include <gtest/gtest.h>

#include "analyzer/capture_reader.hpp"
#include "analyzer/filter/display_filter.hpp"
#include "analyzer/filter/frame_context.hpp"
#include "analyzer/packet_dissector.hpp"
#include "analyzer/packet_list/colour_rules.hpp"
#include "tests/test_captures.hpp"

using namespace pxescope;

namespace {

int rule_named(const ColourRuleSet& set, std::string_view name) {
  for (std::size_t i = 0; i < set.rules().size(); ++i)
    if (set.rules()[i].name == name) return static_cast<int>(i);
  return -2;
}

// The rule each frame of the capture gets.
std::vector<int> colour_capture(const std::string& path, const ColourRuleSet& set,
                                std::vector<std::size_t>* warnings = nullptr) {
  CaptureReader reader;
  EXPECT_TRUE(reader.open_file(path)) << reader.error();
  PacketDissector dissector;
  FieldTree tree;
  filter::FrameClock clock;
  Frame frame;
  std::vector<int> out;
  while (reader.next(frame)) {
    const filter::FrameContext context = clock.next(frame);
    dissector.dissect(frame, tree);
    out.push_back(set.first_match(tree, context));
    if (warnings) warnings->push_back(tree.count_warnings(Severity::Warn));
  }
  return out;
}

}  // namespace

TEST(ColourRules, DefaultsCompileAndColourDhcpByType) {
  std::string error;
  auto set = ColourRuleSet::compile(default_colour_rules(), error);
  ASSERT_TRUE(set) << error;
  const auto rules = colour_capture(test::real_capture("seabios-ipxe-proxydhcp.pcap"), *set);
  // Cross-check against the filter on its own: every OFFER without problems is "DHCP OFFER".
  CaptureReader reader;
  ASSERT_TRUE(reader.open_file(test::real_capture("seabios-ipxe-proxydhcp.pcap")));
  std::string e;
  const auto offer =
      filter::DisplayFilter::parse("dhcp.option.dhcp == 2 && !_ws.expert && !udp.port == 4011", e);
  ASSERT_TRUE(offer) << e;
  PacketDissector dissector;
  FieldTree tree;
  Frame frame;
  std::size_t offers = 0;
  for (std::size_t i = 0; reader.next(frame); ++i) {
    dissector.dissect(frame, tree);
    if (!offer->matches(tree)) continue;
    ++offers;
    EXPECT_EQ(rules[i], rule_named(*set, "DHCP OFFER")) << "frame " << i + 1;
  }
  EXPECT_GT(offers, 0u);
}

TEST(ColourRules, FramesWithWarningsTakeAProblemRule) {
  std::string error;
  auto set = ColourRuleSet::compile(default_colour_rules(), error);
  ASSERT_TRUE(set) << error;
  std::vector<std::size_t> warnings;
  const auto rules = colour_capture(test::generated_capture("missing-end.pcap"), *set, &warnings);
  ASSERT_FALSE(rules.empty());
  std::size_t warned = 0;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (warnings[i] == 0) continue;
    ++warned;
    EXPECT_LE(rules[i], rule_named(*set, "Warnings")) << "frame " << i + 1;
    EXPECT_GE(rules[i], 0) << "frame " << i + 1;
  }
  EXPECT_GT(warned, 0u);
}

TEST(ColourRules, ABadFilterIsRefusedNamingTheRule) {
  std::string error;
  auto rules = default_colour_rules();
  rules.push_back({"Mine", "dhcp.option.foo == 1", 0xffffff, 0});
  EXPECT_FALSE(ColourRuleSet::compile(rules, error));
  EXPECT_EQ(error, "rule 'Mine': column 1: dhcp.option.foo is not a known field");
  EXPECT_FALSE(ColourRuleSet::compile({{"Empty", " ", 0xffffff, 0}}, error));
  EXPECT_NE(error.find("rule 'Empty': the filter is empty"), std::string::npos) << error;
}

TEST(ColourRules, FirstEnabledMatchingRuleWins) {
  std::string error;
  std::vector<ColourRule> rules = {
      {"udp", "udp", 0x111111, 0}, {"any", "frame", 0x222222, 0}, {"never", "tftp", 0x333333, 0}};
  FieldTree tree;
  tree.add(kNoNode, "udp", 0, 8);
  filter::FrameContext frame;
  auto set = ColourRuleSet::compile(rules, error);
  ASSERT_TRUE(set);
  EXPECT_EQ(set->first_match(tree, frame), 0);
  rules[0].enabled = false;
  set = ColourRuleSet::compile(rules, error);
  EXPECT_EQ(set->first_match(tree, frame), 1);
  set = ColourRuleSet::compile({rules[2]}, error);
  EXPECT_EQ(set->first_match(tree, frame), -1);
}

TEST(WsFields, ExpertAndMalformedReadTheTreesWarnings) {
  std::string error;
  const auto expert = filter::DisplayFilter::parse("_ws.expert", error);
  const auto malformed = filter::DisplayFilter::parse("_ws.malformed", error);
  const auto neither = filter::DisplayFilter::parse("!_ws.expert && !_ws.malformed", error);
  ASSERT_TRUE(expert && malformed && neither) << error;
  FieldTree tree;
  const NodeId dhcp = tree.add(kNoNode, "dhcp", 0, 10);
  EXPECT_FALSE(expert->matches(tree));
  EXPECT_TRUE(neither->matches(tree));
  tree.warn(dhcp, Severity::Note, "a note");  // informational: not expert info
  EXPECT_FALSE(expert->matches(tree));
  tree.warn(dhcp, Severity::Warn, "a warning");
  EXPECT_TRUE(expert->matches(tree));
  EXPECT_FALSE(malformed->matches(tree));
  tree.warn(dhcp, Severity::Error, "truncated");
  EXPECT_TRUE(malformed->matches(tree));
  EXPECT_FALSE(neither->matches(tree));
}
