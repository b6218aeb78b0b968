// Edit ▸ Find Packet (Ctrl+F): a bar under the filter bar — what to look for (display filter,
// string in the packet list, string in the bytes, hex bytes), the text, Next / Previous and
// Cancel. The search runs off the GUI thread over a snapshot of the rows (gui/find_pass.cpp)
// and selects the frame it finds; the window stays responsive on big captures.
#pragma once

#include <QFuture>
#include <QToolBar>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>

#include "analyzer/packet_list/frame_search.hpp"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace pxescope::gui {

class PacketListModel;

class FindBar : public QToolBar {
  Q_OBJECT

 public:
  FindBar(QTableView* view, PacketListModel* model, std::function<bool(std::uint64_t)> select,
          QWidget* parent = nullptr);
  ~FindBar() override;

  void open();  // shows the bar, focus in the text
  // Starts a search from the current row; false (and the reason in message()) when the text
  // does not parse. The result comes as found() / notFound().
  bool find(bool backwards);
  void cancel();
  bool isSearching() const { return searching_; }
  void waitForSearch();  // tests

  void setKind(SearchKind kind);
  QLineEdit* textEdit() const { return text_; }
  QString message() const;

 signals:
  void found(std::uint64_t frame);
  void notFound();

 private:
  void finish(std::uint64_t generation, std::uint64_t frame);

  QTableView* view_;
  PacketListModel* model_;
  std::function<bool(std::uint64_t)> select_;
  QComboBox* kind_;
  QLineEdit* text_;
  QPushButton* cancel_button_;
  QLabel* message_;
  QFuture<void> job_;
  std::shared_ptr<std::atomic<bool>> cancel_;
  std::uint64_t generation_ = 0;
  bool searching_ = false;
};

}  // namespace pxescope::gui
