#include "analyzer/expert/expert_info.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <tuple>

#include "analyzer/capture_reader.hpp"
#include "analyzer/lint/capture_linter.hpp"
#include "analyzer/packet_dissector.hpp"

namespace pxescope {
namespace {

constexpr std::string_view kLintPrefix = "pxe-lint ";  // annotate_dhcp_tree's message prefix

void collect_node(const FieldTree& tree, NodeId id, std::uint64_t frame,
                  std::vector<ExpertItem>& out) {
  const FieldNode& n = tree[id];
  for (const Warning& w : n.warnings) {
    ExpertItem item;
    item.frame = frame;
    item.severity = w.severity;
    item.code = expert_code(n.name, w.message);
    item.field = n.name;
    item.message = w.message;
    out.push_back(std::move(item));
  }
  tree.for_each_child(id, [&](NodeId c) { collect_node(tree, c, frame, out); });
}

}  // namespace

std::string_view expert_code(std::string_view field, std::string_view message) {
  if (message.starts_with(kLintPrefix)) {
    const std::string_view rest = message.substr(kLintPrefix.size());
    const std::size_t colon = rest.find(':');
    if (colon != std::string_view::npos && colon > 0) return rest.substr(0, colon);
  }
  return field.substr(0, field.find('.'));
}

void collect_tree_warnings(const FieldTree& tree, std::uint64_t frame,
                           std::vector<ExpertItem>& out) {
  tree.for_each_child(kNoNode, [&](NodeId id) { collect_node(tree, id, frame, out); });
}

struct ExpertCollector::State {
  PacketDissector dissector;
  CaptureLinter linter;
  FieldTree tree;
};

ExpertCollector::ExpertCollector() : state_(std::make_unique<State>()) {
  state_->tree.set_info_wanted(false);  // warnings only: no Info column to make
}

ExpertCollector::~ExpertCollector() = default;

void ExpertCollector::add(const Frame& frame) {
  // As `analyze -V`: the linter sees every DHCP frame and annotates the replies.
  State& s = *state_;
  s.linter.dissect_and_annotate(s.dissector, frame, s.tree);
  collect_tree_warnings(s.tree, frame.index, items_);
}

ExpertReport collect_expert_info(const std::string& path, const std::atomic<bool>* cancel,
                                 const std::function<void(int percent)>& progress) {
  ExpertReport report;
  CaptureReader reader;
  if (!reader.open_file(path)) {
    report.error = reader.error();
    return report;
  }
  std::error_code ec;
  const auto total = static_cast<std::int64_t>(std::filesystem::file_size(path, ec));
  ExpertCollector collector;
  Frame frame;
  int last_percent = -1;
  while (reader.next(frame)) {
    if (cancel && cancel->load(std::memory_order_relaxed)) {
      report.cancelled = true;  // what was found so far is kept
      report.error = "cancelled";
      break;
    }
    ++report.frames;
    collector.add(frame);
    if (progress && total > 0 && (report.frames & 1023) == 0) {
      const int percent = static_cast<int>(100 * std::max<std::int64_t>(reader.tell(), 0) / total);
      if (percent != last_percent) progress(last_percent = std::min(percent, 99));
    }
  }
  report.items = std::move(collector.items());
  if (!reader.error().empty() && !report.cancelled) report.error = reader.error();
  if (progress) progress(100);
  return report;
}

std::vector<ExpertGroup> group_expert_items(const std::vector<ExpertItem>& items) {
  // Errors first, then warnings, then notes; codes alphabetical within a severity.
  std::map<std::pair<int, std::string>, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < items.size(); ++i)
    groups[{-static_cast<int>(items[i].severity), items[i].code}].push_back(i);
  std::vector<ExpertGroup> out;
  out.reserve(groups.size());
  for (auto& [key, indices] : groups)
    out.push_back({static_cast<Severity>(-key.first), key.second, std::move(indices)});
  return out;
}

std::string render_expert_text(const ExpertReport& report) {
  std::string out;
  for (const ExpertGroup& g : group_expert_items(report.items)) {
    out += severity_name(g.severity);
    out += " ";
    out += g.code;
    out += " (" + std::to_string(g.items.size()) + ")\n";
    for (std::size_t i : g.items) {
      const ExpertItem& item = report.items[i];
      out +=
          "  frame " + std::to_string(item.frame) + ": " + item.field + ": " + item.message + "\n";
    }
  }
  return out;
}

}  // namespace pxescope
