// File ▸ Export Objects: the TFTP and HTTP files of the project's captures, byte for byte the
// ones `tshark --export-objects` writes (compared by sha256); saving writes those bytes; a
// crafted capture whose TFTP file names climb out ("../../x", "/etc/x", "..") is saved inside
// the chosen folder only; and the comparison with a TFTP root (same/different/missing/partial).
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <fstream>

#include "analyzer/stats/object_files.hpp"
#include "analyzer/stats/sha256.hpp"
#include "test_captures.hpp"
#include "unit/packet_test_support.hpp"

using namespace pxescope;
using namespace pxescope::testing;
namespace fs = std::filesystem;

namespace {

// A fresh, empty folder under the system's temp dir, removed by the destructor.
struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& tag) {
    path = fs::temp_directory_path() / ("gstats-" + tag + "-" + std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

std::vector<std::string> hashes_in(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir))
    out.push_back(sha256_of_file(e.path().string()));
  std::sort(out.begin(), out.end());
  return out;
}

// The complete objects' hashes: tshark exports a file once its last block / whole body is in.
std::vector<std::string> hashes_of(const std::vector<ExportedObject>& objects, ObjectProtocol p) {
  std::vector<std::string> out;
  for (const auto& o : objects)
    if (o.protocol == p && o.complete) out.push_back(o.sha256);
  std::sort(out.begin(), out.end());
  return out;
}

Bytes tftp_packet(std::uint16_t opcode, std::string_view text_or_empty, std::uint16_t block = 0,
                  const Bytes& data = {}) {
  Bytes b;
  put16(b, opcode);
  if (opcode == 1) {
    append(b, text_or_empty);
    b.push_back(0);
    append(b, std::string_view("octet"));
    b.push_back(0);
  } else {
    put16(b, block);
    append(b, data);
  }
  return b;
}

constexpr std::uint32_t kClient = ip4(192, 168, 77, 100), kServer = ip4(192, 168, 77, 2);

// One TFTP read of `name` from client port `port`: blocks of 512, the last one short (or, with
// `cut`, the transfer stops after the first full block).
void add_transfer(std::vector<TestFrame>& frames, std::string_view name, std::uint16_t port,
                  const Bytes& content, bool cut = false) {
  std::uint32_t t = static_cast<std::uint32_t>(frames.size());
  frames.push_back(
      {ethernet(ipv4_udp(kClient, kServer, port, 69, tftp_packet(1, name))), 0, 1700000000 + t, 0});
  const std::uint16_t server_port = static_cast<std::uint16_t>(port + 10000);
  for (std::size_t at = 0, block = 1;; at += 512, ++block) {
    const Bytes piece(
        content.begin() + static_cast<std::ptrdiff_t>(at),
        content.begin() + static_cast<std::ptrdiff_t>(std::min(content.size(), at + 512)));
    t = static_cast<std::uint32_t>(frames.size());
    frames.push_back(
        {ethernet(ipv4_udp(kServer, kClient, server_port, port,
                           tftp_packet(3, {}, static_cast<std::uint16_t>(block), piece))),
         0, 1700000000 + t, 0});
    frames.push_back({ethernet(ipv4_udp(kClient, kServer, port, server_port,
                                        tftp_packet(4, {}, static_cast<std::uint16_t>(block)))),
                      0, 1700000000 + t, 100});
    if (cut || piece.size() < 512) break;
  }
}

Bytes content_of(std::size_t n, std::uint8_t seed) {
  Bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(seed + i * 7);
  return b;
}

}  // namespace

// Our objects of one protocol against `tshark --export-objects`, compared by content (the
// names differ: tshark keeps duplicates apart its own way). Returns how many were compared.
std::size_t expect_tshark_bytes(const fs::path& path, ObjectProtocol protocol) {
  SCOPED_TRACE(path.string());
  const std::string kind = protocol == ObjectProtocol::Tftp ? "tftp" : "http";
  TempDir theirs("tshark-" + kind);
  run_command("tshark -q -r '" + path.string() + "' --export-objects " + kind + "," +
              theirs.path.string() + " 2>/dev/null");
  std::vector<ExportedObject> objects;
  std::string error;
  EXPECT_TRUE(list_objects(path.string(), objects, error)) << error;
  EXPECT_EQ(hashes_of(objects, protocol), hashes_in(theirs.path));
  for (const auto& o : objects) {
    EXPECT_EQ(o.sha256.size(), 64u);
    EXPECT_FALSE(o.name.empty());
    if (o.complete && o.announced_size >= 0) {
      EXPECT_EQ(o.size, static_cast<std::uint64_t>(o.announced_size)) << o.name;
    }
  }
  return objects.size();
}

TEST(ExportObjects, TftpFilesAreTsharksBytes) {
  if (!have_tool("tshark")) GTEST_SKIP() << "tshark not installed";
  std::size_t compared = 0;
  auto files = test::captures_in(test::project_captures_dir() / "real", false);
  for (const char* extra : {"generated/tftp-oack-error.pcap", "generated/tftp-ipv6.pcap",
                            "ipv6/ovmf-pxev6-fallback.pcap", "stories/bios-booted.pcap"})
    files.push_back(test::project_captures_dir() / extra);
  for (const auto& path : files) compared += expect_tshark_bytes(path, ObjectProtocol::Tftp);
  EXPECT_GE(compared, 6u);
}

TEST(ExportObjects, HttpBodiesAreTsharksBytes) {
  if (!have_tool("tshark")) GTEST_SKIP() << "tshark not installed";
  std::size_t compared = 0;
  for (const char* name :
       {"stories/bios-ipxe-http.pcap", "stories/http-booted.pcap", "stories/http-not-found.pcap",
        "stories/http-stalled.pcap", "stories/bios-ipxe-http-404.pcap", "tcp/dns-http.pcap"})
    compared += expect_tshark_bytes(test::project_captures_dir() / name, ObjectProtocol::Http);
  EXPECT_GE(compared, 5u);
}

TEST(ExportObjects, AStalledBodyIsListedIncomplete) {
  std::vector<ExportedObject> objects;
  std::string error;
  ASSERT_TRUE(list_objects(test::story_capture("http-stalled.pcap"), objects, error)) << error;
  const auto stalled = std::find_if(objects.begin(), objects.end(), [](const ExportedObject& o) {
    return o.protocol == ObjectProtocol::Http && !o.complete;
  });
  ASSERT_NE(stalled, objects.end());
  EXPECT_GT(stalled->announced_size, static_cast<std::int64_t>(stalled->size));
  EXPECT_GT(stalled->size, 0u);
}

TEST(ExportObjects, SavedFilesHoldTheListedBytes) {
  const std::string capture = test::story_capture("bios-ipxe-http.pcap");
  std::vector<ExportedObject> objects;
  std::string error;
  ASSERT_TRUE(list_objects(capture, objects, error)) << error;
  ASSERT_GE(objects.size(), 3u);
  TempDir dir("save");
  std::vector<SavedObject> saved;
  ASSERT_TRUE(save_objects(capture, {}, dir.path.string(), saved, error)) << error;
  ASSERT_EQ(saved.size(), objects.size());
  for (const SavedObject& s : saved) {
    EXPECT_TRUE(s.error.empty()) << s.error;
    EXPECT_EQ(fs::path(s.path).parent_path(), dir.path);
    EXPECT_EQ(sha256_of_file(s.path), objects[s.id].sha256) << s.path;
  }
  // Only the selected one, and a second save never overwrites the first.
  std::vector<SavedObject> again;
  ASSERT_TRUE(save_objects(capture, {objects[0].id}, dir.path.string(), again, error)) << error;
  ASSERT_EQ(again.size(), 1u);
  EXPECT_NE(again[0].path, saved[0].path);
  EXPECT_EQ(sha256_of_file(again[0].path), objects[0].sha256);
}

TEST(ExportObjects, NamesThatClimbOutAreSavedInsideTheFolder) {
  const Bytes secret = content_of(700, 3);
  std::vector<TestFrame> frames;
  add_transfer(frames, "../../../../../tmp/gstats-evil", 50001, secret);
  add_transfer(frames, "/etc/passwd", 50002, content_of(10, 5));
  add_transfer(frames, "..", 50003, content_of(20, 9));
  add_transfer(frames, "boot\\..\\..\\win.ini", 50004, content_of(30, 1));
  TempDir dir("traversal");
  const fs::path capture = dir.path / "crafted.pcap";
  write_pcap(capture, 1, frames);
  const fs::path out = dir.path / "out";
  fs::create_directories(out);
  std::vector<SavedObject> saved;
  std::string error;
  ASSERT_TRUE(save_objects(capture.string(), {}, out.string(), saved, error)) << error;
  ASSERT_EQ(saved.size(), 4u);
  std::vector<std::string> names;
  for (const SavedObject& s : saved) {
    EXPECT_TRUE(s.error.empty()) << s.error;
    EXPECT_EQ(fs::path(s.path).parent_path(), out) << s.path;
    names.push_back(fs::path(s.path).filename().string());
  }
  EXPECT_EQ(names, (std::vector<std::string>{"gstats-evil", "passwd", "tftp-object-2", "win.ini"}));
  EXPECT_FALSE(fs::exists("/tmp/gstats-evil"));
  std::size_t files = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir.path)) files += e.is_regular_file();
  EXPECT_EQ(files, 5u);  // the capture and the four objects, nothing elsewhere
  EXPECT_EQ(sha256_of_file(saved[0].path), [&] {
    Sha256 h;
    h.update(secret);
    return h.hex();
  }());
}

TEST(ExportObjects, SafeNamesAreOneComponent) {
  EXPECT_EQ(safe_object_file_name("pxelinux.cfg/default", "x"), "default");
  EXPECT_EQ(safe_object_file_name("/boot/x.efi?a=1#f", "x"), "x.efi");
  EXPECT_EQ(safe_object_file_name("http://h/dir/", "fallback"), "fallback");
  EXPECT_EQ(safe_object_file_name("..", "fallback"), "fallback");
  EXPECT_EQ(safe_object_file_name(".hidden", "x"), "hidden");
  EXPECT_EQ(safe_object_file_name("a b\x01\xff;c", "x"), "a_b___c");
  EXPECT_EQ(safe_object_file_name(std::string(500, 'a'), "x").size(), 200u);
}

TEST(ExportObjects, ComparedWithATftpRoot) {
  const Bytes same = content_of(1000, 1), served = content_of(600, 2);
  std::vector<TestFrame> frames;
  add_transfer(frames, "same.bin", 50001, same);
  add_transfer(frames, "/boot/changed.bin", 50002, content_of(600, 7));
  add_transfer(frames, "missing.bin", 50003, content_of(40, 3));
  add_transfer(frames, "partial.bin", 50004, served, /*cut=*/true);
  add_transfer(frames, "../outside.bin", 50005, content_of(40, 3));
  TempDir dir("root");
  const fs::path capture = dir.path / "crafted.pcap";
  write_pcap(capture, 1, frames);
  const fs::path root = dir.path / "root";
  fs::create_directories(root / "boot");
  const auto write = [](const fs::path& p, const Bytes& b) {
    std::ofstream(p, std::ios::binary)
        .write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
  };
  write(root / "same.bin", same);
  write(root / "boot" / "changed.bin", served);
  write(root / "partial.bin", served);
  write(dir.path / "outside.bin", content_of(40, 3));
  std::vector<ExportedObject> objects;
  std::string error;
  ASSERT_TRUE(list_objects(capture.string(), objects, error)) << error;
  ASSERT_EQ(objects.size(), 5u);
  EXPECT_FALSE(objects[3].complete);
  EXPECT_EQ(objects[3].size, 512u);
  std::vector<std::string> got;
  for (const auto& o : objects)
    got.emplace_back(root_match_name(compare_with_root(o, root.string())));
  EXPECT_EQ(got, (std::vector<std::string>{"same", "different", "missing", "partial",
                                           "outside the root"}));
}
