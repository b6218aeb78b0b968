// Analyze ▸ Expert Information: every dissector warning and linter finding of the capture
// file, as a tree severity ▸ code (count) ▸ "frame N: field: message". Computed off the GUI
// thread over the whole file (analyzer/expert), with progress and Cancel; double-clicking a
// finding selects its frame.
#pragma once

#include <QDialog>
#include <QFutureWatcher>
#include <atomic>
#include <cstdint>
#include <memory>

#include "analyzer/expert/expert_info.hpp"

class QLabel;
class QProgressBar;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace pxescope::gui {

class ExpertDialog : public QDialog {
  Q_OBJECT

 public:
  static constexpr int kFrameRole = Qt::UserRole + 1;  // a finding row's frame (0 on groups)

  ExpertDialog(const QString& path, QWidget* parent = nullptr);
  ~ExpertDialog() override;

  bool isReady() const { return ready_; }
  void waitForReport();  // tests
  void cancel();
  const ExpertReport& report() const { return report_; }
  QTreeWidget* tree() const { return tree_; }

 signals:
  void frameActivated(std::uint64_t frame);

 private:
  void onReport();
  void fill();

  QFutureWatcher<ExpertReport> watcher_;
  std::shared_ptr<std::atomic<bool>> cancel_ = std::make_shared<std::atomic<bool>>(false);
  ExpertReport report_;
  bool ready_ = false;
  QLabel* status_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QPushButton* cancel_button_ = nullptr;
  QTreeWidget* tree_ = nullptr;
};

}  // namespace pxescope::gui
