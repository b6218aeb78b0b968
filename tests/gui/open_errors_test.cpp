// An empty or cut-short file gets pxescope's own words in the window and on the command
// line, the very line the CLI prints (analyzer/capture_file_check), never libpcap's.
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "analyzer/capture_file_check.hpp"
#include "tests/gui/window_fixture.hpp"

using namespace pxescope::gui;

namespace {

const QString kCapture = pxescope::test::kBootedCapture;

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes) {
  const QString path = dir.filePath(name);
  QFile f(path);
  if (f.open(QIODevice::WriteOnly)) f.write(bytes);
  return path;
}

QString analyzerWords(const QString& path) {
  return QString::fromStdString(
      pxescope::capture_file_problem(path.toStdString(), path.toStdString()));
}

}  // namespace

class OpenErrorsTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void emptyAndShortFilesAreNamedInPxescopesWords() {
    QTemporaryDir dir;
    const QString empty = writeFile(dir, QStringLiteral("empty.pcap"), {});
    const QString cut = writeFile(dir, QStringLiteral("cut.pcapng"), "\x0a\x0d\x0d\x0a");
    MainWindow w(false);
    QVERIFY(w.openFile(kCapture, true));
    w.packetModel()->waitForScan();
    const int rows = w.packetModel()->rowCount();

    QVERIFY(!w.openFile(empty, true));
    QCOMPARE(w.lastError(), analyzerWords(empty));
    QVERIFY2(w.lastError().contains(QLatin1String("it is empty (0 bytes), not a capture")),
             qPrintable(w.lastError()));
    QVERIFY2(!w.lastError().contains(QLatin1String("dump file")), qPrintable(w.lastError()));

    QVERIFY(!w.openFile(cut, true));
    QCOMPARE(w.lastError(), analyzerWords(cut));
    QVERIFY2(w.lastError().contains(QLatin1String("only 4 bytes")), qPrintable(w.lastError()));

    QVERIFY(!w.openFile(dir.path(), true));
    QCOMPARE(w.lastError(), analyzerWords(dir.path()));
    // The window keeps what it showed.
    QCOMPARE(w.packetModel()->rowCount(), rows);
  }

  void screenshotOfAnEmptyFileSaysSoInOneLine() {
    QTemporaryDir dir;
    const QString empty = writeFile(dir, QStringLiteral("empty.pcap"), {});
    QString err;
    QCOMPARE(pxescope::test::runGuiProgram(
                 {empty, QStringLiteral("--screenshot"), dir.filePath(QStringLiteral("x.png"))}, {},
                 &err),
             1);
    // One line of ours (Qt may add its own notes before it, e.g. about XDG_RUNTIME_DIR).
    QCOMPARE(err.section(QLatin1Char('\n'), -2),
             QStringLiteral("pxescope-gui: %1\n").arg(analyzerWords(empty)));
  }
};

QTEST_MAIN(OpenErrorsTest)
#include "open_errors_test.moc"
