// The right-click menus of the packet list and of the detail tree, as Wireshark's: Apply as
// Filter and Prepare as Filter (selected, not selected, and/or [not] selected), Copy (summary
// line, description, value, field name, as filter, bytes as hex) and Follow ▸ UDP / TCP /
// TFTP / HTTP stream. The filter texts come from analyzer/filter/field_filter_text (they
// always parse); the packet list's column stands for the field it shows.
#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <cstdint>

#include "analyzer/filter/field_filter_text.hpp"
#include "analyzer/follow/follow_stream.hpp"

class QMenu;
class QModelIndex;

namespace pxescope::gui {

class FollowDialog;
class MainWindow;

class ContextMenus : public QObject {
  Q_OBJECT

 public:
  // Installs both menus on the window's views (custom context menus).
  explicit ContextMenus(MainWindow* window);

  // What a right-click is about: the field, its filter, and what Copy puts on the clipboard.
  struct Selection {
    std::uint64_t frame = 0;
    QString filter;       // empty: nothing to filter on (Apply/Prepare disabled)
    QString name;         // field name ("dhcp.hw.mac_addr", "frame.number")
    QString value;        // the value as shown
    QString description;  // the row's line (tree) or cell text (list)
    QString hex;          // the field's bytes (tree) or the whole frame (list), hex stream
  };
  Selection packetSelection(const QModelIndex& cell) const;
  Selection treeSelection(const QModelIndex& row) const;

  // Builds the menu for a packet-list cell / a tree row (tests trigger its actions by
  // objectName: apply.selected, prepare.orNotSelected, copy.value, follow.tftp, ...).
  void fillPacketMenu(QMenu& menu, const QModelIndex& cell);
  void fillTreeMenu(QMenu& menu, const QModelIndex& row);

  // The packet's row as the list shows it, tab-separated (Copy ▸ Summary Line).
  QString summaryLine(std::uint64_t frame) const;
  FollowDialog* lastFollowDialog() const;

 private:
  void addFilterMenus(QMenu& menu, const QString& selected);
  void addCopyMenu(QMenu& menu, const Selection& s);
  void addFollowMenu(QMenu& menu, std::uint64_t frame);
  void apply(const QString& filter, bool now);
  void follow(std::uint64_t frame, FollowKind kind);

  MainWindow* window_;
  QPointer<FollowDialog> follow_;
};

}  // namespace pxescope::gui
