#include "gui/scan_pass.hpp"

#include <chrono>
#include <filesystem>

#include "analyzer/capture_index.hpp"
#include "analyzer/summary.hpp"

namespace pxescope::gui {

bool classify_frame(const ScanOptions& options, const Frame& frame, PacketDissector& dissector,
                    FieldTree& tree, ClientTable* clients, FrameFacts& facts,
                    filter::FrameClock& clock, ClientMembership* membership,
                    CaptureLinter* linter) {
  filter::FrameContext context = clock.next(frame);
  context.membership = membership;
  DhcpSummary summary;
  facts = FrameFacts{};
  const bool dhcp = summarize_dhcp(frame, summary);
  // The summary's bare walk is enough for most DHCP frames; the full dissection is for the
  // display filter, a client's first request (its UUID) and everything else (TFTP follows
  // transfers, so the dissector must see every non-DHCP frame in order).
  const bool filtering = options.filter && !options.filter->matches_everything();
  constexpr std::uint8_t kAck = 5;  // the membership learns leases from ACKs
  const bool need_tree = !dhcp || filtering || (clients && clients->wants_tree(summary)) ||
                         (membership && summary.message_type == kAck);
  bool have_tree = false;
  std::size_t lint_findings = 0;
  if (need_tree) {
    const DissectResult decoded = linter ? linter->dissect_and_annotate(dissector, frame, tree)
                                         : dissector.dissect(frame, tree);
    if (linter && decoded.protocol == AppProtocol::Dhcp) lint_findings = linter->findings().size();
    have_tree = true;
    if (decoded.protocol == AppProtocol::Tftp) facts.flags |= kFrameTftp;
    if (tree.count_warnings(Severity::Warn) > 0) facts.flags |= kFrameWarned;
    if (membership) membership->learn(frame, tree);
  } else {
    if (summary.malformed) facts.flags |= kFrameWarned;
    // No tree to annotate: the linter reads the bytes (it must see every request anyway).
    if (linter && dhcp) lint_findings = linter->check(frame).size();
    for (std::size_t i = 0; i < lint_findings; ++i)
      if (linter->findings()[i].severity >= Severity::Warn) facts.flags |= kFrameWarned;
  }
  if (lint_findings > 0) facts.flags |= kFrameLinted;
  if (dhcp) {
    facts.flags |= kFrameDhcp;
    facts.message_type = summary.message_type;
    if (summary.pxe) facts.flags |= kFramePxe;
    if (clients) clients->add(frame, summary, have_tree ? &tree : nullptr);
  }
  if (options.dhcp_only && !(facts.flags & kFrameDhcp)) return false;
  if (options.pxe_only && !(facts.flags & kFramePxe)) return false;
  return !filtering || options.filter->matches(tree, context);
}

ScanResult run_scan(const ScanOptions& options, const std::atomic<bool>& cancel,
                    const std::function<void(ScanChunk&&)>& on_chunk) {
  ScanResult result;
  CaptureScanner scanner;
  if (!scanner.open(options.path)) {
    result.error = scanner.error();
    return result;
  }
  result.opened = true;
  std::error_code ec;
  const auto total = static_cast<std::int64_t>(std::filesystem::file_size(options.path, ec));

  auto dissector = std::make_shared<PacketDissector>();
  auto membership = std::make_shared<ClientMembership>();
  FieldTree tree;
  ClientTable clients(kMaxClients);
  CaptureLinter linter;
  filter::FrameClock clock;
  Frame frame;
  std::int64_t offset = 0;

  ScanChunk chunk;
  std::size_t chunk_limit = 256;  // small first chunk: rows appear at once
  auto last_flush = std::chrono::steady_clock::now();
  auto flush = [&] {
    chunk.bytes_done = offset;
    chunk.bytes_total = total;
    on_chunk(std::move(chunk));
    chunk = ScanChunk{};
    chunk.first_frame = result.frames;
    last_flush = std::chrono::steady_clock::now();
  };

  while (!cancel.load(std::memory_order_relaxed) && scanner.next(frame, offset)) {
    if (result.frames == 0) {
      chunk.first_ts_sec = frame.ts_sec;
      chunk.first_ts_nsec = frame.ts_nsec;
    }
    FrameFacts facts;
    if (classify_frame(options, frame, *dissector, tree, &clients, facts, clock, membership.get(),
                       options.lint ? &linter : nullptr))
      chunk.visible.push_back(static_cast<std::uint32_t>(result.frames));
    if (facts.flags & kFrameLinted)
      chunk.findings.emplace_back(result.frames + 1, linter.findings());

    chunk.offsets.push_back(offset);
    chunk.facts.push_back(facts);
    ++result.frames;
    if (chunk.offsets.size() >= chunk_limit ||
        std::chrono::steady_clock::now() - last_flush > std::chrono::milliseconds(200)) {
      flush();
      chunk_limit = 50000;
    }
  }
  if (scanner.reader().truncated() || !scanner.error().empty()) result.error = scanner.error();
  offset = total;
  flush();
  result.clients = clients.clients();
  result.unlisted_client_frames = clients.overflow_frames();
  result.dissector = std::move(dissector);
  result.membership = std::move(membership);
  if (!cancel.load() && result.error.empty())
    result.fetcher = std::make_unique<FrameFetcher>(std::move(scanner));
  return result;
}

}  // namespace pxescope::gui
