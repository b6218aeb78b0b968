// The packet list's commands, as Wireshark places them: Edit ▸ Find Packet / Find Next /
// Find Previous / Mark / Next and Previous Mark / Time Reference, Go ▸ Go to Packet / First /
// Last, View ▸ Time Display Format and Colouring Rules…; Home/End when the list has focus.
// The window creates one and adds nothing else (main_window.cpp stays small).
#pragma once

#include <QObject>
#include <cstdint>

class QAction;
class QLabel;
class QLineEdit;
class QMenu;
class QToolBar;

namespace pxescope::gui {

class FindBar;
class MainWindow;
class PacketListHeader;

class PacketListActions : public QObject {
  Q_OBJECT

 public:
  // `may_save_settings`: false in --screenshot runs and tests (no QSettings writes).
  PacketListActions(MainWindow* window, bool may_save_settings);

  // Go to packet N: false with `why` ("Packet 7 is hidden by the display filter", ...).
  bool goToPacket(std::uint64_t frame, QString* why);
  void goToRow(int row);  // First/Last/marks: select and show it
  void goFirst();
  void goLast();
  void toggleMark();
  void goToMarked(bool backwards);
  void toggleTimeReference();
  void openColouringRules();

  FindBar* findBar() const { return find_; }
  PacketListHeader* header() const { return header_; }
  QLineEdit* goToEdit() const { return go_edit_; }
  QLabel* goToMessage() const { return go_message_; }
  QToolBar* goToBar() const { return go_bar_; }
  // View ▸ Time Display Format's actions, in TimeFormat's order.
  QList<QAction*> timeFormatActions() const;

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  QMenu* menu(const QString& title, const QString& before);
  void buildGoToBar();
  void buildMenus();
  void applySavedColourRules();

  MainWindow* window_;
  bool may_save_;
  PacketListHeader* header_ = nullptr;
  FindBar* find_ = nullptr;
  QToolBar* go_bar_ = nullptr;
  QLineEdit* go_edit_ = nullptr;
  QLabel* go_message_ = nullptr;
  QMenu* time_menu_ = nullptr;
};

}  // namespace pxescope::gui
