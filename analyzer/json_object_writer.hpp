// One JSON object written member by member into a string: the braces, the commas between
// members and each value's form (strings escaped by append_json_string(), integers, null for
// "none", booleans, fixed-point numbers). A renderer names each member once instead of spelling
// out key, colon, value and comma by hand, so object layouts read as lists of members.
#pragma once

#include <concepts>
#include <string>
#include <string_view>
#include <vector>

namespace pxescope {

class JsonObjectWriter {
 public:
  explicit JsonObjectWriter(std::string& out) : out_(out) { out_ += '{'; }

  JsonObjectWriter& string(std::string_view key, std::string_view value);
  JsonObjectWriter& strings(std::string_view key, const std::vector<std::string>& values);
  JsonObjectWriter& boolean(std::string_view key, bool value);
  // `value` with `decimals` digits after the point ("%.3f" for seconds).
  JsonObjectWriter& fixed(std::string_view key, double value, int decimals);
  template <std::integral T>
  JsonObjectWriter& integer(std::string_view key, T value) {
    member(key) += std::to_string(value);
    return *this;
  }
  // null when `value` is negative (this project's "none", as in status = -1).
  template <std::integral T>
  JsonObjectWriter& integer_or_null(std::string_view key, T value) {
    member(key) += value >= 0 ? std::to_string(value) : "null";
    return *this;
  }
  // Writes `"key":` (after a comma when needed) and returns the string for the caller to
  // write the value: a nested object or an array.
  std::string& member(std::string_view key);
  // Writes the closing brace; nothing may be added after it.
  void close() { out_ += '}'; }

 private:
  std::string& out_;
  bool first_ = true;
};

}  // namespace pxescope
