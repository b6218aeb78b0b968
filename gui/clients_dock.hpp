// The "Clients" dock: one row per machine the capture's DHCP traffic names (MAC, arch, how far
// it got, firmware). Views only: the rows come from PacketListModel's client table and the boot
// stories' fingerprint; what a selection or "Answer This Client…" does is the window's business.
#pragma once

#include <QDockWidget>
#include <QString>

class QCheckBox;
class QTableWidget;

namespace pxescope::gui {

class BootStoryView;
class PacketListModel;

// The display filter that shows everything of one client's boot: every frame to or from its
// MAC (its DHCP, TFTP, ARP and ICMP), not only the DHCP packets that name it in chaddr, and
// with its IPv4 address (when known) what routers relay for it.
QString clientFilter(const QString& mac, const QString& ipv4 = {});

class ClientsDock : public QDockWidget {
  Q_OBJECT

 public:
  explicit ClientsDock(QWidget* parent = nullptr);

  // Refills the table from the model's clients; the firmware column is filled from `stories`
  // once they are told (null or not ready yet: empty).
  void refresh(const PacketListModel& packets, const BootStoryView* stories);
  // DHCP clients that are not network-booting (no PXE request) are hidden unless asked for,
  // like `diagnose --all-clients`.
  void setShowAllClients(bool all);
  QTableWidget* table() const { return table_; }

 signals:
  void clientSelected(const QString& mac);
  // arch -1: the client never sent option 93.
  void answerRequested(const QString& mac, int arch);

 private:
  void onSelectionChanged();
  void onAnswer();

  void fill();

  QTableWidget* table_;
  QCheckBox* show_all_;
  const PacketListModel* packets_ = nullptr;
  const BootStoryView* stories_ = nullptr;
};

}  // namespace pxescope::gui
