// Issue 13 §3, offscreen: the Clients table's Verdict column (coloured on light and dark
// palettes, sorted by verdict), the story of the first client shown as soon as a capture
// opens, the story of the client a TFTP or ICMP frame belongs to (pxe.client's membership),
// selecting a client filtering on its whole boot, and retries collapsed in the story pane.
#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPalette>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>
#include <set>

#include "analyzer/story/verdict_tone.hpp"
#include "gui/boot_story_view.hpp"
#include "gui/capture_dialog.hpp"
#include "gui/clients_dock.hpp"
#include "gui/main_window.hpp"
#include "gui/packet_list_model.hpp"
#include "gui/verdict_colors.hpp"
#include "tests/unit/membership_script.hpp"

using namespace pxescope;
using namespace pxescope::gui;

namespace {

const QString kStories = QStringLiteral(PXESCOPE_SOURCE_DIR "/captures/stories/");
const QString kClientA = QStringLiteral("52:54:00:12:34:56");
const QString kClientB = QStringLiteral("52:54:00:ab:cd:ef");

QTableWidget* clientsTable(MainWindow& w) {
  auto* dock = w.findChild<ClientsDock*>();
  return dock ? dock->table() : nullptr;
}

bool openAndTell(MainWindow& w, const QString& path) {
  if (!w.openFile(path, true)) return false;
  w.packetModel()->waitForScan();
  QCoreApplication::processEvents();
  return QTest::qWaitFor([&] { return w.bootStoryView()->isReady(); }, 30000);
}

// The scripted two-client capture of tests/unit/membership_script.hpp, as a file.
QString writeTwoClients(const QTemporaryDir& dir) {
  const QString path = dir.filePath(QStringLiteral("two-clients.pcap"));
  pxescope::testing::write_pcap(path.toStdString(), 1,
                                pxescope::testing::membership::two_clients().test_frames());
  return path;
}

// Shows the window on the two-client capture, stories told and both clients listed.
bool openTwoClients(MainWindow& w, const QTemporaryDir& dir) {
  w.show();
  return openAndTell(w, writeTwoClients(dir)) &&
         QTest::qWaitFor([&] { return clientsTable(w)->rowCount() == 2; }, 10000);
}

int rowOf(QTableWidget* table, const QString& mac) {
  for (int r = 0; r < table->rowCount(); ++r)
    if (table->item(r, ClientsDock::CMac)->text() == mac) return r;
  return -1;
}

std::set<std::uint64_t> shownFrames(MainWindow& w) {
  std::set<std::uint64_t> frames;
  for (int r = 0; r < w.packetModel()->rowCount(); ++r)
    frames.insert(w.packetModel()->frameOfRow(r));
  return frames;
}

}  // namespace

class ClientStoriesTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void theFirstClientsStoryShowsAsSoonAsTheCaptureOpens() {
    QTemporaryDir dir;
    MainWindow w(false);
    QVERIFY(openTwoClients(w, dir));
    QTRY_COMPARE(w.bootStoryView()->shownClient(), kClientA);
    QVERIFY(!w.bootStoryView()->verdictText().isEmpty());
    QVERIFY(w.bootStoryView()->storyText().contains(kClientA));
    // Shown, not chosen: the packet list is not filtered.
    QCOMPARE(w.filterEdit()->text(), QString());
    QCOMPARE(w.packetModel()->rowCount(), 16);
  }

  void aTftpOrIcmpFrameShowsTheStoryOfTheClientItBelongsTo() {
    QTemporaryDir dir;
    MainWindow w(false);
    QVERIFY(openTwoClients(w, dir));
    // Frame 16: the server's datagram to 192.168.77.150 after B got it (no MAC of B on it).
    QVERIFY(w.selectFrame(16));
    QCOMPARE(w.bootStoryView()->shownClient(), kClientB);
    // Frame 8: the server's TFTP DATA to A; frame 12: the router's ICMP error about A's request.
    QVERIFY(w.selectFrame(8));
    QCOMPARE(w.bootStoryView()->shownClient(), kClientA);
    QVERIFY(w.selectFrame(13));  // B's DISCOVER
    QVERIFY(w.selectFrame(12));
    QCOMPARE(w.bootStoryView()->shownClient(), kClientA);
    // Frame 4 (before any lease) belongs to no told client: the pane stays as it was.
    QVERIFY(w.selectFrame(4));
    QCOMPARE(w.bootStoryView()->shownClient(), kClientA);
  }

  void selectingAClientFiltersOnItsWholeBoot() {
    QTemporaryDir dir;
    MainWindow w(false);
    QVERIFY(openTwoClients(w, dir));
    QTableWidget* clients = clientsTable(w);
    clients->selectRow(rowOf(clients, kClientB));
    QCOMPARE(w.filterEdit()->text(), QStringLiteral("pxe.client == %1").arg(kClientB));
    w.packetModel()->waitForScan();
    QCOMPARE(shownFrames(w), pxescope::testing::membership::kFramesOfB);
    clients->selectRow(rowOf(clients, kClientA));
    w.packetModel()->waitForScan();
    QCOMPARE(shownFrames(w), pxescope::testing::membership::kFramesOfA);
  }

  void verdictColumnIsColouredAndSortsFailuresFirst() {
    QTemporaryDir dir;
    MainWindow w(false);
    QVERIFY(openTwoClients(w, dir));
    QTableWidget* clients = clientsTable(w);
    QCOMPARE(clients->horizontalHeaderItem(ClientsDock::CVerdict)->text(),
             QStringLiteral("Verdict"));
    BootStoryView* stories = w.bootStoryView();
    for (const QString& mac : {kClientA, kClientB}) {
      const auto verdict = stories->verdictOf(mac);
      QVERIFY(verdict);
      QTableWidgetItem* cell = clients->item(rowOf(clients, mac), ClientsDock::CVerdict);
      const auto code = verdict_code(*verdict);
      QCOMPARE(cell->text(), QString::fromUtf8(code.data(), static_cast<qsizetype>(code.size())));
      QCOMPARE(cell->foreground().color(), verdictTextColor(*verdict, clients->palette()));
    }
    // Sorted by verdict: the order verdict_sort_rank gives (failures first), both ways.
    const Verdict va = *stories->verdictOf(kClientA), vb = *stories->verdictOf(kClientB);
    const QString codes = QStringLiteral("%1 / %2").arg(QString::fromUtf8(verdict_code(va).data()),
                                                        QString::fromUtf8(verdict_code(vb).data()));
    QVERIFY2(verdict_sort_rank(va) != verdict_sort_rank(vb), qPrintable(codes));
    const bool a_first = verdict_sort_rank(va) < verdict_sort_rank(vb);
    QCOMPARE(rowOf(clients, kClientA), 0);  // capture order first
    clients->sortByColumn(ClientsDock::CVerdict, Qt::AscendingOrder);
    QCOMPARE(rowOf(clients, a_first ? kClientA : kClientB), 0);
    clients->sortByColumn(ClientsDock::CVerdict, Qt::DescendingOrder);
    QCOMPARE(rowOf(clients, a_first ? kClientB : kClientA), 0);
    // A failure is red on the (light) offscreen palette.
    if (!isDarkPalette(clients->palette()) && verdict_tone(vb) == VerdictTone::Failed)
      QCOMPARE(clients->item(rowOf(clients, kClientB), ClientsDock::CVerdict)
                   ->foreground()
                   .color()
                   .name(),
               QStringLiteral("#c62828"));
  }

  void verdictColoursFollowADarkPalette() {
    QPalette dark;
    dark.setColor(QPalette::Base, QColor(30, 30, 30));
    dark.setColor(QPalette::Text, QColor(230, 230, 230));
    QPalette light;
    light.setColor(QPalette::Base, Qt::white);
    QVERIFY(isDarkPalette(dark));
    QVERIFY(!isDarkPalette(light));
    const QColor red_on_dark = verdictTextColor(Verdict::TftpFileNotFound, dark);
    const QColor red_on_light = verdictTextColor(Verdict::TftpFileNotFound, light);
    QVERIFY(red_on_dark.lightness() > red_on_light.lightness());
    QVERIFY(red_on_dark.red() > red_on_dark.green());
    QVERIFY(verdictTextColor(Verdict::Booted, dark).green() >
            verdictTextColor(Verdict::Booted, dark).red());
    // Undecided: the palette's own text colour.
    QCOMPARE(verdictTextColor(Verdict::IncompleteCapture, dark), QColor(230, 230, 230));
  }

  void theCaptureDialogRefusesABadCaptureFilterWithTheReason() {
    CaptureDialog dialog;
    dialog.setInterface(QStringLiteral("lo"));
    QVERIFY(dialog.followTftpBox()->isChecked());  // follows TFTP by default
    dialog.filterEdit()->setText(QStringLiteral("udp port nonsense"));
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QVERIFY(!dialog.problemLabel()->isHidden());
    QVERIFY2(dialog.problemLabel()->text().startsWith(
                 QStringLiteral("bad capture filter \"udp port nonsense\": ")),
             qPrintable(dialog.problemLabel()->text()));
    QVERIFY(dialog.problemLabel()->text().size() > 45);  // libpcap's reason follows
    dialog.filterEdit()->setText(QStringLiteral("udp port 67 or udp port 69"));
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.captureFilter(), QStringLiteral("udp port 67 or udp port 69"));
  }

  void retriesAreCollapsedInTheStoryPane() {
    MainWindow w(false);
    w.show();
    QVERIFY(openAndTell(w, kStories + QStringLiteral("bios-no-tftp.pcap")));
    QTRY_VERIFY(!w.bootStoryView()->verdictText().isEmpty());
    const QString text = w.bootStoryView()->storyText();
    // Frames 24..33: the ICMP error and the repeated read request, five times: once each.
    QVERIFY2(text.contains(QStringLiteral("no TFTP server listens there ×5 (to 24.3 s)")),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("repeated (no answer yet) ×5")), qPrintable(text));
    const QRegularExpression collapsed(QStringLiteral("#(2[6-9]|3[0-3])\\b"));
    QVERIFY2(!text.contains(collapsed), qPrintable(text));
    QVERIFY2(text.contains(QRegularExpression(QStringLiteral("#24\\b"))), qPrintable(text));
  }
};

QTEST_MAIN(ClientStoriesTest)
#include "client_stories_test.moc"
