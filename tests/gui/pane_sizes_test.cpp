// The default layout's pane sizes, offscreen at 1400×900: the hex pane shows whole 16-byte
// lines and no more, the field tree gets the rest, and the Clients pane is no taller than its
// rows need.
#include <QDockWidget>
#include <QHeaderView>
#include <QScrollBar>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTreeView>
#include <QtTest>

#include "gui/clients_dock.hpp"
#include "gui/field_tree_model.hpp"
#include "gui/hex_view.hpp"
#include "tests/gui/window_fixture.hpp"

using namespace pxescope::gui;
using pxescope::test::kBootedCapture;
using pxescope::test::openAndTell;

class PaneSizesTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void hexPaneFitsItsLinesAndTheTreeTakesTheRest() {
    MainWindow w(false);
    QVERIFY(openAndTell(w, kBootedCapture));
    QVERIFY(w.selectFrame(1));
    QCoreApplication::processEvents();
    HexView* hex = w.hexView();
    // Whole lines: nothing to scroll sideways, and not much empty room beside them.
    QVERIFY2(hex->horizontalScrollBar()->maximum() == 0,
             qPrintable(QStringLiteral("scrolls %1 px: pane %2, hint %3, viewport %4, frame %5")
                            .arg(hex->horizontalScrollBar()->maximum())
                            .arg(hex->width())
                            .arg(hex->sizeHint().width())
                            .arg(hex->viewport()->width())
                            .arg(hex->frameWidth())));
    const int line = hex->fontMetrics().horizontalAdvance(QString(74, QLatin1Char('0')));
    QVERIFY2(hex->viewport()->width() >= line,
             qPrintable(QString::number(hex->viewport()->width())));
    QVERIFY2(hex->width() <= hex->sizeHint().width() + 4,
             qPrintable(QStringLiteral("%1 > %2").arg(hex->width()).arg(hex->sizeHint().width())));
    // The tree gets all the rest of the splitter.
    QTreeView* tree = w.treeView();
    auto* splitter = qobject_cast<QSplitter*>(tree->parentWidget());
    QVERIFY(splitter);
    QCOMPARE(tree->width() + splitter->handleWidth() + hex->width(), splitter->width());
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
