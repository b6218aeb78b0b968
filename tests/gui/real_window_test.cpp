// The window driven as a user drives it (issue 13 §6), offscreen: a filter typed in the bar and
// Enter, a right-click on a packet-list cell and Apply as Filter ▸ Selected from the menu that
// pops up, Go ▸ Go to Packet with a number typed, Analyze ▸ Expert Information, then
// Statistics ▸ Flow Graph opened from the menu bar, a click on an arrow, and its PNG and SVG
// exports.
#include <QApplication>
#include <QContextMenuEvent>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include "gui/expert_dialog.hpp"
#include "gui/flow_graph_view.hpp"
#include "gui/main_window.hpp"
#include "gui/packet_list_actions.hpp"
#include "gui/packet_list_model.hpp"

using namespace pxescope;
using namespace pxescope::gui;

namespace {

const QString kUefi = QStringLiteral(PXESCOPE_SOURCE_DIR "/captures/stories/uefi-wrong-arch.pcap");

// Once the context menu is up: triggers the action `name` in it (its sub-menus included) and
// closes it; a menu never found is reported by `picked` staying false.
QMenu* openMenu() {
  for (QWidget* top : QApplication::topLevelWidgets())
    if (auto* menu = qobject_cast<QMenu*>(top); menu && menu->isVisible()) return menu;
  return nullptr;
}

void pickFromPopup(const QString& name, bool* picked, int tries = 40) {
  QTimer::singleShot(50, [name, picked, tries] {
    QMenu* menu = openMenu();
    if (!menu) {
      if (tries > 0) pickFromPopup(name, picked, tries - 1);
      return;
    }
    if (QAction* a = menu->findChild<QAction*>(name); a && a->isEnabled()) {
      *picked = true;
      a->trigger();
    }
    menu->close();
  });
}

}  // namespace

class RealWindowTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void typedFilterThenContextMenuThenExpertInfo() {
    MainWindow w(false);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.openFile(kUefi, true));
    w.packetModel()->waitForScan();

    // A filter typed in the bar, applied with Enter.
    w.filterEdit()->setFocus();
    QTest::keyClicks(w.filterEdit(), QStringLiteral("dhcp && ip.dst != 255.255.255.255"));
    QTest::keyClick(w.filterEdit(), Qt::Key_Return);
    w.packetModel()->waitForScan();
    const int dhcp_rows = w.packetModel()->rowCount();
    QCOMPARE(dhcp_rows, 2);  // the proxyDHCP request and ACK, as tshark -Y keeps them
    QVERIFY(w.packetModel()->isFiltered());

    // Right-click the Source cell of frame 12 (the proxyDHCP ACK), Apply as Filter ▸ Selected.
    QTableView* view = w.packetView();
    const int row = w.packetModel()->rowOfFrame(12);
    QVERIFY(row >= 0);
    const QModelIndex source = w.packetModel()->index(row, PacketListModel::Source);
    view->scrollTo(source);
    const QPoint at = view->visualRect(source).center();
    bool picked = false;
    pickFromPopup(QStringLiteral("apply.selected"), &picked);
    // What a right-click sends the list (the menu opens from it, modal, until picked).
    QContextMenuEvent click(QContextMenuEvent::Mouse, at, view->viewport()->mapToGlobal(at));
    QApplication::sendEvent(view->viewport(), &click);
    QVERIFY(picked);
    QCOMPARE(w.selectedFrame(), 12u);
    QCOMPARE(w.filterEdit()->text(), QStringLiteral("ip.src == 192.168.77.2"));
    w.packetModel()->waitForScan();
    QVERIFY(w.packetModel()->rowOfFrame(12) >= 0);
    for (int r = 0; r < w.packetModel()->rowCount(); ++r)
      QCOMPARE(w.packetModel()->data(w.packetModel()->index(r, PacketListModel::Source),
                                     Qt::DisplayRole),
               QVariant(QStringLiteral("192.168.77.2")));

    // Go ▸ Go to Packet: the bar it opens, a number typed and Enter (glist's Go to packet).
    QAction* go_to = nullptr;
    for (QAction* a : w.menuBar()->findChildren<QAction*>())
      if (a->text() == QStringLiteral("&Go to Packet…")) go_to = a;
    QVERIFY(go_to);
    go_to->trigger();
    QLineEdit* go_edit = w.listActions()->goToEdit();
    QTest::keyClicks(go_edit, QStringLiteral("19"));
    QTest::keyClick(go_edit, Qt::Key_Return);
    QCOMPARE(w.selectedFrame(), 19u);  // a DATA block the server sent: shown by the filter
    go_to->trigger();
    go_edit->clear();
    QTest::keyClicks(go_edit, QStringLiteral("16"));  // the client's request: filtered out
    QTest::keyClick(go_edit, Qt::Key_Return);
    QCOMPARE(w.selectedFrame(), 19u);
    QVERIFY(!w.listActions()->goToMessage()->text().isEmpty());

    // Analyze ▸ Expert Information from the menu bar; a finding selects its frame.
    auto* expert = w.menuBar()->findChild<QAction*>(QStringLiteral("expertInfoAction"));
    QVERIFY(expert);
    expert->trigger();
    auto* dialog = w.findChild<ExpertDialog*>();
    QVERIFY(dialog);
    dialog->waitForReport();
    QVERIFY(!dialog->report().items.empty());
    emit dialog->frameActivated(12);
    QCOMPARE(w.selectedFrame(), 12u);

    // Statistics ▸ Flow Graph from the menu bar: the selected client's ladder; a click on the
    // proxyDHCP ACK's arrow selects frame 12; PNG and SVG exports written.
    QVERIFY(w.applyFilter(QString()));  // the whole capture again
    w.packetModel()->waitForScan();
    QVERIFY(w.selectFrame(1));
    QAction* flow_entry = nullptr;
    for (QAction* a : w.menuBar()->actions())
      if (a->menu() && a->menu()->title().remove(QLatin1Char('&')) == QLatin1String("Statistics"))
        for (QAction* item : a->menu()->actions())
          if (item->text().remove(QLatin1Char('&')) == QLatin1String("Flow Graph"))
            flow_entry = item;
    QVERIFY(flow_entry);
    flow_entry->trigger();
    auto* flow = w.findChild<FlowGraphView*>();
    QVERIFY(flow);
    flow->waitForFlow();
    QVERIFY(!flow->flow().steps.empty());
    int ack_row = -1;
    for (std::size_t i = 0; i < flow->flow().steps.size(); ++i)
      if (flow->flow().steps[i].frame == 12) ack_row = static_cast<int>(i);
    QVERIFY(ack_row >= 0);
    QVERIFY(w.selectFrame(1));
    flow->resize(1200, 900);
    flow->show();
    QApplication::processEvents();
    QTest::mouseClick(flow->canvas(), Qt::LeftButton, {}, flow->canvas()->rowCenter(ack_row));
    QCOMPARE(w.selectedFrame(), 12u);
    QTemporaryDir dir;
    QString error;
    const QString png = dir.filePath(QStringLiteral("flow.png"));
    const QString svg = dir.filePath(QStringLiteral("flow.svg"));
    QVERIFY2(flow->exportPng(png, &error), qPrintable(error));
    QVERIFY2(flow->exportSvg(svg, &error), qPrintable(error));
    QVERIFY(!QImage(png).isNull());
    QFile svg_file(svg);
    QVERIFY(svg_file.open(QIODevice::ReadOnly));
    QVERIFY(svg_file.readAll().contains("<svg"));
  }
};

QTEST_MAIN(RealWindowTest)
#include "real_window_test.moc"
