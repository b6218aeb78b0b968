#include "cli/man_page_writer.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>

namespace pxescope::cli {
namespace {

constexpr std::string_view kProgram = "pxescope";

// Backslash-escapes what pandoc's markdown would read as markup. Backticks stay: the
// descriptions use them for code, and pandoc renders code spans.
std::string escape_markdown(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (std::string_view("\\*_[]<>#|~^$@").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string option_term(const OptionModel& o) {
  std::string term;
  if (o.flags.empty()) term = "*" + escape_markdown(o.positional) + "*";
  for (const std::string& flag : o.flags)
    term += (term.empty() ? "" : ", ") + ("**" + escape_markdown(flag) + "**");
  if (!o.flags.empty() && !o.value_name.empty()) term += " *" + escape_markdown(o.value_name) + "*";
  if (o.repeatable) term += "...";
  return term;
}

std::string option_text(const OptionModel& o) {
  std::string text = escape_markdown(o.description);
  if (!text.empty() && text.back() != '.' && text.back() != ')') text += '.';
  if (!o.choices.empty()) {
    text += " One of:";
    for (std::size_t i = 0; i < o.choices.size(); ++i)
      text += (i ? ", " : " ") + ("**" + escape_markdown(o.choices[i]) + "**");
    text += '.';
  }
  if (o.required) text += " Required.";
  return text;
}

std::string page_of(const ManInputs& in, const std::string& name) {
  for (const auto& [page, section] : in.pages)
    if (page == name) return "**" + page + "**(" + section + ")";
  return "";
}

std::string commands_markdown(const ManInputs& in) {
  std::string out;
  for (const CommandModel& sub : in.root.subcommands) {
    out += "**" + escape_markdown(sub.name) + "**\n:   " + escape_markdown(sub.description);
    const std::string ref = page_of(in, std::string(kProgram) + "-" + sub.name);
    out += ref.empty() ? ".\n\n" : ". See " + ref + ".\n\n";
  }
  return out;
}

// --help's first line and its footer, one paragraph each.
std::string summary_markdown(const CommandModel& command) {
  std::string out = escape_markdown(command.description) + ".\n";
  std::string footer = command.footer;
  while (!footer.empty() && footer.back() == '\n') footer.pop_back();
  if (!footer.empty()) out += "\n" + escape_markdown(footer) + "\n";
  return out;
}

std::string keyword_list_markdown(const std::vector<std::string>& keywords) {
  std::string out;
  for (std::size_t i = 0; i < keywords.size(); ++i)
    out += (i ? ", " : "") + ("**" + escape_markdown(keywords[i]) + "**");
  return out + ".\n";
}

// The command a page documents: the root for "pxescope", SUB for "pxescope-SUB".
const CommandModel* command_of_page(const ManInputs& in, const std::string& page) {
  if (page == kProgram) return &in.root;
  const std::string prefix = std::string(kProgram) + "-";
  if (page.rfind(prefix, 0) != 0) return nullptr;
  return find_subcommand(in.root, page.substr(prefix.size()));
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

// NAME.SECTION.md -> {NAME, SECTION}; {"", ""} for any other file.
std::pair<std::string, std::string> split_page_file(const std::string& file) {
  if (!file.ends_with(".md")) return {};
  const std::string stem = file.substr(0, file.size() - 3);
  const std::size_t dot = stem.rfind('.');
  if (dot == std::string::npos || dot + 2 != stem.size() || !std::isdigit(stem.back())) return {};
  return {stem.substr(0, dot), stem.substr(dot + 1)};
}

std::string minimal_prose(const CommandModel& sub) {
  return "# NAME\n\npxescope-" + sub.name + " - " + escape_markdown(sub.description) +
         "\n\n# SYNOPSIS\n\n**pxescope " + sub.name +
         "** [*OPTIONS*]\n\n# DESCRIPTION\n\n@SUMMARY@\n\n# OPTIONS\n\n@OPTIONS@\n";
}

bool write_text(const std::filesystem::path& path, const std::string& text, std::string& error) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (out.flush()) return true;
  error = "cannot write " + path.string();
  return false;
}

}  // namespace

std::string options_markdown(const CommandModel& command) {
  std::string out;
  for (const OptionModel& o : command.options)
    out += option_term(o) + "\n:   " + option_text(o) + "\n\n";
  return out;
}

std::string render_page(const ManInputs& in, const std::string& page, const std::string& section,
                        const std::string& prose) {
  std::string out = "---\ntitle: " + upper(page) + "\nsection: " + section +
                    "\nheader: pxescope manual\nfooter: pxescope " + in.version + "\n---\n\n";
  const CommandModel* command = command_of_page(in, page);
  std::istringstream lines(prose);
  for (std::string line; std::getline(lines, line);) {
    if (line == "@OPTIONS@" && command)
      out += options_markdown(*command);
    else if (line == "@SUMMARY@" && command)
      out += summary_markdown(*command);
    else if (line == "@COMMANDS@")
      out += commands_markdown(in);
    else if (line == "@IGNORED_CONFIG_KEYWORDS@")
      out += keyword_list_markdown(in.ignored_config_keywords);
    else
      out += line + "\n";
  }
  replace_all(out, "@VERSION@", in.version);
  return out;
}

bool write_man_markdown(const ManInputs& given, const std::string& prose_dir,
                        const std::string& out_dir, std::string& error) {
  namespace fs = std::filesystem;
  ManInputs in = given;
  std::vector<std::pair<fs::path, std::string>> sources;  // prose file, its text
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(prose_dir, ec)) {
    const auto [name, section] = split_page_file(entry.path().filename().string());
    if (name.empty()) continue;
    std::ifstream file(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    in.pages.emplace_back(name, section);
    sources.emplace_back(entry.path(), text.str());
  }
  if (ec) {
    error = "cannot read " + prose_dir + ": " + ec.message();
    return false;
  }
  for (const CommandModel& sub : in.root.subcommands) {
    const std::string page = std::string(kProgram) + "-" + sub.name;
    if (!page_of(in, page).empty()) continue;
    std::fprintf(stderr,
                 "pxescope help-man: no %s/%s.1.md for `pxescope %s`: its page has only the "
                 "options; write the prose\n",
                 prose_dir.c_str(), page.c_str(), sub.name.c_str());
    in.pages.emplace_back(page, "1");
    sources.emplace_back(fs::path(page + ".1.md"), minimal_prose(sub));
  }
  fs::create_directories(out_dir, ec);
  for (std::size_t i = 0; i < sources.size(); ++i) {
    const auto& [page, section] = in.pages[i];
    const std::string text = render_page(in, page, section, sources[i].second);
    if (!write_text(fs::path(out_dir) / (page + "." + section + ".md"), text, error)) return false;
  }
  return true;
}

}  // namespace pxescope::cli
