// Analyze ▸ Expert Information, offscreen: the dialog groups the capture's findings by
// severity ▸ code (count) ▸ frame, and double-clicking one selects its frame in the window.
#include <QMenuBar>
#include <QStandardPaths>
#include <QTreeWidget>
#include <QtTest>

#include "gui/expert_dialog.hpp"
#include "gui/main_window.hpp"
#include "gui/packet_list_model.hpp"

using namespace pxescope;
using namespace pxescope::gui;

namespace {

const QString kUefi = QStringLiteral(PXESCOPE_SOURCE_DIR "/captures/stories/uefi-wrong-arch.pcap");

}  // namespace

class ExpertDialogTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void groupsFindingsAndSelectsTheirFrame() {
    MainWindow w(false);
    QVERIFY(w.openFile(kUefi, true));
    w.packetModel()->waitForScan();
    auto* open = w.menuBar()->findChild<QAction*>(QStringLiteral("expertInfoAction"));
    QVERIFY(open);
    open->trigger();
    auto* dialog = w.findChild<ExpertDialog*>();
    QVERIFY(dialog);
    dialog->waitForReport();
    QVERIFY(dialog->isReady());
    QVERIFY(dialog->report().error.empty());
    QTreeWidget* tree = dialog->tree();
    QVERIFY(tree->topLevelItemCount() >= 2);
    // Warnings before notes; the linter's code is a group of its own.
    QTreeWidgetItem* lint = nullptr;
    int last_rank = 3;
    for (int i = 0; i < tree->topLevelItemCount(); ++i) {
      const QString text = tree->topLevelItem(i)->text(0);
      const int rank = text.startsWith(QStringLiteral("error"))  ? 2
                       : text.startsWith(QStringLiteral("warn")) ? 1
                                                                 : 0;
      QVERIFY2(rank <= last_rank, qPrintable(text));
      last_rank = rank;
      if (text == QStringLiteral("warn ▸ file-arch-mismatch (1)")) lint = tree->topLevelItem(i);
    }
    QVERIFY(lint);
    QCOMPARE(lint->childCount(), 1);
    QTreeWidgetItem* finding = lint->child(0);
    QVERIFY(finding->text(0).startsWith(QStringLiteral("frame 12: dhcp.file: pxe-lint")));
    QCOMPARE(finding->data(0, ExpertDialog::kFrameRole).toULongLong(), 12u);
    // Each group's count is its rows.
    for (int i = 0; i < tree->topLevelItemCount(); ++i) {
      QTreeWidgetItem* g = tree->topLevelItem(i);
      QVERIFY(g->text(0).endsWith(QStringLiteral("(%1)").arg(g->childCount())));
    }
    emit tree->itemActivated(finding, 0);
    QCOMPARE(w.selectedFrame(), 12u);
  }
};

QTEST_MAIN(ExpertDialogTest)
#include "expert_dialog_test.moc"
