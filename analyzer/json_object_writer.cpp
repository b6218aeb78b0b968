#include "analyzer/json_object_writer.hpp"

#include <cstdio>

#include "analyzer/render.hpp"

namespace pxescope {

std::string& JsonObjectWriter::member(std::string_view key) {
  if (!first_) out_ += ',';
  first_ = false;
  append_json_string(key, out_);
  out_ += ':';
  return out_;
}

JsonObjectWriter& JsonObjectWriter::string(std::string_view key, std::string_view value) {
  append_json_string(value, member(key));
  return *this;
}

JsonObjectWriter& JsonObjectWriter::strings(std::string_view key,
                                            const std::vector<std::string>& values) {
  std::string& out = member(key);
  out += '[';
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    append_json_string(values[i], out);
  }
  out += ']';
  return *this;
}

JsonObjectWriter& JsonObjectWriter::boolean(std::string_view key, bool value) {
  member(key) += value ? "true" : "false";
  return *this;
}

JsonObjectWriter& JsonObjectWriter::fixed(std::string_view key, double value, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  member(key) += buf;
  return *this;
}

}  // namespace pxescope
