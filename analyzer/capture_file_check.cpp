#include "analyzer/capture_file_check.hpp"

#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

namespace pxescope {
namespace {

// The smallest capture header: a classic pcap file header (a pcapng section header is 28).
constexpr long long kSmallestCaptureHeader = 24;

std::string user_name(uid_t uid) {
  const passwd* pw = ::getpwuid(uid);
  return pw ? pw->pw_name : "uid " + std::to_string(uid);
}

std::string permission_problem(const std::string& shown_as, const struct stat& st) {
  char mode[8];
  std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
  return "cannot read " + shown_as + ": permission denied — it belongs to " + user_name(st.st_uid) +
         " (mode " + mode + ") and " + user_name(::geteuid()) +
         " may not read it; make it readable (sudo chmod a+r " + shown_as +
         ") or open a copy you own";
}

}  // namespace

std::string capture_file_problem(const std::string& shown_as, const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  if (S_ISDIR(st.st_mode))
    return "cannot read " + shown_as + ": it is a directory, not a capture file";
  if (!S_ISREG(st.st_mode)) return {};  // a device or pipe: only reading it tells
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno == EACCES || errno == EPERM ? permission_problem(shown_as, st) : "";
  ::close(fd);
  if (st.st_size == 0)
    return "cannot read " + shown_as +
           ": it is empty (0 bytes), not a capture — was the capture stopped before it wrote "
           "anything, or the copy cut short?";
  if (st.st_size < kSmallestCaptureHeader)
    return "cannot read " + shown_as + ": only " + std::to_string(st.st_size) +
           " bytes, too short for a capture (a pcap header alone is 24) — the file is cut short";
  return {};
}

}  // namespace pxescope
