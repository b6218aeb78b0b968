// The "Clients" dock: one row per machine the capture's DHCP traffic names (MAC, arch, how far
// it got, firmware). Views only: the rows come from PacketListModel's client table and the boot
// stories' fingerprint; what a selection or "Answer This Client…" does is the window's business.
#pragma once

#include <QDockWidget>
#include <QString>

class QTableWidget;

namespace pxescope::gui {

class BootStoryView;
class PacketListModel;

class ClientsDock : public QDockWidget {
  Q_OBJECT

 public:
  explicit ClientsDock(QWidget* parent = nullptr);

  // Refills the table from the model's clients; the firmware column is filled from `stories`
  // once they are told (null or not ready yet: empty).
  void refresh(const PacketListModel& packets, const BootStoryView* stories);

 signals:
  void clientSelected(const QString& mac);
  // arch -1: the client never sent option 93.
  void answerRequested(const QString& mac, int arch);

 private:
  void onSelectionChanged();
  void onAnswer();

  QTableWidget* table_;
};

}  // namespace pxescope::gui
