// The Boot story pane, offscreen: selecting a client (or one of its packets) shows its
// timeline, the coloured verdict, the reason and the fix told by analyzer/story.
#include <QLabel>
#include <QStandardPaths>
#include <QTableWidget>
#include <QtTest>

#include <QTemporaryDir>

#include "analyzer/capture_reader.hpp"
#include "analyzer/pcapng_writer.hpp"
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

// A client that never got an answer and sent `count` DISCOVERs, each with its own xid (so
// none collapses into "×N"): the real recording's first DISCOVER, 10 ms apart.
bool writeRetryingClient(const QString& out, std::uint32_t count) {
  pxescope::CaptureReader reader;
  pxescope::Frame frame;
  if (!reader.open_file(kBooted.toStdString()) || !reader.next(frame)) return false;
  std::vector<std::uint8_t> bytes(frame.data.begin(), frame.data.end());
  pxescope::PcapngWriter writer;
  if (!writer.open(out.toStdString())) return false;
  constexpr std::size_t kXid = 14 + 20 + 8 + 4;
  for (std::uint32_t i = 0; i < count; ++i) {
    for (int b = 0; b < 4; ++b)
      bytes[kXid + static_cast<std::size_t>(b)] = static_cast<std::uint8_t>(i >> (8 * (3 - b)));
    frame.ts_nsec = i % 100 * 10000000u;
    frame.ts_sec += i > 0 && i % 100 == 0 ? 1 : 0;
    frame.data = bytes;
    if (!writer.write(frame)) return false;
  }
  return true;
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

  // A story of 600 distinct DISCOVERs is shown by its head and its tail, with the number of
  // entries left out: laying out thousands of table rows stalled the window for 250+ ms.
  void aLongStoryShowsItsHeadAndTailOnly() {
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("retrying.pcapng"));
    QVERIFY(writeRetryingClient(file, 600));
    MainWindow w(false);
    w.show();
    QVERIFY(openAndTell(w, file));
    QVERIFY(w.selectFrame(1));
    const QString text = w.bootStoryView()->storyText();
    const std::size_t shown = BootStoryView::kMaxStoryRows;
    QVERIFY2(text.contains(QStringLiteral("… %1 more timeline entries (#%2 to #%3) not shown")
                               .arg(600 - shown)
                               .arg(shown / 2 + 1)
                               .arg(600 - shown / 2)),
             qPrintable(text.right(2000)));
    // The first and the last DISCOVER are there, one from the middle is not.
    QVERIFY(text.contains(QStringLiteral("#1\n")));
    QVERIFY(text.contains(QStringLiteral("#600\n")));
    QVERIFY(!text.contains(QStringLiteral("#300\n")));
    QCOMPARE(text.count(QStringLiteral("xid 0x")), static_cast<qsizetype>(shown));
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
