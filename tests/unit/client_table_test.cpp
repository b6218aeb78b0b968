#include <gtest/gtest.h>

#include "analyzer/capture_reader.hpp"
#include "analyzer/clients/client_table.hpp"
#include "analyzer/packet_dissector.hpp"
#include "analyzer/summary.hpp"
#include "tests/test_captures.hpp"

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
  // SeaBIOS + iPXE against dnsmasq in proxy mode; what its first DISCOVER said, from the
  // .discover.txt beside it (tshark -V).
  const char* const name = "seabios-ipxe-proxydhcp.pcap";
  ClientTable t = read_clients(pxescope::test::real_capture(name));
  ASSERT_EQ(t.clients().size(), 1u);
  const ClientRecord& c = t.clients().front();
  const std::string mac = pxescope::test::discover_fact(name, "Client MAC address");
  ASSERT_EQ(mac.size(), 17u) << mac;
  EXPECT_EQ(format_mac(c.mac), mac);
  EXPECT_EQ(c.arch, 0);
  EXPECT_EQ(c.vendor_class, "PXEClient:Arch:00000:UNDI:002001");
  const std::string uuid = pxescope::test::discover_fact(name, "Client Identifier (UUID)");
  ASSERT_EQ(uuid.size(), 36u) << uuid;
  EXPECT_EQ(c.uuid, uuid);
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
  const std::string path = pxescope::test::real_capture("ovmf-edk2-proxydhcp.pcap");
  ClientTable t = read_clients(path);
  ASSERT_EQ(t.clients().size(), 1u);
  EXPECT_EQ(t.clients().front().arch, 7);
  EXPECT_EQ(t.overflow_frames(), 0u);

  ClientTable none = read_clients(path, 0);
  EXPECT_TRUE(none.clients().empty());
  EXPECT_EQ(none.overflow_frames(), t.clients().front().packets);
}
