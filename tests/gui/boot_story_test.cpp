// The Boot story pane, offscreen: selecting a client (or one of its packets) shows its
// timeline, the coloured verdict, the reason and the fix told by analyzer/story.
#include <QLabel>
#include <QStandardPaths>
#include <QTableWidget>
#include <QtTest>

#include "gui/boot_story_view.hpp"
#include "gui/main_window.hpp"
#include "gui/packet_list_model.hpp"
#include "tests/test_captures.hpp"

using namespace pxescope::gui;

namespace {

const QString kBooted =
    QString::fromStdString(pxescope::test::real_capture("seabios-ipxe-proxydhcp.pcap"));
// The client's MAC, from the recording's .discover.txt (it changes with each re-recording).
const QString kBootedMac = QString::fromStdString(
    pxescope::test::discover_fact("seabios-ipxe-proxydhcp.pcap", "Client MAC address"));
const QString kStories = QStringLiteral(PXESCOPE_SOURCE_DIR "/captures/stories/");

QTableWidget* clientsTable(MainWindow& w) {
  auto* dock = w.findChild<QDockWidget*>(QStringLiteral("clientsDock"));
  return dock ? dock->findChild<QTableWidget*>() : nullptr;
}

// Opens the capture and waits for the clients view and the stories.
bool openAndTell(MainWindow& w, const QString& path) {
  if (!w.openFile(path, true)) return false;
  w.packetModel()->waitForScan();
  QCoreApplication::processEvents();
  return QTest::qWaitFor([&] { return w.bootStoryView()->isReady(); }, 30000);
}

}  // namespace

class BootStoryTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void selectedClientShowsBootedStoryWithItsTftpTransfer() {
    MainWindow w(false);
    w.show();
    QVERIFY(openAndTell(w, kBooted));
    BootStoryView* story = w.bootStoryView();
    QVERIFY(story->isVisible());

    QTableWidget* clients = clientsTable(w);
    QVERIFY(clients);
    QTRY_COMPARE(clients->rowCount(), 1);
    clients->selectRow(0);
    QCOMPARE(story->verdictText(), QStringLiteral("Verdict: booted"));
    QVERIFY(story->verdictLabel()->styleSheet().contains(QStringLiteral("#2e7d32")));  // green
    const QString text = story->storyText();
    QCOMPARE(kBootedMac.size(), 17);
    QVERIFY2(text.contains(kBootedMac), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("TFTP read request pxelinux.0")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("TFTP pxelinux.0: 42430 bytes")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Firmware: iPXE")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Reason: downloaded pxelinux.0")), qPrintable(text));
    // The clients view names the firmware too (the last column), from the same fingerprint.
    const int firmware = clients->columnCount() - 1;
    QCOMPARE(clients->horizontalHeaderItem(firmware)->text(), QStringLiteral("Firmware"));
    QTRY_VERIFY(clients->item(0, firmware) &&
                clients->item(0, firmware)->text().startsWith(QStringLiteral("iPXE")));
    QVERIFY(clients->item(0, firmware)->text().endsWith(QStringLiteral("%)")));
  }

  void selectedPacketShowsItsClientsStory() {
    MainWindow w(false);
    w.show();
    QVERIFY(openAndTell(w, kBooted));
    QVERIFY(w.selectFrame(1));  // the client's first DISCOVER
    QCOMPARE(w.bootStoryView()->verdictText(), QStringLiteral("Verdict: booted"));
  }

  void failingStoryShowsItsVerdictCodeAndFix() {
    MainWindow w(false);
    w.show();
    QVERIFY(openAndTell(w, kStories + QStringLiteral("bios-missing-file.pcap")));
    QTableWidget* clients = clientsTable(w);
    QTRY_VERIFY(clients->rowCount() >= 1);
    clients->selectRow(0);
    BootStoryView* story = w.bootStoryView();
    QCOMPARE(story->verdictText(), QStringLiteral("Verdict: tftp-file-not-found"));
    QVERIFY(story->verdictLabel()->styleSheet().contains(QStringLiteral("#c62828")));  // red
    const QString text = story->storyText();
    QVERIFY2(text.contains(QStringLiteral("missing.0")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Fix: put missing.0 in the TFTP root")),
             qPrintable(text));
  }
};

QTEST_MAIN(BootStoryTest)
#include "boot_story_test.moc"
