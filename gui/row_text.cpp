#include "gui/row_text.hpp"

#include <algorithm>
#include <array>

#include "analyzer/dhcp/option_table.hpp"
#include "analyzer/summary.hpp"
#include "gui/packet_list_model.hpp"

namespace pxescope::gui {
namespace {

using Column = PacketListModel::Column;

QString mac(const std::uint8_t* bytes) {
  if (!bytes) return {};
  std::array<std::uint8_t, 6> a{};
  std::copy(bytes, bytes + 6, a.begin());
  return QString::fromStdString(format_mac(a));
}

QString view(std::string_view s) {
  return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

// The node's line: stored, or the registry's default made now.
QString lineOf(const FieldNode& n) {
  std::string scratch;
  return QString::fromStdString(std::string(node_text(n, scratch)));
}

QString nodeValue(const FieldTree& tree, std::string_view name) {
  const NodeId id = tree.find(name);
  if (id == kNoNode) return {};
  const FieldNode& n = tree[id];
  if (n.kind == ValueKind::String) return QString::fromStdString(n.str_value);
  if (n.kind == ValueKind::UInt) return QString::number(n.uint_value);
  return lineOf(n);
}

// Source/Destination fields in order of preference (the first layer present wins).
constexpr std::pair<std::string_view, std::string_view> kAddressFields[] = {
    {"ip.src", "ip.dst"}, {"ipv6.src", "ipv6.dst"}, {"eth.src", "eth.dst"}};

}  // namespace

void fill_row_columns(const Frame& f, PacketDissector& dissector, FieldTree& tree, QString* c) {
  for (int column :
       {Column::Source, Column::Destination, Column::ClientMac, Column::Arch, Column::VendorClass})
    c[column].clear();  // callers reuse one array for many frames
  c[Column::Length] = QString::number(f.original_length);
  // Protocol and Info are the analyzer's, as `analyze` prints them (tshark's columns).
  dissector.dissect(f, tree);
  c[Column::Protocol] = view(tree.protocol_column());
  c[Column::Info] = QString::fromStdString(tree.info_column());
  // Addresses like tshark: the IP layer's, else (ARP and other link-only frames) the MACs.
  for (const auto& [src, dst] : kAddressFields) {
    c[Column::Source] = nodeValue(tree, src);
    c[Column::Destination] = nodeValue(tree, dst);
    if (!c[Column::Source].isEmpty()) break;
  }
  DhcpSummary s;
  if (summarize_dhcp(f, s)) {
    c[Column::ClientMac] = mac(s.chaddr);
    if (s.arch >= 0)
      c[Column::Arch] = QStringLiteral("%1 (%2)")
                            .arg(view(dhcp::arch_name(static_cast<std::uint16_t>(s.arch))))
                            .arg(s.arch);
    c[Column::VendorClass] = view(s.vendor_class);
    // What a PXE reader looks for in a reply, which tshark's Info leaves out.
    const QString offered = nodeValue(tree, "dhcp.ip.your");
    if (s.op == 2 && !offered.isEmpty() && offered != QLatin1String("0.0.0.0"))
      c[Column::Info] += QStringLiteral(", address %1").arg(offered);
    if (s.op == 2 && !s.boot_file.empty())
      c[Column::Info] += QStringLiteral(", boot file %1").arg(view(s.boot_file));
  }
}

}  // namespace pxescope::gui
