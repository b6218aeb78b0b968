// Statistics ▸ Flow Graph and ▸ Boot Timeline, offscreen: the ladder's rows on a recorded boot,
// a click on an arrow or a stage selects its frame in the window, PNG and SVG exports, a big
// flow painted only where it is seen, and `--screenshot --view flow-graph|boot-timeline`.
#include <QApplication>
#include <QCheckBox>
#include <QFile>
#include <QMenu>
#include <QMenuBar>
#include <QProcess>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

#include "gui/boot_story_view.hpp"
#include "gui/boot_timeline_view.hpp"
#include "gui/flow_graph_view.hpp"
#include "gui/main_window.hpp"
#include "gui/packet_list_model.hpp"
#include "gui/window_actions_gflow.hpp"
#include "tests/gui/window_fixture.hpp"
#include "tests/test_captures.hpp"

using namespace pxescope;
using namespace pxescope::gui;
using pxescope::test::distinctColours;

namespace {

const QString kMissingFile =
    QString::fromStdString(pxescope::test::story_capture("bios-missing-file.pcap"));
const QString kClient = QStringLiteral("52:54:00:7b:2f:3c");
const QString kGui = QStringLiteral(PXESCOPE_BIN_DIR "/pxescope-gui");

int runGui(const QStringList& args, QString* err) {
  QProcess p;
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
  p.setProcessEnvironment(env);
  p.start(kGui, args);
  if (!p.waitForFinished(60000)) return -1;
  *err = QString::fromUtf8(p.readAllStandardError());
  return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
}

// Opens the capture in a window and waits for its index and stories.
void openInWindow(MainWindow& w, const QString& path) {
  QVERIFY(w.openFile(path, /*quiet=*/true));
  w.packetModel()->waitForScan();
  w.bootStoryView()->waitForStories();
}

int rowOfFrame(const flow::BootFlow& flow, std::uint64_t frame) {
  for (std::size_t i = 0; i < flow.steps.size(); ++i)
    if (flow.steps[i].frame == frame && !flow.steps[i].transfer) return int(i);
  return -1;
}

}  // namespace

class FlowGraphTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void menuOpensTheClientsFlowAndClickSelectsTheFrame() {
    MainWindow w(/*restore_layout=*/false);
    openInWindow(w, kMissingFile);
    QVERIFY(w.selectFrame(1));  // the client's DISCOVER: the story pane shows that client
    QCOMPARE(w.bootStoryView()->shownClient(), kClient);
    // Statistics ▸ Flow Graph is in the menu bar.
    QAction* entry = nullptr;
    for (QAction* a : w.menuBar()->actions())
      if (a->menu() && a->menu()->title().remove(QLatin1Char('&')) == QLatin1String("Statistics"))
        for (QAction* item : a->menu()->actions())
          if (item->text().remove(QLatin1Char('&')) == QLatin1String("Flow Graph")) entry = item;
    QVERIFY(entry);
    entry->trigger();
    auto* view = w.findChild<FlowGraphView*>();
    QVERIFY(view);
    view->waitForFlow();
    QVERIFY(!view->allClientsSwitch()->isChecked());
    QVERIFY(view->allClientsSwitch()->isEnabled());
    // bios-missing-file: 17 arrows (DHCP, ARP, 4011, the RRQ and its ERROR), 4 columns.
    QCOMPARE(view->flow().steps.size(), std::size_t(17));
    QCOMPARE(view->flow().hosts.size(), std::size_t(4));
    // A click on the ACK's arrow selects frame 13 in the window.
    const int ack = rowOfFrame(view->flow(), 13);
    QCOMPARE(QString::fromStdString(view->flow().steps[std::size_t(ack)].label),
             QStringLiteral("ACK"));
    view->resize(1200, 900);
    QApplication::processEvents();
    QTest::mouseClick(view->canvas(), Qt::LeftButton, {}, view->canvas()->rowCenter(ack));
    QCOMPARE(w.selectedFrame(), std::uint64_t(13));
    // The switch shows all boot traffic: here the same single client.
    view->setAllClients(true);
    QCOMPARE(view->flow().steps.size(), std::size_t(17));
    QVERIFY(view->allClientsSwitch()->isChecked());
  }

  void exportsPngAndSvg() {
    FlowGraphView view;
    view.setCapture(kMissingFile, kClient);
    view.waitForFlow();
    QCOMPARE(view.flow().steps.size(), std::size_t(17));
    QTemporaryDir dir;
    QString error;
    const QString png = dir.filePath(QStringLiteral("flow.png"));
    QVERIFY2(view.exportPng(png, &error), qPrintable(error));
    const QImage image(png);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(),
             QSize(FlowLayout::width(view.flow()), FlowLayout::height(view.flow().steps.size())));
    QVERIFY(distinctColours(image) > 8);
    const QString svg = dir.filePath(QStringLiteral("flow.svg"));
    QVERIFY2(view.exportSvg(svg, &error), qPrintable(error));
    QFile file(svg);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray xml = file.readAll();
    QXmlStreamReader reader(xml);
    QString texts;
    while (!reader.atEnd())
      if (reader.readNext() == QXmlStreamReader::Characters) texts += reader.text();
    QVERIFY2(!reader.hasError(), qPrintable(reader.errorString()));
    for (const char* label : {"DISCOVER", "proxy OFFER", "4011 ACK", "RRQ missing.0", "ERROR 1",
                              "192.168.77.2", "proxyDHCP + TFTP server"})
      QVERIFY2(texts.contains(QLatin1String(label)), label);
    QVERIFY(!view.exportPng(QStringLiteral("/nonexistent/dir/x.png"), &error));
    QVERIFY2(error.contains(QLatin1String("/nonexistent/dir/x.png")), qPrintable(error));
  }

  void transfersAreBars() {
    FlowGraphView view;
    view.setCapture(QString::fromStdString(pxescope::test::story_capture("bios-booted.pcap")),
                    QString());
    view.waitForFlow();
    const auto& steps = view.flow().steps;
    const auto bars = std::count_if(steps.begin(), steps.end(),
                                    [](const flow::FlowStep& s) { return s.transfer; });
    QVERIFY(bars >= 2);
    QVERIFY(steps.size() < 60);  // hundreds of DATA/ACK packets are not rows
  }

  void bigFlowPaintsOnlyWhatIsSeen() {
    flow::BootFlow big;
    big.hosts = {{"52:54:00:00:00:01", "client"}, {"10.0.0.1", "DHCP server"}};
    for (std::uint64_t i = 0; i < 20000; ++i) {
      flow::FlowStep s;
      s.frame = s.last_frame = i + 1;
      s.time = s.end = double(i) / 100;
      s.from = i % 2;
      s.to = 1 - i % 2;
      s.label = i % 2 ? "OFFER" : "DISCOVER";
      big.steps.push_back(s);
    }
    QScrollArea area;
    auto* canvas = new FlowGraphCanvas;
    canvas->setFlow(&big);
    area.setWidget(canvas);
    area.resize(800, 600);
    area.show();
    QVERIFY(QTest::qWaitForWindowExposed(&area));
    area.verticalScrollBar()->setValue(area.verticalScrollBar()->maximum() / 2);
    canvas->repaint();
    QVERIFY(canvas->lastPaintedRows() > 0);
    QVERIFY2(canvas->lastPaintedRows() < 100,
             qPrintable(QString::number(canvas->lastPaintedRows())));
    // The click maps to the row under the mouse, wherever the view is scrolled.
    QSignalSpy clicked(canvas, &FlowGraphCanvas::rowClicked);
    QTest::mouseClick(canvas, Qt::LeftButton, {}, canvas->rowCenter(12345));
    QCOMPARE(clicked.count(), 1);
    QCOMPARE(clicked.first().first().toInt(), 12345);
  }

  void timelineStagesAndClick() {
    MainWindow w(/*restore_layout=*/false);
    openInWindow(w, kMissingFile);
    BootTimelineView* view = openBootTimeline(w, /*quiet=*/true);
    QVERIFY(view);
    view->waitForTimelines();
    QCOMPARE(view->timelines().size(), std::size_t(1));
    const auto& stages = view->timelines()[0].stages;
    QVERIFY(!stages.empty());
    QCOMPARE(stages.back().outcome, flow::StageOutcome::Failed);  // red where it stopped
    view->resize(1200, 400);
    view->show();
    QApplication::processEvents();
    const int last = int(stages.size()) - 1;
    const QRect box = view->canvas()->stageRect(0, last);
    QVERIFY(box.isValid());
    QTest::mouseClick(view->canvas(), Qt::LeftButton, {}, box.center());
    QCOMPARE(w.selectedFrame(), stages.back().first_frame);
    QCOMPARE(w.selectedFrame(), std::uint64_t(23));  // the RRQ of missing.0
  }

  void screenshotViews() {
    QTemporaryDir dir;
    QString err;
    for (const QString& name : {QStringLiteral("flow-graph"), QStringLiteral("boot-timeline")}) {
      const QString png = dir.filePath(name + QStringLiteral(".png"));
      QCOMPARE(runGui({kMissingFile, QStringLiteral("--screenshot"), png, QStringLiteral("--view"),
                       name, QStringLiteral("--select"), QStringLiteral("1")},
                      &err),
               0);
      const QImage image(png);
      QCOMPARE(image.size(), QSize(1400, 900));
      QVERIFY2(distinctColours(image) > 8, qPrintable(name));
    }
    const QString png = dir.filePath(QStringLiteral("x.png"));
    QCOMPARE(runGui({kMissingFile, QStringLiteral("--screenshot"), png, QStringLiteral("--view"),
                     QStringLiteral("pie-chart")},
                    &err),
             1);
    QVERIFY2(err.contains(QLatin1String("unknown --view pie-chart")), qPrintable(err));
    QCOMPARE(runGui({kMissingFile, QStringLiteral("--view"), QStringLiteral("flow-graph")}, &err),
             1);
    QVERIFY2(err.contains(QLatin1String("--view goes with --screenshot")), qPrintable(err));
  }
};

QTEST_MAIN(FlowGraphTest)
#include "flow_graph_test.moc"
