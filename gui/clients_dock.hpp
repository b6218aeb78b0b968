// The "Clients" dock: one row per machine the capture's DHCP traffic names (MAC, verdict, arch,
// how far it got, firmware); sortable by any column. Views only: the rows come from
// PacketListModel's client table and the boot stories' fingerprint; what a selection or "Answer
// This Client…" does is the window's business.
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

// The display filter that shows everything of one client's boot: pxe.client (its MAC, and
// the addresses it leased from then on: its TFTP, HTTP, ARP, the ICMP errors about its
// requests and the servers' replies, across routers too).
QString clientFilter(const QString& mac);

class ClientsDock : public QDockWidget {
  Q_OBJECT

 public:
  enum Column {
    CMac,
    CVerdict,  // the boot story's verdict code, coloured; sorts failures first
    CUuid,
    CArch,
    CVendor,
    CFirst,
    CLast,
    CPackets,
    CStage,
    CBootFile,
    CFirmware,
    CCount
  };

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
  // Every row of the last refresh is in the table (and sorted). Big tables fill kRowsPerTurn
  // rows per turn of the event loop (the row count is set at once), so the window never
  // stalls on them; sorting and the proposed first client wait for the last row.
  static constexpr int kRowsPerTurn = 300;
  bool isFilled() const;

 signals:
  void clientSelected(const QString& mac);
  // Nothing was selected: the first row (the first network-booting client) is highlighted
  // without filtering the packets, and its story is proposed for the story pane.
  void clientProposed(const QString& mac);
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
  void finishFill();  // sorts, keeps the selection or proposes the first client
  QString selectedMac() const;
  bool selectRowOf(const QString& mac);  // false when the client has no row

  QTableWidget* table_;
  QCheckBox* show_all_;
  const PacketListModel* packets_ = nullptr;
  const BootStoryView* stories_ = nullptr;
  bool proposed_ = false;          // the first client was highlighted once for this capture
  bool proposal_pending_ = false;  // ... and the user has not chosen a client since
  bool fit_to_rows_ = false;
  int fitted_rows_ = 0;                     // the rows fitToRows() last made room for
  std::vector<const ClientRecord*> shown_;  // the rows, into packets_->clients()
  int filled_ = 0;                          // rows of shown_ in the table so far
  QTimer* fill_timer_ = nullptr;
  // Kept from fill() to finishFill(): the client selected and the sort the user chose.
  QString reselect_;
  int sort_column_ = CFirst;
  Qt::SortOrder sort_order_ = Qt::AscendingOrder;
};

}  // namespace pxescope::gui
