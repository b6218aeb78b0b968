#include "analyzer/stats/sha256.hpp"

#include <nettle/sha2.h>

#include <algorithm>
#include <cstdio>

namespace pxescope {

struct Sha256::Context {
  sha256_ctx ctx;
};

Sha256::Sha256() : ctx_(std::make_unique<Context>()) {
  sha256_init(&ctx_->ctx);
}
Sha256::~Sha256() = default;
Sha256::Sha256(const Sha256& other) : ctx_(std::make_unique<Context>(*other.ctx_)) {}
Sha256& Sha256::operator=(const Sha256& other) {
  *ctx_ = *other.ctx_;
  return *this;
}

void Sha256::update(std::span<const std::uint8_t> bytes) {
  sha256_update(&ctx_->ctx, bytes.size(), bytes.data());
}

std::string Sha256::hex() const {
  sha256_ctx copy = ctx_->ctx;  // digest() resets the context: keep ours going
  std::uint8_t digest[SHA256_DIGEST_SIZE];
  sha256_digest(&copy, sizeof digest, digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::uint8_t b : digest) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

std::string sha256_of_file(const std::string& path, std::uint64_t limit) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return {};
  Sha256 hash;
  std::uint8_t buffer[65536];
  for (std::size_t n;
       limit > 0 &&
       (n = std::fread(buffer, 1, std::min<std::uint64_t>(sizeof buffer, limit), f)) > 0;) {
    hash.update({buffer, n});
    limit -= n;
  }
  const bool ok = !std::ferror(f);
  std::fclose(f);
  return ok ? hash.hex() : std::string();
}

}  // namespace pxescope
