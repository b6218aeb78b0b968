// pxescope's own words for a file that cannot be a capture (empty, cut short, a directory,
// not readable), the same through CaptureReader as from capture_file_problem().
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "analyzer/capture_file_check.hpp"
#include "analyzer/capture_reader.hpp"

using namespace pxescope;
namespace fs = std::filesystem;

namespace {

const std::string kReal = PXESCOPE_SOURCE_DIR "/captures/real/seabios-ipxe-proxydhcp.pcap";

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("pxescope-file-check-" + std::to_string(::getpid()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
  std::string write(const std::string& name, const std::string& bytes) const {
    std::ofstream(path / name, std::ios::binary) << bytes;
    return (path / name).string();
  }
};

std::string reader_error(const std::string& path) {
  CaptureReader reader;
  EXPECT_FALSE(reader.open_file(path)) << path;
  return reader.error();
}

}  // namespace

TEST(CaptureFileCheck, AnEmptyFileSaysSoNotLibpcapsHeaderBytes) {
  TempDir dir;
  const std::string empty = dir.write("empty.pcap", "");
  const std::string problem = capture_file_problem(empty, empty);
  EXPECT_EQ(problem.rfind("cannot read " + empty + ": it is empty (0 bytes), not a capture", 0), 0u)
      << problem;
  EXPECT_EQ(reader_error(empty), problem);
  EXPECT_EQ(problem.find("dump file"), std::string::npos);
  EXPECT_EQ(problem.find('\n'), std::string::npos);
}

TEST(CaptureFileCheck, AFileShorterThanAHeaderIsCutShort) {
  TempDir dir;
  const std::string short_file = dir.write("short.pcap", std::string("\xd4\xc3\xb2\xa1\x02", 5));
  const std::string problem = reader_error(short_file);
  EXPECT_NE(problem.find("only 5 bytes, too short for a capture"), std::string::npos) << problem;
  EXPECT_EQ(problem, capture_file_problem(short_file, short_file));
}

TEST(CaptureFileCheck, ADirectoryIsNotACaptureFile) {
  TempDir dir;
  const std::string problem = reader_error(dir.path.string());
  EXPECT_EQ(problem,
            "cannot read " + dir.path.string() + ": it is a directory, not a capture file");
}

TEST(CaptureFileCheck, AFileThisUserMayNotReadNamesOwnerModeAndFix) {
  TempDir dir;
  const std::string locked = dir.write("locked.pcap", std::string(100, 'x'));
  fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_write);
  auto check = [&] {
    const std::string problem = reader_error(locked);
    return problem.find("cannot read " + locked + ": permission denied") == 0 &&
           problem.find("(mode 0600)") != std::string::npos &&
           problem.find("chmod a+r " + locked) != std::string::npos &&
           problem == capture_file_problem(locked, locked);
  };
  if (::geteuid() != 0) {
    EXPECT_TRUE(check()) << reader_error(locked);
    return;
  }
  // root reads everything: check as an unprivileged user in a child.
  fs::permissions(dir.path, fs::perms::owner_all | fs::perms::others_exec);
  const pid_t child = ::fork();
  if (child == 0) {
    if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(3);
    ::_exit(check() ? 0 : 1);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
      << "as nobody: " << (WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

TEST(CaptureFileCheck, ARealCaptureAndAMissingFileAreLeftToTheReaders) {
  EXPECT_EQ(capture_file_problem(kReal, kReal), "");
  CaptureReader reader;
  EXPECT_TRUE(reader.open_file(kReal)) << reader.error();
  EXPECT_EQ(capture_file_problem("missing", "/nonexistent/missing.pcap"), "");
}
