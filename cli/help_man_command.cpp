// `pxescope help-man` (hidden): writes what the man pages and shell completions take from the
// command line's own definitions, so they say what --help says.
//   --markdown OUT --prose DIR   the man pages' markdown (docs/man prose + generated options)
//   --completion bash|zsh        a completion script on stdout
//   --config-keywords            every config line the responder parses ("KEY" or "KEY ignored")
#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "cli/completion_writer.hpp"
#include "cli/man_page_writer.hpp"
#ifdef PXESCOPE_HAVE_RESPONDER
#include "responder/config.hpp"
#endif

namespace pxescope::cli {
namespace {

struct HelpManArgs {
  std::string markdown_dir;
  std::string prose_dir;
  std::string completion;
  bool config_keywords = false;
};

std::vector<std::string> ignored_config_keywords() {
  std::vector<std::string> out;
#ifdef PXESCOPE_HAVE_RESPONDER
  for (const auto& k : responder::config_keywords())
    if (k.ignored) out.emplace_back(k.name);
#endif
  return out;
}

int print_config_keywords() {
#ifdef PXESCOPE_HAVE_RESPONDER
  for (const auto& k : responder::config_keywords())
    std::printf("%.*s%s\n", static_cast<int>(k.name.size()), k.name.data(),
                k.ignored ? " ignored" : "");
#endif
  return kExitOk;
}

int run_help_man(const CLI::App& root, const HelpManArgs& args) {
  const CommandModel model = describe_command(root);
  if (args.config_keywords) return print_config_keywords();
  if (args.completion == "bash" || args.completion == "zsh") {
    const std::string script =
        args.completion == "bash" ? bash_completion(model) : zsh_completion(model);
    std::fwrite(script.data(), 1, script.size(), stdout);
    return kExitOk;
  }
  if (args.markdown_dir.empty() || args.prose_dir.empty()) {
    std::fprintf(stderr,
                 "pxescope help-man: give --markdown OUT --prose DIR, --completion bash|zsh or "
                 "--config-keywords\n");
    return kExitUsage;
  }
  std::string error;
  const ManInputs in{model, PXESCOPE_VERSION, ignored_config_keywords(), {}};
  if (!write_man_markdown(in, args.prose_dir, args.markdown_dir, error)) {
    std::fprintf(stderr, "pxescope help-man: %s\n", error.c_str());
    return kExitInput;
  }
  return kExitOk;
}

}  // namespace

void add_help_man_command(CLI::App& app, Runner& run) {
  auto args = std::make_shared<HelpManArgs>();
  CLI::App* cmd = app.add_subcommand(
      "help-man", "Write the man pages' markdown and the shell completions from --help's source");
  cmd->group("");  // hidden: a build step, not a user command
  cmd->add_option("--markdown", args->markdown_dir, "Write NAME.SECTION.md pages here");
  cmd->add_option("--prose", args->prose_dir, "The maintained prose (docs/man)");
  cmd->add_option("--completion", args->completion, "Print the bash or zsh completion script")
      ->check(CLI::IsMember({"bash", "zsh"}));
  cmd->add_flag("--config-keywords", args->config_keywords,
                "Print every config line the responder parses");
  const CLI::App* root = &app;
  cmd->callback([&run, args, root] { run = [args, root] { return run_help_man(*root, *args); }; });
}

}  // namespace pxescope::cli
