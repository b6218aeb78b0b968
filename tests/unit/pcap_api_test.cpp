// pcap_api: libpcap is loaded at run time, and the pxescope binary does not need it (nor the
// shared libstdc++ it links statically): that is what keeps `pxescope respond` small.
#include "analyzer/pcap_api.hpp"

#include <elf.h>
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "analyzer/capture_reader.hpp"
#include "tests/test_captures.hpp"

using namespace pxescope;

namespace {

// DT_NEEDED entries of a 64-bit ELF file, read through its section headers; empty (with a
// failure recorded) when the file is not what we expect.
std::vector<std::string> needed_libraries(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  const std::vector<char> bytes{std::istreambuf_iterator<char>(in), {}};
  std::vector<std::string> needed;
  Elf64_Ehdr header{};
  if (bytes.size() < sizeof header) {
    ADD_FAILURE() << path << ": not readable";
    return needed;
  }
  std::memcpy(&header, bytes.data(), sizeof header);
  if (std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0 || header.e_ident[EI_CLASS] != ELFCLASS64 ||
      header.e_shoff + std::uint64_t{header.e_shnum} * sizeof(Elf64_Shdr) > bytes.size()) {
    ADD_FAILURE() << path << ": not a 64-bit ELF file";
    return needed;
  }
  auto section = [&](std::size_t i) {
    Elf64_Shdr s{};
    std::memcpy(&s, bytes.data() + header.e_shoff + i * sizeof s, sizeof s);
    return s;
  };
  for (std::size_t i = 0; i < header.e_shnum; ++i) {
    const Elf64_Shdr dynamic = section(i);
    if (dynamic.sh_type != SHT_DYNAMIC || dynamic.sh_link >= header.e_shnum) continue;
    const Elf64_Shdr strings = section(dynamic.sh_link);
    for (std::uint64_t at = dynamic.sh_offset;
         at + sizeof(Elf64_Dyn) <= dynamic.sh_offset + dynamic.sh_size &&
         at + sizeof(Elf64_Dyn) <= bytes.size();
         at += sizeof(Elf64_Dyn)) {
      Elf64_Dyn entry{};
      std::memcpy(&entry, bytes.data() + at, sizeof entry);
      if (entry.d_tag == DT_NULL) break;
      const std::uint64_t name = strings.sh_offset + entry.d_un.d_val;
      if (entry.d_tag == DT_NEEDED && name < bytes.size())
        needed.emplace_back(bytes.data() + name, strnlen(bytes.data() + name, bytes.size() - name));
    }
  }
  return needed;
}

}  // namespace

TEST(PcapApi, ResolvesEveryFunction) {
  std::string error;
  const PcapApi* api = pcap_api(error);
  ASSERT_NE(api, nullptr) << error;
  EXPECT_TRUE(error.empty());
#define PXESCOPE_EXPECT_RESOLVED(name) EXPECT_NE(api->name, nullptr) << #name;
  PXESCOPE_PCAP_FUNCTIONS(PXESCOPE_EXPECT_RESOLVED)
#undef PXESCOPE_EXPECT_RESOLVED
  EXPECT_EQ(pcap_api(error), api) << "loaded once, the same table afterwards";
}

TEST(PcapApi, ReadsACaptureThroughTheLoadedLibrary) {
  CaptureReader reader;
  ASSERT_TRUE(reader.open_file(pxescope::test::real_capture("seabios-ipxe-proxydhcp.pcap")))
      << reader.error();
  EXPECT_EQ(reader.link_type(), static_cast<std::uint32_t>(DLT_EN10MB));
  Frame frame;
  ASSERT_TRUE(reader.next(frame));
  EXPECT_EQ(frame.index, 1u);
  EXPECT_GE(frame.data.size(), 14u);
}

TEST(PcapApi, PxescopeBinaryNeedsNeitherLibpcapNorSharedLibstdcxx) {
  const std::vector<std::string> needed = needed_libraries(PXESCOPE_BIN_DIR "/pxescope");
  ASSERT_FALSE(needed.empty());
  bool libc = false;
  for (const std::string& library : needed) {
    libc = libc || library.starts_with("libc.so");
    EXPECT_FALSE(library.starts_with("libpcap")) << "libpcap must be loaded lazily (pcap_api)";
    EXPECT_FALSE(library.starts_with("libstdc++"))
        << "pxescope links libstdc++ statically (cli/CMakeLists.txt)";
    EXPECT_FALSE(library.starts_with("libtins"))
        << "a C++ shared library would bring a second libstdc++ beside the static one";
  }
  EXPECT_TRUE(libc);
}
