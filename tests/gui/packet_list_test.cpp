// The packet list as a Wireshark user drives it (issue 13 §1), offscreen on the real window:
// columns hidden, moved and remembered; time display formats and time references; Go to
// packet, First/Last; Find by display filter, string and hex bytes; marks; sorting by any
// column; colouring rules (defaults, a dark palette, the dialog, QSettings round trip).
// Expected values come from reading the capture with the analyzer directly, not the model.
#include <QAction>
#include <QApplication>
#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <numeric>
#include <vector>

#include "analyzer/capture_reader.hpp"
#include "analyzer/filter/frame_context.hpp"
#include "analyzer/packet_dissector.hpp"
#include "gui/colouring_rules_dialog.hpp"
#include "gui/find_bar.hpp"
#include "gui/find_pass.hpp"
#include "gui/main_window.hpp"
#include "gui/packet_list_actions.hpp"
#include "gui/packet_list_header.hpp"
#include "gui/packet_list_model.hpp"
#include "gui/row_colours.hpp"
#include "tests/gui/window_fixture.hpp"
#include "tests/test_captures.hpp"

using namespace pxescope;
using namespace pxescope::gui;
using pxescope::test::ruleNamed;

namespace {

const QString kCapture =
    QString::fromStdString(pxescope::test::real_capture("seabios-ipxe-proxydhcp.pcap"));
const QString kWarnedCapture =
    QString::fromStdString(pxescope::test::generated_capture("missing-end.pcap"));

struct TruthFrame {
  std::vector<std::uint8_t> bytes;
  std::int64_t time_ns = 0;
  std::uint32_t length = 0;
  bool dhcp = false;
  std::uint64_t dhcp_type = 0;
  std::size_t warnings = 0;
};

std::vector<TruthFrame> readTruth(const QString& path) {
  std::vector<TruthFrame> out;
  CaptureReader reader;
  if (!reader.open_file(path.toStdString())) qFatal("cannot open %s", qPrintable(path));
  PacketDissector dissector;
  FieldTree tree;
  Frame f;
  while (reader.next(f)) {
    dissector.dissect(f, tree);
    TruthFrame t;
    t.bytes.assign(f.data.begin(), f.data.end());
    t.time_ns = filter::frame_time_ns(f);
    t.length = f.original_length;
    const NodeId type = tree.find("dhcp.option.dhcp");
    t.dhcp = tree.find("dhcp") != kNoNode;
    t.dhcp_type = type == kNoNode ? 0 : tree[type].uint_value;
    t.warnings = tree.count_warnings(Severity::Warn);
    out.push_back(std::move(t));
  }
  return out;
}

QString seconds(std::int64_t ns) {
  return QString::number(static_cast<double>(ns) / 1e9, 'f', 6);
}

QString cell(MainWindow& w, std::uint64_t frame, int column) {
  PacketListModel* m = w.packetModel();
  return m->data(m->index(m->rowOfFrame(frame), column), Qt::DisplayRole).toString();
}

// Shortcuts are window shortcuts: the window must be the active one.
void showActive(MainWindow& w) {
  w.show();
  QApplication::setActiveWindow(&w);
  QVERIFY(QTest::qWaitForWindowActive(&w));
}

void openAndWait(MainWindow& w, const QString& path) {
  QVERIFY(w.openFile(path, true));
  w.packetModel()->waitForScan();
  w.packetModel()->waitForSort();
}

// The first frame (1-based) containing `needle` at or after `from`, 0 if none.
std::uint64_t firstWithBytes(const std::vector<TruthFrame>& truth,
                             const std::vector<std::uint8_t>& needle, std::uint64_t from) {
  for (std::uint64_t n = from; n <= truth.size(); ++n) {
    const auto& b = truth[n - 1].bytes;
    if (std::search(b.begin(), b.end(), needle.begin(), needle.end()) != b.end()) return n;
  }
  return 0;
}

}  // namespace

class PacketListTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);  // QSettings of the tests stay apart
    QSettings().clear();
  }

  // Hidden from the header's menu, moved by drag (moveSection), and the choice comes back in
  // the next window — but a window that may not save settings writes nothing.
  void columnsHideMoveAndAreRemembered() {
    QSettings().remove(QLatin1String(PacketListHeader::kSettingsKey));
    {
      MainWindow quiet(false);
      QHeaderView* header = quiet.packetView()->horizontalHeader();
      QMenu* menu = quiet.listActions()->header()->columnsMenu();
      QCOMPARE(menu->actions().size(), static_cast<int>(PacketListModel::ColumnCount));
      menu->actions().at(PacketListModel::Arch)->trigger();
      QVERIFY(header->isSectionHidden(PacketListModel::Arch));
      QVERIFY(!QSettings().contains(QLatin1String(PacketListHeader::kSettingsKey)));
    }
    {
      MainWindow w(true);
      QHeaderView* header = w.packetView()->horizontalHeader();
      QVERIFY(header->sectionsMovable());
      QVERIFY(!header->isSectionHidden(PacketListModel::Arch));
      w.listActions()->header()->columnsMenu()->actions().at(PacketListModel::Arch)->trigger();
      header->moveSection(header->visualIndex(PacketListModel::Info), 2);
      header->resizeSection(PacketListModel::Source, 217);
    }
    MainWindow again(true);
    QHeaderView* header = again.packetView()->horizontalHeader();
    QVERIFY(header->isSectionHidden(PacketListModel::Arch));
    QVERIFY(!again.listActions()
                 ->header()
                 ->columnsMenu()
                 ->actions()
                 .at(PacketListModel::Arch)
                 ->isChecked());
    QCOMPARE(header->visualIndex(PacketListModel::Info), 2);
    QCOMPARE(header->sectionSize(PacketListModel::Source), 217);
    QSettings().remove(QLatin1String(PacketListHeader::kSettingsKey));
  }

  void timeDisplayFormats() {
    const auto truth = readTruth(kCapture);
    QVERIFY(truth.size() > 10);
    MainWindow w(false);
    openAndWait(w, kCapture);
    const std::int64_t first = truth[0].time_ns;
    QCOMPARE(cell(w, 5, PacketListModel::Time), seconds(truth[4].time_ns - first));
    const auto actions = w.listActions()->timeFormatActions();
    QCOMPARE(actions.size(), 4);
    // Since the previous displayed frame: with a filter, the row above is not frame - 1.
    QVERIFY(w.applyFilter(QStringLiteral("dhcp")));
    w.packetModel()->waitForScan();
    actions[1]->trigger();
    QVERIFY(w.packetModel()->rowCount() >= 3);
    const std::uint64_t a = w.packetModel()->frameOfRow(1), b = w.packetModel()->frameOfRow(2);
    QCOMPARE(cell(w, b, PacketListModel::Time),
             seconds(truth[b - 1].time_ns - truth[a - 1].time_ns));
    QCOMPARE(cell(w, w.packetModel()->frameOfRow(0), PacketListModel::Time), seconds(0));
    // Absolute and UTC dates.
    const auto date = [&](std::uint64_t frame, Qt::TimeSpec spec) {
      const std::int64_t ns = truth[frame - 1].time_ns;
      const QDateTime t = QDateTime::fromSecsSinceEpoch(ns / 1000000000, spec);
      return t.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.")) +
             QStringLiteral("%1").arg((ns % 1000000000) / 1000, 6, 10, QLatin1Char('0'));
    };
    actions[3]->trigger();
    QCOMPARE(cell(w, b, PacketListModel::Time), date(b, Qt::UTC));
    actions[2]->trigger();
    QCOMPARE(cell(w, b, PacketListModel::Time), date(b, Qt::LocalTime));
    actions[0]->trigger();
    QCOMPARE(cell(w, b, PacketListModel::Time), seconds(truth[b - 1].time_ns - first));
  }

  // Ctrl+T on the selected frame: its row says *REF*, later rows count from it.
  void ctrlTSetsATimeReference() {
    const auto truth = readTruth(kCapture);
    MainWindow w(false);
    showActive(w);
    openAndWait(w, kCapture);
    QVERIFY(w.selectFrame(3));
    QTest::keyClick(&w, Qt::Key_T, Qt::ControlModifier);
    QCOMPARE(cell(w, 3, PacketListModel::Time), QStringLiteral("*REF*"));
    QCOMPARE(cell(w, 6, PacketListModel::Time), seconds(truth[5].time_ns - truth[2].time_ns));
    QCOMPARE(cell(w, 2, PacketListModel::Time), seconds(truth[1].time_ns - truth[0].time_ns));
    QTest::keyClick(&w, Qt::Key_T, Qt::ControlModifier);  // toggles it off
    QCOMPARE(cell(w, 3, PacketListModel::Time), seconds(truth[2].time_ns - truth[0].time_ns));
  }

  void goToPacketFirstAndLast() {
    const auto truth = readTruth(kCapture);
    MainWindow w(false);
    showActive(w);
    openAndWait(w, kCapture);
    PacketListActions* actions = w.listActions();
    QString why;
    QVERIFY(actions->goToPacket(7, &why));
    QCOMPARE(w.selectedFrame(), 7u);
    // Ctrl+G opens the bar; a hidden frame says so.
    QVERIFY(w.applyFilter(QStringLiteral("dhcp")));
    w.packetModel()->waitForScan();
    std::uint64_t hidden = 0;
    for (std::uint64_t n = 1; n <= truth.size() && !hidden; ++n)
      if (!truth[n - 1].dhcp) hidden = n;
    QVERIFY(hidden != 0);
    QTest::keyClick(&w, Qt::Key_G, Qt::ControlModifier);
    QVERIFY(actions->goToBar()->isVisible());
    actions->goToEdit()->setText(QString::number(hidden));
    QTest::keyClick(actions->goToEdit(), Qt::Key_Return);
    QCOMPARE(actions->goToMessage()->text(),
             QStringLiteral("Packet %1 is hidden by the display filter").arg(hidden));
    QVERIFY(!actions->goToPacket(99999, &why));
    QCOMPARE(why,
             QStringLiteral("There is no packet 99999 (the capture has %1)").arg(truth.size()));
    // Home/End in the list; Ctrl+End from the menu.
    w.packetView()->setFocus();
    QTest::keyClick(w.packetView(), Qt::Key_End);
    QCOMPARE(w.selectedFrame(), w.packetModel()->frameOfRow(w.packetModel()->rowCount() - 1));
    QTest::keyClick(w.packetView(), Qt::Key_Home);
    QCOMPARE(w.selectedFrame(), w.packetModel()->frameOfRow(0));
    actions->goLast();
    QCOMPARE(w.selectedFrame(), w.packetModel()->frameOfRow(w.packetModel()->rowCount() - 1));
  }

  // Ctrl+F is Find now (the filter bar moved to Ctrl+/); hex bytes find the first frame that
  // carries them, Find Next the next one; a display filter and a list string work too.
  void findByHexBytesFilterAndString() {
    const auto truth = readTruth(kCapture);
    MainWindow w(false);
    showActive(w);
    openAndWait(w, kCapture);
    FindBar* find = w.listActions()->findBar();
    QTest::keyClick(&w, Qt::Key_F, Qt::ControlModifier);
    QVERIFY(find->isVisible());
    QTest::keyClick(&w, Qt::Key_Slash, Qt::ControlModifier);
    QVERIFY(w.filterEdit()->hasFocus());

    const std::vector<std::uint8_t> cookie = {0x63, 0x82, 0x53, 0x63};
    const std::uint64_t first = firstWithBytes(truth, cookie, 1);
    const std::uint64_t second = firstWithBytes(truth, cookie, first + 1);
    QVERIFY(first != 0 && second != 0);
    // The search starts after the selected row and wraps around: from the last row, the
    // first frame with the bytes comes next.
    w.listActions()->goLast();
    find->setKind(SearchKind::HexBytes);
    find->textEdit()->setText(QStringLiteral("63:82:53:63"));
    QVERIFY(find->find(false));
    find->waitForSearch();
    QCOMPARE(w.selectedFrame(), first);
    QTest::keyClick(&w, Qt::Key_N, Qt::ControlModifier);  // Find Next
    find->waitForSearch();
    QCOMPARE(w.selectedFrame(), second);
    QTest::keyClick(&w, Qt::Key_B, Qt::ControlModifier);  // Find Previous
    find->waitForSearch();
    QCOMPARE(w.selectedFrame(), first);

    find->textEdit()->setText(QStringLiteral("de:zz"));
    QVERIFY(!find->find(false));
    QVERIFY2(find->message().contains(QLatin1String("'zz' is not a byte")),
             qPrintable(find->message()));

    // A display filter: the first DHCP ACK.
    std::uint64_t ack = 0;
    for (std::uint64_t n = 1; n <= truth.size() && !ack; ++n)
      if (truth[n - 1].dhcp_type == 5) ack = n;
    QVERIFY(ack != 0);
    w.selectFrame(1);
    find->setKind(SearchKind::DisplayFilter);
    find->textEdit()->setText(QStringLiteral("dhcp.option.dhcp == 5"));
    QVERIFY(find->find(false));
    find->waitForSearch();
    QCOMPARE(w.selectedFrame(), ack);

    // A string of the packet list: the proxyDHCP ACK names its boot file in Info.
    w.selectFrame(1);
    find->setKind(SearchKind::ListText);
    find->textEdit()->setText(QStringLiteral("BOOT FILE PXELINUX.0"));
    QVERIFY(find->find(false));
    find->waitForSearch();
    QVERIFY(cell(w, w.selectedFrame(), PacketListModel::Info)
                .contains(QLatin1String("boot file pxelinux.0")));

    find->textEdit()->setText(QStringLiteral("no such text anywhere"));
    QVERIFY(find->find(false));
    find->waitForSearch();
    QCOMPARE(find->message(), QStringLiteral("No packet matches"));

    // Cancel: the result of a cancelled search is dropped, the selection stays.
    const std::uint64_t before = w.selectedFrame();
    find->setKind(SearchKind::HexBytes);
    find->textEdit()->setText(QStringLiteral("63:82:53:63"));
    QVERIFY(find->find(false));
    QVERIFY(find->isSearching());  // its result can only arrive through the event loop
    find->cancel();
    QVERIFY(!find->isSearching());
    QCoreApplication::processEvents();
    QCOMPARE(find->message(), QStringLiteral("Search cancelled"));
    QCOMPARE(w.selectedFrame(), before);
    // The pass itself stops at once when cancelled.
    std::string error;
    auto search = FrameSearch::parse(SearchKind::HexBytes, "63:82:53:63", error);
    QVERIFY(search.has_value());
    JobInput input = w.packetModel()->makeJobInput();
    const FindRequest request{*search, -1, false};
    std::atomic<bool> go{false}, stop{true};
    QCOMPARE(run_find(input, request, go, {}), first);
    QCOMPARE(run_find(input, request, stop, {}), 0u);
  }

  void marksAreInvertedAndNextMarkedWraps() {
    MainWindow w(false);
    showActive(w);
    openAndWait(w, kCapture);
    for (std::uint64_t frame : {2u, 5u}) {
      QVERIFY(w.selectFrame(frame));
      QTest::keyClick(&w, Qt::Key_M, Qt::ControlModifier);
      QVERIFY(w.packetModel()->isMarked(frame));
    }
    PacketListModel* m = w.packetModel();
    const QModelIndex marked = m->index(m->rowOfFrame(2), PacketListModel::Info);
    QCOMPARE(m->data(marked, Qt::BackgroundRole).value<QColor>(),
             QGuiApplication::palette().color(QPalette::Text));
    QCOMPARE(m->data(marked, Qt::ForegroundRole).value<QColor>(),
             QGuiApplication::palette().color(QPalette::Base));
    QVERIFY(w.selectFrame(1));
    QTest::keyClick(&w, Qt::Key_N, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(w.selectedFrame(), 2u);
    QTest::keyClick(&w, Qt::Key_N, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(w.selectedFrame(), 5u);
    QTest::keyClick(&w, Qt::Key_N, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(w.selectedFrame(), 2u);  // wraps around
    QTest::keyClick(&w, Qt::Key_B, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(w.selectedFrame(), 5u);
    QVERIFY(w.selectFrame(2));
    QTest::keyClick(&w, Qt::Key_M, Qt::ControlModifier);  // unmark
    QVERIFY(!m->isMarked(2));
    QVERIFY(m->data(marked, Qt::BackgroundRole) !=
            QVariant(QGuiApplication::palette().color(QPalette::Text)));
  }

  // A click on Length sorts by length (ties in capture order), the selection stays on its
  // frame; No. ascending restores capture order.
  void sortsByLengthThenNo() {
    const auto truth = readTruth(kCapture);
    MainWindow w(false);
    showActive(w);
    openAndWait(w, kCapture);
    QVERIFY(w.selectFrame(4));
    QHeaderView* header = w.packetView()->horizontalHeader();
    QSignalSpy sorted(w.packetModel(), &PacketListModel::sortFinished);
    const int x = header->sectionViewportPosition(PacketListModel::Length) + 10;
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
    QTRY_COMPARE(sorted.count(), 1);
    PacketListModel* m = w.packetModel();
    std::vector<std::uint64_t> expected(truth.size());
    std::iota(expected.begin(), expected.end(), 1u);
    std::stable_sort(expected.begin(), expected.end(), [&](std::uint64_t a, std::uint64_t b) {
      return truth[a - 1].length < truth[b - 1].length;
    });
    const bool descending = header->sortIndicatorOrder() == Qt::DescendingOrder;
    if (descending) {  // the platform's first click may sort down: compare with that
      std::stable_sort(expected.begin(), expected.end(), [&](std::uint64_t a, std::uint64_t b) {
        return truth[a - 1].length > truth[b - 1].length;
      });
    }
    for (int row = 0; row < m->rowCount(); ++row) {
      QCOMPARE(m->frameOfRow(row), expected[static_cast<std::size_t>(row)]);
      QCOMPARE(m->data(m->index(row, PacketListModel::Length), Qt::DisplayRole).toString(),
               QString::number(truth[expected[static_cast<std::size_t>(row)] - 1].length));
    }
    QCOMPARE(m->frameOfRow(w.packetView()->currentIndex().row()), 4u);
    QCOMPARE(m->rowOfFrame(4), w.packetView()->currentIndex().row());
    // By Info, descending, off the GUI thread too.
    w.packetView()->sortByColumn(PacketListModel::Info, Qt::DescendingOrder);
    m->waitForSort();
    for (int row = 1; row < m->rowCount(); ++row)
      QVERIFY(QString::compare(
                  m->data(m->index(row - 1, PacketListModel::Info), Qt::DisplayRole).toString(),
                  m->data(m->index(row, PacketListModel::Info), Qt::DisplayRole).toString(),
                  Qt::CaseInsensitive) >= 0);
    w.packetView()->sortByColumn(PacketListModel::No, Qt::AscendingOrder);
    m->waitForSort();
    for (int row = 0; row < m->rowCount(); ++row)
      QCOMPARE(m->frameOfRow(row), static_cast<std::uint64_t>(row + 1));
    // A new filter keeps the header's sort: the rows come back sorted.
    w.packetView()->sortByColumn(PacketListModel::Length, Qt::AscendingOrder);
    m->waitForSort();
    QVERIFY(w.applyFilter(QStringLiteral("dhcp")));
    m->waitForScan();
    m->waitForSort();
    for (int row = 1; row < m->rowCount(); ++row)
      QVERIFY(truth[m->frameOfRow(row - 1) - 1].length <= truth[m->frameOfRow(row) - 1].length);
  }

  // Default rules: a DHCP OFFER takes "DHCP OFFER", a frame with a warning a problem rule.
  void colouringOfAnOfferAndOfAWarnedFrame() {
    const auto truth = readTruth(kCapture);
    MainWindow w(false);
    openAndWait(w, kCapture);
    PacketListModel* m = w.packetModel();
    const ColourRuleSet& rules = m->colourRules();
    std::uint64_t offer = 0;
    for (std::uint64_t n = 1; n <= truth.size() && !offer; ++n)
      if (truth[n - 1].dhcp_type == 2 && truth[n - 1].warnings == 0 &&
          !cell(w, n, PacketListModel::Info).startsWith(QLatin1String("proxyDHCP")))
        offer = n;
    QVERIFY(offer != 0);
    const int rule = m->colourRuleOf(offer);
    QCOMPARE(rule, ruleNamed(rules, "DHCP OFFER"));
    const QModelIndex i = m->index(m->rowOfFrame(offer), PacketListModel::Info);
    QCOMPARE(m->data(i, Qt::BackgroundRole).value<QColor>(),
             QColor::fromRgb(rules.rules()[static_cast<std::size_t>(rule)].background));

    const auto warned_truth = readTruth(kWarnedCapture);
    openAndWait(w, kWarnedCapture);
    std::uint64_t warned = 0;
    for (std::uint64_t n = 1; n <= warned_truth.size() && !warned; ++n)
      if (warned_truth[n - 1].warnings > 0) warned = n;
    QVERIFY(warned != 0);
    const int problem = m->colourRuleOf(warned);
    QVERIFY2(problem >= 0 && problem <= ruleNamed(rules, "Warnings"),
             qPrintable(QString::number(problem)));
  }

  // On a dark palette the tints stay dark and the text readable (WCAG AA).
  void tintsFollowADarkPalette() {
    const QPalette original = QApplication::palette();
    const QPalette dark = pxescope::test::darkPalette();
    QApplication::setPalette(dark);
    {
      MainWindow w(false);
      openAndWait(w, kCapture);
      PacketListModel* m = w.packetModel();
      int coloured = 0;
      for (int row = 0; row < m->rowCount(); ++row) {
        const QVariant bg = m->data(m->index(row, 0), Qt::BackgroundRole);
        if (!bg.isValid()) continue;
        ++coloured;
        const QColor background = bg.value<QColor>();
        const QColor text = m->data(m->index(row, 0), Qt::ForegroundRole).value<QColor>();
        QVERIFY2(background.lightness() < 110, qPrintable(background.name()));
        QVERIFY2(contrastRatio(background, text) >= 4.5,
                 qPrintable(background.name() + QLatin1Char('/') + text.name()));
      }
      QVERIFY(coloured > 0);
    }
    QApplication::setPalette(original);
    // Every default rule reads on the light and the dark palette.
    for (const ColourRule& r : default_colour_rules())
      for (const QPalette& p : {original, dark}) {
        const QColor bg = rowBackground(r.background, p);
        QVERIFY(contrastRatio(bg, rowForeground(r.foreground, bg, p)) >= 4.5);
      }
  }

  void rulesRoundTripThroughQSettingsAndTheDialogRefusesABadFilter() {
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("rules.ini")), QSettings::IniFormat);
    QCOMPARE(loadColourRules(settings), default_colour_rules());  // nothing saved yet
    std::vector<ColourRule> rules = default_colour_rules();
    rules[1].enabled = false;
    rules.push_back({"Mine", "tftp.opcode == 6", 0x123456, 0xfedcba, true});
    saveColourRules(settings, rules);
    settings.sync();
    QSettings reread(dir.filePath(QStringLiteral("rules.ini")), QSettings::IniFormat);
    QCOMPARE(loadColourRules(reread), rules);

    ColouringRulesDialog dialog(rules);
    QCOMPARE(dialog.table()->rowCount(), static_cast<int>(rules.size()));
    dialog.table()
        ->item(0, ColouringRulesDialog::Filter)
        ->setText(QStringLiteral("dhcp.option.foo == 1"));
    QVERIFY(!dialog.tryAccept());
    QCOMPARE(dialog.errorLabel()->text(),
             QStringLiteral("rule 'Malformed': column 1: dhcp.option.foo is not a known field"));
    dialog.table()->item(0, ColouringRulesDialog::Filter)->setText(QStringLiteral("_ws.malformed"));
    dialog.table()->item(0, ColouringRulesDialog::Background)->setText(QStringLiteral("nope"));
    QVERIFY(!dialog.tryAccept());
    QVERIFY(dialog.errorLabel()->text().contains(QLatin1String("'nope' is not a colour")));
    dialog.table()->item(0, ColouringRulesDialog::Background)->setText(QStringLiteral("#ff0000"));
    dialog.table()->setCurrentCell(static_cast<int>(rules.size()) - 1, 0);
    dialog.moveRule(static_cast<int>(rules.size()) - 1, -1);  // "Mine" one up
    dialog.addRule();
    dialog.removeRule(dialog.table()->currentRow());
    QVERIFY(dialog.tryAccept());
    const auto& edited = dialog.rules();
    QCOMPARE(edited.size(), rules.size());
    QCOMPARE(edited[0].background, 0xff0000u);
    QCOMPARE(edited[rules.size() - 2].name, std::string("Mine"));
    QCOMPARE(edited[1].enabled, false);
  }
};

QTEST_MAIN(PacketListTest)
#include "packet_list_test.moc"
