// netascii (RFC 1350 via RFC 764): the file as the client's terminal would want it, LF -> CR LF
// and a bare CR -> CR NUL. The transfer code sends octets from a file descriptor, so a netascii
// request is served from an in-memory copy (memfd) holding the converted bytes; tsize and the
// block count are those of the converted form.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace pxescope::tftp {

// netascii is for text: larger files are refused (ERROR 0: ask for octet instead).
inline constexpr uint64_t kMaxNetasciiSource = 16u << 20;

std::string to_netascii(std::string_view octets);

struct NetasciiCopy {
  int fd = -1;  // memfd with the converted bytes (owned by the caller); -1 on failure
  uint64_t size = 0;
  std::string error;  // one line, for the client's ERROR and the log
};

// Reads the `size` bytes of `file_fd` and returns a descriptor with their netascii form.
NetasciiCopy netascii_copy(int file_fd, uint64_t size);

}  // namespace pxescope::tftp
