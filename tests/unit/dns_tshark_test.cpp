// DNS: every field of every DNS frame of the recorded capture (A, AAAA, a CNAME chain with
// compressed names) against tshark, Protocol and Info columns included; and hand-made
// messages with a compression loop, a forward pointer and a cut header that must become
// warnings, not crashes.
#include <gtest/gtest.h>

#include <unistd.h>

#include "analyzer/dns/dns_dissector.hpp"
#include "unit/packet_test_support.hpp"
#include "unit/tshark_field_compare.hpp"

namespace fs = std::filesystem;
using namespace pxescope;
using namespace pxescope::testing;

namespace {

const fs::path kCapture = PXESCOPE_SOURCE_DIR "/captures/tcp/dns-http.pcap";

const std::vector<std::string> kFields = {"dns.id",
                                          "dns.flags",
                                          "dns.flags.response",
                                          "dns.flags.opcode",
                                          "dns.flags.authoritative",
                                          "dns.flags.truncated",
                                          "dns.flags.recdesired",
                                          "dns.flags.recavail",
                                          "dns.flags.z",
                                          "dns.flags.authenticated",
                                          "dns.flags.checkdisable",
                                          "dns.flags.rcode",
                                          "dns.count.queries",
                                          "dns.count.answers",
                                          "dns.count.auth_rr",
                                          "dns.count.add_rr",
                                          "dns.qry.name",
                                          "dns.qry.name.len",
                                          "dns.count.labels",
                                          "dns.qry.type",
                                          "dns.qry.class",
                                          "dns.resp.name",
                                          "dns.resp.type",
                                          "dns.resp.class",
                                          "dns.resp.ttl",
                                          "dns.resp.len",
                                          "dns.a",
                                          "dns.aaaa",
                                          "dns.cname"};

// Header with one question whose name is given as raw bytes.
Bytes message(const Bytes& name, std::uint16_t answers = 0) {
  Bytes m;
  put16(m, 0x1234);
  put16(m, 0x0100);
  put16(m, 1);
  put16(m, answers);
  put16(m, 0);
  put16(m, 0);
  append(m, name);
  put16(m, 1);
  put16(m, 1);
  return m;
}

std::string first_warning(const FieldTree& t) {
  for (NodeId id = 0; id < t.size(); ++id)
    if (!t[id].warnings.empty()) return t[id].warnings[0].message;
  return "";
}

}  // namespace

TEST(DnsVsTshark, RecordedCaptureAgreesFieldByField) {
  if (!have_tool("tshark")) GTEST_SKIP() << "tshark not installed";
  std::size_t infos = 0;
  const std::size_t frames = compare_fields_with_tshark(
      kCapture, "dns", kFields, {"dns.id", "dns.flags", "dns.qry.class", "dns.resp.class"},
      [&](const FieldTree& tree, const std::string& protocol, const std::string& info) {
        EXPECT_EQ(tree.protocol_column(), protocol);
        EXPECT_EQ(tree.info_column(), info);
        ++infos;
      });
  EXPECT_EQ(frames, 6u);
  EXPECT_EQ(infos, 6u);
}

TEST(DnsDissector, ReadsACompressedCnameChain) {
  // Question "a.lab", answer: pointer to it, CNAME "b" + pointer to "lab".
  Bytes m = message({1, 'a', 3, 'l', 'a', 'b', 0}, 1);
  append(m, Bytes{0xc0, 12});
  put16(m, 5);
  put16(m, 1);
  put32(m, 60);
  put16(m, 4);
  append(m, Bytes{1, 'b', 0xc0, 14});
  FieldTree t;
  dissect_dns(m, 42, t);
  const NodeId cname = t.find("dns.cname");
  ASSERT_NE(cname, kNoNode);
  EXPECT_EQ(t[cname].str_value, "b.lab");
  EXPECT_EQ(t[t.find("dns.resp.name")].str_value, "a.lab");
  EXPECT_EQ(t[t.find("dns.resp.ttl")].uint_value, 60u);
  EXPECT_EQ(t.info_column(), "Standard query 0x1234 A a.lab CNAME b.lab");
  EXPECT_EQ(first_warning(t), "");
}

TEST(DnsDissector, CompressionLoopIsAWarning) {
  // The question's name is a pointer to itself (offset 12): followed naively it never ends.
  FieldTree t;
  dissect_dns(message({0xc0, 12}), 42, t);
  EXPECT_NE(first_warning(t).find("loop"), std::string::npos) << first_warning(t);
  // Two pointers pointing at each other: the second one points forward.
  Bytes m = message({0xc0, 14, 0xc0, 12});
  t.clear();
  dissect_dns(m, 42, t);
  EXPECT_NE(first_warning(t).find("does not point backwards"), std::string::npos);
}

TEST(DnsDissector, CutMessagesAreWarnings) {
  FieldTree t;
  const Bytes header_only = {0x12, 0x34, 0x01};
  dissect_dns(header_only, 42, t);
  EXPECT_EQ(first_warning(t), "truncated DNS header: 12 bytes needed");
  Bytes m = message({1, 'a', 3, 'l', 'a', 'b', 0});
  m.resize(m.size() - 3);  // the question's type/class cut
  t.clear();
  dissect_dns(m, 42, t);
  EXPECT_NE(first_warning(t).find("cut short"), std::string::npos) << first_warning(t);
  Bytes label_past_end = message({9, 'a'});
  label_past_end.resize(14);
  t.clear();
  dissect_dns(label_past_end, 42, t);
  EXPECT_NE(first_warning(t).find("past the end"), std::string::npos) << first_warning(t);
}
