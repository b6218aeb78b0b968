// `pxescope fields`: the registry listed like `tshark -G fields`.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "analyzer/fields/field_registry.hpp"
#include "unit/cli_test_support.hpp"

using namespace pxescope;
using namespace pxescope::test;

namespace {

std::vector<std::vector<std::string>> rows_of(const std::string& out) {
  std::vector<std::vector<std::string>> rows;
  for (const std::string& line : split_lines(out)) {
    std::vector<std::string> cols;
    std::size_t start = 0;
    for (std::size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1)
      cols.push_back(line.substr(start, tab - start));
    cols.push_back(line.substr(start));
    rows.push_back(cols);
  }
  return rows;
}

}  // namespace

TEST(CliFields, ListsEveryRegisteredFieldAsTsharkDoes) {
  const CommandResult r = run_command(pxescope_bin() + " fields");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::map<std::string, std::vector<std::string>> listed;  // name -> its line's columns
  std::string current_protocol;
  for (const auto& cols : rows_of(r.out)) {
    ASSERT_FALSE(cols.empty());
    if (cols[0] == "P") {
      ASSERT_EQ(cols.size(), 3u) << "P<TAB>description<TAB>protocol";
      current_protocol = cols[2];
    } else {
      ASSERT_EQ(cols[0], "F");
      ASSERT_EQ(cols.size(), 5u) << "F<TAB>description<TAB>name<TAB>type<TAB>protocol";
      EXPECT_EQ(cols[4], current_protocol) << cols[2] << " listed under another protocol";
    }
    EXPECT_TRUE(listed.emplace(cols[2], cols).second) << cols[2] << " listed twice";
  }
  // Exactly the registry, with its descriptions and tshark-style type names.
  ASSERT_EQ(listed.size(), fields::all_fields().size());
  for (const fields::RegisteredField& f : fields::all_fields()) {
    const auto it = listed.find(std::string(f.info.name));
    ASSERT_NE(it, listed.end()) << f.info.name << " not listed";
    EXPECT_EQ(it->second[1], f.info.description) << f.info.name;
    if (f.info.type != fields::FieldType::Protocol) {
      EXPECT_EQ(it->second[3], fields::field_type_name(f.info.type)) << f.info.name;
    }
  }
  const auto udp = listed.find("udp.srcport");
  ASSERT_NE(udp, listed.end());
  EXPECT_EQ(udp->second,
            (std::vector<std::string>{"F", "Source Port", "udp.srcport", "FT_UINT", "udp"}));
}

TEST(CliFields, AProtocolNameListsThatProtocolOnly) {
  const CommandResult r = run_command(pxescope_bin() + " fields ip");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = rows_of(r.out);
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0], (std::vector<std::string>{"P", "Internet Protocol Version 4", "ip"}));
  std::set<std::string> names;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i][0], "F");
    EXPECT_EQ(rows[i][4], "ip") << rows[i][2];
    names.insert(rows[i][2]);
  }
  EXPECT_TRUE(names.count("ip.src") && names.count("ip.ttl") && names.count("ip.addr"));
}

TEST(CliFields, AnyOtherTextIsANamePrefix) {
  const CommandResult r =
      run_command(pxescope_bin() + " fields dhcp.option.vendor.pxeclient.boot_m");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = rows_of(r.out);
  ASSERT_GE(rows.size(), 3u);
  EXPECT_EQ(rows[0][0], "P");
  EXPECT_EQ(rows[0][2], "dhcp");
  for (std::size_t i = 1; i < rows.size(); ++i)
    EXPECT_TRUE(rows[i][2].starts_with("dhcp.option.vendor.pxeclient.boot_m")) << rows[i][2];
  EXPECT_NE(r.out.find("\tdhcp.option.vendor.pxeclient.boot_menu.desc\tFT_STRING\tdhcp\n"),
            std::string::npos);
}

TEST(CliFields, AnUnknownPrefixIsAOneLineUsageError) {
  const CommandResult r = run_command(pxescope_bin() + " fields dhcp.option.foo");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.out.empty());
  EXPECT_EQ(split_lines(r.err).size(), 1u) << r.err;
  EXPECT_NE(r.err.find("dhcp.option.foo"), std::string::npos) << r.err;
}
