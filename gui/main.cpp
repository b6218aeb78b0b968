// pxescope-gui: the inspector. `pxescope-gui [FILE] [--screenshot OUT.png [--select N]]`.
#include <QApplication>
#include <QCommandLineParser>
#include <QItemSelectionModel>
#include <QTreeView>
#include <cstdio>

#include "gui/boot_story_view.hpp"
#include "gui/field_tree_model.hpp"
#include "gui/main_window.hpp"
#include "gui/packet_list_model.hpp"

namespace {

int fail(const QString& message) {
  std::fprintf(stderr, "pxescope-gui: %s\n", qPrintable(message));
  return 1;
}

// Loads the file, selects the packet with its PXE options open, renders the window at
// 1400×900 into a PNG. Works under QT_QPA_PLATFORM=offscreen.
int screenshot(const QString& file, const QString& out, std::uint64_t select) {
  pxescope::gui::MainWindow window(/*restore_layout=*/false);
  window.resize(1400, 900);
  if (!window.openFile(file, /*quiet=*/true)) return fail(window.lastError());
  window.packetModel()->waitForScan();
  window.bootStoryView()->waitForStories();
  if (select == 0) select = window.packetModel()->firstPxeDiscover();
  if (select == 0) select = 1;
  if (!window.selectFrame(select))
    return fail(QStringLiteral("%1: no frame %2 (the file has %3)")
                    .arg(file)
                    .arg(select)
                    .arg(window.packetModel()->frameCount()));
  window.show();
  QApplication::processEvents();
  window.expandPxeOptions();
  // Show the byte highlight too: select the client architecture option if there is one.
  const auto& tree = window.treeModel()->tree();
  const auto arch = tree.find("dhcp.option.client_system_architecture");
  if (arch != pxescope::kNoNode) {
    window.revealTreeIndex(window.treeModel()->indexOfNode(arch));
  }
  QApplication::processEvents();
  if (!window.grab().save(out)) return fail(QStringLiteral("%1: cannot write the PNG").arg(out));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("pxescope"));
  QApplication::setApplicationName(QStringLiteral("pxescope-gui"));
  QApplication::setApplicationVersion(QStringLiteral(PXESCOPE_VERSION));

  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral("See what PXE firmware asks, and answer it."));
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument(QStringLiteral("FILE"),
                               QStringLiteral("pcap or pcapng capture to open"));
  const QCommandLineOption shot(QStringLiteral("screenshot"),
                                QStringLiteral("Render the window to OUT.png and exit"),
                                QStringLiteral("OUT.png"));
  const QCommandLineOption select(
      QStringLiteral("select"),
      QStringLiteral("Packet to select (default: the first PXE DISCOVER)"), QStringLiteral("N"));
  parser.addOption(shot);
  parser.addOption(select);
  parser.process(app);
  const QStringList files = parser.positionalArguments();

  std::uint64_t frame = 0;
  if (parser.isSet(select)) {
    bool ok = false;
    frame = parser.value(select).toULongLong(&ok);
    if (!ok || frame == 0) return fail(QStringLiteral("--select wants a packet number from 1"));
  }
  if (parser.isSet(shot)) {
    if (files.isEmpty()) return fail(QStringLiteral("--screenshot needs a capture FILE"));
    return screenshot(files.first(), parser.value(shot), frame);
  }

  pxescope::gui::MainWindow window;
  window.show();
  if (!files.isEmpty() && window.openFile(files.first()) && frame) {
    window.packetModel()->waitForScan();
    window.selectFrame(frame);
  }
  return app.exec();
}
