// The packet list's and the tree's context menus, offscreen: Apply/Prepare as Filter put
// parsing filters in the bar (Apply also filters the list), Copy puts the summary line, value,
// name, filter and bytes on the clipboard, and Follow ▸ TFTP opens the transfer's report and
// filters the list on its ports.
#include <QApplication>
#include <QClipboard>
#include <QLineEdit>
#include <QMenu>
#include <QStandardPaths>
#include <QTableView>
#include <QtTest>

#include "gui/context_menus.hpp"
#include "gui/field_tree_model.hpp"
#include "gui/follow_dialog.hpp"
#include "gui/main_window.hpp"
#include "gui/packet_list_model.hpp"

using namespace pxescope;
using namespace pxescope::gui;

namespace {

const QString kUefi = QStringLiteral(PXESCOPE_SOURCE_DIR "/captures/stories/uefi-wrong-arch.pcap");
const QString kMac = QStringLiteral("52:54:00:7b:40:1a");

QAction* action(QMenu& menu, const char* name) {
  auto* a = menu.findChild<QAction*>(QLatin1String(name));
  if (!a) qWarning("no action %s", name);
  return a;
}

QModelIndex cell(MainWindow& w, std::uint64_t frame, int column) {
  return w.packetModel()->index(w.packetModel()->rowOfFrame(frame), column);
}

}  // namespace

class ContextMenuTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void applyAsFilterFromAColumnFiltersTheList() {
    MainWindow w(false);
    QVERIFY(w.openFile(kUefi, true));
    w.packetModel()->waitForScan();
    auto* menus = w.findChild<ContextMenus*>();
    QVERIFY(menus);
    const int all_rows = w.packetModel()->rowCount();
    QMenu menu;
    menus->fillPacketMenu(menu, cell(w, 2, PacketListModel::ClientMac));
    QAction* apply = action(menu, "apply.selected");
    QVERIFY(apply && apply->isEnabled());
    apply->trigger();
    QCOMPARE(w.filterEdit()->text(), QStringLiteral("dhcp.hw.mac_addr == ") + kMac);
    w.packetModel()->waitForScan();
    const int rows = w.packetModel()->rowCount();
    QVERIFY2(rows > 0 && rows < all_rows, qPrintable(QString::number(rows)));
    for (int r = 0; r < rows; ++r)
      QCOMPARE(w.packetModel()
                   ->data(w.packetModel()->index(r, PacketListModel::ClientMac), Qt::DisplayRole)
                   .toString(),
               kMac);

    // Prepare ▸ …and not Selected on the Source column: the bar only, the list as it was.
    QMenu second;
    menus->fillPacketMenu(second, cell(w, 2, PacketListModel::Source));
    action(second, "prepare.andNotSelected")->trigger();
    QCOMPARE(w.filterEdit()->text(),
             QStringLiteral("(dhcp.hw.mac_addr == %1) && (!(ip.src == 0.0.0.0))").arg(kMac));
    QCOMPARE(w.packetModel()->rowCount(), rows);
    QVERIFY(!w.packetModel()->isScanning());

    // No. and Length stand for frame.number and frame.len; Info for nothing.
    QMenu third;
    menus->fillPacketMenu(third, cell(w, 2, PacketListModel::No));
    action(third, "apply.notSelected")->trigger();
    QCOMPARE(w.filterEdit()->text(), QStringLiteral("!(frame.number == 2)"));
    QMenu fourth;
    menus->fillPacketMenu(fourth, cell(w, 4, PacketListModel::Info));
    QVERIFY(!fourth.findChild<QMenu*>(QStringLiteral("applyMenu"))->isEnabled());
  }

  void copyPutsEachKindOnTheClipboard() {
    MainWindow w(false);
    QVERIFY(w.openFile(kUefi, true));
    w.packetModel()->waitForScan();
    auto* menus = w.findChild<ContextMenus*>();
    QMenu menu;
    menus->fillPacketMenu(menu, cell(w, 2, PacketListModel::Protocol));
    action(menu, "copy.summary")->trigger();
    const QStringList cells = QApplication::clipboard()->text().split(QLatin1Char('\t'));
    QCOMPARE(cells.size(), PacketListModel::ColumnCount);
    QCOMPARE(cells[0], QStringLiteral("2"));
    QCOMPARE(cells[PacketListModel::Protocol], QStringLiteral("DHCP"));
    QVERIFY(cells[PacketListModel::Info].startsWith(QStringLiteral("DHCP Discover")));
    action(menu, "copy.filter")->trigger();
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("dhcp"));
    action(menu, "copy.bytes")->trigger();
    QCOMPARE(QApplication::clipboard()->text().size(), 389 * 2);  // the whole frame

    // On the tree: the field's value, name, filter and its own bytes.
    QVERIFY(w.selectFrame(2));
    const NodeId mac = w.treeModel()->tree().find("dhcp.hw.mac_addr");
    QVERIFY(mac != kNoNode);
    QMenu tree_menu;
    menus->fillTreeMenu(tree_menu, w.treeModel()->indexOfNode(mac));
    action(tree_menu, "copy.value")->trigger();
    QCOMPARE(QApplication::clipboard()->text(), kMac);
    action(tree_menu, "copy.name")->trigger();
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("dhcp.hw.mac_addr"));
    action(tree_menu, "copy.filter")->trigger();
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("dhcp.hw.mac_addr == ") + kMac);
    action(tree_menu, "copy.bytes")->trigger();
    QCOMPARE(QApplication::clipboard()->text(), QString(kMac).remove(QLatin1Char(':')));
    action(tree_menu, "copy.description")->trigger();
    QVERIFY(QApplication::clipboard()->text().endsWith(kMac));
  }

  void followTftpShowsTheTransferAndFiltersIt() {
    MainWindow w(false);
    QVERIFY(w.openFile(kUefi, true));
    w.packetModel()->waitForScan();
    auto* menus = w.findChild<ContextMenus*>();
    QMenu menu;
    menus->fillPacketMenu(menu, cell(w, 16, PacketListModel::Info));
    QVERIFY(action(menu, "follow.tftp")->isEnabled());
    QVERIFY(action(menu, "follow.udp")->isEnabled());
    QVERIFY(!action(menu, "follow.tcp")->isEnabled());
    QVERIFY(!action(menu, "follow.http")->isEnabled());
    QCOMPARE(action(menu, "follow.tcp")->toolTip(), QStringLiteral("not a TCP segment"));
    action(menu, "follow.tftp")->trigger();
    FollowDialog* dialog = menus->lastFollowDialog();
    QVERIFY(dialog);
    dialog->waitForReport();
    QVERIFY(dialog->isReady());
    const QString text = dialog->text();
    QVERIFY2(text.contains(QStringLiteral("File: pxelinux.0")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Mode: octet")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Blocks: 29")), qPrintable(text));
    // The list shows exactly the transfer's frames.
    const QString filter = QString::fromStdString(dialog->report().filter);
    QCOMPARE(w.filterEdit()->text(), filter);
    w.packetModel()->waitForScan();
    const auto& frames = dialog->report().frames;
    QCOMPARE(w.packetModel()->rowCount(), static_cast<int>(frames.size()));
    for (int r = 0; r < w.packetModel()->rowCount(); ++r)
      QCOMPARE(w.packetModel()->frameOfRow(r), frames[static_cast<std::size_t>(r)]);
  }
};

QTEST_MAIN(ContextMenuTest)
#include "context_menu_test.moc"
