// GUI benchmark: how fast the packet list shows its first rows on a big capture, how long the
// background index takes, what scrolling to random rows costs, and the resident memory.
//
//   pxescope-bench-gui --generate 1000000 --clients 1000 OUT.pcapng   (writes the capture)
//   pxescope-bench-gui --generate-replies 500000 --clients 1000 OUT.pcapng  (1,000,000 frames)
//   pxescope-bench-gui FILE                                           (measures)
//   pxescope-bench-gui --scan-cost FILE   (the index pass with and without the offer linter)
//
// The generated capture repeats the first DISCOVER of a real SeaBIOS/iPXE capture with its
// client MAC and xid varied over --clients machines, 10 µs apart (--generate-replies: each
// DISCOVER followed by the capture's OFFER to it, which the linter parses and checks). A
// program, not a test: it prints numbers and never asserts on them.
#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QRandomGenerator>
#include <QTableView>
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "analyzer/capture_reader.hpp"
#include "analyzer/pcapng_writer.hpp"
#include "bench/gui/process_memory.hpp"
#include "gui/packet_list_model.hpp"

namespace {

int generate(const std::string& out, std::uint64_t count, std::uint64_t clients, bool replies) {
  pxescope::CaptureReader reader;
  // The project's own recording, so a clone alone can generate (../shared may be absent).
  const std::string templ = PXESCOPE_SOURCE_DIR "/captures/real/seabios-ipxe-proxydhcp.pcap";
  if (!reader.open_file(templ)) {
    std::fprintf(stderr, "%s\n", reader.error().c_str());
    return 1;
  }
  pxescope::Frame frame;
  if (!reader.next(frame) || frame.data.size() < 80) {
    std::fprintf(stderr, "%s: no first frame\n", templ.c_str());
    return 1;
  }
  std::vector<std::uint8_t> bytes(frame.data.begin(), frame.data.end());
  pxescope::Frame offer_frame;
  std::vector<std::uint8_t> offer;  // the capture's OFFER (frame 2), when replies are asked for
  if (replies) {
    if (!reader.next(offer_frame) || offer_frame.data.size() < 80) {
      std::fprintf(stderr, "%s: no second frame\n", templ.c_str());
      return 1;
    }
    offer.assign(offer_frame.data.begin(), offer_frame.data.end());
  }
  pxescope::PcapngWriter writer;
  if (!writer.open(out)) {
    std::fprintf(stderr, "%s\n", writer.error().c_str());
    return 1;
  }
  constexpr std::size_t kEthSource = 6, kXid = 14 + 20 + 8 + 4, kChaddr = 14 + 20 + 8 + 28;
  const std::int64_t start = frame.ts_sec;
  for (std::uint64_t i = 0; i < count; ++i) {
    const std::uint64_t client = i % clients;
    for (int b = 0; b < 3; ++b) {
      const auto v = static_cast<std::uint8_t>(client >> (8 * (2 - b)));
      bytes[kEthSource + 3 + static_cast<std::size_t>(b)] = v;
      bytes[kChaddr + 3 + static_cast<std::size_t>(b)] = v;
    }
    for (int b = 0; b < 4; ++b)
      bytes[kXid + static_cast<std::size_t>(b)] = static_cast<std::uint8_t>(i >> (8 * (3 - b)));
    frame.ts_sec = start + static_cast<std::int64_t>(i / 100000);
    frame.ts_nsec = static_cast<std::uint32_t>((i % 100000) * 10000);
    frame.data = bytes;
    frame.original_length = static_cast<std::uint32_t>(bytes.size());
    if (!writer.write(frame)) break;
    if (offer.empty()) continue;
    std::copy_n(bytes.begin() + kXid, 4, offer.begin() + kXid);
    std::copy_n(bytes.begin() + kChaddr, 6, offer.begin() + kChaddr);
    offer_frame.ts_sec = frame.ts_sec;
    offer_frame.ts_nsec = frame.ts_nsec + 5000;
    offer_frame.data = offer;
    offer_frame.original_length = static_cast<std::uint32_t>(offer.size());
    if (!writer.write(offer_frame)) break;
  }
  if (!writer.close()) {
    std::fprintf(stderr, "%s\n", writer.error().c_str());
    return 1;
  }
  std::printf("wrote %llu frames (%llu clients) to %s\n",
              static_cast<unsigned long long>(replies ? 2 * count : count),
              static_cast<unsigned long long>(clients), out.c_str());
  return 0;
}

// The index pass (gui/scan_pass) over the file, without then with the offer linter, three
// times each in turns (the machine's load drifts); the best of each and their ratio.
int scanCost(const std::string& path) {
  double best[2] = {1e300, 1e300};
  std::uint64_t frames = 0;
  for (int round = 0; round < 6; ++round) {
    pxescope::gui::ScanOptions options;
    options.path = path;
    options.lint = round % 2 == 1;
    const std::atomic<bool> cancel{false};
    std::size_t linted = 0;
    QElapsedTimer clock;
    clock.start();
    const pxescope::gui::ScanResult result = pxescope::gui::run_scan(
        options, cancel,
        [&](pxescope::gui::ScanChunk&& chunk) { linted += chunk.findings.size(); });
    const double ms = static_cast<double>(clock.nsecsElapsed()) / 1e6;
    if (!result.opened) {
      std::fprintf(stderr, "%s\n", result.error.c_str());
      return 1;
    }
    frames = result.frames;
    best[options.lint] = std::min(best[options.lint], ms);
    std::printf("pass %d, linter %s: %.0f ms (%zu frames with findings)\n", round + 1,
                options.lint ? "on " : "off", ms, linted);
  }
  std::printf("frames: %llu; best without the linter %.0f ms, with it %.0f ms: x%.2f\n",
              static_cast<unsigned long long>(frames), best[0], best[1], best[1] / best[0]);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 5 && (args[0] == "--generate" || args[0] == "--generate-replies") &&
      args[2] == "--clients")
    return generate(args[4], std::stoull(args[1]), std::max<std::uint64_t>(1, std::stoull(args[3])),
                    args[0] == "--generate-replies");
  if (args.size() == 2 && args[0] == "--scan-cost") return scanCost(args[1]);
  if (args.size() != 1) {
    std::fprintf(stderr,
                 "usage: %s [--generate|--generate-replies N --clients K] FILE\n"
                 "       %s --scan-cost FILE\n",
                 argv[0], argv[0]);
    return 2;
  }
  qputenv("QT_QPA_PLATFORM",
          qgetenv("QT_QPA_PLATFORM").isEmpty() ? "offscreen" : qgetenv("QT_QPA_PLATFORM"));
  QApplication app(argc, argv);
  const long rss_before = statusKb("VmRSS:");

  pxescope::gui::PacketListModel model;
  QTableView view;
  view.setModel(&model);
  view.resize(1400, 500);
  view.show();

  QElapsedTimer clock;
  clock.start();
  QString error;
  if (!model.openFile(QString::fromStdString(args[0]), &error)) {
    std::fprintf(stderr, "%s\n", qPrintable(error));
    return 1;
  }
  // First rows: the first chunk is in the model and the view has painted (and so decoded) them.
  while (model.rowCount() < 30 && model.isScanning()) app.processEvents(QEventLoop::AllEvents, 5);
  view.grab();
  const double first_rows_ms = static_cast<double>(clock.nsecsElapsed()) / 1e6;
  while (model.isScanning()) app.processEvents(QEventLoop::AllEvents, 50);
  const double indexed_ms = static_cast<double>(clock.nsecsElapsed()) / 1e6;

  // Scrolling: jump to 200 random places and paint the visible rows each time.
  QElapsedTimer scroll;
  scroll.start();
  auto* rng = QRandomGenerator::global();
  for (int i = 0; i < 200; ++i) {
    view.scrollTo(model.index(static_cast<int>(rng->bounded(model.rowCount())), 0));
    view.grab();
  }
  const double per_jump_ms = static_cast<double>(scroll.nsecsElapsed()) / 1e6 / 200;

  std::printf("frames:                 %llu\n",
              static_cast<unsigned long long>(model.frameCount()));
  std::printf("clients:                %zu\n", model.clients().size());
  std::printf("first rows shown after: %.1f ms\n", first_rows_ms);
  std::printf("fully indexed after:    %.1f ms\n", indexed_ms);
  std::printf("scroll jump + paint:    %.2f ms (mean of 200 random jumps)\n", per_jump_ms);
  std::printf("RSS: %ld MB before open, %ld MB now, %ld MB peak\n", rss_before / 1024,
              statusKb("VmRSS:") / 1024, statusKb("VmHWM:") / 1024);
  return 0;
}
