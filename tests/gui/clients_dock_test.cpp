// The Clients dock on a load test's capture: thousands of machines, a few of them plain DHCP
// clients. Refreshing looks each client's firmware up in the stories' index (no pass over
// every story per client: that froze the window for seconds), and the clients that are not
// network-booting are hidden until asked for, like `diagnose --all-clients`.
#include <QCheckBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <array>
#include <set>
#include <string_view>
#include <vector>

#include "analyzer/capture_reader.hpp"
#include "analyzer/clients/client_table.hpp"
#include "analyzer/pcapng_writer.hpp"
#include "gui/boot_story_view.hpp"
#include "gui/clients_dock.hpp"
#include "gui/packet_list_model.hpp"
#include "tests/test_captures.hpp"

using namespace pxescope;
using namespace pxescope::gui;

namespace {

const QString kCapture =
    QString::fromStdString(pxescope::test::real_capture("seabios-ipxe-proxydhcp.pcap"));

constexpr int kClients = 3000;
constexpr int kEveryNotPxe = 500;  // every 500th machine is a plain DHCP client

std::array<std::uint8_t, 6> macOf(int i) {
  return {0x52,
          0x54,
          0x00,
          static_cast<std::uint8_t>(i >> 16),
          static_cast<std::uint8_t>(i >> 8),
          static_cast<std::uint8_t>(i)};
}

// Frame 1 of the SeaBIOS capture (its PXE DISCOVER) sent by kClients machines, one each; the
// not-PXE ones have "PXEClient" overwritten in option 60. Returns the MACs of those.
std::set<QString> writeManyClients(const QString& path) {
  CaptureReader reader;
  if (!reader.open_file(kCapture.toStdString())) qFatal("cannot open %s", qPrintable(kCapture));
  Frame f;
  if (!reader.next(f)) qFatal("empty capture");
  std::vector<std::uint8_t> bytes(f.data.begin(), f.data.end());
  const std::size_t ip_header = static_cast<std::size_t>(bytes[14] & 15) * 4;
  const std::size_t udp = 14 + ip_header, chaddr = udp + 8 + 28;
  bytes[udp + 6] = bytes[udp + 7] = 0;  // no UDP checksum: the payload changes per client
  constexpr std::string_view kPxe = "PXEClient";
  const auto vendor = std::search(bytes.begin(), bytes.end(), kPxe.begin(), kPxe.end());
  if (vendor == bytes.end()) qFatal("frame 1 has no PXEClient vendor class");

  PcapngWriter writer;
  if (!writer.open(path.toStdString())) qFatal("cannot write %s", qPrintable(path));
  std::set<QString> not_pxe;
  for (int i = 0; i < kClients; ++i) {
    std::vector<std::uint8_t> frame = bytes;
    const auto mac = macOf(i);
    std::copy(mac.begin(), mac.end(), frame.begin() + 6);
    std::copy(mac.begin(), mac.end(), frame.begin() + static_cast<std::ptrdiff_t>(chaddr));
    if (i % kEveryNotPxe == kEveryNotPxe - 1) {
      constexpr std::string_view kPlain = "MSFT 5.0:";
      std::copy(kPlain.begin(), kPlain.end(), frame.begin() + (vendor - bytes.begin()));
      not_pxe.insert(QString::fromStdString(format_mac(mac)));
    }
    Frame out = f;
    out.index = static_cast<std::uint64_t>(i) + 1;
    out.ts_nsec = static_cast<std::uint32_t>(i) * 1000;
    out.data = frame;
    if (!writer.write(out)) qFatal("cannot write a frame");
  }
  if (!writer.close()) qFatal("cannot close %s", qPrintable(path));
  return not_pxe;
}

QStringList column(QTableWidget* table, int col) {
  QStringList out;
  for (int r = 0; r < table->rowCount(); ++r) out << table->item(r, col)->text();
  return out;
}

}  // namespace

class ClientsDockTest : public QObject {
  Q_OBJECT

 private slots:
  void thousandsOfClientsWithoutRescanningTheStories() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("many-clients.pcapng"));
    const std::set<QString> not_pxe = writeManyClients(path);
    QCOMPARE(not_pxe.size(), static_cast<std::size_t>(kClients / kEveryNotPxe));

    PacketListModel packets;
    QString error;
    QVERIFY2(packets.openFile(path, &error), qPrintable(error));
    packets.waitForScan();
    QCOMPARE(packets.clients().size(), static_cast<std::size_t>(kClients));
    BootStoryView stories;
    stories.setCapture(path);
    stories.waitForStories();
    QVERIFY(stories.isReady());
    const std::uint64_t scans = stories.storyScans();
    QCOMPARE(scans, 1u);  // the one pass that indexes them

    ClientsDock dock;
    dock.refresh(packets, &stories);
    // Thousands of rows fill over a few turns of the event loop, never in one stall: the
    // first batch is there at once, the rest follows.
    QVERIFY(!dock.isFilled());
    QVERIFY(dock.table()->item(ClientsDock::kRowsPerTurn - 1, 0));
    QVERIFY(!dock.table()->item(ClientsDock::kRowsPerTurn, 0));
    QTRY_VERIFY(dock.isFilled());
    QCOMPARE(stories.storyScans(), scans);  // thousands of look-ups, no further pass

    // Only the network-booting machines are listed, each with its firmware from its story.
    QTableWidget* table = dock.table();
    QCOMPARE(table->rowCount(), kClients - static_cast<int>(not_pxe.size()));
    const QStringList macs = column(table, ClientsDock::CMac);
    const QStringList firmware = column(table, ClientsDock::CFirmware);
    for (int r = 0; r < table->rowCount(); ++r) {
      QVERIFY(!not_pxe.count(macs[r]));
      QVERIFY(!firmware[r].isEmpty());
      QCOMPARE(firmware[r], stories.firmwareOf(macs[r]));
    }
    QVERIFY2(dock.windowTitle().contains(
                 QStringLiteral("%1 not network-booting hidden").arg(not_pxe.size())),
             qPrintable(dock.windowTitle()));

    // Asked for, the plain DHCP clients come back (still without another pass).
    dock.findChild<QCheckBox*>(QStringLiteral("showAllClients"))->setChecked(true);
    QCOMPARE(table->rowCount(), kClients);
    QTRY_VERIFY(dock.isFilled());
    const QStringList all = column(table, 0);
    for (const QString& mac : not_pxe) QVERIFY(all.contains(mac));
    QCOMPARE(stories.storyScans(), scans);
  }
};

QTEST_MAIN(ClientsDockTest)
#include "clients_dock_test.moc"
