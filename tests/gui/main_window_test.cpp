// The main window, offscreen: tree selection <-> hex highlight, the filter bar, the clients
// view, export of the selected tree, and the --screenshot command's exit codes.
#include <QApplication>
#include <QCheckBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTreeView>
#include <QtTest>

#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "analyzer/clients/client_table.hpp"
#include "gui/boot_story_view.hpp"
#include "gui/field_tree_model.hpp"
#include "gui/hex_view.hpp"
#include "gui/main_window.hpp"
#include "gui/packet_list_model.hpp"
#include "gui/respond_dock.hpp"
#include "tests/gui/window_fixture.hpp"
#include "tests/test_captures.hpp"

using namespace pxescope;
using namespace pxescope::gui;

namespace {

const QString kCapture =
    QString::fromStdString(pxescope::test::real_capture("seabios-ipxe-proxydhcp.pcap"));
// The client's MAC, from the recording's .discover.txt (it changes with each re-recording).
const QString kClientMac = QString::fromStdString(
    pxescope::test::discover_fact("seabios-ipxe-proxydhcp.pcap", "Client MAC address"));
const QString kGui = QStringLiteral(PXESCOPE_BIN_DIR "/pxescope-gui");

// Clicks the middle of a character of the hex pane.
void clickHexColumn(HexView* hex, int line, int column) {
  const QTextBlock block = hex->document()->findBlockByNumber(line);
  QTextCursor c(block);
  c.setPosition(block.position() + column);
  const QRect left = hex->cursorRect(c);
  c.setPosition(block.position() + column + 1);
  const QRect right = hex->cursorRect(c);
  const QPoint at((left.left() + right.left()) / 2, left.center().y());
  QTest::mouseClick(hex->viewport(), Qt::LeftButton, {}, at);
}

int runGui(const QStringList& args, QString* err = nullptr) {
  QProcess p;
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
  p.setProcessEnvironment(env);
  p.start(kGui, args);
  if (!p.waitForFinished(60000)) return -1;
  if (err) *err = QString::fromUtf8(p.readAllStandardError());
  return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
}

}  // namespace

class MainWindowTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);  // QSettings of the tests stay apart
  }

  // Wireshark's default columns, then the PXE ones; Info starts well inside a 1400 px window.
  void defaultColumnsShowInfoAt1400px() {
    MainWindow w(false);
    w.resize(1400, 900);
    w.show();
    QVERIFY(w.openFile(kCapture, true));
    w.packetModel()->waitForScan();
    QStringList headers;
    for (int c = 0; c < w.packetModel()->columnCount(); ++c)
      headers << w.packetModel()->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString();
    QCOMPARE(headers, QStringList({"No.", "Time", "Source", "Destination", "Protocol", "Length",
                                   "Info", "Client MAC", "Arch", "Vendor class"}));
    QTableView* view = w.packetView();
    const int info_left = view->columnViewportPosition(PacketListModel::Info);
    QVERIFY(info_left >= 0);
    // At least a DHCP Info line's worth of it is on screen.
    QVERIFY2(info_left + view->fontMetrics().horizontalAdvance(
                             QStringLiteral("DHCP Discover - Transaction ID 0x12345678")) <
                 view->viewport()->width(),
             qPrintable(
                 QStringLiteral("Info at %1 of %2").arg(info_left).arg(view->viewport()->width())));
  }

  void treeSelectionHighlightsItsBytesAndBack() {
    MainWindow w(false);
    w.resize(1400, 900);
    w.show();
    QVERIFY(w.openFile(kCapture, true));
    w.packetModel()->waitForScan();
    QVERIFY(w.selectFrame(1));
    QCOMPARE(w.selectedFrame(), 1u);
    const FieldTree& tree = w.treeModel()->tree();
    const NodeId mac = tree.find("dhcp.hw.mac_addr");
    QVERIFY(mac != kNoNode);

    // Tree -> hex: exactly the node's bytes.
    const QModelIndex index = w.treeModel()->indexOfNode(mac);
    QVERIFY(index.isValid());
    QCOMPARE(w.treeModel()->nodeOf(index), mac);
    w.treeView()->setCurrentIndex(index);
    QCOMPARE(w.hexView()->highlightOffset(), tree[mac].offset);
    QCOMPARE(w.hexView()->highlightLength(), tree[mac].length);
    // The tooltip says what the field is, from the field registry.
    QCOMPARE(w.treeModel()->data(index, Qt::ToolTipRole).toString(),
             QStringLiteral("Client MAC address (dhcp.hw.mac_addr, FT_ETHER)"));
    // The highlighted text in the hex pane is the MAC's bytes.
    const auto selections = w.hexView()->extraSelections();
    QVERIFY(!selections.isEmpty());
    // The MAC (offset 70) sits on one line: one hex and one ASCII selection.
    QCOMPARE(tree[mac].offset, 70u);
    QCOMPARE(selections.size(), 2);
    // Offset 70 is column 6 of its line: bytes 0-1 of the MAC, the gap after column 8, bytes
    // 2-5; in ASCII, printable bytes as themselves, others as '.', the same gap.
    const QStringList macBytes = kClientMac.split(QLatin1Char(':'));
    QCOMPARE(macBytes.size(), 6);
    QString hexText, asciiText;
    for (int i = 0; i < 6; ++i) {
      const QString gap = i == 2 ? QStringLiteral("  ") : i ? QStringLiteral(" ") : QString();
      hexText += gap + macBytes[i];
      const int byte = macBytes[i].toInt(nullptr, 16);
      asciiText += (i == 2 ? QStringLiteral(" ") : QString()) +
                   (byte >= 0x20 && byte < 0x7f ? QChar(byte) : QLatin1Char('.'));
    }
    QCOMPARE(selections[0].cursor.selectedText(), hexText);
    QCOMPARE(selections[1].cursor.selectedText(), asciiText);

    // Hex -> tree: click the first byte of the client architecture option's value.
    const NodeId arch = tree.find("dhcp.option.client_system_architecture");
    QVERIFY(arch != kNoNode);
    const std::uint32_t at = tree[arch].offset;
    clickHexColumn(w.hexView(), static_cast<int>(at / 16),
                   HexView::hexColumn(static_cast<int>(at % 16)));
    QCOMPARE(w.treeModel()->nodeOf(w.treeView()->currentIndex()), tree.node_at_offset(at));
    QCOMPARE(w.treeModel()->nodeOf(w.treeView()->currentIndex()), arch);
    // ... and its ASCII twin selects the same node.
    w.treeView()->setCurrentIndex(w.treeModel()->indexOfNode(mac));
    clickHexColumn(w.hexView(), static_cast<int>(at / 16),
                   HexView::asciiColumn(static_cast<int>(at % 16)));
    QCOMPARE(w.treeModel()->nodeOf(w.treeView()->currentIndex()), arch);
    QCOMPARE(w.hexView()->highlightOffset(), at);
  }

  // The window follows the system palette (light or dark): a desktop switching to a dark
  // palette reaches every pane, and the hex highlight uses the palette's own highlight.
  void followsTheSystemPalette() {
    const QPalette original = QApplication::palette();
    const QPalette dark = pxescope::test::darkPalette();
    QApplication::setPalette(dark);
    {
      MainWindow w(false);
      w.resize(1400, 900);
      w.show();
      QVERIFY(w.openFile(kCapture, true));
      w.packetModel()->waitForScan();
      QVERIFY(w.selectFrame(1));
      const NodeId mac = w.treeModel()->tree().find("dhcp.hw.mac_addr");
      w.treeView()->setCurrentIndex(w.treeModel()->indexOfNode(mac));
      QCOMPARE(w.palette().color(QPalette::Window), dark.color(QPalette::Window));
      QCOMPARE(w.treeView()->palette().color(QPalette::Base), dark.color(QPalette::Base));
      QCOMPARE(w.hexView()->palette().color(QPalette::Base), dark.color(QPalette::Base));
      QCOMPARE(w.hexView()->palette().color(QPalette::Text), dark.color(QPalette::Text));
      const auto selections = w.hexView()->extraSelections();
      QVERIFY(!selections.isEmpty());
      QCOMPARE(selections[0].format.background().color(), dark.color(QPalette::Highlight));
      // Tree text is the palette's, except on warning rows (which carry their own colour).
      const QModelIndex index = w.treeModel()->indexOfNode(mac);
      QVERIFY(!w.treeModel()->data(index, Qt::ForegroundRole).isValid());
    }
    QApplication::setPalette(original);
  }

  // Live capture without the capture privilege: the window says which setcap command fixes it
  // (for this program) and stays usable. The privilege is dropped from this thread only
  // (capabilities are per thread; the capture is opened on the GUI thread) and restored.
  void missingCapturePrivilegeNamesSetcap() {
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct caps[2] = {};
    QCOMPARE(syscall(SYS_capget, &header, caps), 0L);
    const __user_cap_data_struct saved[2] = {caps[0], caps[1]};
    caps[0].effective &= ~(1u << CAP_NET_RAW);
    caps[0].effective &= ~(1u << CAP_NET_ADMIN);
    QCOMPARE(syscall(SYS_capset, &header, caps), 0L);
    MainWindow w(false);
    QVERIFY(w.openFile(kCapture, true));
    const bool started = w.startCapture(QStringLiteral("lo"), true);
    if (started) w.stopCapture();  // cannot happen without CAP_NET_RAW; never leave it running
    __user_cap_data_struct restore[2] = {saved[0], saved[1]};
    QCOMPARE(syscall(SYS_capset, &header, restore), 0L);
    QVERIFY(!started);
    QVERIFY2(w.lastError().contains(QStringLiteral("setcap cap_net_raw")),
             qPrintable(w.lastError()));
    QVERIFY2(w.lastError().contains(QApplication::applicationFilePath()),
             qPrintable(w.lastError()));
  }

  void warningsAreRowsWithIconAndColour() {
    FieldTree t;
    const NodeId root = t.add(kNoNode, "dhcp", 0, 10);
    const NodeId field = t.add(root, "dhcp.option.vendor_class_id", 2, 4);
    t.set_text(field, "Vendor class identifier: x");
    t.warn(field, Severity::Warn, "43 without 60 PXEClient");
    FieldTreeModel model;
    model.setTree(t);
    const QModelIndex f = model.indexOfNode(field);
    QCOMPARE(model.rowCount(f), 1);  // the warning row
    const QModelIndex w = model.index(0, 0, f);
    QVERIFY(model.isWarningRow(w));
    QCOMPARE(model.parent(w), f);
    QCOMPARE(model.data(w, Qt::DisplayRole).toString(),
             QStringLiteral("[warn: 43 without 60 PXEClient]"));
    QVERIFY(model.data(w, Qt::DecorationRole).isValid());
    QVERIFY(model.data(f, Qt::DecorationRole).isValid());
    QVERIFY(model.data(f, Qt::BackgroundRole).isValid());
    QVERIFY(model.data(f, Qt::ToolTipRole)
                .toString()
                .startsWith(QLatin1String(
                    "Vendor class identifier (dhcp.option.vendor_class_id, FT_STRING)\n")));
    QVERIFY(!model.data(model.indexOfNode(root), Qt::DecorationRole).isValid());
  }

  void filterBarTurnsRedWithTheReasonAndFilters() {
    MainWindow w(false);
    QVERIFY(w.openFile(kCapture, true));
    w.packetModel()->waitForScan();
    const int all = w.packetModel()->rowCount();
    QVERIFY(!w.applyFilter(QStringLiteral("dhcp.option.dhcp ==")));
    QVERIFY(w.filterEdit()->styleSheet().contains(QLatin1String("background")));
    const auto labels = w.findChildren<QLabel*>();
    bool reason_shown = false;
    for (QLabel* l : labels)
      reason_shown |= l->text().contains(QLatin1String("expected a value after '=='"));
    QVERIFY(reason_shown);
    QCOMPARE(w.packetModel()->rowCount(), all);  // a bad filter changes nothing

    // Typing says what is wrong before Enter, and clears once the text parses.
    w.filterEdit()->clear();
    QTest::keyClicks(w.filterEdit(), QStringLiteral("dhcp &&"));
    reason_shown = false;
    for (QLabel* l : labels)
      reason_shown |= l->text().contains(QLatin1String("at the end of the filter"));
    QVERIFY(reason_shown);
    QTest::keyClicks(w.filterEdit(), QStringLiteral(" tftp"));
    for (QLabel* l : labels) QVERIFY(!l->text().contains(QLatin1String("column")));
    QCOMPARE(w.packetModel()->rowCount(), all);

    // A name the field registry does not know turns the bar red too, typed or applied.
    w.filterEdit()->clear();
    QTest::keyClicks(w.filterEdit(), QStringLiteral("dhcp.option.foo == 1"));
    QVERIFY(w.filterEdit()->styleSheet().contains(QLatin1String("#ffcdd2")));
    reason_shown = false;
    for (QLabel* l : labels)
      reason_shown |= l->text() == QLatin1String("column 1: dhcp.option.foo is not a known field");
    QVERIFY(reason_shown);
    QVERIFY(!w.applyFilter(w.filterEdit()->text()));
    QCOMPARE(w.packetModel()->rowCount(), all);

    w.filterEdit()->setText(QStringLiteral("dhcp.option.client_system_architecture == 0"));
    QTest::keyClick(w.filterEdit(), Qt::Key_Return);
    w.packetModel()->waitForScan();
    QVERIFY(w.packetModel()->rowCount() > 0 && w.packetModel()->rowCount() < all);
    for (int r = 0; r < w.packetModel()->rowCount(); ++r)
      QCOMPARE(w.packetModel()
                   ->data(w.packetModel()->index(r, PacketListModel::Arch), Qt::DisplayRole)
                   .toString(),
               QStringLiteral("x86 BIOS (0)"));

    // Selecting a client filters the list on its boot (pxe.client): its DHCP and also its
    // TFTP, ARP and ICMP evidence (which carry no chaddr).
    w.filterEdit()->clear();
    QVERIFY(w.applyFilter({}));
    w.packetModel()->waitForScan();
    auto* clients = w.findChild<QTableWidget*>();
    QVERIFY(clients);
    QCOMPARE(clients->rowCount(), 1);
    // Its IPv4 address (the ACK's yiaddr, checked below) is in the story.
    auto* stories = w.findChild<BootStoryView*>();
    QVERIFY(stories);
    stories->waitForStories();
    const QString address = stories->addressOf(kClientMac);
    QVERIFY(!address.isEmpty());
    // The first client is highlighted on open (its story shown, the list not filtered): a
    // click on it is the user's choice.
    QCOMPARE(clients->selectionModel()->selectedRows().size(), 1);
    QCOMPARE(w.filterEdit()->text(), QString());
    emit clients->clicked(clients->model()->index(0, 0));  // the window is not shown here
    QCOMPARE(kClientMac.size(), 17);
    QCOMPARE(w.filterEdit()->text(), QStringLiteral("pxe.client == %1").arg(kClientMac));
    w.packetModel()->waitForScan();
    QSet<QString> protocols;
    bool acked_that_address = false;
    for (int r = 0; r < w.packetModel()->rowCount(); ++r) {
      FieldTree row;
      std::vector<std::uint8_t> bytes;
      QVERIFY(w.packetModel()->decode(w.packetModel()->frameOfRow(r), row, bytes));
      QVERIFY(bytes.size() >= 12);
      std::array<std::uint8_t, 6> dst{}, src{};
      std::copy(bytes.begin(), bytes.begin() + 6, dst.begin());
      std::copy(bytes.begin() + 6, bytes.begin() + 12, src.begin());
      auto text = [&](const char* field) {
        const NodeId id = row.find(field);
        return id == kNoNode ? QString() : QString::fromStdString(row[id].str_value);
      };
      // Its MAC on the wire or in chaddr (a server's broadcast reply), or its address.
      QVERIFY(QString::fromStdString(format_mac(dst)) == kClientMac ||
              QString::fromStdString(format_mac(src)) == kClientMac ||
              text("dhcp.hw.mac_addr") == kClientMac || text("ip.src") == address ||
              text("ip.dst") == address);
      acked_that_address |= text("dhcp.ip.your") == address;
      protocols.insert(
          w.packetModel()
              ->data(w.packetModel()->index(r, PacketListModel::Protocol), Qt::DisplayRole)
              .toString());
    }
    QVERIFY(acked_that_address);
    QVERIFY2(
        protocols.contains(QStringLiteral("TFTP")) && protocols.contains(QStringLiteral("DHCP")),
        qPrintable(QStringList(protocols.values()).join(QLatin1Char(','))));

    // "Answer This Client…" on the row prepares the responder for that MAC and its arch
    // (x86 BIOS: undionly.kpxe).
    QCOMPARE(clients->actions().size(), 1);
    QCOMPARE(clients->actions().first()->text(), QStringLiteral("Answer This Client…"));
    clients->actions().first()->trigger();
    auto* respond = w.findChild<RespondDock*>();
    QVERIFY(respond && !respond->isHidden());  // the window itself is not shown here
    const QStringList args = respond->arguments();
    QCOMPARE(args.at(args.indexOf(QStringLiteral("--only")) + 1), kClientMac);
    QVERIFY(args.indexOf(QStringLiteral("--boot-file")) >= 0);
    QCOMPARE(args.at(args.indexOf(QStringLiteral("--boot-file")) + 1),
             QStringLiteral("undionly.kpxe"));
  }

  void exportsTheSelectedTree() {
    MainWindow w(false);
    QVERIFY(w.openFile(kCapture, true));
    w.packetModel()->waitForScan();
    QVERIFY(w.selectFrame(1));
    QTemporaryDir dir;
    QString error;
    const QString whole = dir.filePath(QStringLiteral("p.json"));
    QVERIFY2(w.exportSelectedPacket(whole, true, &error), qPrintable(error));
    QFile f(whole);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll());
    QVERIFY(doc.isArray());
    QCOMPARE(doc.array().last().toObject().value(QStringLiteral("name")).toString(),
             QStringLiteral("dhcp"));

    const NodeId arch = w.treeModel()->tree().find("dhcp.option.client_system_architecture");
    w.treeView()->setCurrentIndex(w.treeModel()->indexOfNode(arch));
    const QString one = dir.filePath(QStringLiteral("arch.json"));
    QVERIFY(w.exportSelectedPacket(one, true, &error));
    QFile g(one);
    QVERIFY(g.open(QIODevice::ReadOnly));
    const QJsonObject node = QJsonDocument::fromJson(g.readAll()).object();
    QCOMPARE(node.value(QStringLiteral("name")).toString(),
             QStringLiteral("dhcp.option.client_system_architecture"));
    QCOMPARE(node.value(QStringLiteral("value")).toInt(), 0);

    const QString text = dir.filePath(QStringLiteral("arch.txt"));
    QVERIFY(w.exportSelectedPacket(text, false, &error));
    QFile h(text);
    QVERIFY(h.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(h.readAll()).trimmed(),
             QStringLiteral("Client System Architecture: x86 BIOS (0)"));
  }

  void badFileLeavesTheWindowUsable() {
    MainWindow w(false);
    QVERIFY(w.openFile(kCapture, true));
    w.packetModel()->waitForScan();
    QVERIFY(!w.openFile(QStringLiteral("/nonexistent/x.pcap"), true));
    QVERIFY(w.lastError().contains(QLatin1String("/nonexistent/x.pcap")));
    QVERIFY(w.packetModel()->rowCount() > 0);
    QVERIFY(w.selectFrame(1));
  }

  void screenshotCommand() {
    QTemporaryDir dir;
    const QString png = dir.filePath(QStringLiteral("shot.png"));
    QString err;
    QCOMPARE(runGui({kCapture, QStringLiteral("--screenshot"), png}, &err), 0);
    QImage image(png);
    QCOMPARE(image.size(), QSize(1400, 900));
    QCOMPARE(runGui({kCapture, QStringLiteral("--screenshot"), png, QStringLiteral("--select"),
                     QStringLiteral("3")}),
             0);

    QCOMPARE(
        runGui({QStringLiteral("/nonexistent/x.pcap"), QStringLiteral("--screenshot"), png}, &err),
        1);
    QVERIFY2(err.contains(QLatin1String("/nonexistent/x.pcap")), qPrintable(err));
    QCOMPARE(runGui({kCapture, QStringLiteral("--screenshot"), png, QStringLiteral("--select"),
                     QStringLiteral("100000")},
                    &err),
             1);
    QVERIFY2(err.contains(QLatin1String("no frame 100000")), qPrintable(err));
  }
};

QTEST_MAIN(MainWindowTest)
#include "main_window_test.moc"
