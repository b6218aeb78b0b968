// Statistics ▸ DHCP servers: every DHCP/DHCPv6 server that answered in the capture
// (analyzer/stats/dhcp_servers: offers, ACKs, NAKs, clients, proxy, 4011, boot information,
// first/last frame); servers that told one client different boot information are tinted red
// with the reason. Double-clicking a row selects its first frame.
#pragma once

#include <memory>
#include <vector>

#include "analyzer/stats/dhcp_servers.hpp"
#include "gui/stats_window.hpp"

namespace pxescope::gui {

class DhcpServersDialog : public StatsWindow {
  Q_OBJECT

 public:
  explicit DhcpServersDialog(const QString& capture, QWidget* parent = nullptr);
  QTableWidget* table() const { return table_; }
  const std::vector<DhcpServerStats>& servers() const { return *servers_; }

 private:
  void fill() override;
  QTableWidget* table_;
  std::shared_ptr<std::vector<DhcpServerStats>> servers_;
  std::shared_ptr<std::string> error_;
};

}  // namespace pxescope::gui
