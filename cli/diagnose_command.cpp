// `pxescope diagnose FILE...`: each client's boot story (timeline, verdict, reason, fix), or
// with --json one JSON object per client per line.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "analyzer/capture_reader.hpp"
#include "analyzer/story/boot_story.hpp"
#include "analyzer/story/story_render.hpp"
#include "cli/commands.hpp"

namespace pxescope::cli {
namespace {

struct DiagnoseArgs {
  std::vector<std::string> files;
  bool json = false;
};

int run_diagnose(const DiagnoseArgs& args) {
  int exit_code = kExitOk;
  Frame frame;
  std::string out;
  for (const std::string& path : args.files) {
    CaptureReader reader;
    if (!reader.open_file(path)) {
      std::fprintf(stderr, "pxescope: %s\n", reader.error().c_str());
      exit_code = kExitInput;
      continue;
    }
    StoryBuilder builder;
    while (reader.next(frame)) builder.add(frame);
    if (reader.truncated())
      std::fprintf(stderr, "pxescope: warning: %s\n", reader.error().c_str());
    else if (!reader.error().empty()) {
      std::fprintf(stderr, "pxescope: %s\n", reader.error().c_str());
      exit_code = kExitInput;
    }
    const std::vector<ClientStory> stories = builder.finish();
    if (!args.json && args.files.size() > 1) std::printf("==> %s <==\n", path.c_str());
    if (stories.empty() && !args.json) std::printf("no DHCP client in %s\n", path.c_str());
    for (const ClientStory& story : stories) {
      out.clear();
      if (args.json) {
        append_story_json(story, out);
        out += '\n';
      } else {
        append_story_text(story, out);
        out += '\n';
      }
      std::fwrite(out.data(), 1, out.size(), stdout);
    }
  }
  std::fflush(stdout);
  return exit_code;
}

}  // namespace

void add_diagnose_command(CLI::App& app, Runner& run) {
  auto args = std::make_shared<DiagnoseArgs>();
  CLI::App* cmd = app.add_subcommand(
      "diagnose", "Tell each client's boot story from a capture: timeline, verdict, reason, fix");
  cmd->add_option("FILE", args->files, "pcap or pcapng capture file(s)")->required();
  cmd->add_flag("--json", args->json,
                "One JSON object per client per line: mac, uuid, arch, firmware, verdict, reason, "
                "fix, timeline, transfers");
  cmd->callback([&run, args] { run = [args] { return run_diagnose(*args); }; });
}

}  // namespace pxescope::cli
