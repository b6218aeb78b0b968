// The field registry (analyzer/fields/): every name a dissector emits is registered, once,
// under its own protocol, with the kind of type Wireshark gives the same name.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "analyzer/capture_reader.hpp"
#include "analyzer/dhcp/option_table.hpp"
#include "analyzer/fields/field_registry.hpp"
#include "analyzer/packet_dissector.hpp"
#include "tests/test_captures.hpp"
#include "unit/packet_test_support.hpp"

namespace fs = std::filesystem;
using namespace pxescope;
using namespace pxescope::fields;
using namespace pxescope::testing;

namespace {

// Every registration row as written, before the registry folds duplicates away.
std::vector<RegisteredField> rows_as_written() {
  std::vector<RegisteredField> rows;
  for (const ProtocolFields* p : protocols()) {
    for (const FieldInfo& f : p->fields) rows.push_back({f, p->protocol});
    if (p->generated)
      for (const FieldInfo& f : p->generated()) rows.push_back({f, p->protocol});
  }
  return rows;
}

// captures/ recursively, then ../shared/captures when present (an extra).
std::vector<fs::path> every_capture() {
  std::vector<fs::path> files;
  auto collect = [&files](const fs::path& dir, bool recursive) {
    if (!fs::is_directory(dir)) return;
    auto take = [&files](const fs::directory_entry& e) {
      if (e.path().extension() == ".pcap" || e.path().extension() == ".pcapng")
        files.push_back(e.path());
    };
    if (recursive)
      for (const auto& e : fs::recursive_directory_iterator(dir)) take(e);
    else
      for (const auto& e : fs::directory_iterator(dir)) take(e);
  };
  collect(PXESCOPE_SOURCE_DIR "/captures", true);
  for (auto& f : pxescope::test::shared_captures()) files.push_back(std::move(f));  // an extra
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST(FieldRegistry, EveryNameEmittedOnEveryCaptureIsRegistered) {
  std::map<std::string, std::string> unregistered;  // name -> first place seen
  std::set<std::string> seen, seen_in_own_captures;
  std::size_t frames = 0;
  for (const fs::path& path : every_capture()) {
    const bool own = path.string().starts_with(PXESCOPE_SOURCE_DIR);
    CaptureReader reader;
    ASSERT_TRUE(reader.open_file(path.string())) << path << ": " << reader.error();
    PacketDissector dissector;
    FieldTree tree;
    Frame frame;
    while (reader.next(frame)) {
      ++frames;
      dissector.dissect(frame, tree);
      for (NodeId id = 0; id < tree.size(); ++id) {
        const std::string name(tree[id].name);
        if (own) seen_in_own_captures.insert(name);
        if (!seen.insert(name).second) continue;
        if (!is_registered(name))
          unregistered.emplace(name,
                               path.filename().string() + " frame " + std::to_string(frame.index));
      }
    }
  }
  for (const auto& [name, where] : unregistered)
    ADD_FAILURE() << name << " (first emitted in " << where
                  << ") is not registered: add it to its protocol's <proto>_fields.cpp";
  // Not vacuous, even without ../shared: the project's captures exercise every link layer,
  // DHCP with PXE/iPXE/relay options, and TFTP.
  EXPECT_GT(frames, 100u);
  EXPECT_GT(seen_in_own_captures.size(), 120u) << seen_in_own_captures.size();
}

// Names emitted only on rare paths (option 119, a malformed boot menu, ...) may be on no
// capture: every field-name literal in the dissectors' sources must be registered too.
TEST(FieldRegistry, EveryFieldNameLiteralInTheDissectorsIsRegistered) {
  const std::regex literal(
      R"re("((?:eth|sll|vlan|ieee8021ad|ieee8021ah|ip|udp|icmp|dhcp|tftp|tcp|dns|http)\.[a-z0-9_.]+)")re");
  std::size_t literals = 0;
  for (const char* dir : {"link", "dhcp", "tftp", "icmp", "tcp", "dns", "http"}) {
    for (const auto& e : fs::directory_iterator(fs::path(PXESCOPE_SOURCE_DIR "/analyzer") / dir)) {
      if (e.path().extension() != ".cpp" || e.path().stem().string().ends_with("_fields")) continue;
      std::ifstream in(e.path());
      std::stringstream text;
      text << in.rdbuf();
      const std::string source = text.str();
      for (std::sregex_iterator it(source.begin(), source.end(), literal), end; it != end; ++it) {
        const std::string name = (*it)[1];
        // "dhcp.67"-style option references ("space.code") are not field names.
        if (std::regex_match(name, std::regex(R"([a-z]+\.[0-9]+)"))) continue;
        ++literals;
        EXPECT_TRUE(is_registered(name))
            << name << " (in " << e.path().filename().string() << ") is not registered";
      }
    }
  }
  EXPECT_GT(literals, 80u);
}

TEST(FieldRegistry, EveryOptionTableFieldIsRegisteredFromTheTable) {
  std::size_t checked = 0;
  for (auto space : {dhcp::OptionSpace::Dhcp, dhcp::OptionSpace::Pxe, dhcp::OptionSpace::Ipxe,
                     dhcp::OptionSpace::Relay})
    for (const dhcp::OptionDef& def : dhcp::options_of(space)) {
      if (!def.field.empty()) {
        const RegisteredField* f = find_field(def.field);
        ASSERT_NE(f, nullptr) << def.field;
        EXPECT_EQ(f->protocol, "dhcp");
        ++checked;
      }
      for (const dhcp::RecordField& r : def.record) {
        EXPECT_TRUE(is_registered(r.field)) << r.field;
        ++checked;
      }
    }
  EXPECT_GT(checked, 150u);
  // The table's label is the description, its type the field's type.
  const RegisteredField* bootfile = find_field("dhcp.option.bootfile_name");
  ASSERT_NE(bootfile, nullptr);
  EXPECT_EQ(bootfile->info.description, "Bootfile name");
  EXPECT_EQ(bootfile->info.type, FieldType::String);
  const RegisteredField* routers = find_field("dhcp.option.router");
  ASSERT_NE(routers, nullptr);
  EXPECT_EQ(routers->info.type, FieldType::Ipv4);
  const RegisteredField* lease = find_field("dhcp.option.ip_address_lease_time");
  ASSERT_NE(lease, nullptr);
  EXPECT_EQ(lease->info.type, FieldType::UInt);
}

TEST(FieldRegistry, NoNameIsRegisteredTwice) {
  std::map<std::string_view, std::string_view> first;  // name -> protocol
  for (const RegisteredField& r : rows_as_written()) {
    const auto [it, inserted] = first.emplace(r.info.name, r.protocol);
    EXPECT_TRUE(inserted) << r.info.name << " is registered by " << it->second << " and again by "
                          << r.protocol;
  }
  std::set<std::string_view> protocols_seen;
  for (const ProtocolFields* p : protocols())
    EXPECT_TRUE(protocols_seen.insert(p->protocol).second) << p->protocol << " listed twice";
  EXPECT_EQ(all_fields().size(), first.size() + protocols_seen.size());
}

TEST(FieldRegistry, EveryNameStartsWithItsProtocol) {
  for (const RegisteredField& r : rows_as_written()) {
    const std::string prefix = std::string(r.protocol) + ".";
    EXPECT_TRUE(r.info.name.starts_with(prefix))
        << r.info.name << " is registered under " << r.protocol;
    EXPECT_FALSE(r.info.description.empty()) << r.info.name << " has no description";
    EXPECT_NE(r.info.type, FieldType::Protocol) << r.info.name;
  }
}

// The JSON writer copies registered names, descriptions and value names without escaping
// them: they must be printable ASCII with no '"' or '\\' (names: [a-z0-9_.]).
TEST(FieldRegistry, RegistryTextNeedsNoJsonEscaping) {
  auto plain = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; });
  };
  for (const RegisteredField& r : all_fields()) {
    EXPECT_TRUE(std::all_of(r.info.name.begin(), r.info.name.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
    })) << r.info.name;
    EXPECT_TRUE(plain(r.info.description)) << r.info.name;
    for (const ValueName& v : r.info.names) EXPECT_TRUE(plain(v.name)) << r.info.name;
  }
}

// Default texts find a value's name by binary search.
TEST(FieldRegistry, ValueNameTablesAreSortedByValue) {
  std::size_t tables = 0;
  for (const RegisteredField& r : all_fields()) {
    if (r.info.names.empty()) continue;
    ++tables;
    EXPECT_TRUE(
        std::is_sorted(r.info.names.begin(), r.info.names.end(),
                       [](const ValueName& a, const ValueName& b) { return a.value <= b.value; }))
        << r.info.name << ": its value names are not sorted (strictly) by value";
  }
  EXPECT_GE(tables, 6u);
}

TEST(FieldRegistry, LooksNamesUp) {
  const RegisteredField* port = find_field("udp.srcport");
  ASSERT_NE(port, nullptr);
  EXPECT_EQ(port->protocol, "udp");
  EXPECT_EQ(port->info.description, "Source Port");
  EXPECT_EQ(port->info.type, FieldType::UInt);
  const RegisteredField* udp = find_field("udp");
  ASSERT_NE(udp, nullptr);
  EXPECT_EQ(udp->info.type, FieldType::Protocol);
  EXPECT_EQ(udp->info.description, "User Datagram Protocol");
  EXPECT_EQ(find_field("dhcp.option.foo"), nullptr);
  EXPECT_EQ(find_field("udp.srcpor"), nullptr);
  EXPECT_TRUE(std::is_sorted(all_fields().begin(), all_fields().end(),
                             [](const RegisteredField& a, const RegisteredField& b) {
                               return a.info.name < b.info.name;
                             }));
}

namespace {

// The kind of a tshark type name ("FT_UINT16" -> UInt), as our FieldType.
std::optional<FieldType> kind_of_tshark_type(std::string_view ft) {
  struct Kind {
    std::string_view prefix;
    FieldType type;
  };
  static constexpr Kind kKinds[] = {
      {"FT_UINT", FieldType::UInt},
      {"FT_INT", FieldType::Int},
      {"FT_BOOLEAN", FieldType::Bool},
      {"FT_STRING", FieldType::String},
      {"FT_BYTES", FieldType::Bytes},
      {"FT_ETHER", FieldType::Ether},
      {"FT_IPv4", FieldType::Ipv4},
      {"FT_IPv6", FieldType::Ipv6},
      {"FT_NONE", FieldType::Label},
      {"FT_PROTOCOL", FieldType::Protocol},
      {"FT_FRAMENUM", FieldType::FrameNum},
      {"FT_ABSOLUTE_TIME", FieldType::Time},
      {"FT_RELATIVE_TIME", FieldType::RelTime},
      {"FT_DOUBLE", FieldType::Float},
      {"FT_FLOAT", FieldType::Float},
  };
  for (const Kind& k : kKinds)
    if (ft.starts_with(k.prefix)) return k.type;
  return std::nullopt;
}

// Where our registration knowingly differs from Wireshark's type, and why.
struct TypeException {
  std::string_view name;
  std::string_view reason;
};
constexpr TypeException kTypeExceptions[] = {
    // IPv6 extension headers are pseudo-protocols in Wireshark; here a subtree (Label) row.
    {"ipv6.dstopts", "FT_PROTOCOL per extension header: a subtree"},
    {"ipv6.fraghdr", "FT_PROTOCOL per extension header: a subtree"},
    {"ipv6.hopopts", "FT_PROTOCOL per extension header: a subtree"},
    {"ipv6.routing", "FT_PROTOCOL per extension header: a subtree"},
    // Link-layer addresses that are Ethernet MACs on every network boot: typed as MACs so that
    // filters take 52:54:00:... forms (tshark: raw bytes, or a string for DUIDs).
    {"icmpv6.opt.linkaddr", "FT_BYTES in tshark: an Ethernet MAC here"},
    {"icmpv6.opt.src_linkaddr", "FT_BYTES in tshark: an Ethernet MAC here"},
    {"icmpv6.opt.target_linkaddr", "FT_BYTES in tshark: an Ethernet MAC here"},
    {"dhcpv6.duidll.link_layer_addr", "FT_STRING in tshark: the address's bytes here"},
    {"dhcpv6.duidllt.link_layer_addr", "FT_STRING in tshark: the address's bytes here"},
    {"dhcpv6.duidllt.time", "FT_ABSOLUTE_TIME in tshark: seconds since 2000-01-01 here"},
    {"dhcp.client_id.uuid", "FT_GUID: pxescope has no GUID type; the value is the GUID's text"},
    // Wireshark makes each TCP option a pseudo-protocol; a registry row cannot be a Protocol
    // (only the protocol's own row is), so the option's node holds its bytes, as tshark -T json
    // shows them.
    {"tcp.options.eol", "FT_PROTOCOL per option: the option's bytes"},
    {"tcp.options.nop", "FT_PROTOCOL per option: the option's bytes"},
    {"tcp.options.mss", "FT_PROTOCOL per option: the option's bytes"},
    {"tcp.options.wscale", "FT_PROTOCOL per option: the option's bytes"},
    {"tcp.options.sack_perm", "FT_PROTOCOL per option: the option's bytes"},
    {"tcp.options.sack", "FT_PROTOCOL per option: the option's bytes"},
    {"tcp.options.timestamp", "FT_PROTOCOL per option: the option's bytes"},
    {"tcp.options.unknown", "FT_PROTOCOL per option: the option's bytes"},
};

}  // namespace

TEST(FieldRegistry, TypesAgreeWithTsharkWhereTsharkHasTheName) {
  if (!have_tool("tshark")) GTEST_SKIP() << "tshark not installed (apt-get install tshark)";
  std::map<std::string, std::string> tshark_type;  // name -> FT_*
  for (const std::string& line : lines(run_command("tshark -G fields 2>/dev/null"))) {
    const auto cols = split(line, '\t');
    if (cols.size() >= 4 && cols[0] == "F") tshark_type[cols[2]] = cols[3];
    if (cols.size() >= 3 && cols[0] == "P") tshark_type[cols[2]] = "FT_PROTOCOL";
  }
  ASSERT_GT(tshark_type.size(), 10000u) << "tshark -G fields gave too little";
  std::size_t compared = 0;
  for (const RegisteredField& r : all_fields()) {
    const auto it = tshark_type.find(std::string(r.info.name));
    if (it == tshark_type.end()) continue;
    const bool excepted =
        std::any_of(std::begin(kTypeExceptions), std::end(kTypeExceptions),
                    [&](const TypeException& e) { return e.name == r.info.name; });
    if (excepted) continue;
    ++compared;
    const auto kind = kind_of_tshark_type(it->second);
    ASSERT_TRUE(kind) << r.info.name << ": tshark type " << it->second << " is not mapped";
    EXPECT_EQ(*kind, r.info.type) << r.info.name << ": tshark has " << it->second
                                  << ", pxescope registers " << field_type_name(r.info.type);
  }
  EXPECT_GT(compared, 150u);
}
