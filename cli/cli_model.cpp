#include "cli/cli_model.hpp"

#include <algorithm>
#include <string_view>

namespace pxescope::cli {
namespace {

// What an option's value names when no CLI11 check says so: completion offers files,
// directories or interfaces for these long names (and positional argument names).
enum class ValueKind { Other, File, Directory, Interface };
struct ValueOfName {
  std::string_view long_name;
  ValueKind kind;
};
constexpr ValueOfName kValueOfName[] = {
    {"config", ValueKind::File},         {"replay", ValueKind::File},
    {"lease-file", ValueKind::File},     {"write", ValueKind::File},
    {"tftp-root", ValueKind::Directory}, {"http-root", ValueKind::Directory},
    {"out", ValueKind::Directory},       {"story-dir", ValueKind::Directory},
    {"iface", ValueKind::Interface},     {"interface", ValueKind::Interface},
    {"FILE", ValueKind::File},
};

// CLI11 appends each check's description to the type name: "TEXT:FILE", "TEXT:{a,b}".
void read_type_name(const std::string& full, OptionModel& out) {
  const std::size_t colon = full.find(':');
  out.value_name = full.substr(0, colon);
  if (colon == std::string::npos) return;
  const std::string checks = full.substr(colon + 1);
  if (checks.find("FILE") != std::string::npos || checks.find("PATH") != std::string::npos)
    out.takes_file = true;
  if (checks.find("DIR") != std::string::npos) out.takes_directory = true;
  const std::size_t open = checks.find('{'), close = checks.find('}');
  if (open == std::string::npos || close == std::string::npos || close < open) return;
  std::string_view set(checks.data() + open + 1, close - open - 1);
  while (!set.empty()) {
    const std::size_t comma = set.find(',');
    out.choices.emplace_back(set.substr(0, comma));
    set = comma == std::string_view::npos ? std::string_view{} : set.substr(comma + 1);
  }
}

void apply_value_kind(OptionModel& out) {
  for (const ValueOfName& rule : kValueOfName) {
    const bool named = out.positional == rule.long_name ||
                       std::find(out.flags.begin(), out.flags.end(),
                                 "--" + std::string(rule.long_name)) != out.flags.end();
    if (!named) continue;
    out.takes_file = out.takes_file || rule.kind == ValueKind::File;
    out.takes_directory = out.takes_directory || rule.kind == ValueKind::Directory;
    out.takes_interface = rule.kind == ValueKind::Interface;
  }
}

OptionModel describe_option(const CLI::Option& opt) {
  OptionModel out;
  for (const auto& s : opt.get_snames()) out.flags.push_back("-" + s);
  for (const auto& l : opt.get_lnames()) out.flags.push_back("--" + l);
  if (out.flags.empty()) out.positional = opt.get_name(true);
  out.description = opt.get_description();
  out.required = opt.get_required();
  out.repeatable = opt.get_expected_max() > 1 || opt.get_items_expected_max() > 1;
  if (opt.get_type_size_max() > 0) read_type_name(opt.get_type_name(), out);
  apply_value_kind(out);
  return out;
}

void add_options(const CLI::App& app, CommandModel& out) {
  std::vector<OptionModel> positionals;
  for (const CLI::Option* opt : app.get_options()) {
    if (opt->get_group().empty()) continue;  // hidden
    OptionModel o = describe_option(*opt);
    (o.flags.empty() ? positionals : out.options).push_back(std::move(o));
  }
  out.options.insert(out.options.end(), positionals.begin(), positionals.end());
  // Option groups are nameless sub-apps; their options belong to this command.
  for (const CLI::App* group :
       app.get_subcommands([](const CLI::App* s) { return s->get_name().empty(); }))
    add_options(*group, out);
}

}  // namespace

CommandModel describe_command(const CLI::App& app) {
  CommandModel out;
  out.name = app.get_name();
  out.description = app.get_description();
  out.footer = app.get_footer();
  add_options(app, out);
  for (const CLI::App* sub : app.get_subcommands(
           [](const CLI::App* s) { return !s->get_name().empty() && !s->get_group().empty(); }))
    out.subcommands.push_back(describe_command(*sub));
  return out;
}

const CommandModel* find_subcommand(const CommandModel& root, const std::string& name) {
  for (const CommandModel& sub : root.subcommands)
    if (sub.name == name) return &sub;
  return nullptr;
}

}  // namespace pxescope::cli
