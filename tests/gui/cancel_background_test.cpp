// Never freeze: the background passes (the packet index or a filter run, the boot stories)
// show their progress and stop on Esc or when another file opens; what they found stays.
#include <QAction>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QtTest>

#include "analyzer/capture_reader.hpp"
#include "analyzer/pcapng_writer.hpp"
#include "tests/gui/window_fixture.hpp"

using namespace pxescope;
using namespace pxescope::gui;

namespace {

const QString kBooted = pxescope::test::kBootedCapture;
constexpr std::uint64_t kFrames = 20000;

// kFrames copies of the capture's first DISCOVER: long enough that both passes are still at
// their start when the test stops them (they check every frame, and every 4096 frames).
QString writeBigCapture(const QTemporaryDir& dir) {
  CaptureReader reader;
  Frame frame;
  if (!reader.open_file(kBooted.toStdString()) || !reader.next(frame)) return {};
  const std::vector<std::uint8_t> bytes(frame.data.begin(), frame.data.end());
  const QString path = dir.filePath(QStringLiteral("big.pcapng"));
  PcapngWriter writer;
  if (!writer.open(path.toStdString())) return {};
  for (std::uint64_t i = 0; i < kFrames; ++i) {
    frame.data = bytes;
    frame.ts_nsec = static_cast<std::uint32_t>(i * 1000);
    if (!writer.write(frame)) return {};
  }
  return writer.close() ? path : QString();
}

QAction* escapeAction(MainWindow& w) {
  for (QAction* a : w.findChildren<QAction*>())
    if (a->shortcut() == QKeySequence(Qt::Key_Escape)) return a;
  return nullptr;
}

QString storyPane(MainWindow& w) {
  return w.bootStoryView()->findChild<QTextBrowser*>(QStringLiteral("storyBody"))->toPlainText();
}

}  // namespace

// A window that has just opened the big capture: both passes are under way.
struct OpenedBig {
  QTemporaryDir dir;
  QString path = writeBigCapture(dir);
  MainWindow window{false};
  bool opened = !path.isEmpty() && (window.show(), window.openFile(path, true));
};

class CancelBackgroundTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void escapeStopsIndexingAndStoriesAndKeepsTheWindowUsable() {
    OpenedBig big;
    MainWindow& w = big.window;
    QVERIFY(big.opened);
    QAction* esc = escapeAction(w);
    QVERIFY2(esc, "an action on Esc");
    QVERIFY(w.packetModel()->isScanning());
    QVERIFY(w.bootStoryView()->isTelling());
    esc->trigger();

    QVERIFY(!w.packetModel()->isScanning());
    QVERIFY2(w.packetModel()->frameCount() < kFrames,
             qPrintable(QString::number(w.packetModel()->frameCount())));
    QVERIFY2(w.packetModel()->scanError().contains(QLatin1String("stopped (Esc)")),
             qPrintable(w.packetModel()->scanError()));
    w.bootStoryView()->waitForStories();
    QVERIFY(!w.bootStoryView()->isTelling());
    QVERIFY(!w.bootStoryView()->isReady());
    QVERIFY2(storyPane(w).contains(QLatin1String("stopped (Esc)")), qPrintable(storyPane(w)));

    // The window goes on: a filter reads the whole file again.
    QVERIFY(w.applyFilter(QStringLiteral("dhcp")));
    w.packetModel()->waitForScan();
    QCOMPARE(w.packetModel()->frameCount(), kFrames);
    QCOMPARE(static_cast<std::uint64_t>(w.packetModel()->rowCount()), kFrames);
  }

  void openingAnotherFileStopsThePreviousStories() {
    OpenedBig big;
    MainWindow& w = big.window;
    QVERIFY(big.opened);
    QVERIFY(w.bootStoryView()->isTelling());
    QVERIFY(w.openFile(kBooted, true));
    w.packetModel()->waitForScan();
    w.bootStoryView()->waitForStories();
    QVERIFY(w.bootStoryView()->isReady());
    QVERIFY(w.selectFrame(1));
    QCOMPARE(w.bootStoryView()->verdictText(), QStringLiteral("Verdict: booted"));
  }

  void progressIsShownWhileTelling() {
    OpenedBig big;
    MainWindow& w = big.window;
    QVERIFY(big.opened);
    // The pane names the file and, as the pass goes, how far it is (and that Esc stops it).
    QVERIFY2(storyPane(w).contains(QLatin1String("Telling the boot stories of")),
             qPrintable(storyPane(w)));
    QStringList shown;
    connect(w.bootStoryView(), &BootStoryView::tellingProgress, this,
            [&](int) { shown << storyPane(w); });
    QTRY_VERIFY_WITH_TIMEOUT(w.bootStoryView()->isReady(), 60000);
    QVERIFY(!shown.isEmpty());
    QVERIFY2(shown.last().contains(QLatin1String("% (Esc stops)")), qPrintable(shown.last()));
  }
};

QTEST_MAIN(CancelBackgroundTest)
#include "cancel_background_test.moc"
