// `pxescope-gui --screenshot OUT.png --view NAME` for the statistics windows (issue 13 §2):
// dhcp-servers, conversations, export-objects, export-objects-http and throughput. In process,
// each view's dialog holds the capture's data when it is rendered (servers, conversation
// count, object names and sha256 as tshark exports them, the transfer's byte total); the real
// program writes a PNG of the view's fixed size that is a picture, not one colour, leaves the
// settings alone, and says in one line why a frame outside a transfer has no throughput graph.
#include <QApplication>
#include <QDir>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "gui/conversations_dialog.hpp"
#include "gui/dhcp_servers_dialog.hpp"
#include "gui/export_objects_dialog.hpp"
#include "gui/main_window.hpp"
#include "gui/packet_list_model.hpp"
#include "gui/stats_screenshots.hpp"
#include "gui/throughput_chart.hpp"
#include "gui/throughput_dialog.hpp"
#include "tests/gui/window_fixture.hpp"

using namespace pxescope;
using namespace pxescope::gui;

namespace {

// Three DHCP servers (the router .1, dnsmasq's proxy .2, pxescope's proxy .3) and the TFTP
// transfers of pxelinux.0 (RRQ frame 29), ldlinux.c32 (RRQ 92) and the pxelinux.cfg files.
const QString kTwoProxies = QString::fromStdString(test::story_capture("bios-two-proxies.pcap"));
// iPXE over HTTP: /boot.ipxe, /vmlinuz, /initrd.img.
const QString kHttp = QString::fromStdString(test::story_capture("bios-ipxe-http.pcap"));

// A view run in process: the window as `--screenshot` prepares it (opened, told, frame
// `select` selected), then the view's function; its dialog, or null with `why`.
struct ViewRun {
  MainWindow window{/*restore_layout=*/false};
  QString why;

  template <typename Dialog>
  Dialog* open(const QString& capture, std::uint64_t select,
               QWidget* (*show)(MainWindow&, QString&)) {
    window.resize(1400, 900);
    if (!test::openAndTell(window, capture) || !window.selectFrame(select)) {
      why = QStringLiteral("cannot open %1 at frame %2").arg(capture).arg(select);
      return nullptr;
    }
    QApplication::processEvents();
    return qobject_cast<Dialog*>(show(window, why));
  }
};

// A column of a table, top to bottom.
QStringList column(const QTableWidget* table, int col) {
  QStringList cells;
  for (int row = 0; row < table->rowCount(); ++row) cells << table->item(row, col)->text();
  return cells;
}

struct NamedHash {
  const char* name;
  const char* sha256;  // sha256sum of `tshark --export-objects tftp|http`
};

// Every row's name → sha256 of an Export Objects dialog equals `expected`.
void checkObjects(const ExportObjectsDialog& d, std::initializer_list<NamedHash> expected) {
  constexpr int kName = 3, kSha256 = 8;  // ExportObjectsDialog's columns
  QCOMPARE(d.table()->rowCount(), int(expected.size()));
  for (const NamedHash& e : expected) {
    const int row = column(d.table(), kName).indexOf(QLatin1String(e.name));
    QVERIFY2(row >= 0, e.name);
    QCOMPARE(d.table()->item(row, kSha256)->text(), QLatin1String(e.sha256));
  }
}

}  // namespace

class StatsScreenshotsTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void dhcpServersShowsTheThreeServers() {
    ViewRun run;
    auto* d = run.open<DhcpServersDialog>(kTwoProxies, 1, showDhcpServersForScreenshot);
    QVERIFY2(d, qPrintable(run.why));
    QCOMPARE(d->size(), kDhcpServersShotSize);
    QCOMPARE(d->table()->rowCount(), 3);
    QStringList servers = column(d->table(), 0);
    servers.sort();
    QCOMPARE(servers, QStringList({QStringLiteral("192.168.77.1"), QStringLiteral("192.168.77.2"),
                                   QStringLiteral("192.168.77.3")}));
  }

  void conversationsOpensOnTheUdpTab() {
    ViewRun run;
    auto* d = run.open<ConversationsDialog>(kTwoProxies, 1, showConversationsForScreenshot);
    QVERIFY2(d, qPrintable(run.why));
    QCOMPARE(d->size(), kConversationsShotSize);
    QCOMPARE(d->tabs()->currentWidget(), d->table(ConversationKind::Udp));
    QCOMPARE(d->table(ConversationKind::Udp)->rowCount(), 31);  // tshark -z conv,udp
    QCOMPARE(d->table(ConversationKind::Ipv4)->rowCount(), 5);  // tshark -z conv,ip
  }

  void exportObjectsListsTheFilesWithTheirHashes() {
    ViewRun run;
    auto* tftp = run.open<ExportObjectsDialog>(kTwoProxies, 1, showTftpObjectsForScreenshot);
    QVERIFY2(tftp, qPrintable(run.why));
    QCOMPARE(tftp->size(), kExportObjectsShotSize);
    checkObjects(
        *tftp, {{"pxelinux.0", "3570a8df28653d3a379688928c3668eb4d280b7c8935e3530af0fd0834ab9df9"},
                {"ldlinux.c32", "26cbd44c3a3dacbf3971cfbc04db539da07767fa00797f505044e2f68dcfae89"},
                {"pxelinux.cfg/default",
                 "b2addffc2648ca165a537fff9330ce4a4ae6714310daf327d9810e344be91127"}});
  }

  void exportObjectsHttpListsTheBodies() {
    ViewRun run;
    auto* http = run.open<ExportObjectsDialog>(kHttp, 1, showHttpObjectsForScreenshot);
    QVERIFY2(http, qPrintable(run.why));
    QCOMPARE(http->size(), kExportObjectsShotSize);
    checkObjects(
        *http,
        {{"/boot.ipxe", "5532260c321ad0321c6ab41a4f390631b20cf1547c9b563381efa67c3304a41c"},
         {"/vmlinuz", "359a72324d5db2dbaca5668a82a47a5265e8502dd6f15674bfdb00e00cc0d419"},
         {"/initrd.img", "51722f3a672480426e9ec8bb9a2977eb41593db28dff69f601e7ef4964995f75"}});
  }

  void throughputOfTheSelectedFramesTransfer() {
    ViewRun run;  // frame 92: the RRQ of ldlinux.c32
    auto* d = run.open<ThroughputDialog>(kTwoProxies, 92, showThroughputForScreenshot);
    QVERIFY2(d, qPrintable(run.why));
    QCOMPARE(d->size(), kThroughputShotSize);
    QCOMPARE(d->chart()->throughput().total(), std::uint64_t{119524});  // tshark: ldlinux.c32
    QVERIFY2(d->statusText().contains(QLatin1String("ldlinux.c32")), qPrintable(d->statusText()));
  }

  void throughputOutsideATransferSaysWhichFrameToChoose() {
    ViewRun run;
    QVERIFY(!run.open<ThroughputDialog>(kTwoProxies, 1, showThroughputForScreenshot));  // DISCOVER
    const QString& why = run.why;
    QVERIFY2(why.contains(QLatin1String("frame 1 is not part of a TFTP or HTTP transfer")),
             qPrintable(why));
    QVERIFY2(why.contains(QLatin1String("--select N")), qPrintable(why));
    QVERIFY2(why.contains(QLatin1String("pxelinux.0")), qPrintable(why));
  }

  // The real program, each view: a PNG of the view's size with a picture in it, and the
  // user's settings (XDG_CONFIG_HOME) untouched: nothing written there.
  void programWritesEachViewsPicture() {
    struct Shot {
      const char* view;
      const QString& capture;
      const char* select;
      QSize size;
    };
    const Shot shots[] = {
        {"dhcp-servers", kTwoProxies, "1", kDhcpServersShotSize},
        {"conversations", kTwoProxies, "1", kConversationsShotSize},
        {"export-objects", kTwoProxies, "1", kExportObjectsShotSize},
        {"export-objects-http", kHttp, "1", kExportObjectsShotSize},
        {"throughput", kTwoProxies, "101", kThroughputShotSize},  // DATA block 4 of ldlinux.c32
    };
    QTemporaryDir dir, config;
    for (const Shot& s : shots) {
      const QString png = dir.filePath(QLatin1String(s.view) + QStringLiteral(".png"));
      QString err;
      QCOMPARE(test::runGuiProgram(
                   {s.capture, QStringLiteral("--screenshot"), png, QStringLiteral("--view"),
                    QLatin1String(s.view), QStringLiteral("--select"), QLatin1String(s.select)},
                   {QStringLiteral("XDG_CONFIG_HOME=") + config.path()}, &err),
               0);
      const QImage image(png);
      QCOMPARE(image.size(), s.size);
      QVERIFY2(test::distinctColours(image) > 8, s.view);
    }
    QCOMPARE(QDir(config.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), QStringList());
  }

  void programRefusesAThroughputOutsideATransferInOneLine() {
    QTemporaryDir dir;
    const QString png = dir.filePath(QStringLiteral("t.png"));
    QString err;
    QCOMPARE(test::runGuiProgram(
                 {kTwoProxies, QStringLiteral("--screenshot"), png, QStringLiteral("--view"),
                  QStringLiteral("throughput"), QStringLiteral("--select"), QStringLiteral("3")},
                 {}, &err),
             1);
    // Qt's own warnings (offscreen platform, XDG_RUNTIME_DIR) may come first: ours is one line.
    const QStringList ours =
        err.split(QLatin1Char('\n')).filter(QRegularExpression("^pxescope-gui: "));
    QCOMPARE(ours.size(), 1);
    QVERIFY2(ours[0].contains(QLatin1String("--view throughput: frame 3 is not part of a TFTP")),
             qPrintable(err));
    QVERIFY2(ours[0].contains(QLatin1String("--select N (the first: frame 32, pxelinux.0)")),
             qPrintable(err));
    QVERIFY(!QFile::exists(png));
  }

  void unknownViewListsEveryName() {
    QString err;
    QCOMPARE(
        test::runGuiProgram({kTwoProxies, QStringLiteral("--screenshot"), QStringLiteral("x.png"),
                             QStringLiteral("--view"), QStringLiteral("pie-chart")},
                            {}, &err),
        1);
    for (const char* name : {"main", "flow-graph", "boot-timeline", "dhcp-servers", "conversations",
                             "export-objects", "export-objects-http", "throughput"})
      QVERIFY2(err.contains(QLatin1String(name)), name);
  }

  void helpDescribesEveryView() {
    QString out;
    QProcess p;
    p.start(test::kGuiProgram, {QStringLiteral("--help")});
    QVERIFY(p.waitForFinished(60000));
    out = QString::fromUtf8(p.readAllStandardOutput()).simplified();
    for (const char* text : {"dhcp-servers (Statistics > DHCP Servers)",
                             "conversations (Statistics > Conversations, UDP tab)",
                             "export-objects (File > Export Objects > TFTP)",
                             "export-objects-http (File > Export Objects > HTTP)", "throughput ("})
      QVERIFY2(out.contains(QLatin1String(text)), qPrintable(out));
  }
};

QTEST_MAIN(StatsScreenshotsTest)
#include "stats_screenshots_test.moc"
