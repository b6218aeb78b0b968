#include "responder/tftp/tftp_netascii.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace pxescope::tftp {

std::string to_netascii(std::string_view octets) {
  std::string out;
  out.reserve(octets.size() + octets.size() / 16);
  for (const char c : octets) {
    if (c == '\n') {
      out += "\r\n";
    } else if (c == '\r') {
      out += '\r';
      out += '\0';
    } else {
      out += c;
    }
  }
  return out;
}

NetasciiCopy netascii_copy(int file_fd, uint64_t size) {
  NetasciiCopy copy;
  if (size > kMaxNetasciiSource) {
    copy.error = "netascii is for text files up to " + std::to_string(kMaxNetasciiSource >> 20) +
                 " MiB; request this file in octet (binary) mode";
    return copy;
  }
  std::string octets(size, '\0');
  for (uint64_t done = 0; done < size;) {
    const ssize_t got = pread(file_fd, octets.data() + done, size - done, static_cast<off_t>(done));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      copy.error = "cannot read the file for netascii";
      return copy;
    }
    done += static_cast<uint64_t>(got);
  }
  const std::string converted = to_netascii(octets);
  const int fd = memfd_create("pxescope-tftp-netascii", MFD_CLOEXEC);
  if (fd < 0) {
    copy.error = std::string("cannot convert to netascii: ") + std::strerror(errno);
    return copy;
  }
  for (size_t done = 0; done < converted.size();) {
    const ssize_t put = write(fd, converted.data() + done, converted.size() - done);
    if (put < 0 && errno == EINTR) continue;
    if (put <= 0) {
      copy.error = std::string("cannot convert to netascii: ") + std::strerror(errno);
      close(fd);
      return copy;
    }
    done += static_cast<size_t>(put);
  }
  copy.fd = fd;
  copy.size = converted.size();
  return copy;
}

}  // namespace pxescope::tftp
