// CaptureReader: pcap/pcapng files, ns timestamps, truncated and unreadable files.
#include "analyzer/capture_reader.hpp"

#include <pcap/pcap.h>

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "tests/private_netns_names.hpp"  // named namespaces vanish with this process
#include "unit/packet_test_support.hpp"

namespace fs = std::filesystem;
using namespace pxescope;
using namespace pxescope::testing;

namespace {

fs::path temp_dir() {
  const fs::path dir =
      fs::temp_directory_path() / ("pxescope-capture-test-" + std::to_string(getpid()));
  fs::create_directories(dir);
  return dir;
}

std::uint64_t count_frames(CaptureReader& reader) {
  Frame frame;
  std::uint64_t n = 0;
  while (reader.next(frame)) ++n;
  return n;
}

// Minimal pcapng: section header, one interface (if_tsresol = 9: ns), enhanced packets.
void write_pcapng(const fs::path& path, std::uint32_t dlt, const Bytes& packet,
                  std::uint64_t ts_ns) {
  std::ofstream f(path, std::ios::binary);
  auto le32 = [&f](std::uint32_t v) { f.write(reinterpret_cast<const char*>(&v), 4); };
  auto le16 = [&f](std::uint16_t v) { f.write(reinterpret_cast<const char*>(&v), 2); };
  le32(0x0a0d0d0a);
  le32(28);
  le32(0x1a2b3c4d);
  le16(1);
  le16(0);
  le32(0xffffffff);
  le32(0xffffffff);
  le32(28);
  le32(1);
  le32(28);
  le16(static_cast<std::uint16_t>(dlt));
  le16(0);
  le32(65535);
  le16(9);
  le16(1);
  f.put(9);
  f.put(0);
  f.put(0);
  f.put(0);  // if_tsresol: 10^-9
  le32(28);
  const std::uint32_t padded = static_cast<std::uint32_t>((packet.size() + 3) & ~std::size_t{3});
  const std::uint32_t total = 32 + padded;
  le32(6);
  le32(total);
  le32(0);
  le32(static_cast<std::uint32_t>(ts_ns >> 32));
  le32(static_cast<std::uint32_t>(ts_ns));
  le32(static_cast<std::uint32_t>(packet.size()));
  le32(static_cast<std::uint32_t>(packet.size()));
  f.write(reinterpret_cast<const char*>(packet.data()),
          static_cast<std::streamsize>(packet.size()));
  for (std::size_t i = packet.size(); i < padded; ++i) f.put(0);
  le32(total);
}

}  // namespace

TEST(CaptureReader, ReadsEveryRealCaptureWithCapinfosFrameCount) {
  if (!have_tool("capinfos")) GTEST_SKIP() << "capinfos (wireshark-common) not installed";
  const auto files = firmware_captures();
  ASSERT_GE(files.size(), 6u);
  for (const auto& path : files) {
    const std::string expected =
        run_command("capinfos -c -M " + path.string() +
                    " | awk -F: '/Number of packets/{gsub(/ /,\"\",$2); print $2}'");
    CaptureReader reader;
    ASSERT_TRUE(reader.open_file(path.string())) << reader.error();
    EXPECT_EQ(reader.link_type(), 1u) << path;
    EXPECT_EQ(std::to_string(count_frames(reader)) + "\n", expected) << path;
    EXPECT_FALSE(reader.truncated()) << path;
    EXPECT_TRUE(reader.error().empty()) << reader.error();
  }
}

TEST(CaptureReader, TimestampsMatchTshark) {
  if (!have_tool("tshark")) GTEST_SKIP() << "tshark not installed";
  const std::string path = pxescope::test::real_capture("ovmf-edk2-proxydhcp.pcap");
  const auto expected = lines(run_command(
      "tshark -r " + path +
      " -T fields -e frame.number -e frame.time_epoch -e frame.len -e frame.cap_len 2>/dev/null"));
  CaptureReader reader;
  ASSERT_TRUE(reader.open_file(path)) << reader.error();
  Frame frame;
  std::size_t i = 0;
  while (reader.next(frame)) {
    ASSERT_LT(i, expected.size());
    const auto cols = split(expected[i++], '\t');
    ASSERT_EQ(cols.size(), 4u);
    EXPECT_EQ(std::to_string(frame.index), cols[0]);
    char ts[64];
    std::snprintf(ts, sizeof ts, "%lld.%09u", static_cast<long long>(frame.ts_sec), frame.ts_nsec);
    EXPECT_EQ(ts, cols[1]) << "frame " << frame.index;
    EXPECT_EQ(std::to_string(frame.original_length), cols[2]);
    EXPECT_EQ(std::to_string(frame.data.size()), cols[3]);
  }
  EXPECT_EQ(i, expected.size());
}

TEST(CaptureReader, KeepsNanosecondsAndScalesMicroseconds) {
  const fs::path dir = temp_dir();
  const Bytes packet = ethernet(ipv4_udp(0, ip4(255, 255, 255, 255), 68, 67, pxe_discover()));
  write_pcap(dir / "ns.pcap", 1, {{packet, 0, 1700000001, 123456789}}, true);
  write_pcap(dir / "us.pcap", 1, {{packet, 0, 1700000002, 654321}}, false);
  write_pcapng(dir / "ns.pcapng", 276, linux_sll2(ipv4_udp(1, 2, 68, 67, pxe_discover())),
               1700000003ull * 1000000000ull + 987654321ull);
  Frame frame;
  CaptureReader ns;
  ASSERT_TRUE(ns.open_file((dir / "ns.pcap").string())) << ns.error();
  ASSERT_TRUE(ns.next(frame));
  EXPECT_EQ(frame.ts_sec, 1700000001);
  EXPECT_EQ(frame.ts_nsec, 123456789u);
  EXPECT_EQ(frame.index, 1u);
  EXPECT_EQ(frame.data.size(), packet.size());
  EXPECT_FALSE(ns.next(frame));

  CaptureReader us;
  ASSERT_TRUE(us.open_file((dir / "us.pcap").string())) << us.error();
  ASSERT_TRUE(us.next(frame));
  EXPECT_EQ(frame.ts_sec, 1700000002);
  EXPECT_EQ(frame.ts_nsec, 654321000u);

  CaptureReader png;
  ASSERT_TRUE(png.open_file((dir / "ns.pcapng").string())) << png.error();
  EXPECT_EQ(png.link_type(), 276u);
  ASSERT_TRUE(png.next(frame));
  EXPECT_EQ(frame.link_type, 276u);
  EXPECT_EQ(frame.ts_sec, 1700000003);
  EXPECT_EQ(frame.ts_nsec, 987654321u);
  EXPECT_EQ(png.frames_read(), 1u);
  fs::remove_all(dir);
}

TEST(CaptureReader, TruncatedFileKeepsFramesReadSoFar) {
  const std::string source = pxescope::test::real_capture("ovmf-edk2-proxydhcp.pcap");
  const fs::path dir = temp_dir();
  const fs::path cut = dir / "cut.pcap";
  // Cut in the middle of a record: header (24) + some records + part of the next one.
  std::ifstream in(source, std::ios::binary);
  std::vector<char> all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_GT(all.size(), 5000u);
  std::ofstream(cut, std::ios::binary)
      .write(all.data(), static_cast<std::streamsize>(all.size() / 2));

  CaptureReader whole;
  ASSERT_TRUE(whole.open_file(source));
  const std::uint64_t total = count_frames(whole);

  CaptureReader reader;
  ASSERT_TRUE(reader.open_file(cut.string())) << reader.error();
  const std::uint64_t read = count_frames(reader);
  EXPECT_GT(read, 0u);
  EXPECT_LT(read, total);
  EXPECT_EQ(reader.frames_read(), read);
  EXPECT_TRUE(reader.truncated());
  EXPECT_NE(reader.error().find("truncated"), std::string::npos) << reader.error();
  EXPECT_NE(reader.error().find(cut.string()), std::string::npos) << reader.error();
  EXPECT_EQ(reader.error().find('\n'), std::string::npos);
  fs::remove_all(dir);
}

TEST(CaptureReader, PartialLastRecordIsHandedOutCut) {
  const fs::path dir = temp_dir();
  const Bytes first = ethernet(ipv4_udp(0, ip4(255, 255, 255, 255), 68, 67, pxe_discover(1)));
  const Bytes second = ethernet(ipv4_udp(0, ip4(255, 255, 255, 255), 68, 67, pxe_discover(2)));
  for (const bool nano : {false, true}) {
    const fs::path path = dir / (nano ? "cut-ns.pcap" : "cut-us.pcap");
    write_pcap(path, 1, {{first, 0, 1700000000, 5}, {second, 0, 1700000001, 7}}, nano);
    // Keep the second record's header and 100 bytes of its data.
    fs::resize_file(path, 24 + 16 + first.size() + 16 + 100);
    CaptureReader reader;
    ASSERT_TRUE(reader.open_file(path.string())) << reader.error();
    Frame frame;
    ASSERT_TRUE(reader.next(frame));
    EXPECT_FALSE(frame.cut_by_file_end);
    ASSERT_TRUE(reader.next(frame)) << reader.error();
    EXPECT_EQ(frame.index, 2u);
    EXPECT_TRUE(frame.cut_by_file_end);
    EXPECT_EQ(frame.data.size(), 100u);
    EXPECT_EQ(frame.original_length, second.size());
    EXPECT_EQ(frame.ts_sec, 1700000001);
    EXPECT_EQ(frame.ts_nsec, nano ? 7u : 7000u);
    EXPECT_TRUE(std::equal(frame.data.begin(), frame.data.end(), second.begin()));
    EXPECT_TRUE(reader.truncated());
    EXPECT_NE(reader.error().find("truncated inside frame 2"), std::string::npos) << reader.error();
    EXPECT_FALSE(reader.next(frame));
    EXPECT_EQ(reader.frames_read(), 2u);

    // After a seek back to the record (how the GUI fetches a frame again), the same bytes.
    std::FILE* file = pcap_file(static_cast<pcap_t*>(reader.pcap_handle()));
    ASSERT_NE(file, nullptr);
    ASSERT_EQ(std::fseek(file, static_cast<long>(24 + 16 + first.size()), SEEK_SET), 0);
    ASSERT_TRUE(reader.next(frame)) << reader.error();
    EXPECT_TRUE(frame.cut_by_file_end);
    EXPECT_EQ(frame.data.size(), 100u);
    EXPECT_TRUE(std::equal(frame.data.begin(), frame.data.end(), second.begin()));
  }
  fs::remove_all(dir);
}

TEST(CaptureReader, UnreadableInputIsOneLineNamingTheFile) {
  const fs::path dir = temp_dir();
  CaptureReader reader;
  const std::string missing = (dir / "no-such.pcap").string();
  EXPECT_FALSE(reader.open_file(missing));
  EXPECT_NE(reader.error().find(missing), std::string::npos) << reader.error();
  EXPECT_NE(reader.error().find("No such file"), std::string::npos) << reader.error();
  EXPECT_EQ(reader.error().find('\n'), std::string::npos);
  Frame frame;
  EXPECT_FALSE(reader.next(frame));

  const fs::path text = dir / "notes.txt";
  std::ofstream(text) << "this is not a capture file, just some text long enough\n";
  EXPECT_FALSE(reader.open_file(text.string()));
  EXPECT_NE(reader.error().find(text.string()), std::string::npos) << reader.error();
  EXPECT_NE(reader.error().find("not a pcap or pcapng"), std::string::npos) << reader.error();
  EXPECT_EQ(reader.error().find('\n'), std::string::npos);
  fs::remove_all(dir);
}

TEST(CaptureReader, LiveOnMissingInterfaceSaysSo) {
  CaptureReader reader;
  EXPECT_FALSE(reader.open_live("pxescope-nosuch0"));
  EXPECT_NE(reader.error().find("pxescope-nosuch0"), std::string::npos) << reader.error();
  EXPECT_EQ(reader.error().find('\n'), std::string::npos);
  EXPECT_STREQ(CaptureReader::default_live_filter(), "udp port 67 or 68 or 4011 or 69");
}

// Live capture inside a network namespace this test creates (a veth pair, never a real
// interface): the default filter keeps DHCP and drops other UDP, timeouts and
// break_loop() return promptly.
namespace {

struct NetnsFixture {
  std::string name = "pxescope-cap-" + std::to_string(getpid());
  int original = -1;
  bool ok = false;
  std::string why;

  NetnsFixture() {
    if (geteuid() != 0) {
      why = "needs root to create a network namespace";
      return;
    }
    if (!have_tool("ip")) {
      why = "iproute2 (ip) not installed";
      return;
    }
    const std::string setup = "ip netns add " + name + " && ip -n " + name +
                              " link add pxa type veth peer name pxb && ip -n " + name +
                              " link set pxa up && ip -n " + name + " link set pxb up && ip -n " +
                              name + " addr add 10.77.0.1/24 dev pxa 2>&1";
    if (std::system(setup.c_str()) != 0) {
      why = "could not create a network namespace with a veth pair";
      return;
    }
    original = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    const int target = open(("/var/run/netns/" + name).c_str(), O_RDONLY | O_CLOEXEC);
    ok = original >= 0 && target >= 0 && setns(target, CLONE_NEWNET) == 0;
    if (target >= 0) close(target);
    if (!ok) why = "setns into the test namespace failed";
  }
  ~NetnsFixture() {
    if (original >= 0) {
      setns(original, CLONE_NEWNET);
      close(original);
    }
    std::system(("ip netns del " + name + " 2>/dev/null").c_str());
  }
};

void send_udp(std::uint16_t port, const Bytes& payload) {
  const int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(s, 0);
  const int one = 1;
  setsockopt(s, SOL_SOCKET, SO_BROADCAST, &one, sizeof one);
  setsockopt(s, SOL_SOCKET, SO_BINDTODEVICE, "pxa", 4);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  to.sin_addr.s_addr = htonl(0x0a4d00ff);  // 10.77.0.255: out through pxa, seen on pxb
  EXPECT_EQ(
      sendto(s, payload.data(), payload.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to),
      static_cast<ssize_t>(payload.size()));
  close(s);
}

}  // namespace

TEST(CaptureReader, LiveCaptureInANetworkNamespace) {
  NetnsFixture ns;
  if (!ns.ok) GTEST_SKIP() << ns.why;
  CaptureReader reader;
  ASSERT_TRUE(reader.open_live("pxb")) << reader.error();
  EXPECT_EQ(reader.link_type(), 1u);
  Frame frame;
  EXPECT_FALSE(reader.next(frame, 50));
  EXPECT_TRUE(reader.timed_out());

  send_udp(5353, Bytes(20, 1));  // filtered out by the default filter
  const Bytes dhcp = pxe_discover(0x0badcafe);
  send_udp(67, dhcp);
  bool got = false;
  for (int i = 0; i < 40 && !got; ++i) {  // bounded: 40 x 50 ms
    if (!reader.next(frame, 50)) continue;
    got = true;
    EXPECT_EQ(frame.link_type, 1u);
    EXPECT_EQ(frame.index, 1u);
    ASSERT_EQ(frame.data.size(), 42u + dhcp.size());
    EXPECT_EQ(frame.data[36], 0);  // UDP destination port 67
    EXPECT_EQ(frame.data[37], 67);
    EXPECT_GT(frame.ts_sec, 1600000000);
  }
  EXPECT_TRUE(got);
  EXPECT_EQ(reader.frames_read(), 1u);

  reader.break_loop();
  EXPECT_FALSE(reader.next(frame, 5000));  // returns at once after break_loop()
  EXPECT_TRUE(reader.error().empty()) << reader.error();
}

TEST(CaptureReader, MissingPrivilegeNamesTheSetcapCommand) {
  NetnsFixture ns;
  if (!ns.ok) GTEST_SKIP() << ns.why;
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // An unprivileged user (nobody) has no CAP_NET_RAW.
    close(pipe_fds[0]);
    if (setgid(65534) != 0 || setuid(65534) != 0) _exit(3);
    CaptureReader reader;
    const bool opened = reader.open_live("pxb");
    const std::string& e = reader.error();
    if (write(pipe_fds[1], e.data(), e.size()) < 0) _exit(4);
    _exit(opened ? 1 : 0);
  }
  close(pipe_fds[1]);
  std::string message;
  char buf[512];
  ssize_t n;
  while ((n = read(pipe_fds[0], buf, sizeof buf)) > 0)
    message.append(buf, static_cast<std::size_t>(n));
  close(pipe_fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_NE(WEXITSTATUS(status), 3) << "could not drop privileges";
  EXPECT_EQ(WEXITSTATUS(status), 0) << "capture opened without privilege";
  EXPECT_NE(message.find("sudo setcap cap_net_raw,cap_net_admin=eip $(command -v pxescope)"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("pxb"), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos);
}
