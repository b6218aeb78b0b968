// The packet list model over real firmware captures: indexing, on-demand rows, quick and
// display filters, and the pcapng save round trip. Expected values come from reading the
// same file with the analyzer directly, never from the model itself.
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <vector>

#include "analyzer/capture_reader.hpp"
#include "analyzer/clients/client_table.hpp"
#include "analyzer/filter/display_filter.hpp"
#include "analyzer/packet_dissector.hpp"
#include "analyzer/summary.hpp"
#include "gui/packet_list_model.hpp"
#include "tests/test_captures.hpp"

using namespace pxescope;
using pxescope::gui::PacketListModel;

namespace {

const QString kCapture =
    QString::fromStdString(pxescope::test::real_capture("seabios-ipxe-proxydhcp.pcap"));
const QString kUefiCapture =
    QString::fromStdString(pxescope::test::real_capture("ovmf-edk2-proxydhcp.pcap"));

struct Truth {
  std::vector<std::vector<std::uint8_t>> frames;
  std::vector<bool> dhcp, pxe;
  std::vector<QString> macs;
};

Truth readTruth(const QString& path) {
  Truth t;
  CaptureReader reader;
  if (!reader.open_file(path.toStdString())) qFatal("cannot open %s", qPrintable(path));
  Frame f;
  while (reader.next(f)) {
    t.frames.emplace_back(f.data.begin(), f.data.end());
    DhcpSummary s;
    const bool dhcp = summarize_dhcp(f, s);
    t.dhcp.push_back(dhcp);
    t.pxe.push_back(dhcp && s.pxe);
    std::array<std::uint8_t, 6> mac{};
    if (dhcp && s.chaddr) std::copy(s.chaddr, s.chaddr + 6, mac.begin());
    t.macs.push_back(dhcp && s.chaddr ? QString::fromStdString(format_mac(mac)) : QString());
  }
  return t;
}

// tshark, the independent oracle: one line per frame it keeps, its fields tab-separated.
// Empty when tshark is missing (the caller skips).
QStringList tsharkLines(const QString& path, const QString& filter, const QStringList& fields) {
  if (QStandardPaths::findExecutable(QStringLiteral("tshark")).isEmpty()) return {};
  QStringList args{QStringLiteral("-n"), QStringLiteral("-r"), path, QStringLiteral("-T"),
                   QStringLiteral("fields")};
  if (!filter.isEmpty()) args << QStringLiteral("-Y") << filter;
  for (const QString& f : fields) args << QStringLiteral("-e") << f;
  QProcess tshark;
  tshark.start(QStringLiteral("tshark"), args);
  if (!tshark.waitForFinished(60000)) return {};
  return QString::fromUtf8(tshark.readAllStandardOutput())
      .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

}  // namespace

class PacketModelTest : public QObject {
  Q_OBJECT

 private slots:
  void indexesEveryFrameAndDecodesRowsOnDemand() {
    const Truth truth = readTruth(kCapture);
    QVERIFY(truth.frames.size() > 10);
    PacketListModel model;
    QSignalSpy finished(&model, &PacketListModel::scanFinished);
    QString error;
    QVERIFY2(model.openFile(kCapture, &error), qPrintable(error));
    model.waitForScan();
    QCOMPARE(finished.count(), 1);
    QCOMPARE(model.frameCount(), truth.frames.size());
    QCOMPARE(model.rowCount(), static_cast<int>(truth.frames.size()));
    QCOMPARE(model.columnCount(), static_cast<int>(PacketListModel::ColumnCount));
    for (int row = 0; row < model.rowCount(); ++row) {
      const auto i = static_cast<std::size_t>(row);
      QCOMPARE(model.data(model.index(row, PacketListModel::No), Qt::DisplayRole).toString(),
               QString::number(row + 1));
      QCOMPARE(model.data(model.index(row, PacketListModel::ClientMac), Qt::DisplayRole).toString(),
               truth.macs[i]);
      const QString protocol =
          model.data(model.index(row, PacketListModel::Protocol), Qt::DisplayRole).toString();
      QCOMPARE(protocol == QLatin1String("DHCP") || protocol == QLatin1String("BOOTP"),
               static_cast<bool>(truth.dhcp[i]));
    }
    // Frame 1 of this capture is SeaBIOS/iPXE's DISCOVER (see the .discover.txt beside it).
    QCOMPARE(model.data(model.index(0, PacketListModel::Protocol), Qt::DisplayRole).toString(),
             QStringLiteral("DHCP"));
    QVERIFY(model.data(model.index(0, PacketListModel::Info), Qt::DisplayRole)
                .toString()
                .startsWith(QLatin1String("DHCP Discover - Transaction ID 0x")));
    QCOMPARE(model.data(model.index(0, PacketListModel::Arch), Qt::DisplayRole).toString(),
             QStringLiteral("x86 BIOS (0)"));
    QCOMPARE(model.data(model.index(0, PacketListModel::VendorClass), Qt::DisplayRole).toString(),
             QStringLiteral("PXEClient:Arch:00000:UNDI:002001"));
    QCOMPARE(model.firstPxeDiscover(), 1u);
    // A reply names its boot file in Info; the ACK on 4011 of this capture carries pxelinux.0
    // and, being on port 4011, says proxyDHCP.
    bool saw_boot_file = false;
    for (int row = 0; row < model.rowCount(); ++row) {
      const QString info =
          model.data(model.index(row, PacketListModel::Info), Qt::DisplayRole).toString();
      saw_boot_file |= info.startsWith(QLatin1String("proxyDHCP ACK")) &&
                       info.endsWith(QLatin1String(", boot file pxelinux.0"));
    }
    QVERIFY(saw_boot_file);
  }

  // Every row gets the analyzer's Protocol and Info (what `analyze` prints) and tshark's
  // addresses: IP for IP frames, the MACs for ARP.
  void everyFrameHasTheAnalyzersColumns() {
    const QStringList lines = tsharkLines(
        kCapture, {},
        {QStringLiteral("ip.src"), QStringLiteral("ip.dst"), QStringLiteral("ipv6.src"),
         QStringLiteral("ipv6.dst"), QStringLiteral("eth.src"), QStringLiteral("eth.dst")});
    if (lines.isEmpty()) QSKIP("tshark is not installed (the oracle for the addresses)");
    PacketListModel model;
    QVERIFY(model.openFile(kCapture, nullptr));
    model.waitForScan();
    QCOMPARE(model.rowCount(), static_cast<int>(lines.size()));

    // The truth for Protocol and Info: the analyzer over the same frames, in order.
    CaptureReader reader;
    QVERIFY(reader.open_file(kCapture.toStdString()));
    PacketDissector dissector;
    FieldTree tree;
    Frame f;
    QSet<QString> protocols;
    for (int row = 0; reader.next(f); ++row) {
      dissector.dissect(f, tree);
      auto cell = [&](int column) {
        return model.data(model.index(row, column), Qt::DisplayRole).toString();
      };
      const QString protocol = cell(PacketListModel::Protocol);
      QCOMPARE(protocol, QString::fromUtf8(tree.protocol_column().data(),
                                           static_cast<qsizetype>(tree.protocol_column().size())));
      QVERIFY2(cell(PacketListModel::Info).startsWith(QString::fromStdString(tree.info_column())),
               qPrintable(cell(PacketListModel::Info)));
      QVERIFY(!cell(PacketListModel::Info).isEmpty());
      QCOMPARE(cell(PacketListModel::Length), QString::number(f.original_length));
      protocols.insert(protocol);
      // tshark lists an ICMP error's quoted header too ("a,b"): the outer one is the frame's.
      const QStringList t = lines[row].split(QLatin1Char('\t'));
      auto first = [&](int i) { return t.value(i).section(QLatin1Char(','), 0, 0); };
      const int pair = !first(0).isEmpty() ? 0 : !first(2).isEmpty() ? 2 : 4;
      QCOMPARE(cell(PacketListModel::Source), first(pair));
      QCOMPARE(cell(PacketListModel::Destination), first(pair + 1));
    }
    // The capture holds each of these (tshark's own protocol counts for it).
    for (const char* p : {"DHCP", "TFTP", "ARP", "ICMP", "ICMPv6"})
      QVERIFY2(protocols.contains(QLatin1String(p)), p);
  }

  // The display filter runs the same engine as `analyze -Y` over every frame: the frames it
  // keeps are the ones tshark keeps.
  void displayFilterSelectsWhatTsharkSelects() {
    PacketListModel model;
    QVERIFY(model.openFile(kCapture, nullptr));
    model.waitForScan();
    for (const char* text : {"udp.port == 69", "icmp", "arp", "frame.number > 10"}) {
      const QStringList expected =
          tsharkLines(kCapture, QLatin1String(text), {QStringLiteral("frame.number")});
      if (expected.isEmpty()) QSKIP("tshark is not installed (the oracle for the filters)");
      std::string error;
      auto parsed = filter::DisplayFilter::parse(text, error);
      QVERIFY2(parsed, error.c_str());
      model.setFilters(std::move(parsed), false, false);
      model.waitForScan();
      QStringList shown;
      for (int row = 0; row < model.rowCount(); ++row)
        shown << QString::number(model.frameOfRow(row));
      QCOMPARE(shown, expected);
    }
  }

  // An offer's row says the address it offers (tshark's dhcp.ip.your); a proxy offer (0.0.0.0)
  // none. (The boot file is checked in indexesEveryFrameAndDecodesRowsOnDemand.)
  void offersShowTheAddressTheyOffer() {
    const QStringList offers =
        tsharkLines(kCapture, QStringLiteral("dhcp.option.dhcp == 2"),
                    {QStringLiteral("frame.number"), QStringLiteral("dhcp.ip.your")});
    if (offers.isEmpty()) QSKIP("tshark is not installed (the oracle for the offers)");
    PacketListModel model;
    QVERIFY(model.openFile(kCapture, nullptr));
    model.waitForScan();
    int with_address = 0;
    for (const QString& line : offers) {
      const QStringList t = line.split(QLatin1Char('\t'));
      const int row = model.rowOfFrame(t.value(0).toULongLong());
      const QString info =
          model.data(model.index(row, PacketListModel::Info), Qt::DisplayRole).toString();
      QVERIFY2(info.contains(QLatin1String("Offer")), qPrintable(info));
      if (t.value(1) == QLatin1String("0.0.0.0")) {
        QVERIFY2(!info.contains(QLatin1String(", address ")), qPrintable(info));
      } else {
        QVERIFY2(info.contains(QStringLiteral(", address %1").arg(t.value(1))), qPrintable(info));
        ++with_address;
      }
    }
    QVERIFY(with_address > 0);
  }

  void decodesTheSameBytesAsTheReader() {
    const Truth truth = readTruth(kCapture);
    PacketListModel model;
    QVERIFY(model.openFile(kCapture, nullptr));
    model.waitForScan();
    FieldTree tree;
    std::vector<std::uint8_t> bytes;
    // Random access, out of order: the index must lead to the right frame every time.
    for (std::uint64_t frame : {std::uint64_t{7}, std::uint64_t{1},
                                std::uint64_t{truth.frames.size()}, std::uint64_t{3}}) {
      QVERIFY(model.decode(frame, tree, bytes));
      QCOMPARE(bytes, truth.frames[frame - 1]);
      QVERIFY(!tree.empty());
    }
    QVERIFY(!model.decode(truth.frames.size() + 1, tree, bytes));
  }

  void quickFiltersAndDisplayFilter() {
    const Truth truth = readTruth(kCapture);
    const auto dhcp_count =
        static_cast<int>(std::count(truth.dhcp.begin(), truth.dhcp.end(), true));
    const auto pxe_count = static_cast<int>(std::count(truth.pxe.begin(), truth.pxe.end(), true));
    QVERIFY(dhcp_count > 0 && dhcp_count < static_cast<int>(truth.frames.size()));
    PacketListModel model;
    QVERIFY(model.openFile(kCapture, nullptr));
    model.waitForScan();

    model.setFilters(std::nullopt, false, true);
    model.waitForScan();
    QCOMPARE(model.rowCount(), dhcp_count);
    for (int row = 0; row < model.rowCount(); ++row) QVERIFY(truth.dhcp[model.frameOfRow(row) - 1]);

    model.setFilters(std::nullopt, true, false);
    model.waitForScan();
    QCOMPARE(model.rowCount(), pxe_count);

    std::string error;
    auto discover = filter::DisplayFilter::parse("dhcp.option.dhcp == 1", error);
    QVERIFY(discover);
    model.setFilters(std::move(discover), false, false);
    model.waitForScan();
    QVERIFY(model.rowCount() > 0);
    for (int row = 0; row < model.rowCount(); ++row)
      QVERIFY(model.data(model.index(row, PacketListModel::Info), Qt::DisplayRole)
                  .toString()
                  .startsWith(QLatin1String("DHCP Discover ")));
    // Rows map back to frames and hidden frames have no row.
    QCOMPARE(model.rowOfFrame(model.frameOfRow(0)), 0);
    // The first frame that is no DHCP packet at all (ICMP, ARP...) has no row.
    const auto not_dhcp = std::find(truth.dhcp.begin(), truth.dhcp.end(), false);
    QVERIFY(not_dhcp != truth.dhcp.end());
    QCOMPARE(model.rowOfFrame(static_cast<std::uint64_t>(not_dhcp - truth.dhcp.begin()) + 1), -1);

    // frame.* fields come from the frame, not the tree.
    auto first_five = filter::DisplayFilter::parse("frame.number <= 5", error);
    QVERIFY(first_five);
    model.setFilters(std::move(first_five), false, false);
    model.waitForScan();
    QCOMPARE(model.rowCount(), std::min(5, static_cast<int>(truth.frames.size())));
    QCOMPARE(model.frameOfRow(model.rowCount() - 1), static_cast<std::uint64_t>(model.rowCount()));

    auto none = filter::DisplayFilter::parse("dhcp.hw.mac_addr contains ff:ee:dd", error);
    model.setFilters(std::move(none), false, false);
    model.waitForScan();
    QCOMPARE(model.rowCount(), 0);
  }

  void clientsTableFromTheScan() {
    PacketListModel model;
    QVERIFY(model.openFile(kUefiCapture, nullptr));
    model.waitForScan();
    QCOMPARE(model.clients().size(), 1u);
    const ClientRecord& c = model.clients().front();
    QCOMPARE(c.arch, 7);  // OVMF x64 sends 7 (x64 UEFI)
    QVERIFY(c.vendor_class.rfind("PXEClient:Arch:00007", 0) == 0);
    QVERIFY(!c.uuid.empty());
    QVERIFY(c.packets >= 2);
  }

  void badFileKeepsTheCurrentOne() {
    PacketListModel model;
    QVERIFY(model.openFile(kCapture, nullptr));
    model.waitForScan();
    const int rows = model.rowCount();
    QTemporaryDir dir;
    const QString junk = dir.filePath(QStringLiteral("junk.pcap"));
    QFile f(junk);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("this is not a capture file at all, just text\n");
    f.close();
    QString error;
    QVERIFY(!model.openFile(junk, &error));
    QVERIFY2(error.contains(junk), qPrintable(error));
    QVERIFY(!model.openFile(dir.filePath(QStringLiteral("missing.pcap")), &error));
    QVERIFY2(error.contains(QLatin1String("missing.pcap")), qPrintable(error));
    QCOMPARE(model.rowCount(), rows);
    QCOMPARE(model.path(), kCapture);
  }

  void savePcapngRoundTrip() {
    const Truth truth = readTruth(kCapture);
    PacketListModel model;
    QVERIFY(model.openFile(kCapture, nullptr));
    model.waitForScan();
    QTemporaryDir dir;
    const QString all = dir.filePath(QStringLiteral("all.pcapng"));
    QString error;
    QVERIFY2(model.savePcapng(all, false, &error), qPrintable(error));

    // Read back with the analyzer's reader (libpcap), independent of the model.
    CaptureReader back;
    QVERIFY2(back.open_file(all.toStdString()), back.error().c_str());
    Frame f;
    std::size_t n = 0;
    CaptureReader original;
    QVERIFY(original.open_file(kCapture.toStdString()));
    Frame o;
    while (back.next(f)) {
      QVERIFY(original.next(o));
      QCOMPARE(std::vector<std::uint8_t>(f.data.begin(), f.data.end()), truth.frames[n]);
      QCOMPARE(f.ts_sec, o.ts_sec);
      QCOMPARE(f.ts_nsec, o.ts_nsec);
      QCOMPARE(f.link_type, o.link_type);
      ++n;
    }
    QCOMPARE(n, truth.frames.size());

    // Only what the filter shows; then reopen the saved file in the model itself.
    model.setFilters(std::nullopt, false, true);
    model.waitForScan();
    const QString shown = dir.filePath(QStringLiteral("shown.pcapng"));
    QVERIFY(model.savePcapng(shown, true, &error));
    PacketListModel reopened;
    QVERIFY2(reopened.openFile(shown, &error), qPrintable(error));
    reopened.waitForScan();
    QCOMPARE(reopened.rowCount(), model.rowCount());
    QCOMPARE(reopened.data(reopened.index(0, PacketListModel::ClientMac), Qt::DisplayRole),
             model.data(model.index(0, PacketListModel::ClientMac), Qt::DisplayRole));

    QVERIFY(!model.savePcapng(dir.filePath(QStringLiteral("no/such/dir/x.pcapng")), false, &error));
    QVERIFY(error.contains(QLatin1String("x.pcapng")));
  }
};

QTEST_MAIN(PacketModelTest)
#include "packet_model_test.moc"
