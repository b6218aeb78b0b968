// Warnings in the detail tree where `analyze -V` prints them: the dissectors' notes and the
// offer linter's findings, as first child rows of their field, with icon, colour and code.
// The tree the window shows, rendered as text, is `analyze -V`'s for the same frame.
#include <QProcess>
#include <QStandardPaths>
#include <QTreeView>
#include <QtTest>

#include "gui/field_tree_model.hpp"
#include "gui/main_window.hpp"
#include "gui/packet_list_model.hpp"

using namespace pxescope;
using namespace pxescope::gui;

namespace {

const QString kUefi = QStringLiteral(PXESCOPE_SOURCE_DIR "/captures/stories/uefi-wrong-arch.pcap");

// The model's rows, depth first, 4 spaces a level: the shape of `analyze -V`.
void render(const QAbstractItemModel& m, const QModelIndex& parent, int depth, QString& out) {
  for (int r = 0; r < m.rowCount(parent); ++r) {
    const QModelIndex i = m.index(r, 0, parent);
    out += QString(depth * 4, QLatin1Char(' ')) + m.data(i, Qt::DisplayRole).toString() +
           QLatin1Char('\n');
    render(m, i, depth + 1, out);
  }
}

QString analyzeVerbose(std::uint64_t frame) {
  QProcess p;
  p.start(QStringLiteral(PXESCOPE_BIN_DIR "/pxescope"),
          {QStringLiteral("analyze"), QStringLiteral("-V"), QStringLiteral("-Y"),
           QStringLiteral("frame.number == %1").arg(frame), kUefi});
  if (!p.waitForFinished(60000)) return {};
  QString out = QString::fromUtf8(p.readAllStandardOutput());
  out = out.mid(out.indexOf(QLatin1Char('\n')) + 1);  // past "Frame N: … bytes on wire, …"
  while (out.endsWith(QStringLiteral("\n\n"))) out.chop(1);
  return out;
}

}  // namespace

class TreeWarningsTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void sameTreeAsAnalyzeVerbose() {
    MainWindow w(false);
    QVERIFY(w.openFile(kUefi, true));
    w.packetModel()->waitForScan();  // the pass finds the linter's findings too
    // 12: the proxyDHCP ACK the linter flags; 2: a DISCOVER with a dissector note.
    for (std::uint64_t frame : {12u, 2u, 4u}) {
      QVERIFY(w.selectFrame(frame));
      QString ours;
      render(*w.treeModel(), {}, 0, ours);
      const QString theirs = analyzeVerbose(frame);
      QVERIFY(!theirs.isEmpty());
      QCOMPARE(ours, theirs);
    }
  }

  void lintFindingIsTheFieldsFirstRowWithItsCode() {
    MainWindow w(false);
    QVERIFY(w.openFile(kUefi, true));
    w.packetModel()->waitForScan();
    QVERIFY(w.selectFrame(12));
    const FieldTreeModel* m = w.treeModel();
    const NodeId file = m->tree().find("dhcp.file");
    QVERIFY(file != kNoNode);
    const QModelIndex field = m->indexOfNode(file);
    QVERIFY(m->rowCount(field) >= 1);
    const QModelIndex warning = m->index(0, 0, field);
    QVERIFY(m->isWarningRow(warning));
    QCOMPARE(m->parent(warning), field);
    QVERIFY(m->data(warning, Qt::DisplayRole)
                .toString()
                .startsWith(QStringLiteral("[warn: pxe-lint file-arch-mismatch: ")));
    QCOMPARE(m->data(warning, FieldTreeModel::kWarningCodeRole).toString(),
             QStringLiteral("file-arch-mismatch"));
    QVERIFY(m->data(warning, Qt::ToolTipRole)
                .toString()
                .startsWith(QStringLiteral("file-arch-mismatch (dhcp.file)")));
    QVERIFY(!m->data(warning, Qt::DecorationRole).value<QIcon>().isNull());
    QVERIFY(!m->data(field, Qt::DecorationRole).value<QIcon>().isNull());  // the field's icon
    QCOMPARE(m->data(warning, Qt::ForegroundRole).value<QColor>(), QColor(200, 110, 0));
  }

  // A node with both warnings and fields: the warnings come first, and every index maps back.
  void warningsBeforeFieldsRoundTrip() {
    FieldTree t;
    const NodeId top = t.add(kNoNode, "dhcp", 0, 10);
    const NodeId a = t.add(top, "dhcp.hw.type", 0, 1);
    const NodeId b = t.add(top, "dhcp.hw.len", 1, 1);
    t.warn(top, Severity::Error, "first");
    t.warn(top, Severity::Note, "second");
    FieldTreeModel m;
    m.setTree(t);
    const QModelIndex root = m.index(0, 0);
    QCOMPARE(m.rowCount(root), 4);
    QVERIFY(m.isWarningRow(m.index(0, 0, root)));
    QVERIFY(m.isWarningRow(m.index(1, 0, root)));
    QCOMPARE(m.nodeOf(m.index(2, 0, root)), a);
    QCOMPARE(m.nodeOf(m.index(3, 0, root)), b);
    QCOMPARE(m.indexOfNode(b), m.index(3, 0, root));
    QCOMPARE(m.parent(m.indexOfNode(a)), root);
    QCOMPARE(m.data(m.index(0, 0, root), Qt::DisplayRole).toString(),
             QStringLiteral("[error: first]"));
    QCOMPARE(m.data(m.index(0, 0, root), Qt::ForegroundRole).value<QColor>(), QColor(200, 40, 40));
    QCOMPARE(m.data(m.index(1, 0, root), Qt::ForegroundRole).value<QColor>(), QColor(30, 120, 200));
    QCOMPARE(m.index(4, 0, root), QModelIndex());
  }
};

QTEST_MAIN(TreeWarningsTest)
#include "tree_warnings_test.moc"
