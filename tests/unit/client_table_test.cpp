#include <gtest/gtest.h>

#include "analyzer/capture_reader.hpp"
#include "analyzer/clients/client_table.hpp"
#include "analyzer/packet_dissector.hpp"
#include "analyzer/summary.hpp"

using namespace pxescope;

namespace {

ClientTable read_clients(const std::string& path,
                         std::size_t limit = static_cast<std::size_t>(-1)) {
  ClientTable table(limit);
  CaptureReader reader;
  EXPECT_TRUE(reader.open_file(path)) << reader.error();
  PacketDissector dissector;
  FieldTree tree;
  Frame frame;
  DhcpSummary s;
  while (reader.next(frame)) {
    if (!summarize_dhcp(frame, s)) continue;
    const bool with_tree = table.wants_tree(s);
    if (with_tree) dissector.dissect(frame, tree);
    table.add(frame, s, with_tree ? &tree : nullptr);
  }
  return table;
}

}  // namespace

TEST(ClientTable, OneRowPerMachineWithWhatItSaid) {
  // SeaBIOS + iPXE against dnsmasq in proxy mode (see the .discover.txt beside it).
  ClientTable t = read_clients(PXESCOPE_SHARED_DIR "/captures/seabios-ipxe-proxydhcp.pcap");
  ASSERT_EQ(t.clients().size(), 1u);
  const ClientRecord& c = t.clients().front();
  EXPECT_EQ(format_mac(c.mac), "52:54:00:7b:ba:20");
  EXPECT_EQ(c.arch, 0);
  EXPECT_EQ(c.vendor_class, "PXEClient:Arch:00000:UNDI:002001");
  EXPECT_EQ(c.uuid, "f17fc904-1aa8-4dc8-8733-18b1a7dcab7d");
  EXPECT_TRUE(c.pxe);
  EXPECT_EQ(c.first_frame, 1u);
  EXPECT_EQ(static_cast<ClientStage>(c.furthest_stage), ClientStage::Acked);
  EXPECT_EQ(client_stage_name(ClientStage::Acked), "acked");
  EXPECT_EQ(c.boot_file, "pxelinux.0");
  EXPECT_GE(c.packets, 4u);
  EXPECT_TRUE(c.last_sec > c.first_sec ||
              (c.last_sec == c.first_sec && c.last_nsec >= c.first_nsec));
}

TEST(ClientTable, UefiClientAndLimit) {
  ClientTable t = read_clients(PXESCOPE_SHARED_DIR "/captures/ovmf-edk2-proxydhcp.pcap");
  ASSERT_EQ(t.clients().size(), 1u);
  EXPECT_EQ(t.clients().front().arch, 7);
  EXPECT_EQ(t.overflow_frames(), 0u);

  ClientTable none = read_clients(PXESCOPE_SHARED_DIR "/captures/ovmf-edk2-proxydhcp.pcap", 0);
  EXPECT_TRUE(none.clients().empty());
  EXPECT_EQ(none.overflow_frames(), t.clients().front().packets);
}
