// Live capture in the GUI, inside a network namespace this test creates: a veth pair, DHCP
// DISCOVERs made with libtins injected on one end, the window capturing on the other.
// Needs root (network namespaces); otherwise every test SKIPs saying so.
#include <sched.h>
#include <unistd.h>

#include <tins/tins.h>
#include <QAbstractButton>
#include <QMessageBox>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>
#include <cstdlib>
#include <optional>
#include <string>

#include "analyzer/capture_reader.hpp"
#include "analyzer/clients/client_table.hpp"
#include "analyzer/summary.hpp"
#include "gui/boot_story_view.hpp"
#include "gui/clients_dock.hpp"
#include "gui/live_story_feed.hpp"
#include "gui/main_window.hpp"
#include "gui/packet_list_model.hpp"
#include "gui/respond_dock.hpp"

using namespace pxescope;
using namespace pxescope::gui;

namespace {

std::string g_skip_reason;  // why the tests cannot run here

bool run(const std::string& command) {
  return std::system((command + " >/dev/null 2>&1").c_str()) == 0;
}

// Moves the whole process (before any thread exists) into a fresh, anonymous namespace with
// veth0/veth1. Having no name (no /run/netns entry), it goes away with the process however the
// run ends: a kill, an abort or ctest's timeout leaves nothing behind.
void enterNamespace() {
  if (geteuid() != 0) {
    g_skip_reason = "needs root to create a network namespace";
    return;
  }
  if (unshare(CLONE_NEWNET) != 0) {
    g_skip_reason = "cannot create a network namespace (unshare(CLONE_NEWNET) failed)";
    return;
  }
  if (!run("ip link set lo up") || !run("ip link add veth0 type veth peer name veth1") ||
      !run("ip link set veth0 up") || !run("ip link set veth1 up") ||
      !run("ip addr add 10.77.0.1/24 dev veth1"))
    g_skip_reason = "cannot create the veth pair in the namespace";
}

// Sends DISCOVERs from `mac` on veth0 until an OFFER for it comes back (at most `tries`
// rounds of 300 ms). Returns the client MAC the OFFER is for, or nullopt if none came.
std::optional<std::string> offerFor(const std::string& mac, std::uint32_t xid, int tries);

void sendDiscover(std::uint32_t xid, const std::string& mac) {
  Tins::DHCP dhcp;
  dhcp.opcode(Tins::BootP::BOOTREQUEST);
  dhcp.htype(1);
  dhcp.hlen(6);
  dhcp.xid(xid);
  dhcp.chaddr(Tins::HWAddress<6>(mac));
  dhcp.type(Tins::DHCP::DISCOVER);
  const std::string vendor = "PXEClient:Arch:00007:UNDI:003016";
  dhcp.add_option({Tins::DHCP::VENDOR_CLASS_IDENTIFIER, vendor.begin(), vendor.end()});
  const std::uint8_t arch[] = {0, 7};
  dhcp.add_option({static_cast<Tins::DHCP::OptionTypes>(93), arch, arch + 2});
  dhcp.end();
  Tins::EthernetII packet = Tins::EthernetII("ff:ff:ff:ff:ff:ff", mac) /
                            Tins::IP("255.255.255.255", "0.0.0.0") / Tins::UDP(67, 68) / dhcp;
  Tins::PacketSender sender;
  sender.send(packet, Tins::NetworkInterface("veth0"));
}

std::optional<std::string> offerFor(const std::string& mac, std::uint32_t xid, int tries) {
  CaptureReader replies;
  if (!replies.open_live("veth0", "udp src port 67")) return std::nullopt;
  Frame f;
  DhcpSummary s;
  for (int round = 0; round < tries; ++round) {
    sendDiscover(xid, mac);
    for (int wait = 0; wait < 3; ++wait) {
      if (!replies.next(f, 100)) continue;
      if (summarize_dhcp(f, s) && s.op == 2 && s.xid == xid && s.message_type == 2 && s.chaddr) {
        std::array<std::uint8_t, 6> chaddr{};
        std::copy(s.chaddr, s.chaddr + 6, chaddr.begin());
        return format_mac(chaddr);
      }
    }
  }
  return std::nullopt;
}

// A UDP datagram from `src`:`sport` to `dst`:`dport` injected on veth0.
void sendUdp(const std::string& src, std::uint16_t sport, const std::string& dst,
             std::uint16_t dport, const std::vector<std::uint8_t>& payload) {
  Tins::EthernetII packet =
      Tins::EthernetII("02:00:00:00:00:01", "52:54:00:00:00:10") / Tins::IP(dst, src) /
      Tins::UDP(dport, sport) /
      Tins::RawPDU(payload.data(), static_cast<std::uint32_t>(payload.size()));
  Tins::PacketSender sender;
  sender.send(packet, Tins::NetworkInterface("veth0"));
}

// Clicks `button` on the next modal message box called `name`.
void answerNextBox(const QString& name, QMessageBox::StandardButton button) {
  QTimer::singleShot(0, [name, button] {
    QTRY_VERIFY(qobject_cast<QMessageBox*>(QApplication::activeModalWidget()));
    auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
    QCOMPARE(box->objectName(), name);
    box->button(button)->click();
  });
}

}  // namespace

class LiveCaptureTest : public QObject {
  Q_OBJECT

 private slots:
  void init() {
    if (!g_skip_reason.empty()) QSKIP(g_skip_reason.c_str());
  }

  void capturesInjectedDiscoversAndKeepsTheSelection() {
    MainWindow w(false);
    w.resize(1400, 900);
    w.show();
    QVERIFY2(w.startCapture(QStringLiteral("veth1"), true), qPrintable(w.lastError()));
    PacketListModel* model = w.packetModel();
    QVERIFY(model->isLive());
    sendDiscover(0x1001, "52:54:00:00:00:01");
    sendDiscover(0x1002, "52:54:00:00:00:02");
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 2, 10000);
    QVERIFY(model->data(model->index(0, PacketListModel::Info), Qt::DisplayRole)
                .toString()
                .startsWith(QLatin1String("DHCP Discover ")));
    QCOMPARE(model->data(model->index(1, PacketListModel::ClientMac), Qt::DisplayRole).toString(),
             QStringLiteral("52:54:00:00:00:02"));
    QCOMPARE(model->data(model->index(0, PacketListModel::Arch), Qt::DisplayRole).toString(),
             QStringLiteral("x64 UEFI (7)"));

    // The user looks at packet 1 while more stream in: the selection stays on it.
    QVERIFY(w.selectFrame(1));
    for (std::uint32_t i = 0; i < 3; ++i)
      sendDiscover(0x2000 + i, "52:54:00:00:00:0" + std::to_string(3 + i));
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 5, 10000);
    QCOMPARE(w.selectedFrame(), 1u);
    QCOMPARE(w.packetView()->currentIndex().row(), 0);
    QCOMPARE(model->clients().size(), 5u);

    w.stopCapture();
    QVERIFY(!model->isLive());
    QCOMPARE(model->rowCount(), 5);

    // What was captured can be filtered and saved like a file.
    QVERIFY(w.applyFilter(QStringLiteral("dhcp.hw.mac_addr == 52:54:00:00:00:04")));
    QCOMPARE(model->rowCount(), 1);
    QTemporaryDir dir;
    QString error;
    const QString path = dir.filePath(QStringLiteral("live.pcapng"));
    QVERIFY2(model->savePcapng(path, false, &error), qPrintable(error));
    CaptureReader back;
    QVERIFY(back.open_file(path.toStdString()));
    Frame f;
    int n = 0;
    while (back.next(f)) ++n;
    QCOMPARE(n, 5);
  }

  void answerThisClientRunsTheResponderForThatMacOnly() {
    const QString program = RespondDock::responderProgram();
    if (!QFileInfo(program).isExecutable())
      QSKIP("the pxescope binary is not built beside pxescope-gui");
    MainWindow w(false);
    auto* dock = w.findChild<RespondDock*>();
    QVERIFY(dock);
    dock->prepare(QStringLiteral("52:54:00:00:00:aa"), 0);
    dock->configure(QStringLiteral("veth1"), QString(), QStringLiteral("pxelinux.0"), false);
    QVERIFY(dock->arguments().contains(QStringLiteral("--only")));
    QVERIFY(dock->arguments().contains(QStringLiteral("52:54:00:00:00:aa")));
    dock->start();
    QTRY_VERIFY_WITH_TIMEOUT(dock->log().contains(QLatin1String("server_ip=10.77.0.1")), 10000);
    QVERIFY(dock->running());

    // A proxy OFFER (the boot file itself comes later, on port 4011 or in the ACK).
    const auto offered = offerFor("52:54:00:00:00:aa", 0x5001, 10);
    QVERIFY2(offered.has_value(), qPrintable(dock->log()));
    QCOMPARE(*offered, std::string("52:54:00:00:00:aa"));
    // Another machine gets nothing: the responder runs with --only.
    QVERIFY(!offerFor("52:54:00:00:00:bb", 0x5002, 3).has_value());
    QCoreApplication::processEvents();
    QTRY_VERIFY_WITH_TIMEOUT(dock->log().contains(QLatin1String("52:54:00:00:00:aa")), 5000);

    dock->stop();
    QVERIFY(!dock->running());
    QTRY_VERIFY_WITH_TIMEOUT(dock->log().contains(QLatin1String("responder exited")), 5000);
  }

  void storiesAndVerdictsFollowTheBootThenStopAndAskToSave() {
    MainWindow w(false);
    w.resize(1400, 900);
    w.show();
    QVERIFY2(w.startCapture(QStringLiteral("veth1"), true), qPrintable(w.lastError()));
    QVERIFY(w.windowTitle().startsWith(QStringLiteral("Capturing")));
    sendDiscover(0x3001, "52:54:00:00:00:31");
    QTRY_COMPARE_WITH_TIMEOUT(w.packetModel()->rowCount(), 1, 10000);
    w.liveStories()->tellNow();
    BootStoryView* story = w.bootStoryView();
    QVERIFY(story->isReady());
    QVERIFY(story->verdictOf(QStringLiteral("52:54:00:00:00:31")).has_value());
    QTRY_COMPARE(story->shownClient(), QStringLiteral("52:54:00:00:00:31"));
    QVERIFY(story->storyText().contains(QStringLiteral("DISCOVER xid 0x00003001")));
    // The Clients table's Verdict column has it too.
    auto* clients = w.findChild<ClientsDock*>();
    QTRY_COMPARE(clients->table()->rowCount(), 1);
    QVERIFY(!clients->table()->item(0, ClientsDock::CVerdict)->text().isEmpty());
    // More of the same boot: the story grows while capturing (retries collapsed).
    sendDiscover(0x3001, "52:54:00:00:00:31");
    QTRY_COMPARE_WITH_TIMEOUT(w.packetModel()->rowCount(), 2, 10000);
    w.liveStories()->tellNow();
    QVERIFY2(story->storyText().contains(QStringLiteral("×2")), qPrintable(story->storyText()));

    w.stopCapture();
    QVERIFY2(!w.windowTitle().contains(QStringLiteral("Capturing")), qPrintable(w.windowTitle()));
    QVERIFY(w.hasUnsavedLiveFrames());
    // Quitting asks to save: Cancel keeps the window, Discard lets it close.
    answerNextBox(QStringLiteral("unsavedLiveCapture"), QMessageBox::Cancel);
    QVERIFY(!w.close());
    QVERIFY(w.isVisible());
    answerNextBox(QStringLiteral("unsavedLiveCapture"), QMessageBox::Discard);
    QVERIFY(w.close());
  }

  void followsTftpTransfersToTheServersPort() {
    for (const bool follow : {true, false}) {
      MainWindow w(false);
      QVERIFY2(w.startCapture(QStringLiteral("veth1"), true, {}, follow),
               qPrintable(w.lastError()));
      const std::string rrq = std::string("\0\1pxelinux.0\0octet\0", 19);
      sendUdp("10.77.0.50", 2000, "10.77.0.1", 69, {rrq.begin(), rrq.end()});
      QTRY_COMPARE_WITH_TIMEOUT(w.packetModel()->rowCount(), 1, 10000);
      // The server's DATA comes from a port of its own; the filter was widened to it (or not).
      const std::vector<std::uint8_t> data = {0, 3, 0, 1, 'x'};
      for (int i = 0; i < 20 && w.packetModel()->rowCount() < 2; ++i) {
        sendUdp("10.77.0.1", 40000, "10.77.0.50", 2000, data);
        QTest::qWait(100);
      }
      QTest::qWait(300);
      QCOMPARE(w.packetModel()->rowCount() >= 2, follow);
      w.stopCapture();
    }
  }

  void unknownInterfaceSaysSo() {
    MainWindow w(false);
    QVERIFY(!w.startCapture(QStringLiteral("nosuch0"), true));
    QVERIFY2(w.lastError().contains(QLatin1String("nosuch0")), qPrintable(w.lastError()));
    QVERIFY(!w.packetModel()->isLive());
  }
};

int main(int argc, char** argv) {
  enterNamespace();  // before QApplication: no thread may exist yet
  int rc = 0;
  {
    QApplication app(argc, argv);
    LiveCaptureTest test;
    rc = QTest::qExec(&test, argc, argv);
  }
  return rc;
}

#include "live_capture_test.moc"
