// SHA-256 over a stream of bytes (nettle, the Debian library GnuTLS uses): the Export Objects
// list shows each file's hash without holding the file.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace pxescope {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256& other);
  Sha256& operator=(const Sha256& other);
  void update(std::span<const std::uint8_t> bytes);
  std::string hex() const;  // 64 lowercase hex digits of what was fed so far

 private:
  struct Context;
  std::unique_ptr<Context> ctx_;
};

// The hash of a file on disk (of its first `limit` bytes at most), "" when it cannot be read.
std::string sha256_of_file(const std::string& path, std::uint64_t limit = UINT64_MAX);

}  // namespace pxescope
