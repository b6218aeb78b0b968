// The packet list's header: columns hidden from a context menu (a checkbox per column),
// reordered by dragging, resized, and sorted by a click (the model sorts off the GUI thread).
// The choice is kept in QSettings (QHeaderView::saveState) when the window may save settings
// — never in --screenshot runs or tests.
#pragma once

#include <QObject>

class QHeaderView;
class QMenu;
class QSettings;
class QTableView;

namespace pxescope::gui {

class PacketListHeader : public QObject {
  Q_OBJECT

 public:
  // `remember`: restore the saved state now and save every change.
  PacketListHeader(QTableView* view, bool remember);

  // The header's context menu: one checkable action per column (tests trigger them).
  QMenu* columnsMenu() const { return menu_; }
  void setColumnShown(int column, bool shown);

  static constexpr const char* kSettingsKey = "packetListHeader";

 private:
  void save();

  QTableView* view_;
  QHeaderView* header_;
  QMenu* menu_;
  bool remember_;
};

}  // namespace pxescope::gui
