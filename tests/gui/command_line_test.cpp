// pxescope-gui's command line: --help and --version work without any display (no X11, no
// Wayland, no QT_QPA_PLATFORM), and a second FILE is an error instead of being ignored.
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

const QString kGui = QStringLiteral(PXESCOPE_BIN_DIR "/pxescope-gui");
const QString kCapture =
    QStringLiteral(PXESCOPE_SOURCE_DIR "/captures/real/seabios-ipxe-proxydhcp.pcap");

struct Run {
  bool crashed = true;
  int exit_code = -1;
  QString out, err;
};

// Runs pxescope-gui with no display at all: what a user gets over ssh.
Run runWithoutDisplay(const QStringList& args) {
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
    env.remove(QString::fromLatin1(name));
  QProcess p;
  p.setProcessEnvironment(env);
  p.start(kGui, args);
  Run r;
  if (!p.waitForFinished(60000)) {
    p.kill();
    p.waitForFinished(5000);
    return r;
  }
  r.crashed = p.exitStatus() != QProcess::NormalExit;
  r.exit_code = p.exitCode();
  r.out = QString::fromUtf8(p.readAllStandardOutput());
  r.err = QString::fromUtf8(p.readAllStandardError());
  return r;
}

}  // namespace

class CommandLineTest : public QObject {
  Q_OBJECT
 private slots:
  void helpWithoutDisplay() {
    const Run r = runWithoutDisplay({QStringLiteral("--help")});
    QVERIFY2(!r.crashed, qPrintable(r.err));
    QCOMPARE(r.exit_code, 0);
    QVERIFY2(r.out.contains(QStringLiteral("--screenshot")), qPrintable(r.out));
  }

  void versionWithoutDisplay() {
    const Run r = runWithoutDisplay({QStringLiteral("--version")});
    QVERIFY2(!r.crashed, qPrintable(r.err));
    QCOMPARE(r.exit_code, 0);
    QVERIFY2(r.out.contains(QStringLiteral("pxescope-gui " PXESCOPE_VERSION)), qPrintable(r.out));
  }

  void secondFileIsAnError() {
    const Run r = runWithoutDisplay({kCapture, kCapture});
    QVERIFY2(!r.crashed, qPrintable(r.err));
    QCOMPARE(r.exit_code, 1);
    QVERIFY2(r.err.contains(QStringLiteral("one capture FILE at a time")), qPrintable(r.err));
  }
};

QTEST_GUILESS_MAIN(CommandLineTest)
#include "command_line_test.moc"
