#include "cli/completion_writer.hpp"

#include <string_view>

namespace pxescope::cli {
namespace {

std::string join_flags(const CommandModel& command) {
  std::string out;
  for (const OptionModel& o : command.options)
    for (const std::string& flag : o.flags) out += (out.empty() ? "" : " ") + flag;
  return out;
}

std::string join(const std::vector<std::string>& words, std::string_view separator) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : std::string(separator)) + w;
  return out;
}

// What bash offers for an option's value (or a positional argument); "" when nothing can be
// guessed (a number, an address).
std::string bash_value_words(const OptionModel& o) {
  if (!o.choices.empty())
    return "COMPREPLY=($(compgen -W '" + join(o.choices, " ") + "' -- \"$cur\"))";
  if (o.takes_interface)
    return "COMPREPLY=($(compgen -W \"$(command ls /sys/class/net 2>/dev/null)\" -- \"$cur\"))";
  if (o.takes_directory) return "COMPREPLY=($(compgen -d -- \"$cur\"))";
  if (o.takes_file) return "COMPREPLY=($(compgen -f -- \"$cur\"))";
  return "";
}

std::string bash_value_cases(const CommandModel& command, const std::string& key) {
  std::string out;
  for (const OptionModel& o : command.options) {
    if (o.flags.empty() || o.value_name.empty()) continue;
    std::string patterns;
    for (const std::string& flag : o.flags)
      patterns += (patterns.empty() ? "" : "|") + key + ":" + flag;
    const std::string action = bash_value_words(o);
    out += "    " + patterns + ") " + (action.empty() ? "" : action + "; ") + "return ;;\n";
  }
  return out;
}

std::string bash_positional(const CommandModel& command) {
  for (const OptionModel& o : command.options)
    if (o.flags.empty()) return bash_value_words(o);
  return "";
}

// zsh's _arguments wants ']' and ':' escaped in the description and quotes closed.
std::string zsh_quote(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '\'')
      out += "'\\''";
    else if (c == '[' || c == ']' || c == ':' || c == '\\')
      out += std::string("\\") + c;
    else
      out += c;
  }
  return out;
}

std::string zsh_action(const OptionModel& o) {
  if (!o.choices.empty()) return "(" + join(o.choices, " ") + ")";
  if (o.takes_interface) return "_net_interfaces";
  if (o.takes_directory) return "_files -/";
  if (o.takes_file) return "_files";
  return " ";
}

std::string zsh_spec(const OptionModel& o) {
  const std::string value_name = o.flags.empty() ? o.positional : o.value_name;
  if (o.flags.empty())
    return std::string("'") + (o.repeatable ? "*" : "") + ":" + zsh_quote(value_name) + ":" +
           zsh_action(o) + "'";
  std::string names = o.flags.size() == 1 ? o.flags[0] : "{" + join(o.flags, ",") + "}";
  std::string spec = o.flags.size() > 1 ? "'(" + join(o.flags, " ") + ")'" : "";
  if (o.repeatable) spec = "'*'";
  spec += names + "'[" + zsh_quote(o.description) + "]";
  if (!o.value_name.empty()) spec += ":" + zsh_quote(value_name) + ":" + zsh_action(o);
  return spec + "'";
}

std::string zsh_arguments(const CommandModel& command, std::string_view call,
                          std::string_view indent) {
  std::string out(call);
  for (const OptionModel& o : command.options) out += " \\\n" + std::string(indent) + zsh_spec(o);
  return out;
}

}  // namespace

std::string bash_completion(const CommandModel& root) {
  std::string names;
  for (const CommandModel& sub : root.subcommands) names += (names.empty() ? "" : "|") + sub.name;
  std::string out =
      "# bash completion for " + root.name +
      "\n# Written by `pxescope help-man --completion bash` from the command line's own "
      "definitions.\n_" +
      root.name + "() {\n  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n" +
      "  local sub= i\n  for ((i = 1; i < COMP_CWORD; i++)); do\n    case ${COMP_WORDS[i]} in\n" +
      "      " + names + ") sub=${COMP_WORDS[i]}; break ;;\n    esac\n  done\n" +
      "  COMPREPLY=()\n  case \"$sub:$prev\" in\n";
  for (const CommandModel& sub : root.subcommands) out += bash_value_cases(sub, sub.name);
  out += "  esac\n  case $sub in\n";
  std::string subcommand_words;
  for (const CommandModel& sub : root.subcommands)
    subcommand_words += (subcommand_words.empty() ? "" : " ") + sub.name;
  out += "    \"\") COMPREPLY=($(compgen -W '" + subcommand_words + " " + join_flags(root) +
         "' -- \"$cur\")) ;;\n";
  for (const CommandModel& sub : root.subcommands) {
    const std::string positional = bash_positional(sub);
    out += "    " + sub.name +
           ")\n      if [[ $cur == -* ]]; then\n        COMPREPLY=($(compgen -W '" +
           join_flags(sub) + "' -- \"$cur\"))\n";
    if (!positional.empty()) out += "      else\n        " + positional + "\n";
    out += "      fi ;;\n";
  }
  out += "  esac\n}\ncomplete -o filenames -F _" + root.name + " " + root.name + "\n";
  return out;
}

std::string zsh_completion(const CommandModel& root) {
  std::string out =
      "#compdef " + root.name +
      "\n# Written by `pxescope help-man --completion zsh` from the command line's "
      "own definitions.\n_" +
      root.name +
      "() {\n  local curcontext=\"$curcontext\" state line\n  local -a commands\n  commands=(\n";
  for (const CommandModel& sub : root.subcommands)
    out += "    '" + sub.name + ":" + zsh_quote(sub.description) + "'\n";
  out += "  )\n  " + zsh_arguments(root, "_arguments -C", "    ") +
         " \\\n    '1: :->command' \\\n    '*:: :->argument' && return\n" +
         "  case $state in\n    command) _describe -t commands '" + root.name +
         " command' commands ;;\n    argument)\n      case $line[1] in\n";
  for (const CommandModel& sub : root.subcommands)
    out += "        " + sub.name + ") " + zsh_arguments(sub, "_arguments -s", "            ") +
           " ;;\n";
  out += "      esac ;;\n  esac\n}\n_" + root.name + " \"$@\"\n";
  return out;
}

}  // namespace pxescope::cli
