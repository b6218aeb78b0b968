// pxescope-gui: the inspector.
// `pxescope-gui [FILE] [--screenshot OUT.png [--select N] [--view NAME]]` (NAME: kScreenshotViews).
#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QItemSelectionModel>
#include <QTreeView>
#include <cstdio>
#include <optional>

#include "gui/boot_story_view.hpp"
#include "gui/field_tree_model.hpp"
#include "gui/main_window.hpp"
#include "gui/packet_list_model.hpp"
#include "gui/stats_screenshots.hpp"
#include "gui/window_actions_gflow.hpp"

namespace {

int fail(const QString& message) {
  std::fprintf(stderr, "pxescope-gui: %s\n", qPrintable(message));
  return 1;
}

QWidget* showMainWindow(pxescope::gui::MainWindow& window, QString& /*why*/) {
  return &window;
}

// What --screenshot renders (--view NAME): the window, or a view it opens on the capture.
struct ScreenshotView {
  const char* name;
  const char* what;  // for --help
  // Null, with `why` (one line) when there is nothing to show.
  QWidget* (*show)(pxescope::gui::MainWindow& window, QString& why);
};
namespace gui = pxescope::gui;
constexpr ScreenshotView kScreenshotViews[] = {
    {"main", "the window", showMainWindow},
    {"flow-graph", "Statistics > Flow Graph", gui::showFlowGraphForScreenshot},
    {"boot-timeline", "Statistics > Boot Timeline", gui::showBootTimelineForScreenshot},
    {"dhcp-servers", "Statistics > DHCP Servers", gui::showDhcpServersForScreenshot},
    {"conversations", "Statistics > Conversations, UDP tab", gui::showConversationsForScreenshot},
    {"export-objects", "File > Export Objects > TFTP", gui::showTftpObjectsForScreenshot},
    {"export-objects-http", "File > Export Objects > HTTP", gui::showHttpObjectsForScreenshot},
    {"throughput", "the transfer throughput graph of --select N's transfer",
     gui::showThroughputForScreenshot},
};

const ScreenshotView* findView(const QString& name) {
  for (const ScreenshotView& v : kScreenshotViews)
    if (name == QLatin1String(v.name)) return &v;
  return nullptr;
}

QString viewNames() {
  QStringList names;
  for (const ScreenshotView& v : kScreenshotViews) names << QLatin1String(v.name);
  return names.join(QStringLiteral(", "));
}

// "main (the window); flow-graph (Statistics > Flow Graph); …" for --help.
QString viewHelp() {
  QStringList lines;
  for (const ScreenshotView& v : kScreenshotViews)
    lines << QStringLiteral("%1 (%2)").arg(QLatin1String(v.name), QLatin1String(v.what));
  return lines.join(QStringLiteral("; "));
}

// Loads the file, selects the packet with its PXE options open, renders the window at
// 1400×900 (or the view it opens, at the view's own fixed size) into a PNG. Works under
// QT_QPA_PLATFORM=offscreen.
int screenshot(const QString& file, const QString& out, std::uint64_t select,
               const ScreenshotView& view) {
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
  QString why;
  QWidget* shown = view.show(window, why);
  if (!shown)
    return fail(QStringLiteral("%1: --view %2: %3")
                    .arg(file, QLatin1String(view.name),
                         why.isEmpty() ? QStringLiteral("nothing to show") : why));
  if (!shown->grab().save(out)) return fail(QStringLiteral("%1: cannot write the PNG").arg(out));
  return 0;
}

// What the command line asks for.
struct Options {
  QString file;        // empty: start without a capture
  QString screenshot;  // empty: open the window
  std::uint64_t select = 0;
  const ScreenshotView* view = &kScreenshotViews[0];
};

// Parsed under a QCoreApplication, before any QApplication exists: --help, --version and
// usage errors then print and exit without a display (QApplication aborts without one).
// Returns an exit code when the program should stop here.
std::optional<int> parse_command_line(int argc, char** argv, Options& options) {
  QCoreApplication core(argc, argv);
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral("See what PXE firmware asks, and answer it."));
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument(QStringLiteral("FILE"),
                               QStringLiteral("pcap or pcapng capture to open"));
  const QCommandLineOption shot(
      QStringLiteral("screenshot"),
      QStringLiteral("Render the window (or the --view) to OUT.png and exit"),
      QStringLiteral("OUT.png"));
  const QCommandLineOption select(
      QStringLiteral("select"),
      QStringLiteral("Packet to select (default: the first PXE DISCOVER)"), QStringLiteral("N"));
  const QCommandLineOption view(
      QStringLiteral("view"),
      QStringLiteral("What --screenshot renders (default: main): %1").arg(viewHelp()),
      QStringLiteral("NAME"));
  parser.addOption(shot);
  parser.addOption(select);
  parser.addOption(view);
  parser.process(core);  // --help, --version, unknown options: prints and exits
  const QStringList files = parser.positionalArguments();
  if (files.size() > 1)
    return fail(QStringLiteral("one capture FILE at a time (got %1: %2); start one pxescope-gui "
                               "per file")
                    .arg(files.size())
                    .arg(files.join(QStringLiteral(", "))));
  if (!files.isEmpty()) options.file = files.first();
  if (parser.isSet(select)) {
    bool ok = false;
    options.select = parser.value(select).toULongLong(&ok);
    if (!ok || options.select == 0)
      return fail(QStringLiteral("--select wants a packet number from 1"));
  }
  if (parser.isSet(shot)) {
    if (options.file.isEmpty()) return fail(QStringLiteral("--screenshot needs a capture FILE"));
    options.screenshot = parser.value(shot);
  }
  if (parser.isSet(view)) {
    if (!parser.isSet(shot)) return fail(QStringLiteral("--view goes with --screenshot OUT.png"));
    options.view = findView(parser.value(view));
    if (!options.view)
      return fail(
          QStringLiteral("unknown --view %1 (one of: %2)").arg(parser.value(view), viewNames()));
  }
  return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
  QCoreApplication::setOrganizationName(QStringLiteral("pxescope"));
  QCoreApplication::setApplicationName(QStringLiteral("pxescope-gui"));
  QCoreApplication::setApplicationVersion(QStringLiteral(PXESCOPE_VERSION));
  Options options;
  if (const std::optional<int> exit_code = parse_command_line(argc, argv, options))
    return *exit_code;

  QApplication app(argc, argv);
  if (!options.screenshot.isEmpty())
    return screenshot(options.file, options.screenshot, options.select, *options.view);

  pxescope::gui::MainWindow window;
  window.show();
  if (!options.file.isEmpty() && window.openFile(options.file) && options.select) {
    window.packetModel()->waitForScan();
    window.selectFrame(options.select);
  }
  return app.exec();
}
