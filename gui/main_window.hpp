// The inspector's main window: packet list over detail tree over hex pane (Wireshark's
// layout), a filter bar, a clients dock and the responder dock. Views only: every fact comes
// from the analyzer through PacketListModel and FieldTreeModel.
#pragma once

#include <QMainWindow>
#include <QStringList>
#include <cstdint>
#include <vector>

#include "gui/settings_policy.hpp"

class QCheckBox;
class QLabel;
class QLineEdit;
class QMenu;
class QProgressBar;
class QSplitter;
class QTableView;
class QTreeView;

namespace pxescope::gui {

class BootStoryView;
class ClientsDock;
class FieldTreeModel;
class HexView;
class PacketListActions;
class LiveStoryFeed;
class PacketListModel;
class RespondDock;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  // restore_layout false: the default 1400×900 layout whatever was saved (screenshots, tests).
  explicit MainWindow(bool restore_layout = true, QWidget* parent = nullptr);
  ~MainWindow() override;

  // Opens a capture; on failure shows a dialog (unless `quiet`) and returns false with the
  // reason in lastError(). The window keeps what it showed before.
  bool openFile(const QString& path, bool quiet = false);
  QString lastError() const { return last_error_; }

  // Selects a frame (1-based) in the list, fills the detail and hex panes. False if hidden.
  bool selectFrame(std::uint64_t frame);
  // Expands the PXE-relevant options (43, 60, 93) of the selected packet.
  void expandPxeOptions();
  // Applies a display filter text (and the quick toggles); false with the reason if it does
  // not parse (the bar turns red).
  bool applyFilter(const QString& text);
  // Makes a detail row current and scrolls it into view, keeping the tree's left edge visible.
  void revealTreeIndex(const QModelIndex& index);
  bool exportSelectedPacket(const QString& path, bool json, QString* error);
  // Live capture on an interface; on failure a dialog (unless `quiet`) says why — with the
  // setcap command when the capture privilege is missing — and lastError() holds it.
  // `bpf`: the capture filter (empty: the default); `follow_tftp`: follow TFTP transfers.
  bool startCapture(const QString& iface, bool quiet = false, const QString& bpf = {},
                    bool follow_tftp = true);
  void stopCapture();
  // Esc: stops the background passes (indexing or a filter run, the boot stories); what they
  // found so far stays shown (gui/window_actions_gbig.cpp).
  void cancelBackgroundWork();

  PacketListModel* packetModel() const { return packets_; }
  FieldTreeModel* treeModel() const { return tree_model_; }
  QTableView* packetView() const { return packet_view_; }
  QTreeView* treeView() const { return tree_view_; }
  HexView* hexView() const { return hex_; }
  BootStoryView* bootStoryView() const { return story_; }
  QLineEdit* filterEdit() const { return filter_edit_; }
  std::uint64_t selectedFrame() const { return selected_frame_; }
  PacketListActions* listActions() const { return list_actions_; }
  LiveStoryFeed* liveStories() const { return live_stories_; }
  RespondDock* respondDock() const { return respond_; }
  // Live frames not saved yet: quitting, opening a file or a new capture asks first.
  bool hasUnsavedLiveFrames() const;
  // Every read and write of the user's saved settings (see settings_policy.hpp).
  SettingsPolicy& settings() { return settings_; }
  bool maySaveSettings() const { return settings_.maySave(); }

 protected:
  void closeEvent(QCloseEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void buildMenus();
  void buildFilterBar();
  void buildClientsDock();
  void showPacket(std::uint64_t frame);
  void onTreeSelection();
  void onByteClicked(std::uint32_t offset);
  void onOpen();
  void onSave();
  void onExport();
  void onAbout();
  void onCaptureToggle();
  void onQuickToggle();
  void refreshClients();
  void refreshStatus();
  void addRecent(const QString& path);
  void rebuildRecentMenu();
  void restoreLayout(bool from_settings);
  // window_actions_gclients.cpp: live capture and "Answer this client" helpers.
  bool confirmLiveSaved();  // false: the user cancelled
  bool saveAllAs();
  void onLiveStopped(const QString& error);
  void answerClient(const QString& mac, int arch);

  PacketListModel* packets_ = nullptr;
  FieldTreeModel* tree_model_ = nullptr;
  QTableView* packet_view_ = nullptr;
  QTreeView* tree_view_ = nullptr;
  HexView* hex_ = nullptr;
  QSplitter* vertical_ = nullptr;  // packet list, field tree, hex pane
  QLineEdit* filter_edit_ = nullptr;
  QCheckBox* pxe_only_ = nullptr;
  QCheckBox* dhcp_only_ = nullptr;
  QLabel* filter_error_ = nullptr;
  ClientsDock* clients_ = nullptr;
  RespondDock* respond_ = nullptr;
  PacketListActions* list_actions_ = nullptr;  // find, go to, marks, time, colours, columns
  BootStoryView* story_ = nullptr;
  LiveStoryFeed* live_stories_ = nullptr;
  std::uint64_t live_saved_frames_ = 0;  // frames of the live capture written to a file
  QProgressBar* progress_ = nullptr;
  QLabel* status_ = nullptr;
  QMenu* recent_menu_ = nullptr;
  QAction* capture_action_ = nullptr;
  std::uint64_t selected_frame_ = 0;
  QString last_error_;
  SettingsPolicy settings_;
  bool save_layout_ = true;  // == settings_.maySave(); kept for branches that test it
};

}  // namespace pxescope::gui
