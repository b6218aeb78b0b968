// Statistics ▸ Conversations against `tshark -q -z conv,ip -z conv,ipv6 -z conv,udp -z
// conv,tcp` on every capture of captures/: the same conversations, the same frames each way,
// the same bytes (in tshark's own rounding) and the same start and duration.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <map>
#include <sstream>

#include "analyzer/stats/capture_pass.hpp"
#include "analyzer/stats/conversations.hpp"
#include "test_captures.hpp"
#include "unit/packet_test_support.hpp"

using namespace pxescope;
using namespace pxescope::testing;

namespace {

// tshark's format_size (SI units, truncated): "3956 bytes", "123 kB", "14 MB".
std::string tshark_size(std::uint64_t n) {
  static const char* const kUnits[] = {"bytes", "kB", "MB", "GB", "TB"};
  int k = 0;
  std::uint64_t scaled = n;
  while (k < 4 && scaled / 1000 >= 10) {
    scaled /= 1000;
    ++k;
  }
  return std::to_string(scaled) + " " + kUnits[k];
}

struct Row {
  std::string a, b;
  std::uint64_t frames_ba = 0, frames_ab = 0;
  std::string bytes_ba, bytes_ab;
  double start = 0, duration = 0;
};

// Section title -> rows, from tshark's conversation tables.
std::map<std::string, std::vector<Row>> tshark_conversations(const std::string& path) {
  const std::string out = run_command(
      "tshark -q -r '" + path + "' -z conv,ip -z conv,ipv6 -z conv,udp -z conv,tcp 2>/dev/null");
  std::map<std::string, std::vector<Row>> sections;
  std::string section;
  for (const std::string& line : lines(out)) {
    if (line.find(" Conversations") != std::string::npos && line.find('|') == std::string::npos) {
      section = line.substr(0, line.find(' '));
      sections[section];
      continue;
    }
    if (line.find(" <-> ") == std::string::npos) continue;
    std::istringstream in(line);
    Row r;
    std::string arrow, unit_ba, unit_ab, bytes_ba, bytes_ab, total_frames, total_bytes, total_unit;
    in >> r.a >> arrow >> r.b >> r.frames_ba >> bytes_ba >> unit_ba >> r.frames_ab >> bytes_ab >>
        unit_ab >> total_frames >> total_bytes >> total_unit >> r.start >> r.duration;
    r.bytes_ba = bytes_ba + " " + unit_ba;
    r.bytes_ab = bytes_ab + " " + unit_ab;
    sections[section].push_back(r);
  }
  return sections;
}

std::string endpoint(const std::string& address, std::uint16_t port, bool ports) {
  return ports ? address + ":" + std::to_string(port) : address;
}

}  // namespace

TEST(Conversations, AgreeWithTsharkOnEveryCapture) {
  if (!have_tool("tshark")) GTEST_SKIP() << "tshark not installed";
  std::size_t compared = 0;
  for (const auto& path : test::project_captures()) {
    SCOPED_TRACE(path.string());
    // tshark drops the file's partial last record; pxescope decodes it (captures/README.md).
    if (path.filename() == "truncated-file.pcap") continue;
    ConversationTable table;
    std::string error;
    read_dissected_frames(
        path.string(), [&](const Frame& f, const FieldTree& t) { table.add(f, t); }, error);
    const auto expected = tshark_conversations(path.string());
    for (const ConversationKind kind : kConversationKinds) {
      const std::string name(conversation_kind_name(kind));
      SCOPED_TRACE(name);
      const bool ports = kind == ConversationKind::Udp || kind == ConversationKind::Tcp;
      const auto ours = table.list(kind);
      const auto it = expected.find(name);
      const std::vector<Row> none;
      const std::vector<Row>& theirs = it == expected.end() ? none : it->second;
      EXPECT_EQ(ours.size(), theirs.size());
      for (const Conversation& c : ours) {
        const std::string a = endpoint(c.address_a, c.port_a, ports);
        const std::string b = endpoint(c.address_b, c.port_b, ports);
        const auto row = std::find_if(theirs.begin(), theirs.end(), [&](const Row& r) {
          return (r.a == a && r.b == b) || (r.a == b && r.b == a);
        });
        if (row == theirs.end()) {
          ADD_FAILURE() << "tshark has no conversation " << a << " <-> " << b;
          continue;
        }
        // A is the first packet's sender for both; read tshark's row the other way if not.
        const bool same_way = row->a == a;
        EXPECT_EQ(c.packets_ab, same_way ? row->frames_ab : row->frames_ba) << a << " -> " << b;
        EXPECT_EQ(c.packets_ba, same_way ? row->frames_ba : row->frames_ab) << b << " -> " << a;
        EXPECT_EQ(tshark_size(c.bytes_ab), same_way ? row->bytes_ab : row->bytes_ba) << a;
        EXPECT_EQ(tshark_size(c.bytes_ba), same_way ? row->bytes_ba : row->bytes_ab) << b;
        EXPECT_EQ(row->a, a) << "A is the first sender";
        EXPECT_NEAR(c.start, row->start, 2e-6) << a << " <-> " << b;
        EXPECT_NEAR(c.duration, row->duration, 1e-4) << a << " <-> " << b;
        ++compared;
      }
    }
  }
  EXPECT_GT(compared, 100u);  // the comparison ran on real data
}

TEST(Conversations, CountsBothWaysOnAHandMadeExchange) {
  const std::uint32_t client = ip4(192, 168, 77, 100), server = ip4(192, 168, 77, 2);
  const std::vector<TestFrame> frames = {
      {ethernet(ipv4_udp(client, server, 50000, 69, Bytes(20, 1))), 0, 1700000000, 0},
      {ethernet(ipv4_udp(server, client, 40000, 50000, Bytes(100, 2))), 0, 1700000000, 500000},
      {ethernet(ipv4_udp(client, server, 50000, 40000, Bytes(4, 3))), 0, 1700000001, 0},
  };
  const auto path = std::filesystem::temp_directory_path() /
                    ("conversations-" + std::to_string(::getpid()) + ".pcap");
  write_pcap(path, 1, frames);
  ConversationTable table;
  std::string error;
  ASSERT_TRUE(read_dissected_frames(
      path.string(), [&](const Frame& f, const FieldTree& t) { table.add(f, t); }, error))
      << error;
  std::filesystem::remove(path);
  const auto ip = table.list(ConversationKind::Ipv4);
  ASSERT_EQ(ip.size(), 1u);
  EXPECT_EQ(ip[0].address_a, "192.168.77.100");
  EXPECT_EQ(ip[0].packets_ab, 2u);
  EXPECT_EQ(ip[0].packets_ba, 1u);
  EXPECT_EQ(ip[0].bytes_ba, frames[1].data.size());
  EXPECT_DOUBLE_EQ(ip[0].start, 0);
  EXPECT_NEAR(ip[0].duration, 1.0, 1e-9);
  const auto udp = table.list(ConversationKind::Udp);
  ASSERT_EQ(udp.size(), 2u);  // the request to 69, then the transfer's own ports
  EXPECT_EQ(udp[0].port_b, 69);
  EXPECT_EQ(udp[1].port_a, 40000);
  EXPECT_EQ(udp[1].packets_ab, 1u);
  EXPECT_EQ(udp[1].packets_ba, 1u);
  EXPECT_NEAR(udp[1].start, 0.5, 1e-9);
  EXPECT_TRUE(table.list(ConversationKind::Tcp).empty());
}
