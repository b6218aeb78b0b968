// Issue 13 §4, "Answer this client", offscreen: the form's defaults (interface, the
// responder's boot file for the arch), every bad field refused in the dock with its reason,
// one setcap line for both programs explained once, a dry run over the open capture that
// needs no privilege, and a saved layout that never reopens an empty Answer pane.
#include <QCheckBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "gui/main_window.hpp"
#include "gui/packet_list_model.hpp"
#include "gui/respond_dock.hpp"
#include "gui/respond_form.hpp"
#include "responder/interface_plan.hpp"
#include "responder/ipxe_chain.hpp"
#include "tests/test_captures.hpp"

using namespace pxescope::gui;

namespace {

const QString kStories = QStringLiteral(PXESCOPE_SOURCE_DIR "/captures/stories/");

RespondForm goodForm() {
  RespondForm f;
  f.mac = QStringLiteral("52:54:00:12:34:56");
  f.iface = QStringLiteral("lo");
  f.boot_file = QStringLiteral("undionly.kpxe");
  return f;
}

QList<QMessageBox*> explanations(QWidget& w) {
  return w.findChildren<QMessageBox*>(QStringLiteral("privilegeExplanation"));
}

}  // namespace

class AnswerClientTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void theBootFileIsTheRespondersChoiceForTheArch() {
    RespondDock dock;
    dock.prepare(QStringLiteral("52:54:00:12:34:56"), 0);
    auto args = dock.arguments();
    QCOMPARE(args.at(args.indexOf(QStringLiteral("--boot-file")) + 1),
             QString::fromStdString(pxescope::responder::ipxe_binary_for_arch(0)));
    QCOMPARE(args.at(args.indexOf(QStringLiteral("--boot-file")) + 1),
             QStringLiteral("undionly.kpxe"));
    dock.prepare(QStringLiteral("52:54:00:12:34:56"), 7);
    args = dock.arguments();
    QCOMPARE(args.at(args.indexOf(QStringLiteral("--boot-file")) + 1),
             QStringLiteral("snponly.efi"));
    // An arch the responder has no binary for: no guess, and the form says what is missing.
    dock.prepare(QStringLiteral("52:54:00:12:34:56"), 11);
    QVERIFY(!dock.arguments().contains(QStringLiteral("--boot-file")));
    QVERIFY2(dock.problem().startsWith(QStringLiteral("Boot file is empty")) ||
                 dock.problem().startsWith(QStringLiteral("Interface")),
             qPrintable(dock.problem()));
  }

  void theInterfaceDefaultsToTheCapturedOneOrTheClients() {
    RespondDock dock;
    dock.prepare(QStringLiteral("52:54:00:12:34:56"), 0, QStringLiteral("lo"));
    auto args = dock.arguments();
    QCOMPARE(args.at(args.indexOf(QStringLiteral("-i")) + 1), QStringLiteral("lo"));
    QCOMPARE(RespondDock::interfaceForAddress(QStringLiteral("not an address")), QString());
    QCOMPARE(RespondDock::interfaceForAddress(QString()), QString());
    QCOMPARE(RespondDock::interfaceForAddress(QStringLiteral("127.0.0.9")), QString());  // never lo
    // The interface whose network holds the client's address (another host of its subnet).
    for (const auto& h : pxescope::responder::host_interfaces()) {
      if (h.loopback || !h.netmask || h.netmask == 0xffffffffu) continue;
      const std::uint32_t other = (h.ip & h.netmask) | (~h.netmask & (h.ip ^ 1u));
      const QString address = QStringLiteral("%1.%2.%3.%4")
                                  .arg(other >> 24)
                                  .arg(other >> 16 & 255)
                                  .arg(other >> 8 & 255)
                                  .arg(other & 255);
      QCOMPARE(RespondDock::interfaceForAddress(address), QString::fromStdString(h.name));
      return;
    }
    QSKIP("this machine has no IPv4 network besides lo");
  }

  void everyBadFieldIsRefusedWithItsReason() {
    const QStringList interfaces{QStringLiteral("lo"), QStringLiteral("eth0")};
    QCOMPARE(respondFormProblem(goodForm(), interfaces), QString());
    struct Case {
      void (*spoil)(RespondForm&);
      const char* reason_starts;
    };
    const Case cases[] = {
        {[](RespondForm& f) { f.mac.clear(); }, "Client MAC is empty"},
        {[](RespondForm& f) { f.mac = QStringLiteral("52:54:00:12:34"); }, "Client MAC '52:54"},
        {[](RespondForm& f) { f.iface.clear(); }, "Interface is empty"},
        {[](RespondForm& f) { f.iface = QStringLiteral("nosuch0"); }, "Interface 'nosuch0'"},
        {[](RespondForm& f) { f.tftp_root = QStringLiteral("/nonexistent/tftp"); },
         "TFTP root '/nonexistent/tftp' is not a directory"},
        {[](RespondForm& f) { f.boot_file.clear(); }, "Boot file is empty"},
        {[](RespondForm& f) { f.boot_file = QStringLiteral("../etc/passwd"); },
         "Boot file '../etc/passwd' must be a path inside"},
        {[](RespondForm& f) { f.boot_file = QStringLiteral("/boot/x"); }, "Boot file '/boot/x'"},
        {[](RespondForm& f) { f.boot_file = QStringLiteral("a b"); },
         "Boot file 'a b' has a space"},
        {[](RespondForm& f) { f.ipxe_script = QStringLiteral("/nonexistent.ipxe"); },
         "iPXE script '/nonexistent.ipxe'"},
    };
    for (const Case& c : cases) {
      RespondForm f = goodForm();
      c.spoil(f);
      const QString why = respondFormProblem(f, interfaces);
      QVERIFY2(why.startsWith(QString::fromUtf8(c.reason_starts)), qPrintable(why));
    }
    // A URL script and a replayed dry run (no interface needed) are fine.
    RespondForm url = goodForm();
    url.ipxe_script = QStringLiteral("http://10.0.0.1/boot.ipxe");
    QCOMPARE(respondFormProblem(url, interfaces), QString());

    // The dock refuses to start on the same rules and says why under the form.
    RespondDock dock;
    dock.prepare(QString(), 0, QStringLiteral("lo"));
    QVERIFY(!dock.start());
    QVERIFY(!dock.running());
    auto* shown = dock.findChild<QLabel*>(QStringLiteral("respondProblem"));
    QVERIFY(shown);
    QVERIFY(!shown->isHidden());
    QVERIFY2(shown->text().startsWith(QStringLiteral("Client MAC is empty")),
             qPrintable(shown->text()));
  }

  void oneSetcapLineForBothProgramsWithTheirRealPaths() {
    QTemporaryDir dir;
    // setcap refuses symlinks: the line names the files they point to.
    QFile real(dir.filePath(QStringLiteral("pxescope")));
    QVERIFY(real.open(QIODevice::WriteOnly));
    real.close();
    const QString link = dir.filePath(QStringLiteral("link-to-pxescope"));
    QVERIFY(QFile::link(real.fileName(), link));
    const QString gui = QCoreApplication::applicationFilePath();
    const QString line = setcapLine(link, gui);
    QCOMPARE(line.count(QStringLiteral("setcap")), 1);
    QVERIFY2(line.contains(QFileInfo(real.fileName()).canonicalFilePath()), qPrintable(line));
    QVERIFY2(!line.contains(link), qPrintable(line));
    QVERIFY2(line.contains(QFileInfo(gui).canonicalFilePath()), qPrintable(line));
    QVERIFY(!line.contains(QStringLiteral("$(")));
    QVERIFY(line.contains(QStringLiteral("cap_net_bind_service")));  // respond's ports

    // The capture's own advice (one binary, through $(command -v)) is replaced by it.
    const QString capture_error = QStringLiteral(
        "cannot capture on lo: permission denied (run as root, or grant the capture privilege "
        "once: sudo setcap cap_net_raw,cap_net_admin=eip $(command -v pxescope))");
    const QString message = withOneSetcapLine(capture_error, line);
    QCOMPARE(message.count(QStringLiteral("setcap ")), 1);
    QVERIFY2(message.startsWith(QStringLiteral(
                 "cannot capture on lo: permission denied (run as root, or grant the capture "
                 "privilege once)")),
             qPrintable(message));
    QVERIFY(message.contains(line));
  }

  void aMissingPrivilegeIsExplainedOnce() {
    MainWindow w(false);
    RespondDock* dock = w.respondDock();
    dock->prepare(QStringLiteral("52:54:00:12:34:56"), 0, QStringLiteral("lo"));
    dock->configure(QStringLiteral("lo"), QString(), QStringLiteral("undionly.kpxe"), false);
    auto* command = dock->findChild<QLineEdit*>(QStringLiteral("respondCommand"));
    QVERIFY(command);
    // A stand-in for the responder that lacks its privilege, run twice.
    command->setText(QStringLiteral(
        "/bin/sh -c \"echo 'pxescope respond: socket: Operation not permitted (run as root or "
        "give the binary the capabilities: sudo setcap cap_net_raw=ep $(command -v "
        "pxescope))'\""));
    for (int run = 0; run < 2; ++run) {
      QVERIFY(dock->start());
      QTRY_VERIFY_WITH_TIMEOUT(!dock->running(), 10000);
      QTRY_VERIFY(dock->log().count(QStringLiteral("Operation not permitted")) >= run + 1);
    }
    const auto boxes = explanations(w);
    QCOMPARE(boxes.size(), 1);
    const QString text = boxes.first()->text();
    QCOMPARE(text.count(QStringLiteral("setcap ")), 1);
    QVERIFY2(text.contains(RespondDock::privilegeLine()), qPrintable(text));
    for (QMessageBox* box : boxes) box->close();
  }

  void aDryRunReplaysTheOpenCaptureWithoutPrivilege() {
    const QString program = RespondDock::responderProgram();
    if (!QFileInfo(program).isExecutable())
      QSKIP("the pxescope binary is not built beside pxescope-gui");
    MainWindow w(false);
    const QString capture = kStories + QStringLiteral("bios-no-tftp.pcap");
    QVERIFY(w.openFile(capture, true));
    RespondDock* dock = w.respondDock();
    dock->prepare(QStringLiteral("52:54:00:7b:24:10"), 0);
    dock->configure(QString(), QString(), QStringLiteral("undionly.kpxe"), true);
    const QStringList args = dock->arguments();
    QVERIFY2(args.contains(QStringLiteral("--replay")) && args.contains(capture),
             qPrintable(args.join(' ')));
    QVERIFY(!args.contains(QStringLiteral("-i")));  // no interface, no socket, no privilege
    QCOMPARE(dock->problem(), QString());
    // Run as a plain user would: every capability dropped for the child (setpriv).
    if (QStandardPaths::findExecutable(QStringLiteral("setpriv")).isEmpty())
      QSKIP("setpriv (util-linux) is not installed");
    auto* command = dock->findChild<QLineEdit*>(QStringLiteral("respondCommand"));
    command->setText(QStringLiteral("setpriv --inh-caps=-all --bounding-set=-all ") +
                     command->text());
    QVERIFY(dock->start());
    QTRY_VERIFY_WITH_TIMEOUT(!dock->running(), 20000);
    const QString log = dock->log();
    QVERIFY2(log.contains(QStringLiteral("exited with code 0")), qPrintable(log));
    QVERIFY2(log.contains(QStringLiteral("DISCOVER from 52:54:00:7b:24:10")), qPrintable(log));
    QVERIFY(explanations(w).isEmpty());
  }

  void aSavedLayoutNeverReopensAnEmptyAnswerPane() {
    {
      MainWindow w(true);
      w.show();
      w.respondDock()->show();  // left open (empty) when the window closed
      QVERIFY(w.close());
    }
    QVERIFY(QSettings().contains(QStringLiteral("windowState")));
    MainWindow again(true);
    again.show();
    QVERIFY(again.respondDock()->isHidden());
    QSettings().clear();
  }
};

QTEST_MAIN(AnswerClientTest)
#include "answer_client_test.moc"
