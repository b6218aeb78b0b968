// Field-by-field comparison of the tree with `tshark -T fields`, frame by frame, for the
// protocol differential tests (TCP, DNS, HTTP).
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "analyzer/field_tree.hpp"
#include "unit/dissect_each.hpp"
#include "unit/packet_test_support.hpp"

namespace pxescope::testing {

// A node's value as `tshark -T fields` prints it: BASE_HEX numbers as 0x%04x, bytes
// without the colons.
inline std::string tshark_text(const FieldNode& n, const std::set<std::string_view>& hex) {
  if (n.kind == ValueKind::String) {
    std::string s = n.str_value;
    if (n.name.starts_with("tcp.options")) std::erase(s, ':');
    return s;
  }
  if (n.kind == ValueKind::None) return "";
  if (n.kind == ValueKind::Int) return std::to_string(n.int_value);
  char buf[32];
  std::snprintf(buf, sizeof buf, hex.contains(n.name) ? "0x%04llx" : "%llu",
                static_cast<unsigned long long>(n.uint_value));
  return buf;
}

// Compares `fields` on every frame of `path` that tshark's `filter` keeps; `extra(frame,
// tree, tshark_info)` checks the Info column. Returns the number of frames compared.
inline std::size_t compare_fields_with_tshark(
    const std::filesystem::path& path, const std::string& filter,
    const std::vector<std::string>& fields, const std::set<std::string_view>& hex,
    const std::function<void(const FieldTree&, const std::string&, const std::string&)>& info) {
  auto wanted = fields;
  wanted.push_back("_ws.col.Protocol");
  wanted.push_back("_ws.col.Info");
  const auto expected = tshark_fields(path, "-Y '" + filter + "'", wanted);
  std::size_t frames = 0;
  dissect_each(path, [&](const Frame& frame, const FieldTree& tree) {
    const auto it = expected.find(std::to_string(frame.index));
    if (it == expected.end()) return;
    SCOPED_TRACE(path.filename().string() + " frame " + std::to_string(frame.index));
    for (std::size_t i = 0; i < fields.size(); ++i) {
      std::string got;
      for (std::size_t id = 0; id < tree.size(); ++id) {
        const FieldNode& n = tree[static_cast<NodeId>(id)];
        if (n.name != fields[i]) continue;
        if (!got.empty()) got += ',';
        got += tshark_text(n, hex);
      }
      const std::string& want = i < it->second.size() ? it->second[i] : std::string();
      EXPECT_EQ(got, want) << fields[i];
    }
    const std::size_t n = it->second.size();
    info(tree, n >= 2 ? it->second[n - 2] : "", n >= 1 ? it->second[n - 1] : "");
    ++frames;
  });
  return frames;
}

}  // namespace pxescope::testing
