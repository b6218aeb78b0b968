// The packet list model reads its rows with the index pass's own reader once the pass is
// over: that reader has seen every block of a pcapng file, so painting the last rows (a sort
// by Time descending, End) never walks the file on the GUI thread, which took 0.3–0.5 s on a
// 476 MB file. Shown by blanking the blocks between the second frame and the last once the
// pass is over: a reader that walks them cannot decode the last row.
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <vector>

#include "analyzer/capture_index.hpp"
#include "gui/packet_list_model.hpp"
#include "tests/repeated_pcapng.hpp"

using pxescope::gui::PacketListModel;

class PacketModelReaderTest : public QObject {
  Q_OBJECT

 private slots:
  void lastRowIsReadWithoutWalkingTheFile() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("many.pcapng"));
    const QString copy = dir.filePath(QStringLiteral("copy.pcapng"));
    QCOMPARE(pxescope::test::write_repeated_pcapng(path.toStdString(), 400).size(), 400u);
    QVERIFY(QFile::copy(path, copy));

    // The expected Info of the last row: another model on the untouched copy.
    PacketListModel expected;
    QSignalSpy expected_done(&expected, &PacketListModel::scanFinished);
    QString error;
    QVERIFY2(expected.openFile(copy, &error), qPrintable(error));
    QTRY_COMPARE(expected_done.count(), 1);
    const QString last_info =
        expected.data(expected.index(399, PacketListModel::Info), Qt::DisplayRole).toString();
    QVERIFY(!last_info.isEmpty());

    // Where the frames start, from the analyzer's own scanner.
    pxescope::CaptureScanner scanner;
    QVERIFY(scanner.open(path.toStdString()));
    const std::vector<std::int64_t> offsets = pxescope::test::scan_offsets(scanner);
    QCOMPARE(offsets.size(), 400u);

    PacketListModel model;
    QSignalSpy done(&model, &PacketListModel::scanFinished);
    QVERIFY2(model.openFile(path, &error), qPrintable(error));
    QTRY_COMPARE(done.count(), 1);
    QCOMPARE(model.rowCount(), 400);
    QVERIFY(
        !model.data(model.index(0, PacketListModel::Info), Qt::DisplayRole).toString().isEmpty());
    QVERIFY(pxescope::test::blank_bytes(path.toStdString(), offsets[1], offsets.back()));
    QCOMPARE(model.data(model.index(399, PacketListModel::Info), Qt::DisplayRole).toString(),
             last_info);
  }
};

QTEST_MAIN(PacketModelReaderTest)
#include "packet_model_reader_test.moc"
