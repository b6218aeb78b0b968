// The "Clients" dock: one row per machine the capture's DHCP traffic names (MAC, arch, how far
// it got, firmware). Views only: the rows come from PacketListModel's client table and the boot
// stories' fingerprint; what a selection or "Answer This Client…" does is the window's business.
#pragma once

#include <QDockWidget>
#include <QString>
#include <vector>

class QCheckBox;
class QTableWidget;
class QTimer;

namespace pxescope {
struct ClientRecord;
}

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
  // Default layout: the pane takes the height its rows need (at most kFitRows of them, at
  // least 2), each time it is refilled, so a one-client capture leaves the room to the list.
  static constexpr int kFitRows = 8;
  void setFitToRows(bool fit);
  // The dock height that shows `rows` table rows without scrolling.
  int heightForRows(int rows) const;
  QTableWidget* table() const { return table_; }
  // Every row of the last refresh is in the table. Big tables fill kRowsPerTurn rows per turn
  // of the event loop (the row count is set at once), so the window never stalls on them.
  static constexpr int kRowsPerTurn = 300;
  bool isFilled() const;

 signals:
  void clientSelected(const QString& mac);
  // arch -1: the client never sent option 93.
  void answerRequested(const QString& mac, int arch);

 protected:
  void showEvent(QShowEvent* event) override;

 private:
  void onSelectionChanged();
  void fitToRows();
  void onAnswer();

  void fill();
  void fillSomeRows();

  QTableWidget* table_;
  QCheckBox* show_all_;
  const PacketListModel* packets_ = nullptr;
  const BootStoryView* stories_ = nullptr;
  bool fit_to_rows_ = false;
  int fitted_rows_ = 0;                     // the rows fitToRows() last made room for
  std::vector<const ClientRecord*> shown_;  // the rows, into packets_->clients()
  int filled_ = 0;                          // rows of shown_ in the table so far
  QTimer* fill_timer_ = nullptr;
};

}  // namespace pxescope::gui
