// node_text(): a node's stored line, or its default text made now (field_text.hpp).
#include "analyzer/field_text.hpp"

#include <charconv>

namespace pxescope {
namespace {

struct StringSink {
  std::string& s;
  void trusted(std::string_view t) { s += t; }
  void value(std::string_view t) { s += t; }
  void decimal(std::uint64_t v) {
    char buf[24];
    s.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
  }
  void signed_decimal(std::int64_t v) {
    char buf[24];
    s.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
  }
  void hex(std::uint64_t v, int digits) {
    char buf[20];
    s += "0x";
    s.append(hex_digits_before(buf + sizeof buf, v, digits), buf + sizeof buf);
  }
};

}  // namespace

std::string_view node_text(const FieldNode& n, std::string& scratch) {
  if (n.has_text && !n.text.empty()) return n.text;
  scratch.clear();
  StringSink sink{scratch};
  put_lazy_text(n, n.line.style == LineStyle::Default ? default_text_info(n) : nullptr, sink);
  return scratch;
}

}  // namespace pxescope
