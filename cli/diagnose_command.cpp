// `pxescope diagnose FILE...`: each client's boot story (timeline, verdict, reason, fix), or
// with --json one JSON object per client per line.
#include <chrono>
#include <csignal>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/capture_reader.hpp"
#include "analyzer/story/boot_story.hpp"
#include "analyzer/story/live_stories.hpp"
#include "analyzer/story/story_render.hpp"
#include "cli/capture_files.hpp"
#include "cli/commands.hpp"

namespace pxescope::cli {
namespace {

struct DiagnoseArgs {
  std::vector<std::string> files;
  std::string iface;
  double seconds = 60;
  bool json = false;
  bool all_clients = false;   // also the DHCP clients that are not network-booting
  bool capture_time = false;  // text: times from the capture's start
  bool follow = false;        // live: each story as it ends, until interrupted
  bool seconds_given = false;
};

// `json_prefix` (json_file_member) goes first in each JSON object when several files are read.
void print_stories(const std::vector<ClientStory>& stories, const DiagnoseArgs& args,
                   const std::string& json_prefix = {}) {
  std::string out;
  std::size_t hidden = 0;
  for (const ClientStory& story : stories) {
    if (story.verdict == Verdict::NotPxe && !args.all_clients) {
      ++hidden;
      continue;
    }
    out.clear();
    if (args.json) {
      append_story_json(story, out);
      if (out.starts_with('{')) out.insert(1, json_prefix);
    } else {
      append_story_text(story, out, {.capture_time = args.capture_time});
    }
    out += '\n';
    std::fwrite(out.data(), 1, out.size(), stdout);
  }
  if (hidden && !args.json)
    std::printf(
        "%zu DHCP client(s) not network-booting (not-pxe) hidden; --all-clients shows them\n",
        hidden);
}

// Live: watch the interface for a while (DHCP, 4011, TFTP with its ephemeral ports, ICMP),
// then tell the stories of what was seen.
int run_live(const DiagnoseArgs& args) {
  CaptureReader reader;
  if (!reader.open_live(args.iface, "udp or icmp")) {
    std::fprintf(stderr, "pxescope: %s\n", reader.error().c_str());
    return kExitInput;
  }
  if (!args.json)
    std::fprintf(stderr, "pxescope: watching %s for %.0f s...\n", args.iface.c_str(), args.seconds);
  StoryBuilder builder;
  Frame frame;
  const auto end = std::chrono::steady_clock::now() +
                   std::chrono::milliseconds(static_cast<long long>(args.seconds * 1000));
  while (std::chrono::steady_clock::now() < end) {
    if (reader.next(frame, 250)) {
      builder.add(frame);
    } else if (!reader.timed_out()) {
      std::fprintf(stderr, "pxescope: %s\n", reader.error().c_str());
      return kExitInput;
    }
  }
  const std::vector<ClientStory> stories = builder.finish();
  if (stories.empty() && !args.json) std::printf("no DHCP client seen on %s\n", args.iface.c_str());
  print_stories(stories, args);
  std::fflush(stdout);
  return kExitOk;
}

volatile std::sig_atomic_t follow_stop = 0;

// --follow: like `tail -f`, each client's story as soon as it ends (a boot, then silence), from
// the same live-story engine `respond` uses; until Ctrl-C (or --seconds), then the open ones.
int run_follow(const DiagnoseArgs& args) {
  CaptureReader reader;
  if (!reader.open_live(args.iface, "udp or icmp or tcp")) {
    std::fprintf(stderr, "pxescope: %s\n", reader.error().c_str());
    return kExitInput;
  }
  std::signal(SIGINT, [](int) { follow_stop = 1; });
  std::signal(SIGTERM, [](int) { follow_stop = 1; });
  if (!args.json)
    std::fprintf(stderr, "pxescope: following boots on %s (Ctrl-C to stop)...\n",
                 args.iface.c_str());
  LiveStories stories;
  const auto print = [&args](FinishedStory&& f) {
    print_stories({std::move(f.story)}, args);
    std::fflush(stdout);
  };
  const auto wall = [] {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
  const auto end = std::chrono::steady_clock::now() +
                   std::chrono::milliseconds(static_cast<long long>(args.seconds * 1000));
  Frame frame;
  while (!follow_stop && (!args.seconds_given || std::chrono::steady_clock::now() < end)) {
    if (reader.next(frame, 250)) {
      stories.add(frame);
    } else if (!reader.timed_out()) {
      std::fprintf(stderr, "pxescope: %s\n", reader.error().c_str());
      return kExitInput;
    }
    stories.expire(wall(), print);
  }
  stories.finish_all(wall(), print);
  return kExitOk;
}

int run_diagnose(const DiagnoseArgs& args) {
  if (args.follow && args.iface.empty()) {
    std::fprintf(stderr, "pxescope: diagnose --follow needs -i IFACE (a live interface)\n");
    return kExitUsage;
  }
  if (args.follow) return run_follow(args);
  if (!args.iface.empty()) return run_live(args);
  if (args.files.empty()) {
    std::fprintf(stderr, "pxescope: diagnose needs a capture FILE or -i IFACE\n");
    return kExitUsage;
  }
  std::optional<StoryBuilder> builder;  // one per file
  const int exit_code = read_capture_files(
      args.files, [&](const std::string&) { builder.emplace(); },
      [&](const Frame& frame) { builder->add(frame); },
      [&](const std::string& path) {
        const std::vector<ClientStory> stories = builder->finish();
        if (!args.json && args.files.size() > 1) std::printf("==> %s <==\n", path.c_str());
        if (stories.empty() && !args.json) std::printf("no DHCP client in %s\n", path.c_str());
        print_stories(stories, args,
                      args.files.size() > 1 ? json_file_member(path) : std::string());
      });
  std::fflush(stdout);
  return exit_code;
}

}  // namespace

void add_diagnose_command(CLI::App& app, Runner& run) {
  auto args = std::make_shared<DiagnoseArgs>();
  CLI::App* cmd = app.add_subcommand(
      "diagnose", "Tell each client's boot story from a capture: timeline, verdict, reason, fix");
  auto* files = cmd->add_option("FILE", args->files, "pcap or pcapng capture file(s)");
  cmd->add_option("-i,--iface", args->iface, "Watch this interface live instead of reading files")
      ->excludes(files);
  auto* seconds =
      cmd->add_option("--seconds", args->seconds, "Live: how long to watch (default 60)")
          ->check(CLI::Range(1.0, 86400.0));
  cmd->add_flag("--follow", args->follow,
                "Live: print each client's story as soon as it ends (a boot, then 12 s of "
                "silence), like tail -f, until Ctrl-C (or --seconds)");
  cmd->add_flag("--json", args->json,
                "One JSON object per client per line: mac, uuid, arch, firmware, verdict, reason, "
                "fix, timeline, transfers");
  cmd->add_flag("--all-clients", args->all_clients,
                "Also show DHCP clients that are not network-booting (verdict not-pxe)");
  cmd->add_flag("--capture-time", args->capture_time,
                "Text: times from the capture's start instead of the client's first packet");
  cmd->callback([&run, args, seconds] {
    args->seconds_given = seconds->count() > 0;
    run = [args] { return run_diagnose(*args); };
  });
}

}  // namespace pxescope::cli
