// The window's one rule for saved settings: a `--screenshot` run and a test window
// (MainWindow(restore_layout=false)) neither read nor write the user's QSettings — Open
// Recent, layout, last folder — while the interactive window does (the control that shows
// the test would see a write).
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "tests/gui/window_fixture.hpp"

using namespace pxescope::gui;
using pxescope::test::kBootedCapture;

namespace {

const QString kCapture = kBootedCapture;
const QString kEarlier = QStringLiteral("/earlier/boot.pcap");

QByteArray contents(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Opens the capture in a window and closes it (closing is when the layout is saved).
void openAndClose(MainWindow& w) {
  w.show();
  QVERIFY(w.openFile(kCapture, true));
  w.packetModel()->waitForScan();
  w.close();
}

}  // namespace

class SettingsPolicyTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);  // QSettings of the tests stay apart
  }

  void init() {
    QSettings settings;
    settings.clear();
    settings.setValue(QStringLiteral("recentFiles"), QStringList{kEarlier});
    settings.sync();
  }

  void testWindowNeitherReadsNorWritesSavedSettings() {
    const QString file = QSettings().fileName();
    const QByteArray before = contents(file);
    QVERIFY(!before.isEmpty());
    {
      MainWindow w(/*restore_layout=*/false);
      QVERIFY(!w.maySaveSettings());
      // The user's Open Recent does not leak into a screenshot.
      QVERIFY(w.settings().value(QStringLiteral("recentFiles")).toStringList().isEmpty());
      openAndClose(w);
      // Within the run, Open Recent works as usual.
      QCOMPARE(w.settings().value(QStringLiteral("recentFiles")).toStringList(),
               QStringList{QFileInfo(kCapture).absoluteFilePath()});
      QVERIFY(w.settings().contains(QStringLiteral("geometry")));
    }
    QCOMPARE(contents(file), before);
    QSettings after;
    QCOMPARE(after.value(QStringLiteral("recentFiles")).toStringList(), QStringList{kEarlier});
    QVERIFY(!after.contains(QStringLiteral("geometry")));
  }

  // The control: the interactive window does save, so the test above would see a write.
  void interactiveWindowSavesRecentFilesAndLayout() {
    {
      MainWindow w(/*restore_layout=*/true);
      QVERIFY(w.maySaveSettings());
      openAndClose(w);
    }
    QSettings after;
    QCOMPARE(after.value(QStringLiteral("recentFiles")).toStringList(),
             QStringList({QFileInfo(kCapture).absoluteFilePath(), kEarlier}));
    QVERIFY(after.contains(QStringLiteral("geometry")));
  }

  // The real program: its settings file (under XDG_CONFIG_HOME) is byte for byte the same
  // after a screenshot, and nothing else appears beside it.
  void screenshotRunLeavesTheSettingsFileUntouched() {
    QTemporaryDir config;
    QVERIFY(QDir(config.path()).mkpath(QStringLiteral("pxescope")));
    const QString file = config.filePath(QStringLiteral("pxescope/pxescope-gui.conf"));
    const QByteArray saved = "[General]\nrecentFiles=" + kEarlier.toUtf8() + "\nlastDir=/earlier\n";
    {
      QFile f(file);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write(saved);
    }
    QCOMPARE(pxescope::test::runGuiProgram({kCapture, QStringLiteral("--screenshot"),
                                            config.filePath(QStringLiteral("shot.png"))},
                                           {QStringLiteral("XDG_CONFIG_HOME=") + config.path()}),
             0);
    QCOMPARE(contents(file), saved);
    QCOMPARE(QDir(config.filePath(QStringLiteral("pxescope"))).entryList(QDir::Files),
             QStringList{QStringLiteral("pxescope-gui.conf")});
  }
};

QTEST_MAIN(SettingsPolicyTest)
#include "settings_policy_test.moc"
