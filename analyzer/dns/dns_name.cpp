#include "analyzer/dns/dns_name.hpp"

namespace pxescope {

DnsName read_dns_name(std::span<const std::uint8_t> m, std::uint32_t at) {
  DnsName name;
  std::uint32_t pos = at;
  bool jumped = false;
  auto append = [&name](char c) {
    if (name.length < sizeof name.text - 1) name.text[name.length++] = c;
  };
  // Each hop goes strictly backwards, so at most m.size() hops; the bound is a second guard.
  for (int hops = 0; hops < 256; ++hops) {
    if (pos >= m.size()) {
      name.error = "name runs past the end of the message";
      break;
    }
    const std::uint8_t len = m[pos];
    if ((len & 0xc0) == 0xc0) {
      if (pos + 1 >= m.size()) {
        name.error = "compression pointer cut short";
        break;
      }
      const std::uint32_t target = ((len & 0x3fu) << 8) | m[pos + 1];
      if (!jumped) name.wire_length = pos + 2 - at;
      if (target >= pos) {
        name.error = "compression pointer does not point backwards (a loop)";
        break;
      }
      jumped = true;
      pos = target;
      continue;
    }
    if (len & 0xc0) {
      name.error = "unknown label type (bits 01 or 10)";
      break;
    }
    if (len == 0) {
      if (!jumped) name.wire_length = pos + 1 - at;
      if (name.labels == 0) {
        constexpr std::string_view kRoot = "<Root>";
        for (char c : kRoot) append(c);
      }
      name.text[name.length] = 0;
      return name;
    }
    if (pos + 1 + len > m.size()) {
      name.error = "label runs past the end of the message";
      break;
    }
    if (name.labels) append('.');
    for (std::uint32_t i = 0; i < len; ++i) append(static_cast<char>(m[pos + 1 + i]));
    ++name.labels;
    if (name.length > 255) {
      name.error = "name longer than 255 bytes";
      break;
    }
    pos += 1 + len;
  }
  if (name.error.empty()) name.error = "too many compression pointers";
  if (!jumped)
    name.wire_length = static_cast<std::uint32_t>((pos < m.size() ? pos : m.size()) - at);
  name.text[name.length] = 0;
  return name;
}

}  // namespace pxescope
