// The default layout's pane sizes, offscreen at 1400×900: the packet list, the field tree and
// the hex pane stacked as in Wireshark, the tree as wide as the window's centre and wider than
// its widest note, the hex pane a few whole 16-byte lines tall; a splitter state saved by the
// older side-by-side arrangement is not applied; the Clients pane is no taller than its rows.
#include <QDataStream>
#include <QDockWidget>
#include <QHeaderView>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTreeView>
#include <QtTest>

#include "gui/boot_story_view.hpp"
#include "gui/clients_dock.hpp"
#include "gui/default_pane_sizes.hpp"
#include "gui/field_tree_model.hpp"
#include "gui/hex_view.hpp"
#include "tests/gui/window_fixture.hpp"

using namespace pxescope::gui;
using pxescope::test::kBootedCapture;
using pxescope::test::openAndTell;

namespace {

// A DISCOVER with a dissector's note (frame 2) and the proxyDHCP ACK with the linter's
// finding (frame 12): their notes are the tree's longest lines.
const QString kUefi = QStringLiteral(PXESCOPE_SOURCE_DIR "/captures/stories/uefi-wrong-arch.pcap");

// Selects the frame and opens its tree as --screenshot does (the PXE options, the client
// architecture revealed), then every row, so each note is a shown line.
void showExpanded(MainWindow& w, std::uint64_t frame) {
  QVERIFY(w.selectFrame(frame));
  w.expandPxeOptions();
  const auto arch = w.treeModel()->tree().find("dhcp.option.client_system_architecture");
  if (arch != pxescope::kNoNode) w.revealTreeIndex(w.treeModel()->indexOfNode(arch));
  w.treeView()->expandAll();
  QCoreApplication::processEvents();
}

// The right edge of the widest note row (indentation, icon and text), from the left edge of
// the tree's content; 0 when the tree shows no note.
int widestNoteRight(QTreeView* tree, const FieldTreeModel* model, const QModelIndex& parent = {}) {
  int widest = 0;
  for (int r = 0; r < model->rowCount(parent); ++r) {
    const QModelIndex i = model->index(r, 0, parent);
    if (model->isWarningRow(i))
      widest = std::max(widest, tree->visualRect(i).left() + tree->horizontalScrollBar()->value() +
                                    tree->sizeHintForIndex(i).width());
    widest = std::max(widest, widestNoteRight(tree, model, i));
  }
  return widest;
}

// A state as the side-by-side arrangement saved it (QSplitter::saveState of two panes).
QByteArray oldTwoPaneState(Qt::Orientation orientation, QList<int> sizes) {
  QSplitter old(orientation);
  old.addWidget(new QWidget);
  old.addWidget(new QWidget);
  old.resize(1000, 700);
  old.setSizes(sizes);
  return old.saveState();
}

void checkHexPaneShowsWholeLines(HexView* hex) {
  // A whole 16-byte line: nothing to scroll sideways.
  QVERIFY2(hex->horizontalScrollBar()->maximum() == 0,
           qPrintable(QStringLiteral("scrolls %1 px: pane %2, hint %3, viewport %4")
                          .arg(hex->horizontalScrollBar()->maximum())
                          .arg(hex->width())
                          .arg(hex->sizeHint().width())
                          .arg(hex->viewport()->width())));
  const int line = hex->fontMetrics().horizontalAdvance(QString(74, QLatin1Char('0')));
  QVERIFY2(hex->viewport()->width() >= line, qPrintable(QString::number(hex->viewport()->width())));
  // At least one whole line tall.
  QVERIFY2(hex->viewport()->height() >= hex->fontMetrics().lineSpacing(),
           qPrintable(QString::number(hex->viewport()->height())));
}

}  // namespace

class PaneSizesTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);  // the saved-layout test's QSettings stay apart
    QSettings().clear();
  }
  void cleanup() { QSettings().clear(); }

  void panesAreStackedAndTheHexPaneIsAFewWholeLines() {
    MainWindow w(false);
    QVERIFY(openAndTell(w, kBootedCapture));
    QVERIFY(w.selectFrame(1));
    QCoreApplication::processEvents();
    HexView* hex = w.hexView();
    QTreeView* tree = w.treeView();
    // One vertical splitter: list, tree, hex, each the splitter's whole width.
    auto* splitter = qobject_cast<QSplitter*>(tree->parentWidget());
    QVERIFY(splitter);
    QCOMPARE(splitter->orientation(), Qt::Vertical);
    QCOMPARE(splitter->count(), 3);
    QCOMPARE(splitter->widget(0), static_cast<QWidget*>(w.packetView()));
    QCOMPARE(splitter->widget(1), static_cast<QWidget*>(tree));
    QCOMPARE(splitter->widget(2), static_cast<QWidget*>(hex));
    QCOMPARE(tree->width(), splitter->width());
    checkHexPaneShowsWholeLines(hex);
    // The hex pane is its few lines tall (give or take a line), the tree taller than the list.
    const int lines = hex->viewport()->height() / hex->fontMetrics().lineSpacing();
    QVERIFY2(lines >= HexView::kDefaultLines - 1 && lines <= HexView::kDefaultLines + 1,
             qPrintable(QString::number(lines)));
    QVERIFY2(
        tree->height() > w.packetView()->height(),
        qPrintable(
            QStringLiteral("tree %1, list %2").arg(tree->height()).arg(w.packetView()->height())));
  }

  // As --screenshot shows them: the OVMF DISCOVER's architecture note (the README's UEFI
  // screenshot), a DISCOVER with a dissector's note and a reply with the linter's finding.
  void fieldTreeIsWiderThanItsWidestNote_data() {
    QTest::addColumn<QString>("capture");
    QTest::addColumn<quint64>("frame");
    QTest::newRow("ovmf discover")
        << QString::fromStdString(pxescope::test::real_capture("ovmf-edk2-proxydhcp.pcap"))
        << quint64(1);
    QTest::newRow("uefi-wrong-arch discover") << kUefi << quint64(2);
    QTest::newRow("uefi-wrong-arch linted ack") << kUefi << quint64(12);
  }

  void fieldTreeIsWiderThanItsWidestNote() {
    QFETCH(QString, capture);
    QFETCH(quint64, frame);
    MainWindow w(false);
    QVERIFY(openAndTell(w, capture));
    showExpanded(w, frame);
    QTreeView* tree = w.treeView();
    const int note = widestNoteRight(tree, w.treeModel());
    QVERIFY2(note > 0, "the frame shows no note");
    QVERIFY2(tree->viewport()->width() >= note,
             qPrintable(QStringLiteral("tree viewport %1 px, widest note %2 px")
                            .arg(tree->viewport()->width())
                            .arg(note)));
    checkHexPaneShowsWholeLines(w.hexView());
  }

  // A layout saved by the side-by-side arrangement (tree beside the hex pane) is not applied
  // to the stacked panes: with its sizes, the 3-pane splitter would hide the tree or the hex
  // pane. The window's geometry and docks still come back.
  void aSplitterStateOfTheOldArrangementIsIgnored() {
    {
      MainWindow w(true);
      w.resize(1400, 900);
      w.show();
      QVERIFY(w.close());  // saves geometry, docks and the pane split
    }
    {
      QSettings settings;
      QVERIFY(settings.contains(QStringLiteral("geometry")));
      QVERIFY(settings.contains(kPaneSplitKey));
      settings.remove(kPaneSplitKey);
      // Old keys, and the same old state under the new key: neither may be applied.
      settings.setValue(QStringLiteral("verticalSplit"), oldTwoPaneState(Qt::Vertical, {690, 10}));
      settings.setValue(QStringLiteral("bottomSplit"), oldTwoPaneState(Qt::Horizontal, {990, 0}));
      settings.setValue(kPaneSplitKey, oldTwoPaneState(Qt::Vertical, {690, 10}));
      settings.sync();
    }
    MainWindow w(true);
    QVERIFY(openAndTell(w, kUefi));
    showExpanded(w, 2);
    QTreeView* tree = w.treeView();
    // The default heights: the tree shows rows, the hex pane whole lines.
    QVERIFY2(tree->viewport()->height() >= 5 * tree->fontMetrics().height(),
             qPrintable(QString::number(tree->viewport()->height())));
    checkHexPaneShowsWholeLines(w.hexView());
    const int lines = w.hexView()->viewport()->height() / w.hexView()->fontMetrics().lineSpacing();
    QVERIFY2(lines >= HexView::kDefaultLines - 1, qPrintable(QString::number(lines)));
  }

  // The control: a split the user made in the stacked arrangement comes back as it was.
  void aSplitOfTheStackedArrangementIsRestored() {
    QList<int> chosen;
    {
      MainWindow w(true);
      w.resize(1400, 900);
      w.show();
      QCoreApplication::processEvents();
      auto* splitter = qobject_cast<QSplitter*>(w.treeView()->parentWidget());
      const int total = splitter->height() - 2 * splitter->handleWidth();
      splitter->setSizes({total / 2, total / 4, total - total / 2 - total / 4});
      chosen = splitter->sizes();
      QVERIFY(w.close());
    }
    MainWindow again(true);
    again.show();
    QCoreApplication::processEvents();
    auto* splitter = qobject_cast<QSplitter*>(again.treeView()->parentWidget());
    QCOMPARE(splitter->sizes(), chosen);
  }

  void clientsPaneIsNoTallerThanItsRows() {
    MainWindow w(false);
    QVERIFY(openAndTell(w, kBootedCapture));
    auto* dock = w.findChild<ClientsDock*>();
    QVERIFY(dock);
    QTableWidget* table = dock->table();
    QCOMPARE(table->rowCount(), 1);
    // Every row shows (no vertical scrolling) and the pane is the height of two rows (its
    // least) plus its header and check box: no empty table below them.
    QCOMPARE(table->verticalScrollBar()->maximum(), 0);
    const int row = table->verticalHeader()->defaultSectionSize();
    QVERIFY2(table->viewport()->height() <= 2 * row + row / 2,
             qPrintable(QStringLiteral("viewport %1 for rows of %2")
                            .arg(table->viewport()->height())
                            .arg(row)));
    QVERIFY2(table->viewport()->height() >= row,
             qPrintable(QString::number(table->viewport()->height())));
  }
};

QTEST_MAIN(PaneSizesTest)
#include "pane_sizes_test.moc"
