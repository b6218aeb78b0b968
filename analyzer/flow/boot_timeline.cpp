#include "analyzer/flow/boot_timeline.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>

#include "analyzer/clients/client_table.hpp"

namespace pxescope::flow {
namespace {

// Which stage a story event belongs to (by the prefix of its kind). ICMP and notes go to the
// stage they interrupt (nullopt).
struct KindRule {
  std::string_view kind_prefix;
  StageKind stage;
};
constexpr KindRule kKindRules[] = {
    {"dhcpv6-", StageKind::Dhcpv6},   {"dhcp-", StageKind::Dhcp},
    {"proxy-offer", StageKind::Dhcp}, {"pxe-4011-", StageKind::Proxy4011},
    {"tftp-", StageKind::BootFile},   {"http-", StageKind::Http},
};

// Requests a client repeats while nobody answers: their repeats are retries.
constexpr std::string_view kRequestKinds[] = {"dhcp-discover", "pxe-4011-request", "tftp-rrq",
                                              "dhcpv6-solicit", "http-request"};
// Events that say the stage failed.
constexpr std::string_view kFailureKinds[] = {
    "dhcp-nak",        "tftp-error",      "tftp-incomplete", "http-error",
    "http-incomplete", "http-unanswered", "icmp-unreachable"};

// Events that tell of silence rather than an answer.
constexpr std::string_view kNoAnswerKinds[] = {"icmp-unreachable", "http-unanswered"};

template <std::size_t N>
bool listed(const std::string_view (&list)[N], const std::string& kind) {
  return std::find(std::begin(list), std::end(list), kind) != std::end(list);
}

// The event is not an answer: silence, or the summary of a TFTP request no server answered.
bool says_no_answer(const ClientStory& s, const TimelineEvent& e) {
  if (listed(kNoAnswerKinds, e.kind)) return true;
  if (!e.kind.starts_with("tftp-")) return false;
  return std::any_of(s.transfers.begin(), s.transfers.end(), [&](const TftpTransferStory& x) {
    return x.first_frame == e.frame && x.server_port == 0;
  });
}

std::optional<StageKind> stage_of(const std::string& kind) {
  for (const KindRule& r : kKindRules)
    if (kind.starts_with(r.kind_prefix)) return r.stage;
  return std::nullopt;
}

// When the boot file's transfer ended (capture seconds): later TFTP is the next files.
double boot_file_end(const ClientStory& s) {
  for (const TftpTransferStory& x : s.transfers)
    if (!x.tsize_probe) return x.end - s.capture_start;
  return 1e300;
}

std::string seconds_text(double s) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f s", s);
  return b;
}

// One stage being collected from consecutive events.
struct Open {
  BootStage stage;
  bool answered = false;
  bool saw_failure = false;
  std::uint32_t requests = 0;
  std::string first_file;
};

void close(Open& o, bool booted, std::vector<BootStage>& out) {
  BootStage& st = o.stage;
  st.label = std::string(stage_name(st.kind));
  if (st.kind == StageKind::BootFile && !o.first_file.empty()) st.label += " " + o.first_file;
  if (o.requests > 1) st.label += " (" + std::to_string(o.requests) + " requests)";
  // A failure the boot got past (a capture cut in a later file) is not where it stopped.
  if (o.saw_failure && !booted) st.outcome = StageOutcome::Failed;
  if (!o.answered) {
    st.retry_until = st.end;  // all of it was asking
    st.outcome = StageOutcome::Failed;
  }
  out.push_back(std::move(st));
}

}  // namespace

std::string_view stage_name(StageKind kind) {
  static constexpr std::string_view kNames[] = {"DHCP", "proxyDHCP/4011", "boot file", "next files",
                                                "HTTP", "DHCPv6",         "idle"};
  return kNames[static_cast<std::size_t>(kind)];
}

ClientTimeline boot_timeline(const ClientStory& s) {
  ClientTimeline t;
  t.mac = s.mac;
  t.name = format_mac(s.mac);
  if (!s.firmware.name.empty()) t.name += " (" + s.firmware.name + ")";
  t.verdict = std::string(verdict_code(s.verdict));
  const double file_end = boot_file_end(s);
  const bool booted = s.verdict == Verdict::Booted || s.verdict == Verdict::NotPxe;
  std::vector<BootStage> stages;
  std::optional<Open> open;
  for (const TimelineEvent& e : s.timeline) {
    std::optional<StageKind> kind = stage_of(e.kind);
    if (kind == StageKind::BootFile && e.capture_time > file_end + 1e-9)
      kind = StageKind::NextFiles;
    if (!kind && !open) continue;  // a note before any stage
    if (kind && (!open || open->stage.kind != *kind)) {
      if (open) close(*open, booted, stages);
      open.emplace();
      open->stage.kind = *kind;
      open->stage.start = open->stage.end = open->stage.retry_until = e.capture_time;
      open->stage.first_frame = e.frame;
    }
    BootStage& st = open->stage;
    // Notes ("gave up on IPv4") do not stretch a stage; an ICMP error about it does.
    if (kind || listed(kFailureKinds, e.kind)) st.end = std::max(st.end, e.capture_time);
    ++st.events;
    if (listed(kFailureKinds, e.kind)) open->saw_failure = true;
    if (listed(kRequestKinds, e.kind)) {
      ++open->requests;
      if (open->first_file.empty() && e.text.starts_with("TFTP read request ")) {
        // "TFTP read request FILE to ..." : the file is the fourth word.
        const std::size_t at = std::string_view("TFTP read request ").size();
        open->first_file = e.text.substr(at, e.text.find(' ', at) - at);
      }
      if (!open->answered) st.retry_until = e.capture_time;
    } else if (kind && !says_no_answer(s, e)) {
      open->answered = true;
    }
  }
  if (open) close(*open, booted, stages);
  // The story stopped in its last stage unless the client booted (or is no PXE client).
  if (!stages.empty() && !booted) stages.back().outcome = StageOutcome::Failed;
  // Idle gaps between stages: waiting, timeouts.
  for (std::size_t i = 0; i < stages.size(); ++i) {
    if (i > 0 && stages[i].start - stages[i - 1].end >= kIdleGapSeconds) {
      BootStage gap;
      gap.kind = StageKind::Idle;
      gap.outcome = StageOutcome::Idle;
      gap.start = gap.retry_until = stages[i - 1].end;
      gap.end = stages[i].start;
      gap.label = "idle " + seconds_text(gap.end - gap.start);
      t.stages.push_back(std::move(gap));
    }
    t.stages.push_back(stages[i]);
  }
  return t;
}

std::vector<ClientTimeline> boot_timelines(const std::vector<ClientStory>& stories) {
  const bool any_boot = std::any_of(stories.begin(), stories.end(),
                                    [](const ClientStory& s) { return s.network_boot; });
  std::vector<ClientTimeline> out;
  for (const ClientStory& s : stories)
    if (s.network_boot || !any_boot) out.push_back(boot_timeline(s));
  return out;
}

}  // namespace pxescope::flow
