#include "analyzer/seekable_input.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace pxescope {
namespace {

// Copies everything `from` still has into `to`; false with errno set on a read/write error.
bool copy_stream(int from, int to) {
  std::vector<char> buffer(256 * 1024);
  for (;;) {
    const ssize_t got = ::read(from, buffer.data(), buffer.size());
    if (got == 0) return true;
    if (got < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    for (ssize_t done = 0; done < got;) {
      const ssize_t put = ::write(to, buffer.data() + done, static_cast<std::size_t>(got - done));
      if (put < 0 && errno != EINTR) return false;
      if (put > 0) done += put;
    }
  }
}

}  // namespace

SeekableInput::~SeekableInput() {
  if (memory_fd_ >= 0) ::close(memory_fd_);
}

bool SeekableInput::open(const std::string& path, std::string& error) {
  const bool is_stdin = path == "-";
  struct stat st {};
  if (!is_stdin && (::stat(path.c_str(), &st) != 0 || S_ISREG(st.st_mode))) {
    path_ = path;  // a regular file, or one that does not open: libpcap names the problem
    return true;
  }
  const int from = is_stdin ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (from < 0) {
    error = "cannot read " + path + ": " + std::strerror(errno);
    return false;
  }
  memory_fd_ = ::memfd_create("pxescope-capture", MFD_CLOEXEC);
  const bool copied = memory_fd_ >= 0 && copy_stream(from, memory_fd_);
  const int copy_errno = errno;
  if (!is_stdin) ::close(from);
  if (!copied) {
    error = "cannot read " + path + ": " + std::strerror(copy_errno);
    return false;
  }
  path_ = "/proc/self/fd/" + std::to_string(memory_fd_);
  return true;
}

}  // namespace pxescope
