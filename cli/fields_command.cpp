// `pxescope fields [PREFIX]`: the field registry, listed the way `tshark -G fields` lists
// Wireshark's: one P line per protocol, then one F line per field, tab-separated.
#include <cstdio>
#include <memory>
#include <string>

#include "analyzer/fields/field_registry.hpp"
#include "cli/commands.hpp"

namespace pxescope::cli {
namespace {

void put_line(std::string& out, std::initializer_list<std::string_view> columns) {
  bool first = true;
  for (std::string_view c : columns) {
    if (!first) out += '\t';
    out += c;
    first = false;
  }
  out += '\n';
}

bool is_protocol(std::string_view name) {
  for (const fields::ProtocolFields* p : fields::protocols())
    if (p->protocol == name) return true;
  return false;
}

// Protocols in the index's order, each with its fields in registration order (like tshark).
// A protocol's name selects that protocol ("ip": not ipv6); any other text selects the names
// that start with it, and the protocols that hold them.
int list_fields(const std::string& prefix) {
  const bool whole_protocol = is_protocol(prefix);
  std::string out;
  for (const fields::ProtocolFields* p : fields::protocols()) {
    if (whole_protocol && p->protocol != prefix) continue;
    std::string rows;
    auto field = [&](const fields::FieldInfo& f) {
      if (whole_protocol || f.name.starts_with(prefix))
        put_line(rows, {"F", f.description, f.name, fields::field_type_name(f.type), p->protocol});
    };
    for (const fields::FieldInfo& f : p->fields) field(f);
    if (p->generated)
      for (const fields::FieldInfo& f : p->generated()) field(f);
    if (rows.empty() && !p->protocol.starts_with(prefix)) continue;
    put_line(out, {"P", p->description, p->protocol});
    out += rows;
  }
  if (out.empty()) {
    std::fprintf(stderr,
                 "pxescope: no registered field or protocol starts with \"%s\" "
                 "(`pxescope fields` lists them all)\n",
                 prefix.c_str());
    return kExitUsage;
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}

}  // namespace

void add_fields_command(CLI::App& app, Runner& run) {
  auto* cmd = app.add_subcommand(
      "fields", "List the registered fields (like tshark -G fields): P/F lines, tab-separated");
  auto prefix = std::make_shared<std::string>();
  cmd->add_option("PREFIX", *prefix,
                  "only protocols and fields whose name starts with this (dhcp, udp.port, ...)");
  cmd->callback([&run, prefix] { run = [prefix] { return list_fields(*prefix); }; });
}

}  // namespace pxescope::cli
