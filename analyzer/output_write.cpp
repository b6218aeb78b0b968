#include "analyzer/output_write.hpp"

#include <unistd.h>

#include <cerrno>

namespace pxescope {

bool write_block(std::FILE* out, std::string_view bytes) {
  const int fd = fileno(out);
  if (fd < 0) return std::fwrite(bytes.data(), 1, bytes.size(), out) == bytes.size();
  if (std::fflush(out) != 0) return false;
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace pxescope
