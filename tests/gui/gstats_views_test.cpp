// The statistics windows offscreen: Statistics ▸ DHCP Servers (the conflicting proxies
// tinted), Conversations (one tab per kind, the counts of the analyzer), File ▸ Export
// Objects (the list, Save All writing the listed bytes inside the chosen folder, the TFTP root
// comparison) and the throughput graph of a transfer (opened from a selected DATA frame;
// the chart draws its bars, line and retransmission ticks).
#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "analyzer/stats/sha256.hpp"
#include "gui/conversations_dialog.hpp"
#include "gui/dhcp_servers_dialog.hpp"
#include "gui/export_objects_dialog.hpp"
#include "gui/field_tree_model.hpp"
#include "gui/main_window.hpp"
#include "gui/packet_list_model.hpp"
#include "gui/throughput_chart.hpp"
#include "gui/throughput_dialog.hpp"
#include "tests/test_captures.hpp"

using namespace pxescope;
using namespace pxescope::gui;

namespace {

const QString kBooted = QString::fromStdString(test::real_capture("seabios-ipxe-proxydhcp.pcap"));
const QString kTwoProxies = QString::fromStdString(test::story_capture("bios-two-proxies.pcap"));
const QString kHttp = QString::fromStdString(test::story_capture("bios-ipxe-http.pcap"));

QAction* findAction(QMenu* menu, const QString& text) {
  for (QAction* a : menu->actions()) {
    if (a->text().remove(QLatin1Char('&')).startsWith(text)) return a;
    if (a->menu())
      if (QAction* inner = findAction(a->menu(), text)) return inner;
  }
  return nullptr;
}

QAction* menuAction(MainWindow& w, const QString& text) {
  for (QAction* top : w.menuBar()->actions())
    if (top->menu())
      if (QAction* a = findAction(top->menu(), text)) return a;
  return nullptr;
}

template <typename Dialog>
Dialog* newestDialog(MainWindow& w) {
  const auto all = w.findChildren<Dialog*>();
  return all.isEmpty() ? nullptr : all.last();
}

// How many pixels of the widget's picture are not the background.
int paintedPixels(QWidget* widget, const QColor& background) {
  const QImage image = widget->grab().toImage();
  int n = 0;
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x) n += image.pixelColor(x, y) != background;
  return n;
}

}  // namespace

class GstatsViewsTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void menusOpenTheWindowsOnTheOpenFile() {
    MainWindow w(false);
    QVERIFY(w.openFile(kTwoProxies, true));
    w.packetModel()->waitForScan();
    for (const char* text :
         {"DHCP Servers", "Conversations", "Transfer Throughput", "TFTP…", "HTTP…"})
      QVERIFY2(menuAction(w, QString::fromUtf8(text)), text);
    menuAction(w, QStringLiteral("DHCP Servers"))->trigger();
    auto* servers = newestDialog<DhcpServersDialog>(w);
    QVERIFY(servers);
    servers->waitUntilReady();
    QCOMPARE(servers->table()->rowCount(), 3);
    menuAction(w, QStringLiteral("Conversations"))->trigger();
    QVERIFY(newestDialog<ConversationsDialog>(w));
    menuAction(w, QStringLiteral("TFTP…"))->trigger();
    QVERIFY(newestDialog<ExportObjectsDialog>(w));
  }

  void conflictingServersAreTintedAndSayWhy() {
    DhcpServersDialog d(kTwoProxies);
    d.waitUntilReady();
    QTableWidget* t = d.table();
    QCOMPARE(t->rowCount(), 3);
    int tinted = 0;
    for (int row = 0; row < t->rowCount(); ++row) {
      const bool conflicting = !t->item(row, 11)->text().isEmpty();
      tinted += conflicting;
      QCOMPARE(t->item(row, 0)->background().style() != Qt::NoBrush, conflicting);
    }
    QCOMPARE(tinted, 2);
    QVERIFY2(d.statusText().contains(QStringLiteral("contradicted")), qPrintable(d.statusText()));
  }

  void doubleClickSelectsTheServersFirstFrame() {
    MainWindow w(false);
    QVERIFY(w.openFile(kBooted, true));
    w.packetModel()->waitForScan();
    menuAction(w, QStringLiteral("DHCP Servers"))->trigger();
    auto* d = newestDialog<DhcpServersDialog>(w);
    QVERIFY(d);
    d->waitUntilReady();
    const std::uint64_t first = d->table()->item(0, 9)->text().toULongLong();
    QVERIFY(first > 0);
    emit d->table()->cellDoubleClicked(0, 0);
    QCOMPARE(w.selectedFrame(), first);
  }

  // Qt's default sort indicator (column 0, descending) listed the last file first.
  void rowsKeepTheAnalyzersOrderUntilAHeaderClick() {
    ExportObjectsDialog objects(kBooted, ObjectProtocol::Tftp);
    objects.waitUntilReady();
    QCOMPARE(objects.table()->horizontalHeader()->sortIndicatorSection(), -1);
    QCOMPARE(objects.table()->item(0, 3)->text(), QStringLiteral("pxelinux.0"));  // sent first
    DhcpServersDialog servers(kTwoProxies);
    servers.waitUntilReady();
    QCOMPARE(servers.table()->rowCount(), 3);
    for (int row = 1; row < servers.table()->rowCount(); ++row)  // in order of first reply
      QVERIFY(servers.table()->item(row - 1, 9)->text().toULongLong() <
              servers.table()->item(row, 9)->text().toULongLong());
  }

  void conversationsHaveATabPerKind() {
    ConversationsDialog d(kHttp);
    d.waitUntilReady();
    QCOMPARE(d.tabs()->count(), 4);
    QTableWidget* tcp = d.table(ConversationKind::Tcp);
    QCOMPARE(tcp->rowCount(), 3);  // tshark -z conv,tcp: three connections to port 80
    QVERIFY(d.tabs()->tabText(3).startsWith(QStringLiteral("TCP")));
    bool port80 = false;
    for (int row = 0; row < tcp->rowCount(); ++row) port80 |= tcp->item(row, 3)->text() == "80";
    QVERIFY(port80);
    QVERIFY(d.table(ConversationKind::Udp)->rowCount() > 0);
  }

  void exportObjectsSavesTheListedBytesAndComparesWithARoot() {
    ExportObjectsDialog d(kBooted, ObjectProtocol::Tftp);
    d.waitUntilReady();
    QCOMPARE(d.table()->rowCount(), 3);  // pxelinux.0, ldlinux.c32, pxelinux.cfg/default
    QTemporaryDir out;
    QVERIFY(out.isValid());
    const auto saved = d.saveTo(out.path(), false);
    QCOMPARE(saved.size(), std::size_t{3});
    for (const SavedObject& s : saved) {
      QVERIFY2(s.error.empty(), s.error.c_str());
      QCOMPARE(QFileInfo(QString::fromStdString(s.path)).absolutePath(),
               QDir(out.path()).absolutePath());
      QCOMPARE(sha256_of_file(s.path), d.objects()[s.id].sha256);
    }
    QVERIFY(d.statusText().startsWith(QStringLiteral("Saved 3 file(s)")));
    // The saved folder as the TFTP root: pxelinux.0 and ldlinux.c32 are the same, the config
    // (requested as pxelinux.cfg/default) is missing there.
    d.compareWith(out.path());
    QStringList matches;
    for (int row = 0; row < d.table()->rowCount(); ++row)
      matches << d.table()->item(row, 9)->text();
    QCOMPARE(matches.count(QStringLiteral("same")), 2);
    QCOMPARE(matches.count(QStringLiteral("missing")), 1);
    // Save selected: one row.
    d.table()->selectRow(0);
    QTemporaryDir one;
    QCOMPARE(d.saveTo(one.path(), true).size(), std::size_t{1});
  }

  void throughputGraphOfTheSelectedDataFrame() {
    MainWindow w(false);
    w.resize(1400, 900);
    QVERIFY(w.openFile(kBooted, true));
    w.packetModel()->waitForScan();
    // The first TFTP DATA frame of pxelinux.0.
    QVERIFY(w.applyFilter(QStringLiteral("tftp.opcode == 3")));
    w.packetModel()->waitForScan();
    const std::uint64_t frame = w.packetModel()->frameOfRow(0);
    QVERIFY(w.selectFrame(frame));
    TransferSelector selector;
    QVERIFY(transferOfFrame(w.treeModel()->tree(), frame, selector));
    QVERIFY(selector.protocol == ObjectProtocol::Tftp);
    menuAction(w, QStringLiteral("Transfer Throughput"))->trigger();
    auto* d = newestDialog<ThroughputDialog>(w);
    QVERIFY(d);
    d->waitUntilReady();
    QVERIFY2(d->statusText().contains(QStringLiteral("pxelinux.0")), qPrintable(d->statusText()));
    QVERIFY(d->statusText().contains(QStringLiteral("complete")));
    const TransferThroughput& t = d->chart()->throughput();
    QCOMPARE(t.total(), std::uint64_t{42430});  // tshark --export-objects: pxelinux.0's size
    d->chart()->resize(900, 420);
    QVERIFY(paintedPixels(d->chart(), d->chart()->palette().color(QPalette::Base)) > 2000);
  }

  void retransmissionsAreTicked() {
    TransferThroughput t;
    t.samples = {{0.0, 100, 100}, {1.0, 100, 200}};
    t.start = 0;
    t.end = 1;
    ThroughputChart without;
    without.resize(600, 300);
    without.setThroughput(t);
    t.retransmissions = {0.5};
    ThroughputChart with;
    with.resize(600, 300);
    with.setThroughput(t);
    const QImage a = without.grab().toImage(), b = with.grab().toImage();
    int red = 0;
    for (int y = 0; y < b.height(); ++y)
      for (int x = 0; x < b.width(); ++x) {
        const QColor c = b.pixelColor(x, y);
        red += c.red() > 180 && c.green() < 90 && c.blue() < 90 && a.pixelColor(x, y) != c;
      }
    QVERIFY(red > 10);
  }
};

QTEST_MAIN(GstatsViewsTest)
#include "gstats_views_test.moc"
